"""Flood gauge: a river cross-section whose water follows the live level, and the city's
alarm plan reacting stage by stage (water-level sensor above the model's river).

Follows FACTS.md 7: NRW's three Informationswerte — stage 1 fields flooded, stage 2 roads
closed and cellars wet, stage 3 built-up areas. The water surface eases after the value
with gentle waves; what floods (meadows, the road, a cellar) follows the water itself.
The city's reactions start once the measured level has reached a stage and the shown
water has passed its line, so they never run ahead of the picture: the barrier arm and
sign at stage 2; siren and mobile flood barriers at stage 3. The alert app on a phone
speaks from stage 1 on, its message (and its triangle's colour) the stage's own. The
barriers hold the water back from the houses and come down only once the water has fallen
again. The cm values are the model's own, not a real gauge's: a label says what one
model cm stands for in the river (`MODEL_SCALE`, a design choice listed in the sources).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from exhibit.config import Sensor
from exhibit.render import kit, street
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.widgets import Pulses, approach, corner_tag, ease_in_out, glow, pill
from exhibit.scene import Scene
from exhibit.world import World

SENSOR = "water"
# Without the sensor in exhibit.yaml: the section's own scale and the river in its bed.
# With it, range, rest and stage lines are the sensor's (calibration mode moves them).
SECTION_CM, BED_CM = (0.0, 25.0), 5.0

# Vertical scale of the section: design units per model cm, and where 0 cm lies.
CM, ZERO_Y = 15.0, 710.0


def y_of(cm: float) -> float:
    return ZERO_Y - CM * cm


MEADOW_CM, BANK_CM, ROAD_CM, PLATEAU_CM = 10.0, 18.0, 15.0, 21.5
WAVE_MARGIN_CM = 0.35            # waves never lap over the plateau before the barrier holds
# The ground's top edge, left to right: high bank, meadow, river bed, meadow, road on its
# embankment, the plateau where the houses stand.
PROFILE = ((0.0, y_of(BANK_CM)), (50.0, y_of(BANK_CM)), (100.0, y_of(MEADOW_CM)),
           (215.0, y_of(MEADOW_CM)), (240.0, y_of(5.7)), (262.0, y_of(0.5)), (295.0, y_of(-2.1)),
           (335.0, y_of(-2.7)), (375.0, y_of(-2.2)), (400.0, y_of(0.3)), (418.0, y_of(5.0)),
           (432.0, y_of(MEADOW_CM)), (555.0, y_of(MEADOW_CM)), (590.0, y_of(ROAD_CM)),
           (760.0, y_of(ROAD_CM)), (790.0, y_of(PLATEAU_CM)), (1152.0, y_of(PLATEAU_CM)))
BOARD_X, BOARD_W, BOARD_TOP, BOARD_FOOT = 390.0, 34.0, y_of(26.5), y_of(-1.5)
MARK_PILL_X = BOARD_X - BOARD_W / 2 - 8          # stage pills end left of the board
MARK_END_X = 782.0                               # stage lines run across to the plateau
SENSOR_POST_X, SENSOR_ARM_Y, SENSOR_X = 482.0, 262.0, 316.0
ARM_X, ARM_Y, ARM_LEN = 748.0, y_of(ROAD_CM) - 28, 128.0   # the road barrier: pivot, arm
SIGN_X, SIGN_Y, SIGN_R = 604.0, y_of(ROAD_CM) - 74, 24.0
BARRIER_X, BARRIER_W, BEAM_H, BEAMS = 810.0, 38.0, 22.5, 4   # mobile flood barrier
HOLD = 0.9                       # barrier progress from which it holds the water back
SIREN = (868.0, 226.0)
HOUSES = ((1180.0, 120.0, 185.0, "gable"), (1072.0, 124.0, 215.0, "flat"),
          (952.0, 136.0, 172.0, "gable"))
CELLAR = (892.0, y_of(PLATEAU_CM) + 14.0, 120.0, y_of(ROAD_CM) - y_of(PLATEAU_CM) - 14.0)
CELLAR_TOP_CM = (ZERO_Y - CELLAR[1]) / CM
PHONE = (18.0, 80.0, 284.0, 300.0)      # ends above the stage 3 label
MODEL_SCALE = (452.0, 640.0)    # the label: what one model cm stands for (clear of the call to action)
LABEL_PX = 28                    # picture labels: 26 px at 1080p also in portrait (×0.94)

WATER_SECONDS, WATER_MAX_SPEED = 0.5, 16.0   # easing time constant, cm/s at most
MAX_HYSTERESIS = 0.5             # cm; the shown stage must be reachable below the plateau
SIREN_GAP, SIREN_LIFE = 0.45, 1.4

SKY_TOP = palette.mix(palette.SKY_DUSK, palette.METAL, 0.25)     # overcast: rain on the way
SKY_LOW = palette.mix(palette.SKY_DAY, palette.METAL, 0.45)
WATER_TOP = palette.WATER                            # the live element: the surface band
WATER_BODY = palette.mix(palette.WATER, palette.NIGHT_DEEP, 0.32)  # exact colours: tests count them
WATER_GLINT = palette.mix(palette.WATER, palette.INK, 0.55)
EARTH = palette.mix(palette.SOIL_WET, palette.TRUNK, 0.35)
EARTH_DEEP = palette.mix(EARTH, palette.NIGHT_DEEP, 0.3)
GRASS_TOP = palette.mix(palette.GRASS, palette.SKY_DAY, 0.12)
ARM_RED = palette.TONES["act"]
RAIN = palette.mix(SKY_LOW, palette.INK, 0.35)
GREY = palette.INK_DIM


def clamp(v: float, lo: float, hi: float) -> float:
    return min(max(v, lo), hi)


@dataclass(frozen=True)
class Stage:
    """One warning stage: the sensor's level of that name, where it begins, its tone."""

    name: str
    cm: float
    tone: str


