"""`StaffDesk`: what staff do to the running show with the keyboard, and what they see.

The app hands it every KEYDOWN and times each frame; the desk turns keys into actions
(`staff.keys`) on the loop, its director and `loop.source`, keeps the overlays' state
(F1 help, D diagnostics), a toast line, and draws them over the finished frame. It never
waits: reading /proc for the memory figure happens at most once a second and only while
D is open; the D panel is rebuilt at most twice a second and blitted in between.
"""

from __future__ import annotations

import logging
import os
import statistics
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from exhibit.cli import Options
from exhibit.loop import FrameLoop
from exhibit.numbers import percentile
from exhibit.render.canvas import Canvas
from exhibit.render.text import TextCache
from exhibit.staff import keys as k
from exhibit.staff.diagnostics_view import DiagnosticsView
from exhibit.staff.help_view import draw_help, draw_toast
from exhibit.staff.reload import reload_show
from exhibit.staff.texts import tr
from exhibit.status import REPLAY

log = logging.getLogger("exhibit.staff")

FRAME_RING = 600           # frames the median/p99 and fps are taken over (~10 s at 60 fps)
RATE_EVERY = 1.0           # seconds between two samples of the byte/line/reading counters
TOAST_SECONDS, RELOAD_TOAST_SECONDS = 4.0, 6.0


