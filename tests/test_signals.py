"""Signal steps on readings' own timestamps: calibration, smoothing, levels, touches."""

from __future__ import annotations

import random

import pytest

from exhibit.config import DEFAULT_TIMEOUT as STALE_SECONDS
from exhibit.reading import Reading
from exhibit.signals.hub import SignalHub, pick_level
from exhibit.status import SIMULATION, SourceStatus

STATUS = SourceStatus(SIMULATION, "test")


def feed_values(hub: SignalHub, sensor, values, start: float = 0.0, rate: float = 20.0):
    t = start
    touches = []
    for v in values:
        t += 1 / rate
        hub.feed([Reading(sensor.id, sensor.to_raw(v), t)])
        touches.extend(hub.world(t, t, STATUS, "de").touches)
    return t, touches


def feed_only(hub: SignalHub, sensor, values, start: float = 0.0, rate: float = 20.0):
    """Feed without taking a World in between (events pile up for the next frame)."""
    t = start
    for v in values:
        t += 1 / rate
        hub.feed([Reading(sensor.id, sensor.to_raw(v), t)])
    return t


def test_calibrated_and_clamped(config):
    hub = SignalHub(config.sensors)
    processed = hub.feed([Reading("soil", 390, 1.0), Reading("soil", 9999, 1.1)], keep=True)
    assert processed[0].value == pytest.approx(50.0)
    assert processed[1].value == 0.0  # far drier than "dry air" clamps to the range


def test_exponential_smoothing_weights_new_readings(config):
    noise = config.sensors["noise"]  # filters: [{exponential_moving_average: 0.4}]
    hub = SignalHub(config.sensors)
    hub.feed([Reading("noise", noise.to_raw(50), 1.0)])
    hub.feed([Reading("noise", noise.to_raw(60), 1.05)])
    view = hub.world(1.05, 1.05, STATUS, "de").view("noise")
    assert [f.name for f in noise.filters] == ["exponential_moving_average"]
    assert view.value == pytest.approx(50 + 0.4 * 10)


def test_the_median_keeps_a_spike_off_the_screen(config):
    bin_ = config.sensors["bin"]  # filters: median 5, then exponential moving average
    hub = SignalHub(config.sensors)
    t, _ = feed_values(hub, bin_, [40, 40, 40, 40, 100, 40, 40, 40])
    assert hub.world(t, t, STATUS, "de").view("bin").value == pytest.approx(40)


def test_level_with_hysteresis_does_not_flicker_on_a_boundary(config):
    soil = config.sensors["soil"]
    hub = SignalHub(config.sensors)
    rng = random.Random(3)
    levels = set()
    t = 0.0
    for _ in range(2000):  # noise of +-2 % around the 30 % dry/ok boundary, hysteresis 3
        t += 0.05
        hub.feed([Reading("soil", soil.to_raw(30 + rng.uniform(-2, 2)), t)])
        levels.add(hub.world(t, t, STATUS, "de").view("soil").level.name)
    assert len(levels) == 1


def test_pick_level_changes_once_the_band_is_left_by_the_hysteresis(config):
    soil = config.sensors["soil"]
    ok = next(lv for lv in soil.levels if lv.name == "ok")
    assert pick_level(soil.levels, 28.5, ok, 3).name == "ok"
    assert pick_level(soil.levels, 26.5, ok, 3).name == "dry"
    assert pick_level(soil.levels, 26.5, None, 3).name == "dry"


def test_resting_noise_gives_no_touch_and_a_real_touch_gives_exactly_one(config):
    light = config.sensors["light"]
    hub = SignalHub(config.sensors)
    rng = random.Random(7)
    resting = [140 + rng.gauss(0, 3) for _ in range(20 * 60)]
    t, touches = feed_values(hub, light, resting)
    assert touches == []
    covered = [6 + rng.gauss(0, 1) for _ in range(20 * 10)]  # a hand, ten seconds long
    t, touches = feed_values(hub, light, covered, start=t)
    assert touches == ["light"]
    t, touches = feed_values(hub, light, [140] * 100, start=t)
    assert touches == []
    assert not hub.world(t, t, STATUS, "de").view("light").touched


