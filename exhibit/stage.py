"""The presentation frame around every scene, per DESIGN.md's screen layout.

Left: the scene's illustration. Right: what is measured, the big live value with its level,
the steps Messen › Entscheiden › Handeln, a few sentences and a data note. Bottom: the
data-flow strip with a pulse per reading. On top: the Live/Simulation badge and, in the
attract loop, the call to action and progress dots.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import numpy as np
import pygame

from exhibit.director import ATTRACT, Progress
from exhibit.panel import Panel
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.layout import LANDSCAPE, PORTRAIT, SCENE_AREA, SCENE_W, Layout
from exhibit.render.widgets import badge, progress_dots
from exhibit.scene import SCENE_DIR, STEPS, Scene
from exhibit.status import REPLAY, SEARCHING, SIMULATION, STALE
from exhibit.validate import Fields
from exhibit.world import HeldValue, World
from exhibit.yamlsource import load_yaml

FLOW = ("sensor", "radio", "platform", "service")
PULSE_SECONDS = 1.8      # a reading's trip along the strip
PLATFORM_PULSE = 0.6     # seconds a ring grows round the platform station per acknowledged publish
PULSE_MIN_GAP = 0.35     # at most ~3 pulses a second, however fast readings come
VALUE_HOLD = 0.25        # the panel's number changes at most 4× a second for small changes …
VALUE_JUMP = 0.01        # … and at once for a change of 1 % of the sensor's range or more

UI_KEYS = ("measured", "no_data", "not_configured", "badge_live", "badge_simulation",
           "badge_replay", "badge_stale", "banner_disconnected", "badge_platform",
           "banner_platform_offline", "recording_stopped",
           "fallback_title", "fallback_subtitle", "more_info")

log = logging.getLogger("exhibit")


@dataclass(frozen=True)
class FrameText:
    steps: Mapping[str, Mapping[str, str]]
    flow: Mapping[str, Mapping[str, str]]
    ui: Mapping[str, Mapping[str, str]]

    def __call__(self, key: str, lang: str) -> str:
        return self.ui[key][lang]


def load_frame_text(path: Path = SCENE_DIR / "_frame.yaml") -> FrameText:
    doc = load_yaml(path)
    f = Fields(doc, (), doc.data, ("steps", "flow") + UI_KEYS, easy_read=True)
    steps = f.sub("steps", STEPS)
    flow = f.sub("flow", FLOW)
    return FrameText({k: steps.text(k) for k in STEPS}, {k: flow.text(k) for k in FLOW},
                     {k: f.text(k) for k in UI_KEYS})


@dataclass
class Stage:
    """Draws the frame; keeps only the strip's pulses and the held panel value as state."""

    text: FrameText
    pulses: list[float] = field(default_factory=list)  # ages in seconds
    since_pulse: float = 99.0
    held: HeldValue = field(default_factory=lambda: HeldValue(VALUE_HOLD, VALUE_JUMP))
    _cover: tuple | None = None               # (screen key, layout paints every pixel)
    broken: set[str] = field(default_factory=set)  # parts that raised: left out from then on
    # publish.mqtt on: (broker online, publishes acknowledged so far), set by the frame loop;
    # None: publishing is off and the platform station stays the story it always was
    platform: tuple[bool, int] | None = None
    _acked: int = 0
    platform_pulse: float = 99.0  # seconds since the last acknowledged publish

    def __post_init__(self) -> None:
        self.panel = Panel(self.text, self.held)  # the right-hand column, kept on screen

    def update(self, dt: float, world: World, scene: Scene | None = None) -> None:
        """Pulses and the held panel value; without a scene (the fallback screen) the
        strip pulses for every sensor."""
        if scene is not None:
            self.held.update(dt, scene.primary(world))
        self.pulses = [age + dt for age in self.pulses if age + dt < PULSE_SECONDS]
        self.since_pulse += dt
        self.platform_pulse += dt
        if self.platform is not None and self.platform[1] != self._acked:
            self._acked = self.platform[1]
            if self.platform_pulse >= PULSE_MIN_GAP:
                self.platform_pulse = 0.0
        watched = (set(scene.text.sensors) if scene is not None else set()) or set(world.sensors)
        if self.since_pulse >= PULSE_MIN_GAP and watched.intersection(world.pulses):
            self.pulses.append(0.0)
            self.since_pulse = 0.0

    def _covered(self, canvas: Canvas, picture: Canvas, layout: Layout) -> bool:
        """Whether picture, panel and strip paint every pixel of the screen (each scene
        paints its whole picture: tested), so the frame needs no background fill."""
        key = (canvas.surface.get_size(), canvas.scale, canvas.offset, layout.name)
        if self._cover is None or self._cover[0] != key:
            w, h = canvas.surface.get_size()
            painted = np.zeros((w, h), dtype=bool)
            screen = pygame.Rect(0, 0, w, h)
            for rect in (picture.rect(SCENE_AREA), canvas.rect(layout.panel),
                         canvas.rect(layout.strip)):
                r = rect.clip(screen)
                painted[r.left:r.right, r.top:r.bottom] = True
            self._cover = (key, bool(painted.all()))
        return self._cover[1]

    @staticmethod
    def layout(canvas: Canvas) -> Layout:
        return PORTRAIT if canvas.portrait else LANDSCAPE

    @classmethod
    def regions(cls, canvas: Canvas) -> list:
        """The three parts in pixels: what text must stay inside (tests use it)."""
        return [canvas.rect(box) for box in cls.layout(canvas).boxes]

    def draw(self, canvas: Canvas, scene: Scene, world: World, mode: str,
             progress: Progress, notice: str | None = None) -> None:
        """The frame around `scene`; `notice` names a frame text for staff (e.g. the
        recording stopped), shown beside the badge only while it applies."""
        lang = world.language
        layout = self.layout(canvas)
        canvas.begin_frame()
        picture = canvas.within(layout.illustration, SCENE_W)  # the scene's own 1152×920
        if not self._covered(canvas, picture, layout):
            canvas.fill(palette.NIGHT)  # letterbox bars or rounding seams (4K: 1.7 ms a frame)
            self.panel.invalidate()
        clip = canvas.surface.get_clip()
        canvas.surface.set_clip(picture.rect(SCENE_AREA).clip(clip))  # scenes stay inside
        try:
            scene.draw(picture, SCENE_AREA, world)
        finally:
            canvas.surface.set_clip(clip)
        # The parts around the scene: one that raises is logged once and left out from
        # then on (its place painted plain); the frame is drawn again without it, so
        # nothing half-drawn is shown. The scene itself raising is the loop's to handle.
        failed = False
        tone_color = palette.TONES["info"]
        if "panel" in self.broken:
            canvas.box(palette.PANEL, layout.panel)
        else:
            try:
                tone_color = self._panel(canvas, layout.panel, scene, world, lang)
            except Exception:  # noqa: BLE001
                failed = self._part_failed("panel")
        failed |= self._strip_guarded(canvas, layout.strip, lang, tone_color)
        failed |= self._badge_guarded(picture, world, lang, notice)
        if mode == ATTRACT and "invite" not in self.broken:
            try:
                self._invite(picture, scene, world, lang, progress, tone_color)
            except Exception:  # noqa: BLE001
                failed = self._part_failed("invite")
        if failed:
            self.draw(canvas, scene, world, mode, progress, notice)

    def _part_failed(self, part: str) -> bool:
        log.exception("the frame's %s raised; the show goes on without it for the rest "
                      "of this run", part)
        self.broken.add(part)
        return True

    def _strip_guarded(self, canvas: Canvas, box: Box, lang: str,
                       tone_color: palette.Color) -> bool:
        """The strip, or its plain background once it has failed; True if it fails now."""
        if "strip" in self.broken:
            canvas.box(palette.STRIP, box)
            return False
        try:
            self._strip(canvas, box, lang, tone_color)
        except Exception:  # noqa: BLE001
            return self._part_failed("strip")
        return False

    def _badge_guarded(self, canvas: Canvas, world: World, lang: str, notice: str | None
                       ) -> bool:
        """The Live/Simulation badge and the staff notice beside it, each left out once it
        has failed; True if one fails now."""
        x, failed = 28.0, False
        if "badge" not in self.broken:
            try:
                x += self._badge(canvas, world, lang) + 12
            except Exception:  # noqa: BLE001
                failed = self._part_failed("badge")
        if notice is not None and "notice" not in self.broken:
            try:
                badge(canvas, self.text(notice, lang), (x, 24), palette.TONES["act"], dot=False)
            except Exception:  # noqa: BLE001
                failed = self._part_failed("notice")
        return failed

    def draw_fallback(self, canvas: Canvas, world: World) -> None:
        """The calm screen when no scene can be shown: the exhibit's title, the data-flow
        strip (still pulsing with the readings) and the badge: few, plain parts; a strip
        or badge that raises is left out as in `draw`."""
        lang = world.language
        self.panel.invalidate()
        layout = self.layout(canvas)
        dw, dh = layout.design
        strip = (0.0, dh - layout.strip[3], float(dw), layout.strip[3])
        canvas.begin_frame()
        canvas.fill(palette.NIGHT)
        mid = strip[1] / 2
        title = self.text("fallback_title", lang)
        canvas.text(title, (dw / 2, mid - 20), canvas.fit_size(title, 104, dw - 160, "bold", 48),
                    palette.INK, weight="bold", anchor="midbottom")
        canvas.line(palette.TONES["info"], (dw / 2 - 90, mid + 8), (dw / 2 + 90, mid + 8), 6)
        subtitle = self.text("fallback_subtitle", lang)
        canvas.text(subtitle, (dw / 2, mid + 44), canvas.fit_size(subtitle, 44, dw - 160, minimum=30),
                    palette.INK_SOFT, anchor="midtop")
        if self._strip_guarded(canvas, strip, lang, palette.TONES["info"]) or \
                self._badge_guarded(canvas, world, lang, None):
            self.draw_fallback(canvas, world)  # again without the part that just failed

    # --- panel (exhibit.panel) ---------------------------------------------------------
    def prepare(self, canvas: Canvas, scene: Scene, world: World) -> None:
        """The frame a scene change starts: paint its panel off-screen (`Panel.prepare`)."""
        if "panel" not in self.broken:
            self.panel.prepare(canvas, self.layout(canvas).panel, scene, world)

    def _panel(self, canvas: Canvas, box: Box, scene: Scene, world: World, lang: str
               ) -> palette.Color:
        return self.panel.draw(canvas, box, scene, world, lang)

    def invalidate(self) -> None:
        """Something else drew over the frame (a fade, an overlay, another screen): the
        next `draw` paints the panel again instead of trusting the pixels there."""
        self.panel.invalidate()

    # --- strip ---------------------------------------------------------------------
    def _strip(self, canvas: Canvas, box: Box, lang: str, tone_color: palette.Color) -> None:
        canvas.draw_layer(f"strip.{lang}", box, lambda c: self._strip_static(c, box, lang))
        start, end, line_y = _strip_geometry(box)
        for age in self.pulses:
            t = age / PULSE_SECONDS
            canvas.circle(tone_color, (start + (end - start) * t, line_y), 12)
        if self.platform is not None:
            self._platform_state(canvas, box, tone_color)

    def _platform_state(self, canvas: Canvas, box: Box, tone_color: palette.Color) -> None:
        """The platform station for real (publish.mqtt): a ring pulses out when the broker
        acknowledges a publish; while it is unreachable the station is dimmed and crossed."""
        start, end, line_y = _strip_geometry(box)
        cx = start + (end - start) * FLOW.index("platform") / (len(FLOW) - 1)
        online, _ = self.platform
        if not online:  # the icon gives way to a cross in a dimmed ring
            canvas.circle(palette.STRIP, (cx, line_y), 32)
            canvas.circle(palette.INK_DIM, (cx, line_y), 30, width=3)
            for dy in (-12, 12):
                canvas.line(palette.INK_DIM, (cx - 12, line_y - dy), (cx + 12, line_y + dy), 5)
            return
        if self.platform_pulse < PLATFORM_PULSE:
            grow = self.platform_pulse / PLATFORM_PULSE
            canvas.circle(tone_color, (cx, line_y), 30 + 14 * grow, width=6 - 5 * grow)

    def _strip_static(self, canvas: Canvas, box: Box, lang: str) -> None:
        canvas.box(palette.STRIP, box)
        start, end, line_y = _strip_geometry(box)
        canvas.line(palette.PANEL_LINE, (start, line_y), (end, line_y), 6)
        for i, key in enumerate(FLOW):
            cx = start + (end - start) * i / (len(FLOW) - 1)
            canvas.circle(palette.PANEL_LINE, (cx, line_y), 30)
            canvas.circle(palette.INK_SOFT, (cx, line_y), 30, width=3)
            _flow_icon(canvas, key, (cx, line_y))
            label = self.text.flow[key][lang]
            size = canvas.fit_size(label, 30, (end - start) / (len(FLOW) - 1) - 12, "bold")
            canvas.text(label, (cx, line_y + 42), size, palette.INK, weight="bold", anchor="midtop")

    # --- overlays ------------------------------------------------------------------
    def _badge(self, canvas: Canvas, world: World, lang: str) -> float:
        source = world.source
        if source.kind == SIMULATION or source.state == SEARCHING:
            text, color = self.text("badge_simulation", lang), palette.TONES["highlight"]
        elif source.kind == REPLAY:
            text, color = self.text("badge_replay", lang), palette.TONES["info"]
        elif source.state == STALE:
            text, color = self.text("badge_stale", lang), palette.TONES["notice"]
        elif source.stand_in:  # the board went away: say so, calmly, in the badge itself
            away = "banner_platform_offline" if source.platform else "banner_disconnected"
            text, color = self.text(away, lang), palette.TONES["act"]
        elif source.platform:  # live, but a data platform's values, not this model's
            text, color = self.text("badge_platform", lang), palette.TONES["ok"]
        else:
            text, color = self.text("badge_live", lang), palette.TONES["ok"]
        return badge(canvas, text, (28, 24), color)

    def _invite(self, canvas: Canvas, scene: Scene, world: World, lang: str,
                progress: Progress, tone_color: palette.Color) -> None:
        ix, iy, iw, ih = SCENE_AREA
        view = scene.primary(world)
        dots_w = progress.count * 34
        if view is None and scene.sensor_id is not None:
            # nothing to touch (the sensor is not in the config): only where the loop stands
            bx, by = ix + iw - 56 - dots_w - 28, iy + ih - 28 - 56
            canvas.box(palette.PANEL, (bx, by, dots_w + 56, 56), radius=28)
            progress_dots(canvas, progress.index, progress.count, progress.fraction,
                          (bx + 28 + dots_w / 2, by + 28), palette.INK)
            return
        text = scene.text.invite[lang]
        where = view.sensor.where[lang] if view is not None else ""
        text_w = iw - 130
        text_h = canvas.paragraph_height(text, text_w, 36, weight="bold", line_height=1.2)
        box_h = text_h + 74
        by = iy + ih - box_h - 28
        canvas.box(palette.PANEL, (ix + 28, by, iw - 56, box_h), radius=24)
        canvas.box(tone_color, (ix + 28, by, 14, box_h), radius=7)
        canvas.paragraph(text, (ix + 66, by + 14), text_w, 36, palette.INK, weight="bold",
                         line_height=1.2)
        row_y = by + 14 + text_h + 20  # second row: where the sensor sits, progress dots
        if where:
            _pin_icon(canvas, (ix + 80, row_y), tone_color)
            canvas.text(where, (ix + 102, row_y), 30, palette.INK_SOFT, anchor="midleft")
        progress_dots(canvas, progress.index, progress.count, progress.fraction,
                      (ix + iw - 56 - dots_w / 2, row_y), palette.INK)


