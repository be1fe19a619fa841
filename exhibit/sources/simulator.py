"""The built-in simulated sensor model: plausible readings when no board is plugged in.

Each sensor rests near its configured value with slow drift and noise; `touch()` plays a
visitor's hand: the value eases to the `touched` value, holds, and eases back. Readings
are produced as raw counts (through the inverse calibration), so the simulator exercises
the same signal path as a board.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable, Mapping

from exhibit.config import Sensor
from exhibit.reading import Reading
from exhibit.sources.base import Source
from exhibit.status import CONNECTED, SIMULATION, SourceStatus

RATE_HZ = 20.0
TOUCH_HOLD = 4.0       # seconds a simulated hand stays on the sensor
EASE_SECONDS = 0.35    # time constant of the approach to the touched value


class SensorModel:
    """One simulated sensor, advanced on its own clock so tests can drive it directly."""

    def __init__(self, sensor: Sensor, rng: random.Random) -> None:
        self.sensor = sensor
        self.rng = rng
        sim = sensor.simulate
        self.value = sim.rest
        self.count = 0.0
        self.drift_phase = rng.uniform(0, 2 * math.pi)
        self.drift_period = rng.uniform(90, 300)
        self.touched_until = -math.inf

    def touch(self, now: float) -> None:
        if self.sensor.kind == "counter":
            self.count += self.sensor.simulate.touched
        self.touched_until = now + TOUCH_HOLD

    def step(self, now: float, dt: float) -> float:
        """Advance to `now`; return the raw value a board would send."""
        sensor, sim = self.sensor, self.sensor.simulate
        if sensor.kind == "counter":
            if self.rng.random() < sim.rest / 60.0 * dt:
                self.count += 1
            return self.count
        touched = now < self.touched_until
        if sensor.kind == "binary":
            self.value = sim.touched if touched else sim.rest
            return sensor.to_raw(self.value)
        drift = sim.drift * math.sin(2 * math.pi * now / self.drift_period + self.drift_phase)
        target = sim.touched if touched else sim.rest + drift
        self.value += (target - self.value) * (1 - math.exp(-dt / EASE_SECONDS))
        noisy = self.value + self.rng.gauss(0, sim.noise) if sim.noise else self.value
        noisy = min(max(noisy, sensor.low), sensor.high)
        return _inside(sensor, sensor.to_raw(noisy))


def _inside(sensor: Sensor, raw: float) -> float:
    """`raw` to 2 decimals as a board's text would carry it, rounded the way that keeps its
    calibrated value inside the sensor's range (at a table's end plain rounding can step
    just outside: 0 lx came back as -0.0003 lx)."""
    for candidate in (round(raw, 2), math.floor(raw * 100) / 100, math.ceil(raw * 100) / 100):
        if sensor.low <= sensor.to_value(candidate) <= sensor.high:
            return candidate
    return round(raw, 2)


class SimulatorSource(Source):
    """A source thread that emits every sensor at `RATE_HZ`."""

    kind = SIMULATION

    def __init__(self, sensors: Mapping[str, Sensor], seed: int | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 stand_in_when: Callable[[], bool] | None = None) -> None:
        """With `stand_in_when`, emit only while it returns True, as stand-in readings."""
        super().__init__("simulator")
        self.stand_in_when = stand_in_when
        rng = random.Random(seed)
        self.models = {sid: SensorModel(s, rng) for sid, s in sensors.items()}
        self.clock = clock
        self._lock = threading.Lock()
        self._emitted = 0

    def touch(self, sensor_id: str) -> bool:
        model = self.models.get(sensor_id)
        if model is None:
            return False
        with self._lock:
            model.touch(self.clock())
        return True

    def status(self) -> SourceStatus:
        with self._lock:
            return SourceStatus(SIMULATION, self.name, CONNECTED,
                                stats={"readings": self._emitted})

    def step(self, now: float, dt: float) -> list[Reading]:
        with self._lock:
            stand_in = self.stand_in_when is not None
            readings = [Reading(sid, m.step(now, dt), now, stand_in)
                        for sid, m in self.models.items()]
            self._emitted += len(readings)
        return readings

    def _run(self) -> None:
        assert self._queue is not None
        period = 1.0 / RATE_HZ
        last = self.clock()
        while not self._stop.wait(period):
            now = self.clock()
            readings = self.step(now, now - last)
            if self.stand_in_when is None or self.stand_in_when():
                self._queue.put_many(readings)
            last = now
