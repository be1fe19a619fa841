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
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.layout import LANDSCAPE, PORTRAIT, SCENE_AREA, SCENE_W, Layout
from exhibit.render.qr import MIN_DESIGN_PX, qr_surface
from exhibit.render.widgets import badge, pill, progress_dots, steps_row
from exhibit.scene import SCENE_DIR, STEPS, Scene
from exhibit.status import REPLAY, SEARCHING, SIMULATION, STALE
from exhibit.validate import Fields
from exhibit.world import HeldValue, SensorView, World
from exhibit.yamlsource import load_yaml

PANEL_PAD = 52
FLOW = ("sensor", "radio", "platform", "service")
PULSE_SECONDS = 1.8      # a reading's trip along the strip
PLATFORM_PULSE = 0.6     # seconds a ring grows round the platform station per acknowledged publish
PULSE_MIN_GAP = 0.35     # at most ~3 pulses a second, however fast readings come
NUMBER_H, NUMBER_H_MISSING = 122, 80   # panel height of the live number / "not set up"
VALUE_HOLD = 0.25        # the panel's number changes at most 4× a second for small changes …
VALUE_JUMP = 0.01        # … and at once for a change of 1 % of the sensor's range or more

UI_KEYS = ("measured", "no_data", "not_configured", "badge_live", "badge_simulation",
           "badge_replay", "badge_stale", "banner_disconnected", "badge_platform",
           "banner_platform_offline", "recording_stopped",
           "fallback_title", "fallback_subtitle", "more_info")
