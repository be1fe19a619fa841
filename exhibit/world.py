"""The read-only snapshot a frame is drawn from: every sensor's state plus the source status.

Scenes and the director read only this; they never see queues, ports or files.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

from exhibit.config import Level, Sensor
from exhibit.numbers import format_number
from exhibit.signals.history import EMPTY, HistoryView
from exhibit.status import SourceStatus


@dataclass(frozen=True)
class SensorView:
    """One sensor as of this frame."""

    sensor: Sensor
    value: float | None = None      # calibrated, clamped, filtered; None before the first one
    raw: float | None = None
    level: Level | None = None
    touched: bool = False
    baseline: float | None = None   # the resting value touches are measured against
    stale: bool = True
    readings: int = 0
    history: HistoryView = EMPTY    # the last two minutes, for sparklines, min, max, trend
    per_minute: float | None = None  # counters: increases in the last minute
    total: float | None = None       # counters: increases since the show started

    @property
    def fresh(self) -> bool:
        """A reading that may be shown: there is one and it is not stale."""
        return not self.stale and self.value is not None

    @property
    def fraction(self) -> float:
        """Where the value sits in the sensor's range, 0..1 (0 before the first reading)."""
        if self.value is None:
            return 0.0
        s = self.sensor
        return min(max((self.value - s.low) / (s.high - s.low), 0.0), 1.0)

    def formatted(self, lang: str) -> str:
        """The value as visitors read it: German decimal comma, the sensor's decimals."""
        return format_number(self.value, self.sensor.decimals, lang)

    def level_label(self, lang: str) -> str:
        return self.level.label[lang] if self.level else ""


def fresh_value(view: SensorView | None) -> float | None:
    """The value of a fresh reading, else None (missing from the config, stale, none yet):
    what a scene may show; without it, its calm rest picture."""
    return view.value if view is not None and view.fresh else None


@dataclass
class HeldValue:
    """A number visitors read, held against sensor noise: a change of `jump` of the
    sensor's range or more (or a touch) shows at once, a smaller one at most every `hold`
    seconds — a flickering last digit is unreadable, and each new number is a fresh text
    render. One per shown number: the panel's, each overview card's."""

    hold: float = 0.25
    jump: float = 0.01
    sensor_id: str | None = None
    value: float | None = None
    age: float = 0.0

    def update(self, dt: float, view: SensorView | None, at_once: bool = False) -> None:
        self.age += dt
        if view is None or view.value is None:
            self.sensor_id = self.value = None
            return
        if not at_once and self.value is not None and self.sensor_id == view.sensor.id:
            span = view.sensor.high - view.sensor.low
            if abs(view.value - self.value) < span * self.jump and self.age < self.hold:
                return
        self.sensor_id, self.value, self.age = view.sensor.id, view.value, 0.0

    def shown(self, view: SensorView | None) -> SensorView | None:
        """`view` with the held value, if it is the sensor held."""
        if view is None or self.value is None or self.sensor_id != view.sensor.id:
            return view
        return replace(view, value=self.value)


@dataclass(frozen=True)
class SignalEvent:
    kind: str       # touch | release | level
    sensor: str
    t: float        # the reading's arrival time (monotonic seconds)
    detail: str = ""  # level: the new level's name


@dataclass(frozen=True)
class World:
    """Everything a frame may show, frozen at the start of the frame."""

    t: float                              # seconds since the show started
    sensors: Mapping[str, SensorView]
    source: SourceStatus
    touches: tuple[str, ...] = ()         # sensors whose touch began since the last frame
    pulses: tuple[str, ...] = ()          # sensors with a new reading since the last frame
    events: tuple[SignalEvent, ...] = ()  # touch, release and level changes, in order
    language: str = "de"

    def view(self, sensor_id: str) -> SensorView | None:
        return self.sensors.get(sensor_id)
