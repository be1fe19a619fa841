"""What every line-based protocol shares: framing, comments, the hello, the first line.

A subclass only turns one line of text into readings (`decode_text`). This base class
- splits bytes into lines with a length cap (`LineFramer`);
- treats lines starting with ``#`` as comments or status, never readings, and keeps the
  board's ``#hello <model> <version> sensors=<id,id,…>`` answer in `hello`;
- after `reset()` (a fresh connection) drops the first line if it looks cut off: pyserial
  discards what was buffered when the port opened, so the first bytes may start mid-line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from exhibit.protocol.stats import DecoderStats
from exhibit.reading import Reading

HELLO_QUERY = b"?\n"
_LINE_END = re.compile(rb"\r\n|\r|\n")


@dataclass(frozen=True)
class Hello:
    """A board's answer to ``?``: which model, which firmware, which sensors."""

    model: str
    version: str
    sensors: tuple[str, ...] = ()


def parse_hello(text: str) -> Hello | None:
    """``#hello sensorik-stadt 1.2 sensors=light,soil`` → `Hello`; anything else → None."""
    parts = text.lstrip("#").split()
    if len(parts) < 3 or parts[0].lower() != "hello":
        return None
    sensors: tuple[str, ...] = ()
    for part in parts[3:]:
        if part.startswith("sensors="):
            sensors = tuple(s for s in part[len("sensors="):].split(",") if s)
    return Hello(parts[1], parts[2], sensors)


def parse_number(text: str) -> float | None:
    """A finite float, or None for words, NaN and infinities. Plain ASCII only: float()
    also takes 1_5 and non-ASCII digits, which a garbled line must not turn into a value."""
    if "_" in text or not text.isascii():
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


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
        for match in _LINE_END.finditer(data):
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


class TextDecoder:
    """Base of the line protocols; subclasses implement `decode_text` (and may refine
    `looks_cut_off`)."""

    protocol = "text"
    stats_class: type[DecoderStats] = DecoderStats

    def __init__(self, sources: Mapping[str, str], max_line: int = 512) -> None:
        self.sources = dict(sources)  # where a value comes from (key, column, …) -> sensor id
        self.stats = self.stats_class()
        self.framer = LineFramer(max_line, self.stats)
        self.hello: Hello | None = None
        self._fresh = False  # True right after reset(): the next line may be cut off

    # --- the decoder interface ---------------------------------------------------------
    def feed(self, data: bytes, t: float) -> list[Reading]:
        readings: list[Reading] = []
        for raw_line in self.framer.feed(data):
            readings.extend(self.decode_line(raw_line, t))
        return readings

    def reset(self) -> None:
        """A new connection: forget partial input; the first line may start mid-line."""
        self.framer.reset()
        self._fresh = True

    def on_open(self) -> bytes:
        """Bytes to send right after the port opens: ask the board who it is."""
        return HELLO_QUERY

    def keepalive(self) -> bytes:
        return b""

    # --- lines -------------------------------------------------------------------------
    def decode_line(self, raw_line: bytes, t: float) -> list[Reading]:
        text = self.clean(raw_line.decode("utf-8", errors="replace"))
        if not text:
            return []
        stats = self.stats
        stats.lines += 1
        stats.last_lines.append(text)
        fresh, self._fresh = self._fresh, False
        if text.lstrip().startswith("#"):
            hello = parse_hello(text.lstrip())
            if hello is not None:
                self.hello = hello
            return []
        readings = self.decode_first(text, t) if fresh else self.decode_text(text, t)
        if readings is None:  # handled, and neither a reading nor a reject (e.g. a header)
            return []
        if readings:
            stats.readings += len(readings)
        else:
            stats.reject("line_without_reading")
        return readings

    # --- hooks for the protocols -------------------------------------------------------
    def clean(self, text: str) -> str:
        """The line without the whitespace around it."""
        return text.strip()

    def decode_first(self, text: str, t: float) -> list[Reading] | None:
        """The first line after connecting: dropped when it is the tail end of a line."""
        if self.looks_cut_off(text):
            self.stats.reject("cut_off_first_line")
            return None
        return self.decode_text(text, t)

    def looks_cut_off(self, text: str) -> bool:
        """Whether the first line after connecting is the tail end of a line."""
        return False

    def decode_text(self, text: str, t: float) -> list[Reading] | None:
        """One line's readings; None for a line that is handled but holds none."""
        raise NotImplementedError
