"""CO₂ traffic light in the classroom: the light moves bottom → middle → top with the live
value (each lamp with its own symbol: ✓, !, ✕), one window opens to air the room, and in
poor air both open wide while the pupils' heads droop (CO₂ sensor on the classroom wall).

Follows FACTS.md 4: UBA bands below 1000 ppm harmless, 1000–2000 air more, above 2000
unacceptable (the bands live in exhibit.yaml). The lamps, a faint haze whose density
follows the ppm, the windows' swing and the fresh air drifting in all ease with `dt`.
"""

from __future__ import annotations

import math
import random

import pygame

from exhibit.render import kit
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.widgets import approach, corner_tag, glow, pill
from exhibit.scene import Scene
from exhibit.world import SensorView, World

SENSOR = "co2"
FRESH, BAD = "fresh", "bad"
LAMP_SYMBOL = {"fresh": "check", "stale": "bang", "bad": "cross"}   # shape, not colour alone
OUTDOOR_PPM, HAZE_FULL_PPM = 420.0, 3000.0   # no haze at outdoor air, densest from here

# Layout in design units, relative to the illustration's top-left corner.
FLOOR = 700.0
WIN_X, WIN_Y, WIN_W, WIN_H = 90.0, 150.0, 440.0, 330.0   # the window opening
FRAME = 16.0
MULLION_X = WIN_X + WIN_W / 2                           # where the two sashes meet
HINGE_X = WIN_X + WIN_W - FRAME / 2                     # the right sash hinges on the right
LEFT_HINGE_X = WIN_X + FRAME / 2                        # the left one on the left
OPEN_ANGLE = 72.0                                       # degrees, fully open
LIGHT_X, LIGHT_Y, LIGHT_W, LIGHT_H = 745.0, 170.0, 110.0, 300.0  # centre x, top, size
LAMP_R = 36.0
LAMPS = {"bad": (LIGHT_X, LIGHT_Y + 58.0), "stale": (LIGHT_X, LIGHT_Y + 150.0),
         "fresh": (LIGHT_X, LIGHT_Y + 242.0)}            # red on top, green at the bottom
LAMP_TONE = {"fresh": "ok", "stale": "notice", "bad": "act"}
DESKS = (230.0, 500.0, 950.0)
DESK_TOP, DESK_W = 600.0, 250.0
BOARD = (880.0, 170.0, 230.0, 230.0)

CLOSE_DELAY = 1.5            # s of fresh air before the window closes again
SWING_SECONDS = 0.7          # easing time constant of the window
HAZE_DOTS = 150
STREAKS = 14

WALL = palette.mix(palette.BUILDING[1], palette.INK, 0.18)
WALL_LOW = palette.mix(palette.BUILDING[0], palette.INK, 0.08)
FLOOR_C = palette.mix(palette.TRUNK, palette.NIGHT_DEEP, 0.2)
FRAME_C = palette.mix(palette.VEHICLE, palette.BUILDING[0], 0.25)
GLASS = palette.mix(palette.SKY_DAY, palette.BUILDING[1], 0.55)
GLINT = palette.mix(GLASS, palette.INK, 0.35)
HAZE = palette.mix(palette.INK_SOFT, palette.LEAF_DRY, 0.35)
AIR = palette.mix(palette.SKY_DAY, palette.INK, 0.55)
LAMP_DARK = palette.mix(palette.LAMP_OFF, palette.NIGHT_DEEP, 0.45)


def live_level(view: SensorView | None) -> str | None:
    """The level name of a fresh reading, else None (stale or missing: no data)."""
    if view is None or not view.fresh or view.level is None:
        return None
    return view.level.name


def haze_of(ppm: float) -> float:
    """0 at outdoor air, 1 from HAZE_FULL_PPM up."""
    return min(max((ppm - OUTDOOR_PPM) / (HAZE_FULL_PPM - OUTDOOR_PPM), 0.0), 1.0)


