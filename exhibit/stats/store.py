"""Where the visitor counts go: a `StatsStore`, by default daily CSV files.

`CsvStatsStore` appends rows ``hour,kind,name,count`` (``2026-12-07T14:00,touch,soil,3``)
to ``stats-YYYY-MM-DD.csv`` in the log folder, the file of the day of the row's hour (a
count from 23:59 goes to that day, also when it is written after midnight). A new file
starts with the header line. Files are only appended to: the same hour, kind and name
appear in many rows (one per flush) and readers sum them, so a crash loses at most the
counts of the last minute and never rewrites what is there.

The frame loop never writes a file: `append` only puts the rows into a bounded queue; a
writer thread writes each batch with one append per file. A folder that cannot be used
(read-only, full disk, a file in its place) costs one log line; the rows of that batch are
lost (counted in `lost`), the next batch is tried again and a success after a failure is
said once too. The show goes on either way.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from exhibit.stats.counter import StatsRow

log = logging.getLogger("exhibit.stats")

HEADER = "hour,kind,name,count"
QUEUE_BATCHES = 256  # flushes waiting for the writer (~4 h at one a minute)
CLOSE_SECONDS = 10.0


def stats_file(folder: Path, day: date) -> Path:
    return Path(folder) / f"stats-{day.isoformat()}.csv"


class StatsStore:
    """Takes the counter's rows; subclasses keep them somewhere (a file, a database …)."""

    def append(self, rows: Sequence[StatsRow]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Keep everything appended so far; called once at the end."""

    def describe(self, now: datetime) -> str:
        return type(self).__name__


class CsvStatsStore(StatsStore):
    """Daily CSV files in `folder`, written by a background thread."""

    def __init__(self, folder: str | Path, batches: int = QUEUE_BATCHES) -> None:
        """`batches`: flushes that may wait for the writer (0: no limit, for tools)."""
        self.folder = Path(folder)
        self._queue: queue.Queue[list[StatsRow] | None] = queue.Queue(batches)
        self.written = 0   # rows in the files
        self.lost = 0      # rows that could not be written (or queued)
        self.failed: str | None = None  # the last write error, None while writing works
        self._overflow = 0  # rows the full queue refused (not said by the writer)
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="visitor-stats", daemon=True)
        self._thread.start()

    # --- the frame loop's side: no I/O -------------------------------------------------
    def append(self, rows: Sequence[StatsRow]) -> None:
        if not rows:
            return
        try:
            self._queue.put_nowait(list(rows))
        except queue.Full:  # the writer hangs on a dead disk: count, never wait
            with self._lock:
                self.lost += len(rows)
                self._overflow += len(rows)

    def describe(self, now: datetime) -> str:
        path = stats_file(self.folder, now.date())
        with self._lock:
            failed = self.failed
        return f"{path} (not writable: {failed})" if failed else str(path)

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        try:
            self._queue.put(None, timeout=timeout)
        except queue.Full:
            log.warning("visitor statistics: the writer is stuck; the last counts are lost")
            return
        self._thread.join(timeout)
        if self._overflow:
            log.warning("visitor statistics: %d rows waited too long for %s and were "
                        "dropped", self._overflow, self.folder)

    # --- the writer thread ---------------------------------------------------------------
    def _run(self) -> None:
        while (rows := self._queue.get()) is not None:
            by_day: dict[date, list[StatsRow]] = {}
            for row in rows:
                by_day.setdefault(row.hour.date(), []).append(row)
            for day, day_rows in sorted(by_day.items()):
                self._write(stats_file(self.folder, day), day_rows)

    def _write(self, path: Path, rows: list[StatsRow]) -> None:
        text = "".join(row.csv() + "\n" for row in rows)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                size = os.fstat(fd).st_size
                if size == 0:
                    text = HEADER + "\n" + text
                elif not _ends_with_newline(path, size):
                    text = "\n" + text  # a line cut off by a crash stays its own (bad) line
                data = memoryview(text.encode("utf-8"))
                while data:
                    data = data[os.write(fd, data):]
            finally:
                os.close(fd)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            with self._lock:
                first, self.failed = self.failed is None, reason
                self.lost += len(rows)
            if first:
                log.error("visitor statistics paused: %s: %s; the show goes on, and counting "
                          "resumes once the folder is writable (choose another with --log-dir "
                          "or kiosk.log_dir)", path, reason)
            return
        with self._lock:
            again, self.failed = self.failed is not None, None
            self.written += len(rows)
        if again:
            log.info("visitor statistics: writing to %s again", path)


def _ends_with_newline(path: Path, size: int) -> bool:
    try:
        with path.open("rb") as f:
            f.seek(size - 1)
            return f.read(1) == b"\n"
    except OSError:
        return True