class StaffDesk:
    """The overlays' state and the staff actions on one running `FrameLoop`."""

    def __init__(self, loop: FrameLoop, options: Options | None = None,
                 log_path: Path | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """`options` go to the reload (R); `log_path` is the log file D names."""
        self.loop = loop
        self.options = options
        self.log_path = log_path
        self.clock = clock
        self.help_open = False
        self.diagnostics_open = False
        self.toast: tuple[str, float] | None = None  # (text, monotonic time it goes)
        self.last_reload = None        # the last ReloadOutcome (exhibit.staff.reload)
        self.frame_ms: deque[float] = deque(maxlen=FRAME_RING)
        self.frame_ends: deque[float] = deque(maxlen=FRAME_RING)
        # D's ever-changing numbers get their own text cache, not the show's
        self.text_cache = TextCache()
        self.view = DiagnosticsView(self)
        self._rates: dict[str, float] = {}
        self._counted: tuple[float, dict] | None = None
        self._rss: tuple[float, float | None] = (-1e9, None)

    # --- keys -----------------------------------------------------------------------
    @property
    def holds_escape(self) -> bool:
        """Esc belongs to an open overlay or the calibration mode, not to the kiosk lock."""
        return self.help_open or self.diagnostics_open or self.loop.calibration.active

    def key(self, key: int, mod: int) -> None:
        """One KEYDOWN. While calibrating, its keys win (as before); L always switches."""
        action = k.staff_action(key, mod)
        name = action.name if action else None
        if name == k.CLOSE and (self.help_open or self.diagnostics_open):
            self.help_open = self.diagnostics_open = False
            log.info("staff: overlay closed (Esc)")
            return
        if name in (k.HELP, k.DIAGNOSTICS, k.LANGUAGE):
            self.act(action)
            return
        if self.loop.calibration.active:
            if (step := k.calibration_action(key)) is not None:  # S may save: stamp it now
                self.loop.calibration_key(step, datetime.now().astimezone())
            return
        if action is not None:
            self.act(action)

    def act(self, action: k.Action) -> None:
        loop, name = self.loop, action.name
        if name == k.HELP:
            self.help_open, self.diagnostics_open = not self.help_open, False
            log.info("staff: help (F1) %s", "on" if self.help_open else "off")
        elif name == k.DIAGNOSTICS:
            self.diagnostics_open, self.help_open = not self.diagnostics_open, False
            self.view.stale()
            log.info("staff: diagnostics (D) %s", "on" if self.diagnostics_open else "off")
        elif name == k.LANGUAGE:
            loop.toggle_language()
        elif name == k.CALIBRATION:
            loop.toggle_calibration()
        elif name in (k.NEXT_SCENE, k.PREVIOUS_SCENE, k.JUMP) and loop.closed:
            self.say(tr("closed", loop.language))  # the closed screen stays until opening
        elif name in (k.NEXT_SCENE, k.PREVIOUS_SCENE):
            loop.director.step(1 if name == k.NEXT_SCENE else -1)
        elif name == k.JUMP:
            if loop.director.jump(action.number) is None:
                self.say(tr("no_scene", loop.language, n=action.number))
        elif name == k.TOUCH:
            sensors = list(loop.show.config.sensors)
            if action.number <= len(sensors):
                loop.source.touch(sensors[action.number - 1])  # only a simulator can
        elif name == k.SIMULATOR:
            self.switch_simulator()
        elif name == k.RELOAD:
            self.reload()

    # --- S and R ----------------------------------------------------------------------
    def switch_simulator(self) -> None:
        source, lang = self.loop.source, self.loop.language
        on = not source.forced_simulation
        if source.force_simulation(on):
            log.info("staff: simulation %s (key S); the board %s", "on" if on else "off",
                     "stays open, its readings unused" if on else "feeds the show again")
            self.say(tr("sim_on" if on else "sim_off", lang))
        else:
            self.say(tr("sim_replay" if source.kind == REPLAY else "sim_already", lang))

    def reload(self) -> None:
        try:
            outcome = reload_show(self.loop, self.options)
        except Exception as exc:  # noqa: BLE001 — a bug in the reload must not end the show
            log.exception("staff: the reload raised; the running configuration stays")
            self.say(f"reload: {type(exc).__name__}: {exc}", RELOAD_TOAST_SECONDS)
            return
        self.last_reload = outcome
        self.say(outcome.message, RELOAD_TOAST_SECONDS)
        self.view.stale()

    def say(self, text: str, seconds: float = TOAST_SECONDS) -> None:
        self.toast = (text, self.clock() + seconds)

    # --- timing -----------------------------------------------------------------------
    def frame_took(self, seconds: float, end: float) -> None:
        """The app's perf_counter time for `loop.frame` plus the overlays; `end` monotonic."""
        self.frame_ms.append(seconds * 1000.0)
        self.frame_ends.append(end)

    def frame_figures(self) -> tuple[float, float | None, float | None]:
        """fps, frame ms median and p99 over the last `FRAME_RING` frames."""
        ends, ms = self.frame_ends, sorted(self.frame_ms)
        fps = (len(ends) - 1) / (ends[-1] - ends[0]) if len(ends) > 1 and ends[-1] > ends[0] \
            else 0.0
        if not ms:
            return fps, None, None
        return fps, statistics.median(ms), percentile(ms, 0.99)

    def rates(self, stats: dict, now: float) -> dict[str, float]:
        """Bytes, lines and readings per second, from the counters one second apart."""
        counts = {key: stats[key] for key in ("bytes", "lines", "readings") if key in stats}
        if self._counted is None or now - self._counted[0] >= RATE_EVERY:
            if self._counted is not None:
                then, before = self._counted
                self._rates = {key: max(n - before.get(key, n), 0) / (now - then)
                               for key, n in counts.items()}
            self._counted = (now, counts)
        return self._rates

    def rss_mb(self, now: float) -> float | None:
        """Resident memory in MB: /proc/self/statm at most once a second (else the peak
        from getrusage, which is all some systems have)."""
        at, value = self._rss
        if now - at < 1.0:
            return value
        try:
            with open("/proc/self/statm", "rb") as statm:
                value = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
        except (OSError, ValueError, IndexError):
            import resource

            value = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB → MB
        self._rss = (now, value)
        return value

    # --- drawing ----------------------------------------------------------------------
    def draw(self, canvas: Canvas, now: float) -> bool:
        """Over the finished frame: the open overlay, then the toast (landscape grid).
        True when anything was drawn (the next frame then repaints what it covered)."""
        view = canvas.landscape()
        drew = self.help_open or self.diagnostics_open
        if self.help_open:
            draw_help(view, self.loop)
        elif self.diagnostics_open:
            self.view.draw(view, now)
        if self.toast is not None:
            text, until = self.toast
            if now >= until:
                self.toast = None
            else:
                draw_toast(view, text)
                drew = True
        return drew
