"""From raw readings to what a frame shows: calibrate, clamp, smooth, touch, level.

Every step runs on each reading's own timestamp (taken when its bytes arrived), so touch
timing and smoothing do not depend on the frame rate. The main thread feeds readings in
and takes a frozen `World` out once per frame.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from exhibit.config import Level, Sensor
from exhibit.reading import Reading
from exhibit.sources.base import SourceStatus
from exhibit.world import SensorView, World

BASELINE_SECONDS = 20.0   # time constant of the resting baseline
STALE_SECONDS = 5.0       # no reading for this long: the value is shown as stale
COUNTER_TOUCH_SECONDS = 2.0


@dataclass(frozen=True)
class Processed:
    """One reading after the signal steps, as the recorder writes it."""

    reading: Reading
    value: float  # calibrated and clamped, before smoothing


def pick_level(levels: tuple[Level, ...], value: float, current: Level | None,
               hysteresis: float) -> Level:
    """The band `value` falls in; stay in `current` until it is left by `hysteresis`."""
    if current is not None and current.low - hysteresis <= value <= current.high + hysteresis:
        return current
    for level in levels:
        if value < level.high:
            return level
    return levels[-1]


class SensorSignal:
    """The running state of one sensor."""

    def __init__(self, sensor: Sensor) -> None:
        self.sensor = sensor
        self.value: float | None = None
        self.raw: float | None = None
        self.level: Level | None = None
        self.baseline: float | None = None
        self.touched = False
        self.touched_until = -math.inf
        self.last_t: float | None = None
        self.readings = 0

    def calibrate(self, raw: float) -> float:
        s = self.sensor
        return min(max(s.to_value(raw), s.low), s.high)

    def feed(self, reading: Reading) -> tuple[float, bool]:
        """Take one reading; return its calibrated value and whether a touch began."""
        s = self.sensor
        value = self.calibrate(reading.raw)
        dt = 0.0 if self.last_t is None else max(reading.t - self.last_t, 0.0)
        if self.value is None or s.kind == "counter":
            smoothed = value
        else:
            smoothed = self.value + s.smoothing * (value - self.value)
        previous = self.value
        self.raw, self.value, self.last_t = reading.raw, smoothed, reading.t
        self.readings += 1
        self.level = pick_level(s.levels, smoothed, self.level, s.hysteresis)
        began = self._touch(smoothed, previous, dt, reading.t)
        return value, began

    def _touch(self, value: float, previous: float | None, dt: float, t: float) -> bool:
        s = self.sensor
        if s.kind == "counter":
            began = previous is not None and value - previous >= s.touch.delta
            if began:
                self.touched_until = t + COUNTER_TOUCH_SECONDS
            was, self.touched = self.touched, t < self.touched_until
            return began and not was
        if self.baseline is None:
            self.baseline = value
            return False
        deviation = value - self.baseline
        if s.touch.direction == "down":
            deviation = -deviation
        elif s.touch.direction == "either":
            deviation = abs(deviation)
        began = False
        if not self.touched and deviation >= s.touch.delta:
            self.touched = began = True
        elif self.touched and deviation < s.touch.delta * 0.5:
            self.touched = False
        if not self.touched:  # the baseline rests while a hand is on the sensor
            self.baseline += (value - self.baseline) * (1 - math.exp(-dt / BASELINE_SECONDS))
        return began

    def view(self, now: float) -> SensorView:
        stale = self.last_t is None or now - self.last_t > STALE_SECONDS
        touched = self.touched and (self.sensor.kind != "counter" or now < self.touched_until)
        return SensorView(self.sensor, self.value, self.raw, self.level, touched,
                          self.baseline, stale, self.readings)


class SignalHub:
    """All sensors' signals; readings in, a `World` per frame out."""

    def __init__(self, sensors: Mapping[str, Sensor]) -> None:
        self.signals = {sid: SensorSignal(s) for sid, s in sensors.items()}
        self._touches: list[str] = []
        self._pulses: set[str] = set()

    def feed(self, readings: Iterable[Reading]) -> list[Processed]:
        processed = []
        for reading in readings:
            signal = self.signals.get(reading.sensor)
            if signal is None:
                continue
            value, began = signal.feed(reading)
            processed.append(Processed(reading, value))
            self._pulses.add(reading.sensor)
            if began:
                self._touches.append(reading.sensor)
        return processed

    def world(self, now: float, t: float, source: SourceStatus, language: str) -> World:
        """Freeze this frame's state; `now` is monotonic time, `t` the show's clock."""
        views = {sid: sig.view(now) for sid, sig in self.signals.items()}
        touches, self._touches = tuple(dict.fromkeys(self._touches)), []
        pulses, self._pulses = tuple(sorted(self._pulses)), set()
        return World(t, MappingProxyType(views), source, touches, pulses, language)