def stages_of(sensor: Sensor | None) -> tuple[Stage, ...]:
    """The warning stages: every level of the sensor above its first (normal) one."""
    return tuple(Stage(level.name, level.low, level.tone) for level in sensor.levels[1:]) \
        if sensor else ()


def stage_of(cm: float, current: int, hysteresis: float, stages: tuple[Stage, ...]) -> int:
    """The stage the water `cm` has passed, kept until it is left by `hysteresis` (as the
    sensor's levels do)."""
    stage = current
    while stage < len(stages) and cm >= stages[stage].cm + hysteresis:
        stage += 1
    while stage > 0 and cm < stages[stage - 1].cm - hysteresis:
        stage -= 1
    return stage


def ground_y(x: float) -> float:
    """The ground's top edge at `x` (linear between the profile's points)."""
    for (x0, y0), (x1, y1) in zip(PROFILE, PROFILE[1:]):
        if x <= x1:
            return y0 + (y1 - y0) * clamp((x - x0) / (x1 - x0), 0.0, 1.0)
    return PROFILE[-1][1]


def water_runs(grid: list[tuple[float, float]], top) -> list[list[tuple[float, float]]]:
    """Polygons of the water between the surface `top(x)` and the ground, one for each
    stretch of the (x, ground) `grid` where the ground lies below the surface (the
    shores found exactly)."""
    runs: list[list[tuple[float, float]]] = []
    upper: list[tuple[float, float]] = []
    lower: list[tuple[float, float]] = []
    prev = None
    for x, g in grid:
        t = top(x)
        wet = g > t
        if prev is not None and wet != prev[3]:  # the shore between two samples
            px, pt_, pg, _ = prev
            k = (pt_ - pg) / ((pt_ - pg) - (t - g))
            cx, cy = px + (x - px) * k, pt_ + (t - pt_) * k
            upper.append((cx, cy))
            lower.append((cx, cy))
            if not wet:
                runs.append(upper + lower[::-1])
                upper, lower = [], []
        if wet:
            upper.append((x, t))
            lower.append((x, g))
        prev = (x, t, g, wet)
    if len(upper) > 1:
        runs.append(upper + lower[::-1])
    return [run for run in runs if len(run) >= 3]


@dataclass
class FloodState:
    water: float = BED_CM            # eased level shown, model cm
    cellar: float = ROAD_CM          # water in the cellar, model cm (floor = ROAD_CM)
    arm: float = 0.0                 # road barrier: 0 up .. 1 lowered
    sign: float = 0.0                # road-closed sign: 0 edge-on .. 1 facing
    barrier: float = 0.0             # mobile flood barrier: 0 down .. 1 up
    siren: float = 0.0
    phone: float = 0.0               # 0 off-screen .. 1 in place
    message: int = 1                 # the stage the phone's message speaks of (1–3)
    stage: int = 0                   # the stage the shown water has passed (0–3)
    marks: list[float] = field(default_factory=list)   # each stage line lit, 0..1
    sound: Pulses = field(default_factory=lambda: Pulses(SIREN_GAP, SIREN_LIFE))


