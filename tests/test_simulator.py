"""The built-in simulator: plausible resting values, a convincing touch, and a working thread.

Without a board the exhibit runs on the simulator, so visitors judge the show by it. Models
are driven on a virtual clock (times passed explicitly) so these tests never sleep, except
the one that checks the real reader thread.
"""

from __future__ import annotations

import dataclasses
import math
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from exhibit.config import ExhibitConfig, Sensor, load_config
from exhibit.reading import Reading
from exhibit.sources.base import ReadingQueue
from exhibit.sources.simulator import RATE_HZ, TOUCH_HOLD, SensorModel, SimulatorSource

SHIPPED = Path(__file__).resolve().parents[1] / "exhibit.yaml"
DT = 1.0 / RATE_HZ
SETTLE = 1.5  # seconds of simulated time a touch (or its release) may take to show


@pytest.fixture(scope="module")
def config() -> ExhibitConfig:
    return load_config(SHIPPED)


def analog(config: ExhibitConfig) -> list[Sensor]:
    sensors = [s for s in config.sensors.values() if s.kind == "analog"]
    assert sensors, "the shipped config should have analog sensors"
    return sensors


def of_kind(config: ExhibitConfig, kind: str) -> Sensor:
    return next(s for s in config.sensors.values() if s.kind == kind)


def run(model: SensorModel, start: float, seconds: float) -> Iterator[tuple[float, float]]:
    """Step `model` at RATE_HZ from `start`; yield (time, calibrated value)."""
    for i in range(1, round(seconds / DT) + 1):
        now = start + i * DT
        yield now, model.sensor.to_value(model.step(now, DT))


def last_value(model: SensorModel, start: float, seconds: float) -> float:
    values = [v for _, v in run(model, start, seconds)]
    return values[-1]


def rest_tolerance(sensor: Sensor) -> float:
    """Rest drifts by up to `drift`; Gaussian noise beyond 5 sigma is practically never seen."""
    sim = sensor.simulate
    return sim.drift + 5 * sim.noise + 1e-3 * (sensor.high - sensor.low)


def touch_tolerance(sensor: Sensor) -> float:
    """Within SETTLE seconds the value should have covered at least 95 % of the way."""
    sim = sensor.simulate
    return 0.05 * (abs(sim.touched - sim.rest) + sim.drift) + 5 * sim.noise + 1e-6


def test_resting_values_stay_in_range_and_near_rest(config: ExhibitConfig) -> None:
    rng = random.Random(11)
    for sensor in analog(config):
        model = SensorModel(sensor, rng)
        for t, value in run(model, 0.0, 120.0):
            assert sensor.low <= value <= sensor.high, (sensor.id, t, value)
            assert abs(value - sensor.simulate.rest) <= rest_tolerance(sensor), \
                (sensor.id, t, value)


def test_resting_values_are_alive(config: ExhibitConfig) -> None:
    """A sensor with noise must not show a frozen number (visitors think it is broken)."""
    rng = random.Random(12)
    for sensor in analog(config):
        if not sensor.simulate.noise:
            continue
        values = {v for _, v in run(SensorModel(sensor, rng), 0.0, 5.0)}
        assert len(values) > 10, sensor.id


def test_touch_moves_to_touched_holds_and_returns(config: ExhibitConfig) -> None:
    rng = random.Random(13)
    for sensor in analog(config):
        sim = sensor.simulate
        model = SensorModel(sensor, rng)
        t0 = 30.0
        last_value(model, 0.0, t0)
        model.touch(t0)
        touched = last_value(model, t0, SETTLE)
        assert abs(touched - sim.touched) <= touch_tolerance(sensor), (sensor.id, touched)
        held = last_value(model, t0 + SETTLE, TOUCH_HOLD - SETTLE - DT)
        assert abs(held - sim.touched) <= touch_tolerance(sensor), (sensor.id, held)
        released = last_value(model, t0 + TOUCH_HOLD - DT, SETTLE + DT)
        assert abs(released - sim.rest) <= rest_tolerance(sensor) + touch_tolerance(sensor), \
            (sensor.id, released)
        for t, value in run(model, t0 + TOUCH_HOLD + SETTLE, 10.0):
            assert sensor.low <= value <= sensor.high, (sensor.id, t, value)


def test_touched_value_stays_in_range_despite_noise(config: ExhibitConfig) -> None:
    rng = random.Random(14)
    for sensor in analog(config):
        model = SensorModel(sensor, rng)
        model.touch(0.0)
        for t, value in run(model, 0.0, TOUCH_HOLD + SETTLE):
            assert sensor.low <= value <= sensor.high, (sensor.id, t, value)


def test_binary_sensor_flips_on_touch_and_back(config: ExhibitConfig) -> None:
    sensor = of_kind(config, "binary")
    sim = sensor.simulate
    model = SensorModel(sensor, random.Random(15))
    assert {v for _, v in run(model, 0.0, 10.0)} == {sim.rest}
    model.touch(10.0)
    assert {v for _, v in run(model, 10.0, TOUCH_HOLD - DT)} == {sim.touched}
    assert {v for _, v in run(model, 10.0 + TOUCH_HOLD, 5.0)} == {sim.rest}


