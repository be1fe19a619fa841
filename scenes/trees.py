"""Watering young street trees where it is needed (soil-moisture sensor in the tree bed).

Follows FACTS.md 2: a probe in the root zone reports soil moisture by radio; when the soil
is dry the city sends a watering truck to exactly that tree, which fills its watering ring.
The live tree's crown (droop, thinning, colour), its falling leaves and the soil's colour
follow the eased live value every frame. A neighbouring young tree with its own probe shows
a steady "fine" mark; the truck drives past it. The truck runs a small state machine
away → arriving → watering → leaving, and the panel lights "decide" while it is on its way,
"act" once it waters.

Each level has its own sign and scene: dry — a warning triangle at the probe and the truck;
well watered — a green tick, nothing to do; wet — a rain drop at the probe, an overcast sky,
rain and puddles (wet soil after rain: the truck stays at the depot).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from exhibit.render import kit
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.widgets import approach, corner_tag, ease_in_out, pill
from exhibit.scene import Scene
from exhibit.world import SensorView, World, fresh_value

SENSOR = "soil"
DRY_LEVEL, WET_LEVEL = "dry", "wet"
NEUTRAL_MOISTURE = 50.0          # % the tree shows without the sensor in exhibit.yaml
THIRSTY, HEALTHY = 8.0, 50.0     # % moisture: fully wilted below THIRSTY, lush above HEALTHY

# Layout in design units, relative to the illustration's top-left corner. The tree bed and
# ring stay above y≈730, which the call to action may cover in attract mode.
GROUND = 480.0                   # where the houses stand
ROAD_TOP, ROAD_BOTTOM = 512.0, 624.0
PAVE_BOTTOM = 790.0
TREE_X, BED_Y = 520.0, 684.0     # centre of the live tree's bed; the trunk stands in the ring
BED_W, BED_H = 330.0, 58.0
RING_W = 176.0
TREE_SIZE = 250.0
PROBE_X = TREE_X - 128.0
NEIGHBOUR_X, NEIGHBOUR_SIZE = 138.0, 190.0   # a young tree with its own probe, moist enough
NEIGHBOUR_BOX = (0.0, 320.0, 330.0, BED_Y + 40 - 320)  # all of it, to redraw over the truck
TRUCK_GROUND = 610.0
TRUCK_LEN = 420.0
TRUCK_STOP_X = 930.0             # its watering boom then reaches towards the ring
TRUCK_ENTER_X = 1152.0 + TRUCK_LEN / 2 + 60
TRUCK_EXIT_X = -TRUCK_LEN / 2 - 60
JET_LANDING = (TREE_X + 44.0, BED_Y - 8.0)

# Truck timing, seconds.
ARRIVE_SECONDS = 3.0
LEAVE_SPEED, LEAVE_EASE = 620.0, 0.6   # top speed driving off; time constant to reach it
MIN_WATERING = 1.2               # once there, the crew always gives the tree a drink
JET_TRAVEL = 0.45                # the water front's time along the arc
RING_LITRES = 100.0              # a watering ring holds up to 100 L (FACTS.md 2c.1)
RING_FILL_SECONDS = 2.0
RING_DRAIN_LPS = 9.0

RAIN_SECONDS = 0.8              # the sky clouds over / clears in about this time
RAIN_SPEED = 900.0               # design units per second a rain streak falls
RAIN_STREAKS = 46
OVERCAST = palette.mix(palette.SKY_DAY, palette.NIGHT, 0.55)
RAIN_CLOUD = palette.mix(palette.BUILDING[2], palette.INK, 0.25)
RAIN_STREAK = palette.mix(palette.SKY_DAY, palette.INK, 0.55)
PUDDLE = palette.mix(palette.PAVEMENT, palette.SKY_DAY, 0.55)
PUDDLES = ((700.0, 712.0, 150.0), (930.0, 750.0, 110.0), (240.0, 758.0, 90.0))  # x, y, width
SIGN_AT = (PROBE_X - 72.0, BED_Y - 132.0)   # the probe's sign: what the city makes of it
SIGN_R = 24.0

LEAF_XS = (-62, 30, -18, 64, -44, 8, 50, -68)   # where each falling leaf leaves the crown
LEAF_CYCLE = 3.2                 # s: a leaf falls for 70 % of it, then lies and fades

AWAY, ARRIVING, WATERING, LEAVING = "away", "arriving", "watering", "leaving"


def health_of(moisture: float) -> float:
    """0 = wilted, 1 = lush, from % soil moisture."""
    return ease_in_out((moisture - THIRSTY) / (HEALTHY - THIRSTY))


def leaf_color(health: float) -> palette.Color:
    return palette.mix(palette.LEAF_DRY, palette.LEAF, health)


def soil_color(moisture: float) -> palette.Color:
    return palette.mix(palette.SOIL_DRY, palette.SOIL_WET, moisture / 100)


def level_of(view: SensorView | None) -> str | None:
    """The name of the level a fresh reading is in, else None."""
    if fresh_value(view) is None or view.level is None:
        return None
    return view.level.name


def is_dry(view: SensorView | None) -> bool:
    """A fresh reading in the sensor's dry level: the truck goes."""
    return level_of(view) == DRY_LEVEL