QR_MIN, QR_GAP, QR_LABEL_H = MIN_DESIGN_PX, 28, 42  # the code's side, gap to the note, label

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
    _panel_kept: tuple | None = None          # (key, surface, text log, y of the number)
    # (screen surface, what it shows, its text log): the panel as last painted on screen,
    # left there while nothing changed it; `invalidate` when anything drew over the frame
    _panel_on_screen: tuple | None = None
    _cover: tuple | None = None               # (screen key, layout paints every pixel)
    broken: set[str] = field(default_factory=set)  # parts that raised: left out from then on
    # publish.mqtt on: (broker online, publishes acknowledged so far), set by the frame loop;
    # None: publishing is off and the platform station stays the story it always was
    platform: tuple[bool, int] | None = None
    _acked: int = 0
    platform_pulse: float = 99.0  # seconds since the last acknowledged publish

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
            self._panel_on_screen = None
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
        self._panel_on_screen = None
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

    # --- panel ---------------------------------------------------------------------
    def prepare(self, canvas: Canvas, scene: Scene, world: World) -> None:
        """Paint `scene`'s panel into the kept surface without drawing anything on screen:
        the frame loop calls it in the frame a scene change starts, which shows the old
        frame whole, so the next frame does not pay for the panel (~5 ms at 4K) on top of
        the new scene and the fade."""
        if "panel" in self.broken:
            return
        try:
            self._kept_panel(canvas, self.layout(canvas).panel, scene, world, world.language)
        except Exception:  # noqa: BLE001 — the next `draw` meets it again and reports it
            return

    def _panel(self, canvas: Canvas, box: Box, scene: Scene, world: World, lang: str
               ) -> palette.Color:
        """Everything but the live number is painted once into a kept surface and blitted
        while scene, language, lit step and colour stay (at 4K the panel's texts cost ~4 ms
        a frame to blit one by one); the number is drawn over it every frame."""
        (key, surface, log, value_y), view, tone_color = self._kept_panel(canvas, box, scene,
                                                                          world, lang)
        shown = self.held.shown(view) if scene.sensor_id is not None else None
        signature = (key, None if shown is None else (
            shown.formatted(lang), shown.stale, shown.level_label(lang)))
        on_screen = self._panel_on_screen
        if on_screen is not None and on_screen[0] is canvas.surface and \
                on_screen[1] == signature:  # the same pixels are there: nothing to copy
            canvas.drawn_text.extend(on_screen[2])
            return tone_color
        start = len(canvas.drawn_text)
        canvas.blit(surface, box[:2])
        canvas.drawn_text.extend(log)
        if scene.sensor_id is not None:
            self._value(canvas, shown, (box[0] + PANEL_PAD, value_y), lang, tone_color)
        self._panel_on_screen = (canvas.surface, signature, canvas.drawn_text[start:])
        return tone_color

    def invalidate(self) -> None:
        """Something else drew over the frame (a fade, an overlay, another screen): the
        next `draw` paints the panel again instead of trusting the pixels there."""
        self._panel_on_screen = None

    def _kept_panel(self, canvas: Canvas, box: Box, scene: Scene, world: World, lang: str
                    ) -> tuple[tuple, SensorView | None, palette.Color]:
        """The kept panel (key, surface, text log, y of the number), repainted into the
        same surface when what it shows changed; with the scene's view and tone colour."""
        view = scene.primary(world)
        if scene.sensor_id is None:  # the overview: the whole chain, no single level
            tone_color = palette.TONES["info"]
        else:
            tone_color = palette.tone(view.level.tone if view and view.level and not view.stale
                                else None)
        active = STEPS.index(scene.active_step(world))
        headline = scene.headline(world, lang)
        key = (scene.name, lang, active, headline, tone_color, view is None, box, canvas.scale,
               canvas.surface.get_size(), _more_info_url(scene))
        kept = self._panel_kept
        if kept is None or kept[0] != key:
            rect = canvas.rect(box)
            surface = kept[1] if kept is not None else None
            if surface is None or surface.get_size() != rect.size:  # else painted over:
                surface = pygame.Surface(rect.size)  # a new 13 MB surface cost ~10 ms at 4K
            sub = Canvas(surface, canvas.text_cache, scale=canvas.scale, offset=(0, 0),
                         origin=(box[0], box[1]), design=canvas.design)
            value_y = self._panel_static(sub, box, scene, view, lang, tone_color, active,
                                         headline)
            log = [drawn.moved(rect.topleft) for drawn in sub.drawn_text]
            kept = self._panel_kept = (key, surface, log, value_y)
        return kept, view, tone_color

    def _panel_static(self, canvas: Canvas, box: Box, scene: Scene, view: SensorView | None,
                      lang: str, tone_color: palette.Color, active: int, headline: str
                      ) -> float:
        """Paint the panel without its live number; returns where the number goes."""
        x0, y0, w0, h0 = box
        canvas.box(palette.PANEL, box)
        x, width = x0 + PANEL_PAD, w0 - 2 * PANEL_PAD
        y = y0 + 44
        if view is not None:  # a sensor missing from the config has no name to show
            canvas.text(f"{self.text('measured', lang)}: {view.sensor.name[lang]}", (x, y), 30,
                        palette.INK_SOFT)
        if scene.sensor_id is not None:
            y += 48
        y += canvas.paragraph(scene.text.title[lang], (x, y), width, 64, palette.INK,
                              weight="bold", line_height=1.15) + 14
        value_y = y
        if scene.sensor_id is not None:
            y += (NUMBER_H_MISSING if view is None else NUMBER_H) + 22
        else:
            y += 24
        labels = [self.text.steps[s][lang] for s in STEPS]
        y += steps_row(canvas, labels, active, (x, y), width, tone_color) + 20
        y += canvas.paragraph(headline, (x, y), width, 38, palette.INK, weight="bold",
                              line_height=1.2) + 16
        note = scene.text.data_note[lang]
        url = _more_info_url(scene)
        code = qr_surface(url, canvas.px(QR_MIN)) if url else None  # beside the note
        code_side = code.get_width() / canvas.scale if code else 0.0
        note_w = width - 44 - (code_side + QR_GAP if code else 0)
        note_h = canvas.paragraph_height(note, note_w, 28, line_height=1.25)
        foot_h = max(note_h + QR_LABEL_H, code_side) if code else note_h
        note_y = y0 + h0 - 36 - foot_h
        canvas.paragraph(scene.text.body[lang], (x, y), width, 36, palette.INK_SOFT)
        canvas.line(palette.PANEL_LINE, (x, note_y - 20), (x + width, note_y - 20), 2)
        _lock_icon(canvas, (x + 14, note_y + 18))
        canvas.paragraph(note, (x + 44, note_y), note_w, 28, palette.INK_SOFT,
                         line_height=1.25)
        if code:  # the code bottom right, its label left of it, pointing at it
            left, bottom = x + width - code_side, note_y + foot_h
            canvas.blit(code, (left, bottom - code_side))
            tip = left - QR_GAP / 2
            canvas.polygon(palette.INK_SOFT, [(tip - 12, bottom - 30), (tip, bottom - 20),
                                              (tip - 12, bottom - 10)])
            canvas.text(self.text("more_info", lang), (tip - 20, bottom), 28,
                        palette.INK_SOFT, anchor="bottomright")
        return value_y

    def _value(self, canvas: Canvas, view, at: tuple[float, float], lang: str,
               tone_color: palette.Color) -> float:
        x, y = at
        if view is None:
            canvas.text(self.text("not_configured", lang), (x, y + 20), 40, palette.INK_DIM,
                        weight="bold")
            return y + NUMBER_H_MISSING
        value_color = palette.INK_DIM if view.stale else palette.legible(tone_color,
                                                                          palette.PANEL)
        rect = canvas.text(view.formatted(lang), (x, y - 18), 128, value_color, weight="bold",
                           role="value")
        right = canvas.to_design(rect)[0] + canvas.to_design(rect)[2]
        unit = view.sensor.unit
        if unit:
            urect = canvas.text(unit, (right + 14, y + 104), 48, palette.INK_SOFT,
                                anchor="bottomleft", role="unit")
            right = canvas.to_design(urect)[0] + canvas.to_design(urect)[2]
        label = self.text("no_data", lang) if view.stale else view.level_label(lang)
        if label:
            pill(canvas, label, (right + 28, y + 104), 34, palette.NIGHT,
                 palette.INK_SOFT if view.stale else palette.legible(tone_color, palette.NIGHT),
                 anchor="bottomleft",
                 role="chip")
        return y + NUMBER_H

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


def _more_info_url(scene: Scene) -> str | None:
    """exhibit.yaml's `more_info_url` ("more about it" as a QR code), None when not set."""
    return getattr(getattr(scene, "config", None), "more_info_url", None)


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


def _lock_icon(canvas: Canvas, center: tuple[float, float]) -> None:
    cx, cy = center
    canvas.circle(palette.INK_DIM, (cx, cy - 7), 8, width=3)
    canvas.box(palette.INK_DIM, (cx - 11, cy - 4, 22, 18), radius=4)


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
