"""The wall clock the show reads: opening hours and visitor statistics go by it.

Real local time by default; `--simulate-time WHEN [--time-speed X]` starts it at WHEN and
lets it run X times as fast, so staff and tests can cross opening, closing and midnight
without waiting. Frame timing never uses it (that is `time.monotonic`).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta


class WallClock:
    """Local, naive `datetime`s: `now()` is real time, or simulated from `start`."""

    def __init__(self, start: datetime | None = None, speed: float = 1.0,
                 monotonic=time.monotonic) -> None:
        self.start = start
        self.speed = speed
        self.simulated = start is not None
        self._monotonic = monotonic
        self._t0 = monotonic()

    def now(self) -> datetime:
        if self.start is None:
            return datetime.now()
        return self.start + timedelta(seconds=(self._monotonic() - self._t0) * self.speed)
