"""Street lights on demand: the lamps dim up as it gets dark and go to full light ahead of
someone walking by, then fall back (light sensor + motion sensor at the pavement).

Follows FACTS.md 1a: LED lamps wait at 10 % at night and go to 100 % on motion, held for a
while after it (Eibelstadt; Elmshorn holds ≥3 min, here a few seconds). The sky, the houses'
windows, each lamp and the power gauge follow the live values every frame, eased with `dt`.
At night a passer-by comes along by themselves every NIGHT_WALK_GAP seconds (the pilot
streets see a few a night, FACTS.md 1a), so night shows what "on demand" means; waving at
the motion sensor sends one at once, by day and at dusk too.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import pygame

from exhibit.render import kit
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.staged import StagedPicture
from exhibit.render.widgets import approach, corner_tag, ease_in_out, glow
from exhibit.scene import Scene, level_starts
from exhibit.world import World, fresh_value

LIGHT, MOTION = "light", "motion"
DUSK, DAY, SOMEONE = "dusk", "day", "someone"   # levels: the sky darkens through dusk; motion
IDLE_POWER, MOTION_POWER = 0.10, 1.0  # FACTS.md 1a (Eibelstadt)
BOOST_FULL_AT = 0.4                   # darkness from which motion brings the full 100 %

# Layout in design units, relative to the illustration's top-left corner.
HOUSE_BASE = 560.0                    # back edge of the pavement
GROUND = 600.0                        # where the lamp posts stand
WALK_Y = 634.0                        # where pedestrians walk (in front of the posts)
ROAD_TOP, ROAD_BOTTOM = 646.0, 770.0
LAMPS = (110.0, 400.0, 690.0, 980.0)  # lamp posts; the arm reaches ARM to the right
ARM = 70.0
LAMP_HEIGHT = 340.0
SENSOR_UP = 170.0                     # the radar box on each post, above GROUND
CONE_SPREAD = 125.0
HOUSES = ((80, 170, 260, "flat"), (300, 220, 380, "flat"), (520, 190, 340, "gable"),
          (730, 220, 270, "flat"), (950, 230, 250, "flat"), (1125, 170, 220, "gable"))
SUN_X, SUN_R = 300.0, 50.0            # sets behind the second house
MOON, MOON_R = (560.0, 110.0), 40.0
SKY_SAMPLE = (640.0, 18.0)            # clear sky, for tests
BUSHES = (60.0, 250.0, 330.0, 560.0, 840.0, 920.0, 1100.0)   # along the verge

# Behaviour
SKY_SECONDS = 0.7                     # easing of the sky towards the darkness
RISE_SECONDS, FALL_SECONDS = 0.2, 0.7
HOLD_SECONDS = 3.0                    # a lamp stays up this long after the walker has passed
AHEAD, BEHIND = 320.0, 110.0          # a lamp detects a walker this far before / after it
WALK_SPEED = 150.0
SPAWN_GAP = 900.0                     # while motion goes on, the next walker follows
WALK_START, WALK_END = -60.0, 1230.0
NIGHT_WALK_GAP = 20.0                 # at night a passer-by comes along this often by themselves
SKY_STEPS = 64                        # the static picture is redrawn per step of darkness
CONE_LEVELS = 12                      # steps of the light cones: each one cached surface
GLOW_LEVELS = 16                      # … and of the glows

WALKER = palette.mix(palette.TONES["calm"], palette.INK, 0.35)   # exact colour: tests count it
SENSOR_BOX = palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.45)
SENSOR_IDLE = palette.mix(palette.TONES["highlight"], palette.NIGHT_DEEP, 0.7)


def star_field(count: int = 34, seed: int = 7) -> tuple[tuple[float, float, float], ...]:
    """A fixed scatter of stars, clear of the status badge and the corner gauge."""
    rng = random.Random(seed)
    stars: list[tuple[float, float, float]] = []
    while len(stars) < count:
        x, y = rng.uniform(12, 1140), rng.uniform(16, 300)
        near = (MOON, SKY_SAMPLE)
        if (x < 440 and y < 100) or (x > 700 and y < 280) or any(
                math.dist((x, y), p) < 70 for p in near):
            continue
        stars.append((x, y, rng.choice((2.0, 2.0, 3.0))))
    return tuple(stars)


STARS = star_field()


def sky_colors(night: float) -> tuple[palette.Color, palette.Color]:
    """Top and horizon of the sky: day blue to night blue, a faint warm dusk between."""
    dusk = palette.mix(palette.SKY_DUSK, palette.TONES["notice"], 0.3 * math.sin(math.pi * night))
    return (palette.mix(palette.SKY_DAY, palette.SKY_NIGHT, night),
            palette.mix(palette.mix(palette.SKY_DAY, palette.INK, 0.35), dusk, night))


def darkness(lux: float | None, dusk: tuple[float, float] | None) -> float:
    """0 in daylight (and without data), 1 at night; in the `dusk` band (where the light
    sensor's dusk level begins and its day level begins) in between."""
    if lux is None or dusk is None:
        return 0.0
    dark, bright = dusk
    return min(max((bright - lux) / (bright - dark), 0.0), 1.0)


def idle_power(dark: float) -> float:
    """Lamp power with nobody around: dims up through dusk to 10 % at night."""
    return IDLE_POWER * dark


def boost_power(dark: float) -> float:
    """Lamp power while someone passes: nothing in daylight, 100 % once it is dark enough."""
    return max(idle_power(dark), MOTION_POWER * ease_in_out(dark / BOOST_FULL_AT))


def detects(lamp_x: float, walker_x: float) -> bool:
    """A lamp's sensor sees a walker coming towards it or just past it."""
    head = lamp_x + ARM
    return head - AHEAD <= walker_x <= head + BEHIND


def perceived(power: float) -> float:
    """Perceived brightness grows roughly like the square root of the power."""
    return math.sqrt(max(power, 0.0))


def cone_level(brightness: float) -> float:
    """Light cones in CONE_LEVELS steps: each step is one cached surface, and building one
    at 4K takes ~2.5 ms, so a fade builds at most 12 of them once, not the kit's 24."""
    return round(max(brightness, 0.0) * CONE_LEVELS) / CONE_LEVELS


def halo(power: float, night: float) -> float:
    """How strongly a lamp's glow shows: with its power, and the more the darker the sky
    around it (no halo in daylight); grows evenly as dusk turns into night."""
    strength = min(math.sqrt(2.0 * max(power, 0.0) * night), 1.0)
    return round(strength * GLOW_LEVELS) / GLOW_LEVELS   # half the widget's 32 surfaces


@dataclass
class Walker:
    x: float = WALK_START
    phase: float = 0.0


@dataclass
class StreetState:
    night: float = 0.0            # eased darkness of the sky
    step: int = 0                 # the sky's darkness in SKY_STEPS steps (the static picture)
    extra: list[float] = field(default_factory=lambda: [0.0] * len(LAMPS))  # above idle
    hold: list[float] = field(default_factory=lambda: [0.0] * len(LAMPS))
    sensing: list[float] = field(default_factory=lambda: [0.0] * len(LAMPS))  # sensor LEDs
    walkers: list[Walker] = field(default_factory=list)
    since_walker: float = NIGHT_WALK_GAP  # seconds since the last passer-by set off

    @property
    def idle(self) -> float:
        """Every lamp's power with nobody around; follows the sky, step by step."""
        return idle_power(self.step / SKY_STEPS)

    @property
    def power(self) -> list[float]:
        return [self.idle + e for e in self.extra]

    @property
    def mean_power(self) -> float:
        return self.idle + sum(self.extra) / len(self.extra)


class StreetLights(Scene):
    LABELS = ("no_data", "power")

    def setup(self) -> None:
        starts = level_starts(self.sensor(LIGHT))
        self.dusk = (starts[DUSK], starts[DAY]) if DUSK in starts and DAY in starts else None
        self.someone_at = level_starts(self.sensor(MOTION)).get(SOMEONE, math.inf)
        # sky, houses, street and the lamps at idle, at the sky's step of darkness
        self.picture = StagedPicture((self._paint_sky, self._paint_houses, self._paint_street,
                                      self._paint_idle_light, self._paint_idle_lamps))
        self._moons: dict[int, pygame.Surface] = {}        # crescent per pixel size

    def reset(self) -> None:
        self.street = StreetState()
        self._paint_now = True    # the first frame shows the present sky, not a slice of it

    # --- update ----------------------------------------------------------------------
    def advance(self, dt: float, world: World) -> None:
        street = self.street
        dark = darkness(fresh_value(world.view(LIGHT)), self.dusk)
        motion = fresh_value(world.view(MOTION))
        if self.snapping:  # a scene coming on screen shows the present darkness at once
            street.night = dark
            street.step = round(dark * SKY_STEPS)
        street.night = approach(street.night, dark, dt, SKY_SECONDS)
        # quantise the sky with a little hysteresis, so sensor noise does not redraw it
        if abs(street.night * SKY_STEPS - street.step) > 0.7:
            street.step = round(street.night * SKY_STEPS)
        street.since_walker += dt
        moving = motion is not None and motion >= self.someone_at
        night_walk = dark >= 1.0 and street.since_walker >= NIGHT_WALK_GAP
        if (moving or night_walk) and (
                not street.walkers or street.walkers[-1].x > WALK_START + SPAWN_GAP):
            street.walkers.append(Walker())
            street.since_walker = 0.0
        for walker in street.walkers:
            walker.x += WALK_SPEED * dt
            walker.phase += dt * 7.0
        street.walkers = [w for w in street.walkers if w.x < WALK_END]
        lift = max(boost_power(dark) - street.idle, 0.0)
        for i, x in enumerate(LAMPS):
            seen = any(detects(x, w.x) for w in street.walkers)
            street.hold[i] = HOLD_SECONDS if seen else max(street.hold[i] - dt, 0.0)
            target = lift if street.hold[i] > 0 else 0.0
            ease = RISE_SECONDS if target > street.extra[i] else FALL_SECONDS
            street.extra[i] = approach(street.extra[i], target, dt, ease)
            street.sensing[i] = approach(street.sensing[i], 1.0 if seen else 0.0, dt, 0.15)

    # --- draw ------------------------------------------------------------------------
    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        street = self.street
        static, step = self.picture.get(canvas, area, street.step, at_once=self._paint_now)
        self._paint_now = False
        canvas.blit(static, (0.0, 0.0))
        # The picture holds every lamp at idle, light and all; only a lamp above idle (near
        # a walker) is drawn again here, with the light it gives beyond idle.
        idle = idle_power(step / SKY_STEPS)
        for x, extra in zip(LAMPS, street.extra):
            if extra < 0.005:
                continue
            power = idle + extra
            kit.light_cone(canvas, (x + ARM, GROUND - LAMP_HEIGHT + 20), ROAD_BOTTOM - 40,
                           CONE_SPREAD, cone_level(perceived(power)) - cone_level(perceived(idle)))
            head = kit.lamp(canvas, x, GROUND, LAMP_HEIGHT, perceived(power))
            glow(canvas, head, 120, palette.LAMP_LIGHT,
                 halo(power, step / SKY_STEPS) - halo(idle, step / SKY_STEPS))
            self._sensor_box(canvas, x)
        for walker in street.walkers:   # on the pavement, in front of the lamp posts
            kit.person(canvas, walker.x, WALK_Y, 124, WALKER, walker.phase)
        for x, sense in zip(LAMPS, street.sensing):
            canvas.circle(palette.mix(SENSOR_IDLE, palette.TONES["highlight"], sense),
                          (x, GROUND - SENSOR_UP - 4), 6)
        self._energy_tag(canvas, area, world)

    def _energy_tag(self, canvas: Canvas, area: Box, world: World) -> None:
        """The corner gauge: the lamps' power now, as a number and a bar."""
        lang, labels = world.language, self.text.labels
        if fresh_value(world.view(LIGHT)) is None:
            corner_tag(canvas, area, labels["power"][lang], labels["no_data"][lang],
                       palette.INK_SOFT)
            return
        power = self.street.mean_power
        corner_tag(canvas, area, labels["power"][lang], f"{round(power * 100)} %",
                   palette.LAMP_LIGHT, power, widest="100 %")

    def _crescent(self, radius_px: int) -> pygame.Surface:
        """The moon's crescent with a transparent bite, so it sits on any sky colour:
        drawn four times larger and smoothed down, once per size."""
        surface = self._moons.get(radius_px)
        if surface is None:
            big = pygame.Surface((radius_px * 8 + 8, radius_px * 8 + 8), pygame.SRCALPHA)
            c = radius_px * 4 + 4
            pygame.draw.circle(big, (*palette.INK, 255), (c, c), radius_px * 4)
            pygame.draw.circle(big, (0, 0, 0, 0), (c + radius_px * 2, c - radius_px * 1.4),
                               radius_px * 3.7)
            surface = self._moons[radius_px] = pygame.transform.smoothscale(
                big, (radius_px * 2 + 2, radius_px * 2 + 2))
        return surface

    # --- the static picture, in five stages ---------------------------------------------
    def _paint_sky(self, canvas: Canvas, step: int) -> None:
        night = step / SKY_STEPS
        x, y, w, _ = canvas.to_design(canvas.surface.get_rect())
        top, bottom = sky_colors(night)
        kit.sky(canvas, (x, y, w, HOUSE_BASE), top, bottom)

        def sky_at(py: float) -> palette.Color:  # the band kit.sky drew at this height
            band = min(max(int(py / HOUSE_BASE * 24), 0), 23)
            return palette.mix(top, bottom, band / 23)

        stars = ease_in_out((night - 0.3) / 0.7)
        if stars > 0:
            for sx, sy, r in STARS:
                color = palette.mix(sky_at(sy), palette.INK, stars * (0.45 + 0.25 * (r - 2)))
                canvas.circle(color, (x + sx, y + sy), r)
        moon = ease_in_out((night - 0.4) / 0.6)
        if moon > 0:
            crescent = self._crescent(canvas.px(MOON_R))
            crescent.set_alpha(round(255 * moon))
            mx, my = canvas.pt(x + MOON[0], y + MOON[1])
            canvas.surface.blit(crescent,
                                (mx - crescent.get_width() // 2, my - crescent.get_height() // 2))
        sun_y = 96 + 240 * night        # sinks behind the houses as it gets dark
        sun = palette.mix(palette.mix(palette.LAMP_LIGHT, palette.INK, 0.4),
                          palette.mix(palette.TONES["notice"], palette.INK, 0.3),
                          min(night * 1.6, 1.0))
        canvas.circle(palette.mix(sun, sky_at(sun_y), max(night - 0.5, 0) * 2),
                      (x + SUN_X, y + sun_y), SUN_R)

    def _paint_houses(self, canvas: Canvas, step: int) -> None:
        night = step / SKY_STEPS
        x, y = canvas.origin
        for i, (hx, hw, hh, roof) in enumerate(HOUSES):
            color = palette.mix(palette.BUILDING[i % len(palette.BUILDING)], palette.NIGHT_DEEP,
                                night * 0.5)
            kit.building(canvas, x + hx, y + HOUSE_BASE, hw, hh, color, lit=0.5 * night,
                         seed=i, roof=roof)

    def _paint_street(self, canvas: Canvas, step: int) -> None:
        night = step / SKY_STEPS
        x, y, w, h = canvas.to_design(canvas.surface.get_rect())
        pave = palette.mix(palette.PAVEMENT, palette.NIGHT_DEEP, night * 0.45)
        canvas.box(pave, (x, y + HOUSE_BASE, w, ROAD_TOP - HOUSE_BASE))
        seam = palette.mix(pave, palette.NIGHT_DEEP, 0.25)
        for i in range(int(w // 96) + 1):
            canvas.box(seam, (x + i * 96 + 30, y + HOUSE_BASE, 3, ROAD_TOP - HOUSE_BASE))
        canvas.box(palette.mix(pave, palette.INK, 0.2), (x, y + ROAD_TOP - 8, w, 8))   # the kerb
        road = palette.mix(palette.ROAD, palette.NIGHT_DEEP, night * 0.5)
        canvas.box(road, (x, y + ROAD_TOP, w, ROAD_BOTTOM - ROAD_TOP))
        line = palette.mix(palette.ROAD_LINE, road, night * 0.5)
        mid = y + (ROAD_TOP + ROAD_BOTTOM) / 2
        for i in range(int(w // 120) + 1):
            canvas.box(line, (x + i * 120 + 20, mid - 3, 60, 6), radius=3)
        verge = palette.mix(palette.GRASS, palette.NIGHT_DEEP, night * 0.55)
        canvas.box(verge, (x, y + ROAD_BOTTOM, w, h - ROAD_BOTTOM))
        canvas.box(palette.mix(pave, palette.INK, 0.1), (x, y + ROAD_BOTTOM, w, 8))
        bush = palette.mix(palette.mix(palette.LEAF, palette.GRASS, 0.5), palette.NIGHT_DEEP,
                           night * 0.55)
        for i, bx in enumerate(BUSHES):  # low hedges: rounded boxes, cheap to redraw
            bw, bh = 110 + (i * 37) % 60, 44 + (i * 13) % 18
            base = y + ROAD_BOTTOM + 70
            canvas.box(bush, (x + bx - bw / 2, base - bh, bw, bh), radius=bh / 2)
            canvas.box(bush, (x + bx - bw / 4, base - bh - 16, bw / 2, bh), radius=bh / 2)

    def _paint_idle_light(self, canvas: Canvas, step: int) -> None:
        """The lamps as they stand with nobody around, their light (here) and glow (next
        stage) included, so at rest nothing of them is drawn per frame but the LEDs."""
        night = step / SKY_STEPS
        x, y, _, _ = canvas.to_design(canvas.surface.get_rect())
        idle = idle_power(night)
        for lx in LAMPS:
            kit.light_cone(canvas, (x + lx + ARM, y + GROUND - LAMP_HEIGHT + 20),
                           y + ROAD_BOTTOM - 40, CONE_SPREAD, cone_level(perceived(idle)))

    def _paint_idle_lamps(self, canvas: Canvas, step: int) -> None:
        night = step / SKY_STEPS
        x, y, _, _ = canvas.to_design(canvas.surface.get_rect())
        idle = idle_power(night)
        for lx in LAMPS:
            head = kit.lamp(canvas, x + lx, y + GROUND, LAMP_HEIGHT, perceived(idle))
            glow(canvas, head, 120, palette.LAMP_LIGHT, halo(idle, night))
            self._sensor_box(canvas, x + lx, y)

    @staticmethod
    def _sensor_box(canvas: Canvas, x: float, top: float = 0.0) -> None:
        """The radar sensor on a lamp post (its LED is drawn per frame); `top`: where the
        picture begins on a back buffer's canvas."""
        canvas.box(SENSOR_BOX, (x - 13, top + GROUND - SENSOR_UP - 20, 26, 32), radius=7)


SCENE = StreetLights
