"""Our reference firmware (firmware/sensor_model) on a simulated Uno, read by the real
main.py: every input of the fixed pin map reaches the recording as the right sensor and
moves it the right way — the CD4051 channels and A1/A2 as raw counts and calibrated units,
the PIR as motion, the six bay barriers as free parking bays, 50 quick light-barrier
breaks as exactly 50 bike passes — and the board answers `?` with its hello.

One simulated board and one app for the whole module (each board costs real seconds and a
core's fraction). Skips without the AVR toolchain (the apt command says what to install);
under CI=true that fails, as .ci/run installs and builds it."""

from __future__ import annotations

import time

import pytest
import serial

from exhibit.config import load_config
from exhibit.devtools.simarduino import SimArduino, firmware
from tests.apprunner import RunningApp, wait_until
from tests.conftest import ROOT, need_avr_toolchain

VCC_MV = 5000
BAYS = ("D8", "D9", "D10", "D11", "D12", "D13")
SENSORS = load_config(ROOT / "exhibit.yaml").sensors

# sensor id: (where the firmware reads it, millivolts at rest, millivolts touched, the
# direction its calibrated value moves from rest to touched). Every input gets other
# millivolts, so a channel read as the wrong sensor shows.
ANALOG = {
    "light": (("mux", 0), 900, 3100, -1),     # a hand over the LDR: higher voltage, fewer lx
    "soil": (("mux", 1), 2500, 1400, +1),     # capacitive probe: wetter reads lower
    "bin": (("mux", 2), 950, 2300, +1),       # Sharp IR: nearer rubbish, higher voltage
    "co2": (("mux", 3), 520, 1500, +1),       # MH-Z19B: 0.4-2.0 V = 0-5000 ppm
    "humidity": (("mux", 4), 2100, 3600, +1),  # HIH-4030
    "water": (("mux", 5), 300, 3250, +1),     # level strip: deeper reads higher
    "noise": (("mux", 6), 800, 2050, +1),     # SEN0232: 50 dB(A) per volt
    "temp": (("adc", 1), 700, 880, +1),       # TMP36: 20 °C, then 38 °C
    "road": (("adc", 2), 560, 480, -1),       # TMP36 in the bridge: 6 °C, then -2 °C
}


def counts(millivolts: float) -> int:
    """What the simulated Uno's 10-bit ADC reads (simavr scales by 1023)."""
    return min(1023, int(millivolts * 1023 / VCC_MV))


def set_input(board: SimArduino, where: tuple[str, int], millivolts: float) -> None:
    kind, channel = where
    (board.set_mux if kind == "mux" else board.set_adc)(channel, millivolts)


def latest(app: RunningApp, sensor: str, field: str = "raw") -> float | None:
    for item in reversed(app.recorded()):
        if item["sensor"] == sensor:
            return item[field]
    return None


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    """Our firmware on one simulated Uno, inputs at rest, bays free, main.py recording it."""
    need_avr_toolchain()
    tmp = tmp_path_factory.mktemp("sensor_model")
    with SimArduino(firmware("sensor_model")) as board:
        for where, rest, _, _ in ANALOG.values():
            set_input(board, where, rest)
        for pin in ("D3", *BAYS):             # barriers: beam unbroken (their pull-ups)
            board.set_pin(pin, 1)
        board.set_pin("D2", 0)
        app = RunningApp(tmp, port=str(board.port))
        try:
            app.wait_for_log(": connected")
            yield board, app
        finally:
            code = app.stop()
            assert code == 0, "".join(app.log)


