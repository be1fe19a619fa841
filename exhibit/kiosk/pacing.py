"""Frame pacing that sleeps, never spins.

`pygame.time.Clock.tick(60)` sleeps too (SDL_Delay; `tick_busy_loop` is the one that spins
and starves the reader threads), but it counts whole milliseconds: 16 ms a frame, 62.5
frames a second, 4 % more frames than the 60 asked for. `FramePacer` keeps deadlines in
floating-point seconds on the monotonic clock, so the rate is the one asked for, and one
sleep per frame makes up for the last sleep's overshoot. A frame that ran late by more
than a whole period starts a fresh schedule instead of a burst of catch-up frames.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class FramePacer:
    """`tick(fps)` once per frame: sleeps until the frame's deadline, returns the seconds
    since the previous tick (0 on the first). `clock` and `sleep` are for tests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._due: float | None = None   # when the next frame may start
        self._last: float | None = None  # when the previous tick returned

    def tick(self, fps: float) -> float:
        period = 1.0 / fps
        now = self._clock()
        due = (now if self._due is None else self._due) + period
        if due < now - period:  # late by more than a frame (a stall): no catch-up burst
            due = now
        if due > now:
            self._sleep(due - now)
            now = self._clock()
        self._due = due
        dt = 0.0 if self._last is None else now - self._last
        self._last = now
        return dt