@dataclass
class TruckRun:
    """The watering truck's trip to the tree: a state machine advanced by `dt`.

    Arriving follows an ease-in-out tween to the tree. Leaving accelerates smoothly from
    the truck's present speed, so a trip called off on the way simply drives on past.
    """

    state: str = AWAY
    t: float = 0.0            # seconds in the current state
    x: float = TRUCK_ENTER_X
    v: float = 0.0            # design units per second (negative: to the left)
    boom: float = 0.0         # watering boom, 0 stowed .. 1 out
    head: float = 0.0         # water jet front along its arc, 0..1
    tail: float = 0.0         # water jet end along its arc, 0..1

    @property
    def landing(self) -> bool:
        """Whether water is arriving in the ring right now."""
        return self.head >= 1.0 and self.tail <= 0.0

    def update(self, dt: float, dry: bool) -> None:
        self.t += dt
        x0 = self.x
        if self.state == AWAY and dry:
            self._enter(ARRIVING)
        elif self.state == ARRIVING:
            k = ease_in_out(self.t / ARRIVE_SECONDS)
            self.x = TRUCK_ENTER_X + (TRUCK_STOP_X - TRUCK_ENTER_X) * k
            if not dry:
                self._enter(LEAVING)        # called off on the way: drive on past
            elif self.t >= ARRIVE_SECONDS:
                self._enter(WATERING)
        elif self.state == WATERING and not dry and self.t >= MIN_WATERING:
            self._enter(LEAVING)
        elif self.state == LEAVING:
            if self.boom < 0.06 and self.head <= 0.0:  # water off, boom stowed: pull away
                self.v = approach(self.v, -LEAVE_SPEED, dt, LEAVE_EASE)
                self.x += self.v * dt
            if self.x <= TRUCK_EXIT_X:
                self._enter(AWAY)
                self.x, self.v = TRUCK_ENTER_X, 0.0
        if self.state == ARRIVING and dt > 0:
            self.v = (self.x - x0) / dt
        elif self.state == WATERING:
            self.v = 0.0
        self.boom = approach(self.boom, 1.0 if self.state == WATERING else 0.0, dt, 0.22)
        if self.state == WATERING and self.boom > 0.92:
            self.head, self.tail = min(self.head + dt / JET_TRAVEL, 1.0), 0.0
        elif self.head > 0.0:  # the jet switched off runs out along its arc
            self.tail = min(self.tail + dt / JET_TRAVEL, 1.0)
            if self.tail >= self.head:
                self.head = self.tail = 0.0

    def _enter(self, state: str) -> None:
        self.state, self.t = state, 0.0


@dataclass
class TreesState:
    moisture: float = NEUTRAL_MOISTURE   # eased % shown by soil and tree
    health: float = 1.0                  # eased 0..1
    litres: float = 0.0                  # water standing in the ring
    soak: float = 0.0                    # 0..1 wet patch spreading from the ring
    rain: float = 0.0                    # 0..1 overcast sky, rain and puddles (wet level)


