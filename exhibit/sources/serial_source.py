"""A serial device (path or any pyserial URL) read by a supervised thread.

Modelled on pyserial's `threaded.ReaderThread`, plus what it lacks: the thread never dies
on an I/O error, it reports a status and reopens the port with backoff until stopped.
"""

from __future__ import annotations

import logging
import threading
import time

import serial

from exhibit.protocol import Decoder
from exhibit.sources.base import CONNECTED, CONNECTING, DISCONNECTED, LIVE, Source, SourceStatus

log = logging.getLogger(__name__)

READ_TIMEOUT = 0.05
BACKOFF_START, BACKOFF_MAX = 0.2, 2.0


class SerialSource(Source):
    """Reads bytes from `url`, decodes them and enqueues readings."""

    kind = LIVE

    def __init__(self, url: str, baud: int, decoder: Decoder) -> None:
        super().__init__(url)
        self.url = url
        self.baud = baud
        self.decoder = decoder
        self._lock = threading.Lock()  # guards decoder stats and the fields below
        self._state = CONNECTING
        self._detail = ""
        self._reconnects = 0
        self._opened_once = False

    def status(self) -> SourceStatus:
        with self._lock:
            return SourceStatus(LIVE, self.url, self._state, self._detail, self._reconnects,
                                self.decoder.stats.snapshot())

    def _set(self, state: str, detail: str = "") -> None:
        with self._lock:
            self._state, self._detail = state, detail

    def _open(self) -> serial.SerialBase:
        return serial.serial_for_url(self.url, baudrate=self.baud, timeout=READ_TIMEOUT)

    def _run(self) -> None:
        backoff = BACKOFF_START
        while not self._stop.is_set():
            try:
                port = self._open()
            except (serial.SerialException, OSError, ValueError) as exc:
                self._set(DISCONNECTED, str(exc))
                self._stop.wait(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX)
                continue
            with self._lock:
                if self._opened_once:
                    self._reconnects += 1
                self._opened_once = True
                self._state, self._detail = CONNECTED, ""
                self.decoder.reset()
            log.info("serial: connected to %s", self.url)
            backoff = BACKOFF_START
            try:
                self._pump(port)
            except (serial.SerialException, OSError) as exc:
                log.warning("serial: lost %s: %s", self.url, exc)
                self._set(DISCONNECTED, str(exc))
            finally:
                try:
                    port.close()
                except (serial.SerialException, OSError):
                    pass
            if not self._stop.is_set():
                self._stop.wait(backoff)

    def _pump(self, port: serial.SerialBase) -> None:
        queue = self._queue
        assert queue is not None
        while not self._stop.is_set():
            data = port.read(port.in_waiting or 1)
            if not data:
                continue
            t = time.monotonic()
            with self._lock:
                readings = self.decoder.feed(data, t)
            if readings:
                queue.put_many(readings)
