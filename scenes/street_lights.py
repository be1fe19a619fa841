"""Street lights on demand: lamps dim up as it gets dark and go to full power when someone
passes (light + motion sensors).

Power follows FACTS.md 1: off in daylight, dimmed to 10 % at night, 100 % on motion and
held for a while after. The sky, the windows and the light pools follow the live value
every frame; nothing switches at a threshold without easing.
"""

from __future__ import annotations

import pygame

from exhibit.render import kit
from exhibit.render import palette as P
from exhibit.render.canvas import Box, Canvas
from exhibit.render.widgets import approach, corner_tag, crossfade, glow
from exhibit.scene import Scene
from exhibit.world import World

DARK_LUX, BRIGHT_LUX = 25.0, 60.0   # lamps start dimming up below BRIGHT, idle-night below DARK
IDLE_POWER, MOTION_POWER = 0.10, 1.0
MOTION_HOLD = 8.0                   # seconds of full light after motion (3 min on a real street)
GROUND, ROAD_TOP, ROAD_BOTTOM = 640.0, 650.0, 790.0
LAMPS = (230.0, 580.0, 930.0)
LAMP_HEIGHT = 380.0
WALK_SPEED = 170.0


def darkness(lux: float | None) -> float:
    """0 in daylight, 1 at night; in between the lamps dim up."""
    if lux is None:
        return 0.0
    return min(max((BRIGHT_LUX - lux) / (BRIGHT_LUX - DARK_LUX), 0.0), 1.0)


def target_power(lux: float | None, motion_recent: bool) -> float:
    dark = darkness(lux)
    if dark <= 0.0:
        return 0.0
    return MOTION_POWER if motion_recent else IDLE_POWER * dark


class StreetLights(Scene):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.night = 0.0         # eased darkness of the sky
        self.power = 0.0         # eased lamp power 0..1
        self.motion_left = 0.0   # seconds of motion hold left
        self.walker_x: float | None = None
        self.walk_phase = 0.0
        self._sky: tuple[object, int, pygame.Surface] | None = None  # (day layer, step, mix)

    def on_show(self) -> None:
        self.walker_x = None

    def update(self, dt: float, world: World) -> None:
        light = world.view("light")
        lux = light.value if light is not None else None
        motion = world.view("motion")
        if motion is not None and motion.value is not None and motion.value >= 0.5 \
                and not motion.stale:
            if self.motion_left <= 0 and self.walker_x is None:
                self.walker_x = -60.0
            self.motion_left = MOTION_HOLD
        self.motion_left = max(self.motion_left - dt, 0.0)
        self.night = approach(self.night, darkness(lux), dt, 0.5)
        self.power = approach(self.power, target_power(lux, self.motion_left > 0), dt, 0.35)
        if self.walker_x is not None:
            self.walker_x += WALK_SPEED * dt
            self.walk_phase += dt * 7.0
            if self.walker_x > 1220:
                self.walker_x = None

    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        canvas.blit(self._sky_mix(canvas, area), area[:2])
        visual = self.power ** 0.5  # perceived brightness grows like the square root of power
        for x in LAMPS:
            head = (x + 70, GROUND - LAMP_HEIGHT + 20)
            kit.light_cone(canvas, head, ROAD_BOTTOM - 30, 190, visual)
        if self.walker_x is not None:
            lit = P.mix(P.INK_DIM, P.INK, max(visual, 1 - self.night))
            kit.person(canvas, self.walker_x, GROUND - 6, 120, lit, self.walk_phase)
        for x in LAMPS:
            head = kit.lamp(canvas, x, GROUND, LAMP_HEIGHT, visual)
            glow(canvas, head, 120, P.LAMP_LIGHT, visual)
        self._power_tag(canvas, area, world.language)

    def _sky_mix(self, canvas: Canvas, area: Box) -> pygame.Surface:
        """Day and night layers mixed at the current darkness, in 48 steps, and kept: while
        the light holds still a frame costs one opaque blit, not an alpha blend (at 4K the
        blend alone took 5 ms)."""
        day = canvas.layer("street_lights.day", area, lambda c: self._static(c, area, 0.0))
        step = round(self.night * 48)
        if self._sky is None or self._sky[0] is not day or self._sky[1] != step:
            night = canvas.layer("street_lights.night", area,
                                 lambda c: self._static(c, area, 1.0))
            mix = self._sky[2] if self._sky and self._sky[0] is day else day.copy()
            crossfade(Canvas(mix, canvas.text_cache, scale=1.0, offset=(0, 0)), day, night,
                      step / 48, (0, 0))
            self._sky = (day, step, mix)
        return self._sky[2]

    def _power_tag(self, canvas: Canvas, area: Box, lang: str) -> None:
        corner_tag(canvas, area, self.text.labels["power"][lang], f"{round(self.power * 100)} %",
                   P.LAMP_LIGHT, self.power, widest="100 %")

    def _static(self, canvas: Canvas, area: Box, night: float) -> None:
        x, y, w, h = area
        top = P.mix(P.SKY_DAY, P.SKY_NIGHT, night)
        bottom = P.mix(P.mix(P.SKY_DAY, P.INK, 0.35), P.SKY_DUSK, night)
        kit.sky(canvas, (x, y, w, GROUND), top, bottom)
        if night:
            for i in range(40):  # a fixed scatter of stars
                sx = x + (i * 137) % w
                sy = y + 30 + (i * 89) % 300
                canvas.circle(P.mix(P.INK, P.SKY_NIGHT, (i % 3) * 0.3), (sx, sy), 2 + i % 2)
            canvas.circle(P.INK, (x + 140, y + 150), 44)
            canvas.circle(top, (x + 162, y + 136), 40)
        else:
            canvas.circle(P.mix(P.LAMP_LIGHT, P.INK, 0.4), (x + 150, y + 150), 52)
        houses = ((90, 170, 300), (300, 220, 420), (520, 190, 330), (740, 240, 460),
                  (980, 230, 350), (1130, 160, 280))
        for i, (hx, hw, hh) in enumerate(houses):
            shade = P.BUILDING[i % len(P.BUILDING)]
            color = P.mix(shade, P.NIGHT_DEEP, night * 0.45)
            kit.building(canvas, x + hx, GROUND - 60, hw, hh, color, lit=0.45 * night, seed=i,
                         roof="gable" if i % 3 == 2 else "flat")
        canvas.box(P.mix(P.PAVEMENT, P.NIGHT_DEEP, night * 0.4), (x, GROUND - 60, w, 70))
        kit.road(canvas, (x, ROAD_TOP, w, ROAD_BOTTOM - ROAD_TOP))
        canvas.box(P.mix(P.GRASS, P.NIGHT_DEEP, night * 0.5), (x, ROAD_BOTTOM, w, h - ROAD_BOTTOM))
        if night:  # the road goes darker at night too
            canvas.box(P.mix(P.ROAD, P.NIGHT_DEEP, 0.55), (x, ROAD_TOP, w, 8))


SCENE = StreetLights
