"""`python -m exhibit.bench hil [--steps N]`: the whole chain on a simulated Uno.

Our firmware (firmware/sensor_model) runs in the rig (exhibit/devtools/simarduino.py);
main.py reads it as at the exhibit (subprocess, SDL dummy driver, `--record`). Each step
sets a new voltage on the CD4051's light channel and times until main.py's recording holds
that value: the chain latency (rig command → ADC → 20 Hz frame → UART → pty → reader thread
→ decoder → queue → frame loop → recorder → file), median and p99. Then each firmware runs
alone for a few seconds: the rig's CPU share per simulated board (`STATS cpu=`), and the
flash and RAM use of every sketch (scripts/build-hil.sh, avr-size).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from exhibit.numbers import percentile
from exhibit.devtools.simarduino import (APT, FIRMATA_HEX, ROOT, SimArduino, adc_counts, build,
                                         firmware, toolchain_missing)

LIGHT_CHANNEL = 0     # CD4051 channel of the light sensor (firmware/README.md pin map)
STEP_TIMEOUT = 5.0


class RecordTail:
    """New readings of one sensor in a growing JSON-lines recording (whole lines only)."""

    def __init__(self, path: Path, sensor: str, field: str = "raw") -> None:
        self.path, self.sensor, self.field, self.offset, self.rest = path, sensor, field, 0, b""

    def new(self) -> list[float]:
        """The `field` ("raw" unless said otherwise) of each reading recorded since the
        last call."""
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except FileNotFoundError:
            return []
        self.offset += len(data)
        *lines, self.rest = (self.rest + data).split(b"\n")
        items = (json.loads(line) for line in lines if line.strip())
        return [item[self.field] for item in items if item.get("sensor") == self.sensor]


def chain_latency(steps: int) -> tuple[list[float], dict[str, float]]:
    """Latencies in ms of `steps` voltage steps, and the board's STATS while main.py read."""
    with tempfile.TemporaryDirectory(prefix="hil-bench-") as tmp, \
            SimArduino(firmware("sensor_model"), link=Path(tmp) / "ttySIM") as board:
        record = Path(tmp) / "readings.jsonl"
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                   PYGAME_HIDE_SUPPORT_PROMPT="1")
        app = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--port", str(board.port),
                                "--windowed", "--size", "640x360", "--record", str(record)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        tail = RecordTail(record, "light")
        rng = random.Random(1)
        latencies: list[float] = []
        try:
            board.set_mux(LIGHT_CHANNEL, 200)
            wait_for(tail, adc_counts(200), 30.0)       # main.py started and reads the board
            for i in range(steps):
                millivolts = 400 + (i * 83) % 4400       # a new count every step
                started = time.monotonic()
                board.set_mux(LIGHT_CHANNEL, millivolts)
                wait_for(tail, adc_counts(millivolts), STEP_TIMEOUT)
                latencies.append((time.monotonic() - started) * 1000)
                time.sleep(rng.uniform(0.0, 0.05))       # land anywhere in the 20 Hz frame
            stats = board.stats()
        finally:
            app.terminate()
            app.wait(10)
    return latencies, stats


def wait_for(tail: RecordTail, raw: int, timeout: float) -> None:
    end = time.monotonic() + timeout
    while raw not in tail.new():
        if time.monotonic() > end:
            raise TimeoutError(f"light={raw} not recorded within {timeout} s")
        time.sleep(0.001)


def cpu_alone(fw: Path, seconds: float) -> dict[str, float]:
    with SimArduino(fw) as board:
        time.sleep(seconds)
        return board.stats()


def main(steps: int = 50, seconds: float = 4.0) -> int:
    if missing := toolchain_missing():
        print(f"the AVR toolchain is missing ({', '.join(missing)}): {APT}", file=sys.stderr)
        return 2
    sizes = build()
    print("firmware size (avr-size, static RAM):")
    for line in sizes.splitlines():
        if "flash" in line:
            print("  " + line.removeprefix("build-hil: ").strip())
    latencies, stats = chain_latency(steps)
    print(f"chain latency, voltage set → value in main.py's recording ({steps} steps): "
          f"median {statistics.median(latencies):.1f} ms, p99 {percentile(latencies, 0.99):.1f}"
          f" ms, min {min(latencies):.1f} ms, max {max(latencies):.1f} ms")
    print("rig CPU per simulated board (share of one core; simulated/wall time):")
    print(f"  {'sensor_model, read by main.py':<34} cpu {stats['cpu']:.2f}  ratio "
          f"{stats['ratio']:.3f}")
    for name, fw in (("sensor_model, unread", firmware("sensor_model")),
                     ("AnalogReadSerial, unread", firmware("AnalogReadSerial")),
                     ("StandardFirmata, unread", FIRMATA_HEX)):
        alone = cpu_alone(fw, seconds)
        print(f"  {name:<34} cpu {alone['cpu']:.2f}  ratio {alone['ratio']:.3f}")
    return 0
