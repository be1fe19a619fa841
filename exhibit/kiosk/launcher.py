"""The kiosk launcher: keeps the show running, without systemd.

    python -m exhibit.kiosk.launcher [options] [-- main.py options]
    kiosk/sensorik-kiosk [options] [-- main.py options]

It starts main.py with `--heartbeat`, restarts it when it exits other than on purpose
(exit 0 is staff quitting) with a growing pause, and kills and restarts it when its
heartbeat goes stale (a frozen frame loop). More than `--max-restarts` restarts in a
minute stop the loop: a calm error screen (its own process) stays for `--cooldown` seconds,
then everything starts from scratch. It imports no pygame, so it keeps working when the
show cannot; SIGTERM, SIGINT and SIGHUP end it and its children, exit 0, no traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from logging.handlers import RotatingFileHandler
from pathlib import Path

from exhibit.kiosk.child import Child, child_env, describe_exit, exit_record
from exhibit.kiosk.sdnotify import Notifier

log = logging.getLogger("sensorik.launcher")
REPO = Path(__file__).resolve().parents[2]
WINDOW = 60.0            # restarts are counted over this many seconds
BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0, 10.0)
HEALTHY_RUN = 60.0       # a run this long resets the backoff
KILL_AFTER_DUMP = 1.0    # SIGUSR1 (stack dump) → SIGKILL
STOP_GRACE = 5.0
TICK = 0.1


@dataclass
class Settings:
    heartbeat_timeout: float = 10.0  # a frozen picture stands at most ~10 s
    startup_grace: float = 60.0
    max_restarts: int = 5
    cooldown: float = 300.0
    state_dir: Path = field(default_factory=lambda: default_state_dir())
    log_dir: Path | None = None
    pass_log_dir: bool = False   # --log-dir given: main.py logs there too (else its config's)
    app_args: list[str] = field(default_factory=list)
    python: str = sys.executable


def default_state_dir() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime) / "sensorik"
    return Path(tempfile.gettempdir()) / f"sensorik-{os.getuid()}"


def default_log_dir() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "sensorik"


class Launcher:
    def __init__(self, settings: Settings) -> None:
        self.s = settings
        self.heartbeat = settings.state_dir / "heartbeat.json"
        self.state_file = settings.state_dir / "launcher.json"
        self.stop_event = threading.Event()
        self.stopped_by = ""
        self.notifier = Notifier()
        self.app: Child | None = None
        self.screen: Child | None = None
        self.state = "starting"
        self.starts = 0
        self.restarts: deque[float] = deque()
        self.failures = 0           # in a row, for the backoff
        self.last_exit: dict[str, object] | None = None
        self.last_reason = ""
        self._state_failed = False
        self._last_ping = 0.0

    # --- signals ---------------------------------------------------------------------
    def install_signals(self) -> None:
        for name in ("SIGTERM", "SIGINT", "SIGHUP"):
            signal.signal(getattr(signal, name), self._on_signal)

    def _on_signal(self, signum: int, _frame) -> None:
        if not self.stopped_by:
            self.stopped_by = signal.Signals(signum).name
        self.stop_event.set()

    # --- the loop --------------------------------------------------------------------
    def run(self) -> int:
        log.info("launcher %d: show = %s, state in %s", os.getpid(),
                 " ".join(self.app_argv()[1:]), self.s.state_dir)
        try:
            while not self.stop_event.is_set():
                code, reason = self.run_app_once()
                if code is None:
                    break                        # stopped by a signal
                if code == 0:
                    log.info("the show ended on purpose (exit 0); launcher ends too")
                    self.set_state("stopped")
                    return 0
                self.note_failure(reason)
                if self.too_many_restarts():
                    self.error_screen()
                else:
                    self.backoff()
        finally:
            self.shutdown()
        return 0

    def app_argv(self) -> list[str]:
        argv = [self.s.python, str(REPO / "main.py"), "--heartbeat", str(self.heartbeat)]
        args = list(self.s.app_args)
        if self.s.pass_log_dir and self.s.log_dir is not None and "--log-dir" not in args \
                and not any(a.startswith("--log-dir=") for a in args):
            args = ["--log-dir", str(self.s.log_dir), *args]
        return argv + args

    def run_app_once(self) -> tuple[int | None, str]:
        """Start the show and watch it until it ends or freezes. Returns (exit code, why it
        counts as a failure, "" if not), or (None, "") when a stop signal came."""
        try:
            self.heartbeat.unlink(missing_ok=True)   # a fresh show proves itself anew
        except OSError as exc:
            log.warning("cannot remove the old heartbeat %s (%s)", self.heartbeat, exc)
        self.starts += 1
        try:
            self.app = Child("app", self.app_argv(), str(REPO), child_env())
        except OSError as exc:  # e.g. the Python in the command line is gone
            log.error("cannot start the show: %s", exc)
            self.last_exit = None
            return 127, f"cannot start {self.s.python}: {exc.strerror or exc}"
        self.set_state("starting")
        log.info("show started (pid %d, start %d)", self.app.pid, self.starts)
        last_stamp, changed_at = None, time.monotonic()
        while not self.stop_event.wait(TICK):
            code = self.app.exit_code()
            if code is not None:
                self.app.finish()
                self.last_exit = exit_record(code)
                ran = time.monotonic() - self.app.started
                log.log(logging.INFO if code == 0 else logging.WARNING,
                        "show (pid %d) ended: %s after %.1f s", self.app.pid,
                        describe_exit(code), ran)
                if ran >= HEALTHY_RUN:
                    self.failures = 0
                reason = "" if code == 0 else self.exit_reason(code)
                self.app = None
                return code, reason
            stamp = self.heartbeat_stamp()
            now = time.monotonic()
            if stamp != last_stamp:      # judged on the monotonic clock: a Pi without a
                last_stamp, changed_at = stamp, now   # clock chip jumps when NTP syncs
                if stamp is not None and self.state != "running":
                    log.info("first heartbeat after %.1f s", now - self.app.started)
                    self.set_state("running")
            elif stamp is None and now - changed_at > self.s.startup_grace:
                return self.kill_frozen(f"froze: no heartbeat within {self.s.startup_grace:g} "
                                        "s of starting")
            elif stamp is not None and now - changed_at > self.s.heartbeat_timeout:
                return self.kill_frozen(f"froze: no heartbeat for "
                                        f"{self.s.heartbeat_timeout:g} s")
            if self.state != "running":
                self.ping()
        return None, ""

    def heartbeat_stamp(self) -> tuple[int, int] | None:
        try:
            st = self.heartbeat.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_ino   # os.replace gives every write a new inode

    def exit_reason(self, code: int) -> str:
        said = self.app.reason() if self.app and code > 0 else ""  # a kill says nothing
        return f"{describe_exit(code)}: {said}" if said else describe_exit(code)

    def kill_frozen(self, reason: str) -> tuple[int, str]:
        app = self.app
        assert app is not None
        if app.stopped():  # SIGSTOP: it could not answer; no second to wait
            log.warning("show (pid %d) %s; it is stopped (SIGSTOP): SIGKILL", app.pid, reason)
        else:
            log.warning("show (pid %d) %s; asking it for its stacks (SIGUSR1), then SIGKILL",
                        app.pid, reason)
            app.signal(signal.SIGUSR1)
            self.stop_event.wait(KILL_AFTER_DUMP)
        app.signal(signal.SIGKILL)
        code = app.proc.wait()
        app.finish()
        self.last_exit = exit_record(code)
        self.app = None
        return code, reason

    def note_failure(self, reason: str) -> None:
        self.last_reason = reason
        self.failures += 1
        now = time.monotonic()
        self.restarts.append(now)
        while self.restarts and now - self.restarts[0] > WINDOW:
            self.restarts.popleft()

    def too_many_restarts(self) -> bool:
        return len(self.restarts) > self.s.max_restarts

    def backoff(self) -> None:
        pause = BACKOFF[min(self.failures - 1, len(BACKOFF) - 1)]
        self.set_state("backoff")
        log.info("restarting the show in %g s (%s)", pause, self.last_reason)
        self.wait_pinging(pause)

    def error_screen(self) -> None:
        log.error("the show failed %d times within %g s; error screen for %g s, then "
                  "from scratch. Last: %s", len(self.restarts), WINDOW, self.s.cooldown,
                  self.last_reason)
        argv = [self.s.python, "-m", "exhibit.kiosk.errorscreen", "--reason", self.last_reason]
        if self.s.log_dir is not None:
            argv += ["--log", str(self.s.log_dir / "launcher.log")]
        argv += [a for a in self.s.app_args if a == "--windowed"]
        try:
            self.screen = Child("errorscreen", argv, str(REPO), child_env())
        except OSError as exc:
            log.error("cannot start the error screen: %s", exc)
        self.set_state("error_screen")
        self.notifier.send("READY=1")  # under systemd: the unit is up, showing the screen
        self.wait_pinging(self.s.cooldown)
        if self.screen is not None:
            self.screen.stop(STOP_GRACE)
            self.screen = None
        self.restarts.clear()
        self.failures = 0

    def wait_pinging(self, seconds: float) -> None:
        """Wait, but end at once on a stop signal; keep systemd's watchdog calm meanwhile
        (the show is not running on purpose)."""
        until = time.monotonic() + seconds
        while not self.stop_event.wait(min(TICK * 5, max(until - time.monotonic(), 0))):
            self.ping()
            if time.monotonic() >= until:
                return

    def ping(self) -> None:
        now = time.monotonic()
        every = (self.notifier.watchdog_seconds or 4.0) / 2
        if self.notifier.enabled and now - self._last_ping >= every:
            self._last_ping = now
            self.notifier.send("WATCHDOG=1")

    def shutdown(self) -> None:
        if self.stopped_by:
            log.info("%s: stopping the show and the launcher", self.stopped_by)
        self.notifier.send("STOPPING=1")
        for child in (self.app, self.screen):
            if child is not None:
                code = child.stop(STOP_GRACE)
                log.info("%s (pid %d) stopped: %s", child.name, child.pid, describe_exit(code))
        self.app = self.screen = None
        self.set_state("stopped")

    # --- state file ------------------------------------------------------------------
    def set_state(self, state: str) -> None:
        self.state = state
        now = time.monotonic()
        recent = sum(1 for t in self.restarts if now - t <= WINDOW)
        record = {"state": state, "launcher_pid": os.getpid(),
                  "pid": self.app.pid if self.app else None,
                  "error_screen_pid": self.screen.pid if self.screen else None,
                  "starts": self.starts, "restarts_last_minute": recent,
                  "last_exit": self.last_exit, "last_reason": self.last_reason,
                  "heartbeat": str(self.heartbeat), "time": round(time.time(), 3)}
        temp = self.state_file.with_name(f".{self.state_file.name}.tmp")
        try:
            temp.write_text(json.dumps(record, ensure_ascii=False) + "\n")
            os.replace(temp, self.state_file)
        except OSError as exc:
            if not self._state_failed:
                log.warning("state file %s cannot be written (%s)", self.state_file, exc)
            self._state_failed = True


def setup_logging(log_dir: Path | None) -> Path | None:
    """Lines to stderr and to `launcher.log` (1 MiB × 3) in `log_dir`; a folder that
    cannot be made costs the file, not the launcher. Returns the log file or None."""
    fmt = logging.Formatter("%(asctime)s %(name)s: %(message)s")
    root = logging.getLogger("sensorik")
    root.setLevel(logging.INFO)
    root.propagate = False
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(fmt)
    root.addHandler(stream)
    if log_dir is None:
        return None
    path = log_dir / "launcher.log"
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1 << 20, backupCount=3, encoding="utf-8")
    except OSError as exc:
        log.warning("no log file in %s (%s); logging to stderr only", log_dir,
                    exc.strerror or exc)
        return None
    handler.setFormatter(fmt)
    root.addHandler(handler)
    return path


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        raise SystemExit(usage_error(message))


def usage_error(message: str) -> int:
    print(f"sensorik-kiosk: {message}. Run 'sensorik-kiosk --help' for every option.",
          file=sys.stderr)
    return 2


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected seconds > 0, got {text!r}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 0, got {text!r}")
    return value


def parse_args(argv: list[str]) -> Settings:
    own, app_args = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv \
        else (argv, [])
    p = _Parser(prog="sensorik-kiosk", description="Starts the exhibit (main.py) and keeps it "
                "running: restarts after a crash or a freeze, a calm error screen after too "
                "many. Options after -- go to main.py.")
    p.add_argument("--heartbeat-timeout", type=_seconds, default=Settings.heartbeat_timeout,
                   metavar="S", help="kill and restart a show whose heartbeat is older "
                   f"(default {Settings.heartbeat_timeout:g})")
    p.add_argument("--startup-grace", type=_seconds, default=Settings.startup_grace,
                   metavar="S", help="how long a fresh show may take to its first heartbeat "
                   f"(default {Settings.startup_grace:g})")
    p.add_argument("--max-restarts", type=_count, default=Settings.max_restarts,
                   metavar="N", help="restarts within 60 s before the error screen "
                   f"(default {Settings.max_restarts})")
    p.add_argument("--cooldown", type=_seconds, default=Settings.cooldown, metavar="S",
                   help="how long the error screen stays before trying again "
                   f"(default {Settings.cooldown:g})")
    p.add_argument("--state-dir", type=Path, metavar="DIR",
                   help="heartbeat and launcher.json (default $XDG_RUNTIME_DIR/sensorik)")
    p.add_argument("--log-dir", type=Path, metavar="DIR",
                   help="launcher.log; given, also main.py's log folder (default "
                   "$XDG_STATE_HOME/sensorik; main.py then follows kiosk.log_dir)")
    ns = p.parse_args(own)
    return Settings(heartbeat_timeout=ns.heartbeat_timeout, startup_grace=ns.startup_grace,
                    max_restarts=ns.max_restarts, cooldown=ns.cooldown,
                    state_dir=ns.state_dir or default_state_dir(),
                    log_dir=ns.log_dir or default_log_dir(), pass_log_dir=bool(ns.log_dir),
                    app_args=app_args)


def main(argv: list[str] | None = None) -> int:
    try:
        settings = parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 0
    launcher = Launcher(settings)
    launcher.install_signals()
    setup_logging(settings.log_dir)
    try:
        settings.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        return usage_error(f"--state-dir {settings.state_dir}: cannot create it "
                           f"({exc.strerror or exc}); choose a writable folder")
    return launcher.run()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl+C before the handlers were installed
        sys.exit(0)
