"""The value that crosses the thread boundary: one raw number from one sensor."""

from __future__ import annotations

from typing import NamedTuple


class Reading(NamedTuple):
    """A decoded raw value of `sensor` whose bytes arrived at monotonic time `t`.

    `stand_in` marks simulated values shown while the board is away; they are never
    recorded as if measured. A named tuple, not a dataclass: hundreds of thousands are
    made per second at full speed, and a tuple is built several times faster.
    """

    sensor: str
    raw: float
    t: float
    stand_in: bool = False


# Decoders build readings with ``new_tuple(Reading, (sensor, raw, t, False))``: it skips
# NamedTuple's Python-level __new__ and is twice as fast, which counts on the hot path.
new_tuple = tuple.__new__
