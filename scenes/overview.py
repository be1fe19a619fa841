"""Overview "Datenplattform": every sensor of the tabletop city with its live value and level.

A dashboard as the city's data platform would show it: one card per sensor, the value in its
level colour with the level word, a ring on the card that a visitor is touching right now.
"""

from __future__ import annotations

from exhibit.render import palette as P
from exhibit.render.canvas import Box, Canvas
from exhibit.render.widgets import approach, pill
from exhibit.scene import STEPS, Scene
from exhibit.world import SensorView, World

COLUMNS = 4
CARD_H = 196
GAP = 16
TOP = 96           # below the status badge
STEP_SECONDS = 3.5  # the steps light up in turn: this scene is about the whole chain


class Overview(Scene):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.flash: dict[str, float] = {}  # per sensor: 1 right after a reading, fades out

    def active_step(self, world: World) -> str:
        return STEPS[int(world.t / STEP_SECONDS) % len(STEPS)]

    def update(self, dt: float, world: World) -> None:
        for sid in self.flash:
            self.flash[sid] = approach(self.flash[sid], 0.0, dt, 0.4)
        for sid in world.pulses:
            self.flash[sid] = 1.0

    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        canvas.draw_layer("overview.bg", area, lambda c: self._background(c, area))
        x0, y0, w0, _ = area
        card_w = (w0 - 2 * 24 - (COLUMNS - 1) * GAP) / COLUMNS
        for i, (sid, view) in enumerate(world.sensors.items()):
            row, col = divmod(i, COLUMNS)
            box = (x0 + 24 + col * (card_w + GAP), y0 + TOP + row * (CARD_H + GAP), card_w,
                   CARD_H)
            self._card(canvas, box, view, world.language, self.flash.get(sid, 0.0))

    def _card(self, canvas: Canvas, box: Box, view: SensorView, lang: str,
              flash: float) -> None:
        x, y, w, h = box
        live = view.value is not None and not view.stale
        color = P.tone(view.level.tone if view.level and live else None)
        canvas.box(P.mix(P.PANEL, P.PANEL_LINE, flash * 0.6), box, radius=18)
        canvas.box(color, (x, y, 12, h), radius=6)
        if view.touched:
            canvas.box(P.TONES["highlight"], box, radius=18, width=5)
        name = view.sensor.name[lang]
        name = name[:1].upper() + name[1:]
        canvas.text(name, (x + 30, y + 16), canvas.fit_size(name, 26, w - 44), P.INK_SOFT)
        value = canvas.text(view.formatted(lang), (x + 28, y + 50), 60,
                            color if live else P.INK_DIM, weight="bold")
        if view.sensor.unit:
            right = canvas.to_design(value)
            canvas.text(view.sensor.unit, (right[0] + right[2] + 8, y + 122), 28, P.INK_SOFT,
                        anchor="bottomleft")
        if live and view.level is not None:
            pill(canvas, view.level_label(lang), (x + 30, y + h - 16), 24, P.NIGHT, color,
                 anchor="bottomleft")

    def _background(self, canvas: Canvas, area: Box) -> None:
        x, y, w, h = area
        canvas.box(P.NIGHT, area)
        for gx in range(int(x), int(x + w), 48):  # a faint map grid: the data platform view
            canvas.line(P.mix(P.NIGHT, P.PANEL_LINE, 0.5), (gx, y), (gx, y + h), 1)
        for gy in range(int(y), int(y + h), 48):
            canvas.line(P.mix(P.NIGHT, P.PANEL_LINE, 0.5), (x, gy), (x + w, gy), 1)


SCENE = Overview
