"""The last few raw lines a board sent, as staff read them in the D overlay.

Kept by the reader thread beside the decoder: what arrived on the wire, not what the
decoder made of it, so a wrong baud rate or a garbled line shows as the bytes it was.
Bounded in every way: a few lines, each cut to a width, the unfinished line too. Only the
tail of each chunk is looked at, so a fast sender costs a split of at most `keep` lines.
"""

from __future__ import annotations

from collections import deque

KEEP_LINES = 8
MAX_CHARS = 96   # a longer line is cut and ends in "…"


def shown(raw: bytes, width: int = MAX_CHARS) -> str:
    """`raw` as printable text: ASCII as is, every other byte as \\xNN; cut at `width`
    characters, ending in "…"."""
    if raw.isascii() and (text := raw.decode("ascii")).isprintable():  # the usual line
        pass
    else:
        text = "".join(chr(b) if 32 <= b < 127 else f"\\x{b:02x}" for b in raw[:width])
    return text[:width - 1] + "…" if len(text) > width or len(raw) > width else text


class RawTail:
    """Bytes in (any chunking), the last `keep` complete lines out. Not thread-safe: the
    owner locks (the serial source feeds it under its status lock)."""

    def __init__(self, keep: int = KEEP_LINES, width: int = MAX_CHARS) -> None:
        self.width = width
        self._lines: deque[bytes] = deque(maxlen=keep)
        self._partial = b""

    def feed(self, data: bytes) -> None:
        data = data.replace(b"\r", b"\n")  # \r\n, \n and a bare \r all end a line
        keep = self._lines.maxlen or 1
        parts = data.rsplit(b"\n", keep)
        if len(parts) == 1:  # no line ended in this chunk
            self._partial = (self._partial + data)[:self.width + 1]
            return
        head, *complete, partial = parts
        head = self._partial + head if b"\n" not in head else head.rpartition(b"\n")[2]
        self._partial = partial[:self.width + 1]
        for line in (head, *complete):
            if line:
                self._lines.append(line[:self.width + 1])

    def reset(self) -> None:
        """A new connection: an unfinished line from before is not one line with the next."""
        self._partial = b""

    def lines(self) -> tuple[str, ...]:
        return tuple(shown(line, self.width) for line in self._lines)
