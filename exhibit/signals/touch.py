"""Touch detection: did a visitor just do something to this sensor?

A resting baseline follows slow drift (room light, warm-up, temperature) with a long time
constant and freezes while a hand is on the sensor. A touch begins when the value has left
the baseline by `delta` in the configured direction for `min_time`; it ends when the value
comes back within `release × delta` (hysteresis), and a cool-down keeps one long, wobbly
touch from counting twice. A "touch" that lasts longer than `max_touch` is no touch but a
new normal (a lamp switched on in the room): the baseline takes it over.

Runs on each reading's own timestamp, so detection does not depend on the frame rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TOUCH, RELEASE, LEVEL = "touch", "release", "level"
EPSILON = 1e-6  # seconds; timestamps are floats


@dataclass(frozen=True)
class TouchConfig:
    delta: float                     # how far from the baseline, in the sensor's unit
    direction: str = "either"        # up | down | either
    min_time: float = 0.05           # seconds the deviation must hold
    release: float = 0.5             # back within release × delta: the touch ends
    cooldown: float = 1.0            # seconds after a release before a new touch counts
    baseline_seconds: float = 20.0   # time constant of the resting baseline
    max_touch: float = 60.0          # a longer "touch" is a new resting level


class TouchDetector:
    """Per-sensor touch state; `update` returns TOUCH, RELEASE or None."""

    def __init__(self, config: TouchConfig) -> None:
        self.config = config
        self._sign = {"up": 1.0, "down": -1.0, "either": 0.0}[config.direction]
        self.baseline: float | None = None
        self.touched = False
        self.touches = 0
        self._last_t: float | None = None
        self._above_since: float | None = None   # when the deviation first reached delta
        self._touched_at = 0.0
        self._released_at = -math.inf

    def deviation(self, value: float) -> float:
        """How far `value` is from rest, counted in the touch direction."""
        offset = value - (self.baseline if self.baseline is not None else value)
        return offset * self._sign if self._sign else abs(offset)

    def update(self, value: float, t: float) -> str | None:
        c = self.config
        if self.baseline is None:
            self.baseline, self._last_t = value, t
            return None
        dt = 0.0 if self._last_t is None or t < self._last_t else t - self._last_t
        self._last_t = t
        offset = value - self.baseline  # self.deviation(value), inlined: runs per reading
        deviation = offset * self._sign if self._sign else abs(offset)
        event = None
        if self.touched:
            if deviation < c.delta * c.release:
                event = self._release(t)
            elif t - self._touched_at >= c.max_touch:  # not a hand: the new normal
                self.baseline = value
                event = self._release(t)
        elif deviation >= c.delta:
            if self._above_since is None:
                self._above_since = t
            held = t - self._above_since + EPSILON >= c.min_time  # 60.05 - 60.0 < 0.05 in floats
            if held and t - self._released_at + EPSILON >= c.cooldown:
                self.touched, self._touched_at, self._above_since = True, t, None
                self.touches += 1
                event = TOUCH
        else:
            self._above_since = None
        if not self.touched and self._above_since is None:  # rest: follow the slow drift
            x = dt / c.baseline_seconds  # 1 - exp(-x), by its series while x is small
            k = x - x * x / 2 if x < 0.01 else 1 - math.exp(-x)
            self.baseline += (value - self.baseline) * k
        return event

    def _release(self, t: float) -> str:
        self.touched = False
        self._released_at = t
        self._above_since = None
        return RELEASE
