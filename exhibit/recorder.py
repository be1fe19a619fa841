"""`--record FILE`: every decoded reading as one JSON object per line, appended.

The frame loop must not do file I/O, so lines go through a bounded queue to a writer thread.
It writes whatever is waiting and flushes right after each batch (when idle it wakes every
`FLUSH_SECONDS` to flush, which then has nothing to do), so a killed exhibit loses only the
lines still queued: those of the last frame or so.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterable
from pathlib import Path

from exhibit.signals.hub import Processed

FLUSH_SECONDS = 0.5  # how long the idle writer waits for a line before it looks again
QUEUE_LIMIT = 100_000


class Recorder:
    """Appends ``{"t", "sensor", "raw", "value"}`` lines to `path` from a writer thread."""

    def __init__(self, path: str | Path, t0: float) -> None:
        self.path = Path(path)
        self.t0 = t0  # monotonic time the show started; "t" is seconds since then
        self._file = self.path.open("a", encoding="utf-8")  # fails early on a bad path
        self._queue: queue.Queue[str | None] = queue.Queue(QUEUE_LIMIT)
        self.dropped = 0
        self.written = 0
        self._thread = threading.Thread(target=self._run, name="recorder", daemon=True)
        self._thread.start()

    def write(self, items: Iterable[Processed]) -> None:
        for item in items:
            r = item.reading
            if r.stand_in:  # simulated while the board was away: not a measurement
                continue
            line = json.dumps({"t": round(r.t - self.t0, 4), "sensor": r.sensor,
                               "raw": r.raw, "value": round(item.value, 4)})
            try:
                self._queue.put_nowait(line)
            except queue.Full:
                self.dropped += 1

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(5)

    def _run(self) -> None:
        with self._file as f:
            while True:
                try:
                    line = self._queue.get(timeout=FLUSH_SECONDS)
                except queue.Empty:
                    f.flush()
                    continue
                if line is None:
                    break
                f.write(line + "\n")
                self.written += 1
                while True:  # write what is waiting, then flush once
                    try:
                        line = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if line is None:
                        f.flush()
                        return
                    f.write(line + "\n")
                    self.written += 1
                f.flush()
