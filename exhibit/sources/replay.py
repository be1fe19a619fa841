"""`--replay FILE`: a recording played back as a source, with its original timing.

Staff use it to demo the exhibit without the model: record once at the table
(`--record`), replay anywhere. The whole file is checked before the show starts, so a
broken recording is a clear error, not a silent half-demo.
"""

from __future__ import annotations

import json
import math
import threading
import time
from pathlib import Path

from exhibit.reading import Reading
from exhibit.sources.base import Source
from exhibit.status import CONNECTED, REPLAY, SourceStatus

LOOP_GAP = 1.0  # seconds of rest between the end of a recording and its restart


class RecordingError(Exception):
    """A recording that cannot be replayed; the message names file and line."""


def load_recording(path: str | Path) -> list[tuple[float, str, float]]:
    """(t, sensor, raw) rows sorted by time; raises `RecordingError` with file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordingError(f"{path}: cannot read the recording ({exc})") from None
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            t, sensor, raw = float(item["t"]), str(item["sensor"]), float(item["raw"])
            if not (math.isfinite(t) and math.isfinite(raw)):
                raise ValueError("not finite")
        except (ValueError, KeyError, TypeError) as exc:
            raise RecordingError(
                f"{path}:{number}: not a recorded reading ({exc}); each line must look like "
                '{"t": 1.25, "sensor": "soil", "raw": 412, "value": 41.5}') from None
        rows.append((t, sensor, raw))
    if not rows:
        raise RecordingError(f"{path}: the recording is empty; record one with --record FILE")
    rows.sort(key=lambda row: row[0])
    return rows


class ReplaySource(Source):
    """Emits the recording's readings at their original offsets, scaled by `speed`."""

    kind = REPLAY

    def __init__(self, path: str | Path, speed: float = 1.0, loop: bool = False) -> None:
        super().__init__(str(path))
        self.rows = load_recording(path)
        self.speed = speed
        self.loop = loop
        self._lock = threading.Lock()
        self._played = 0
        self._rounds = 0

    def status(self) -> SourceStatus:
        with self._lock:
            done = not self.loop and self._played >= len(self.rows)
            return SourceStatus(REPLAY, self.name, "finished" if done else CONNECTED,
                                stats={"readings": self._played, "rounds": self._rounds,
                                       "of": len(self.rows)})

    def _run(self) -> None:
        assert self._queue is not None
        first = self.rows[0][0]
        while not self._stop.is_set():
            start = time.monotonic()
            for t, sensor, raw in self.rows:
                due = start + (t - first) / self.speed
                delay = due - time.monotonic()
                if delay > 0 and self._stop.wait(delay):
                    return
                self._queue.put_many([Reading(sensor, raw, time.monotonic())])
                with self._lock:
                    self._played += 1
            with self._lock:
                self._rounds += 1
            if not self.loop or self._stop.wait(LOOP_GAP):
                return
