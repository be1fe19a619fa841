"""The staff calibration mode: proposals by hand-computed numbers, calibration.yaml as a
checked overlay, saving and aborting through the frame loop, and the overlay's layout.

The mode is driven by synthetic `World`s on a virtual clock: one frame every 1/60 s, one
new reading per frame. exhibit.yaml's bytes are compared before and after every save and
abort: the program never writes the hand-edited file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import MappingProxyType

import pygame
import pytest
import yaml

from exhibit.calibration import mode as calibration_mode
from exhibit.calibration import proposal as proposal_maths
from exhibit.calibration.overlay_file import (
    calibration_path,
    load_with_overlay,
    render_calibration,
    save_calibration,
)
from exhibit.calibration.mode import CalibrationMode
from exhibit.calibration.proposal import Stats, propose
from exhibit.config import load_config
from exhibit.status import CONNECTED, SIMULATION, SourceStatus
from exhibit.world import SensorView, World
from exhibit.yamlsource import ConfigError
from tests.layoutcheck import assert_text_tidy

STEP = 1 / 60
STATUS = SourceStatus(SIMULATION, "test", CONNECTED)
WHEN = datetime(2025, 3, 14, 9, 26, 53, tzinfo=timezone(timedelta(hours=1)))

CONFIG = """\
# test exhibit: two analog sensors, one counter
device: {port: sim}
playlist:
  scenes: [overview, trees]
sensors:
  soil:
    name: {de: Bodenfeuchte, en: soil moisture}
    where: {de: Baumbeet, en: tree bed}
    unit: "%"
    range: [0, 100]
    calibrate_linear: [[520, 0], [260, 100]]
    touch: {delta: 12, direction: either}
    levels:
      dry: {range: [0, 30], tone: act, de: trocken, en: dry}
      ok: {range: [30, 70], tone: ok, de: gut, en: fine}
      wet: {range: [70, 100], tone: info, de: nass, en: wet}
    hysteresis: 3
    simulate: {rest: 50, touched: 14, noise: 0.8}
  light:
    name: {de: Licht, en: light}
    where: {de: Laterne, en: lamp}
    unit: lx
    range: [0, 200]
    calibrate_linear: [[853, 10], [300, 200]]
    touch: {delta: 40, direction: down}
    levels:
      night: {range: [0, 25], tone: info, de: Nacht, en: night}
      dusk: {range: [25, 60], tone: notice, de: Dämmerung, en: twilight}
      day: {range: [60, 200], tone: ok, de: Tag, en: day}
    hysteresis: 3
    simulate: {rest: 140, touched: 6}
  co2:
    name: {de: CO₂ in der Luft, en: CO₂ in the air}
    where: {de: Klassenzimmer, en: classroom}
    unit: ppm
    range: [400, 5000]
    calibrate_linear: [[400, 400], [5000, 5000]]
    touch: {delta: 300, direction: up}
    levels:
      fresh: {range: [400, 1000], tone: ok, de: frisch, en: fresh}
      stale: {range: [1000, 2000], tone: notice, de: lüften, en: air the room}
      bad: {range: [2000, 5000], tone: act, de: schlecht, en: poor}
    hysteresis: 50
    simulate: {rest: 620, touched: 2600}
  bikes:
    name: {de: Radfahrten, en: bike passes}
    where: {de: Radweg, en: cycle path}
    kind: counter
    range: [0, 1000000]
    calibrate_linear: [[0, 0], [1, 1]]
    touch: {delta: 0.5, direction: up}
    levels:
      counting: {range: [0, 1000000], tone: ok, de: zählt, en: counting}
    simulate: {rest: 3, touched: 1}
