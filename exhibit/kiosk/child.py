"""A child process of the launcher whose output goes into the launcher's log.

stdout and stderr share one pipe; a reader thread logs each line (prefixed with the
child's name and pid) and keeps the last ones, so a crash loop can name its cause on the
error screen. No pygame here: the launcher must run when the show cannot.
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger("sensorik.launcher")
KEEP_LINES = 40
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ")  # the app's own


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _ends_with_launcher():
    """On Linux, what the child runs before `exec`: ask the kernel to send it SIGTERM when
    the launcher dies, even by SIGKILL, so a launcher started again (the next login) never
    meets an orphaned show still holding the display. The C library is loaded here, in the
    parent; between fork and exec the child only makes the one system call."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):  # not Linux: nothing to ask for
        return None
    parent = os.getpid()

    def ask() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the launcher died before the request was made
            os.kill(os.getpid(), signal.SIGTERM)
    return ask


class Child:
    """One started process: `exit_code()` polls it, `stop()` ends it (TERM, then KILL)."""

    def __init__(self, name: str, argv: Sequence[str], cwd: str,
                 env: dict[str, str]) -> None:
        self.name = name
        self.started = time.monotonic()
        self.lines: deque[str] = deque(maxlen=KEEP_LINES)
        self.proc = subprocess.Popen(list(argv), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, encoding="utf-8", errors="replace", bufsize=1,
                                     preexec_fn=_ends_with_launcher())
        self.pid = self.proc.pid
        self._reader = threading.Thread(target=self._read, name=f"{name}-output", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            line = TIMESTAMP.sub("", line.rstrip("\n"), count=1)  # ours is in front
            if line:
                self.lines.append(line)
                log.info("%s[%d]: %s", self.name, self.pid, line)
        self.proc.stdout.close()

    def exit_code(self) -> int | None:
        return self.proc.poll()

    def signal(self, sig: int) -> None:
        try:
            self.proc.send_signal(sig)
        except (ProcessLookupError, OSError):
            pass

    def stopped(self) -> bool:
        """True when the process is stopped (SIGSTOP, a debugger); Linux's /proc says."""
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text()
        except OSError:
            return False
        return stat[stat.rindex(")") + 2:][:1] in ("T", "t")

    def stop(self, grace: float) -> int:
        """SIGTERM (and SIGCONT, so a stopped process can act on it), up to `grace`
        seconds, then SIGKILL. Returns the exit code (negative: the signal)."""
        if self.proc.poll() is None:
            self.signal(signal.SIGTERM)
            self.signal(signal.SIGCONT)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                log.warning("%s[%d] did not stop within %g s after SIGTERM; SIGKILL",
                            self.name, self.pid, grace)
                self.signal(signal.SIGKILL)
        code = self.proc.wait()
        self.finish()
        return code

    def finish(self) -> None:
        """Wait (briefly) until the reader has logged the last lines of a process that ended."""
        self._reader.join(timeout=2)

    def reason(self) -> str:
        """What the child last said about why it stopped: its last `main.py:` line (the
        app's one-line error), else its last line (e.g. a crash of the interpreter)."""
        for line in reversed(self.lines):
            if line.startswith("main.py:"):
                return line
        return self.lines[-1] if self.lines else ""


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def exit_record(code: int) -> dict[str, object]:
    if code < 0:
        try:
            return {"signal": signal.Signals(-code).name}
        except ValueError:
            return {"signal": -code}
    return {"code": code}


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The launcher's environment for a child; systemd's `WATCHDOG_PID` names the launcher,
    so it is dropped: the show pings for the unit (NotifyAccess=all)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYGAME_HIDE_SUPPORT_PROMPT="1")
    env.pop("WATCHDOG_PID", None)
    env.update(extra or {})
    return env
