"""The read-only snapshot a frame is drawn from: every sensor's state plus the source status.

Scenes and the director read only this; they never see queues, ports or files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from exhibit.config import Level, Sensor
from exhibit.numbers import format_number
from exhibit.signals.history import EMPTY, HistoryView
from exhibit.sources.base import SourceStatus


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