class Trees(Scene):
    LABELS = ("no_data", "probe", "ring", "truck")

    def setup(self) -> None:
        self.rest = self.rest_value(NEUTRAL_MOISTURE)

    def reset(self) -> None:
        self.truck = TruckRun()
        self.tree = TreesState(moisture=self.rest, health=health_of(self.rest))

    def active_step(self, world: World) -> str:
        """Dry: 'decide' while the truck is on its way, 'act' once it is watering."""
        step = super().active_step(world)
        if step == "act" and self.truck.state != WATERING:
            return "decide"
        return step

    # --- update ----------------------------------------------------------------------
    def advance(self, dt: float, world: World) -> None:
        tree = self.tree
        view = world.view(SENSOR)
        live = fresh_value(view) is not None
        target = min(max(view.value, view.sensor.low), view.sensor.high) if live else self.rest
        if self.snapping:  # a scene coming on screen shows the present state at once
            tree.moisture, tree.health = target, health_of(target)
        tree.moisture = approach(tree.moisture, target, dt, 0.45)
        tree.health = approach(tree.health, health_of(tree.moisture), dt, 0.5)

        self.truck.update(dt, is_dry(view))
        if self.truck.landing:
            tree.litres = approach(tree.litres, RING_LITRES, dt, RING_FILL_SECONDS)
        else:
            tree.litres = max(tree.litres - RING_DRAIN_LPS * dt, 0.0)
        wet = min(tree.litres / 30.0, 1.0)
        tree.soak = approach(tree.soak, wet, dt, 1.2 if wet > tree.soak else 9.0)
        raining = 1.0 if level_of(view) == WET_LEVEL else 0.0
        tree.rain = raining if self.snapping else approach(tree.rain, raining, dt, RAIN_SECONDS)

    # --- draw ------------------------------------------------------------------------
    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        lang, labels = world.language, self.text.labels
        tree, truck = self.tree, self.truck
        live = self.live(world) is not None
        canvas.draw_layer("trees.static", area, lambda c: self._static(c, area))
        if tree.rain > 0.02:
            self._overcast(canvas, area)
        nozzle = None
        if truck.state != AWAY:
            nozzle = self._truck(canvas, truck.x, TRUCK_GROUND)
            if truck.x - TRUCK_LEN / 2 < NEIGHBOUR_BOX[2]:  # passing: the tree stays in front
                box = (0.0, NEIGHBOUR_BOX[1], NEIGHBOUR_BOX[2], NEIGHBOUR_BOX[3])
                canvas.draw_layer("trees.neighbour", box, lambda c: self._neighbour(c), alpha=True)
        self._bed(canvas)
        view = world.view(SENSOR)
        tone = palette.tone(view.level.tone if live and view.level else None)
        px, py = PROBE_X, BED_Y
        probe(canvas, px, py,
              palette.mix(palette.mix(tone, palette.NIGHT_DEEP, 0.35), tone, self.radio.flash()))
        if self.radio.elapsed:
            kit.radio_waves(canvas, (px + 8, py - 100), self.radio.progress, palette.INK, reach=90)
        self._tree(canvas)
        if tree.rain > 0.02:
            self._rain(canvas, area)
        self._sign(canvas, level_of(view))
        if nozzle is not None and truck.head > 0:
            kit.water_jet(canvas, nozzle, JET_LANDING, 85, truck.head, truck.tail, self.clock,
                          width=16)
            kit.splash(canvas, JET_LANDING, self.clock, 1.0 if truck.landing else 0.0)
        if truck.state != AWAY:  # its name rides above it, kept inside the picture
            label = labels["truck"][lang]
            half = canvas.text_width(label, 28, "bold") / 2 + 24
            tx = min(max(truck.x + 60, half), area[2] - half)
            pill(canvas, label, (tx, TRUCK_GROUND - TRUCK_LEN * 0.62), 28, palette.INK,
                 palette.PANEL, anchor="midbottom")
        pill(canvas, labels["probe"][lang], (PROBE_X - 34, BED_Y - 62), 28, palette.INK,
             palette.PANEL, anchor="midright")
        if not live:
            pill(canvas, labels["no_data"][lang], (PROBE_X - 34, BED_Y - 110), 28,
                 palette.INK, palette.PANEL, anchor="midright")
        corner_tag(canvas, area, labels["ring"][lang], f"{round(tree.litres)} L", palette.WATER,
                   tree.litres / RING_LITRES, widest=f"{round(RING_LITRES)} L")

    def _overcast(self, canvas: Canvas, area: Box) -> None:
        """Rain clouds over the street (one cached layer faded in), the young tree further
        along drawn again in front of them, and puddles on the pavement."""
        def paint(c: Canvas) -> None:
            c.surface.fill((*OVERCAST, 200), c.rect((0, 0, area[2], GROUND)))
            kit.clouds(c, ((180, 90, 1.6), (520, 60, 1.9), (880, 110, 1.7), (1120, 70, 1.3)),
                       RAIN_CLOUD)

        layer = canvas.layer("trees.overcast", (0.0, 0.0, area[2], GROUND), paint, alpha=True)
        layer.set_alpha(round(255 * min(self.tree.rain, 1.0)))
        canvas.blit(layer, (0.0, 0.0))
        canvas.draw_layer("trees.neighbour", NEIGHBOUR_BOX, lambda c: self._neighbour(c),
                          alpha=True)
        k = self.tree.rain
        for x, y, w in PUDDLES:
            canvas.ellipse(PUDDLE, (x - w * k / 2, y - 7 * k, w * k, 14 * k))

    def _rain(self, canvas: Canvas, area: Box) -> None:
        """Rain streaks falling over the whole street; positions follow the clock."""
        count = round(RAIN_STREAKS * self.tree.rain)
        fall = PAVE_BOTTOM + 40
        for i in range(count):
            x = (i * 151.7) % area[2]
            y = (i * 67.3 + self.clock * RAIN_SPEED) % fall - 40
            canvas.line(RAIN_STREAK, (x, y), (x - 7, y + 30), 3)

    @staticmethod
    def _sign(canvas: Canvas, level: str | None) -> None:
        """The probe's sign, one shape per level: a warning triangle (dry: the truck comes),
        a tick in a circle (well watered), a rain drop (wet); nothing without data."""
        x, y = SIGN_AT
        r = SIGN_R
        if level == DRY_LEVEL:
            canvas.polygon(palette.TONES["act"], [(x, y - r * 1.1), (x + r * 1.15, y + r * 0.9),
                                                  (x - r * 1.15, y + r * 0.9)])
            canvas.box(palette.INK, (x - 3, y - r * 0.45, 6, r * 0.8), radius=3)
            canvas.circle(palette.INK, (x, y + r * 0.58), 3.5)
        elif level == WET_LEVEL:
            canvas.circle(palette.TONES["info"], (x, y + r * 0.25), r * 0.8)
            canvas.polygon(palette.TONES["info"], [(x, y - r * 1.1), (x + r * 0.74, y - 0.05 * r),
                                                   (x - r * 0.74, y - 0.05 * r)])
            canvas.circle(palette.INK, (x - r * 0.3, y + r * 0.3), r * 0.16)
        elif level is not None:
            canvas.circle(palette.TONES["ok"], (x, y), r * 0.8)
            canvas.line(palette.INK, (x - 9, y), (x - 2, y + 8), 5)
            canvas.line(palette.INK, (x - 2, y + 8), (x + 10, y - 8), 5)

    def _truck(self, canvas: Canvas, x: float, ground: float) -> tuple[float, float]:
        """The truck is rigid: drawn once into a cached sprite; only the boom moves."""
        w, h = TRUCK_LEN + 40, TRUCK_LEN * 0.62

        def paint(c: Canvas) -> None:
            c.ellipse(palette.mix(palette.ROAD, palette.NIGHT_DEEP, 0.55),
                      (20 + TRUCK_LEN * 0.04, h - 18, TRUCK_LEN * 0.92, 16))
            kit.tank_truck(c, w / 2, h - 10, TRUCK_LEN, palette.TONES["notice"], palette.VEHICLE,
                           facing=-1)

        canvas.blit(canvas.layer("trees.truck", (0.0, 0.0, w, h), paint, alpha=True),
                    (x - w / 2, ground + 10 - h))
        mount = kit.tank_truck_mount(x, ground, TRUCK_LEN, facing=-1)
        return kit.watering_boom(canvas, mount, TRUCK_LEN * 0.38, self.truck.boom, facing=-1)

    def _bed(self, canvas: Canvas) -> None:
        """Soil colour follows the moisture; dry soil cracks, wet soil glistens, and water
        seeping out of the ring darkens the soil round it."""
        tree = self.tree
        soil = soil_color(tree.moisture)
        x, y = TREE_X, BED_Y
        canvas.ellipse(soil, (x - BED_W / 2, y - BED_H / 2, BED_W, BED_H))
        crack = min(max((32 - tree.moisture) / 20, 0.0), 1.0)
        if crack > 0.02:
            dark = palette.mix(soil, palette.SOIL_WET, 0.5 * crack)
            for ax, ay, bx, by in ((-150, 2, -118, -6), (-118, -6, -96, 6), (-60, 18, -30, 22),
                                   (30, 21, 62, 17), (62, 17, 84, 22)):
                canvas.line(dark, (x + ax, y + ay), (x + bx, y + by), 3)
        gleam = min(max((tree.moisture - 68) / 20, 0.0), 1.0)
        if gleam > 0.02:
            shine = palette.mix(soil, palette.SKY_DAY, 0.45 * gleam)
            for gx, gy, gw in ((-126, 8, 50), (128, 14, 36)):
                canvas.ellipse(shine, (x + gx - gw / 2, y + gy - 4, gw, 8))
        if tree.soak > 0.02:
            k = tree.soak
            w, h = BED_W * (0.55 + 0.42 * k), BED_H * (0.7 + 0.28 * k)
            canvas.ellipse(palette.mix(soil, palette.SOIL_WET, 0.85 * k),
                           (x - w / 2, y - h / 2 + 2, w, h))
        inside = palette.mix(soil, palette.SOIL_WET, 0.25 + 0.6 * tree.soak)
        kit.watering_ring(canvas, x, y - 4, RING_W, inside, tree.litres / RING_LITRES)

    def _tree(self, canvas: Canvas) -> None:
        """Thirst lowers and thins the crown, browns it and lets leaves fall, continuously."""
        tree = self.tree
        droop = 1 - tree.health
        x, ground = TREE_X, BED_Y - 6
        leaf = leaf_color(tree.health)
        kit.tree_stakes(canvas, x, ground, TREE_SIZE * 0.62, 30)
        # Twigs sit inside a full crown; as thirst shrinks the crown they show, bare.
        cy0 = ground - TREE_SIZE * (0.9 + 0.42 * 0.6)
        for tx, ty in ((-60, -110), (10, -128), (66, -108)):
            canvas.line(palette.TRUNK, (x + tx * 0.2, cy0 + 30), (x + tx, cy0 + ty), 6)
        kit.tree(canvas, x, ground, TREE_SIZE, leaf, droop)
        # Extra clumps make a watered crown full and round; thirst lets the side ones hang
        # and shrinks the top ones away.
        r = TREE_SIZE * (0.42 - 0.06 * droop)
        cy = ground - TREE_SIZE * 0.9 - r * 0.6 + droop * TREE_SIZE * 0.18  # as kit.tree
        for side in (-1, 1):
            canvas.circle(leaf, (x + side * r * (0.95 - 0.12 * droop),
                                 cy + r * (-0.15 + 0.75 * droop)), r * (0.5 - 0.16 * droop))
        if tree.health > 0.04:
            for dx, dy, k in ((-0.42, -0.66, 0.5), (0.4, -0.72, 0.44)):
                canvas.circle(leaf, (x + dx * r, cy + dy * r + droop * r * 0.3),
                              r * k * tree.health)
        self._falling_leaves(canvas, x, cy, BED_Y - 4)

    def _falling_leaves(self, canvas: Canvas, x: float, crown_y: float, land_y: float) -> None:
        """More leaves fall the thirstier the tree; each one grows in as thirst passes its
        share, so the count changes smoothly. Positions follow the clock: no stored state."""
        thirst = min(max((0.55 - self.tree.health) / 0.55, 0.0), 1.0) * len(LEAF_XS)
        lying = palette.mix(palette.LEAF_DRY, palette.SOIL_DRY, 0.6)
        for i, lx in enumerate(LEAF_XS):
            size = min(max(thirst - i, 0.0), 1.0)
            if size <= 0.05:
                break
            t = (self.clock / LEAF_CYCLE + i * 0.618) % 1.0
            fall = min(t / 0.7, 1.0)
            top = crown_y + (i % 3) * 24
            sway = math.sin(t * 14 + i) * 9 * (1 - fall)
            lx_now = x + lx + (i % 2 * 2 - 1) * 14 * fall + sway
            color = palette.mix(palette.LEAF_DRY, lying, max(t - 0.7, 0.0) / 0.3)
            canvas.ellipse(color, (lx_now - 10 * size, top + (land_y - top) * fall - 5 * size,
                                   20 * size, 10 * size))

    # --- cached layers ------------------------------------------------------------------
    def _neighbour(self, canvas: Canvas) -> None:
        """A young tree further along with its own probe: moist enough, a steady tick, green
        crown. The truck does not stop here (illustrative, not measured)."""
        x, y = NEIGHBOUR_X, BED_Y
        soil = soil_color(55)
        kit.tree_bed(canvas, x, y, 200, 46, soil)
        kit.watering_ring(canvas, x, y - 4, 120, palette.mix(soil, palette.SOIL_WET, 0.3))
        kit.tree_stakes(canvas, x, y - 6, NEIGHBOUR_SIZE * 0.62, 24)
        kit.tree(canvas, x, y - 6, NEIGHBOUR_SIZE, palette.LEAF)
        px = x - 84
        probe(canvas, px, y + 4, palette.TONES["ok"])
        cx, cy = px + 4, y - 130
        canvas.circle(palette.TONES["ok"], (cx, cy), 17)
        canvas.line(palette.INK, (cx - 8, cy), (cx - 2, cy + 7), 5)
        canvas.line(palette.INK, (cx - 2, cy + 7), (cx + 9, cy - 7), 5)

    def _static(self, canvas: Canvas, area: Box) -> None:
        _, _, w, h = area
        kit.sky(canvas, (0, 0, w, GROUND), palette.SKY_DAY,
                palette.mix(palette.SKY_DAY, palette.INK, 0.45))
        canvas.circle(palette.mix(palette.LAMP_LIGHT, palette.INK, 0.4), (150, 150), 52)
        kit.clouds(canvas, ((560, 110, 1.0), (900, 190, 0.75)))
        houses = ((70, 200, 300), (290, 200, 230), (500, 190, 330), (720, 220, 280),
                  (950, 210, 360), (1130, 170, 240))
        for i, (hx, hw, hh) in enumerate(houses):
            kit.building(canvas, hx, GROUND, hw, hh, palette.BUILDING[i % len(palette.BUILDING)],
                         seed=i + 3, roof="gable" if i % 3 == 1 else "flat")
        for tx, size in ((300, 130), (1060, 160)):  # older trees, muted: no sensor at them
            kit.tree(canvas, tx, GROUND + 4, size,
                     palette.mix(palette.LEAF, palette.BUILDING[1], 0.6))
        canvas.box(palette.PAVEMENT, (0, GROUND, w, ROAD_TOP - GROUND))
        kit.road(canvas, (0, ROAD_TOP, w, ROAD_BOTTOM - ROAD_TOP))
        canvas.box(palette.mix(palette.PAVEMENT, palette.INK, 0.3), (0, ROAD_BOTTOM, w, 8))  # kerb
        pave = palette.mix(palette.PAVEMENT, palette.INK, 0.12)
        canvas.box(pave, (0, ROAD_BOTTOM + 8, w, PAVE_BOTTOM - ROAD_BOTTOM - 8))
        seam = palette.mix(pave, palette.NIGHT_DEEP, 0.12)
        for i in range(int(w // 96) + 1):  # paving joints
            canvas.box(seam, (i * 96 + 30, ROAD_BOTTOM + 8, 3, PAVE_BOTTOM - ROAD_BOTTOM - 8))
        canvas.box(palette.GRASS, (0, PAVE_BOTTOM, w, h - PAVE_BOTTOM))
        kit.tree_bed(canvas, TREE_X, BED_Y, BED_W, BED_H, palette.SOIL_DRY)
        self._neighbour(canvas)


def probe(canvas: Canvas, x: float, y: float, led: palette.Color) -> None:
    """A soil-moisture probe standing in a tree bed at (x, y): stake, radio box, antenna
    and a status LED. Kit-style helper (bottom centre), could move to the kit."""
    canvas.box(palette.METAL, (x - 4, y - 44, 8, 50), radius=3)
    canvas.box(palette.VEHICLE, (x - 17, y - 82, 34, 42), radius=9)
    canvas.line(palette.METAL, (x + 8, y - 82), (x + 8, y - 100), 4)
    canvas.circle(led, (x - 4, y - 62), 6)


SCENE = Trees
