"""Decoders: bytes from a source in, `Reading`s out. Chosen by name from `device.protocol`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from exhibit.protocol.lines import KeyValueDecoder
from exhibit.protocol.stats import DecoderStats
from exhibit.reading import Reading


class Decoder(Protocol):
    protocol: str
    stats: DecoderStats

    def feed(self, data: bytes, t: float) -> list[Reading]: ...

    def reset(self) -> None: ...


DECODERS = {"lines": KeyValueDecoder}


def make_decoder(protocol: str, keys: Mapping[str, str], max_line: int) -> Decoder:
    """A fresh decoder for `protocol`; `keys` maps each protocol key to a sensor id."""
    return DECODERS[protocol](keys, max_line)
