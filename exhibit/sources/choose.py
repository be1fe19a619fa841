"""Choosing a source: `sim`, `auto`, a device path, a path pattern, any pyserial URL or a
data platform (`mqtt://host[:port]/<prefix>`, `mqtts://…`: `mqtt_source`).

A live board always comes with the simulator standing in while it is away (see `standin`).
A recording is opened by `replay.ReplaySource` instead.
"""

from __future__ import annotations

import importlib.util
import os
import pkgutil
import stat
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlsplit

import serial

from exhibit.config import ExhibitConfig
from exhibit.protocol import Decoder, make_decoder
from exhibit.sources.base import Source
from exhibit.sources.mqtt_source import (
    SCHEMES as PLATFORM_SCHEMES,
    MqttSource,
    is_platform_url,
    paho_missing,
    parse_platform_url,
)
from exhibit.sources.ports import AutoLocator, is_pattern, list_serial_ports, pattern_lister
from exhibit.sources.serial_source import SerialSource
from exhibit.sources.simulator import SimulatorSource
from exhibit.sources.standin import LiveWithStandIn


NETWORK_SCHEMES = ("socket", "rfc2217")


def url_schemes() -> list[str]:
    """The URL schemes this pyserial opens (`serial_for_url`: protocol_<scheme> modules)."""
    schemes = set()
    for package in serial.protocol_handler_packages:
        spec = importlib.util.find_spec(package)
        for locations in (spec.submodule_search_locations if spec else None) or ():
            schemes.update(m.name.removeprefix("protocol_")
                           for m in pkgutil.iter_modules([locations])
                           if m.name.startswith("protocol_"))
    return sorted(schemes)


def port_problem(port: str) -> str | None:
    """What makes `port` one that can never open (None: it may, now or once plugged in).

    Caught at start, not retried forever: an unknown URL scheme, a network address without
    host or with a port outside 1..65535, a path that exists but is no character device. A
    device path that does not exist yet is fine: the board may not be plugged in."""
    if port in ("sim", "auto"):
        return None
    if is_platform_url(port):  # a data platform: the broker's address and a topic prefix
        try:
            parse_platform_url(port)
        except ValueError as exc:
            return str(exc)
        return paho_missing()
    if "://" in port:
        scheme = port.split("://", 1)[0].lower()
        schemes = url_schemes()
        if scheme not in schemes:
            return (f"{port!r}: pyserial knows no URL scheme {scheme + '://'!r}; use one of "
                    f"{', '.join(s + '://' for s in schemes)}, a data platform's "
                    f"{' or '.join(s + '://host/<prefix>' for s in PLATFORM_SCHEMES)}, a "
                    "device path like /dev/ttyACM0, 'auto' or 'sim'")
        if scheme in NETWORK_SCHEMES:
            example = f"{scheme}://192.168.1.20:7000"
            try:
                parts = urlsplit(port)
                host, number = parts.hostname, parts.port
            except ValueError:
                host, number = "?", None
            if not host:
                return f"{port!r}: the host is missing; write it as {example}"
            if number is None or not 1 <= number <= 65535:
                return (f"{port!r}: the TCP port must be a number from 1 to 65535; write it "
                        f"as {example}")
        return None
    try:
        mode = os.stat(port).st_mode
    except OSError:
        return None  # not there (yet): a board that is not plugged in
    if not stat.S_ISCHR(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "a regular file" \
            if stat.S_ISREG(mode) else "not a character device"
        return (f"{port!r} is {what}, not a serial device; give the board's device, e.g. "
                "/dev/ttyACM0 (see --list-ports), 'auto' or 'sim'")
    return None


def decoder_for(config: ExhibitConfig) -> Decoder:
    return make_decoder(config.device.protocol, config.sources(), config.device.max_line)


def open_source(port: str, config: ExhibitConfig, baud: int | None = None,
                seed: int | None = None) -> Source:
    """A not yet started `Source` for `port`: `sim`, `auto`, a path or a pyserial URL."""
    if port == "sim":
        return SimulatorSource(config.sensors, seed=seed)
    if is_platform_url(port):  # values in units: back to raw counts by the inverse
        to_raw = {sid: sensor.to_raw for sid, sensor in config.sensors.items()}
        datastreams = {ds: sid for sid, ds in config.device.datastreams}
        live = MqttSource(parse_platform_url(port), to_raw, datastreams)
        return LiveWithStandIn(live, SimulatorSource(config.sensors, seed=seed))
    device = replace(config.device, baud=baud) if baud else config.device
    if port == "auto" or is_pattern(port):
        auto = port == "auto"
        locate = AutoLocator(device, lambda: decoder_for(config),
                             list_serial_ports if auto else pattern_lister(port), by_usb_ids=auto)
        live = SerialSource(locate, device, decoder_for(config))
    else:
        live = SerialSource(port, device, decoder_for(config))
    return LiveWithStandIn(live, SimulatorSource(config.sensors, seed=seed))


def reopener(port: str | None, baud: int | None, seed: int | None
             ) -> Callable[[ExhibitConfig], Source]:
    """How the running show opens its source again for a reloaded config (staff's R, see
    `exhibit.staff.reload`), as `app.run` opened the first: `port` and `baud` from the
    command line win over the device section. A port that can never open raises
    `ValueError` with `port_problem`'s words; nothing is opened then."""
    def reopen(config: ExhibitConfig) -> Source:
        chosen = port or config.device.port
        if problem := port_problem(chosen):
            raise ValueError(problem)
        return open_source(chosen, config, baud, seed)
    return reopen
