"""`python -m exhibit.bench recovery`: how long the kiosk is without a show.

The launcher (`python -m exhibit.kiosk.launcher`) runs the real main.py; each round
measures, from the heartbeat file the launcher watches:

- launcher start → the first heartbeat (the show draws frames),
- kill -9 of the show → the next show's first heartbeat (a new pid),
- SIGSTOP of the show (a freeze) → the next show's first heartbeat, with the given
  `--heartbeat-timeout`.

Each incident gets a fresh launcher, so each sees the first (0.5 s) pause of the backoff,
as a show that had been running for a while would.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
POLL = 0.005


class _Launcher:
    def __init__(self, tmp: Path, timeout: float, app_args: list[str]) -> None:
        self.heartbeat = tmp / "run" / "heartbeat.json"
        env = dict(os.environ, XDG_STATE_HOME=str(tmp / "state"))
        env.setdefault("SDL_VIDEODRIVER", "dummy")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "exhibit.kiosk.launcher", "--state-dir", str(tmp / "run"),
             "--log-dir", str(tmp / "log"), "--heartbeat-timeout", f"{timeout:g}", "--",
             *app_args], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)

    def pid(self) -> int | None:
        try:
            return json.loads(self.heartbeat.read_text())["pid"]
        except (OSError, ValueError, KeyError):
            return None

    def next_pid(self, old: int | None, deadline: float = 120.0) -> tuple[int, float]:
        """Wait for a heartbeat from a show other than `old`: (its pid, the time)."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            pid = self.pid()
            if pid is not None and pid != old:
                return pid, time.monotonic()
            time.sleep(POLL)
        raise TimeoutError("no heartbeat from a new show within "
                           f"{deadline:g} s; see the launcher's log")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def one_round(timeout: float, app_args: list[str]) -> dict[str, float]:
    out = {}
    with tempfile.TemporaryDirectory(prefix="sensorik-recovery-") as tmp:
        launcher = _Launcher(Path(tmp) / "a", timeout, app_args)
        try:
            pid, seen = launcher.next_pid(None)
            out["start"] = seen - launcher.started
            time.sleep(1.0)                  # a show that is up and beating
            os.kill(pid, signal.SIGKILL)
            killed = time.monotonic()
            _, seen = launcher.next_pid(pid)
            out["kill"] = seen - killed
        finally:
            launcher.stop()
        launcher = _Launcher(Path(tmp) / "b", timeout, app_args)
        try:
            pid, _ = launcher.next_pid(None)
            time.sleep(1.0)
            os.kill(pid, signal.SIGSTOP)
            frozen = time.monotonic()
            _, seen = launcher.next_pid(pid, timeout + 120)
            out["freeze"] = seen - frozen
        finally:
            launcher.stop()
    return out


def main(timeout: float = 10.0, rounds: int = 3, app_args: list[str] | None = None) -> int:
    args = app_args or ["--port", "sim", "--windowed", "--size", "1280x720"]
    print(f"recovery: the launcher with main.py {' '.join(args)}; --heartbeat-timeout "
          f"{timeout:g} s; {rounds} rounds")
    results: dict[str, list[float]] = {"start": [], "kill": [], "freeze": []}
    for i in range(rounds):
        try:
            got = one_round(timeout, args)
        except TimeoutError as exc:
            print(f"round {i + 1}: {exc}")
            return 1
        print(f"round {i + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in got.items()))
        for key, value in got.items():
            results[key].append(value)
    labels = {"start": "launcher start → first heartbeat",
              "kill": "kill -9 → next show's heartbeat",
              "freeze": f"SIGSTOP → next show's heartbeat (timeout {timeout:g} s)"}
    print(f"{'':<52}{'median':>8}{'min':>8}{'max':>8}")
    for key, label in labels.items():
        values = results[key]
        print(f"{label:<52}{statistics.median(values):8.2f}{min(values):8.2f}"
              f"{max(values):8.2f}")
    return 0