class FloodGauge(Scene):
    LABELS = ("alert_app", "model_scale", "no_data", "sensor", "stage_none", "warning")

    def setup(self) -> None:
        self._grids: dict[float, list[tuple[float, float]]] = {}
        sensor = self.sensor()
        self.stages = stages_of(sensor)
        self.rank = {level.name: i for i, level in enumerate(sensor.levels)} if sensor else {}
        self.low, self.high = (sensor.low, sensor.high) if sensor else SECTION_CM
        self.rest = self.rest_value(BED_CM)

    def label_keys(self) -> tuple[str, ...]:
        """Each warning stage's mark is labelled with its level's name; the alert app has a
        message per stage (`alert_<level>`)."""
        return self.LABELS + tuple(stage.name for stage in self.stages) \
            + tuple(f"alert_{stage.name}" for stage in self.stages)

    def reset(self) -> None:
        self.flood = FloodState(water=self.rest, marks=[0.0] * len(self.stages))

    def measured_stage(self, world: World) -> int:
        """The stage the fresh reading's level calls for (0 without one): the city's
        decision, by the sensor's own levels."""
        view = self.live(world)
        return self.rank.get(view.level.name, 0) if view and view.level else 0

    # --- update ----------------------------------------------------------------------
    def advance(self, dt: float, world: World) -> None:
        """The water eases after the reading; a stage's reactions start once the measured
        level has reached it and the shown water has passed its line."""
        flood = self.flood
        view = self.live(world)
        measured = self.measured_stage(world)
        target = clamp(view.value, self.low, self.high) if view else self.rest
        sensor = self.sensor()
        hysteresis = min(sensor.hysteresis, MAX_HYSTERESIS) if sensor else MAX_HYSTERESIS
        if self.snapping:  # a scene coming on screen shows the present state at once
            flood.water, flood.stage = target, measured
        rank = min(measured, flood.stage)
        # the barrier comes down only once the water has fallen below the plateau again
        high_water = flood.water > PLATEAU_CM - WAVE_MARGIN_CM - 0.05 and flood.barrier > 0.01
        want_barrier = 1.0 if rank >= 3 or high_water else 0.0
        if self.snapping:
            flood.barrier = want_barrier
            flood.arm = flood.sign = 1.0 if rank >= 2 else 0.0
            flood.siren = 1.0 if rank >= 3 else 0.0
            flood.phone = 1.0 if rank >= 1 else 0.0
            flood.marks = [1.0 if rank > i else 0.0 for i in range(len(self.stages))]
            flood.cellar = clamp(target, ROAD_CM, CELLAR_TOP_CM)
        step = approach(flood.water, target, dt, WATER_SECONDS) - flood.water
        flood.water += clamp(step, -WATER_MAX_SPEED * dt, WATER_MAX_SPEED * dt)
        flood.barrier = approach(flood.barrier, want_barrier, dt, 0.2)
        if flood.barrier < HOLD:  # without the barrier the water stops at the plateau's edge
            flood.water = min(flood.water, PLATEAU_CM - WAVE_MARGIN_CM)
        flood.stage = stage_of(flood.water, flood.stage, hysteresis, self.stages)
        flood.cellar = approach(flood.cellar, clamp(flood.water, ROAD_CM, CELLAR_TOP_CM), dt, 1.2)
        flood.arm = approach(flood.arm, 1.0 if rank >= 2 else 0.0, dt, 0.3)
        flood.sign = approach(flood.sign, 1.0 if rank >= 2 else 0.0, dt, 0.25)
        flood.siren = approach(flood.siren, 1.0 if rank >= 3 else 0.0, dt, 0.2)
        flood.phone = approach(flood.phone, 1.0 if rank >= 1 else 0.0, dt, 0.2)
        if rank >= 1:       # the message follows the stage; sliding out it keeps its last
            flood.message = rank
        flood.marks = [approach(k, 1.0 if rank > i else 0.0, dt, 0.2)
                       for i, k in enumerate(flood.marks)]
        flood.sound.update(dt, flood.siren > 0.5)

    # --- draw ------------------------------------------------------------------------
    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        flood, lang, labels = self.flood, world.language, self.text.labels
        view = world.view(SENSOR)
        live = self.live(world) is not None and view.level is not None
        canvas.draw_layer("flood_gauge.back", area, lambda c: self._back(c, area))
        self._rain(canvas)
        self._water(canvas)
        self._cellar_water(canvas)
        self._measurement(canvas, live, labels, lang)
        self._marks(canvas, labels, lang)
        street.traffic_sign(canvas, SIGN_X, y_of(ROAD_CM), SIGN_Y, SIGN_R, ease_in_out(flood.sign))
        street.barrier_arm(canvas, ARM_X, y_of(ROAD_CM), ARM_Y, ARM_LEN, ease_in_out(flood.arm))
        street.flood_barrier(canvas, BARRIER_X, y_of(PLATEAU_CM), BARRIER_W, BEAM_H, BEAMS,
                             flood.barrier)
        self._siren(canvas)
        self._phone(canvas, labels, lang)
        pill(canvas, labels["model_scale"][lang], MODEL_SCALE, LABEL_PX, palette.INK,
             palette.NIGHT_DEEP, anchor="midleft")
        self._tag(canvas, area, view, live, labels, lang)

    def _rain(self, canvas: Canvas) -> None:
        """Slanted streaks in the sky, a little heavier the higher the river."""
        count = round(10 + 20 * self.flood.water / self.high)
        surface = y_of(self.flood.water)
        for i in range(count):
            x0 = (i * 263.0) % 1190
            bottom = min(surface, ground_y(x0 - 30)) - 6   # into the water or the ground
            fall = (self.clock * 0.9 + i * 0.137) % 1.0
            y = -30 + fall * (bottom + 30)
            x = x0 - fall * 60
            if y < bottom:
                canvas.line(RAIN, (x, y), (x - 6, min(y + 22, bottom)), 3)

    def _water(self, canvas: Canvas) -> None:
        """The river: a bright surface band over a deeper body, with gentle waves, filling
        the section from the surface down to the ground (drawn only above the ground, so
        the ground stays in the cached back layer); behind a standing barrier it ends at
        the barrier's wet face."""
        flood = self.flood
        surface = y_of(flood.water)
        right = BARRIER_X - BARRIER_W / 2 if flood.barrier >= HOLD else 1152.0
        amp = 2.5 + 2.0 * flood.water / self.high
        t = self.clock

        def wave(x: float) -> float:
            return surface + amp * math.sin(x * 0.021 + t * 1.4) \
                + amp * 0.5 * math.sin(x * 0.047 - t * 0.9)

        grid = self._grids.get(right)
        if grid is None:  # where the surface is sampled, and the ground there
            xs = sorted({*(i * 24.0 for i in range(int(right // 24) + 1)), right,
                         *(x for x, _ in PROFILE if x < right)})
            grid = self._grids[right] = [(x, ground_y(x)) for x in xs]
        for depth, color in ((0.0, WATER_TOP), (9.0, WATER_BODY)):
            for run in water_runs(grid, lambda x, d=depth: wave(x) + d):
                canvas.polygon(color, run)
        for i in range(7):  # glints drifting along the surface, where the water is deep
            gx = (i * 173.0 + t * 22.0) % max(right - 40, 1.0)
            gy = surface + 16 + (i % 3) * 14
            if min(ground_y(gx), ground_y(gx + 30)) > gy + 8:
                canvas.box(WATER_GLINT, (gx, gy, 30, 4), radius=2)

    def _cellar_water(self, canvas: Canvas) -> None:
        """Water seeping into the cut-open cellar once the river stands above its floor."""
        x, top, w, h = CELLAR
        level = y_of(self.flood.cellar)
        depth = top + h - level
        if depth > 0.5:
            canvas.box(WATER_BODY, (x, level, w, depth))
            canvas.box(WATER_TOP, (x, level, w, min(5.0, depth)))

    def _measurement(self, canvas: Canvas, live: bool, labels, lang: str) -> None:
        """The distance sensor's beam down to the water, its radio waves, its label."""
        flood = self.flood
        bx, top = SENSOR_X, SENSOR_ARM_Y + 26
        if live:
            surface = y_of(flood.water) - 4
            y = top + 6
            while y < surface - 4:  # dashed beam
                canvas.line(palette.INK, (bx, y), (bx, min(y + 10, surface)), 3)
                y += 18
        kit.radio_waves(canvas, (SENSOR_POST_X, SENSOR_ARM_Y - 34), self.radio.progress,
                        palette.INK, reach=56)
        pill(canvas, labels["sensor"][lang], ((bx + SENSOR_POST_X) / 2 - 10, SENSOR_ARM_Y - 12),
             LABEL_PX, palette.INK, palette.NIGHT, anchor="midbottom")
        if not live:
            pill(canvas, labels["no_data"][lang], (bx, SENSOR_ARM_Y + 40), LABEL_PX, palette.INK,
                 palette.PANEL, anchor="midtop")

    def _marks(self, canvas: Canvas, labels, lang: str) -> None:
        """The three stages as dashed lines across the section, lit once reached."""
        for i, (stage, k) in enumerate(zip(self.stages, self.flood.marks)):
            name, tone, y = stage.name, stage.tone, y_of(stage.cm)
            step = round(k * 8)  # the line's colour in a few cached steps
            color = palette.mix(palette.INK_DIM, palette.TONES[tone], step / 8)
            canvas.draw_layer(f"flood_gauge.mark{i}.{step}.{stage.cm:g}",
                              (0.0, y - 2, MARK_END_X, 4),
                              lambda c, y=y, color=color: dashes(c, y, color), alpha=True)
            canvas.box(color, (BOARD_X - BOARD_W / 2 - 4, y - 3, BOARD_W + 8, 6))
            pill(canvas, labels[name][lang], (MARK_PILL_X, y), LABEL_PX,
                 palette.INK if k < 0.5 else palette.NIGHT_DEEP,
                 palette.mix(palette.PANEL, palette.legible(palette.TONES[tone],
                                                            palette.NIGHT_DEEP), k),
                 anchor="midright")

    def _siren(self, canvas: Canvas) -> None:
        flood = self.flood
        x, y = SIREN
        street.sound_waves(canvas, (x, y), flood.sound.progress, ARM_RED, reach=110,
                           fade_to=SKY_LOW)
        beacon = (x, y - 30)
        if flood.siren > 0.05:
            pulse = 0.6 + 0.4 * math.sin(self.clock * 9.0)
            glow(canvas, beacon, 40, ARM_RED, 0.6 * flood.siren * pulse)
        canvas.circle(palette.mix(palette.LAMP_OFF, ARM_RED, flood.siren), beacon, 8)

    def _phone(self, canvas: Canvas, labels, lang: str) -> None:
        """The alert app's push message: the phone slides in from the left at stage 1 and
        says what the stage means; its triangle takes the stage's colour."""
        k = ease_in_out(self.flood.phone)
        if k <= 0.01 or not self.stages:
            return
        x, y, w, h = PHONE
        x -= (1 - k) * (x + w + 20)
        i = min(self.flood.message, len(self.stages)) - 1
        stage = self.stages[i]
        street.alert_phone(canvas, (x, y, w, h), labels["alert_app"][lang],
                           labels[stage.name][lang], labels[f"alert_{stage.name}"][lang],
                           accent=palette.TONES[stage.tone])

    def _tag(self, canvas: Canvas, area: Box, view, live: bool, labels, lang: str) -> None:
        """The warning stage (a live reading always has its level), the water as a bar."""
        value, color = "–", GREY
        if live:
            rank = self.rank.get(view.level.name, 0)
            value = str(rank) if rank else labels["stage_none"][lang]
            color = palette.legible(palette.tone(view.level.tone), palette.PANEL)
        corner_tag(canvas, area, labels["warning"][lang], value, color,
                   self.flood.water / self.high if live else 0.0, widest=labels["stage_none"][lang])

    # --- cached layers -----------------------------------------------------------------
    def _back(self, canvas: Canvas, area: Box) -> None:
        """Sky, hills, houses, trees, the gauge board and the sensor on its post: all that
        stands behind the water (the water covers what it floods)."""
        _, _, w, h = area
        kit.sky(canvas, (0, 0, w, 560), SKY_TOP, SKY_LOW)
        canvas.box(SKY_LOW, (0, 560, w, h - 560))
        cloud = palette.mix(SKY_TOP, palette.METAL, 0.35)
        for cx, cy, k in ((560, 70, 1.0), (250, 120, 0.7), (820, 150, 0.6)):
            canvas.box(cloud, (cx - 90 * k, cy - 6 * k, 190 * k, 40 * k), radius=20 * k)
            canvas.circle(cloud, (cx - 30 * k, cy - 4 * k), 36 * k)
            canvas.circle(cloud, (cx + 30 * k, cy - 14 * k), 46 * k)
        hills = palette.mix(palette.GRASS, SKY_LOW, 0.55)
        canvas.polygon(hills, [(0, 450), (0, 380), (180, 348), (380, 376), (560, 340),
                               (760, 370), (900, 330), (1152, 360), (1152, 450)])
        for hx, hw, hh, roof in HOUSES:
            kit.building(canvas, hx, y_of(PLATEAU_CM) + 2, hw, hh,
                         palette.BUILDING[0 if roof == "gable" else 2], seed=int(hx), roof=roof,
                         lit=0.3)
        kit.tree(canvas, 30, y_of(BANK_CM) + 4, 110, palette.mix(palette.LEAF, SKY_LOW, 0.3))
        kit.tree(canvas, 1012, y_of(PLATEAU_CM) + 4, 84, palette.mix(palette.LEAF, SKY_LOW, 0.35))
        bale = palette.mix(palette.LEAF_DRY, SKY_LOW, 0.2)
        for bx in (140, 180):   # hay bales on the meadow
            canvas.circle(bale, (bx, y_of(MEADOW_CM) - 17), 18)
            canvas.circle(palette.mix(bale, palette.NIGHT_DEEP, 0.25), (bx, y_of(MEADOW_CM) - 17),
                          9, width=3)
        street.siren_mast(canvas, SIREN[0], y_of(PLATEAU_CM), SIREN)
        street.gauge_board(canvas, BOARD_X, BOARD_FOOT, BOARD_TOP, BOARD_W, ZERO_Y, CM)
        street.level_sensor(canvas, SENSOR_POST_X, y_of(MEADOW_CM), SENSOR_ARM_Y, SENSOR_X)
        self._ground(canvas)

    def _ground(self, canvas: Canvas) -> None:
        """The cut through the ground: grass on top, earth below, road, plateau, cellar."""
        bottom = [(1152.0, 920.0), (0.0, 920.0)]
        canvas.polygon(GRASS_TOP, list(PROFILE) + bottom)
        canvas.polygon(EARTH, [(x, y + 12) for x, y in PROFILE] + bottom)
        canvas.polygon(EARTH_DEEP, [(x, max(y + 70, 680.0)) for x, y in PROFILE] + bottom)
        for i, (sx, sy) in enumerate(((276, 729), (308, 747), (350, 755), (384, 741))):
            canvas.circle(palette.mix(palette.METAL, EARTH, 0.55), (sx, sy), 9 + (i % 2) * 4)
        canvas.box(palette.mix(palette.PAVEMENT, EARTH, 0.4), (590, y_of(ROAD_CM) + 6, 170, 14))
        canvas.box(palette.ROAD, (590, y_of(ROAD_CM), 170, 10))
        plateau = y_of(PLATEAU_CM)
        canvas.box(palette.PAVEMENT, (790, plateau, 362, 12))
        x, top, w, h = CELLAR
        wall = palette.mix(palette.PAVEMENT, palette.INK, 0.2)
        canvas.box(wall, (x - 10, top - 4, w + 20, h + 14), radius=4)
        canvas.box(palette.mix(palette.WINDOW_DARK, palette.NIGHT_DEEP, 0.2), (x, top, w, h))
        canvas.box(palette.mix(palette.TRUNK, palette.NIGHT_DEEP, 0.2),
                   (x + 10, top + 22, 46, 5))  # a shelf
        for cx, cw, ch in ((x + 20, 26, 16), (x + 72, 30, 28), (x + 100, 16, 18)):  # boxes
            canvas.box(palette.mix(palette.LEAF_DRY, palette.NIGHT_DEEP, 0.35),
                       (cx, (top + 22 if cx < x + 50 else top + h) - ch, cw, ch), radius=3)


def dashes(canvas: Canvas, y: float, color: palette.Color) -> None:
    """One stage line, left clear where its label and the gauge board sit."""
    for x in range(0, math.ceil(MARK_END_X), 32):
        if not MARK_PILL_X - 150 < x < MARK_PILL_X + BOARD_W + 10:
            canvas.box(color, (x, y - 2, min(20.0, MARK_END_X - x), 4))


SCENE = FloodGauge