def test_every_analog_input_moves_its_sensor_the_right_way(model):
    board, app = model
    values = {}
    for phase in (1, 2):                      # rest, then touched
        for where, *mv, _ in ANALOG.values():
            set_input(board, where, mv[phase - 1])
        want = {sid: counts(spec[phase]) for sid, spec in ANALOG.items()}
        wait_until(lambda: all(latest(app, sid) == raw for sid, raw in want.items()),
                   f"raw counts {want}")
        # the filtered, calibrated value settles on the part's formula (exhibit.yaml)
        goal = {sid: SENSORS[sid].to_value(raw) for sid, raw in want.items()}
        span = {sid: SENSORS[sid].high - SENSORS[sid].low for sid in goal}
        wait_until(lambda: all(abs(latest(app, sid, "value") - goal[sid]) < span[sid] / 100
                               for sid in goal), f"values settle on {goal}")
        values[phase] = {sid: latest(app, sid, "value") for sid in ANALOG}
    for sid, (_, _, _, direction) in ANALOG.items():
        assert (values[2][sid] - values[1][sid]) * direction > 0, (sid, values)
    assert values[1]["temp"] == pytest.approx(20, abs=0.5)      # TMP36: 0.5 V + 10 mV/°C
    assert values[2]["road"] == pytest.approx(-2, abs=0.5)
    assert values[2]["co2"] == pytest.approx(3400, abs=30)       # (1.5 V - 0.4 V) · 3125
    for sid, (where, rest, _, _) in ANALOG.items():
        set_input(board, where, rest)


def test_pir_and_parking_barriers_become_motion_and_free_bays(model):
    board, app = model
    wait_until(lambda: latest(app, "motion") == 0 and latest(app, "parking") == 0,
               "nobody there, every bay free")
    board.set_pin("D2", 1)
    for pin in BAYS[:4]:                      # four toy cars break four beams
        board.set_pin(pin, 0)
    wait_until(lambda: latest(app, "motion") == 1 and latest(app, "parking") == 4,
               "motion, four bays occupied")
    assert latest(app, "parking", "value") == 2          # calibrated: two bays free
    board.set_pin("D2", 0)
    for pin in BAYS[:4]:
        board.set_pin(pin, 1)
    wait_until(lambda: latest(app, "motion") == 0 and latest(app, "parking") == 0,
               "motion over, the bays free again")


def test_fifty_quick_light_barrier_breaks_are_fifty_passes(model):
    board, app = model
    wait_until(lambda: latest(app, "bikes") is not None, "a bike count")
    before = latest(app, "bikes")
    board.pulse("D3", 50, 10, 10)             # 10 ms broken, 10 ms clear, timed in the rig
    try:
        wait_until(lambda: latest(app, "bikes") == before + 50, "50 more passes", 10)
    except AssertionError:
        raise AssertionError(f"{before} + 50 passes, but the board says "
                             f"{latest(app, 'bikes')}: {board.stats()}") from None
    seen = len(app.recorded())
    wait_until(lambda: len(app.recorded()) > seen + 24, "two more frames")
    assert latest(app, "bikes") == before + 50
    # a bike standing in the beam is one pass; a beam that flickers clear for 1 ms is no
    # new pass (the firmware wants 3 ms clear before a break)
    board.set_pin("D3", 0)
    wait_until(lambda: latest(app, "bikes") == before + 51, "the held break")
    seen = len(app.recorded())
    wait_until(lambda: len(app.recorded()) > seen + 36, "three frames while it stands")
    board.set_pin("D3", 1)
    seen = len(app.recorded())
    wait_until(lambda: len(app.recorded()) > seen + 24, "two frames with the beam clear")
    board.pulse("D3", 5, 10, 1)               # one break, then four after 1 ms clear each
    seen = len(app.recorded())
    wait_until(lambda: len(app.recorded()) > seen + 24, "two more frames")
    assert latest(app, "bikes") == before + 52


def test_the_board_answers_the_hello(model):
    """The app's `?` on opening (its decoder keeps the hello); then, the app ended, a
    question of our own: the hello lists exactly the keys exhibit.yaml reads."""
    board, app = model
    assert app.stop() == 0, "".join(app.log)
    assert app.diagnostics()["hello"] == "sensorik-stadt 1.0"
    with serial.Serial(str(board.port), 115200, timeout=0.2) as port:
        port.write(b"?\n")
        end = time.monotonic() + 5
        line = b""
        while time.monotonic() < end and not line.startswith(b"#hello"):
            line = port.readline()
    model_name, version, sensors = line.decode().split()[1:]
    assert (model_name, version) == ("sensorik-stadt", "1.0")
    assert sensors == "sensors=light,soil,bin,co2,hum,water,noise,temp,road,motion,park,bike"
    assert set(sensors[len("sensors="):].split(",")) == {s.key for s in SENSORS.values()}