def test_counter_counts_passes_at_about_the_resting_rate(config: ExhibitConfig) -> None:
    """For counters `rest` is passes per minute: ten minutes should show roughly ten times."""
    shipped = of_kind(config, "counter")
    sensor = dataclasses.replace(shipped, simulate=dataclasses.replace(shipped.simulate, rest=3))
    model = SensorModel(sensor, random.Random(16))
    values = [v for _, v in run(model, 0.0, 600.0)]
    assert all(a <= b for a, b in zip(values, values[1:])), "a counter never goes back"
    assert all(sensor.low <= v <= sensor.high for v in values)
    expected = 10 * sensor.simulate.rest
    assert expected / 3 <= values[-1] <= expected * 3


def test_counter_touch_adds_touched_passes(config: ExhibitConfig) -> None:
    sensor = of_kind(config, "counter")
    model = SensorModel(sensor, random.Random(17))
    before = sensor.to_value(model.step(1.0, DT))
    for n in range(1, 4):
        model.touch(1.0 + n)
        # dt = 0: no simulated time passes, so no random pass can sneak in
        after = sensor.to_value(model.step(1.0 + n, 0.0))
        assert after == pytest.approx(before + n * sensor.simulate.touched)


class VirtualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_source_step_emits_every_sensor_at_the_given_time(config: ExhibitConfig) -> None:
    source = SimulatorSource(config.sensors, seed=1, clock=VirtualClock())
    readings = source.step(2.0, DT)
    assert [r.sensor for r in readings] == list(config.sensors)
    assert all(r.t == 2.0 and math.isfinite(r.raw) for r in readings)
    assert source.status().stats["readings"] == len(config.sensors)
    assert source.status().kind == "simulation" and source.status().connected


def test_same_seed_gives_the_same_readings(config: ExhibitConfig) -> None:
    def play(seed: int) -> list[Reading]:
        source = SimulatorSource(config.sensors, seed=seed, clock=VirtualClock())
        return [r for i in range(1, 200) for r in source.step(i * DT, DT)]

    assert play(5) == play(5)
    assert play(5) != play(6)


def test_source_touch_uses_its_clock(config: ExhibitConfig) -> None:
    clock = VirtualClock()
    source = SimulatorSource(config.sensors, seed=2, clock=clock)
    binary = of_kind(config, "binary")
    by_id = {r.sensor: r.raw for r in source.step(DT, DT)}
    assert binary.to_value(by_id[binary.id]) == binary.simulate.rest
    clock.now = 10.0
    assert source.touch(binary.id) is True
    by_id = {r.sensor: r.raw for r in source.step(10.0 + DT, DT)}
    assert binary.to_value(by_id[binary.id]) == binary.simulate.touched
    by_id = {r.sensor: r.raw for r in source.step(10.0 + TOUCH_HOLD + DT, DT)}
    assert binary.to_value(by_id[binary.id]) == binary.simulate.rest


def test_touch_of_an_unknown_sensor_returns_false(config: ExhibitConfig) -> None:
    source = SimulatorSource(config.sensors, seed=3, clock=VirtualClock())
    assert source.touch("no_such_sensor") is False
    assert source.touch("") is False


def test_reader_thread_delivers_every_sensor_and_stops(config: ExhibitConfig) -> None:
    source = SimulatorSource(config.sensors, seed=4)
    queue = ReadingQueue()
    seen: dict[str, list[Reading]] = {}
    source.start(queue)
    try:
        deadline = time.monotonic() + 5.0
        while set(seen) != set(config.sensors) and time.monotonic() < deadline:
            for reading in queue.drain():
                seen.setdefault(reading.sensor, []).append(reading)
            time.sleep(0.01)
    finally:
        source.stop()
    assert set(seen) == set(config.sensors)
    assert all(math.isfinite(r.raw) for readings in seen.values() for r in readings)
    assert source._thread is not None and not source._thread.is_alive()
    queue.drain()
    time.sleep(3 * DT)
    assert len(queue) == 0, "a stopped source must not enqueue any more readings"


def test_the_shipped_simulator_left_alone_never_touches_a_sensor(config: ExhibitConfig) -> None:
    """Every touch jumps the show to that sensor's scene: ten minutes of the simulator's
    resting noise and drift (and no spontaneous bike passes) must not interrupt the loop."""
    from exhibit.signals.hub import SignalHub
    from exhibit.status import CONNECTED, SIMULATION, SourceStatus

    hub = SignalHub(config.sensors)
    models = {sid: SensorModel(s, random.Random(i)) for i, (sid, s) in
              enumerate(config.sensors.items())}
    source = SourceStatus(SIMULATION, "test", CONNECTED)
    touched: set[str] = set()
    t = 0.0
    while t < 600.0:
        t += DT
        hub.feed([Reading(sid, m.step(t, DT), t) for sid, m in models.items()])
        if round(t / DT) % 10 == 0:
            touched.update(hub.world(t, t, source, "de").touches)
    assert touched == set()
