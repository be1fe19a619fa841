"""A simulated Arduino Uno for hardware-in-the-loop tests and benches: real firmware in
libsimavr (`hil/avr_uart_bridge.c`, built by `scripts/build-hil.sh` into `build/hil/`), its
UART behind a pseudo-terminal that the app opens like a USB port.

    with SimArduino(firmware("AnalogReadSerial")) as board:   # built on demand
        run_app("--port", str(board.port))                     # a stable symlink
        board.set_adc(0, 2500)        # 2.5 V on A0
        board.set_mux(3, 1200)        # 1.2 V on the CD4051's channel 3 (→ A0 when selected)
        board.set_pin("D2", 1)        # Uno pin 2 high
        board.pulse("D3", 50, 5, 5)   # 50 breaks of the light barrier on D3, 5 ms each
        board.restart()               # unplug and replug: the same port path again

Several boards run at once, each with its own link path. The harness ends with the process
that started it (end of its stdin). No pyserial here: the app under test does the reading.
"""

from __future__ import annotations

import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "hil"
HARNESS = BUILD / "avr_uart_bridge"
FIRMATA_HEX = ROOT / "hil" / "firmata" / "StandardFirmata.uno.hex"
BUILD_SCRIPT = ROOT / "scripts" / "build-hil.sh"
PACKAGES = "gcc-avr avr-libc arduino-core-avr arduino-builder simavr libsimavr-dev"
APT = f"sudo apt-get install {PACKAGES}"


class BuildError(RuntimeError):
    pass


def toolchain_missing() -> list[str]:
    """The Debian packages of the rig that are not installed (by their files)."""
    checks = {"gcc-avr": shutil.which("avr-gcc"),
              "arduino-builder": shutil.which("arduino-builder"),
              "simavr": shutil.which("simavr"),
              "avr-libc": Path("/usr/lib/avr/include/avr/io.h").exists(),
              "arduino-core-avr": Path("/usr/share/arduino/hardware/arduino/avr").exists(),
              "libsimavr-dev": Path("/usr/include/simavr/sim_avr.h").exists()}
    return [pkg for pkg, found in checks.items() if not found]


