"""What the calibration mode proposes from two recordings — at rest and touched: the touch
threshold and direction, band boundaries and hysteresis, with a check that the two can be
told apart. Pure maths on `Stats`, no state, no pygame (`mode` drives it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from exhibit.config import Sensor

MIN_SAMPLES = 5        # fewer readings than this in a step: nothing to judge by
NOISE_SIGMAS = 4.0     # the touched mean must be this many rest σ away from the rest mean
DELTA_SHARE = 0.5      # the touch threshold is at least half way to the touched mean …
DELTA_CAP = 0.8        # … and at most 80 % of the way, so a real touch always reaches it
HYSTERESIS_SIGMAS = 2.0

# problems: the proposal cannot be saved
NO_READINGS, NO_CHANGE, WITHIN_NOISE, OVERLAP = "no_readings", "no_change", "within_noise", \
    "overlap"
# notes: shown, but saving is allowed
ONE_BAND, BANDS_KEPT, HYSTERESIS_WIDE = "one_band", "bands_kept", "hysteresis_wide"


@dataclass(frozen=True)
class Stats:
    """Summary of one recording step: count, mean, population standard deviation, range."""

    count: int
    mean: float
    std: float
    low: float
    high: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        n = len(samples)
        if n == 0:
            return cls(0, math.nan, math.nan, math.nan, math.nan)
        mean = math.fsum(samples) / n
        var = math.fsum((x - mean) ** 2 for x in samples) / n
        return cls(n, mean, math.sqrt(var), min(samples), max(samples))

    @property
    def spread(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class Band:
    name: str
    low: float
    high: float


@dataclass(frozen=True)
class Proposal:
    """What one rest/touch measurement suggests for a sensor, and whether it can be saved."""

    sensor: Sensor
    rest: Stats
    touched: Stats
    direction: str
    delta: float
    bands: tuple[Band, ...]
    moved: str | None               # name of the band whose upper boundary moved
    hysteresis: float
    problems: tuple[str, ...] = ()  # any: not distinguishable, cannot be saved
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def note(self) -> str:
        """What was measured, one line for the file's comment above the sensor."""
        d = self.sensor.decimals + 1
        r, t = self.rest, self.touched
        return (f"rest {r.mean:.{d}f} ± {r.std:.{d}f} ({r.low:.{d}f} … {r.high:.{d}f}, "
                f"n={r.count}), touched {t.mean:.{d}f} ± {t.std:.{d}f} ({t.low:.{d}f} … "
                f"{t.high:.{d}f}, n={t.count})")

    def changes(self) -> dict:
        """Only what differs from the sensor's current settings, in calibration.yaml's shape:
        ``{touch: {delta, direction}, levels: {name: {range: [lo, hi]}}, hysteresis}``."""
        s = self.sensor
        out: dict = {}
        touch = {}
        if not math.isclose(self.delta, s.touch.delta, rel_tol=0, abs_tol=1e-9):
            touch["delta"] = self.delta
        if self.direction != s.touch.direction:
            touch["direction"] = self.direction
        if touch:
            out["touch"] = touch
        levels = {}
        for level, band in zip(s.levels, self.bands):
            if (level.low, level.high) != (band.low, band.high):
                levels[band.name] = {"range": [band.low, band.high]}
        if levels:
            out["levels"] = levels
        if not math.isclose(self.hysteresis, s.hysteresis, rel_tol=0, abs_tol=1e-9):
            out["hysteresis"] = self.hysteresis
        return out


def _round(x: float, sensor: Sensor) -> float:
    """One decimal more than the sensor shows: precise enough, and readable in the file."""
    return round(x, sensor.decimals + 1)


