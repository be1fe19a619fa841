"""What staff read in the log after a day: the source coming and going, scene changes with
their reason, touches per minute, and bursts of bad data as one counted line a minute.

`ActivityLog.frame` runs once per frame on the frame's own monotonic time (tests drive it on
a virtual clock): it compares a few values and counts; a logging call only enqueues (see
`exhibit.kiosk.logfile`). It is the one place that logs source state changes.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from exhibit.director import ATTRACT
from exhibit.status import STALE
from exhibit.world import World

log = logging.getLogger("exhibit.activity")

MINUTE = 60.0


def counted(counts: Mapping[str, int]) -> str:
    """`too_long 30, not_a_number 7`: the biggest first."""
    return ", ".join(f"{key} {n}" for key, n in sorted(counts.items(),
                                                        key=lambda kv: (-kv[1], kv[0])))


class RateLimited:
    """Per key: the first occurrence is said at once; what follows is counted and said as
    one summary at most once every `every` seconds; a quiet period ends the key's burst, so
    the next occurrence is news again. Driven by the caller's clock (`now`)."""

    def __init__(self, say: Callable[[str, Counter, bool], None], every: float = MINUTE) -> None:
        self.say = say            # (key, counts by reason, first) -> logs one line
        self.every = every
        self._pending: dict[str, Counter] = {}
        self._due: dict[str, float] = {}   # key -> when its summary is due

    def add(self, key: str, now: float, counts: Mapping[str, int]) -> None:
        counts = {reason: n for reason, n in counts.items() if n > 0}
        if not counts:
            return
        if key not in self._due:
            self._due[key] = now + self.every
            self.say(key, Counter(counts), True)
            return
        self._pending.setdefault(key, Counter()).update(counts)

    def tick(self, now: float) -> None:
        """Say each summary that is due; a key with nothing counted goes quiet."""
        for key, due in list(self._due.items()):
            if now < due:
                continue
            pending = self._pending.pop(key, None)
            if pending:
                self._due[key] = now + self.every
                self.say(key, pending, False)
            else:
                del self._due[key]


class ActivityLog:
    """Fed every frame's `World`, the scene on screen and the director's mode."""

    def __init__(self, scene_for_sensor: Mapping[str, str], every: float = MINUTE) -> None:
        self.scene_for_sensor = dict(scene_for_sensor)
        self.every = every
        self.bad = RateLimited(self._say_bad, every)
        self._state: str | None = None
        self._reconnects = 0
        self._connected_as: int | None = None  # reconnect count of the last "connected"
        self._scene: str | None = None
        self._mode = ATTRACT
        self._touches: Counter[str] = Counter()
        self._touch_due: float | None = None
        self._rejects: dict[str, int] = {}
        self._dropped = 0

    def frame(self, now: float, world: World, scene: str | None, mode: str,
              reason: object = None) -> None:
        """`reason`: why `scene` is on (`Director.reason`); without it, guessed."""
        self._source(world)
        if scene != self._scene:
            self._scene_change(world, scene, mode, reason)
        self._mode = mode
        if self._touch_due is None:
            self._touch_due = now + self.every
        if world.touches:
            self._touches.update(world.touches)
        if now >= self._touch_due:
            self._touch_due = now + self.every
            if self._touches:
                log.info("touches in the last minute: %s", counted(self._touches))
                self._touches.clear()
        self._bad_data(now, world.source.stats)
        self.bad.tick(now)

    def reloaded(self, path: object, sensors: Iterable[str]) -> None:
        """Staff saved a calibration: the file and the sensors that now run with it."""
        log.info("calibration saved to %s; new settings for %s", path, ", ".join(sensors))

    def show_reloaded(self, message: str, ok: bool) -> None:
        """Staff reloaded the show (R): what was reloaded and what changed, or, as a
        warning, the error that kept the running configuration."""
        if ok:
            log.info("reload: %s", message)
        else:
            log.warning("reload refused: %s", message)

    def _source(self, world: World) -> None:
        status = world.source
        state, reconnects = status.state, status.reconnects
        if state == self._state and (reconnects == self._reconnects or not status.connected):
            return
        before, self._state, self._reconnects = self._state, state, reconnects
        stand_in = "; the simulator stands in" if status.stand_in else ""
        if status.connected:
            if before == STALE and reconnects == self._connected_as:
                log.info("source %s: data again after a silence", status.name)
                return
            self._connected_as = reconnects  # a reconnect between two frames counts too
            again = f" again (reconnect {reconnects})" if reconnects else ""
            log.info("source %s: connected%s", status.name, again)
            return
        detail = f" ({status.detail})" if status.detail else ""
        log.info("source %s: %s%s%s", status.name, state, detail, stand_in)

    def _scene_change(self, world: World, scene: str | None, mode: str,
                      reason: object = None) -> None:
        first = self._scene is None
        self._scene = scene
        if scene is None:  # every scene failed (exhibit.loop): the calm fallback screen
            log.info("no scene left to show: the fallback screen (title and data flow)")
            return
        touched = [sid for sid in world.touches if self.scene_for_sensor.get(sid) == scene]
        if reason is not None:
            why = str(reason)
        elif first:
            why = "start"
        elif touched:
            why = f"touch on {touched[0]}"
        elif mode == ATTRACT and self._mode != ATTRACT:
            why = "attract loop again, no touch for a while"
        else:
            why = "attract loop"
        log.info("scene %s (%s)", scene, why)

    def _bad_data(self, now: float, stats: Mapping) -> None:
        rejects = stats.get("rejects") or {}
        if rejects != self._rejects:
            new = {reason: n - self._rejects.get(reason, 0) for reason, n in rejects.items()}
            if any(n < 0 for n in new.values()):  # counters started afresh
                new = dict(rejects)
            self._rejects = dict(rejects)
            self.bad.add("rejects", now, new)
        dropped = stats.get("dropped", 0)
        if dropped != self._dropped:
            new = dropped - self._dropped if dropped >= self._dropped else dropped
            self.bad.add("dropped", now, {"dropped": new})
            self._dropped = dropped

    def _say_bad(self, key: str, counts: Counter, first: bool) -> None:
        total = sum(counts.values())
        when = ("; more are counted and said at most once a minute" if first
                else " in the last minute")
        if key == "rejects":
            s = "" if total == 1 else "s"
            log.warning("bad data: %d line%s or value%s rejected (%s)%s", total, s, s,
                        counted(counts), when)
        else:
            log.warning("queue full: %d readings dropped%s (the frame loop fell behind)",
                        total, when)
