"""One frame of the show, apart from the display, the clock and the events.

`app.run` calls `frame` once per display refresh; tests and `exhibit.bench` drive the same
object with their own clock and an off-screen canvas. While the staff calibration mode is
on (key C), it samples the frame's `World` and its overlay is drawn over the frame.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

import pygame

from exhibit.calibration.mode import CalibrationMode
from exhibit.calibration.overlay_file import save_calibration
from exhibit.calibration.view import draw_calibration
from exhibit.config import ExhibitConfig
from exhibit.director import Director
from exhibit.kiosk.activity import ActivityLog
from exhibit.recorder import QUEUE_FULL, Recorder
from exhibit.render import palette
from exhibit.render.canvas import Canvas
from exhibit.render.closed import draw_closed
from exhibit.render.widgets import ease_in_out, fade_over
from exhibit.scene import Scene
from exhibit.schedule import CLOSED_HEADLINE, HoursState, OpeningWatch, reopen_sentence
from exhibit.signals.hub import SignalHub
from exhibit.sources.base import ReadingQueue, Source
from exhibit.stage import Stage
from exhibit.stats.counter import VisitorCounter
from exhibit.status import SIMULATION, SourceStatus
from exhibit.validate import EASY_READ, SHOW_LANGUAGES
from exhibit.wallclock import WallClock
from exhibit.world import World
from exhibit.yamlsource import ConfigError

if TYPE_CHECKING:  # the app hands one in; the loop only calls offer/view/stats
    from exhibit.platform.publisher import Publisher

TRANSITION_SECONDS = 0.4  # scene changes crossfade (300–500 ms reads as calm, not slow)
WIPE_ABOVE_PIXELS = 2_500_000  # bigger screens slide the old frame away instead

log = logging.getLogger("exhibit")


class FrameLoop:
    """Drain readings, update signals, director and scene, draw: nothing here waits on I/O."""

    def __init__(self, show, source: Source, queue: ReadingQueue, canvas: Canvas, t0: float,
                 recorder: Recorder | None = None, wall: WallClock | None = None,
                 visitors: VisitorCounter | None = None,
                 publisher: Publisher | None = None) -> None:
        config = show.config
        self.wall = wall or WallClock()  # opening hours and visitor statistics go by it
        self.visitors = visitors  # anonymous counts per hour (None: kiosk.stats is false)
        self.show = show
        self.source = source
        self.queue = queue
        self.canvas = canvas
        self.t0 = t0
        self.recorder = recorder
        self.publisher = publisher  # publish.mqtt: values to a broker (None: off)
        self._dropped_recorded = 0  # queue drops already counted as a gap in the recording
        self.hub = SignalHub(config.sensors)
        self.director = Director(show.playlist, show.scene_for_sensor, config.playlist.seconds,
                                 config.playlist.idle_return, show.start_scene)
        self.stage = Stage(show.frame_text)
        self.language = show.language
        self.current: str | None = None
        self._fade_from: pygame.Surface | None = None  # the last frame of the scene before
        self._last_frame: pygame.Surface | None = None  # kept for it: allocated once per size
        self._fade_age = 0.0
        self.calibration = CalibrationMode(config.sensors)
        self.failed_scenes: dict[str, str] = dict(show.failed)  # name -> "<Error>: … (in …)"
        for name in show.failed:  # raised while loading: never on screen
            self.director.drop(name)
        self._fallback_failed = False
        self.invites = {sid: show.scenes[name].text.invite  # "touch it now", per sensor
                        for sid, name in show.scene_for_sensor.items()}
        self.activity = ActivityLog(show.scene_for_sensor)  # staff's log lines, rate-limited
        self.hours = OpeningWatch()  # asked before the first frame: a restart at night rests
        self._hours_changed(self.hours.update(config.schedule, self.wall.now()), starting=True)
        self._reopen: tuple = ()  # (opens, today, sentence per language) for the closed screen
        # How to open the source a reloaded device section names (app.run sets it: it knows
        # the command line); None: a reload keeps the source (tests, benches, --replay).
        self.reopen: Callable[[ExhibitConfig], Source] | None = None

    @property
    def scene(self) -> Scene:
        return self.show.scenes[self.director.current]

    # --- opening hours -----------------------------------------------------------------
    @property
    def closed(self) -> bool:
        """Outside the opening hours: the closed screen instead of the show."""
        return not self.hours.state.open

    @property
    def closed_black(self) -> bool:
        """Closed with `closed_screen: black`: the app lets the display sleep."""
        schedule = self.show.config.schedule
        return self.closed and schedule is not None and schedule.closed_screen == "black"

    def _hours_changed(self, state: HoursState | None, starting: bool = False) -> None:
        """Log each change; at opening the show starts fresh: the top of the playlist in
        the attract loop, the configured language, fading in from the closed screen."""
        if state is None or (starting and self.show.config.schedule is None):
            return
        until = f" until {state.until:%a %Y-%m-%d %H:%M}" if state.until else \
            f" ({state.description})"
        log.info("%s (opening hours)%s", "open" if state.open else "closed", until)
        if starting:
            return
        self._fade_from, self._fade_age = self._keep_last_frame(), 0.0
        if state.open:
            self.director.restart()
            self.language = self.show.language
            self.current = None  # the first scene comes on afresh (on_show)

    def _draw_closed(self, now: datetime) -> None:
        """The calm closed screen (one cached layer) or black."""
        opens = self.hours.state.until
        # German (Leichte Sprache where that is the configured language) and English at once
        langs = (EASY_READ if self.show.language == EASY_READ else "de", "en")
        if self._reopen[:2] != (opens, now.date()):  # "morgen" becomes "heute" at midnight
            self._reopen = (opens, now.date(), {lang: reopen_sentence(opens, now, lang)
                                                for lang in langs})
        draw_closed(self.canvas, self.show.frame_text("fallback_title", self.language),
                    {lang: CLOSED_HEADLINE[lang] for lang in langs}, self._reopen[2],
                    black=self.closed_black)

    def toggle_language(self) -> None:
        """Staff's L: German → English → Leichte Sprache → German."""
        self.language = _after(self.language, SHOW_LANGUAGES)

    def next_round_language(self) -> None:
        """A new round of the attract loop: the next of `playlist.languages`."""
        self.language = _after(self.language, self.show.config.playlist.languages)

    # --- calibration mode (staff, key C) ---------------------------------------------
    def toggle_calibration(self) -> None:
        """C opens the mode; C again leaves it like Esc: unsaved proposals are dropped."""
        if self.calibration.active:
            self.calibration.close()
        else:
            self.calibration.open()

    def calibration_key(self, action: str, now: datetime) -> None:
        """One key action for the calibration mode; S writes calibration.yaml (the loop's
        only file I/O, on this explicit key press) and puts the new values to work."""
        changes = self.calibration.key(action)
        if changes is None:
            return
        notes = {sid: p.note() for sid, p in self.calibration.accepted.items() if sid in changes}
        try:
            path, config = save_calibration(self.show.config, changes, now, notes)
        except (OSError, ConfigError) as exc:
            self.calibration.save_failed(str(exc))
            return
        self.apply_config(config, changes)
        self.activity.reloaded(path, changes)
        self.calibration.saved(str(path), config.sensors)

    def apply_config(self, config: ExhibitConfig, changed: Mapping[str, object]) -> None:
        """Run the `changed` sensors with their new settings from the next reading on.

        Their signals start afresh (touch baseline, level, two-minute history): those were
        built with the old threshold and bands. Every other sensor keeps its state.
        """
        self.show.config = config
        for sid in changed:
            self.hub.replace_sensor(config.sensors[sid])

    def apply_show(self, show, now: float) -> list[str]:
        """Run a reloaded show (staff's R; `exhibit.staff.reload` loads and checks it).

        Kept: the signals of unchanged sensors, the source and its queue, the recording,
        the language, the scene on screen if still in the playlist. New: config, scenes,
        texts, playlist. Cached layers held the old texts, so they start afresh and every
        scene is drawn once off-screen, as at start; the old frame fades out. Returns the
        sensors whose signals started afresh (changed or new)."""
        config = show.config
        old_frame = self._keep_last_frame()  # before the prewarm draws over the screen
        fresh = self.hub.reconfigure(config.sensors)
        self.show = show
        self.director.reconfigure([name for name in show.playlist if name not in show.failed],
                                  show.scene_for_sensor, config.playlist.seconds,
                                  config.playlist.idle_return)
        self.stage = Stage(show.frame_text)
        self.calibration = CalibrationMode(config.sensors)
        self.failed_scenes = dict(show.failed)
        self.invites = {sid: show.scenes[name].text.invite
                        for sid, name in show.scene_for_sensor.items()}
        self.activity.scene_for_sensor = dict(show.scene_for_sensor)
        self.canvas = Canvas(self.canvas.surface, self.canvas.text_cache)
        self.prewarm(now)
        self.current = None  # the scene comes on afresh (on_show), fading from the old frame
        self._fade_from, self._fade_age = old_frame, 0.0
        return fresh

    def _keep_last_frame(self) -> pygame.Surface:
        """The frame on the canvas, blitted into a surface kept from change to change.

        A fresh `copy()` of the frame at each scene change cost 8–12 ms at 3840×2160 (most
        of it allocating and faulting in 33 MB); a blit into the kept surface costs ~3.5
        ms, and 0.5 ms at 1080p. A change during a fade reads the canvas, never the kept
        surface, so reusing it while it still fades is safe."""
        screen = self.canvas.surface
        kept = self._last_frame
        if kept is None or kept.get_size() != screen.get_size():
            kept = self._last_frame = screen.copy()
        else:
            kept.blit(screen, (0, 0))
        return kept

    def _fade(self, dt: float) -> None:
        """Fade out the previous scene's last frame (a cached copy, not redrawn).

        Up to ~2.5 megapixels a crossfade; on bigger screens (4K) an alpha blend of the
        whole frame costs 11 ms, so the old frame slides away instead, uncovering the new
        one: only the part still covered is blitted, opaque (on average half a frame).
        """
        old = self._fade_from
        if old is None:
            return
        self._fade_age += dt
        progress = self._fade_age / TRANSITION_SECONDS
        if progress >= 1.0:
            self._fade_from = None
            return
        shown = 1.0 - ease_in_out(progress)
        if old.get_width() * old.get_height() <= WIPE_ABOVE_PIXELS:
            fade_over(self.canvas, old, shown, self.canvas.to_design(old.get_rect())[:2])
            return
        width = round(old.get_width() * shown)
        self.canvas.surface.blit(old, (0, 0), pygame.Rect(old.get_width() - width, 0, width,
                                                          old.get_height()))

    def drawn_over(self) -> None:
        """The app drew over this frame (a staff overlay, the quit countdown): the next
        frame paints all of its own parts again."""
        self.stage.invalidate()

    def resize(self, surface: pygame.Surface) -> None:
        """Draw on `surface` from now on, laid out for its size (the display changed size).
        The text cache is kept; cached layers start afresh at the new scale."""
        self.canvas = Canvas(surface, self.canvas.text_cache)
        self._fade_from = None  # the old frame has the old size
        self._last_frame = surface.copy()  # allocated now, not at the next scene change

    def status(self) -> SourceStatus:
        """The source's status plus what the queue dropped on the way."""
        status = self.source.status()
        if self.queue.dropped:
            status = replace(status, stats={**status.stats, "dropped": self.queue.dropped})
        return status

    def diagnostics(self) -> dict:
        """Everything staff need to judge the serial link, as plain data."""
        status = self.status()
        recording = {} if self.recorder is None else {"recording": self.recorder.stats()}
        if self.publisher is not None:
            recording["platform"] = self.publisher.stats()
        return {"source": status.name, "kind": status.kind, "state": status.state,
                "detail": status.detail, "reconnects": status.reconnects,
                "dropped": self.queue.dropped, **status.stats, **recording,
                "failed_scenes": dict(self.failed_scenes),
                "failed_stage_parts": sorted(self.stage.broken),
                "schedule": self.hours.state.description,
                "visitor_stats": self.visitors.describe(self.wall.now()) if self.visitors
                else "off (kiosk.stats: false)"}

    def _record(self, processed: list, now: float) -> None:
        """Hand the frame's readings to the recorder, after a gap line for any the queue
        dropped (oldest first) since the last frame."""
        assert self.recorder is not None
        dropped = self.queue.dropped_measured()
        if dropped != self._dropped_recorded:
            self.recorder.gap(dropped - self._dropped_recorded, QUEUE_FULL, now)
            self._dropped_recorded = dropped
        if processed:
            self.recorder.write(processed)

    def finish(self, now: float) -> None:
        """At the end (after the source stopped): what is still queued goes to the
        recorder, so a normal end, --frames and SIGTERM lose nothing that was decoded."""
        if self.recorder is not None:
            self._record(self.hub.feed(self.queue.drain(), keep=True), now)

    def prewarm(self, now: float) -> None:
        """Draw every scene once, off the record, before the show starts: each builds its
        cached layers on its first frame (20–35 ms at 1080p, far more at 4K), which would
        otherwise stutter the first round of the loop. The next frame draws over it all."""
        world = self.hub.world(now, now - self.t0, self.status(), self.language)
        progress = self.director.progress()
        if self._last_frame is None:  # the first scene change only blits into it
            self._last_frame = self.canvas.surface.copy()
        for name, scene in self.show.scenes.items():
            hook = "update"
            try:
                scene.update(0.0, world)
                hook = "draw"
                self.stage.draw(self.canvas, scene, world, self.director.mode, progress)
                hook = "on_show"
                scene.on_show()
            except Exception as exc:  # noqa: BLE001 — the show starts without it
                self._scene_failed(name, hook, exc, world)

    def frame(self, dt: float, now: float) -> World:
        """Advance by `dt` seconds to monotonic time `now` and draw onto the canvas."""
        calibrating = self.calibration.active
        if calibrating and (held := self.calibration.holding()) is not None:
            self.source.touch(held)  # only the simulator plays a hand; a board ignores it
        processed = self.hub.feed(self.queue.drain(), keep=self.recorder is not None)
        if self.recorder is not None:
            self._record(processed, now)
        wall = self.wall.now()  # first: an opening resets the language this frame shows
        self._hours_changed(self.hours.update(self.show.config.schedule, wall))
        world = self.hub.world(now, now - self.t0, self.status(), self.language)
        if self.publisher is not None:  # a snapshot into its bounded queue, no I/O
            self.publisher.offer(world, now)
            self.stage.platform = self.publisher.view()
        if self.director.playlist and not self.closed:  # closed: touches switch nothing
            cycles = self.director.cycles
            self.director.update(dt, world.touches)
            if self.director.cycles != cycles and self.show.config.playlist.alternate_language:
                self.next_round_language()  # a new round of the attract loop, the next language
        self.activity.frame(now, world, self.director.current, self.director.mode,
                            self.director.reason)
        failed = self.recorder is not None and self.recorder.failed is not None
        if self.closed:
            self._draw_closed(wall)
        else:
            self._draw_show(dt, world, "recording_stopped" if failed else None)
        if self.visitors is not None:  # counts only; its store writes on its own thread
            self.visitors.frame(world, None if self.closed else self.current, wall,
                                counting=not self.closed)  # after hours: no visitors
        if self.closed or self._fade_from is not None or calibrating:
            self.stage.invalidate()  # this frame's pixels over the panel are not the stage's
        self._fade(dt)
        if calibrating:
            self.calibration.update(dt, world)
            draw_calibration(self.canvas.landscape(), self.calibration, world, self.language,
                             self.invites,
                             simulated=world.source.kind == SIMULATION or world.source.stand_in)
        return world

    # --- fault isolation: a scene that raises leaves the show, never the visitor's view ---
    def _draw_show(self, dt: float, world: World, notice: str | None) -> None:
        """The current scene in its frame. A scene that raises leaves the loop and the next
        one is drawn in this same frame, crossfading from the last whole picture; with no
        scene left, the stage's calm fallback screen."""
        name = self.director.current
        while name is not None:
            scene = self.show.scenes[name]
            hook = "on_show"
            try:
                changing = name != self.current and self.current is not None
                if changing:  # the last frame fades out over the new one
                    self._fade_from, self._fade_age = self._keep_last_frame(), 0.0
                if name != self.current:
                    scene.on_show()
                    self.current = name
                hook = "update"
                scene.update(dt, world)
                self.stage.update(dt, world, scene)
                if changing:  # this frame shows the old one whole (`_fade` blits it back):
                    self.stage.prepare(self.canvas, scene, world)  # no draw, so the copy
                    self._fade_age = -dt  # and the panel fit in; the fade starts next frame
                    return
                hook = "draw"
                self.stage.draw(self.canvas, scene, world, self.director.mode,
                                self.director.progress(), notice)
                return
            except Exception as exc:  # noqa: BLE001 — any scene bug, never the visitor's
                name = self._scene_failed(name, hook, exc, world)
        if self.current is not None:  # the last scene just went: fade to the calm screen
            self._fade_from, self._fade_age = self._keep_last_frame(), 0.0
            self.current = None
        self.stage.update(dt, world)
        self._draw_fallback(world)

    def _scene_failed(self, name: str, hook: str, exc: Exception, world: World) -> str | None:
        """Log the failure once with its traceback, note it for staff and drop the scene;
        returns the scene to show instead. A picture half-drawn by the scene is covered by
        the calm fallback frame first, so the change fades from that."""
        self.failed_scenes[name] = f"{type(exc).__name__}: {exc} (in {hook})"
        following = self.director.drop(name)
        log.error("scene %s raised in %s and leaves the show for the rest of this run; %s",
                  name, hook, f"now showing {following}" if following else
                  "no scene is left: the calm fallback screen stays on", exc_info=exc)
        if hook == "draw":
            self._draw_fallback(world)
        return following

    def _draw_fallback(self, world: World) -> None:
        """The stage's calm screen; should even that raise, a plain background (said once)."""
        try:
            self.stage.draw_fallback(self.canvas, world)
        except Exception:  # noqa: BLE001
            if not self._fallback_failed:
                log.exception("the fallback screen raised; showing the plain background")
                self._fallback_failed = True
            self.canvas.fill(palette.NIGHT)


def _after(lang: str, languages: tuple[str, ...]) -> str:
    """The language after `lang` in `languages`, round and round (the first if `lang` is
    not among them)."""
    if lang not in languages:
        return languages[0]
    return languages[(languages.index(lang) + 1) % len(languages)]