def _pin_icon(canvas: Canvas, at: tuple[float, float], color: palette.Color) -> None:
    """A map pin: where on the model the sensor sits."""
    x, y = at
    canvas.polygon(color, [(x - 9, y - 2), (x + 9, y - 2), (x, y + 16)])
    canvas.circle(color, (x, y - 4), 10)
    canvas.circle(palette.PANEL, (x, y - 4), 4)


def _strip_geometry(box: Box) -> tuple[float, float, float]:
    """Where the data-flow line starts and ends, and its height, inside the strip."""
    x0, y0, w0, _ = box
    inset = min(150.0, w0 * 0.13)
    return x0 + inset, x0 + w0 - inset, y0 + 58


def _flow_icon(canvas: Canvas, key: str, center: tuple[float, float]) -> None:
    """Small flat pictograms for the four stations of the data flow."""
    cx, cy = center
    ink = palette.INK
    if key == "sensor":
        canvas.box(ink, (cx - 10, cy - 4, 20, 16), radius=3)
        canvas.line(ink, (cx, cy - 4), (cx, cy - 14), 3)
        canvas.circle(ink, (cx, cy - 15), 4)
    elif key == "radio":
        canvas.line(ink, (cx, cy + 14), (cx, cy - 6), 3)
        for r in (8, 15):
            canvas.circle(ink, (cx, cy - 6), r, width=2)
        canvas.box(palette.PANEL_LINE, (cx - 18, cy - 4, 36, 22))
        canvas.line(ink, (cx, cy + 14), (cx, cy - 6), 3)
    elif key == "platform":
        for dy in (-10, 0, 10):
            canvas.ellipse(ink, (cx - 14, cy + dy - 5, 28, 10))
            canvas.ellipse(palette.PANEL_LINE, (cx - 11, cy + dy - 4, 22, 6))
    else:
        canvas.box(ink, (cx - 16, cy - 2, 24, 12), radius=3)
        canvas.box(ink, (cx + 6, cy + 1, 10, 9), radius=2)
        canvas.circle(ink, (cx - 9, cy + 12), 4)
        canvas.circle(ink, (cx + 10, cy + 12), 4)
