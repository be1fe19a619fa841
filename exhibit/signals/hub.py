"""From raw readings to what a frame shows: calibrate, clamp, filter, level, touch, history.

Every step runs on each reading's own timestamp (taken when its bytes arrived), so touch
timing and smoothing do not depend on the frame rate. The main thread feeds readings in
and takes a frozen `World` out once per frame. `SensorSignal.feed` is the per-reading hot
path (hundreds of thousands a second at full speed): it binds its steps once and stays flat.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from exhibit.config import Level, Sensor
from exhibit.reading import Reading
from exhibit.signals.filters import FilterChain
from exhibit.signals.history import History, Rate
from exhibit.signals.touch import LEVEL, RELEASE, TOUCH, TouchDetector
from exhibit.status import SourceStatus
from exhibit.world import SensorView, SignalEvent, World

COUNTER_TOUCH_SECONDS = 2.0   # a counted pass shows as "touched" this long
HISTORY_SPAN, HISTORY_BUCKET = 120.0, 1.0


class Processed(NamedTuple):
    """One reading after the signal steps, as the recorder writes it."""

    reading: Reading
    value: float  # calibrated and clamped, before filters


def pick_level(levels: tuple[Level, ...], value: float, current: Level | None,
               hysteresis: float) -> Level:
    """The band `value` falls in; stay in `current` until it is left by `hysteresis`."""
    if current is not None and current.low - hysteresis <= value <= current.high + hysteresis:
        return current
    for level in levels:
        if value < level.high:
            return level
    return levels[-1]


def _arrival(item: Processed) -> float:
    return item[0][2]


class SensorSignal:
    """The running state of one sensor."""

    def __init__(self, sensor: Sensor) -> None:
        self.sensor = sensor
        self.value: float | None = None      # after the filters
        self.raw: float | None = None
        self.level: Level | None = None
        self.last_t: float | None = None     # when a value last passed the filters
        self.readings = 0
        self.touch = TouchDetector(sensor.touch)
        self.history = History(HISTORY_SPAN, HISTORY_BUCKET)
        self.rate = Rate() if sensor.kind == "counter" else None
        self.touched_until = -math.inf       # counters: a pass shows as touched for a while
        self._calibrate = sensor.calibration.__call__  # bound: cheaper than calling the object
        self._touch_update = self.touch.update
        self._filter = FilterChain(sensor.filters).step
        self._history_add = self.history.add
        self._low, self._high = sensor.low, sensor.high
        self._hysteresis = sensor.hysteresis
        self._band = (math.inf, -math.inf)  # where the current level holds; empty: none yet

    def feed_many(self, readings: list[Reading], events: list[SignalEvent],
                  processed: list[Processed] | None = None) -> None:
        """Take this sensor's readings of one batch, in order.

        One call per sensor and frame, not per reading: the steps are bound to locals once,
        which halves the per-reading cost at full speed. Touch and release go to `events`;
        with `processed`, each reading's calibrated value is kept for the recorder.
        """
        if not readings:
            return
        sid = self.sensor.id
        calibrate, step = self._calibrate, self._filter
        history_add, touch_update = self._history_add, self._touch_update
        low, high = self._low, self._high
        band_low, band_high = self._band
        keep = processed.append if processed is not None else None
        new = tuple.__new__
        value, last_t = self.value, self.last_t
        for reading in readings:
            t = reading[2]
            v = calibrate(reading[1])
            calibrated = low if v < low else high if v > high else v
            if keep is not None:
                keep(new(Processed, (reading, calibrated)))
            if self.rate is not None:  # counters: unclamped, so the count never sticks
                event = self._count(v, t)
                value, last_t = self.value, self.last_t
            else:
                passed = step(calibrated, t)
                if passed is None:  # delta, throttle, send_every: nothing new to show
                    continue
                value, last_t = passed, t
                history_add(passed, t)
                if not band_low <= passed <= band_high:
                    level = self.level = pick_level(self.sensor.levels, passed, self.level,
                                                    self._hysteresis)
                    band_low = level.low - self._hysteresis
                    band_high = level.high + self._hysteresis
                event = touch_update(passed, t)
            if event is not None:
                events.append(SignalEvent(event, sid, t))
        self.value, self.last_t = value, last_t
        self.raw = readings[-1][1]
        self.readings += len(readings)
        self._band = (band_low, band_high)

    def _count(self, count: float, t: float) -> str | None:
        """Counters: every increase is a pass (a bike, a car) and shows as a touch."""
        previous = self.value
        self.value, self.last_t = count, t
        self.rate.add(count, t)
        self._history_add(count, t)
        if self.level is None:
            self.level = pick_level(self.sensor.levels, count, None, 0.0)
        if previous is not None and count - previous >= self.sensor.touch.delta:
            was_touched = t < self.touched_until
            self.touched_until = t + COUNTER_TOUCH_SECONDS
            return None if was_touched else TOUCH
        return None

    def view(self, now: float) -> SensorView:
        timeout = self.sensor.timeout  # None: the value holds (motion, counters)
        stale = self.last_t is None or (timeout is not None and now - self.last_t > timeout)
        if self.rate is not None:
            touched = now < self.touched_until
            per_minute, total = self.rate.per_minute(now), self.rate.total
        else:
            touched, per_minute, total = self.touch.touched, None, None
        return SensorView(self.sensor, self.value, self.raw, self.level, touched,
                          self.touch.baseline, stale, self.readings, self.history.view(now),
                          per_minute, total)


class SignalHub:
    """All sensors' signals; readings in, a `World` per frame out."""

    def __init__(self, sensors: Mapping[str, Sensor]) -> None:
        self.signals = {sid: SensorSignal(s) for sid, s in sensors.items()}
        self._events: list[SignalEvent] = []
        self._seen = {sid: 0 for sid in self.signals}        # readings at the last frame
        self._levels = {sid: None for sid in self.signals}   # level names at the last frame

    def replace_sensor(self, sensor: Sensor) -> None:
        """Run `sensor` with new settings (the calibration mode saved them) from its next
        reading on: a fresh signal, since baseline, level and history were built with the
        old ones."""
        self.signals[sensor.id] = SensorSignal(sensor)
        self._seen[sensor.id] = 0

    def reconfigure(self, sensors: Mapping[str, Sensor]) -> list[str]:
        """Run `sensors` from now on (staff reloaded exhibit.yaml): a sensor whose settings
        are unchanged keeps its signal (baseline, level, history); a changed or new one
        starts afresh, a removed one is dropped. Returns the ids that started afresh."""
        fresh = [sid for sid, s in sensors.items()
                 if sid not in self.signals or self.signals[sid].sensor != s]
        self.signals = {sid: self.signals[sid] if sid not in fresh else SensorSignal(s)
                        for sid, s in sensors.items()}  # in the config's order
        self._seen = {sid: 0 if sid in fresh else self._seen[sid] for sid in sensors}
        self._levels = {sid: self._levels.get(sid) for sid in sensors}
        return fresh

    def feed(self, readings: Iterable[Reading], keep: bool = False) -> list[Processed]:
        """Run every reading through its sensor's signal steps, in arrival order per sensor.

        With `keep`, return each reading with its calibrated value (for the recorder), in
        arrival order; without, nothing is built per reading beyond the signal state.
        """
        groups: dict[str, list[Reading]] = {}
        for reading in readings:
            group = groups.get(reading[0])
            if group is None:
                groups[reading[0]] = group = []
            group.append(reading)
        processed: list[Processed] | None = [] if keep else None
        signals, events = self.signals, self._events
        for sid, group in groups.items():
            signal = signals.get(sid)
            if signal is not None:
                signal.feed_many(group, events, processed)
        if processed is None:
            return []
        processed.sort(key=_arrival)  # stable: one sensor's readings keep their order
        return processed

    def world(self, now: float, t: float, source: SourceStatus, language: str) -> World:
        """Freeze this frame's state; `now` is monotonic time, `t` the show's clock."""
        signals = self.signals
        views = {sid: sig.view(now) for sid, sig in signals.items()}
        events, self._events = sorted(self._events, key=lambda e: e.t), []
        for sid, view in views.items():  # level changes, once per frame
            name = view.level.name if view.level else None
            if name != self._levels[sid]:
                if self._levels[sid] is not None:
                    events.append(SignalEvent(LEVEL, sid, now, name or ""))
                self._levels[sid] = name
        touches = tuple(dict.fromkeys(e.sensor for e in events if e.kind == TOUCH))
        pulses = tuple(sid for sid, sig in signals.items() if sig.readings != self._seen[sid])
        self._seen = {sid: sig.readings for sid, sig in signals.items()}
        return World(t, MappingProxyType(views), source, touches=touches, pulses=pulses,
                     events=tuple(events), language=language)


__all__ = ["LEVEL", "RELEASE", "TOUCH", "Processed", "SensorSignal", "SignalHub",
           "pick_level"]
