"""Decoders: bytes from a source in, `Reading`s out. Chosen by name from `device.protocol`.

Every decoder is a plain object owned by one reader thread:
- `feed(data, t)` takes any chunk of bytes (partial frames, junk) and never raises;
  `t` is the arrival time the readings carry;
- `reset()` is called on every (re)connect: forget partial input;
- `on_open()` returns bytes to send right after the port opens (the hello query, or
  Firmata's set-up), `keepalive()` bytes to send when the link is quiet;
- `stats` counts bytes, lines, readings and rejects by reason; `hello` is what the board
  said about itself, if anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from exhibit.protocol.csv_lines import CsvDecoder
from exhibit.protocol.firmata import FirmataDecoder
from exhibit.protocol.json_lines import JsonDecoder
from exhibit.protocol.lines import KeyValueDecoder
from exhibit.protocol.stats import DecoderStats
from exhibit.protocol.text import Hello
from exhibit.reading import Reading


class Decoder(Protocol):
    protocol: str
    stats: DecoderStats
    hello: Hello | None

    def feed(self, data: bytes, t: float) -> list[Reading]: ...

    def reset(self) -> None: ...

    def on_open(self) -> bytes: ...

    def keepalive(self) -> bytes: ...


DECODERS: dict[str, Callable[[Mapping[str, str], int], Decoder]] = {
    "lines": KeyValueDecoder, "json": JsonDecoder, "csv": CsvDecoder,
    "firmata": FirmataDecoder}


def make_decoder(protocol: str, sources: Mapping[str, str], max_line: int) -> Decoder:
    """A fresh decoder for `protocol`; `sources` maps where a value comes from (a key, a
    CSV column, a Firmata pin) to a sensor id."""
    return DECODERS[protocol](sources, max_line)