"""


@pytest.fixture()
def exhibit_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "exhibit.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.fixture()
def config(exhibit_yaml: Path):  # overrides conftest's shipped config: tests own their file
    return load_config(exhibit_yaml)


# --- a virtual clock with synthetic worlds ---------------------------------------------------

class Bench:
    """Feeds `mode` one synthetic World per frame; `signal(i)` gives frame i's value."""

    def __init__(self, config, mode: CalibrationMode) -> None:
        self.config = config
        self.mode = mode
        self.t = 0.0
        self.readings = 0
        self.frame = 0

    def world(self, sid: str, value: float | None, stale: bool = False) -> World:
        views = {s: SensorView(sensor) for s, sensor in self.config.sensors.items()}
        if value is not None:
            self.readings += 1
        views[sid] = SensorView(self.config.sensors[sid], value=value, raw=value,
                                readings=self.readings, stale=stale or value is None)
        return World(self.t, MappingProxyType(views), STATUS)

    def run(self, sid: str, seconds: float, signal: Callable[[int], float | None]) -> None:
        for _ in range(round(seconds / STEP)):
            self.t += STEP
            self.mode.update(STEP, self.world(sid, signal(self.frame)))
            self.frame += 1

    def calibrate(self, sid: str, rest: Callable[[int], float | None],
                  touched: Callable[[int], float | None]) -> None:
        """Select `sid`, run both steps with their settle time, end on the review page."""
        mode = self.mode
        mode.key(f"{calibration_mode.SELECT}{mode.ids.index(sid)}")
        mode.key(calibration_mode.NEXT)
        assert mode.page == calibration_mode.REST
        self.run(sid, 0.5, rest)
        assert mode.recording is None, "recording starts only on Enter/Space"
        mode.key(calibration_mode.NEXT)
        self.run(sid, mode.settle + mode.seconds + 0.1, rest)
        assert mode.page == calibration_mode.TOUCH
        mode.key(calibration_mode.NEXT)
        self.run(sid, mode.settle + mode.seconds + 0.1, touched)
        assert mode.page == calibration_mode.REVIEW


def alternate(a: float, b: float) -> Callable[[int], float]:
    return lambda i: a if i % 2 == 0 else b


def const(v: float | None) -> Callable[[int], float | None]:
    return lambda i: v


def opened(config) -> tuple[CalibrationMode, Bench]:
    mode = CalibrationMode(config.sensors)
    mode.open()
    return mode, Bench(config, mode)


# --- the proposal, by hand ------------------------------------------------------------------

def test_a_clear_touch_gives_direction_delta_and_the_moved_boundary(config):
    """Rest 49/51 (μ 50, σ 1, spread 2), touched 19/21 (μ 20): gap 30.
    delta = min(max(0.5·30, 4·1 + 2/2), 0.8·30) = 15, down; the boundary 30 lies between
    50 and 20 and moves to the midpoint 35; hysteresis max(3, 2·1) = 3 stays."""
    mode, bench = opened(config)
    bench.calibrate("soil", alternate(49, 51), alternate(19, 21))
    p = mode.proposal
    assert p.ok and p.problems == ()
    assert p.rest.count >= 290 and p.touched.count >= 290  # ~5 s at one reading a frame
    assert p.rest.mean == pytest.approx(50, abs=0.01) and p.rest.std == pytest.approx(1, 1e-3)
    assert (p.rest.low, p.rest.high) == (49, 51)
    assert p.direction == "down" and p.delta == 15
    assert [(b.name, b.low, b.high) for b in p.bands] == [
        ("dry", 0, 35), ("ok", 35, 70), ("wet", 70, 100)]
    assert p.hysteresis == 3
    assert p.changes() == {"touch": {"delta": 15, "direction": "down"},
                           "levels": {"dry": {"range": [0, 35]}, "ok": {"range": [35, 70]}}}


def test_rest_noise_sets_the_floor_and_the_hysteresis():
    """σr 4, spread 8: floor 4·4 + 8/2 = 20 > 0.5·30; hysteresis 2·4 = 8 > 3."""
    soil = load_config("x.yaml", text=CONFIG).sensors["soil"]
    p = propose(soil, Stats.of([46, 54] * 50), Stats.of([20] * 100))
    assert p.ok and p.delta == 20 and p.direction == "down" and p.hysteresis == 8
    assert p.changes()["hysteresis"] == 8


def test_the_threshold_stays_below_the_touched_mean():
    """σr 6, spread 12: floor 30 equals the gap; the cap 0.8·30 = 24 keeps it reachable."""
    soil = load_config("x.yaml", text=CONFIG).sensors["soil"]
    p = propose(soil, Stats.of([44, 56] * 50), Stats.of([20] * 100))
    assert p.ok and p.delta == 24


