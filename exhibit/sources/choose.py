"""Choosing a source: `sim`, `auto`, a device path or any pyserial URL.

A live board always comes with the simulator standing in while it is away (see `standin`).
A recording is opened by `replay.ReplaySource` instead.
"""

from __future__ import annotations

from dataclasses import replace

from exhibit.config import ExhibitConfig
from exhibit.protocol import Decoder, make_decoder
from exhibit.sources.base import Source
from exhibit.sources.ports import AutoLocator
from exhibit.sources.serial_source import SerialSource
from exhibit.sources.simulator import SimulatorSource
from exhibit.sources.standin import LiveWithStandIn


def decoder_for(config: ExhibitConfig) -> Decoder:
    return make_decoder(config.device.protocol, config.sources(), config.device.max_line)


def open_source(port: str, config: ExhibitConfig, baud: int | None = None,
                seed: int | None = None) -> Source:
    """A not yet started `Source` for `port`: `sim`, `auto`, a path or a pyserial URL."""
    if port == "sim":
        return SimulatorSource(config.sensors, seed=seed)
    device = replace(config.device, baud=baud) if baud else config.device
    if port == "auto":
        locate = AutoLocator(device, lambda: decoder_for(config))
        live = SerialSource(locate, device, decoder_for(config))
    else:
        live = SerialSource(port, device, decoder_for(config))
    return LiveWithStandIn(live, SimulatorSource(config.sensors, seed=seed))
