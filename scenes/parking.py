"""Parking guidance: a ground sensor in every bay reports it free or taken, the sign at the
entrance counts the free bays and sends arriving cars in — or, when the car park is full,
straight on to the next one instead of circling.

Follows FACTS.md 8: the sensor is the number of free bays of 6; bands full (0), few (1–2)
and free (3–6) are the exhibit's design choice. The car park is seen from slightly above:
skyline behind, the street, then the bays. Which bays are taken follows from the count in
a fixed order (one picture per count, so tests can check pixels). Cars drive in and out
along eased paths, the sign's digit rolls, each bay's sensor dot turns from a green
circle into a red square as its car covers it (shape and colour, never colour alone);
nothing is swapped at a threshold. The sign's readout plate is lit in its level's colour
(green free, orange nearly full, red "besetzt"), so every level changes the picture, and
only when full is "P2", the next car park, lit on it and on the street.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from exhibit.config import Sensor
from exhibit.render import kit, street
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.vehicles import Route, car_from_above
from exhibit.render.widgets import approach, corner_tag, ease_in_out, pill
from exhibit.scene import Scene, level_at
from exhibit.world import SensorView, World

SENSOR = "parking"
BAYS = 6
FILL_ORDER = (2, 4, 0, 5, 1, 3)   # the n-th parked car takes bay FILL_ORDER[n - 1]
HALF_FREE = BAYS // 2              # the picture at rest without the sensor in exhibit.yaml

# Layout in design units, relative to the illustration's top-left corner.
SKYLINE = 232.0                              # where the houses behind the street stand
STREET_TOP, STREET_BOTTOM = 250.0, 380.0
LANE_WEST, LANE_EAST = 282.0, 348.0          # through traffic ← / arriving cars →
LOT_TOP, LOT_BOTTOM = 406.0, 760.0
ISLAND_W = 312.0                             # the planted corner where the sign stands
ENTRANCE_X, ENTRANCE_W = 372.0, 108.0
AISLE_Y = 454.0                              # one-way, left to right
BAY_X0, BAY_W, BAY_TOP, BAY_DEPTH = 452.0, 110.0, 502.0, 222.0
CAR_L = 150.0
PARK_Y = BAY_TOP + 36 + CAR_L / 2            # a parked car's centre
DOT_Y, DOT_R = BAY_TOP + 18, 11.0            # the ground sensor at each bay's mouth
SIGN = (14.0, 420.0, 290.0, 196.0)           # the guidance sign's panel (x, y, w, h)
SIGN_ROW = 108.0                             # height of the sign's readout row
LEGEND, LEGEND_STEP = (36.0, SIGN[1] + SIGN[3] + 62), 46.0   # what the dots mean
OFF_LEFT, OFF_RIGHT = -120.0, 1290.0

TURN_R = 46.0
ARRIVE_GAP, LEAVE_GAP = 0.7, 0.5             # s between cars when several change at once
REVERSE_S = 1.1                              # backing out of a bay
SEEK_GAP, SEEK_SPEED = 3.0, 280.0            # cars sent on while full
THROUGH_GAP, THROUGH_SPEED = 4.6, 240.0      # traffic the other way, for life

LOT = palette.mix(palette.ROAD, palette.PAVEMENT, 0.35)
BAY_LINE = palette.mix(palette.ROAD_LINE, LOT, 0.35)
ISLAND = palette.mix(palette.GRASS, palette.NIGHT_DEEP, 0.25)
LED_OFF = palette.mix(palette.PANEL_LINE, palette.NIGHT_DEEP, 0.35)
GREY = palette.INK_DIM                                        # no data
# Muted car colours; each bay's car keeps its own (tests count them). SEEKER: only the cars
# the full car park sends on use it.
CAR_COLORS = (palette.mix(palette.VEHICLE, palette.BUILDING[1], 0.35),
              palette.mix(palette.WATER, palette.BUILDING[0], 0.6),
              palette.mix(palette.LEAF_DRY, palette.BUILDING[0], 0.45),
              palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.25),
              palette.mix(palette.TRUNK, palette.VEHICLE, 0.3),
              palette.mix(palette.LEAF, palette.BUILDING[2], 0.4))
SEEKER = palette.mix(palette.LEAF_DRY, palette.VEHICLE, 0.4)
THROUGH_COLORS = (palette.mix(palette.METAL, palette.BUILDING[2], 0.5),
                  palette.mix(palette.VEHICLE, palette.BUILDING[0], 0.55),
                  palette.mix(palette.SOIL_DRY, palette.BUILDING[1], 0.55))

EMPTY, ARRIVING, PARKED, LEAVING = "empty", "arriving", "parked", "leaving"


def bay_x(bay: int) -> float:
    return BAY_X0 + BAY_W * (bay + 0.5)


def occupied_bays(free: int) -> frozenset[int]:
    """The bays taken when `free` of 6 are free: always filled in FILL_ORDER."""
    return frozenset(FILL_ORDER[:BAYS - min(max(free, 0), BAYS)])


def band_tone(free: int, sensor: Sensor | None) -> str:
    """The tone of the sensor's level `free` bays fall in (calm without the sensor)."""
    level = level_at(sensor, free)
    return level.tone if level else "calm"


