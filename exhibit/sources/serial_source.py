"""A serial device (path, pyserial URL, or a board found by USB id) read by a supervised
thread.

Modelled on pyserial's `threaded.ReaderThread`, plus what it lacks: the thread never dies.
On `SerialException`, `OSError`, end of file or a silent link it closes the port, reports a
status and reopens the same device with backoff (0.2 s doubling to 2 s), forever, until
stopped. The frame loop never waits for any of this.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import serial

from exhibit.config import Device
from exhibit.protocol import Decoder
from exhibit.sources.base import Source
from exhibit.sources.rawtail import RawTail
from exhibit.status import (
    CONNECTED,
    CONNECTING,
    DISCONNECTED,
    LIVE,
    SEARCHING,
    STALE,
    SourceStatus,
)

log = logging.getLogger(__name__)

READ_TIMEOUT = 0.05
BACKOFF_START, BACKOFF_MAX = 0.2, 2.0
KEEPALIVE_AFTER = 1.0  # seconds of silence before the decoder's keep-alive is sent
WAITING_NOTE_EVERY = 60.0  # what the source waits for: said once, then at most this often


class LinkLost(Exception):
    """The port is open but the board has gone quiet for too long."""


class SerialSource(Source):
    """Reads bytes from the located device, decodes them and enqueues readings."""

    kind = LIVE

    def __init__(self, locate: Callable[[], str | None] | str, device: Device,
                 decoder: Decoder) -> None:
        self.locate = (lambda: locate) if isinstance(locate, str) else locate
        super().__init__(str(locate))
        self.device = device
        self.decoder = decoder
        self._lock = threading.Lock()  # guards decoder stats and the fields below
        self._state = CONNECTING if isinstance(locate, str) else SEARCHING
        self._detail = ""
        self._reconnects = 0
        self._connections = 0
        self._next_note = 0.0
        self._tail = RawTail()  # the last raw lines, for staff (D overlay)

    def status(self) -> SourceStatus:
        with self._lock:
            stats = self.decoder.stats.snapshot()
            hello = self.decoder.hello
            stats["hello"] = f"{hello.model} {hello.version}" if hello else ""
            return SourceStatus(LIVE, str(self.name), self._state, self._detail,
                                self._reconnects, stats, recent=self._tail.lines())

    def _set(self, state: str, detail: str = "") -> None:
        with self._lock:  # logged once, by the frame loop's ActivityLog
            self._state, self._detail = state, detail

    def _note_waiting(self, what: str) -> None:
        """Say what the source waits for: at once, then at most once a minute."""
        now = time.monotonic()
        if now >= self._next_note:
            self._next_note = now + WAITING_NOTE_EVERY
            log.info("serial %s: waiting for %s; retrying every %g s (said again at most "
                     "once a minute)", self.name, what, BACKOFF_MAX)

    def _run(self) -> None:
        backoff = BACKOFF_START
        while not self._stop.is_set():
            url = self.locate()
            if url is None:  # auto: no board (yet)
                self._set(SEARCHING if self._connections == 0 else DISCONNECTED,
                          "no sensor model found")
                self._note_waiting("the sensor model (no matching USB serial port yet)")
                self._stop.wait(BACKOFF_MAX)
                continue
            self.name = url
            try:
                port = serial.serial_for_url(url, baudrate=self.device.baud,
                                             timeout=READ_TIMEOUT)
            except (serial.SerialException, OSError, ValueError) as exc:
                self._set(DISCONNECTED if self._connections else CONNECTING, str(exc))
                self._note_waiting(f"the board ({exc})")
                self._stop.wait(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX)
                continue
            backoff = BACKOFF_START
            self._next_note = 0.0  # a later loss is news again
            try:
                self._serve(port)
            except (serial.SerialException, OSError, LinkLost) as exc:
                self._set(DISCONNECTED, str(exc) or type(exc).__name__)
            finally:
                try:
                    port.close()
                except (serial.SerialException, OSError):
                    pass
            self._stop.wait(BACKOFF_START)

    def _serve(self, port: serial.SerialBase) -> None:
        """One connection: set up, then pump bytes until an error or silence ends it."""
        with self._lock:
            self.decoder.reset()
            self._tail.reset()
            if self._connections:
                self._reconnects += 1
            self._connections += 1
        port.write(self.decoder.on_open())
        self._set(CONNECTED)
        queue = self._queue
        assert queue is not None
        last_data = last_keepalive = time.monotonic()
        while not self._stop.is_set():
            data = port.read(port.in_waiting or 1)
            now = time.monotonic()
            if data:
                last_data = now
                with self._lock:
                    readings = self.decoder.feed(data, now)
                    self._tail.feed(data)
                    if self._state != CONNECTED:
                        self._state, self._detail = CONNECTED, ""
                if readings:
                    queue.put_many(readings)
                continue
            quiet = now - last_data
            if quiet >= self.device.reconnect_after:
                raise LinkLost(f"no data for {quiet:.1f} s")
            if quiet >= self.device.stale_after:
                self._set(STALE, f"no data for {quiet:.0f} s")
            if quiet >= KEEPALIVE_AFTER and now - last_keepalive >= KEEPALIVE_AFTER:
                keepalive = self.decoder.keepalive()
                if keepalive:
                    port.write(keepalive)
                last_keepalive = now