def build() -> str:
    """Run scripts/build-hil.sh (it rebuilds only what is stale); its report on success."""
    done = subprocess.run([str(BUILD_SCRIPT)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"scripts/build-hil.sh failed ({done.returncode}):\n{done.stderr}")
    return done.stderr


def firmware(sketch: str) -> Path:
    """The built ELF of a sketch under firmware/ or hil/sketches/ (built when stale)."""
    build()
    elf = BUILD / sketch / f"{sketch}.ino.elf"
    if not elf.exists():
        raise BuildError(f"no sketch named {sketch!r} under firmware/ or hil/sketches/")
    return elf


class SimArduino:
    def __init__(self, firmware: str | Path, link: Path | None = None,
                 mcu: str = "atmega328p", freq: int = 16_000_000) -> None:
        self.firmware = Path(firmware)
        self._tmpdir = None if link else tempfile.mkdtemp(prefix="simarduino-")
        self.port = Path(link) if link else Path(self._tmpdir) / "ttySIM0"
        self.args = [str(HARNESS), "-m", mcu, "-f", str(freq), "-l", str(self.port),
                     str(self.firmware)]
        self.proc: subprocess.Popen | None = None
        self.pty: str | None = None
        self.starts = 0
        self._lines: queue.Queue[str] = queue.Queue()
        self._inputs: dict[str, str] = {}   # what the sensors apply: kept over an unplug
        self.errors: list[str] = []

    # --- life cycle ---------------------------------------------------------------------

    def start(self, timeout: float = 5.0) -> SimArduino:
        if not HARNESS.exists():
            build()
        self._lines = queue.Queue()
        self.proc = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)
        threading.Thread(target=self._read, args=(self.proc, self._lines), daemon=True).start()
        ready = self._expect("READY ", timeout)
        self.pty = ready.split()[1]
        self.starts += 1
        for command in self._inputs.values():  # the sensors still apply their voltages
            self._cmd(command)
        return self

    def restart(self) -> SimArduino:
        """Unplug and replug: the board stops and starts again on the same link path; the
        inputs set so far (voltages, pins) apply again from its start, as wired sensors do."""
        self._end()
        return self.start()

    def stop(self) -> None:
        self._end()
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)

    def __enter__(self) -> SimArduino:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _end(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        try:
            proc.stdin.write("quit\n")
            proc.stdin.flush()
            proc.wait(timeout=3)
        except (BrokenPipeError, OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait(timeout=3)

    @staticmethod
    def _read(proc: subprocess.Popen, lines: queue.Queue[str]) -> None:
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put("")  # end of output

    def _expect(self, prefix: str, timeout: float) -> str:
        end = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"{self.firmware.name}: no {prefix!r} in {timeout} s") \
                    from None
            if line.startswith(prefix):
                return line
            if line.startswith("ERR"):
                self.errors.append(line)
            elif line == "" and (self.proc is None or self.proc.poll() is not None):
                raise RuntimeError(f"{self.firmware.name}: the harness ended "
                                   f"({self.errors or 'no error printed'})")

    # --- touching the board -------------------------------------------------------------

    def _cmd(self, text: str) -> None:
        assert self.proc is not None, "board not started"
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def _input(self, key: str, command: str) -> None:
        self._inputs[key] = command
        self._cmd(command)

    def set_adc(self, channel: int, millivolts: float) -> None:
        """A0..A5 (A0 only when no mux is used)."""
        self._input(f"adc {channel}", f"adc {channel} {round(millivolts)}")

    def set_mux(self, channel: int, millivolts: float) -> None:
        """What the CD4051 passes to A0 while the firmware selects `channel` on D5-D7."""
        self._input(f"mux {channel}", f"mux {channel} {round(millivolts)}")

    def set_pin(self, pin: str, value: int) -> None:
        """Drive a digital input by Uno name: D0..D13, A0..A5."""
        self._input(f"pin {avr_pin(pin)}", f"pin {avr_pin(pin)} {1 if value else 0}")

    def pulse(self, pin: str, n: int, low_ms: float, high_ms: float,
              wait: bool = True) -> None:
        """n low pulses on an idle-high input, timed in simulated cycles; waits until done."""
        self._cmd(f"pulse {avr_pin(pin)} {n} {low_ms} {high_ms}")
        if wait:
            self._expect("PULSED ", 2 + n * (low_ms + high_ms) / 1000 * 2)

    def stats(self) -> dict[str, float]:
        """Simulated and wall seconds since start, their ratio and the harness's CPU share."""
        self._cmd("stats")
        line = self._expect("STATS ", 3)
        return {k: float(v) for k, v in (f.split("=") for f in line.split()[1:])}


def adc_counts(millivolts: float, vcc_mv: float = 5000) -> int:
    """What the simulated Uno's 10-bit ADC reads for `millivolts` (AVCC reference; simavr
    scales by 1023 where the datasheet says 1024)."""
    return max(0, min(1023, int(millivolts * 1023 / vcc_mv)))


def avr_pin(name: str) -> str:
    """Uno pin name → AVR port bit: D0-D7 → D0-D7, D8-D13 → B0-B5, A0-A5 → C0-C5."""
    kind, number = name[0].upper(), int(name[1:])
    if kind == "D" and 0 <= number <= 7:
        return f"D{number}"
    if kind == "D" and 8 <= number <= 13:
        return f"B{number - 8}"
    if kind == "A" and 0 <= number <= 5:
        return f"C{number}"
    raise ValueError(f"no Uno pin {name!r} (D0..D13, A0..A5)")


__all__ = ["SimArduino", "firmware", "build", "toolchain_missing", "avr_pin", "adc_counts",
           "BuildError",
           "APT", "PACKAGES", "FIRMATA_HEX", "HARNESS", "BUILD"]
