"""The value that crosses the thread boundary: one raw number from one sensor."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reading:
    """A decoded raw value of `sensor` whose bytes arrived at monotonic time `t`.

    `stand_in` marks simulated values shown while the board is away; they are never
    recorded as if measured.
    """

    sensor: str
    raw: float
    t: float
    stand_in: bool = False
