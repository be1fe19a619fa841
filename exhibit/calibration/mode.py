"""The staff calibration mode (key C): measure a sensor at rest and touched, propose settings.

A pure state machine: it is fed the frame's `World` and `dt`, and key actions as plain words
(`app.py` maps pygame keys to them); it never opens a file or touches pygame. Saving is a
request the frame loop carries out through `exhibit.calibration.overlay_file.save_calibration`.

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

from collections.abc import Mapping
from dataclasses import dataclass, field

from exhibit.calibration.proposal import Proposal, Stats, propose
from exhibit.config import Sensor
from exhibit.world import World

OVERVIEW, REST, TOUCH, REVIEW = "overview", "rest", "touch", "review"
READY, SETTLE, RECORD = "ready", "settle", "record"
# key actions, as app.py sends them
UP, DOWN, NEXT, BACK, REPEAT, SAVE, ABORT = "up", "down", "next", "back", "repeat", "save", "abort"
SELECT = "select:"  # + index, from the number keys 1–9, 0

DEFAULT_SECONDS = 5.0
DEFAULT_SETTLE = 1.5
# messages on the overview
SAVED, SAVE_FAILED, NOTHING_TO_SAVE, NOT_CALIBRATABLE, ACCEPTED, NOT_ACCEPTED = (
    "saved", "save_failed", "nothing_to_save", "not_calibratable", "accepted", "not_accepted")


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
