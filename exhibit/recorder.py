"""`--record FILE`: every decoded reading as one JSON object per line, appended.

The recording never lies: every decoded reading is either in it or counted in it.

- Each run starts with a session header line, ``{"session": {"started", "source", "kind",
  "config", "version"}}``, so runs appended to one file stay apart (`--replay --session N`).
  A simulator run says ``"kind": "simulation"`` there and marks each line ``"sim": true``;
  stand-in values (the simulator filling in while the board is away) are not recorded.
- Readings that never reach the file are counted in it where they went missing:
  ``{"gap": N, "why": "queue full" | "recorder behind" | "write failed", "t": …}``.
- The frame loop must not do file I/O, so batches go to a writer thread, which formats
  them, writes each batch as whole lines and flushes it. A write that fails (disk full,
  I/O error, read-only) stops the recording with one log line and no traceback; the file is
  cut back to its last whole line (where the file allows it) and, if it fits, ends with a
  ``"write failed"`` gap line; the show goes on and `failed` says why for a staff notice.
- `close` writes everything still queued before it returns (normal end, --frames, SIGTERM).
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path

from exhibit.signals.hub import Processed

log = logging.getLogger("exhibit.recorder")

FLUSH_SECONDS = 0.5  # how long the idle writer waits before it looks again
QUEUE_LIMIT = 200_000  # readings waiting for the writer; beyond that they become a gap
CLOSE_SECONDS = 30.0  # how long `close` waits for the writer to write what is queued
QUEUE_FULL, BEHIND, WRITE_FAILED = "queue full", "recorder behind", "write failed"


def _num(x: float) -> str:
    return repr(round(x, 4)) if math.isfinite(x) else "null"


class Recorder:
    """Appends a session header, then ``{"t", "sensor", "raw", "value"}`` lines and gap
    lines to `path`, from a writer thread."""

    def __init__(self, path: str | Path, t0: float, session: Mapping[str, object],
                 simulated: bool = False, limit: int = QUEUE_LIMIT) -> None:
        self.path = Path(path)
        self.t0 = t0  # monotonic time the show started; "t" is seconds since then
        self.simulated = simulated
        self.limit = limit
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._good = self._whole_end()  # file offset after the last whole line
        lead = "\n" if self._good < 0 else ""  # a cut-off line before us stays its own line
        self._good = abs(self._good)
        header = json.dumps({"session": {**session, "kind": "simulation" if simulated
                                         else session.get("kind", "live")}},
                            ensure_ascii=False)
        self._cond = threading.Condition()
        self._pending: deque[tuple] = deque([("head", lead + header + "\n")])
        self._waiting = 0  # readings in `_pending`
        self._behind = 0  # readings refused since the last accepted batch (writer behind)
        self._closing = False
        self.failed: str | None = None  # why recording stopped; None while it runs
        self.written = 0  # reading lines in the file
        self.gaps = 0  # readings counted in gap lines
        self.lost = 0  # readings after a failure: neither written nor counted in the file
        self._names: dict[str, str] = {}
        self._thread = threading.Thread(target=self._run, name="recorder", daemon=True)
        self._thread.start()

    def _whole_end(self) -> int:
        """The file's size; negative when its last line is cut off (no final newline)."""
        size = os.fstat(self._fd).st_size
        if size == 0:
            return 0
        try:
            with self.path.open("rb") as f:
                f.seek(size - 1)
                return size if f.read(1) == b"\n" else -size
        except OSError:
            return size

    # --- the frame loop's side: no I/O ---------------------------------------------
    def write(self, items: Iterable[Processed]) -> None:
        """Queue a frame's processed readings for the writer (stand-in ones are skipped)."""
        batch = [item for item in items if not item.reading.stand_in]
        if not batch:
            return
        with self._cond:
            if self.failed is not None or self._closing:
                self.lost += len(batch)
                return
            if self._waiting + len(batch) > self.limit:
                self._behind += len(batch)
                return
            if self._behind:
                self._pending.append(("gap", self._behind, BEHIND, batch[0].reading.t))
                self._behind = 0
            self._pending.append(("batch", batch))
            self._waiting += len(batch)
            self._cond.notify()

    def gap(self, count: int, why: str, t: float) -> None:
        """Count `count` readings that went missing before they reached the recorder."""
        if count <= 0:
            return
        with self._cond:
            if self.failed is not None or self._closing:
                self.lost += count
                return
            self._pending.append(("gap", count, why, t))
            self._cond.notify()

    def stats(self) -> dict:
        with self._cond:
            return {"written": self.written, "gaps": self.gaps + self._behind,
                    "lost": self.lost, "failed": self.failed}

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        """Write everything queued, then close the file."""
        with self._cond:
            if self._behind:
                self._pending.append(("gap", self._behind, BEHIND, None))
                self._behind = 0
            self._closing = True
            self._cond.notify()
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("recording: the writer did not finish within %.0f s; %s may lack "
                        "the last readings", timeout, self.path)

    # --- the writer thread -------------------------------------------------------------
    def _gap_line(self, count: int, why: str, t: float | None, **more: str) -> str:
        stamp = None if t is None else round(t - self.t0, 4)
        return json.dumps({"gap": count, "why": why, "t": stamp, **more}) + "\n"

    def _format(self, batch: list[Processed]) -> str:
        t0, names, sim = self.t0, self._names, ', "sim": true' if self.simulated else ""
        lines = []
        for reading, value in batch:
            name = names.get(reading.sensor)
            if name is None:
                name = names[reading.sensor] = json.dumps(reading.sensor)
            lines.append(f'{{"t": {_num(reading.t - t0)}, "sensor": {name}, '
                         f'"raw": {_num(reading.raw)}, "value": {_num(value)}{sim}}}\n')
        return "".join(lines)

    def _put(self, text: str) -> None:
        data = memoryview(text.encode("utf-8"))
        size = len(data)
        while data:
            data = data[os.write(self._fd, data):]
        self._good += size

    def _run(self) -> None:
        try:
            while True:
                with self._cond:
                    while not self._pending and not self._closing:
                        self._cond.wait(FLUSH_SECONDS)
                    if not self._pending:
                        return  # closing and all written
                    items = list(self._pending)
                    self._pending.clear()
                if not self._write(items):
                    return
        finally:
            os.close(self._fd)

    def _write(self, items: list[tuple]) -> bool:
        """Write `items` as whole lines; on failure stop recording and say so once."""
        parts, readings, gaps = [], 0, 0
        for item in items:
            if item[0] == "batch":
                parts.append(self._format(item[1]))
                readings += len(item[1])
            elif item[0] == "gap":
                parts.append(self._gap_line(item[1], item[2], item[3]))
                gaps += item[1]
            else:
                parts.append(item[1])
        try:
            self._put("".join(parts))
        except OSError as exc:
            self._stop(exc, readings + gaps, readings)
            return False
        with self._cond:
            self._waiting -= readings
            self.written += readings
            self.gaps += gaps
        return True

    def _stop(self, exc: OSError, missing: int, readings: int) -> None:
        try:
            os.ftruncate(self._fd, self._good)  # no cut-off line stays behind
        except OSError:
            pass
        with self._cond:
            self._waiting -= readings
            rest = list(self._pending)
            self._pending.clear()
            missing += sum(len(i[1]) if i[0] == "batch" else i[1] for i in rest
                           if i[0] != "head")
            self.failed = exc.strerror or str(exc)
        try:  # it may fit now that the cut-off batch is gone
            self._put(self._gap_line(missing, WRITE_FAILED, None, error=self.failed))
            counted = missing
        except OSError:
            try:
                os.ftruncate(self._fd, self._good)
            except OSError:
                pass
            counted = 0
        with self._cond:
            self.gaps += counted
            self.lost += missing - counted
        log.error("recording stopped: %s: %s; the show goes on without recording",
                  self.path, self.failed)
