"""The default line protocol: ``soil=512 light=230 temp=21.5`` — one frame per line.

Pairs are separated by spaces, commas or semicolons; ``:`` works for ``=`` (so the Arduino
Serial Plotter's ``label:value`` format decodes too). Lines end in ``\\n``, ``\\r\\n`` or a
bare ``\\r``. Lines starting with ``#`` are comments or status and never readings.

Framing, comments, the hello and the cut-off first line are handled by `TextDecoder`.
"""

from __future__ import annotations

import re

from exhibit.protocol.text import TextDecoder, parse_number
from exhibit.reading import Reading

_SEPARATORS = re.compile(r"[\s,;]+")
# Spaces around = or : join key and value ("temp: 21.5"), unless what follows is already the
# next pair ("hum= temp=21" keeps temp when hum's value is missing).
_AROUND_EQUALS = re.compile(r"\s*([=:])\s*(?![A-Za-z_][A-Za-z0-9_.\-]*\s*[=:])")
_PAIR = re.compile(r"^([A-Za-z_][A-Za-z0-9_.\-]*)\s*[=:]\s*(.*)$")


class KeyValueDecoder(TextDecoder):
    """Bytes in, `Reading`s out, for the ``key=value`` line protocol."""

    protocol = "lines"

    def looks_cut_off(self, text: str) -> bool:
        """A tail end starts inside a key or a value: its first token is no known pair."""
        first = _SEPARATORS.split(_AROUND_EQUALS.sub(r"\1", text), maxsplit=1)[0]
        match = _PAIR.match(first)
        return match is None or match.group(1) not in self.sources

    def decode_text(self, text: str, t: float) -> list[Reading]:
        stats = self.stats
        readings = []
        for token in _SEPARATORS.split(_AROUND_EQUALS.sub(r"\1", text)):
            if not token:
                continue
            match = _PAIR.match(token)
            if match is None:
                stats.reject("not_a_pair")
                continue
            key, value_text = match.groups()
            sensor = self.sources.get(key)
            if sensor is None:
                stats.unknown(key)
                continue
            value = parse_number(value_text)
            if value is None:
                stats.reject("not_a_number")
                continue
            readings.append(Reading(sensor, value, t))
        return readings
