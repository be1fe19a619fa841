"""main.py as a subprocess on real pseudo-terminals, the way tests drive the real app.

`Pty` (exhibit.devtools.ptypair) is the board's port; its `close` pulls the cable."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from exhibit.devtools.ptypair import Pty
from tests.conftest import ROOT, app_env, main_cmd

DEADLINE = 30.0


def wait_until(check: Callable[[], bool], what: str, deadline: float = DEADLINE) -> None:
    """Poll `check` until true; fail with `what` after `deadline` seconds (no bare sleeps)."""
    end = time.monotonic() + deadline
    while not check():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.02)


class RunningApp:
    """main.py on `port` (default: a fresh pty); collects its log lines in the background."""

    def __init__(self, tmp: Path, frames: int | None = None, extra: tuple[str, ...] = (),
                 port: str | None = None, env: dict[str, str] | None = None) -> None:
        self.pty = None if port else Pty()
        self.port = port or self.pty.path
        self.record = tmp / "readings.jsonl"
        self.shot = tmp / "shot.png"
        args = ["--port", self.port, "--windowed", "--size", "1280x720",
                "--record", str(self.record), "--screenshot", str(self.shot), *extra]
        if frames:
            args += ["--frames", str(frames)]
        self.proc = subprocess.Popen(main_cmd(*args), cwd=ROOT, env=env or app_env(),
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True)
        self.log: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.log.append(line)

    def count_log(self, text: str) -> int:
        return sum(text in line for line in list(self.log))

    def wait_for_log(self, text: str, times: int = 1) -> None:
        def seen() -> bool:
            assert self.proc.poll() is None, f"app ended early:\n{''.join(self.log)}"
            return self.count_log(text) >= times
        try:
            wait_until(seen, f"{text!r} ×{times} in the log")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{''.join(self.log)}") from None

    def write(self, data: bytes) -> None:
        assert self.pty is not None
        self.pty.write(data)

    def stop(self) -> int:
        """Ask the app to end as systemd would (SIGTERM) and wait for it."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.finish()

    def finish(self) -> int:
        try:
            code = self.proc.wait(DEADLINE)
        finally:
            self.proc.kill()
            if self.pty is not None:
                self.pty.close()
        self._reader.join(5)
        return code

    def recorded(self) -> list[dict]:
        """The recorded readings (without the session header and gap lines)."""
        return [item for item in self.recording() if "sensor" in item]

    def recording(self) -> list[dict]:
        """Every complete line of the recording: session headers, readings, gaps (a line
        the app is still writing is left for the next look)."""
        if not self.record.exists():
            return []
        lines = self.record.read_text().split("\n")[:-1]
        return [json.loads(line) for line in lines]

    def diagnostics(self) -> dict:
        line = next(line for line in reversed(self.log) if "diagnostics: " in line)
        return json.loads(line.split("diagnostics: ", 1)[1])


def run_with_lines(tmp: Path, lines: list[bytes], frames: int = 150,
                   extra: tuple[str, ...] = ()) -> RunningApp:
    app = RunningApp(tmp, frames, extra)
    app.wait_for_log(": connected")
    for line in lines:
        app.write(line)
    code = app.finish()
    assert code == 0, "".join(app.log)
    return app