def test_both_in_one_band_splits_it_at_the_midpoint(config):
    """Light rest 140 and touched 70 are both 'day' [60, 200]: of the boundaries 25 and 60
    the one nearest to the midpoint 105 moves there, so the touch reads 'dusk'."""
    mode, bench = opened(config)
    bench.calibrate("light", const(140), const(70))
    p = mode.proposal
    assert p.ok and p.direction == "down" and p.delta == 35 and p.moved == "dusk"
    assert p.changes() == {"touch": {"delta": 35},
                           "levels": {"dusk": {"range": [25, 105]},
                                      "day": {"range": [105, 200]}}}


def test_a_touch_up_within_one_band_moves_the_boundary_above(config):
    soil = config.sensors["soil"]
    p = propose(soil, Stats.of([50] * 10), Stats.of([64] * 10))
    assert p.direction == "up" and p.delta == 7
    assert [(b.low, b.high) for b in p.bands] == [(0, 30), (30, 57), (57, 100)]


def test_a_touch_across_a_whole_band_keeps_the_bands(config):
    """CO₂ 620 → 2600 crosses both 1000 and 2000: the touch already changes the level."""
    p = propose(config.sensors["co2"], Stats.of([600, 640] * 50), Stats.of([2600] * 100))
    assert p.ok and p.moved is None and proposal_maths.BANDS_KEPT in p.notes
    assert p.changes() == {"touch": {"delta": 990}}  # 0.5·1980; direction was 'up' already


# --- what cannot be saved -------------------------------------------------------------------

def test_a_touch_within_the_rest_noise_cannot_be_saved(config):
    """Rest 45/55 (σ 5): a touch at 61 is 11 away, under 4σ = 20: not accepted, not saved."""
    mode, bench = opened(config)
    bench.calibrate("soil", alternate(45, 55), alternate(60, 62))
    assert mode.proposal.problems == (proposal_maths.WITHIN_NOISE,)
    assert mode.key(calibration_mode.NEXT) is None
    assert mode.page == calibration_mode.REVIEW
    assert mode.message == (calibration_mode.NOT_ACCEPTED, "soil")
    assert mode.key(calibration_mode.SAVE) is None and not mode.accepted
    mode.key(calibration_mode.BACK)
    assert mode.key(calibration_mode.SAVE) is None
    assert mode.message == (calibration_mode.NOTHING_TO_SAVE, "")


def test_overlapping_ranges_cannot_be_saved(config):
    p = propose(config.sensors["soil"], Stats.of([40, 60] * 20), Stats.of([55, 59] * 20))
    assert set(p.problems) == {proposal_maths.WITHIN_NOISE, proposal_maths.OVERLAP} and not p.ok


def test_a_silent_sensor_gives_no_proposal(config):
    mode, bench = opened(config)
    bench.calibrate("soil", const(None), const(None))
    assert mode.proposal.problems == (proposal_maths.NO_READINGS,)


def test_counters_are_not_calibrated(config):
    mode, _ = opened(config)
    mode.key(f"{calibration_mode.SELECT}3")
    mode.key(calibration_mode.NEXT)
    assert mode.page == calibration_mode.OVERVIEW
    assert mode.message == (calibration_mode.NOT_CALIBRATABLE, "bikes")


def test_keys_select_step_back_and_abort(config):
    mode, bench = opened(config)
    mode.key(calibration_mode.UP)
    assert mode.sensor_id == "bikes"  # wraps around
    mode.key(calibration_mode.DOWN)
    mode.key(f"{calibration_mode.SELECT}1")
    assert mode.sensor_id == "light"
    mode.key(f"{calibration_mode.SELECT}9")  # no tenth sensor: stays
    assert mode.sensor_id == "light"
    mode.key(calibration_mode.NEXT)
    mode.key(calibration_mode.NEXT)
    assert mode.holding() is None  # the rest step never plays a hand
    bench.run("light", 7, const(140))
    mode.key(calibration_mode.NEXT)
    assert mode.holding() == "light"  # the simulator holds a hand on it while recording
    mode.key(calibration_mode.BACK)
    assert mode.page == calibration_mode.OVERVIEW and mode.holding() is None
    mode.key(calibration_mode.ABORT)
    assert not mode.active


