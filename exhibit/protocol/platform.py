"""Messages from a data platform (MQTT): (topic, payload) in, `Reading`s out.

What `--port mqtt://host[:port]/<prefix>` receives, decoded as a pure object like the serial
decoders (no client, no thread, no socket: `exhibit.sources.mqtt_source` owns those):

- ``<prefix>/<sensor>`` — one topic per sensor id of the config. The payload is a bare
  number (``21.5``) or a JSON object with a numeric ``"value"`` (what an exhibit's own
  publisher writes: ``{"value": 21.5, "unit": "°C", …, "source": "exhibit-model"}``);
- ``v1.1/Datastreams(<id>)/Observations`` (with or without ``<prefix>/`` before it) — an
  OGC SensorThings Observation (FROST and many urban data platforms): a JSON object with a
  numeric ``"result"``; the datastream id is mapped back to a sensor by
  ``device.datastreams`` in exhibit.yaml.

Values from a platform are already in units. A `Reading` carries raw counts, which the hub
calibrates; so each value is turned back into the sensor's raw counts with the inverse of
its calibration (`to_raw`, as the simulator does) and the hub's calibration gives the value
back. Nothing downstream changes: signals, touches, levels, the recorder (whose ``raw`` is
then the equivalent count) all work as for a board.

Per message, a reject names what went wrong: ``not_a_number`` (no number where one belongs,
or NaN/Infinity), ``invalid_json`` (a payload starting with ``{`` that does not parse),
``too_large`` (beyond `MAX_PAYLOAD`), ``simulated`` (another exhibit's publisher marks values
its simulator made while its model was away: ``"simulated": true`` — mirrored, they would
pass for live data). A numeric message on a topic no sensor is mapped to is
listed as an unknown key (the topic below the prefix, or ``Datastreams(<id>)``); anything
else on such a topic (an ``online``/``offline`` status, discovery) is ignored silently.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping

from exhibit.protocol.stats import DecoderStats
from exhibit.reading import Reading
from exhibit.reading import new_tuple as _new

MAX_PAYLOAD = 4096
OBSERVATIONS = re.compile(r"(?:^|/)v1\.1/Datastreams\(('?)([^()']+)\1\)/Observations$")
_JSON = json.JSONDecoder(parse_int=float)
_MISSING = object()


def observations_topic(datastream: str) -> str:
    """Where a platform publishes the Observations of `datastream` (FROST's topic)."""
    quoted = datastream if datastream.isdigit() else f"'{datastream}'"
    return f"v1.1/Datastreams({quoted})/Observations"


class PlatformDecoder:
    """(topic, payload) → readings; counts what it rejects. Owned by the MQTT thread."""

    protocol = "mqtt"
    hello = None

    def __init__(self, prefix: str, to_raw: Mapping[str, Callable[[float], float]],
                 datastreams: Mapping[str, str] | None = None) -> None:
        self.prefix = prefix.strip("/")
        self._below = self.prefix + "/"
        self.to_raw = dict(to_raw)              # sensor id -> value-to-raw-counts
        self.datastreams = dict(datastreams or {})  # datastream id -> sensor id
        self.stats = DecoderStats()

    def topics(self) -> list[str]:
        """What to subscribe to: the prefix's tree and each mapped datastream."""
        return [f"{self.prefix}/#"] + [observations_topic(d) for d in self.datastreams]

    def reset(self) -> None:
        """Messages are whole: nothing partial to forget on a reconnect."""

    def feed(self, topic: str, payload: bytes, t: float) -> list[Reading]:
        stats = self.stats
        stats.bytes += len(payload)
        stats.lines += 1
        stats.last_lines.append(f"{topic} {payload[:80]!r}")
        match = OBSERVATIONS.search(topic)
        if match:
            datastream = match.group(2)
            sensor = self.datastreams.get(datastream)
            field, unknown = "result", f"Datastreams({datastream})"
        else:
            name = topic.removeprefix(self._below)
            sensor = name if name in self.to_raw else None
            field, unknown = "value", name
        value = self._number(payload, field, sensor is not None)
        if value is None:
            return []
        if sensor is None:
            stats.unknown(unknown)
            return []
        try:
            raw = self.to_raw[sensor](value)
        except (ValueError, ArithmeticError):
            stats.reject("not_a_number")
            return []
        stats.readings += 1
        return [_new(Reading, (sensor, raw, t, False))]

    def _number(self, payload: bytes, field: str, mapped: bool) -> float | None:
        """The message's number, or None (a reject counted if the topic is mapped)."""
        if len(payload) > MAX_PAYLOAD:
            return self._reject("too_large", mapped)
        try:
            text = payload.decode("utf-8").strip()
        except UnicodeDecodeError:
            return self._reject("not_a_number", mapped)
        value: object = _MISSING
        if text.startswith("{"):
            try:
                doc = _JSON.decode(text)
            except (ValueError, RecursionError):
                return self._reject("invalid_json", mapped)
            value = doc.get(field, _MISSING) if type(doc) is dict else _MISSING
            if type(doc) is dict and doc.get("simulated") is True:
                return self._reject("simulated", mapped)  # the sender's simulator stood in
        else:
            try:
                value = float(text)
            except ValueError:
                pass
        if type(value) is not float or not math.isfinite(value):
            return self._reject("not_a_number", mapped)
        return value

    def _reject(self, reason: str, mapped: bool) -> None:
        if mapped:
            self.stats.reject(reason)
        return None
