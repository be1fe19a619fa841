"""The frame's right-hand column (DESIGN.md): what is measured, the live value with its
level, the steps Messen › Entscheiden › Handeln, the headline, a fact and the data note.

Everything but the live number is painted into a kept surface when what it shows changes;
the number is drawn over it. And the column is left on screen while it stays the same —
not copied again every frame — until `invalidate` says something drew over it (a fade,
an overlay, another screen). `exhibit.stage.Stage` owns one and draws it in its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.qr import MIN_DESIGN_PX, qr_surface
from exhibit.render.widgets import pill, steps_row
from exhibit.scene import STEPS, Scene
from exhibit.world import HeldValue, SensorView, World

if TYPE_CHECKING:
    from exhibit.stage import FrameText

PANEL_PAD = 52
NUMBER_H, NUMBER_H_MISSING = 122, 80   # panel height of the live number / "not set up"
QR_MIN, QR_GAP, QR_LABEL_H = MIN_DESIGN_PX, 28, 42  # the code's side, gap to the note, label


@dataclass
class Panel:
    """The column's kept surface and what is on screen; `held` is the stage's held value
    (shared: the stage steps it, the panel shows it)."""

    text: FrameText
    held: HeldValue
    _kept: tuple | None = None       # (key, surface, text log, y of the number)
    # (screen surface, what it shows, its text log): the column as last painted on screen
    _on_screen: tuple | None = None

    def prepare(self, canvas: Canvas, box: Box, scene: Scene, world: World) -> None:
        """Paint `scene`'s panel into the kept surface without drawing anything on screen:
        the frame loop calls it in the frame a scene change starts, which shows the old
        frame whole, so the next frame does not pay for the panel (~5 ms at 4K) on top of
        the new scene and the fade."""
        try:
            self._kept_panel(canvas, box, scene, world, world.language)
        except Exception:  # noqa: BLE001 — the next `draw` meets it again and reports it
            return

    def draw(self, canvas: Canvas, box: Box, scene: Scene, world: World, lang: str
             ) -> palette.Color:
        """Everything but the live number is painted once into a kept surface and blitted
        while scene, language, lit step and colour stay (at 4K the panel's texts cost ~4 ms
        a frame to blit one by one); the number is drawn over it every frame."""
        (key, surface, log, value_y), view, tone_color = self._kept_panel(canvas, box, scene,
                                                                          world, lang)
        shown = self.held.shown(view) if scene.sensor_id is not None else None
        signature = (key, None if shown is None else (
            shown.formatted(lang), shown.stale, shown.level_label(lang)))
        on_screen = self._on_screen
        if on_screen is not None and on_screen[0] is canvas.surface and \
                on_screen[1] == signature:  # the same pixels are there: nothing to copy
            canvas.drawn_text.extend(on_screen[2])
            return tone_color
        start = len(canvas.drawn_text)
        canvas.blit(surface, box[:2])
        canvas.drawn_text.extend(log)
        if scene.sensor_id is not None:
            self._value(canvas, shown, (box[0] + PANEL_PAD, value_y), lang, tone_color)
        self._on_screen = (canvas.surface, signature, canvas.drawn_text[start:])
        return tone_color

    def invalidate(self) -> None:
        """Something else drew over the panel: the next `draw` paints it again."""
        self._on_screen = None

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
        kept = self._kept
        if kept is None or kept[0] != key:
            rect = canvas.rect(box)
            surface = kept[1] if kept is not None else None
            if surface is None or surface.get_size() != rect.size:  # else painted over:
                surface = pygame.Surface(rect.size)  # a new 13 MB surface cost ~10 ms at 4K
            sub = Canvas(surface, canvas.text_cache, scale=canvas.scale, offset=(0, 0),
                         origin=(box[0], box[1]), design=canvas.design)
            value_y = self._static(sub, box, scene, view, lang, tone_color, active,
                                         headline)
            log = [drawn.moved(rect.topleft) for drawn in sub.drawn_text]
            kept = self._kept = (key, surface, log, value_y)
        return kept, view, tone_color

    def _static(self, canvas: Canvas, box: Box, scene: Scene, view: SensorView | None,
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


def _more_info_url(scene: Scene) -> str | None:
    """exhibit.yaml's `more_info_url` ("more about it" as a QR code), None when not set."""
    return getattr(getattr(scene, "config", None), "more_info_url", None)


def _lock_icon(canvas: Canvas, center: tuple[float, float]) -> None:
    cx, cy = center
    canvas.circle(palette.INK_DIM, (cx, cy - 7), 8, width=3)
    canvas.box(palette.INK_DIM, (cx - 11, cy - 4, 22, 18), radius=4)