def test_several_sensors_are_accepted_before_one_save(config):
    mode, bench = opened(config)
    bench.calibrate("soil", alternate(49, 51), alternate(19, 21))
    mode.key(calibration_mode.NEXT)
    assert mode.page == calibration_mode.OVERVIEW and set(mode.accepted) == {"soil"}
    bench.calibrate("light", const(140), const(70))
    changes = mode.key(calibration_mode.SAVE)  # on the review page: accept this one too, then save
    assert set(changes) == {"soil", "light"}
    assert changes["light"]["levels"]["dusk"] == {"range": [25, 105]}


def test_abort_drops_accepted_proposals(config):
    mode, bench = opened(config)
    bench.calibrate("soil", alternate(49, 51), alternate(19, 21))
    mode.key(calibration_mode.NEXT)
    assert mode.key(calibration_mode.ABORT) is None
    assert not mode.active and not mode.accepted


# --- calibration.yaml -----------------------------------------------------------------------

SOIL_CHANGES = {"soil": {"touch": {"delta": 15.0, "direction": "down"},
                         "levels": {"dry": {"range": [0.0, 35.0]},
                                    "ok": {"range": [35.0, 70.0]}}}}


def test_save_writes_an_overlay_that_the_show_applies(exhibit_yaml, config):
    before = exhibit_yaml.read_bytes()
    path, combined = save_calibration(config, SOIL_CHANGES, WHEN, {"soil": "rest 50 ± 1"})
    assert path == exhibit_yaml.with_name("calibration.yaml")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# calibration.yaml — written by the calibration mode")
    assert "2025-03-14 09:26:53+01:00" in text and "# rest 50 ± 1; saved 2025-03-14" in text
    assert yaml.safe_load(text) == {"sensors": {"soil": {
        "touch": {"delta": 15, "direction": "down"},
        "levels": {"dry": {"range": [0, 35]}, "ok": {"range": [35, 70]}}}}}
    assert not list(path.parent.glob(".calibration.yaml.*"))  # no temporary file left
    assert exhibit_yaml.read_bytes() == before
    loaded = load_with_overlay(exhibit_yaml)
    assert loaded.calibration == str(path)
    for cfg in (loaded, combined):
        soil = cfg.sensors["soil"]
        assert soil.touch.delta == 15 and soil.touch.direction == "down"
        assert soil.touch.min_time == config.sensors["soil"].touch.min_time  # untouched
        assert [(lv.name, lv.low, lv.high) for lv in soil.levels] == [
            ("dry", 0, 35), ("ok", 35, 70), ("wet", 70, 100)]
        assert soil.levels[0].label == {"de": "trocken", "en": "dry"}
        assert cfg.sensors["light"] == config.sensors["light"]


def test_a_second_save_keeps_the_first(exhibit_yaml, config):
    save_calibration(config, SOIL_CHANGES, WHEN, {"soil": "first"})
    config = load_with_overlay(exhibit_yaml)
    save_calibration(config, {"light": {"hysteresis": 5.0},
                              "soil": {"touch": {"delta": 16.5}}}, WHEN)
    text = calibration_path(exhibit_yaml).read_text(encoding="utf-8")
    assert "# first;" in text
    soil, light = (load_with_overlay(exhibit_yaml).sensors[s] for s in ("soil", "light"))
    assert soil.touch.delta == 16.5 and soil.touch.direction == "down"
    assert soil.levels[0].high == 35 and light.hysteresis == 5


def test_render_quotes_what_yaml_would_misread():
    text = render_calibration({"soil": {"levels": {"yes": {"range": [0, 1e-7]}},
                                        "hysteresis": 0.5}}, WHEN, "exhibit.yaml")
    assert yaml.safe_load(text)["sensors"]["soil"] == {
        "levels": {"yes": {"range": [0, 1e-7]}}, "hysteresis": 0.5}


def overlay_error(exhibit_yaml: Path, text: str) -> ConfigError:
    path = calibration_path(exhibit_yaml)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_with_overlay(exhibit_yaml)
    assert info.value.file == str(path), info.value
    assert str(info.value).startswith(f"{path}:{info.value.line}: ")
    return info.value


