"""The whole data-platform chain, as at a conference with two rooms and a staff demo.

Exhibit A reads its model on a serial port (a pty here) and publishes under `<prefix-a>/`;
exhibit B does the same under `<prefix-b>/`; exhibit C has no model and takes A's readings
from the broker (`--port mqtt://…/<prefix-a>`). All three are the real main.py.

`python -m exhibit.bench platform` calls `chain_latency`: a new parking count written to A's
port → the same count in C's recording (which C's frame loop writes once a frame has drained
it): median and p99. The publisher's snapshot rate (20 Hz) is part of it, as at the booth.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from exhibit.devtools.hil_bench import RecordTail
from exhibit.devtools.mosquitto import Mosquitto
from exhibit.devtools.ptypair import Pty
from exhibit.numbers import percentile

ROOT = Path(__file__).resolve().parents[2]
SENSOR, KEY = "parking", "park"   # no filters: what A reads is what it publishes


def publishing_config(folder: Path, url: str, prefix: str, rate_hz: float = 20) -> Path:
    """The shipped exhibit.yaml plus a publish.mqtt section (plain JSON under `prefix`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "exhibit.yaml"
    path.write_text((ROOT / "exhibit.yaml").read_text() +
                    f"\npublish:\n  mqtt:\n    url: {url}\n    topic_prefix: {prefix}\n"
                    f"    rate_hz: {rate_hz}\n    client_id: {prefix.replace('/', '-')}\n")
    return path


class Exhibit:
    """main.py as a subprocess: on a fresh pty (the model's port) or on `port`."""

    def __init__(self, folder: Path, port: str | None = None, config: Path | None = None,
                 env: dict[str, str] | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.pty = None if port else Pty()
        self.record = folder / "readings.jsonl"
        args = ["--port", port or self.pty.path, "--windowed", "--size", "640x360",
                "--record", str(self.record)]
        if config is not None:
            args += ["--config", str(config)]
        env = dict(env or os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                   PYGAME_HIDE_SUPPORT_PROMPT="1", PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT,
                                     env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self._tail = RecordTail(self.record, SENSOR, "value")

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.log.append(line)

    def send(self, line: str) -> None:
        """A line on the model's serial port."""
        self.pty.write(line.encode() + b"\n")

    def new_values(self) -> list[float]:
        """Values of the parking sensor recorded since the last call (whole lines only)."""
        return self._tail.new()

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            return self.proc.wait(20)
        finally:
            self.proc.kill()
            if self.pty is not None:
                self.pty.close()


def wait_for_value(exhibit: Exhibit, value: float, timeout: float) -> None:
    end = time.monotonic() + timeout
    while value not in exhibit.new_values():
        if exhibit.proc.poll() is not None:
            raise RuntimeError("the exhibit ended:\n" + "".join(exhibit.log[-20:]))
        if time.monotonic() > end:
            raise TimeoutError(f"{SENSOR}={value} not recorded within {timeout} s:\n"
                               + "".join(exhibit.log[-20:]))
        time.sleep(0.001)


def warm_up(a: Exhibit, c: Exhibit, line: str, value: float, timeout: float = 60) -> None:
    """Send `line` to A every 0.1 s (a quiet port would go stale and the simulator would
    stand in) until C, subscribed to A's topics, has recorded `value`."""
    end = time.monotonic() + timeout
    while True:
        a.send(line)
        try:
            wait_for_value(c, value, 0.1)
            return
        except TimeoutError:
            if time.monotonic() > end:
                raise


def chain_latency(steps: int = 60) -> list[float]:
    """ms from a new count on A's port to that count in C's recording, `steps` times."""
    with tempfile.TemporaryDirectory(prefix="platform-chain-") as tmp:
        folder = Path(tmp)
        with Mosquitto(folder / "broker") as broker:
            config = publishing_config(folder / "a", broker.url, "bench/a")
            a = Exhibit(folder / "a", config=config)
            c = Exhibit(folder / "c", port=f"{broker.url}/bench/a")
            try:
                count = 0
                # the calibration turns occupied bays into free ones: value = 6 - count
                warm_up(a, c, f"{KEY}={count}", 6.0)
                latencies = []
                for i in range(steps):
                    count = (count + 1 + i % 3) % 7
                    started = time.monotonic()
                    a.send(f"{KEY}={count}")
                    wait_for_value(c, float(6 - count), 5)
                    latencies.append((time.monotonic() - started) * 1000)
                    time.sleep(0.06 + (i % 5) * 0.011)   # land anywhere in A's 20 Hz cycle
            finally:
                a.stop()
                c.stop()
    return latencies


def print_chain(steps: int = 60) -> None:
    ordered = sorted(chain_latency(steps))
    median = ordered[len(ordered) // 2]
    p99 = percentile(ordered, 0.99)
    print(f"  chain: A's serial port → broker → C's recording ({steps} steps, A publishing "
          f"at 20 Hz): median {median:.0f} ms, p99 {p99:.0f} ms, max {ordered[-1]:.0f} ms")
