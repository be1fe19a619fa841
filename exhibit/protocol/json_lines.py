"""The `json` protocol: one JSON object per line, ``{"light": 512, "env": {"temp": 21.5}}``.

What ArduinoJson's ``serializeJson(doc, Serial); Serial.println();`` sends. Sources are keys;
a nested value is addressed by its dotted path (``env.temp``), down to `MAX_DEPTH` levels.

Only JSON numbers are readings. A string such as ``"21.5"`` is rejected as ``not_a_number``
like ``true``, ``null``, a list or an object: a board that quotes its numbers has a bug staff
should see, and guessing would hide it. ``NaN`` and ``Infinity`` (which some serializers
print for a broken sensor) and ``1e999`` parse to non-finite floats and are rejected one
value at a time rather than failing the whole line, so the line's other values still count.

Per line, a reject reason names what went wrong: ``invalid_json``, ``not_an_object`` (an
array or a bare value), ``not_a_number``, ``too_deep``; unmapped numeric values are listed
as unknown keys by their dotted path. Unmapped strings, booleans and lists (a board name, a
status flag) are ignored silently: they are no sensor the config could have meant.

Framing, comments, the hello and the cut-off first line are handled by `TextDecoder`.
"""

from __future__ import annotations

import json
import math

from exhibit.protocol.text import TextDecoder
from exhibit.reading import Reading
from exhibit.reading import new_tuple as _new

MAX_DEPTH = 8  # levels of objects walked, the line's own object being level 1

_INVALID = object()  # what `_load` returns for text that is no JSON
# Integers come out as floats: readings are floats anyway, and `float` turns a 5000-digit
# integer into inf (rejected as a value) where `int` would refuse the whole line. One decoder
# for all lines: `json.loads` with an argument builds a new one per call.
_JSON = json.JSONDecoder(parse_int=float)


def _load(text: str) -> object:
    """The parsed JSON value of a stripped line, or `_INVALID`."""
    try:
        value, end = _JSON.raw_decode(text)  # raw_decode: the line is stripped already
    except (ValueError, RecursionError):  # RecursionError: ``[[[[…`` with a huge max_line
        return _INVALID
    return value if end == len(text) else _INVALID


class JsonDecoder(TextDecoder):
    """Bytes in, `Reading`s out, for one JSON object per line."""

    protocol = "json"

    def looks_cut_off(self, text: str) -> bool:
        """A tail end of an object line never parses as an object: it starts inside a key or
        value, or at a nested ``{`` whose object is followed by the outer ``}``."""
        return not text.startswith("{") or type(_load(text)) is not dict

    def decode_text(self, text: str, t: float) -> list[Reading]:
        doc = _load(text)
        if doc is _INVALID:
            self.stats.reject("invalid_json")
            return []
        if type(doc) is not dict:
            self.stats.reject("not_an_object")
            return []
        readings: list[Reading] = []
        self._walk(doc, "", 1, t, readings)
        return readings

    def _walk(self, obj: dict, prefix: str, depth: int, t: float,
              readings: list[Reading]) -> None:
        sources, stats = self.sources, self.stats
        for key, value in obj.items():
            path = prefix + key
            sensor = sources.get(path)
            if sensor is not None:
                # parse_int=float: every JSON number is a float; True is no float.
                if type(value) is float and math.isfinite(value):
                    readings.append(_new(Reading, (sensor, value, t, False)))
                else:
                    stats.reject("not_a_number")
            elif type(value) is dict:
                if depth < MAX_DEPTH:
                    self._walk(value, path + ".", depth + 1, t, readings)
                else:
                    stats.reject("too_deep")
            elif type(value) is float:
                stats.unknown(path)
