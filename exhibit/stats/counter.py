"""Counting visitors without knowing them: touches per sensor and scene views per hour.

`VisitorCounter.frame` is called once per frame by the frame loop with the frame's
`World`, the scene on screen and the wall clock's time. It keeps a few integers per hour
and every `FLUSH_SECONDS` of wall time (and at `close`) hands the new counts as rows to a
`StatsStore`; the store writes them on its own thread. Pure: no I/O, no clock of its own.

What counts:
- a touch: a sensor's touch began (`World.touches`) while a real board feeds the show
  (`source.kind == "live"` and no stand-in). Simulated touches (`--port sim`, the staff's
  number keys, the stand-in while the board is away), replayed ones and a data platform's
  (`--port mqtt://`: someone else's model or the city's sensors) are no visitors here;
- a view: a scene came on screen, for any reason (attract loop, a touch, after a failure).
Nothing else is kept: no times finer than the hour, no sequences, nothing about a person.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from exhibit.status import LIVE
from exhibit.world import World

TOUCH, VIEW = "touch", "view"
KINDS = (TOUCH, VIEW)
FLUSH_SECONDS = 60.0  # a crash loses at most this much wall time of counts


@dataclass(frozen=True, order=True)
class StatsRow:
    """One line of a stats file: `count` events of `kind` for `name` in the hour `hour`."""

    hour: datetime  # naive local time, on the full hour
    kind: str       # touch | view
    name: str       # sensor id (touch) or scene name (view)
    count: int

    def csv(self) -> str:
        return f"{self.hour:%Y-%m-%dT%H:00},{self.kind},{self.name},{self.count}"


def hour_of(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


class VisitorCounter:
    """Counts per (hour, kind, name) and hands them to `store` about once a minute."""

    def __init__(self, store, flush_seconds: float = FLUSH_SECONDS) -> None:
        self.store = store
        self.flush_seconds = flush_seconds
        self._counts: Counter[tuple[datetime, str, str]] = Counter()
        self._on_screen: str | None = None
        self._flushed_at: datetime | None = None
        self.touches = 0  # since the start, for diagnostics
        self.views = 0

    def frame(self, world: World, scene: str | None, now: datetime,
              counting: bool = True) -> None:
        """Count this frame's touches (live board only; none when not `counting`: outside
        the opening hours) and a scene that came on screen; hand over what is due."""
        source = world.source
        if counting and world.touches and source.kind == LIVE and not source.stand_in \
                and not source.platform:
            hour = hour_of(now)
            for sensor in world.touches:
                self._counts[(hour, TOUCH, sensor)] += 1
            self.touches += len(world.touches)
        if scene != self._on_screen:
            self._on_screen = scene
            if scene is not None:
                self._counts[(hour_of(now), VIEW, scene)] += 1
                self.views += 1
        if self._flushed_at is None:
            self._flushed_at = now
        elif abs((now - self._flushed_at).total_seconds()) >= self.flush_seconds:
            self.flush(now)  # abs: a clock set back (NTP, DST) must not stop the flushing

    def flush(self, now: datetime | None = None) -> None:
        """Hand the counts since the last flush to the store (the store does the I/O)."""
        if now is not None:
            self._flushed_at = now
        if not self._counts:
            return
        rows = [StatsRow(hour, kind, name, count)
                for (hour, kind, name), count in sorted(self._counts.items())]
        self._counts.clear()
        self.store.append(rows)

    def close(self) -> None:
        """The last counts to the store, then the store finishes writing."""
        self.flush()
        self.store.close()

    def describe(self, now: datetime) -> str:
        """One line for the staff's diagnostics: where today's counts go."""
        return self.store.describe(now)
