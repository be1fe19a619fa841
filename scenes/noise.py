"""Noise on the main road: sound waves spread from the traffic, one level meter with
everyday comparisons follows, and the city reacts (sound level meter at the roadside, dB(A)).

Follows FACTS.md 10: live bands quiet < 55, moderate 55–65, loud 65–85, very loud > 85 dB(A)
for an instantaneous reading; everyday levels whisper ≈ 30 … pain ≈ 120 label the meter.
What the city does in each level, all in the picture: quiet — nothing, a neighbour leans out
of the open window; moderate — the street shows on the city's noise map (each band with its
own hatching and its level word, not colour alone); loud — a Tempo 30 sign goes up and the
neighbour shuts the window; very loud — road works for a quiet road surface come too (Tempo
30 and quiet road surfaces are the measures of noise action plans, FACTS 10a). The waves'
reach, spacing, speed and thickness follow the eased level; the meter has a fast attack and
a slow release like a real one; the map's bands grow more slowly, as a map would.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from exhibit.config import Sensor
from exhibit.render import kit, street, vehicles
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.widgets import approach, pill
from exhibit.scene import Scene
from exhibit.world import World

DEVICE_DB = (30.0, 130.0)                # the SEN0232's range (FACTS.md 10d): the meter's scale
                                         # without the sensor in exhibit.yaml, else its range
QUIET = ((DEVICE_DB[0], "ok"),)          # the bands without the sensor in exhibit.yaml: all calm
CLOSE_LEVELS = ("loud", "harmful")       # the nearest house shuts its window at these levels
SOURCES = {"ok": "bike", "highlight": "car"}   # what drives by in a band; else the lorry
SIGN_LEVELS = ("loud", "harmful")        # the city puts up Tempo 30 at these levels
WORKS_LEVELS = ("harmful",)              # … and lays a quiet road surface at this one
REFERENCES = ((30.0, "ref_whisper"), (55.0, "ref_talk"), (70.0, "ref_vacuum"),
              (100.0, "ref_discomfort"), (120.0, "ref_pain"))

# Street, side view; design units relative to the illustration's top-left corner.
GROUND = 410.0                           # where the houses stand
ROAD_TOP, ROAD_BOTTOM = 438.0, 540.0
STREET_BOTTOM = 560.0                    # the front pavement ends here
TRUCK_X, TRUCK_GROUND, TRUCK_LEN = 175.0, 524.0, 270.0
SOURCE = (316.0, TRUCK_GROUND)           # where the waves start: the lorry's front wheels
HOUSE = (490.0, 230.0, 270.0)            # nearest house: centre x, width, height
WIN_X, WIN_Y, WIN_W, WIN_H = 424.0, 222.0, 100.0, 112.0   # its big window (opening)
SENSOR_POST = (338.0, GROUND + 16.0)

# Meter panel at the right, below the corner gauge.
METER = (796.0, 24.0, 340.0, 744.0)
BAR_X, BAR_W = 866.0, 40.0
BAR_TOP, BAR_BOTTOM = 106.0, 736.0
LABEL_PX = 28.0                          # picture labels: 26 px at 1080p even in portrait (×0.94)
SEGMENT_DB = 2.5                         # 55, 65 and 85 fall on segment edges
ATTACK, RELEASE = 0.05, 0.6              # s: a meter jumps up and sinks back slowly
PEAK_HOLD, PEAK_FALL = 1.2, 25.0         # s held, then dB per second

# Noise map inset, top down, under the street.
MAP = (20.0, 578.0, 770.0, 190.0)
MAP_HEAD = 44.0
MAP_ROAD_Y, MAP_ROAD_W = 690.0, 24.0
MAP_STREETS = (150.0, 400.0, 650.0)
MAP_DB_UNIT = 8.0                        # design units of band per dB over a threshold
MAP_SENSOR_X = 300.0
KEY_W = 200.0                            # the map's key, at its right end
HATCH = {"highlight": (26.0, False), "notice": (13.0, False), "act": (13.0, True)}
# a band's hatching by its tone: line spacing, crossed — the bands differ without colour

# The city's reactions in the street.
SIGN = (706.0, STREET_BOTTOM - 4, 452.0, 44.0)   # Tempo 30: x, foot, disc centre y, radius
WORKS = (520.0, 640.0, ROAD_TOP + 8, ROAD_BOTTOM - 6)   # quiet road surface: x0, x1, top, bottom
RESIDENT = (WIN_X + 46, WIN_Y + WIN_H + 4)        # the neighbour at the open window

LIT_WINDOW = palette.mix(palette.WINDOW_LIT, palette.TRUNK,
                         0.35)   # the room behind the open window
INTERIOR = palette.mix(palette.WINDOW_DARK, LIT_WINDOW, 0.55)
GLASS = palette.mix(palette.SKY_DUSK, palette.INK,
                    0.35)            # the shut window (exact colour: tests)
FRAME_C = palette.mix(palette.VEHICLE, palette.BUILDING[0], 0.35)
LED_OFF = palette.mix(palette.PANEL_LINE, palette.NIGHT_DEEP, 0.35)
MAP_GROUND = palette.mix(palette.GRASS, palette.NIGHT_DEEP, 0.5)
TRUCK_BODY = palette.mix(palette.VEHICLE, palette.BUILDING[1], 0.45)
TRUCK_CARGO = palette.mix(palette.METAL, palette.BUILDING[0], 0.55)
CAR = palette.mix(palette.VEHICLE, palette.BUILDING[2], 0.35)
CYCLIST = palette.mix(palette.TONES["info"],
                      palette.NIGHT_DEEP, 0.2)
RESIDENT_C = palette.mix(palette.WINDOW_LIT, palette.TRUNK, 0.15)   # lit from the room
SIGN_RED = palette.hex_color("#C8102E")       # a real traffic sign's red ring
SIGN_WHITE = palette.hex_color("#FFFFFF")
ASPHALT_NEW = palette.mix(palette.ROAD, palette.NIGHT_DEEP, 0.6)
BARRIER_STRIPE = palette.TONES["act"]


Bands = tuple[tuple[float, str], ...]   # (where a level begins, its tone), quietest first


def bands_of(sensor: Sensor | None) -> Bands:
    """The sensor's levels as noise bands (FACTS.md 10b), as calibration mode left them."""
    return tuple((level.low, level.tone) for level in sensor.levels) if sensor else QUIET


