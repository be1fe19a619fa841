"""The staff calibration mode (key C): measure a sensor at rest and touched, propose settings.

A pure state machine: it is fed the frame's `World` and `dt`, and key actions as plain words
(`app.py` maps pygame keys to them); it never opens a file or touches pygame. Saving is a
request the frame loop carries out through `exhibit.calibration_file.save_calibration`.

Pages: ``overview`` (every sensor live; pick one) → ``rest`` ("leave the sensor alone") →
``touch`` ("touch it now") → ``review`` (the measured ranges and the proposal). Each
recording step waits for Enter/Space, lets the signal settle for `settle` seconds (a hand
needs a moment, and the smoothing filters need a few readings), then records for `seconds`.

Sampling: once per frame, the sensor's filtered value (`SensorView.value`), and only in
frames in which the sensor got new readings. The filtered value is what touch detection and
levels see, so its noise is the noise that matters; skipping frames without a new reading
keeps a slow sensor's held value from being counted many times. At 60 fps this is one
sample per frame for any sensor faster than 60 readings a second, plenty for a mean and a
standard deviation over 5 s.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from exhibit.config import Sensor
from exhibit.world import World

OVERVIEW, REST, TOUCH, REVIEW = "overview", "rest", "touch", "review"
READY, SETTLE, RECORD = "ready", "settle", "record"
# key actions, as app.py sends them
UP, DOWN, NEXT, BACK, REPEAT, SAVE, ABORT = "up", "down", "next", "back", "repeat", "save", "abort"
SELECT = "select:"  # + index, from the number keys 1–9, 0

DEFAULT_SECONDS = 5.0
DEFAULT_SETTLE = 1.5
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
# messages on the overview
SAVED, SAVE_FAILED, NOTHING_TO_SAVE, NOT_CALIBRATABLE, ACCEPTED, NOT_ACCEPTED = (
    "saved", "save_failed", "nothing_to_save", "not_calibratable", "accepted", "not_accepted")


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


@dataclass
class Recording:
    """Samples of one step; `elapsed` counts settle time and recording time together."""

    seconds: float
    settle: float
    elapsed: float = 0.0
    samples: list[float] = field(default_factory=list)
    last_readings: int | None = None

    @property
    def phase(self) -> str:
        return SETTLE if self.elapsed < self.settle else RECORD

    @property
    def progress(self) -> float:
        """0..1 through the recording (0 while settling)."""
        return min(max((self.elapsed - self.settle) / self.seconds, 0.0), 1.0)

    @property
    def done(self) -> bool:
        return self.elapsed >= self.settle + self.seconds

    def stats(self) -> Stats:
        return Stats.of(self.samples)

    def update(self, dt: float, view) -> None:
        recording = self.phase == RECORD
        self.elapsed += dt
        if view is None:
            return
        fresh = self.last_readings is not None and view.readings != self.last_readings
        self.last_readings = view.readings
        if recording and fresh and view.value is not None and not view.stale:
            self.samples.append(float(view.value))


class CalibrationMode:
    """The calibration mode's state; `key` and `update` move it, the view only reads it."""

    def __init__(self, sensors: Mapping[str, Sensor], seconds: float = DEFAULT_SECONDS,
                 settle: float = DEFAULT_SETTLE) -> None:
        self.sensors = dict(sensors)
        self.seconds = seconds
        self.settle = settle
        self.active = False
        self.selected = 0
        self.accepted: dict[str, Proposal] = {}
        self.saved_ids: set[str] = set()
        self.message: tuple[str, str] | None = None  # (kind, detail) for the status line
        self._reset()

    def _reset(self) -> None:
        self.page = OVERVIEW
        self.recording: Recording | None = None
        self.rest: Stats | None = None
        self.proposal: Proposal | None = None

    # --- what the view reads ---------------------------------------------------------
    @property
    def ids(self) -> list[str]:
        return list(self.sensors)

    @property
    def sensor_id(self) -> str:
        return self.ids[self.selected]

    @property
    def sensor(self) -> Sensor:
        return self.sensors[self.sensor_id]

    @property
    def phase(self) -> str:
        if self.recording is None:
            return READY
        return self.recording.phase

    def holding(self) -> str | None:
        """The sensor a simulated hand should touch now (the touch step, once started)."""
        if self.active and self.page == TOUCH and self.recording is not None:
            return self.sensor_id
        return None

    # --- lifecycle -------------------------------------------------------------------
    def open(self) -> None:
        self.active = True
        self.accepted.clear()
        self.saved_ids.clear()
        self.message = None
        self._reset()

    def close(self) -> None:
        """Leave without saving: every proposal not yet saved is dropped."""
        self.active = False
        self.accepted.clear()
        self._reset()

    def saved(self, path: str, sensors: Mapping[str, Sensor]) -> None:
        """The frame loop wrote the file and applied it: take the new settings as current."""
        self.saved_ids.update(self.accepted)
        self.accepted.clear()
        self.sensors = dict(sensors)
        self.message = (SAVED, path)
        self._reset()

    def save_failed(self, detail: str) -> None:
        self.message = (SAVE_FAILED, detail)

    # --- input -----------------------------------------------------------------------
    def key(self, action: str) -> dict | None:
        """Handle one key action; returns the changes to save when staff press S."""
        if action == ABORT:
            self.close()
            return None
        if action.startswith(SELECT):
            if self.page == OVERVIEW:
                index = int(action[len(SELECT):])
                if 0 <= index < len(self.ids):
                    self.selected = index
            return None
        if self.page == OVERVIEW:
            return self._overview_key(action)
        if action == BACK:
            self._reset()
            return None
        if self.page == REVIEW:
            return self._review_key(action)
        if action == NEXT and self.recording is None:  # start recording this step
            self.recording = Recording(self.seconds, self.settle)
        return None

    def _overview_key(self, action: str) -> dict | None:
        if action in (UP, DOWN):
            step = -1 if action == UP else 1
            self.selected = (self.selected + step) % len(self.ids)
        elif action == NEXT:
            if self.sensor.kind == "counter":
                self.message = (NOT_CALIBRATABLE, self.sensor_id)
            else:
                self.message = None
                self._reset()
                self.page = REST
        elif action == SAVE:
            return self._save_request()
        return None

    def _review_key(self, action: str) -> dict | None:
        proposal = self.proposal
        assert proposal is not None
        if action == REPEAT:
            self._reset()
            self.page = REST
        elif action in (NEXT, SAVE):
            if not proposal.ok:
                self.message = (NOT_ACCEPTED, self.sensor_id)
                return None
            self.accepted[self.sensor_id] = proposal
            self.message = (ACCEPTED, self.sensor_id)
            self._reset()
            if action == SAVE:
                return self._save_request()
        return None

    def _save_request(self) -> dict | None:
        changes = {sid: c for sid, p in self.accepted.items() if (c := p.changes())}
        if not changes:
            self.message = (NOTHING_TO_SAVE, "")
            if self.accepted:  # accepted, but equal to what is set: nothing to write
                self.saved_ids.update(self.accepted)
                self.accepted.clear()
            return None
        return changes

    # --- time ------------------------------------------------------------------------
    def update(self, dt: float, world: World) -> None:
        """Advance the running step by `dt`, sampling the selected sensor from `world`."""
        if not self.active or self.recording is None:
            return
        self.recording.update(dt, world.view(self.sensor_id))
        if not self.recording.done:
            return
        stats = self.recording.stats()
        if self.page == REST:
            self.rest = stats
            self.recording = None
            self.page = TOUCH
        elif self.page == TOUCH:
            assert self.rest is not None
            self.proposal = propose(self.sensor, self.rest, stats)
            self.recording = None
            self.page = REVIEW