GOOD_OVERLAY = """\
# written by hand for the test
sensors:
  soil:
    touch: {delta: 15, direction: down}
    levels:
      dry: {range: [0, 35]}
      ok: {range: [35, 70]}
    hysteresis: 4
"""

# (old, new, line of the mistake (text of it), message fragments)
OVERLAY_ERRORS = {
    "unknown_top_key": ("sensors:\n", "device: {port: sim}\nsensors:\n", "device:",
                        ["unknown key device", "allowed here: sensors"]),
    "unknown_sensor_key": ("    hysteresis: 4\n", "    hysteresis: 4\n    filters: []\n",
                           "filters:", ["sensors.soil.filters", "touch, levels, hysteresis"]),
    "unknown_touch_key": ("{delta: 15, direction: down}", "{delta: 15, min_time: 0.2}",
                          "touch:", ["sensors.soil.touch.min_time", "delta, direction"]),
    "wrong_type": ("delta: 15,", "delta: high,", "touch:",
                   ["sensors.soil.touch.delta", "number > 0", "'high'"]),
    "bad_direction": ("direction: down", "direction: sideways", "touch:",
                      ["sensors.soil.touch.direction", "up, down, either"]),
    "unknown_sensor": ("  soil:\n", "  soli:\n", "soli:",
                       ["sensors.soli", "exhibit.yaml has no sensor 'soli'", "soil, light"]),
    "unknown_level": ("      ok: {range: [35, 70]}", "      moist: {range: [35, 70]}",
                      "moist:", ["sensors.soil.levels.moist", "allowed here: dry, ok, wet"]),
    "gap_in_bands": ("      ok: {range: [35, 70]}", "      ok: {range: [40, 70]}", "ok: {",
                     ["sensors.soil.levels.ok.range", "'dry' ends at 35", "'ok' starts at 40",
                      "gap"]),
    "band_outside_range": ("      ok: {range: [35, 70]}\n",
                           "      ok: {range: [35, 70]}\n      wet: {range: [70, 120]}\n",
                           "wet:", ["sensors.soil.levels.wet.range", "inside", "[0, 100]"]),
    "negative_hysteresis": ("hysteresis: 4", "hysteresis: -1", "hysteresis:",
                            ["sensors.soil.hysteresis", ">= 0"]),
    "yaml_syntax": ("    hysteresis: 4\n", "    hysteresis: [4\n", "hysteresis:",
                    ["YAML syntax error"]),
}


@pytest.mark.parametrize("case", OVERLAY_ERRORS, ids=list(OVERLAY_ERRORS))
def test_a_bad_calibration_yaml_names_itself_and_the_line(exhibit_yaml, case):
    old, new, needle, fragments = OVERLAY_ERRORS[case]
    assert GOOD_OVERLAY.count(old) == 1
    text = GOOD_OVERLAY.replace(old, new)
    err = overlay_error(exhibit_yaml, text)
    lines = text.splitlines()
    expected = next(i + 1 for i, line in enumerate(lines) if needle in line)
    if case == "yaml_syntax":  # the parser notices at the end of the flow sequence
        assert err.line is not None and err.line >= expected
    else:
        assert err.line == expected, err
    for fragment in fragments:
        assert fragment in err.message, (fragment, err.message)


def test_a_good_or_empty_overlay_loads(exhibit_yaml):
    calibration_path(exhibit_yaml).write_text(GOOD_OVERLAY, encoding="utf-8")
    soil = load_with_overlay(exhibit_yaml).sensors["soil"]
    assert (soil.touch.delta, soil.touch.direction, soil.hysteresis) == (15, "down", 4)
    calibration_path(exhibit_yaml).write_text("# nothing calibrated yet\n", encoding="utf-8")
    assert load_with_overlay(exhibit_yaml).sensors["soil"].touch.delta == 12


