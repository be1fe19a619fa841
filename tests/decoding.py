"""Helpers the decoder tests share: readings as pairs, and feeding a stream byte by byte."""

from __future__ import annotations

from collections.abc import Callable

from exhibit.protocol import Decoder
from exhibit.reading import Reading


def pairs(readings: list[Reading]) -> list[tuple[str, float]]:
    return [(r.sensor, r.raw) for r in readings]


def assert_bytewise_like_whole(make: Callable[[], Decoder], stream: bytes, t: float = 1.0
                               ) -> list[Reading]:
    """Feeding `stream` one byte at a time must give the same readings and stats as feeding
    it whole: a board's bytes arrive in any chunking. Returns the readings."""
    whole = make()
    expected = whole.feed(stream, t)
    split = make()
    got = [r for i in range(len(stream)) for r in split.feed(stream[i:i + 1], t)]
    assert got == expected
    assert split.stats.snapshot() == whole.stats.snapshot()
    return expected
