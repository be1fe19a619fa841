"""A data platform as the source: `--port mqtt://host[:port]/<prefix>` (or `mqtts://`).

Subscribes to ``<prefix>/#`` (a topic per sensor) and to the SensorThings Observations of
each datastream in ``device.datastreams``; `exhibit.protocol.platform.PlatformDecoder` turns
messages into readings. paho-mqtt (requirements-platform.txt) is imported here only, and
only when such a source starts, so the show runs without it otherwise.

paho's own network thread (`connect_async` + `loop_start`) connects, reconnects with
backoff (`RECONNECT_MIN`…`RECONNECT_MAX` s) and calls back; this source only keeps the
state for the status, decodes and enqueues. A broker that is down at start is retried like a
board not plugged in; the frame loop never waits for any of it.

Secrets only from the environment, never from the URL, the config or a log line:
``SENSORIK_MQTT_USERNAME``, ``SENSORIK_MQTT_PASSWORD``; ``SENSORIK_MQTT_CAFILE`` names a CA
file for ``mqtts://`` (default: the system's CAs).
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from exhibit.brokerprobe import LOGIN_REFUSED, why_unreachable
from exhibit.protocol.platform import PlatformDecoder
from exhibit.publishconfig import PASSWORD_ENV, SCHEMES, USERNAME_ENV
from exhibit.sources.base import Source
from exhibit.status import CONNECTED, CONNECTING, DISCONNECTED, LIVE, SourceStatus

log = logging.getLogger(__name__)

RECONNECT_MIN, RECONNECT_MAX = 1, 4
KEEPALIVE = 15
ENV_USER, ENV_PASSWORD = USERNAME_ENV, PASSWORD_ENV  # the publisher's too: one login each
ENV_CAFILE = "SENSORIK_MQTT_CAFILE"
INSTALL = ".venv/bin/pip install -r requirements-platform.txt"
EXAMPLE = "mqtt://broker.example:1883/sensorik/room1"


@dataclass(frozen=True)
class PlatformUrl:
    tls: bool
    host: str
    port: int
    prefix: str

    def __str__(self) -> str:
        return f"{'mqtts' if self.tls else 'mqtt'}://{self.host}:{self.port}/{self.prefix}"


def is_platform_url(port: str) -> bool:
    return port.split("://", 1)[0].lower() in SCHEMES and "://" in port


def parse_platform_url(port: str) -> PlatformUrl:
    """The broker and prefix of `port`; `ValueError` with a line for the user otherwise."""
    try:
        parts = urlsplit(port)
        host, number = parts.hostname, parts.port
    except ValueError:
        raise ValueError(f"{port!r}: the TCP port must be a number from 1 to 65535; write "
                         f"it as {EXAMPLE}") from None
    scheme = parts.scheme.lower()
    if parts.username is not None or parts.password is not None:
        shown = f"{parts.scheme}://…@{parts.netloc.rpartition('@')[2]}{parts.path}"
        raise ValueError(f"{shown!r}: no user or password in the address (it would be "
                         f"logged); set {ENV_USER} and {ENV_PASSWORD} in the environment")
    if not host:
        raise ValueError(f"{port!r}: the broker's host is missing; write it as {EXAMPLE}")
    prefix = parts.path.strip("/")
    if not prefix:
        raise ValueError(f"{port!r}: the topic prefix is missing (the exhibit's topics "
                         f"<prefix>/<sensor>); write it as {EXAMPLE}")
    if any(c in prefix for c in "#+") or parts.query or parts.fragment:
        raise ValueError(f"{port!r}: the topic prefix may not contain # + ? or wildcards; "
                         f"write it as {EXAMPLE}")
    return PlatformUrl(scheme == "mqtts", host, number or SCHEMES[scheme][0], prefix)


def paho_missing() -> str | None:
    """Why an MQTT source cannot start here (paho-mqtt not installed), or None."""
    try:
        import paho.mqtt.client  # noqa: F401
    except ImportError:
        return f"a data platform (mqtt://) needs paho-mqtt; install it with: {INSTALL}"
    return None


class MqttSource(Source):
    """Readings from a broker's topics; state, reconnects and rejects in its status."""

    kind = LIVE

    def __init__(self, url: PlatformUrl, to_raw: Mapping, datastreams: Mapping[str, str],
                 environ: Mapping[str, str] | None = None) -> None:
        super().__init__(str(url))
        self.url = url
        self.decoder = PlatformDecoder(url.prefix, to_raw, datastreams)
        self._env = os.environ if environ is None else environ
        self._lock = threading.Lock()
        self._state, self._detail = CONNECTING, ""
        self._reconnects = self._connections = 0
        self._client = None
        self._refused: str | None = None  # why the broker said no, until it says yes
        self._said: str | None = None  # the last problem logged (said once, not per retry)

    def status(self) -> SourceStatus:
        with self._lock:
            stats = self.decoder.stats.snapshot()
            stats["hello"] = ""
            recent = tuple(self.decoder.stats.last_lines)[-8:]
            return SourceStatus(LIVE, self.name, self._state, self._detail, self._reconnects,
                                stats, recent=recent, platform=True)

    def _set(self, state: str, detail: str = "") -> None:
        with self._lock:
            self._state, self._detail = state, detail
        if detail and detail != self._said:
            self._said = detail
            log.warning("platform %s: %s; retrying by itself", self.name, detail)

    def _run(self) -> None:
        from paho.mqtt.client import CallbackAPIVersion, Client

        client = Client(CallbackAPIVersion.VERSION2,
                        client_id=f"sensorik-view-{uuid.uuid4().hex[:8]}")
        user = self._env.get(ENV_USER)
        if user:
            client.username_pw_set(user, self._env.get(ENV_PASSWORD))
        if self.url.tls:
            try:
                client.tls_set(ca_certs=self._env.get(ENV_CAFILE) or None)
            except (OSError, ValueError) as exc:
                self._set(DISCONNECTED, f"TLS set-up failed ({exc}); check {ENV_CAFILE}")
                return
        client.reconnect_delay_set(RECONNECT_MIN, RECONNECT_MAX)
        client.on_connect = self._on_connect
        client.on_connect_fail = self._on_connect_fail
        client.on_disconnect = self._on_disconnect
        client.on_subscribe = self._on_subscribe
        client.on_message = self._on_message
        self._client = client
        client.connect_async(self.url.host, self.url.port, keepalive=KEEPALIVE)
        client.loop_start()
        self._stop.wait()
        client.disconnect()
        client.loop_stop()

    # paho's network thread calls these ------------------------------------------------
    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            hint = f" (check {ENV_USER} / {ENV_PASSWORD})" \
                if reason_code.value in LOGIN_REFUSED else ""
            self._refused = f"the broker refused: {reason_code}{hint}"
            self._set(DISCONNECTED if self._connections else CONNECTING, self._refused)
            return
        self._refused = None
        client.subscribe([(topic, 1) for topic in self.decoder.topics()])
        with self._lock:  # connected once the broker acknowledged the subscription
            if self._connections:
                self._reconnects += 1
            self._connections += 1

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties) -> None:
        refused = [str(code) for code in reason_codes if code.is_failure]
        if refused:  # an ACL that does not let this exhibit read the prefix
            self._set(DISCONNECTED, f"the broker refused the subscription: "
                      f"{', '.join(refused)} (check the ACL for {self.url.prefix}/#)")
            return
        self._said = None
        self._set(CONNECTED)
        log.info("platform %s: subscribed to %s", self.name, ", ".join(self.decoder.topics()))

    def _on_connect_fail(self, client, userdata) -> None:
        kind, reason = why_unreachable(self.url.host, self.url.port, self.url.tls,
                                       self._env.get(ENV_CAFILE) or None)
        if kind == "tls" and "not trusted" in reason:
            reason += f"; set {ENV_CAFILE} to the CA that signed it"
        self._set(DISCONNECTED if self._connections else CONNECTING,
                  f"cannot reach the broker: {reason or 'the connection failed'}")

    def _on_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        if not self._stop.is_set():  # a refusal stays what staff read, not its hang-up
            self._set(DISCONNECTED if self._connections else CONNECTING,
                      self._refused or f"connection lost ({reason_code})")

    def _on_message(self, client, userdata, message) -> None:
        now = time.monotonic()
        with self._lock:
            readings = self.decoder.feed(message.topic, message.payload, now)
        if readings and self._queue is not None:
            self._queue.put_many(readings)