def test_a_broken_file_is_reported_not_overwritten(exhibit_yaml, config):
    path = calibration_path(exhibit_yaml)
    path.write_text("sensors:\n  soli: {hysteresis: 1}\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        save_calibration(config, SOIL_CHANGES, WHEN)
    assert path.read_text(encoding="utf-8") == "sensors:\n  soli: {hysteresis: 1}\n"


# --- through the frame loop: save applies at once, abort changes nothing ---------------------

class SimLoop:
    """A FrameLoop on a virtual clock with the simulator stepped by hand (no thread)."""

    def __init__(self, exhibit_yaml: Path, size=(640, 360)) -> None:  # state, not pixels
        from exhibit.show import prepare
        from exhibit.cli import parse_args
        from exhibit.loop import FrameLoop
        from exhibit.render.canvas import Canvas
        from exhibit.render.text import TextCache
        from exhibit.sources.base import ReadingQueue
        from exhibit.sources.simulator import SimulatorSource

        self.t = 0.0
        show = prepare(parse_args(["--config", str(exhibit_yaml), "--lang", "en"]))
        self.source = SimulatorSource(show.config.sensors, seed=3, clock=lambda: self.t)
        self.queue = ReadingQueue()
        self.surface = pygame.Surface(size)
        self.loop = FrameLoop(show, self.source, self.queue, Canvas(self.surface, TextCache()),
                              0.0)

    def run(self, seconds: float) -> None:
        for _ in range(round(seconds / STEP)):
            self.t += STEP
            self.queue.put_many(self.source.step(self.t, STEP))
            self.loop.frame(STEP, self.t)

    def calibrate_soil(self) -> None:
        loop = self.loop
        loop.toggle_calibration()
        loop.calibration_key(f"{calibration_mode.SELECT}0", WHEN)
        for _ in range(2):
            loop.calibration_key(calibration_mode.NEXT, WHEN)
        self.run(7)
        loop.calibration_key(calibration_mode.NEXT, WHEN)  # the simulator plays the hand from here
        self.run(7)
        assert loop.calibration.page == calibration_mode.REVIEW and loop.calibration.proposal.ok
        loop.calibration_key(calibration_mode.NEXT, WHEN)


def test_save_through_the_loop_puts_the_new_values_to_work(pygame_ready, exhibit_yaml, caplog):
    before = exhibit_yaml.read_bytes()
    sim = SimLoop(exhibit_yaml)
    sim.run(2)
    sim.calibrate_soil()
    loop = sim.loop
    proposal = loop.calibration.accepted["soil"]
    assert proposal.direction == "down" and 14 < proposal.delta < 36  # rest 50, touched 14
    with caplog.at_level("INFO", logger="exhibit.activity"):
        loop.calibration_key(calibration_mode.SAVE, WHEN)
    path = calibration_path(exhibit_yaml)
    assert loop.calibration.message == (calibration_mode.SAVED, str(path))
    assert f"calibration saved to {path}; new settings for soil" in caplog.text  # for staff
    assert exhibit_yaml.read_bytes() == before
    running = loop.hub.signals["soil"].sensor
    assert running.touch.delta == proposal.delta and running.touch.direction == "down"
    saved = load_with_overlay(exhibit_yaml).sensors["soil"]
    assert loop.show.config.sensors["soil"] == running == saved
    sim.run(1)  # the show goes on with the new signal, the overlay still drawn
    assert loop.hub.world(sim.t, sim.t, STATUS, "en").view("soil").value is not None
    loop.calibration_key(calibration_mode.ABORT, WHEN)
    assert not loop.calibration.active and path.is_file()


def test_abort_through_the_loop_writes_nothing(pygame_ready, exhibit_yaml):
    before = exhibit_yaml.read_bytes()
    sim = SimLoop(exhibit_yaml)
    sim.run(1)
    sim.calibrate_soil()
    assert sim.loop.calibration.accepted
    sim.loop.toggle_calibration()  # C again: leave without saving
    assert not sim.loop.calibration.active
    assert not calibration_path(exhibit_yaml).exists()
    assert exhibit_yaml.read_bytes() == before
    assert sim.loop.hub.signals["soil"].sensor.touch.delta == 12
    assert list(exhibit_yaml.parent.iterdir()) == [exhibit_yaml]


def test_a_failed_save_is_shown_and_changes_nothing(pygame_ready, exhibit_yaml):
    sim = SimLoop(exhibit_yaml)
    sim.run(1)
    sim.calibrate_soil()
    calibration_path(exhibit_yaml).write_text("sensors: [oops]\n", encoding="utf-8")
    sim.loop.calibration_key(calibration_mode.SAVE, WHEN)
    kind, detail = sim.loop.calibration.message
    assert kind == calibration_mode.SAVE_FAILED and "calibration.yaml:1" in detail
    assert sim.loop.hub.signals["soil"].sensor.touch.delta == 12
    assert sim.loop.calibration.accepted  # still there: fix the file, press S again


# --- the overlay's layout -------------------------------------------------------------------

SIZES = [(1920, 1080), (1280, 720)]


def overlay_states(config) -> dict[str, CalibrationMode]:
    """The mode on each page it can show, from synthetic recordings."""
    from exhibit.calibration.mode import SAVED

    states = {}
    mode, _ = opened(config)
    long_path = ("/home/ausstellung/sensorik-zum-anfassen/a/very/long/path/that/does/not/fit/"
                 "on/one/line/at/all/calibration.yaml")
    mode.message = (SAVED, long_path)
    mode.key(calibration_mode.DOWN)
    states["overview"] = mode
    mode, bench = opened(config)
    mode.key(calibration_mode.NEXT)
    states["rest_ready"] = mode
    mode, bench = opened(config)
    mode.key(calibration_mode.NEXT)
    mode.key(calibration_mode.NEXT)
    bench.run("soil", 3, alternate(49, 51))
    states["rest_recording"] = mode
    mode, bench = opened(config)
    bench.calibrate("soil", alternate(49, 51), alternate(19, 21))
    states["review_ok"] = mode
    mode, bench = opened(config)
    mode.key(calibration_mode.NEXT)
    mode.key(calibration_mode.NEXT)
    bench.run("soil", 7, alternate(45, 55))
    mode.key(calibration_mode.NEXT)
    bench.run("soil", 4, alternate(55, 62))
    states["touch_recording"] = mode
    mode, bench = opened(config)
    bench.calibrate("soil", alternate(40, 60), alternate(55, 59))
    mode.key(calibration_mode.NEXT)
    states["review_bad"] = mode
    mode, bench = opened(config)
    bench.calibrate("light", const(140), const(70))
    mode.key(calibration_mode.NEXT)
    bench.calibrate("co2", alternate(600, 640), const(2600))
    states["review_bands_kept"] = mode
    return states


def live_world(config, lang: str) -> World:
    from exhibit.reading import Reading
    from exhibit.signals.hub import SignalHub

    hub = SignalHub(config.sensors)
    values = {"soil": 52, "light": 140, "co2": 700, "bikes": 12}
    for i in range(120):
        t = i * STEP
        hub.feed(Reading(sid, config.sensors[sid].to_raw(v), t) for sid, v in values.items())
    return hub.world(2.0, 2.0, STATUS, lang)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_page_keeps_its_text_on_screen_without_overlaps(pygame_ready, config, size,
                                                              lang):
    from exhibit.calibration.view import draw_calibration
    from exhibit.render.canvas import Canvas
    from exhibit.render.text import TextCache

    world = live_world(config, lang)
    text = TextCache()
    out = os.environ.get("CALIBRATION_PNG_DIR")  # set it to look at the pages
    for name, mode in overlay_states(config).items():
        surface = pygame.Surface(size)
        canvas = Canvas(surface, text)
        canvas.begin_frame()
        draw_calibration(canvas, mode, world, lang, {"soil": {"de": "Steck den Sensor in "
                         "den trockenen Topf!", "en": "Put the sensor into the dry pot!"}},
                         simulated=True)
        if out:
            pygame.image.save(surface, str(Path(out) / f"{name}_{lang}_{size[1]}.png"))
        rects = canvas.drawn_text
        assert len(rects) > 10, name
        assert_text_tidy(rects, [surface.get_rect()], name)
        drawn = " ".join(t for t, _ in rects)
        if name == "overview":
            assert "Bodenfeuchte" in drawn or "soil moisture" in drawn
            assert "calibration.yaml" in drawn  # the long path is elided in the middle
        if name == "review_bad":
            assert ("Nicht unterscheidbar" in drawn) == (lang == "de")