def propose(sensor: Sensor, rest: Stats, touched: Stats) -> Proposal:
    """Touch threshold, direction, level bands and hysteresis from two recordings.

    With μr, σr, Rr the rest mean, standard deviation and spread (max − min), μt the
    touched mean and gap = |μt − μr|:

    - direction: ``up`` if μt > μr, else ``down``.
    - delta = min(max(0.5·gap, 4·σr + Rr/2), 0.8·gap): at least half way to the touched
      mean, and clear of the rest noise (four σ plus half the spread seen at rest), but
      never more than 80 % of the way, so a real touch always gets there.
    - bands: names, tones and labels stay; one boundary moves to the midpoint m of μr and μt
      so that rest and touch land in different bands, the others stay where they are:
        * exactly one boundary lies between μr and μt: it moves to m;
        * none (both in one band): the boundary nearest to m moves to m, splitting the band;
        * two or more: the touch already crosses a whole band; nothing moves.
      The boundary nearest to m can move to m without passing another boundary, so bands
      stay contiguous, in order and inside the range.
    - hysteresis = max(current, 2·σr).

    Values are rounded to one decimal more than the sensor shows. The proposal cannot be
    saved (`problems`) if a step had fewer than 5 readings, the means are equal, the
    touched mean lies within 4·σr of the rest mean, or the rest and touched ranges overlap.
    """
    problems: list[str] = []
    notes: list[str] = []
    if rest.count < MIN_SAMPLES or touched.count < MIN_SAMPLES:
        return Proposal(sensor, rest, touched, sensor.touch.direction, sensor.touch.delta,
                        tuple(Band(lv.name, lv.low, lv.high) for lv in sensor.levels), None,
                        sensor.hysteresis, (NO_READINGS,))
    diff = touched.mean - rest.mean
    gap = abs(diff)
    direction = "up" if diff > 0 else "down"
    if gap == 0:
        problems.append(NO_CHANGE)
    else:
        if gap < NOISE_SIGMAS * rest.std:
            problems.append(WITHIN_NOISE)
        if touched.low <= rest.high and rest.low <= touched.high:
            problems.append(OVERLAP)
    floor = NOISE_SIGMAS * rest.std + rest.spread / 2
    delta = min(max(DELTA_SHARE * gap, floor), DELTA_CAP * gap)
    rounded = _round(delta, sensor)
    delta = rounded if 0 < rounded < gap else delta
    if gap == 0:
        delta = sensor.touch.delta
    bands, moved = _bands(sensor, rest.mean, touched.mean)
    if len(sensor.levels) < 2:
        notes.append(ONE_BAND)
    elif moved is None and gap > 0:
        notes.append(BANDS_KEPT)
    hysteresis = max(sensor.hysteresis, _round(HYSTERESIS_SIGMAS * rest.std, sensor))
    if moved is not None and gap > 0 and hysteresis >= gap / 2:
        notes.append(HYSTERESIS_WIDE)
    return Proposal(sensor, rest, touched, direction, delta, bands, moved, hysteresis,
                    tuple(problems), tuple(notes))


def _bands(sensor: Sensor, rest: float, touched: float) -> tuple[tuple[Band, ...], str | None]:
    """The sensor's bands with at most one boundary moved (see `propose`)."""
    bands = [Band(lv.name, lv.low, lv.high) for lv in sensor.levels]
    if len(bands) < 2 or rest == touched:
        return tuple(bands), None
    lo, hi = min(rest, touched), max(rest, touched)
    mid = (lo + hi) / 2
    bounds = [b.high for b in bands[:-1]]  # boundary i sits between band i and band i + 1
    between = [i for i, b in enumerate(bounds) if lo < b < hi]
    if len(between) >= 2:
        return tuple(bands), None
    i = between[0] if between else min(range(len(bounds)), key=lambda k: abs(bounds[k] - mid))
    new = _round(mid, sensor)
    below = bands[i].low
    above = bands[i + 1].high
    if not (below < new < above and lo < new < hi):
        new = mid  # rounding must not make a band empty nor put rest and touch in one band
    bands[i] = Band(bands[i].name, bands[i].low, new)
    bands[i + 1] = Band(bands[i + 1].name, new, bands[i + 1].high)
    return tuple(bands), bands[i].name
