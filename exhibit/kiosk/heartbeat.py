"""The show's sign of life: a file the launcher watches and systemd's `WATCHDOG=1`.

The frame loop only counts (`beat()`: one integer store, no I/O in the frame). A daemon
thread looks every few seconds whether the count moved since it last looked, and only then
writes the heartbeat file and pings systemd. A frozen loop — an endless loop, a deadlock,
SIGSTOP — stops both, which is the point: the thread itself stays alive in those cases, so
a heartbeat written by it regardless would hide the freeze.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path

from exhibit.kiosk.sdnotify import Notifier

log = logging.getLogger("exhibit.kiosk")
EVERY = 2.0          # seconds between looks at the frame count
FIRST_LOOK = 0.1     # until the first frame: look this often, so READY=1 comes at once


class Heartbeat:
    """`beat()` once per drawn frame; `start()` before the loop, `stop()` after it."""

    def __init__(self, path: Path | None, every: float = EVERY,
                 notifier: Notifier | None = None) -> None:
        self.path = path
        self.notifier = notifier or Notifier()
        watchdog = self.notifier.watchdog_seconds
        self.every = min(every, watchdog / 2) if watchdog else every
        self.frames = 0           # written by the frame loop only
        self.written = 0          # heartbeats that reached the file (tests, diagnostics)
        self._seen = 0
        self._ready = False
        self._write_failed = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="heartbeat", daemon=True)

    def beat(self) -> None:
        self.frames += 1

    def start(self) -> Heartbeat:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)
        self.notifier.send("STOPPING=1")

    def _watch(self) -> None:
        while not self._stop.wait(self.every if self._ready else FIRST_LOOK):
            self.check()

    def check(self) -> bool:
        """One look: a sign of life only when frames were drawn since the last look."""
        frames = self.frames
        if frames == self._seen:
            return False
        self._seen = frames
        self._write(frames)
        if not self._ready:
            self._ready = True
            self.notifier.send("READY=1")
        self.notifier.send("WATCHDOG=1")
        return True

    def _write(self, frames: int) -> None:
        if self.path is None:
            return
        record = {"pid": os.getpid(), "frames": frames, "time": round(time.time(), 3)}
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            temp.write_text(json.dumps(record) + "\n")
            os.replace(temp, self.path)
        except OSError as exc:
            if not self._write_failed:  # once, not every 2 s; systemd's ping goes on
                log.warning("heartbeat %s cannot be written (%s); the launcher will take "
                            "the show for frozen", self.path, exc.strerror or exc)
            self._write_failed = True
            try:
                temp.unlink(missing_ok=True)
            except OSError:
                pass
            return
        if self._write_failed:
            log.info("heartbeat %s written again", self.path)
            self._write_failed = False
        self.written += 1
