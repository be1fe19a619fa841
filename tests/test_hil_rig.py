"""Hardware in the loop on a simulated Arduino Uno (exhibit/devtools/simarduino.py): real
firmware — StandardFirmata, Arduino's AnalogReadSerial example and our own — in libsimavr
behind a pty, and the real main.py reading it. Skips without the AVR toolchain (the apt
command says what to install); under CI=true that fails, as .ci/run installs and builds it.
One simulated board per module where the tests can share it: each costs a core's fraction
in real time."""

from __future__ import annotations


import pytest

from exhibit.devtools.simarduino import FIRMATA_HEX, SimArduino, adc_counts, build, firmware
from tests.apprunner import RunningApp, wait_until
from tests.conftest import ROOT, need_avr_toolchain

counts = adc_counts


@pytest.fixture(scope="module")
def rig() -> str:
    """The harness and every sketch built (scripts/build-hil.sh); its flash/RAM report."""
    need_avr_toolchain()
    return build()


def firmata_config(tmp) -> str:
    """The shipped config speaking Firmata: light on A0, soil on A1, motion on D2."""
    text = (ROOT / "exhibit.yaml").read_text().replace(
        "device: {port: auto, baud: 115200, protocol: lines}",
        "device: {port: auto, baud: 57600, protocol: firmata}")
    for key, pin in (("light", "A0"), ("soil", "A1"), ("motion", "D2")):
        text = text.replace(f"    key: {key}\n", f"    key: {key}\n    pin: {pin}\n", 1)
    path = tmp / "firmata.yaml"
    path.write_text(text)
    return str(path)


def raws(app: RunningApp, sensor: str, since: int = 0) -> list[float]:
    return [r["raw"] for r in app.recorded()[since:] if r["sensor"] == sensor]


def changes(values: list[float]) -> list[float]:
    """`values` with each run of repeats folded into one."""
    return [v for i, v in enumerate(values) if i == 0 or values[i - 1] != v]


@pytest.fixture(scope="module")
def firmata(rig, tmp_path_factory):
    """StandardFirmata on a simulated Uno, main.py --protocol firmata reading it."""
    tmp = tmp_path_factory.mktemp("firmata")
    with SimArduino(FIRMATA_HEX) as board:
        board.set_adc(0, 1000)
        board.set_adc(1, 3000)
        app = RunningApp(tmp, extra=("--config", firmata_config(tmp)), port=str(board.port))
        try:
            yield board, app
        finally:
            assert app.stop() == 0, "".join(app.log)


def test_firmata_analog_and_digital_readings_arrive(firmata):
    board, app = firmata
    wait_until(lambda: counts(1000) in raws(app, "light") and counts(3000) in raws(app, "soil"),
               "A0 and A1 from StandardFirmata")
    board.set_adc(0, 4000)
    wait_until(lambda: raws(app, "light")[-1] == counts(4000), "A0 moved to 4 V")
    board.set_pin("D2", 1)
    wait_until(lambda: raws(app, "motion")[-1:] == [1.0], "D2 high")
    board.set_pin("D2", 0)
    wait_until(lambda: raws(app, "motion")[-1:] == [0.0], "D2 low")


def test_firmata_unplug_and_replug_on_the_same_path_loses_nothing_after_it(firmata):
    board, app = firmata
    wait_until(lambda: len(raws(app, "light")) > 0, "readings before the unplug")
    connects = app.count_log(": connected")
    board.set_pin("D2", 0)
    board.restart()                      # a new board and pty behind the same link path
    assert board.starts == 2
    board.set_adc(1, 500)                # a value only the new board can report
    app.wait_for_log(": connected", connects + 1)
    # the set-up is redone on the fresh board: A1 (set only after the replug) reports
    wait_until(lambda: counts(500) in raws(app, "soil"), "A1 after the replug")
    after = len(app.recorded())
    # every digital change after the replug reaches the recording, in order. A reconnect
    # (a loaded machine can starve the simulated board past stale_after) makes the board
    # report D2's level once more: a repeat, not a loss, so repeats are folded.
    expected = [1.0, 0.0] * 5
    for i in range(10):
        board.set_pin("D2", (i + 1) % 2)
        try:
            wait_until(lambda: changes(raws(app, "motion", after)) == expected[:i + 1],
                       f"D2 change {i + 1}")
        except AssertionError as exc:
            raise AssertionError(f"{exc}: motion {raws(app, 'motion', after)}\n"
                                 + "".join(app.log[-30:])) from None
    board.set_adc(0, 3500)
    wait_until(lambda: raws(app, "light")[-1] == counts(3500), "A0 after the replug")
    assert [line for line in app.recording() if "gap" in line] == []


def test_two_boards_the_hello_probe_picks_ours(rig, tmp_path):
    """Arduino's AnalogReadSerial (bare numbers, no hello) and our firmware at once, behind
    one port pattern: the probe asks both and takes the board that names our model."""
    config = tmp_path / "lines.yaml"
    config.write_text((ROOT / "exhibit.yaml").read_text().replace(
        "device: {port: auto, baud: 115200, protocol: lines}",
        "device: {port: auto, baud: 115200, protocol: lines, hello_timeout: 2}"))
    links = tmp_path / "links"
    links.mkdir()
    with SimArduino(firmware("AnalogReadSerial"), link=links / "ttyA-example") as other, \
            SimArduino(firmware("sensor_model"), link=links / "ttyB-ours") as ours:
        other.set_adc(0, 2500)          # it prints 511, 511, … meanwhile
        ours.set_mux(0, 1000)           # light: CD4051 channel 0
        app = RunningApp(tmp_path, port=str(links / "tty*"), extra=("--config", str(config)))
        try:
            app.wait_for_log("answers as sensorik-stadt")
            wait_until(lambda: counts(1000) in raws(app, "light"), "light from our board")
            ours.set_mux(0, 3000)
            wait_until(lambda: raws(app, "light")[-1] == counts(3000), "light moved to 3 V")
        finally:
            assert app.stop() == 0, "".join(app.log)
    chosen = [line for line in app.log if "answers as" in line]
    assert len(chosen) == 1 and "ttyB-ours" in chosen[0], chosen
    facts = app.diagnostics()
    assert facts["source"].endswith("ttyB-ours") and facts["hello"].startswith("sensorik-stadt")
