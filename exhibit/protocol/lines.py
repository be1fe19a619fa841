"""The default line protocol: ``soil=512 light=230 temp=21.5`` — one frame per line.

Pairs are separated by spaces, commas or semicolons; ``:`` works for ``=`` (so the Arduino
Serial Plotter's ``label:value`` format decodes too). Lines end in ``\\n``, ``\\r\\n`` or a
bare ``\\r``. Lines starting with ``#`` are comments or status and never readings.

Decoders are plain objects fed bytes, like pyserial's `threaded.Packetizer`: partial chunks
and junk never raise, every reject is counted with a reason, and no buffer grows past
`max_line`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from exhibit.protocol.stats import DecoderStats
from exhibit.reading import Reading

_SEPARATORS = re.compile(r"[\s,;]+")
# Spaces around = or : join key and value ("temp: 21.5"), unless what follows is already the
# next pair ("hum= temp=21" keeps temp when hum's value is missing).
_AROUND_EQUALS = re.compile(r"\s*([=:])\s*(?![A-Za-z_][A-Za-z0-9_.\-]*\s*[=:])")
_PAIR = re.compile(r"^([A-Za-z_][A-Za-z0-9_.\-]*)\s*[=:]\s*(.*)$")


class LineFramer:
    """Splits a byte stream into lines; drops over-long lines up to the next line end."""

    def __init__(self, max_line: int, stats: DecoderStats) -> None:
        self.max_line = max_line
        self.stats = stats
        self._buffer = bytearray()
        self._discarding = False

    def feed(self, data: bytes) -> list[bytes]:
        self.stats.bytes += len(data)
        lines: list[bytes] = []
        start = 0
        for match in re.finditer(rb"\r\n|\r|\n", data):
            self._take(data[start:match.start()], lines, end=True)
            start = match.end()
        self._take(data[start:], lines, end=False)
        return lines

    def _take(self, piece: bytes, lines: list[bytes], end: bool) -> None:
        if not self._discarding:
            if len(self._buffer) + len(piece) > self.max_line:
                self._buffer.clear()
                self._discarding = True
                self.stats.reject("line_too_long")
            else:
                self._buffer += piece
        if end:
            if not self._discarding and self._buffer:
                lines.append(bytes(self._buffer))
            self._buffer.clear()
            self._discarding = False

    def reset(self) -> None:
        """Forget a partial line, e.g. after a reconnect (the board restarts mid-line)."""
        self._buffer.clear()
        self._discarding = False


def parse_number(text: str) -> float | None:
    """A finite float, or None for words, NaN and infinities."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class KeyValueDecoder:
    """Bytes in, `Reading`s out, for the ``key=value`` line protocol."""

    protocol = "lines"

    def __init__(self, keys: Mapping[str, str], max_line: int = 512) -> None:
        self.keys = dict(keys)  # protocol key -> sensor id
        self.stats = DecoderStats()
        self.framer = LineFramer(max_line, self.stats)

    def feed(self, data: bytes, t: float) -> list[Reading]:
        readings: list[Reading] = []
        for raw_line in self.framer.feed(data):
            readings.extend(self.decode_line(raw_line, t))
        return readings

    def reset(self) -> None:
        self.framer.reset()

    def decode_line(self, raw_line: bytes, t: float) -> list[Reading]:
        stats = self.stats
        text = raw_line.decode("utf-8", errors="replace").strip()
        if not text:
            return []
        stats.lines += 1
        stats.last_lines.append(text)
        if text.startswith("#"):
            return []
        readings = []
        for token in _SEPARATORS.split(_AROUND_EQUALS.sub(r"\1", text)):
            if not token:
                continue
            match = _PAIR.match(token)
            if match is None:
                stats.reject("not_a_pair")
                continue
            key, value_text = match.groups()
            sensor = self.keys.get(key)
            if sensor is None:
                stats.unknown(key)
                continue
            value = parse_number(value_text)
            if value is None:
                stats.reject("not_a_number")
                continue
            readings.append(Reading(sensor, value, t))
        if readings:
            stats.readings += len(readings)
        else:
            stats.reject("line_without_reading")
        return readings