def live_free(view: SensorView | None) -> int | None:
    """Free bays as a whole number from a fresh reading, else None (stale, missing)."""
    if view is None or not view.fresh:
        return None
    return round(min(max(view.value, 0.0), float(BAYS)))


# --- routes -----------------------------------------------------------------------------

def routes(bay: int) -> tuple[Route, Route, Route]:
    """A bay's car: in along the street, at the entrance and along the aisle, nose first
    into the bay; backing out up and to the left, so its nose swings round towards the way
    out; then out along the aisle."""
    x = bay_x(bay)
    return (Route([(OFF_LEFT, LANE_EAST), (ENTRANCE_X, LANE_EAST), (ENTRANCE_X, AISLE_Y),
                   (x, AISLE_Y), (x, PARK_Y)], TURN_R),
            Route([(x, PARK_Y), (x, AISLE_Y), (x - 80, AISLE_Y)], 60.0),
            Route([(x - 80, AISLE_Y), (OFF_RIGHT, AISLE_Y)]))


ARRIVALS, REVERSES, EXITS = zip(*(routes(bay) for bay in range(BAYS)))   # built once
ARRIVE_S = tuple(1.0 + route.length / 900 for route in ARRIVALS)   # seconds in, per bay
EXIT_S = tuple(0.6 + route.length / 560 for route in EXITS)        # seconds out, per bay


def ease_in(u: float) -> float:
    """Sets off slowly, leaves at speed (`ease_out`: arrives at speed, slows to a stop)."""
    return min(max(u, 0.0), 1.0) ** 1.7


def ease_out(u: float) -> float:
    return 1 - ease_in(1 - u)


# --- state ------------------------------------------------------------------------------

@dataclass
class BayCar:
    """The car belonging to one bay: where it is on its way in, parked, or out."""

    phase: str = EMPTY
    t: float = 0.0            # seconds into the phase; negative: waiting its turn

    def pose(self, bay: int) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """Centre and heading, or None when the car is not on screen."""
        if self.phase == PARKED or (self.phase == LEAVING and self.t <= 0):
            return (bay_x(bay), PARK_Y), (0.0, 1.0)
        if self.phase == ARRIVING and self.t > 0:
            return ARRIVALS[bay].at(ease_out(self.t / ARRIVE_S[bay]))
        if self.phase == LEAVING:
            if self.t < REVERSE_S:
                pos, (dx, dy) = REVERSES[bay].at(ease_in_out(self.t / REVERSE_S))
                return pos, (-dx, -dy)  # backing out: the nose points against the motion
            return EXITS[bay].at(ease_in((self.t - REVERSE_S) / EXIT_S[bay]))
        return None


def presence(bay: int, car: BayCar) -> float:
    """How far the bay's car covers its sensor, 0..1 (the dot's red)."""
    pose = car.pose(bay)
    if pose is None:
        return 0.0
    (x, y), _ = pose
    if abs(x - bay_x(bay)) > BAY_W / 2:
        return 0.0
    return min(max((y - BAY_TOP - 10) / (PARK_Y - BAY_TOP - 10), 0.0), 1.0)


