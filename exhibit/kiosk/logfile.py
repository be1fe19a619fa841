"""The rotating log file staff read after a day nobody watched: `exhibit.log` in the per-user
state folder, 1 MiB × 5 backups, so it never holds more than ~6 MiB.

The frame loop must not wait on a disk, so once the file joins, the root logger only
enqueues (`QueueHandler`); a `QueueListener` thread writes each line to stderr (as before)
and to the file. A folder that cannot be used costs one line and the show goes on with
stderr alone; a write that fails later (disk full) costs one line too, never a traceback,
and the file is tried again once a minute.
"""

from __future__ import annotations

import logging
import os
import queue
import subprocess
import sys
import time
from logging.handlers import QueueHandler, QueueListener, RotatingFileHandler
from pathlib import Path

log = logging.getLogger("exhibit.log")

LOG_NAME = "exhibit.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 5
QUEUE_LINES = 10_000   # lines waiting for the writer; past that, new ones are dropped
RETRY_AFTER = 60.0     # seconds before a failed file is tried again
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FIX = "choose a writable folder with --log-dir DIR or kiosk.log_dir in exhibit.yaml"


def log_folder(option: Path | None, configured: str | None, config_path: Path | None,
               env: dict[str, str] | None = None) -> Path:
    """Where the log goes: `--log-dir`, else the config's `kiosk.log_dir` (relative to the
    config file's folder), else `$XDG_STATE_HOME/sensorik`, else `~/.local/state/sensorik`."""
    env = os.environ if env is None else env
    if option is not None:
        return option
    if configured:
        folder = Path(configured).expanduser()
        if not folder.is_absolute() and config_path is not None:
            folder = Path(config_path).resolve().parent / folder
        return folder
    state = env.get("XDG_STATE_HOME", "").strip()
    if state and Path(state).is_absolute():  # the XDG spec: relative values are ignored
        return Path(state) / "sensorik"
    return Path.home() / ".local" / "state" / "sensorik"


class QuietFileHandler(RotatingFileHandler):
    """A rotating file whose failures cost one stderr line, not a traceback per record.
    After a failure it writes nothing for `RETRY_AFTER` seconds, then tries again (and says
    so once when the file works again)."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS,
                 clock=time.monotonic) -> None:
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        self.clock = clock
        self.failed_at: float | None = None
        self.failures = 0
        self._retrying = False

    def emit(self, record: logging.LogRecord) -> None:
        if self.failed_at is not None:
            if self.clock() - self.failed_at < RETRY_AFTER:
                return
            self.failed_at = None
            self._retrying = True
        super().emit(record)  # calls handleError on any failure
        if self._retrying and self.failed_at is None:
            self._retrying = False
            _say(f"log: writing to {self.baseFilename} again")

    def handleError(self, record: logging.LogRecord) -> None:
        exc = sys.exc_info()[1]
        first = not self._retrying
        self._retrying = False
        self.failed_at = self.clock()
        self.failures += 1
        self._drop_stream()  # its buffer holds the failed line; a retry opens afresh
        if first:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            _say(f"log: cannot write {self.baseFilename} ({reason}); logging goes on to "
                 f"stderr only and the file is tried again every {RETRY_AFTER:g} s (free "
                 f"space there or {FIX})")

    def _drop_stream(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            try:
                stream.close()
            except (OSError, ValueError):
                pass  # flushing the failed buffer fails again: it is dropped

    def close(self) -> None:
        try:
            super().close()
        except (OSError, ValueError):  # the last flush on a full disk
            self.stream = None
            logging.Handler.close(self)


class DroppingQueueHandler(QueueHandler):
    """Enqueues without ever blocking the frame: a full queue drops the line (counted)."""

    def __init__(self, q: queue.Queue) -> None:
        super().__init__(q)
        self.dropped = 0

    def enqueue(self, record: logging.LogRecord) -> None:
        try:
            self.queue.put_nowait(record)
        except queue.Full:
            self.dropped += 1


class LogSetup:
    """The running log: `path` is the file (None: stderr only, `problem` says why).
    `stop` writes what is queued and puts the stderr handlers back on the root logger."""

    def __init__(self, path: Path | None, problem: str = "") -> None:
        self.path = path
        self.problem = problem
        self.file_handler: QuietFileHandler | None = None
        self._listener: QueueListener | None = None
        self._queue_handler: DroppingQueueHandler | None = None
        self._direct: list[logging.Handler] = []

    def _start(self, file_handler: QuietFileHandler) -> None:
        root = logging.getLogger()
        self.file_handler = file_handler
        self._direct = list(root.handlers)  # stderr, as configured before
        formatter = next((h.formatter for h in self._direct if h.formatter), None)
        file_handler.setFormatter(logging.Formatter(FORMAT))
        if formatter is None:
            for handler in self._direct:
                handler.setFormatter(logging.Formatter(FORMAT))
        q: queue.Queue = queue.Queue(QUEUE_LINES)
        self._queue_handler = DroppingQueueHandler(q)
        self._listener = QueueListener(q, *self._direct, file_handler,
                                       respect_handler_level=True)
        self._listener.start()
        for handler in self._direct:
            root.removeHandler(handler)
        root.addHandler(self._queue_handler)

    def stop(self) -> None:
        """Flush and close; safe to call twice. Log lines after this go to stderr directly."""
        if self._listener is None:
            return
        root = logging.getLogger()
        root.removeHandler(self._queue_handler)
        for handler in self._direct:
            root.addHandler(handler)
        self._listener.stop()  # writes everything still queued, then joins the thread
        self._listener = None
        if self.file_handler is not None:
            self.file_handler.close()

    def __enter__(self) -> LogSetup:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def start_logging(folder: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS,
                  clock=time.monotonic) -> LogSetup:
    """Add the rotating file in `folder` to the root logger's stderr output, written by a
    thread. A folder that cannot be made or written: one warning, stderr only."""
    path = folder / LOG_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = QuietFileHandler(path, max_bytes, backups, clock)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, (FileExistsError, NotADirectoryError)):
            blocking = folder
            while not blocking.exists() and blocking != blocking.parent:
                blocking = blocking.parent
            reason = f"{blocking} is a file, not a folder"
        problem = (f"log folder {folder}: cannot write there ({reason}); the show runs with "
                   f"logging to stderr only; {FIX}")
        log.warning("%s", problem)
        return LogSetup(None, problem)
    setup = LogSetup(path)
    setup._start(handler)
    return setup


def start_show_log(option: Path | None, configured: str | None,
                   config_path: Path) -> LogSetup:
    """The show's log: the file joins stderr, and the start line says where it is."""
    setup = start_logging(log_folder(option, configured, config_path))
    logging.getLogger("exhibit").info("start: %s, config %s, log %s", version(), config_path,
                                      setup.path or "stderr only")
    return setup


def version() -> str:
    """`git describe` of the checkout the exhibit runs from (a few ms), else "unknown"."""
    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        return "version unknown (no git checkout)"
    try:
        done = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty",
                               "--tags"], capture_output=True, text=True, timeout=2)
    except (OSError, subprocess.SubprocessError):
        return "version unknown (git not found)"
    return done.stdout.strip() or "version unknown"


def _say(line: str) -> None:
    """One line straight to stderr: the file handler's own trouble must not loop back
    through the logging it is part of."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
