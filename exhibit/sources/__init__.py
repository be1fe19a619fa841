"""Choosing a source from a port spec: `sim`, `auto`, a device path or any pyserial URL.

This package is the only place that imports pyserial.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from serial.tools import list_ports

from exhibit.config import ExhibitConfig
from exhibit.protocol import make_decoder
from exhibit.sources.base import (
    CONNECTED,
    DISCONNECTED,
    LIVE,
    REPLAY,
    SIMULATION,
    ReadingQueue,
    Source,
    SourceStatus,
)
from exhibit.sources.serial_source import SerialSource
from exhibit.sources.simulator import SimulatorSource

log = logging.getLogger(__name__)

# USB vendor ids of boards and USB-serial chips a sensor model is built on.
KNOWN_VENDORS = {
    0x2341: "Arduino", 0x2A03: "Arduino (.org)", 0x1A86: "CH340", 0x10C4: "CP210x",
    0x0403: "FTDI",
}


@dataclass(frozen=True)
class PortInfo:
    device: str
    description: str
    vid: int | None
    pid: int | None
    serial_number: str | None

    @property
    def matches(self) -> bool:
        return self.vid in KNOWN_VENDORS

    def line(self) -> str:
        ids = f"{self.vid:04x}:{self.pid:04x}" if self.vid is not None else "----:----"
        mark = f"sensor model? yes ({KNOWN_VENDORS[self.vid]})" if self.matches else \
            "sensor model? no"
        return f"{self.device:<22} {ids}  {mark:<32} {self.description}"


def list_serial_ports() -> list[PortInfo]:
    return [PortInfo(p.device, p.description or "", p.vid, p.pid, p.serial_number)
            for p in sorted(list_ports.comports(), key=lambda p: p.device)]


def find_board() -> str | None:
    """The first port whose USB vendor id belongs to a known board, if any."""
    for port in list_serial_ports():
        if port.matches:
            return port.device
    return None


def open_source(port: str, config: ExhibitConfig, baud: int | None = None,
                seed: int | None = None) -> Source:
    """A started-later `Source` for `port` (`sim`, `auto`, a path or a pyserial URL)."""
    if port == "auto":
        found = find_board()
        if found is None:
            log.info("no sensor model found; starting the simulator")
            return SimulatorSource(config.sensors, seed=seed)
        port = found
    if port == "sim":
        return SimulatorSource(config.sensors, seed=seed)
    keys = {s.key: s.id for s in config.sensors.values()}
    decoder = make_decoder(config.device.protocol, keys, config.device.max_line)
    return SerialSource(port, baud or config.device.baud, decoder)


__all__ = ["CONNECTED", "DISCONNECTED", "LIVE", "REPLAY", "SIMULATION", "PortInfo",
           "ReadingQueue", "SerialSource", "SimulatorSource", "Source", "SourceStatus",
           "find_board", "list_serial_ports", "open_source"]