@dataclass
class ParkingState:
    bays: list[BayCar] = field(default_factory=lambda: [BayCar() for _ in range(BAYS)])
    shown: float = float(HALF_FREE)     # the sign's rolling count
    guide_in: float = 0.0               # arrows lit 0..1
    guide_on: float = 0.0
    guide_tone: str = "calm"            # the in-arrow keeps its colour as it fades
    seekers: list[float] = field(default_factory=list)       # x of cars sent on
    seek_wait: float = 0.0
    through: list[tuple[float, int]] = field(default_factory=lambda: [(520.0, 0)])
    through_wait: float = 2.0
    through_count: int = 1
    arrive_wait: float = 0.0
    leave_wait: float = 0.0


def sensor_dot(canvas: Canvas, at: tuple[float, float], color: palette.Color, taken: bool
               ) -> None:
    """A bay sensor's light: a circle while free, a square while a car covers it."""
    if taken:
        r = DOT_R * 0.92
        canvas.box(color, (at[0] - r, at[1] - r, 2 * r, 2 * r), radius=3)
    else:
        canvas.circle(color, at, DOT_R)


class Parking(Scene):
    LABELS = ("free", "free_bays", "full", "legend_free", "legend_taken", "no_data")

    def setup(self) -> None:
        self.rest = round(self.rest_value(HALF_FREE))

    def reset(self) -> None:
        self.lot = ParkingState(shown=float(self.rest), guide_tone=self.tone_of(self.rest))

    def tone_of(self, free: int) -> str:
        """The colour role of `free` bays: the sensor's level there."""
        return band_tone(free, self.sensor())

    # --- update ----------------------------------------------------------------------
    def advance(self, dt: float, world: World) -> None:
        lot = self.lot
        free = live_free(world.view(SENSOR))
        if self.snapping:  # a scene coming on screen shows the present state at once
            taken = occupied_bays(self.rest if free is None else free)
            lot.bays = [BayCar(PARKED if i in taken else EMPTY) for i in range(BAYS)]
            lot.shown = float(self.rest if free is None else free)
            lot.guide_in = 1.0 if free else 0.0
            lot.guide_on = 1.0 if free == 0 else 0.0
        if free is None:  # no data: everything finishes what it was doing and rests
            taken = {i for i, car in enumerate(lot.bays) if car.phase in (ARRIVING, PARKED)}
        else:
            taken = occupied_bays(free)
            lot.shown = approach(lot.shown, free, dt, 0.22)
            if abs(lot.shown - free) < 0.01:
                lot.shown = float(free)
        if free:
            lot.guide_tone = self.tone_of(free)
        self._move_cars(dt, taken)
        lot.guide_in = approach(lot.guide_in, 1.0 if free else 0.0, dt, 0.25)
        lot.guide_on = approach(lot.guide_on, 1.0 if free == 0 else 0.0, dt, 0.25)
        self._move_traffic(dt, full=free == 0)

    def _move_cars(self, dt: float, taken: set[int] | frozenset[int]) -> None:
        lot = self.lot
        lot.arrive_wait = max(lot.arrive_wait - dt, 0.0)
        lot.leave_wait = max(lot.leave_wait - dt, 0.0)
        for bay in FILL_ORDER:
            car, want = lot.bays[bay], bay in taken
            if car.phase == EMPTY and want:
                car.phase, car.t = ARRIVING, -lot.arrive_wait
                lot.arrive_wait += ARRIVE_GAP
            elif car.phase == ARRIVING and car.t <= 0 and not want:
                car.phase = EMPTY          # called off before it showed up
            elif car.phase == LEAVING and car.t <= 0 and want:
                car.phase = PARKED         # stays after all
        for bay in reversed(FILL_ORDER):
            car = lot.bays[bay]
            if car.phase == PARKED and bay not in taken:
                car.phase, car.t = LEAVING, -lot.leave_wait
                lot.leave_wait += LEAVE_GAP
        for bay, car in enumerate(lot.bays):
            if car.phase == ARRIVING:
                car.t += dt
                if car.t >= ARRIVE_S[bay]:
                    car.phase, car.t = PARKED, 0.0
            elif car.phase == LEAVING:
                car.t += dt
                if car.t >= REVERSE_S + EXIT_S[bay]:
                    car.phase, car.t = EMPTY, 0.0

    def _move_traffic(self, dt: float, full: bool) -> None:
        """Cars the full car park sends on (they slow to read the sign, then drive on),
        and through traffic the other way."""
        lot = self.lot
        lot.seek_wait = max(lot.seek_wait - dt, 0.0) if full else 0.0
        if full and lot.seek_wait <= 0:
            lot.seekers.append(OFF_LEFT)
            lot.seek_wait = SEEK_GAP
        lot.seekers = [x + dt * SEEK_SPEED * (0.5 + 0.5 * min(abs(x - ENTRANCE_X) / 260, 1))
                       for x in lot.seekers]
        lot.seekers = [x for x in lot.seekers if x < OFF_RIGHT]
        lot.through_wait -= dt
        if lot.through_wait <= 0:
            lot.through.append((OFF_RIGHT, lot.through_count % len(THROUGH_COLORS)))
            lot.through_count += 1
            lot.through_wait = THROUGH_GAP
        lot.through = [(x - THROUGH_SPEED * dt, c) for x, c in lot.through
                       if x - THROUGH_SPEED * dt > OFF_LEFT]

    # --- draw (relative to `area`) ---------------------------------------------------
    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        lot, lang, labels = self.lot, world.language, self.text.labels
        free = live_free(world.view(SENSOR))
        canvas.draw_layer("parking.static", area, lambda c: self._static(c, area))
        self._arrows(canvas)
        for x, c in lot.through:
            car_from_above(canvas, x, LANE_WEST, CAR_L, THROUGH_COLORS[c], (-1.0, 0.0))
        for x in lot.seekers:
            car_from_above(canvas, x, LANE_EAST, CAR_L, SEEKER)
        self._free_bays(canvas, free)
        for bay, car in enumerate(lot.bays):
            cover = ease_in_out(presence(bay, car))
            tone = palette.mix(palette.TONES["ok"], palette.TONES["act"], cover)
            sensor_dot(canvas, (bay_x(bay), DOT_Y), tone if free is not None else GREY,
                       cover >= 0.5)
        for bay, car in enumerate(lot.bays):
            pose = car.pose(bay)
            if pose is not None:
                car_from_above(canvas, *pose[0], CAR_L, CAR_COLORS[bay], pose[1])
        self._sign(canvas, free, labels, lang)
        for i, key in enumerate(("legend_free", "legend_taken")):   # colour never alone
            size = canvas.fit_size(labels[key][lang], 28, ISLAND_W - 90)
            canvas.text(labels[key][lang], (LEGEND[0] + 36, LEGEND[1] + i * LEGEND_STEP), size,
                        palette.INK, anchor="midleft")
        # the corner tag counts what the panel's number counts: the free bays
        if free is None:
            pill(canvas, labels["no_data"][lang], (bay_x(2.5), PARK_Y), 30, palette.INK,
                 palette.PANEL, anchor="center")
            corner_tag(canvas, area, labels["free_bays"][lang], "–", GREY, 0.0, widest="6 / 6")
        else:
            corner_tag(canvas, area, labels["free_bays"][lang], f"{free} / {BAYS}",
                       palette.legible(palette.TONES[self.tone_of(free)], palette.PANEL),
                       lot.shown / BAYS, widest="6 / 6")

    def _free_bays(self, canvas: Canvas, free: int | None) -> None:
        """Bay guidance: every free bay is lit on the ground in the level's colour, a frame
        and an arrow into it, so arriving drivers find the last bays at once (gone when
        full, none without data)."""
        lot = self.lot
        if free is None or lot.guide_in < 0.02:
            return
        color = palette.mix(LOT, palette.TONES[lot.guide_tone], 0.85 * lot.guide_in)
        for bay, car in enumerate(lot.bays):
            if car.phase == PARKED or presence(bay, car) >= 0.5:
                continue
            x = bay_x(bay)
            canvas.box(color, (x - 44, BAY_TOP + 44, 88, BAY_DEPTH - 60), radius=10, width=7)
            street.arrow(canvas, x, BAY_TOP + BAY_DEPTH / 2 + 12, color, 1.7, down=True)

    def _arrows(self, canvas: Canvas) -> None:
        """Painted guidance on the street, lit in the level colour: in at the entrance
        while bays are free, straight on when full."""
        lot = self.lot
        paint = palette.mix(palette.ROAD, palette.ROAD_LINE, 0.12)
        inward = palette.mix(paint, palette.TONES[lot.guide_tone], lot.guide_in)
        x0, x1, y0 = ENTRANCE_X - 170, ENTRANCE_X, LANE_EAST
        canvas.box(inward, (x0, y0 - 13, x1 - x0 + 13, 26), radius=13)
        canvas.box(inward, (x1 - 13, y0 - 13, 26, LOT_TOP - y0 + 4), radius=13)
        tip = LOT_TOP + 44
        canvas.polygon(inward, [(x1 - 36, tip - 40), (x1 + 36, tip - 40), (x1, tip)])
        onward = palette.mix(paint, palette.TONES["info"], lot.guide_on)
        a, b = ENTRANCE_X + 110, ENTRANCE_X + 330
        canvas.box(onward, (a, y0 - 9, b - a - 20, 18), radius=9)
        canvas.polygon(onward, [(b - 32, y0 - 26), (b, y0), (b - 32, y0 + 26)])

    def _sign(self, canvas: Canvas, free: int | None, labels, lang: str) -> None:
        """The readout: "P frei 3" with a rolling digit, "besetzt" when full; below it the
        arrow that is lit: in (down) or on to the next car park (right)."""
        x, y, w, h = SIGN
        row_mid = y + SIGN_ROW / 2 + 4
        word = labels["free"][lang]
        if free is None:
            canvas.text(word, (x + 104, row_mid), 40, GREY, anchor="midleft")
            canvas.text("–", (x + w - 56, row_mid), 60, GREY, weight="bold", anchor="center")
        else:
            self._readout(canvas, row_mid, word, labels["full"][lang])
        # the arrows row: unlit LEDs are drawn in the static layer
        ay = y + SIGN_ROW + (h - SIGN_ROW) / 2 + 2
        lit_in = palette.mix(LED_OFF, palette.TONES[self.lot.guide_tone], self.lot.guide_in)
        street.arrow(canvas, x + 62, ay, lit_in, 1.3, down=True)
        street.arrow(canvas, x + 150, ay,
                     palette.mix(LED_OFF, palette.TONES["info"], self.lot.guide_on), 1.3)
        if self.lot.guide_on > 0.5:   # the next car park's name, only while it is the way
            canvas.text("P2", (x + 200, ay), 40, palette.TONES["info"], weight="bold",
                        anchor="midleft")

    def _readout(self, canvas: Canvas, row_mid: float, word: str, full_word: str) -> None:
        """The rolling count: only the digit rolls, except between 1 and 0, where the whole
        line rolls over to "besetzt"."""
        x, y, w, _ = SIGN
        shown = self.lot.shown
        whole_line = shown < 1.0
        # the readout plate, lit in the colour of the level the count is in
        canvas.box(palette.TONES[self.tone_of(round(shown))], (x + 92, y + 10, w - 102,
                                                               SIGN_ROW - 10), radius=10)
        if not whole_line:
            canvas.text(word, (x + 104, row_mid), 40, palette.NIGHT_DEEP, weight="bold",
                        anchor="midleft")
        window = (x + 92, y + 10, w - 102, SIGN_ROW - 10) if whole_line \
            else (x + w - 100, y + 10, 90, SIGN_ROW - 10)
        clip = canvas.surface.get_clip()
        canvas.surface.set_clip(canvas.rect(window).clip(clip))
        for n, offset in _drum(shown):
            cy = row_mid + offset * SIGN_ROW
            if n == 0:
                size = canvas.fit_size(full_word, 48, w - 124, "bold")
                canvas.text(full_word, (x + 100 + (w - 112) / 2, cy), size, palette.NIGHT_DEEP,
                            weight="bold", anchor="center")
                continue
            if whole_line:
                canvas.text(word, (x + 104, cy), 40, palette.NIGHT_DEEP, weight="bold",
                            anchor="midleft")
            canvas.text(str(n), (x + w - 56, cy), 80, palette.NIGHT_DEEP, weight="bold",
                        anchor="center")
        canvas.surface.set_clip(clip)

    # --- static layer ------------------------------------------------------------------
    def _static(self, canvas: Canvas, area: Box) -> None:
        """The skyline, the street, the car park with its bays and sensors, the planted
        corner with the guidance sign, and the next car park's sign down the street."""
        _, _, w, h = area
        kit.sky(canvas, (0, 0, w, SKYLINE), palette.SKY_DAY,
                palette.mix(palette.SKY_DAY, palette.INK, 0.45))
        kit.clouds(canvas, ((560, 70, 0.8), (300, 130, 0.55)))
        for i, (hx, hw, hh) in enumerate(((70, 180, 110), (300, 200, 150), (520, 170, 95),
                                          (760, 230, 140), (1010, 220, 90))):
            kit.building(canvas, hx, SKYLINE + 8, hw, hh,
                         palette.BUILDING[i % len(palette.BUILDING)],
                         seed=i + 3, roof="gable" if i % 2 else "flat")
        kit.tree(canvas, 650, SKYLINE + 6, 90, palette.mix(palette.LEAF, palette.BUILDING[1], 0.6))
        canvas.box(palette.PAVEMENT, (0, SKYLINE, w, STREET_TOP - SKYLINE))
        kit.road(canvas, (0, STREET_TOP, w, STREET_BOTTOM - STREET_TOP))
        # the near pavement with its kerb, open at the entrance
        canvas.box(palette.PAVEMENT, (0, STREET_BOTTOM, w, LOT_TOP - STREET_BOTTOM))
        canvas.box(palette.mix(palette.PAVEMENT, palette.INK, 0.3), (0, STREET_BOTTOM, w, 5))
        canvas.box(LOT, (ENTRANCE_X - ENTRANCE_W / 2, STREET_BOTTOM, ENTRANCE_W,
                         LOT_TOP - STREET_BOTTOM + 2))
        # the car park: lot, aisle arrows, bay lines; the planted corner with the sign
        canvas.box(LOT, (ISLAND_W, LOT_TOP, w - ISLAND_W, LOT_BOTTOM - LOT_TOP))
        canvas.box(palette.mix(palette.GRASS, palette.NIGHT_DEEP, 0.4),
                   (0, LOT_BOTTOM, w, h - LOT_BOTTOM))
        for ax in (560, 900):
            street.arrow(canvas, ax, AISLE_Y, palette.mix(LOT, palette.ROAD_LINE, 0.3), 0.7)
        for bay in range(BAYS):  # the sensors' rims; the lit dot is drawn per frame
            canvas.circle(palette.NIGHT_DEEP, (bay_x(bay), DOT_Y), DOT_R + 5)
        for i in range(BAYS + 1):
            canvas.box(BAY_LINE, (BAY_X0 + i * BAY_W - 3, BAY_TOP, 6, BAY_DEPTH), radius=3)
        canvas.box(BAY_LINE, (BAY_X0 - 3, BAY_TOP + BAY_DEPTH - 6, BAYS * BAY_W + 6, 6), radius=3)
        canvas.box(ISLAND, (0, LOT_TOP, ISLAND_W, LOT_BOTTOM - LOT_TOP), radius=18)
        for i, tone in enumerate(("ok", "act")):  # the legend's dots (words per frame)
            dot = (LEGEND[0] + 12, LEGEND[1] + i * LEGEND_STEP)
            canvas.circle(palette.NIGHT_DEEP, dot, DOT_R + 5)
            sensor_dot(canvas, dot, palette.TONES[tone], tone == "act")
        canvas.box(palette.mix(palette.LEAF, palette.NIGHT_DEEP, 0.35), (0, LOT_BOTTOM + 4, w, 22),
                   radius=11)
        for bx, by, k in ((90, 840, 1.0), (330, 880, 0.8), (620, 830, 1.1), (900, 870, 0.9),
                          (1090, 835, 0.8)):
            street.shrub(canvas, bx, by, k)
        street.guidance_sign(canvas, SIGN, SIGN_ROW)   # its readout is lit per frame
        # the other car park at the end of the street, where full means "drive on"
        street.parking_sign(canvas, w - 70, SKYLINE + 10, SKYLINE - 70, "P2")


def _drum(shown: float) -> list[tuple[int, float]]:
    """The numbers visible on a rolling drum at `shown`, with their offsets in rows
    (0 = centred; counting down rolls the drum downwards)."""
    lo = math.floor(shown)
    frac = shown - lo
    if frac < 0.01:
        return [(lo, 0.0)]
    if frac > 0.99:
        return [(lo + 1, 0.0)]
    return [(lo, lo - shown), (lo + 1, lo + 1 - shown)]


SCENE = Parking
