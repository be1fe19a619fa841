"""From raw readings to what a frame shows: calibrate, clamp, smooth, touch, level.

Every step runs on each reading's own timestamp (taken when its bytes arrived), so touch
timing and smoothing do not depend on the frame rate. The main thread feeds readings in
and takes a frozen `World` out once per frame.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from exhibit.config import Level, Sensor
from exhibit.reading import Reading
from exhibit.sources.base import SourceStatus
from exhibit.world import SensorView, World

BASELINE_SECONDS = 20.0   # time constant of the resting baseline
STALE_SECONDS = 5.0       # no reading for this long: the value is shown as stale
COUNTER_TOUCH_SECONDS = 2.0


class Processed(NamedTuple):
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
    """The running state of one sensor.

    `feed` runs for every reading (hundreds of thousands a second at full speed), so the
    sensor's constants are unpacked once here and the hot path stays flat.
    """

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
        (r0, v0), (r1, v1) = sensor.calibration
        self._slope = (v1 - v0) / (r1 - r0)
        self._offset = v0 - r0 * self._slope
        self._low, self._high = sensor.low, sensor.high
        self._alpha, self._hysteresis = sensor.smoothing, sensor.hysteresis
        self._band = (math.inf, -math.inf)  # where the current level holds; empty: none yet
        self._counter = sensor.kind == "counter"
        self._sign = {"up": 1.0, "down": -1.0, "either": 0.0}[sensor.touch.direction]
        self._delta = sensor.touch.delta

    def calibrate(self, raw: float) -> float:
        s = self.sensor
        return min(max(raw * self._slope + self._offset, s.low), s.high)

    def feed(self, reading: Reading) -> tuple[float, bool]:
        """Take one reading; return its calibrated value and whether a touch began."""
        raw, t = reading[1], reading[2]
        value = raw * self._slope + self._offset
        low, high = self._low, self._high
        value = low if value < low else high if value > high else value
        previous, last_t = self.value, self.last_t
        dt = 0.0 if last_t is None or t < last_t else t - last_t
        if previous is None or self._counter:
            smoothed = value
        else:
            smoothed = previous + self._alpha * (value - previous)
        self.raw, self.value, self.last_t = raw, smoothed, t
        self.readings += 1
        band = self._band
        if not band[0] <= smoothed <= band[1]:
            level = self.level = pick_level(self.sensor.levels, smoothed, self.level,
                                            self._hysteresis)
            self._band = (level.low - self._hysteresis, level.high + self._hysteresis)
        if self._counter:
            return value, self._count(smoothed, previous, t)
        # touch: the value leaves its resting baseline by `delta` in the touch direction
        baseline = self.baseline
        if baseline is None:
            self.baseline = smoothed
            return value, False
        offset = smoothed - baseline
        deviation = offset * self._sign if self._sign else abs(offset)
        began = False
        if not self.touched:
            if deviation >= self._delta:
                self.touched = began = True
        elif deviation < self._delta * 0.5:
            self.touched = False
        if not self.touched:  # the baseline rests while a hand is on the sensor
            x = dt / BASELINE_SECONDS  # 1 - exp(-x), by its series while x is small
            self.baseline = baseline + offset * (x - x * x / 2 if x < 0.01 else 1 - math.exp(-x))
        return value, began

    def _count(self, value: float, previous: float | None, t: float) -> bool:
        """Counters: every increase is a touch (a bike passed, a car parked)."""
        began = previous is not None and value - previous >= self.sensor.touch.delta
        if began:
            self.touched_until = t + COUNTER_TOUCH_SECONDS
        was, self.touched = self.touched, t < self.touched_until
        return began and not was

    def view(self, now: float) -> SensorView:
        # motion sensors and counters report changes (Firmata sends a digital pin only when
        # it changes): their last value holds; analog values must keep coming
        held = self.sensor.kind != "analog"
        stale = self.last_t is None or (not held and now - self.last_t > STALE_SECONDS)
        touched = self.touched and (self.sensor.kind != "counter" or now < self.touched_until)
        return SensorView(self.sensor, self.value, self.raw, self.level, touched,
                          self.baseline, stale, self.readings)


class SignalHub:
    """All sensors' signals; readings in, a `World` per frame out."""

    def __init__(self, sensors: Mapping[str, Sensor]) -> None:
        self.signals = {sid: SensorSignal(s) for sid, s in sensors.items()}
        self._touches: list[str] = []
        self._seen = {sid: 0 for sid in self.signals}  # readings counted at the last frame

    def feed(self, readings: Iterable[Reading], keep: bool = False) -> list[Processed]:
        """Run every reading through its sensor's signal steps.

        With `keep`, return each reading with its calibrated value (for the recorder);
        without, nothing is built per reading beyond the signal state.
        """
        processed: list[Processed] = []
        append, new = processed.append, tuple.__new__
        signals = self.signals
        for reading in readings:
            signal = signals.get(reading[0])
            if signal is None:
                continue
            value, began = signal.feed(reading)
            if keep:
                append(new(Processed, (reading, value)))
            if began:
                self._touches.append(reading[0])
        return processed

    def world(self, now: float, t: float, source: SourceStatus, language: str) -> World:
        """Freeze this frame's state; `now` is monotonic time, `t` the show's clock."""
        views = {sid: sig.view(now) for sid, sig in self.signals.items()}
        touches, self._touches = tuple(dict.fromkeys(self._touches)), []
        pulses = tuple(sid for sid, sig in self.signals.items()
                       if sig.readings != self._seen[sid])
        self._seen = {sid: sig.readings for sid, sig in self.signals.items()}
        return World(t, MappingProxyType(views), source, touches, pulses, language)
