"""`--replay FILE`: a recording played back as a source, with its original timing.

Staff use it to demo the exhibit without the model: record once at the table
(`--record`), replay anywhere. The whole file is checked before the show starts, so a
broken recording is a clear error, not a silent half-demo; only a line cut off where a run
ended is skipped, with a warning. One file may hold several runs (sessions): one plays.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from pathlib import Path

from exhibit.reading import Reading
from exhibit.sources.base import Source
from exhibit.status import CONNECTED, REPLAY, SourceStatus

log = logging.getLogger("exhibit.replay")
LOOP_GAP = 1.0  # seconds of rest between the end of a recording and its restart


class RecordingError(Exception):
    """A recording that cannot be replayed; the message names file and line."""


def load_recording(path: str | Path, session: int | None = None
                   ) -> list[tuple[float, str, float]]:
    """(t, sensor, raw) rows of one session (default: the last), sorted by time.

    Sessions start at each ``{"session": …}`` header line (lines before the first header
    are a session of their own: recordings from before headers existed) and are numbered
    from 1. Gap lines are skipped. A cut-off line (not even JSON) at the end of the file or
    of a session (a run that ended mid-write) is skipped with a warning naming file and
    line; a broken line anywhere else, or a whole JSON line that is no reading, raises `RecordingError` with file and line, as does a session out
    of range.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordingError(f"{path}: cannot read the recording ({exc})") from None
    sessions: list[list[tuple[float, str, float]]] = []
    broken: tuple[int, str] | None = None  # a bad line; fine only if a session ends there
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise TypeError("not an object")
        except (ValueError, TypeError) as exc:
            item, error = None, exc
        if broken is not None and not (item and "session" in item):
            raise RecordingError(broken[1])
        if broken is not None:
            _skip_cut_off(path, broken[0])
            broken = None
        if item is not None and "session" in item:
            sessions.append([])
            continue
        if item is not None and "gap" in item:
            continue
        try:
            if item is None:
                raise error
            t, sensor, raw = float(item["t"]), str(item["sensor"]), float(item["raw"])
            if not (math.isfinite(t) and math.isfinite(raw)):
                raise ValueError("not finite")
        except (ValueError, KeyError, TypeError) as exc:
            message = (f"{path}:{number}: not a recorded reading ({exc}); each line must "
                       'look like {"t": 1.25, "sensor": "soil", "raw": 412, "value": 41.5}')
            if item is not None:  # whole JSON, wrong content: not a cut-off line
                raise RecordingError(message) from None
            broken = (number, message)
            continue
        if not sessions:
            sessions.append([])
        sessions[-1].append((t, sensor, raw))
    if broken is not None:
        _skip_cut_off(path, broken[0])
    if not any(sessions):
        raise RecordingError(f"{path}: the recording is empty; record one with --record FILE")
    if session is not None and not 1 <= session <= len(sessions):
        raise RecordingError(f"--session {session}: {path} holds sessions 1 to "
                             f"{len(sessions)}; choose one of them (default: the last)")
    number = session or len(sessions)
    rows = sessions[number - 1]
    if not rows:
        raise RecordingError(f"{path}: session {number} holds no readings; choose another "
                             f"with --session N (1 to {len(sessions)})")
    if len(sessions) > 1:
        log.info("replay: %s, session %d of %d", path, number, len(sessions))
    rows.sort(key=lambda row: row[0])
    return rows


def _skip_cut_off(path: Path, number: int) -> None:
    log.warning("replay: %s:%d: cut-off line skipped (the recording run ended while "
                "writing it)", path, number)


class ReplaySource(Source):
    """Emits the recording's readings at their original offsets, scaled by `speed`."""

    kind = REPLAY

    def __init__(self, path: str | Path, speed: float = 1.0, loop: bool = False,
                 session: int | None = None) -> None:
        super().__init__(str(path))
        self.rows = load_recording(path, session)
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