def test_touch_direction_is_respected(config):
    light = config.sensors["light"]  # direction: down
    hub = SignalHub(config.sensors)
    t, _ = feed_values(hub, light, [60] * 40)
    t, touches = feed_values(hub, light, [200] * 40, start=t)
    assert touches == []


def test_counter_increments_are_touches(config):
    bikes = config.sensors["bikes"]
    hub = SignalHub(config.sensors)
    _, touches = feed_values(hub, bikes, [10, 10, 11, 11, 11])
    assert touches == ["bikes"]


def test_a_silent_sensor_goes_stale_after_its_timeout(config):
    hub = SignalHub(config.sensors)
    hub.feed([Reading("soil", 400, 1.0), Reading("co2", 600, 1.0), Reading("motion", 1, 1.0)])
    assert not hub.world(1.0 + STALE_SECONDS / 2, 0, STATUS, "de").view("soil").stale
    assert hub.world(1.0 + STALE_SECONDS + 0.1, 0, STATUS, "de").view("soil").stale
    world = hub.world(1.0 + 8, 0, STATUS, "de")  # co2 has {timeout: 10s} in exhibit.yaml
    assert not world.view("co2").stale
    assert hub.world(1.0 + 10.5, 0, STATUS, "de").view("co2").stale
    assert not hub.world(1.0 + 3600, 0, STATUS, "de").view("motion").stale  # a held state
    assert hub.world(1.0, 0, STATUS, "de").view("noise").stale  # never heard from


def test_formatted_value_uses_the_decimal_comma_in_german(config):
    hub = SignalHub(config.sensors)
    temp = config.sensors["temp"]
    hub.feed([Reading("temp", temp.to_raw(21.5), 1.0)])
    view = hub.world(1.0, 0, STATUS, "de").view("temp")
    assert view.formatted("de") == "21,5"
    assert view.formatted("en") == "21.5"


def test_touch_release_and_level_changes_are_events_in_order(config):
    soil = config.sensors["soil"]
    hub = SignalHub(config.sensors)
    t = feed_only(hub, soil, [55] * 100)
    hub.world(t, t, STATUS, "de")
    t = feed_only(hub, soil, [10] * 60, start=t)   # dried out: touch, level dry
    events = hub.world(t, t, STATUS, "de").events
    assert [(e.kind, e.sensor) for e in events] == [("touch", "soil"), ("level", "soil")]
    assert events[-1].detail == "dry"
    t = feed_only(hub, soil, [55] * 100, start=t)  # watered again
    kinds = [(e.kind, e.detail) for e in hub.world(t, t, STATUS, "de").events]
    assert kinds == [("release", ""), ("level", "ok")]


def test_the_view_carries_two_minutes_of_history(config):
    temp = config.sensors["temp"]
    hub = SignalHub(config.sensors)
    values = [20 + i / 60 for i in range(20 * 60)]  # one reading a second for 20 min: +20 K
    t = 0.0
    for v in values[-200:]:
        t += 1.0
        hub.feed([Reading("temp", temp.to_raw(v), t)])
    history = hub.world(t, t, STATUS, "de").view("temp").history
    assert len(history.values) == 121
    assert history.maximum == pytest.approx(values[-1], abs=0.2)  # after median and EMA
    assert history.trend == pytest.approx(1.0, rel=0.2)  # +1 K a minute


def test_counters_count_passes_per_minute_and_survive_a_board_restart(config):
    bikes = config.sensors["bikes"]
    hub = SignalHub(config.sensors)
    counts = list(range(0, 30)) + list(range(0, 10))  # the board restarts at 30
    touches = 0
    for i, count in enumerate(counts):
        t = 1.0 + i * 2.5  # a bike every 2.5 s
        hub.feed([Reading("bikes", bikes.to_raw(count), t)])
        touches += len(hub.world(t, t, STATUS, "de").touches)
    view = hub.world(t, t, STATUS, "de").view("bikes")
    assert view.total == 29 + 9
    assert view.per_minute == pytest.approx(24, abs=1.5)
    assert touches == 29 + 9  # each pass is a touch; the restart to 0 is none
