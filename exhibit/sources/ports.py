"""Finding the sensor model among the machine's serial ports.

A port is a candidate when its USB vendor (and product) id is in `device.usb_ids`. With one
candidate it is taken; with several, each is asked for its hello and the one that names our
model wins, so a second Arduino or a USB-serial adapter on the same machine is left alone.
A port pattern (`/dev/ttyACM*`, `/dev/serial/by-id/*`) makes every matching path a candidate
instead, USB ids or not (ptys, simulated boards), chosen the same way.
"""

from __future__ import annotations

import glob
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import serial
from serial.tools import list_ports

from exhibit.config import Device, UsbId
from exhibit.protocol import Decoder

log = logging.getLogger(__name__)

VENDOR_NAMES = {0x2341: "Arduino", 0x2A03: "Arduino", 0x1A86: "CH340", 0x10C4: "CP210x",
                0x0403: "FTDI"}
HELLO_REPEAT = 0.5  # seconds between hello queries while a freshly reset board boots
REPROBE_SECONDS = 15.0  # when no candidate answered, ask again only this often


@dataclass(frozen=True)
class PortInfo:
    device: str
    description: str = ""
    vid: int | None = None
    pid: int | None = None
    serial_number: str | None = None
    location: str | None = None

    def matches(self, usb_ids: Sequence[UsbId]) -> bool:
        return any(u.matches(self.vid, self.pid) for u in usb_ids)

    def same_board(self, other: PortInfo) -> bool:
        """The same physical board, wherever the kernel put it after a replug."""
        if self.serial_number and other.serial_number:
            return self.serial_number == other.serial_number and self.vid == other.vid
        return (self.vid, self.pid, self.location) == (other.vid, other.pid, other.location)

    def line(self, usb_ids: Sequence[UsbId]) -> str:
        ids = f"{self.vid:04x}:{self.pid:04x}" if self.vid is not None else "----:----"
        name = VENDOR_NAMES.get(self.vid or -1, "")
        mark = f"matches ({name or 'usb_ids'})" if self.matches(usb_ids) else "no match"
        serial_no = f" serial {self.serial_number}" if self.serial_number else ""
        return f"{self.device:<22} {ids}  {mark:<20} {self.description}{serial_no}"


def list_serial_ports() -> list[PortInfo]:
    return [PortInfo(p.device, p.description or "", p.vid, p.pid, p.serial_number,
                     p.location) for p in sorted(list_ports.comports(), key=lambda p: p.device)]


def is_pattern(port: str) -> bool:
    """A device path pattern such as /dev/ttyACM* (not a pyserial URL)."""
    return "://" not in port and any(c in port for c in "*?[")


def pattern_lister(pattern: str) -> Callable[[], list[PortInfo]]:
    """The paths matching `pattern`, sorted; each path is its own location, so after a
    replug the board on the same path is taken again."""
    def lister() -> list[PortInfo]:
        return [PortInfo(path, f"matches {pattern}", location=path)
                for path in sorted(glob.glob(pattern))]
    return lister


def probe_hello(url: str, device: Device, make_decoder: Callable[[], Decoder]) -> str | None:
    """Open `url`, ask who is there, return the model named in the hello (or None)."""
    decoder = make_decoder()
    deadline = time.monotonic() + device.hello_timeout
    try:
        port = serial.serial_for_url(url, baudrate=device.baud, timeout=0.1)
    except (serial.SerialException, OSError, ValueError) as exc:
        log.info("probe %s: cannot open (%s)", url, exc)
        return None
    try:
        decoder.reset()
        next_query = 0.0
        while time.monotonic() < deadline:
            now = time.monotonic()
            if now >= next_query:  # a board that resets on open misses the first query
                port.write(decoder.on_open())
                next_query = now + HELLO_REPEAT
            decoder.feed(port.read(port.in_waiting or 1), now)
            if decoder.hello is not None:
                return decoder.hello.model
    except (serial.SerialException, OSError) as exc:
        log.info("probe %s: lost (%s)", url, exc)
    finally:
        port.close()
    return None


def is_our_model(answer: str | None, device: Device) -> bool:
    return answer is not None and answer.lower().startswith(device.model.lower())


def choose_board(candidates: Sequence[PortInfo], device: Device,
                 make_decoder: Callable[[], Decoder]) -> PortInfo | None:
    """One candidate: take it. Several: the first whose hello names our model."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    answers = {}
    for port in candidates:
        answers[port.device] = answer = probe_hello(port.device, device, make_decoder)
        if is_our_model(answer, device):
            log.info("auto: %s answers as %s; chosen", port.device, answer)
            return port
    log.warning("auto: no candidate answered as %r (%s); none chosen", device.model, answers)
    return None


class AutoLocator:
    """Finds the board on each (re)connect; after a replug the same board by its USB
    serial number, wherever the kernel put it. `by_usb_ids=False`: every port the lister
    gives is a candidate (a port pattern's paths)."""

    def __init__(self, device: Device, make_decoder: Callable[[], Decoder],
                 lister: Callable[[], list[PortInfo]] = list_serial_ports,
                 by_usb_ids: bool = True) -> None:
        self.device = device
        self.make_decoder = make_decoder
        self.lister = lister
        self.by_usb_ids = by_usb_ids
        self.board: PortInfo | None = None
        self._unanswered: tuple[list[str], float] | None = None  # candidates, when asked

    def __call__(self) -> str | None:
        candidates = [p for p in self.lister()
                      if not self.by_usb_ids or p.matches(self.device.usb_ids)]
        if self.board is not None:
            for port in candidates:
                if port.same_board(self.board):
                    return port.device
            return None  # wait for our board rather than take another one
        names = [p.device for p in candidates]
        if self._unanswered and self._unanswered[0] == names and \
                time.monotonic() - self._unanswered[1] < REPROBE_SECONDS:
            return None  # opening them again would only reset those boards once more
        self.board = choose_board(candidates, self.device, self.make_decoder)
        self._unanswered = None if self.board else (names, time.monotonic())
        return self.board.device if self.board else None

    def __str__(self) -> str:
        return self.board.device if self.board else "auto"