def band_tone(db: float, bands: Bands) -> str:
    """The tone name of the band `db` falls in."""
    tone = bands[0][1]
    for start, name in bands:
        if db >= start:
            tone = name
    return tone


@dataclass(frozen=True)
class Meter:
    """The sound level meter's scale: the sensor's range, in segments of SEGMENT_DB."""

    low: float
    high: float

    @property
    def segments(self) -> int:
        return round((self.high - self.low) / SEGMENT_DB)

    def clamp(self, db: float) -> float:
        return min(max(db, self.low), self.high)

    def strength(self, db: float) -> float:
        """0 at the quiet end of the range, 1 at its loud end."""
        return (self.clamp(db) - self.low) / (self.high - self.low)

    def y(self, db: float) -> float:
        """Where `db` stands on the meter's bar."""
        return BAR_BOTTOM - (BAR_BOTTOM - BAR_TOP) * self.strength(db)

    def lit(self, db: float) -> int:
        """How many segments a reading lights: at least the first, at most all."""
        return max(1, min(self.segments,
                          math.ceil((min(db, self.high) - 0.3 - self.low) / SEGMENT_DB)))


def meter_of(sensor: Sensor | None) -> Meter:
    return Meter(sensor.low, sensor.high) if sensor else Meter(*DEVICE_DB)


# The waves' shape from the level's strength (0..1 of the meter's scale).
def wave_reach(strength: float) -> float:
    return 60.0 + 800.0 * strength ** 0.9


def wave_spacing(strength: float) -> float:
    return 110.0 - 52.0 * strength


def wave_speed(strength: float) -> float:
    return 80.0 + 240.0 * strength


def wave_width(strength: float) -> float:
    return 2.5 + 12.5 * strength


def map_extent(db: float, threshold: float) -> float:
    """Half-width of the map band at `threshold` around the road, capped at the map."""
    body_half = (MAP[3] - MAP_HEAD - 10) / 2
    return min(max(db - threshold, 0.0) * MAP_DB_UNIT + MAP_ROAD_W / 2 * (db > threshold),
               body_half)