class Co2Classroom(Scene):
    LABELS = ("closed", "no_data", "open", "ppm", "wide_open", "window")

    def setup(self) -> None:
        rng = random.Random(11)   # fixed haze scatter, deterministic for tests
        self.dots = [(rng.uniform(40, 1110), rng.uniform(130, FLOOR - 20),
                      rng.uniform(0, 6.28), rng.choice((4.0, 5.0, 6.0, 8.0)))
                     for _ in range(HAZE_DOTS)]

    def label_keys(self) -> tuple[str, ...]:
        """The light names each level of the CO₂ sensor by its level's name."""
        sensor = self.sensor(SENSOR)
        return self.LABELS + tuple(level.name for level in sensor.levels) if sensor \
            else self.LABELS

    def reset(self) -> None:
        self.lamp = {name: 0.0 for name in LAMPS}   # eased brightness per lamp
        self.haze = 0.0
        self.open = 0.0                             # right sash, 0 closed .. 1 open
        self.wide = 0.0                             # left sash: both open in poor air
        self.was_bad = False                        # poor air since the room was last fresh
        self.tired = 0.0                            # pupils' heads droop in poor air
        self.fresh_for = 99.0

    # --- update ----------------------------------------------------------------------
    def advance(self, dt: float, world: World) -> None:
        view = world.view(SENSOR)
        level = live_level(view)
        haze = haze_of(view.value) if level is not None else 0.0
        if level is None or level == FRESH:
            self.fresh_for += dt
        else:
            self.fresh_for = 0.0
        want_open = 1.0 if level is not None and self.fresh_for < CLOSE_DELAY else 0.0
        if level == BAD:
            self.was_bad = True
        elif want_open == 0.0:
            self.was_bad = False
        if self.snapping:  # a scene coming on screen shows the present light and haze at once
            self.haze = haze
            for name in LAMPS:
                self.lamp[name] = 1.0 if name == level else 0.0
        self.haze = approach(self.haze, haze, dt, 0.8)
        for name in LAMPS:
            self.lamp[name] = approach(self.lamp[name], 1.0 if name == level else 0.0, dt, 0.18)
        self.open = approach(self.open, want_open, dt, SWING_SECONDS)
        self.wide = approach(self.wide, 1.0 if self.was_bad else 0.0, dt, SWING_SECONDS)
        self.tired = approach(self.tired, 1.0 if level == BAD else 0.0, dt, 0.6)

    # --- draw ------------------------------------------------------------------------
    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        canvas.draw_layer("co2_classroom.room", area, lambda c: self._static(c, area))
        self._sash(canvas, HINGE_X, self.open)
        self._sash(canvas, LEFT_HINGE_X, self.wide)
        self._air(canvas)
        self._haze(canvas)
        front = (0.0, DESK_TOP - 150, area[2], area[3] - DESK_TOP + 150)
        tired = self.tired > 0.5
        canvas.draw_layer(f"co2_classroom.front{'.tired' if tired else ''}", front,
                          lambda c: self._pupils(c, tired), alpha=True)
        self._light(canvas, world)
        self._window_tag(canvas, area, world.language)

    def _sash(self, canvas: Canvas, hx: float, openness: float) -> None:
        """A pane swings inwards about its hinge `hx` (right or left frame): narrower and,
        nearer the viewer, a little taller as it opens."""
        a = math.radians(OPEN_ANGLE * openness)
        side = 1.0 if hx > MULLION_X else -1.0    # +1: hinged on the right
        full = abs(hx - MULLION_X)
        free_x = hx - side * full * math.cos(a)
        grow = 30 * math.sin(a)
        top, bottom = WIN_Y + FRAME / 2, WIN_Y + WIN_H - FRAME / 2
        outer = [(hx, top), (free_x, top - grow), (free_x, bottom + grow), (hx, bottom)]
        canvas.polygon(FRAME_C, outer)
        if abs(hx - free_x) > 2 * FRAME:
            f = FRAME / 2 + 4 * math.sin(a)
            inner = [(hx - side * f, top + f), (free_x + side * f, top - grow + f + 2),
                     (free_x + side * f, bottom + grow - f - 2), (hx - side * f, bottom - f)]
            canvas.polygon(palette.mix(GLASS, palette.NIGHT_DEEP, 0.25 * openness), inner)
            left = min(hx, free_x)
            gx = left + abs(hx - free_x) * 0.3
            canvas.line(GLINT, (gx, top + 40), (gx + abs(hx - free_x) * 0.25, top + 90), 6)

    def _air(self, canvas: Canvas) -> None:
        """Fresh air drifting in through the gap and spreading into the room."""
        k = min(max((self.open - 0.25) / 0.5, 0.0), 1.0)
        if k <= 0:
            return
        for i in range(STREAKS):
            phase = (self.clock * 0.35 + i / STREAKS) % 1.0
            y0 = WIN_Y + 50 + (i * 67) % (WIN_H - 90)
            x = MULLION_X + 10 + phase * 520
            y = y0 + math.sin(phase * 5 + i) * 18 + phase * 60
            length = 70 * k
            color = palette.mix(AIR, WALL, max(phase * 1.4 - 0.4, 0.0) + (1 - k) * 0.6)
            canvas.line(color, (x, y), (x + length, y + 8), 5)

    def _haze(self, canvas: Canvas) -> None:
        """A faint cloud of used air: as many dots as the ppm calls for, drifting slowly,
        pushed away from the window while fresh air comes in."""
        count = round(self.haze * HAZE_DOTS)
        if count <= 0:
            return
        push = self.open * 140
        for x, y, ph, r in self.dots[:count]:
            px = canvas.px(r)
            dot = canvas.cached(("co2_classroom.dot", px), lambda px=px: _dot(px))
            dx = math.sin(self.clock * 0.4 + ph) * 14 + push * max(1 - (x - WIN_X) / 900, 0)
            dy = math.cos(self.clock * 0.3 + ph * 1.7) * 10
            cx, cy = canvas.pt(x + dx, y + dy)
            canvas.surface.blit(dot, (cx - px, cy - px))

    def _light(self, canvas: Canvas, world: World) -> None:
        x, top = LIGHT_X, LIGHT_Y
        for name, (lx, ly) in LAMPS.items():
            tone = palette.TONES[LAMP_TONE[name]]
            k = self.lamp[name]
            if k > 0.05:  # the halo first, so the lamp itself shows its tone exactly
                glow(canvas, (lx, ly), LAMP_R * 2.4, tone, 0.5 * k)
            canvas.circle(palette.mix(LAMP_DARK, tone, k), (lx, ly), LAMP_R)
            ink = palette.mix(palette.mix(LAMP_DARK, palette.INK, 0.3), palette.NIGHT_DEEP, k)
            _symbol(canvas, LAMP_SYMBOL[name], (lx, ly), ink)
        lang = world.language
        view = world.view(SENSOR)
        level = live_level(view)
        labels = self.text.labels
        if level is None:
            word, color = labels["no_data"][lang], palette.INK_DIM
        else:
            value = view.formatted(lang)
            word = f"{labels[level][lang]} · {value} {labels['ppm'][lang]}"
            color = palette.TONES[LAMP_TONE[level]]
        pill(canvas, word, (x, top + LIGHT_H + 16), 28,
             palette.NIGHT_DEEP if level else palette.INK,
             color if level else palette.PANEL, anchor="midtop")

    def _window_tag(self, canvas: Canvas, area: Box, lang: str) -> None:
        labels = self.text.labels
        key = "wide_open" if self.wide > 0.5 else "open" if self.open > 0.5 else "closed"
        widest = max((labels[k][lang] for k in ("wide_open", "open", "closed")),
                     key=lambda s: canvas.text_width(s, 36, "bold"))
        corner_tag(canvas, area, labels["window"][lang], labels[key][lang], palette.WATER,
                   (self.open + self.wide) / 2, widest=widest)

    # --- cached layers -----------------------------------------------------------------
    def _static(self, canvas: Canvas, area: Box) -> None:
        _, _, w, h = area
        canvas.box(WALL, (0, 0, w, FLOOR))
        canvas.box(WALL_LOW, (0, FLOOR - 150, w, 150))
        canvas.box(palette.mix(WALL_LOW, palette.INK, 0.15), (0, FLOOR - 156, w, 8))
        canvas.box(FLOOR_C, (0, FLOOR, w, h - FLOOR))
        for i in range(int(w // 120) + 1):   # floor boards
            canvas.box(palette.mix(FLOOR_C, palette.NIGHT_DEEP, 0.25),
                       (i * 120 + 40, FLOOR, 3, h - FLOOR))
        canvas.box(palette.mix(FLOOR_C, palette.NIGHT_DEEP, 0.35), (0, FLOOR, w, 10))
        # the window: the outside, the fixed left pane, frame and sill
        wx, wy = WIN_X, WIN_Y
        outside = (wx, wy, WIN_W, WIN_H)
        canvas.box(palette.SKY_DAY, outside)
        canvas.surface.set_clip(canvas.rect(outside))   # the view out stays in the window
        canvas.box(palette.mix(palette.SKY_DAY, palette.LEAF, 0.3),
                   (wx, wy + WIN_H - 90, WIN_W, 90))
        for tx, size in ((MULLION_X + 170, 190), (WIN_X + 60, 150)):
            kit_tree(canvas, tx, wy + WIN_H + 10, size)
        canvas.surface.set_clip(None)
        canvas.box(FRAME_C, outside, width=FRAME)   # the sashes are drawn live
        canvas.box(palette.mix(FRAME_C, palette.NIGHT_DEEP, 0.2),
                   (wx - 20, wy + WIN_H, WIN_W + 40, 16), radius=4)
        # the traffic light's housing and the board
        lx = LIGHT_X - LIGHT_W / 2
        canvas.box(palette.mix(palette.NIGHT_DEEP, WALL, 0.25),
                   (lx + 6, LIGHT_Y + 8, LIGHT_W, LIGHT_H), radius=26)
        canvas.box(palette.NIGHT_DEEP, (lx, LIGHT_Y, LIGHT_W, LIGHT_H), radius=26)
        bx, by, bw, bh = BOARD
        canvas.box(palette.mix(TRUNK_C, palette.NIGHT_DEEP, 0.1),
                   (bx - 10, by - 10, bw + 20, bh + 20), radius=6)
        canvas.box(palette.mix(palette.GRASS, palette.NIGHT_DEEP, 0.45), (bx, by, bw, bh), radius=4)
        chalk = palette.mix(palette.INK_SOFT, palette.GRASS, 0.45)
        for i, (cx, cw) in enumerate(((30, 120), (30, 160), (30, 90), (30, 140))):
            canvas.line(chalk, (bx + cx, by + 40 + i * 44), (bx + cx + cw, by + 40 + i * 44), 5)

    def _pupils(self, canvas: Canvas, tired: bool = False) -> None:
        """Three pupils at their desks; `tired`: heads droop onto the desk (poor air)."""
        shirts = (palette.mix(palette.TONES["info"], palette.BUILDING[0], 0.55),
                  palette.mix(palette.LEAF_DRY, palette.BUILDING[0],
                  0.35), palette.mix(palette.TONES["calm"], palette.NIGHT_DEEP, 0.1))
        skins = (hex_mix("#E0B894"), hex_mix("#A8785A"), hex_mix("#C99A78"))
        hair = (palette.mix(palette.TRUNK, palette.NIGHT_DEEP, 0.5), palette.NIGHT_DEEP,
                palette.mix(palette.LEAF_DRY, palette.TRUNK, 0.4))
        for i, dx in enumerate(DESKS):
            x = dx
            chair = palette.mix(palette.METAL, palette.BUILDING[2], 0.55)
            canvas.box(chair, (x + 30, DESK_TOP - 60, 14, FLOOR - DESK_TOP + 60), radius=6)
            # a seated pupil behind the desk
            hx = x + 10
            if tired:   # slumped forward, head resting on the arms, hair towards us
                canvas.box(shirts[i], (hx - 44, DESK_TOP - 70, 76, 80), radius=28)
                canvas.box(skins[i], (hx - 80, DESK_TOP - 20, 70, 20), radius=10)  # arms
                canvas.circle(skins[i], (hx - 50, DESK_TOP - 42), 29)
                canvas.circle(hair[i], (hx - 44, DESK_TOP - 48), 27)
            else:
                canvas.box(shirts[i], (hx - 34, DESK_TOP - 86, 68, 96), radius=24)
                canvas.circle(skins[i], (hx, DESK_TOP - 112), 30)
                canvas.circle(hair[i], (hx + 4, DESK_TOP - 124), 26)
                canvas.circle(skins[i], (hx - 4, DESK_TOP - 108), 25)
                canvas.box(skins[i], (hx - 44, DESK_TOP - 22, 36, 18), radius=9)  # hands
            # the desk, a book on it
            canvas.box(palette.mix(palette.TRUNK, palette.INK, 0.25),
                       (x - DESK_W / 2, DESK_TOP, DESK_W, 18), radius=6)
            legs = palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.35)
            for lx in (x - DESK_W / 2 + 16, x + DESK_W / 2 - 26):
                canvas.box(legs, (lx, DESK_TOP + 18, 10, FLOOR - DESK_TOP - 18))
            canvas.box(palette.mix(palette.VEHICLE, palette.SKY_DAY, 0.3),
                       (x - 80, DESK_TOP - 8, 70, 10), radius=3)


TRUNK_C = palette.TRUNK


def hex_mix(text: str) -> palette.Color:
    """A skin tone, muted towards the palette like everything else in the kit."""
    return palette.mix(palette.hex_color(text), palette.BUILDING[1], 0.2)


def kit_tree(canvas: Canvas, x: float, ground: float, size: float) -> None:
    kit.tree(canvas, x, ground, size, palette.mix(palette.LEAF, palette.SKY_DAY, 0.25))


def _symbol(canvas: Canvas, kind: str, at: tuple[float, float], color: palette.Color) -> None:
    """A lamp's own mark, so its meaning never rests on colour: ✓ fresh, ! air, ✕ poor.
    Kept off the lamp's lower right, where its plain tone shows."""
    x, y = at
    if kind == "check":
        canvas.line(color, (x - 16, y - 2), (x - 5, y + 10), 7)
        canvas.line(color, (x - 5, y + 10), (x + 15, y - 14), 7)
    elif kind == "bang":
        canvas.line(color, (x - 4, y - 20), (x - 4, y + 2), 8)
        canvas.circle(color, (x - 4, y + 13), 5)
    else:
        canvas.line(color, (x - 14, y - 14), (x + 8, y + 8), 7)
        canvas.line(color, (x + 8, y - 14), (x - 14, y + 8), 7)


def _dot(radius_px: int) -> pygame.Surface:
    """One faint haze dot (alpha), blitted many times a frame."""
    size = radius_px * 2 + 2
    surface = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.circle(surface, (*HAZE, 70), (radius_px + 1, radius_px + 1), radius_px)
    return surface


SCENE = Co2Classroom
