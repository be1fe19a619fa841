"""Each protocol end to end: bytes into a pty, main.py with that `device.protocol`, the
recorded readings out. Firmata also checks the set-up the app sends to the board."""

from __future__ import annotations

import os
import select
import time
from pathlib import Path

from tests.apprunner import RunningApp, wait_until
from tests.conftest import ROOT

MAPPING = {"light": ("1", "A0"), "soil": ("2", "A1"), "motion": ("3", "D2")}


def config_for(tmp: Path, protocol: str) -> Path:
    """The shipped config with `protocol` and columns/pins for light, soil and motion."""
    text = (ROOT / "exhibit.yaml").read_text().replace(
        "device: {port: auto, baud: 115200, protocol: lines}",
        f"device: {{port: auto, baud: 115200, protocol: {protocol}}}")
    for sensor, (column, pin) in MAPPING.items():
        key = "motion" if sensor == "motion" else sensor
        text = text.replace(f"    key: {key}\n", f"    key: {key}\n    column: {column}\n"
                            f"    pin: {pin}\n", 1)
    path = tmp / f"{protocol}.yaml"
    path.write_text(text)
    return path


def recorded(app: RunningApp, sensor: str) -> list[float]:
    return [r["raw"] for r in app.recorded() if r["sensor"] == sensor]


def run_protocol(tmp: Path, protocol: str, payload: bytes, expect: int) -> RunningApp:
    app = RunningApp(tmp, extra=("--config", str(config_for(tmp, protocol))))
    try:
        app.wait_for_log(": connected")
        app.write(payload)
        wait_until(lambda: len(app.recorded()) >= expect, f"{expect} {protocol} readings")
    finally:
        assert app.stop() == 0
    return app


def test_json_lines_end_to_end(tmp_path):
    lines = b"".join(b'{"light": %d, "soil": 400, "env": {"x": 1}}\n' % (100 + i)
                     for i in range(20))
    app = run_protocol(tmp_path, "json", lines, expect=40)
    assert recorded(app, "light") == [100.0 + i for i in range(20)]
    assert recorded(app, "soil") == [400.0] * 20


def test_csv_with_header_end_to_end(tmp_path):
    rows = b"light,soil,motion\n" + b"".join(b"%d;%d\t1\n" % (200 + i, 300 - i)
                                             for i in range(20))
    app = run_protocol(tmp_path, "csv", rows, expect=60)
    assert recorded(app, "light") == [200.0 + i for i in range(20)]
    assert recorded(app, "soil") == [300.0 - i for i in range(20)]
    assert recorded(app, "motion") == [1.0] * 20


def read_setup(app: RunningApp, want: bytes, deadline: float = 10.0) -> bytes:
    """What the app sent to the 'board' until `want` shows up in it."""
    got = b""
    end = time.monotonic() + deadline
    while want not in got and time.monotonic() < end:
        ready, _, _ = select.select([app.pty.master], [], [], 0.1)
        if ready:
            got += os.read(app.pty.master, 1024)
    return got


def test_firmata_end_to_end_with_set_up_and_firmware_report(tmp_path):
    app = RunningApp(tmp_path, extra=("--config", str(config_for(tmp_path, "firmata"))))
    try:
        app.wait_for_log(": connected")
        setup = read_setup(app, b"\xC1\x01")
        assert b"\xF0\x79\xF7" in setup            # asks for the firmware
        assert b"\xC0\x01" in setup and b"\xC1\x01" in setup  # reports A0 and A1
        assert b"\xD0\x01" in setup                # reports port 0 (D2)
        name = b"".join(bytes((c, 0)) for c in b"StandardFirmata.ino")
        app.write(b"\xF9\x02\x05" + b"\xF0\x79\x02\x05" + name + b"\xF7")
        for value in range(600, 620):              # A0 values as 14-bit pairs
            app.write(bytes((0xE0, value & 0x7F, value >> 7)))
        app.write(b"\xE1\x7F\x03")                 # A1 = 511
        app.write(b"\x90\x04\x00")                 # D2 high
        wait_until(lambda: len(app.recorded()) >= 22, "firmata readings")
    finally:
        assert app.stop() == 0
    assert recorded(app, "light") == [600.0 + i for i in range(20)]
    assert recorded(app, "soil") == [511.0]
    assert recorded(app, "motion") == [1.0]
    assert app.diagnostics()["hello"].startswith("StandardFirmata")