class Noise(Scene):
    LABELS = ("map_title", "meter_title", "no_data", "ref_discomfort", "ref_pain",
              "ref_talk", "ref_vacuum", "ref_whisper", "works")

    def setup(self) -> None:
        self.bands = bands_of(self.sensor())
        self.meter = meter_of(self.sensor())

    def reset(self) -> None:
        quiet = self.meter.low
        self.wave_db = quiet         # eased level that drives the waves
        self.signal = 0.0            # 0 no data .. 1 live: fades the waves out
        self.meter_db = quiet        # fast attack, slow release
        self.peak_db = quiet
        self.peak_age = 0.0
        self.map_db = quiet          # slower: the map settles
        self.shut = 0.0              # nearest window, 0 open .. 1 shut
        self.sign = 0.0              # Tempo 30 sign, 0 away .. 1 up
        self.works = 0.0             # road works for a quiet surface, 0 away .. 1 there
        self.phase = 0.0             # wave fronts travelled, in spacings

    def band(self, db: float) -> str:
        """The tone of the band `db` falls in: what meter, waves and map show."""
        return band_tone(db, self.bands)

    # --- update ----------------------------------------------------------------------
    def advance(self, dt: float, world: World) -> None:
        view = self.live(world)
        db = self.meter.clamp(view.value) if view else self.meter.low
        level = view.level.name if view and view.level else None
        shut = 1.0 if level in CLOSE_LEVELS else 0.0
        sign = 1.0 if level in SIGN_LEVELS else 0.0
        works = 1.0 if level in WORKS_LEVELS else 0.0
        if self.snapping:  # a scene coming on screen shows the present state at once
            self.wave_db = self.meter_db = self.peak_db = self.map_db = db
            self.signal, self.shut = float(view is not None), shut
            self.sign, self.works = sign, works
        self.wave_db = approach(self.wave_db, db, dt, 0.25)
        self.signal = approach(self.signal, 1.0 if view else 0.0, dt, 0.3)
        self.meter_db = approach(self.meter_db, db, dt, ATTACK if db > self.meter_db else RELEASE)
        self.peak_age += dt
        if self.meter_db >= self.peak_db:
            self.peak_db, self.peak_age = self.meter_db, 0.0
        elif self.peak_age > PEAK_HOLD:
            self.peak_db = max(self.peak_db - PEAK_FALL * dt, self.meter_db)
        self.map_db = approach(self.map_db, db, dt, 0.8)
        self.shut = approach(self.shut, shut, dt, 0.35)
        self.sign = approach(self.sign, sign, dt, 0.4)
        self.works = approach(self.works, works, dt, 0.5)
        k = self.meter.strength(self.wave_db)
        self.phase += wave_speed(k) * dt / wave_spacing(k)

    # --- draw ------------------------------------------------------------------------
    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        lang = world.language
        live = self.live(world) is not None
        canvas.draw_layer("noise.static", area, lambda c: self._static(c, area))
        self._new_asphalt(canvas)
        self._window(canvas)
        self._waves(canvas)
        self._truck(canvas)
        self._sign(canvas)
        self._works(canvas, lang)
        self._map(canvas, lang)
        self._meter(canvas, live, lang)

    def _truck(self, canvas: Canvas) -> None:
        """What drives by makes the level: a bike when it is quiet, a car like talking, the
        lorry when it is loud (drawn once; it trembles a little with the level)."""
        source = SOURCES.get(self.band(self.wave_db), "lorry") if self.signal > 0.02 else "lorry"
        if source == "bike":
            vehicles.cyclist(canvas, SOURCE[0] - 40, TRUCK_GROUND, 150, CYCLIST, palette.METAL,
                             phase=self.clock * 4.0)
            return
        if source == "car":
            box = (SOURCE[0] - 220, TRUCK_GROUND - 90, 230, 94)
            canvas.draw_layer("noise.car", box, lambda c: _car(c, box), alpha=True)
            return
        box = (TRUCK_X - TRUCK_LEN / 2 - 4, TRUCK_GROUND - TRUCK_LEN * 0.6,
               TRUCK_LEN + 8, TRUCK_LEN * 0.6 + 4)
        sprite = canvas.layer("noise.truck", box, lambda c: kit.truck(
            c, TRUCK_X, TRUCK_GROUND, TRUCK_LEN, TRUCK_BODY, TRUCK_CARGO), alpha=True)
        shake = 2.5 * self.meter.strength(self.wave_db) * self.signal \
            * math.sin(self.clock * 47.0)
        canvas.blit(sprite, (box[0], box[1] + shake))

    def _waves(self, canvas: Canvas) -> None:
        """Wave fronts spreading over the street from the lorry: reach, spacing, speed and
        thickness follow the eased level; each front thins out as it travels."""
        if self.signal < 0.02:
            return
        db = self.wave_db
        k = self.meter.strength(db)
        reach, spacing = wave_reach(k), wave_spacing(k)
        color = palette.TONES[self.band(db)]
        sx, sy = SOURCE
        surface = canvas.surface
        clip = surface.get_clip()
        surface.set_clip(canvas.rect((0.0, 0.0, METER[0] - 8, SOURCE[1])).clip(clip))
        try:
            first = self.phase % 1.0
            for i in range(int(reach / spacing) + 1):
                r = (first + i) * spacing + 14
                if r >= reach:
                    break
                w = wave_width(k) * self.signal * (1 - r / reach) ** 0.7
                if canvas.px(w) < 1:
                    continue
                street.wave_front(canvas, color, (sx, sy), r, w)
        finally:
            surface.set_clip(clip)

    def _window(self, canvas: Canvas) -> None:
        """The big window of the nearest house: a neighbour leans out while it is open; the
        casement swings shut (and hides them) when it is loud."""
        x, y = WIN_X, WIN_Y
        k = self.shut
        if k < 0.95:  # the neighbour, head and shoulders in the opening
            rx, ry = RESIDENT
            canvas.box(RESIDENT_C, (rx - 26, ry - 62, 52, 62), radius=16)
            canvas.circle(RESIDENT_C, (rx, ry - 82), 19)
        # the pane hinges on the left and swings from open (edge-on, outwards) to shut
        width = WIN_W * (0.18 + 0.82 * k)
        lean = 18 * (1 - k)
        pane = [(x, y), (x + width, y - lean), (x + width, y + WIN_H + lean), (x, y + WIN_H)]
        canvas.polygon(FRAME_C, pane)
        inset = 7
        if width > 3 * inset:
            glass = [(x + inset, y + inset), (x + width - inset, y - lean + inset + 2),
                     (x + width - inset, y + WIN_H + lean - inset - 2),
                     (x + inset, y + WIN_H - inset)]
            canvas.polygon(GLASS, glass)
            if k > 0.6:
                canvas.line(palette.mix(GLASS, palette.INK, 0.4), (x + 20, y + 24),
                            (x + 44, y + 50), 5)

    def _sign(self, canvas: Canvas) -> None:
        """Tempo 30 on the front pavement: it rises out of the ground when it is loud."""
        k = self.sign
        if k < 0.02:
            return
        x, foot, cy, r = SIGN
        cy = foot - (foot - cy) * k
        canvas.box(palette.METAL, (x - 5, cy, 10, foot - cy), radius=3)
        canvas.circle(SIGN_RED, (x, cy), r)
        canvas.circle(SIGN_WHITE, (x, cy), r * 0.74)
        if k > 0.9:
            canvas.text("30", (x, cy + 2), 40, palette.NIGHT_DEEP, weight="bold",
                        anchor="center")

    def _new_asphalt(self, canvas: Canvas) -> None:
        """The quiet road surface, laid from the left while it is very loud."""
        k = self.works
        if k < 0.02:
            return
        x0, x1, top, bottom = WORKS
        canvas.box(ASPHALT_NEW, (x0, top, (x1 - x0) * k, bottom - top), radius=6)

    def _works(self, canvas: Canvas, lang: str) -> None:
        """The road works' striped barrier with its sign, over the waves."""
        if self.works < 0.9:
            return
        x0, x1, _, _ = WORKS
        bx, by, bw, bh = x0 - 6, GROUND - 58, x1 - x0 + 12, 30
        for px in (bx + 16, bx + bw - 16):
            canvas.box(palette.METAL, (px - 4, by, 8, GROUND + 8 - by))
        canvas.box(SIGN_WHITE, (bx, by, bw, bh), radius=4)
        for i in range(int(bw // 36) + 1):
            sx = bx + i * 36
            canvas.polygon(BARRIER_STRIPE, [(sx, by + bh), (min(sx + 18, bx + bw), by),
                                            (min(sx + 32, bx + bw), by),
                                            (min(sx + 14, bx + bw), by + bh)])
        pill(canvas, self.text.labels["works"][lang], (bx + bw / 2, by - 8), LABEL_PX,
             palette.NIGHT_DEEP, palette.INK, anchor="midbottom")

    def _map(self, canvas: Canvas, lang: str) -> None:
        """Bands around the main road, widest (quietest) first, each with its own hatching;
        streets and houses on top."""
        body = kit.map_body(MAP, MAP_HEAD)
        road_y = MAP_ROAD_Y
        for start, tone in self.bands[1:]:
            e = min(map_extent(self.map_db, start) * self.signal, road_y - body[1])
            if e >= 2:
                band = canvas.layer(f"noise.band.{tone}", body,
                                    lambda c, t=tone: _hatched(c, body, t))
                top = canvas.pt(body[0], road_y - e)[1]
                bottom = canvas.pt(body[0], road_y + e)[1]
                origin = canvas.pt(body[0], body[1])
                canvas.surface.blit(band, (origin[0], top),
                                    (0, top - origin[1], band.get_width(), bottom - top))
        canvas.draw_layer("noise.map_top", body, lambda c: self._map_top(c, body), alpha=True)
        self._map_legend(canvas, lang)

    def _map_legend(self, canvas: Canvas, lang: str) -> None:
        """The title in the header; the key at the map's right end, one row per band, a
        hatched swatch and the level's word (the same words as the panel's chip)."""
        labels = self.text.labels
        mx, my, mw, _ = MAP
        canvas.text(labels["map_title"][lang], (mx + 22, my + MAP_HEAD / 2 + 2), LABEL_PX,
                    palette.INK, weight="bold", anchor="midleft")
        sensor = self.sensor()
        words = {level.low: level.label.get(lang) or level.label["de"]
                 for level in sensor.levels} if sensor else {}
        bx, by, bw, bh = kit.map_body(MAP, MAP_HEAD)
        x0 = bx + bw - KEY_W
        canvas.box(palette.NIGHT_DEEP, (x0, by, KEY_W, bh))   # square: no band peeks out
        rows = self.bands[:0:-1]
        step = bh / max(len(rows), 1)
        for i, (start, tone) in enumerate(rows):
            y = by + step * (i + 0.5)
            swatch = (x0 + 14, y - 13, 34, 26)
            canvas.draw_layer(f"noise.swatch.{tone}", swatch,
                              lambda c, t=tone, b=swatch: _hatched(c, b, t))
            canvas.text(words.get(start, f"{start:.0f}"), (x0 + 58, y), LABEL_PX, palette.INK,
                        anchor="midleft")

    def _meter(self, canvas: Canvas, live: bool, lang: str) -> None:
        labels = self.text.labels
        px, py, pw, _ = METER
        cx = px + pw / 2
        canvas.text(labels["meter_title"][lang], (cx, py + 22), 30, palette.INK, weight="bold",
                    anchor="midtop")
        x = BAR_X
        if live:  # the lit segments: the bottom part of a cached, fully lit bar
            bar = (x, BAR_TOP, BAR_W, BAR_BOTTOM - BAR_TOP)
            lit = canvas.layer("noise.meter_lit", bar,
                               lambda c: _lit_bar(c, self.meter, x, self.bands))
            top = canvas.pt(x, BAR_TOP)[1]
            db_cut = self.meter.low + self.meter.lit(self.meter_db) * SEGMENT_DB
            left, cut = canvas.pt(x, self.meter.y(db_cut))
            canvas.surface.blit(lit, (left, cut),
                                (0, cut - top, lit.get_width(), lit.get_height() - (cut - top)))
            if self.peak_db > self.meter_db + SEGMENT_DB:
                y = self.meter.y(self.peak_db)
                canvas.box(palette.INK, (x - 4, y - 2, BAR_W + 8, 5), radius=2)
        for db, key in REFERENCES:
            y = self.meter.y(db)
            canvas.box(palette.INK_DIM, (x + BAR_W + 8, y - 1.5, 12, 3))
            canvas.text(labels[key][lang], (x + BAR_W + 26, y), LABEL_PX, palette.INK_SOFT,
                        anchor="midleft")
        for db in (start for start, _ in self.bands[1:]):
            y = self.meter.y(db)
            canvas.text(f"{db:.0f}", (x - 14, y), LABEL_PX, palette.INK_SOFT, anchor="midright")
        if not live:
            pill(canvas, labels["no_data"][lang], (cx, self.meter.y(79.0)), LABEL_PX,
                 palette.INK, palette.PANEL, anchor="center")

    # --- cached layers -----------------------------------------------------------------
    def _static(self, canvas: Canvas, area: Box) -> None:
        _, _, w, h = area
        kit.sky(canvas, (0, 0, w, GROUND), palette.mix(palette.SKY_NIGHT, palette.SKY_DUSK, 0.5),
                palette.SKY_DUSK)
        hx, hw, hh = HOUSE
        kit.tree(canvas, 622, GROUND + 4, 130, palette.mix(palette.LEAF, palette.BUILDING[1], 0.6))
        kit.building(canvas, 728, GROUND, 150, 250, palette.BUILDING[2], lit=0.45, seed=3,
                     roof="flat")
        kit.building(canvas, hx, GROUND, hw, hh, palette.BUILDING[1], lit=0.4, seed=7, roof="gable")
        # the nearest house's big window: the lit room behind it, the frame around it
        wall = palette.BUILDING[1]
        canvas.box(wall, (WIN_X - 30, WIN_Y - 24, WIN_W + 60, WIN_H + 46))
        canvas.box(FRAME_C, (WIN_X - 8, WIN_Y - 8, WIN_W + 16, WIN_H + 16), radius=6)
        canvas.box(INTERIOR, (WIN_X, WIN_Y, WIN_W, WIN_H))
        canvas.box(LIT_WINDOW, (WIN_X + WIN_W * 0.55, WIN_Y, WIN_W * 0.3, WIN_H * 0.7))
        canvas.box(palette.mix(FRAME_C, palette.NIGHT_DEEP, 0.2),
                   (WIN_X - 14, WIN_Y + WIN_H + 6, WIN_W + 28, 12), radius=4)
        # pavement, road, kerb
        canvas.box(palette.PAVEMENT, (0, GROUND, w, ROAD_TOP - GROUND))
        canvas.box(palette.mix(palette.PAVEMENT, palette.INK, 0.3), (0, ROAD_TOP - 6, w, 6))
        kit.road(canvas, (0, ROAD_TOP, w, ROAD_BOTTOM - ROAD_TOP))
        canvas.box(palette.PAVEMENT, (0, ROAD_BOTTOM, w, STREET_BOTTOM - ROAD_BOTTOM))
        canvas.box(palette.NIGHT, (0, STREET_BOTTOM, w, h - STREET_BOTTOM))
        self._sensor_post(canvas)
        self._map_base(canvas)
        mx, my, mw, mh = METER
        canvas.box(palette.NIGHT_DEEP, (mx, my, mw, mh), radius=20)
        _segments(canvas, self.meter, BAR_X, lambda db: LED_OFF)   # the unlit meter
        for db, _ in self.bands[1:]:  # band marks
            canvas.box(palette.INK_DIM, (BAR_X - 10, self.meter.y(db) - 1.5, 8, 3))

    def _sensor_post(self, canvas: Canvas) -> None:
        """The sound level meter at the roadside: a post, a box, the microphone."""
        px, ground = SENSOR_POST
        canvas.box(palette.METAL, (px - 5, ground - 150, 10, 150), radius=4)
        canvas.box(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.45),
                   (px - 22, ground - 196, 44, 56), radius=8)
        canvas.circle(palette.NIGHT_DEEP, (px, ground - 176), 11)
        canvas.circle(palette.METAL, (px, ground - 176), 5)
        canvas.line(palette.METAL, (px + 14, ground - 196), (px + 14, ground - 222), 4)

    def _map_base(self, canvas: Canvas) -> None:
        kit.inset_map(canvas, MAP, MAP_HEAD, palette.NIGHT_DEEP, MAP_GROUND)

    def _map_top(self, canvas: Canvas, body: Box) -> None:
        """Streets and the outlines of the houses, seen from above (the bands show through,
        as on a real noise map); the sensor on the main road."""
        bx, by, bw, bh = body
        road = palette.mix(palette.ROAD, palette.NIGHT_DEEP, 0.2)
        roof = palette.mix(palette.BUILDING[0], palette.NIGHT_DEEP, 0.15)
        ry = by - (MAP[1] + MAP_HEAD) + MAP_ROAD_Y   # the road's centre in this layer
        for sx in MAP_STREETS:
            canvas.box(road, (bx - MAP[0] - 10 + sx - 7, by, 14, bh))
        edges = [bx, *(bx - MAP[0] - 10 + s for s in MAP_STREETS), bx + bw]
        for a, b in zip(edges, edges[1:]):
            for row in (-1, 1):   # two rows of houses on each side of the main road
                for depth in (20, 54):
                    hy = ry + row * (depth + 12) - 12
                    n = max(int((b - a - 30) // 52), 1)
                    step = (b - a - 30) / n
                    for i in range(n):
                        canvas.box(roof, (a + 18 + i * step, hy, step - 16, 24), radius=5,
                                   width=3)
        canvas.box(road, (bx, ry - MAP_ROAD_W / 2, bw, MAP_ROAD_W))
        for i in range(int(bw // 60)):
            canvas.box(palette.mix(palette.ROAD_LINE, road, 0.5), (bx + i * 60 + 10, ry - 2, 30, 4))
        sx = bx - MAP[0] - 10 + MAP_SENSOR_X
        canvas.circle(palette.INK, (sx, ry), 12)
        canvas.circle(palette.NIGHT_DEEP, (sx, ry), 6)


def _segments(canvas: Canvas, meter: Meter, x: float, color_of) -> None:
    """The meter's column of segments, each coloured by `color_of(its lower dB)`."""
    for i in range(meter.segments):
        db = meter.low + i * SEGMENT_DB
        top = meter.y(db + SEGMENT_DB)
        canvas.box(color_of(db), (x, top + 1.5, BAR_W, meter.y(db) - top - 3), radius=3)


def _car(canvas: Canvas, box: Box) -> None:
    """A small car, side view, facing right."""
    x, y, w, h = box
    wheel = 22.0
    canvas.box(CAR, (x + w * 0.22, y + 4, w * 0.5, h * 0.45), radius=18)
    canvas.box(palette.mix(palette.SKY_DAY, palette.INK, 0.3),
               (x + w * 0.3, y + 14, w * 0.34, h * 0.26), radius=8)
    canvas.box(CAR, (x + 4, y + h * 0.38, w - 8, h * 0.4), radius=14)
    for wx in (x + w * 0.22, x + w * 0.8):
        canvas.circle(palette.NIGHT_DEEP, (wx, y + h - wheel), wheel)
        canvas.circle(palette.METAL, (wx, y + h - wheel), wheel * 0.45)


def _hatched(canvas: Canvas, box: Box, tone: str) -> None:
    """A band's colour with its own hatching (HATCH): diagonal lines, crossed for the
    loudest, so the bands read apart without colour too."""
    x, y, w, h = box
    color = palette.TONES[tone]
    canvas.box(color, box)
    spacing, crossed = HATCH.get(tone, (26.0, False))
    ink = palette.mix(color, palette.NIGHT_DEEP, 0.55)
    n = int((w + h) // spacing) + 2
    for i in range(n):
        d = i * spacing
        canvas.line(ink, (x + d - h, y + h), (x + d, y), 3)
        if crossed:
            canvas.line(ink, (x + d - h, y), (x + d, y + h), 3)


def _lit_bar(canvas: Canvas, meter: Meter, x: float, bands: Bands) -> None:
    canvas.fill(palette.NIGHT_DEEP)
    _segments(canvas, meter, x, lambda db: palette.TONES[band_tone(db, bands)])


SCENE = Noise
