"""Black-ice warning on a bridge: the road-surface temperature and the air's humidity give
the dew point; when the road glazes over, the winter service grits exactly this road.

Follows FACTS.md 6. A TMP36 in the bridge's road measures the surface, an HIH-4030 the
humidity; the dew point comes from the Magnus formula (A = 17.62, B = 243.12 °C). The
risk (FACTS 6b, design choice): green while the road is above +4 °C (no ice can form, so
the dew point does not matter there); yellow from 0 to +4 °C, and also at or below 0 °C
while the road stays above the dew point (frost, but no rime yet; FACTS' "within 1 K of the
dew point" falls in here, and the glaze already creeps as the gap closes); red at or below
0 °C when the road is at or below the dew point, so rime forms. Without a humidity reading
the road's bands decide alone (at or below 0 °C counts as red: it can be slippery).
Which air temperature the dew point uses: see `Conditions`.

Each risk its own reaction: dry road and no gritter (green); the gritter waits, loaded, at the
bridgehead (yellow); it salts the bridge (red). The glaze on the deck, the rime on the
railings and the gritter's salt all follow the live values, eased with `dt`. A small map
shows the gritter leaving the depot for this road only.
"""

from __future__ import annotations

import dataclasses
import math
import random
from dataclasses import dataclass

from exhibit.config import Level, Sensor
from exhibit.numbers import format_number
from exhibit.render import kit, street
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.vehicles import GRITTER, HOPPER, Route, gritter_with_beacon
from exhibit.render.vehicles import ROAD_SALT as SALT
from exhibit.render.widgets import approach, corner_tag, pill
from exhibit.scene import Scene
from exhibit.world import SensorView, World, fresh_value

SENSOR, HUMIDITY = "road", "humidity"
AIR_ABOVE_ROAD = 3.0                          # K: the air over the road on a clear night
MAGNUS_A, MAGNUS_B = 17.62, 243.12            # °C, over water (FACTS.md 6b)
COLD = "cold"                                 # the road sensor's level in which it may freeze
FREEZE_RAMP = 4.0                             # K below the cold band's start: fully glazed
DRY_MARGIN, WET_MARGIN = 5.0, -1.0            # K above the dew point: dry .. a wet film
DEW_HYSTERESIS = 0.2                          # K: once red, stays red this far above it
CLEAR, WATCH, ICE = "clear", "watch", "ice"
RISK_TONE = {CLEAR: "ok", WATCH: "notice", ICE: "act"}
RISK_STEP = {CLEAR: "measure", WATCH: "decide", ICE: "act"}
BAND_RISK = {"clear": CLEAR, "cold": WATCH, "frost": ICE}   # the road sensor's own levels
RISK_HEADLINE = {CLEAR: "clear", WATCH: "cold", ICE: "frost"}   # which `headlines:` entry
LABEL_PX = 28                                 # picture labels: ≥ 26 px in portrait (×0.94)

# Layout in design units, relative to the illustration's top-left corner.
DECK_TOP, ROAD_H = 496.0, 64.0                # the road band across the whole picture
BRIDGE_X0, BRIDGE_X1 = 230.0, 930.0           # the span over the river
RAIL_TOP, PROBE_X = 458.0, 560.0             # the railing's top; the probe in the road
MAST_X, MAST_TOP = 850.0, 330.0               # the road weather station
TRUCK_LEN, TRUCK_GROUND = 300.0, DECK_TOP + 48
ENTER_X, EXIT_X = -TRUCK_LEN / 2 - 60, 1152 + TRUCK_LEN / 2 + 60
DEPOT_X = ENTER_X - 700                       # the run starts at the depot, off the picture
PARK_X = 150.0                                # where it waits, loaded, before the bridge
CRUISE, SPREAD_SPEED = 260.0, 150.0           # design units per second
REST_SECONDS = 1.5                            # between two runs while it stays icy
CARD = (880.0, 134.0, 244.0, 226.0)           # the two-marker thermometer, above the gritter
TUBE_X, TUBE_TOP, TUBE_BOTTOM = 960.0, 160.0, 306.0
SCALE_MIN, SCALE_MAX = -8.0, 10.0
MAP, MAP_HEAD = (24.0, 92.0, 430.0, 250.0), 42.0   # the inset map, its heading's height
MAP_ROAD_Y, MAP_OTHER_Y = 182.0, 292.0             # this road / another road, both cross the river
MAP_COLS, MAP_STREET = (122.0, 404.0), 14.0        # the streets across the map, their width
MAP_RIVER = ((262.0, 134.0), (250.0, 200.0), (282.0, 262.0), (270.0, 332.0))
MAP_BRIDGE = (226.0, 290.0)                   # this road's bridge on the map (x from, to)
MAP_DEPOT = (74.0, 237.0)
MAP_ROUTE = Route([(MAP_DEPOT[0] + 24, MAP_DEPOT[1]), (MAP_COLS[0], MAP_DEPOT[1]),
                   (MAP_COLS[0], MAP_ROAD_Y), (MAP_BRIDGE[0], MAP_ROAD_Y)])   # depot → bridge

ICE_C = palette.mix(palette.SKY_DAY, palette.INK,
                    0.38)         # the glaze (exact colour: tests count it)
SHEEN = palette.mix(ICE_C, palette.INK, 0.7)
THAWED = palette.mix(palette.ROAD, palette.SKY_DAY,
                     0.3)         # glaze the salt has turned to slush
RIME = palette.mix(ICE_C, palette.INK, 0.4)               # frost on the railings
SNOW = palette.mix(palette.INK_SOFT, palette.NIGHT, 0.45)
MAP_ROAD = palette.mix(palette.ROAD, palette.INK_SOFT, 0.25)


def dew_point(air_c: float, humidity: float) -> float:
    """Magnus formula over water; humidity in % (clamped to 1..100)."""
    rh = min(max(humidity, 1.0), 100.0) / 100.0
    gamma = math.log(rh) + MAGNUS_A * air_c / (MAGNUS_B + air_c)
    return MAGNUS_B * gamma / (MAGNUS_A - gamma)


def cold_band(sensor: Sensor | None) -> tuple[float, float] | None:
    """Where the road sensor's cold level lies (°C, from .. to): below its end the road
    may freeze, below its start it freezes — as exhibit.yaml (or calibration) says."""
    level = next((lv for lv in sensor.levels if lv.name == COLD), None) if sensor else None
    return (level.low, level.high) if level else None


@dataclass(frozen=True)
class Conditions:
    """What the depot knows this frame. The dew point is that of the air just above the
    road: on a clear night the road cools faster than the air (FACTS 6c), so the air is taken
    `AIR_ABOVE_ROAD` warmer than the road. (The market square's thermometer is a summer
    day's: a winter night's dew point cannot come from it.) None without a humidity
    reading. Rime (red) then needs damp air — about 80 % and more — as on real winter
    nights; the glaze creeps as the humidity rises."""

    road: float | None = None
    band: str | None = None           # clear / cold / frost: the road sensor's level
    dew: float | None = None
    cold: tuple[float, float] | None = None   # the road sensor's cold band (`cold_band`)


def read_conditions(world: World) -> Conditions:
    view = world.view(SENSOR)
    road = fresh_value(view)
    if road is None:
        return Conditions()
    name = view.level.name if view.level else None
    band = name if name in BAND_RISK else "clear"   # levels renamed: no risk claimed
    cold = cold_band(view.sensor)
    humidity = fresh_value(world.view(HUMIDITY))
    if humidity is None:
        return Conditions(road, band, cold=cold)
    return Conditions(road, band, dew_point(road + AIR_ABOVE_ROAD, humidity), cold)


def judge(c: Conditions, was_icy: bool = False) -> str | None:
    """The combined risk (see the module docstring); None without a road reading."""
    if c.road is None:
        return None
    risk = BAND_RISK[c.band]
    if risk != ICE or c.dew is None:
        return risk
    slack = DEW_HYSTERESIS if was_icy else 0.0
    return ICE if c.road <= c.dew + slack else WATCH


def glaze_of(c: Conditions) -> float:
    """0..1: how much of the deck glazes over. Grows as the road cools below +4 °C and
    below 0 °C, and as it nears and passes the dew point (from 5 K above it; unknown:
    assume it is wet, as the road logic alone does)."""
    if c.road is None or c.cold is None:
        return 0.0
    freeze_at, warn_below = c.cold
    cold = min(max((warn_below - c.road) / (warn_below - freeze_at), 0.0), 1.0)
    freeze = min(max((freeze_at - c.road) / FREEZE_RAMP, 0.0), 1.0)
    margin = 0.0 if c.dew is None else c.road - c.dew
    wet = 1.0 if c.dew is None else min(max((DRY_MARGIN - margin) / (DRY_MARGIN - WET_MARGIN),
                                            0.0), 1.0)
    return cold * (0.12 + 0.18 * wet) + freeze * (0.25 + 0.45 * wet)


def format_celsius(value: float, lang: str) -> str:
    return f"{format_number(value, 1, lang)} °C"


@dataclass
class GritterRun:
    """The gritter's runs: it sets off from the depot (off the picture, seen on the map)
    while the risk is red, slows down to spread over the bridge and drives on out of the
    picture. Called off before it arrives, it stays home; once here it drives on through
    without spreading. While the risk is yellow it waits, loaded, at the bridgehead
    (`ready`) and sets off from there."""

    out: bool = False
    x: float = ENTER_X
    speed: float = CRUISE
    rest: float = 0.0
    ready: bool = False

    @property
    def spinner_x(self) -> float:
        return self.x - TRUCK_LEN / 2 - 6

    def over_bridge(self) -> bool:
        return self.out and BRIDGE_X0 <= self.spinner_x <= BRIDGE_X1

    def update(self, dt: float, icy: bool, watch: bool = False) -> None:
        if not self.out:
            self.rest = max(self.rest - dt, 0.0)
            if icy and self.rest <= 0:
                start = PARK_X if self.ready else DEPOT_X
                self.out, self.x, self.speed, self.ready = True, start, CRUISE, False
            else:
                self.ready = watch
            return
        if not icy and self.x < ENTER_X:   # called off before it got here: back to the depot
            self.out, self.x = False, DEPOT_X
            return
        slow = icy and BRIDGE_X0 - 80 <= self.spinner_x <= BRIDGE_X1
        self.speed = approach(self.speed, SPREAD_SPEED if slow else CRUISE, dt, 0.5)
        self.x += self.speed * dt
        if self.x >= EXIT_X:
            self.out, self.rest = False, REST_SECONDS


@dataclass
class IceState:
    glaze: float = 0.0
    road_shown: float | None = None       # eased marker positions on the thermometer
    dew_shown: float | None = None
    salt: float = 0.0                     # opacity of the salt on the deck
    salt_front: float = BRIDGE_X0         # salt lies from the bridge's start up to here


class BlackIce(Scene):
    LABELS = ("clear", "dew_marker", "dew_point", "ice", "map", "no_data", "only_this",
              "probe", "ready", "road_marker", "station", "unknown", "watch")

    def setup(self) -> None:
        rng = random.Random(6)   # fixed scatter of glaze, rime and salt: deterministic
        patches = [(rng.uniform(BRIDGE_X0 + 10, BRIDGE_X1 - 130), rng.uniform(4, ROAD_H - 22),
                    rng.uniform(50, 130), rng.uniform(10, 18)) for _ in range(34)]
        mid = (BRIDGE_X0 + BRIDGE_X1) / 2   # mid-span and the far lane glaze over first
        self.patches = sorted(patches, key=lambda p: abs(p[0] + p[2] / 2 - mid) / 350 + p[1]
                              / ROAD_H + rng.uniform(0, 0.6))
        self.rime = [(rng.uniform(BRIDGE_X0, BRIDGE_X1 - 16), rng.choice((0, 1)))
                     for _ in range(36)]
        self.grains = [(rng.uniform(BRIDGE_X0, BRIDGE_X1), rng.uniform(6, ROAD_H - 8))
                       for _ in range(280)]

    def reset(self) -> None:
        self.ice = IceState()
        self.truck = GritterRun()
        self.icy = False

    def radio_on(self, world: World) -> bool:
        """The station sends road temperature and humidity alike: a wave on either."""
        return fresh_value(world.view(SENSOR)) is not None and bool(
            {SENSOR, HUMIDITY} & set(world.pulses))

    # --- the combined risk drives the panel ---------------------------------------------
    def risk(self, world: World) -> str | None:
        return judge(read_conditions(world), self.icy)

    def headline(self, world: World, lang: str) -> str:
        """What the city does now, by the combined risk (`RISK_HEADLINE`)."""
        text = self.text.headlines.get(RISK_HEADLINE.get(self.risk(world) or "", ""))
        return text[lang] if text is not None else super().headline(world, lang)

    def active_step(self, world: World) -> str:
        """Measure / decide / act follow the combined risk, not the road's bands alone."""
        return RISK_STEP.get(self.risk(world) or "", "measure")

    def primary(self, world: World) -> SensorView | None:
        """The road temperature, labelled and coloured with the combined risk."""
        view = super().primary(world)
        risk = self.risk(world)
        if view is None or risk is None:
            return view
        level = Level(risk, view.sensor.low, view.sensor.high, RISK_TONE[risk],
                      self.text.labels[risk])
        return dataclasses.replace(view, level=level)

    # --- update ----------------------------------------------------------------------
    def advance(self, dt: float, world: World) -> None:
        ice = self.ice
        c = read_conditions(world)
        risk = judge(c, self.icy)
        self.icy = risk == ICE
        target = glaze_of(c)
        if self.snapping:  # a scene coming on screen shows the present glaze at once
            ice.glaze, ice.road_shown, ice.dew_shown = target, c.road, c.dew
        ice.glaze = approach(ice.glaze, target, dt, 0.9)
        ice.road_shown = None if c.road is None else approach(
            c.road if ice.road_shown is None else ice.road_shown, c.road, dt, 0.3)
        ice.dew_shown = None if c.dew is None else approach(
            c.dew if ice.dew_shown is None else ice.dew_shown, c.dew, dt, 0.3)
        self.truck.update(dt, self.icy, risk == WATCH)
        if self.icy and self.truck.over_bridge():
            ice.salt_front = max(ice.salt_front, min(self.truck.spinner_x - 40, BRIDGE_X1))
            ice.salt = approach(ice.salt, 1.0, dt, 0.3)
        elif not self.icy:   # thaw: the salt has done its work and washes away
            ice.salt = approach(ice.salt, 0.0, dt, 2.0)
            if ice.salt < 0.02:
                ice.salt, ice.salt_front = 0.0, BRIDGE_X0

    # --- draw (relative to `area`) ---------------------------------------------------
    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        lang, labels = world.language, self.text.labels
        risk = self.risk(world)
        canvas.draw_layer("black_ice.static", area, lambda c: self._static(c, area))
        self._glaze(canvas)
        self._salt(canvas)
        kit.radio_waves(canvas, (MAST_X, MAST_TOP - 34), self.radio.progress, palette.INK,
                        reach=56)
        pill(canvas, labels["station"][lang], (MAST_X - 44, MAST_TOP + 8), LABEL_PX, palette.INK,
             palette.PANEL, anchor="midright")
        pill(canvas, labels["probe"][lang], (PROBE_X, DECK_TOP + ROAD_H + 48), LABEL_PX,
             palette.INK, palette.PANEL, anchor="midtop")
        if self.truck.out and self.truck.x > ENTER_X - 10:   # its beacon flashes
            gritter_with_beacon(canvas, self.truck.x, TRUCK_GROUND, TRUCK_LEN,
                                0.5 + 0.5 * math.sin(self.clock * 9.0))
        elif self.truck.ready:   # waiting at the bridgehead, loaded, beacon off
            gritter_with_beacon(canvas, PARK_X, TRUCK_GROUND, TRUCK_LEN, 0.0)
            pill(canvas, labels["ready"][lang], (PARK_X, TRUCK_GROUND - 150), LABEL_PX,
                 palette.NIGHT, palette.legible(palette.tone("notice"), palette.NIGHT),
                 anchor="midbottom")
        self._map(canvas, risk, labels, lang)
        self._thermometer(canvas, risk, labels, lang)
        if self.ice.dew_shown is None:
            value = labels["no_data" if self.ice.road_shown is None else "unknown"][lang]
            color = palette.INK_DIM
        else:
            value, color = format_celsius(self.ice.dew_shown, lang), palette.TONES["info"]
        corner_tag(canvas, area, labels["dew_point"][lang], value, color,
                   widest=format_celsius(-20.0, lang))

    def _glaze(self, canvas: Canvas) -> None:
        """Ice patches grow in one by one as the glaze rises (the newest one widening), rime
        settles on the railings, and glints twinkle on ice not yet salted."""
        ice = self.ice
        grown = ice.glaze * len(self.patches)
        for i, (x, y, w, h) in enumerate(self.patches):
            k = min(grown - i, 1.0)
            if k <= 0.02:
                break
            pw = w * (0.3 + 0.7 * k)
            salted = x + pw / 2 <= ice.salt_front and ice.salt > 0.05
            color = palette.mix(ICE_C, THAWED, ice.salt) if salted else ICE_C
            canvas.box(color, (x, DECK_TOP + y, pw, h), radius=h / 2)
            if pw > 70 and not salted:
                canvas.box(SHEEN, (x + pw * 0.2, DECK_TOP + y + 3, pw * 0.35, 3), radius=1.5)
        frost = min(ice.glaze * 1.4, 1.0) * len(self.rime)
        for x, row in self.rime[:math.ceil(frost)]:
            canvas.box(RIME, (x, RAIL_TOP - 3 if row == 0 else DECK_TOP + ROAD_H + 2, 16, 5))
        for i, (x, y, w, h) in enumerate(self.patches[:min(int(grown), 10)]):
            gx, gy = x + w * 0.6, DECK_TOP + y + h / 2
            r = 9 * max(math.sin(self.clock * 1.8 + i * 2.1), 0.0)
            if r > 1.5 and not (gx <= ice.salt_front and ice.salt > 0.05):
                canvas.line(palette.INK, (gx - r, gy), (gx + r, gy), 3)
                canvas.line(palette.INK, (gx, gy - r * 0.8), (gx, gy + r * 0.8), 3)

    def _salt(self, canvas: Canvas) -> None:
        """Salt lies from the bridge's start up to where the gritter has spread; grains fly
        from its spinner while it spreads."""
        ice = self.ice
        if ice.salt > 0.02 and ice.salt_front > BRIDGE_X0 + 2:
            layer = canvas.layer("black_ice.salt", (BRIDGE_X0, DECK_TOP, BRIDGE_X1 - BRIDGE_X0,
                                                    ROAD_H), self._grains, alpha=True)
            layer.set_alpha(min(round(ice.salt * 255), 255))
            canvas.surface.blit(layer, canvas.pt(BRIDGE_X0, DECK_TOP),
                                area=(0, 0, canvas.px(ice.salt_front - BRIDGE_X0),
                                      layer.get_height()))
        if self.icy and self.truck.over_bridge():
            sx, sy = self.truck.spinner_x, TRUCK_GROUND - 14
            for i in range(16):
                t = (self.clock * 2.2 + i / 16) % 1.0
                land = DECK_TOP + 8 + (i * 23 % int(ROAD_H - 16))
                x = sx - (50 + (i * 37 % 90)) * t
                if x >= BRIDGE_X0:   # salt for this stretch only
                    y = sy + (land - sy) * t * t - 26 * t * (1 - t)
                    canvas.box(SALT, (x - 2, y - 2, 4, 4))

    def _grains(self, canvas: Canvas) -> None:
        for x, y in self.grains:
            canvas.box(SALT, (x - 2.5, DECK_TOP + y - 2, 5, 4), radius=2)

    def _map(self, canvas: Canvas, risk: str | None, labels, lang: str) -> None:
        """The inset map: this road's bridge glazes and is salted as in the picture, the
        gritter's marker drives from the depot to it."""
        ice = self.ice
        (x0, x1), y = MAP_BRIDGE, MAP_ROAD_Y
        canvas.box(palette.mix(MAP_ROAD, ICE_C, ice.glaze),
                   (x0, y - MAP_STREET / 2, x1 - x0, MAP_STREET))
        if ice.salt > 0.02 and ice.salt_front > BRIDGE_X0 + 2:
            k = (ice.salt_front - BRIDGE_X0) / (BRIDGE_X1 - BRIDGE_X0)
            canvas.box(palette.mix(MAP_ROAD, SALT, ice.salt), (x0, y - 3, (x1 - x0) * k, 6),
                       radius=3)
        canvas.circle(palette.NIGHT_DEEP, ((x0 + x1) / 2, y), 11)
        canvas.circle(palette.tone(RISK_TONE[risk]) if risk else palette.INK_DIM,
                      ((x0 + x1) / 2, y), 8)
        if self.truck.out or self.truck.ready:
            tx, ty = map_truck_at(self.truck.x if self.truck.out else PARK_X)
            canvas.box(palette.NIGHT_DEEP, (tx - 13, ty - 9, 26, 18), radius=5)
            canvas.box(GRITTER, (tx - 11, ty - 7, 22, 14), radius=4)
        mx, my, mw, _ = MAP
        canvas.text(labels["map"][lang], (mx + 18, my + MAP_HEAD / 2 + 2), LABEL_PX,
                    palette.INK_SOFT, anchor="midleft")
        if self.icy:   # under the map, clear of its heading
            pill(canvas, labels["only_this"][lang], (mx + mw, MAP[1] + MAP[3] + 10), LABEL_PX,
                 palette.NIGHT, palette.legible(palette.tone("act"), palette.NIGHT),
                 anchor="topright")

    def _thermometer(self, canvas: Canvas, risk: str | None, labels, lang: str) -> None:
        """Road (mercury, risk colour) and dew point (blue line) on one scale, labelled."""
        ice = self.ice
        if ice.road_shown is None:
            pill(canvas, labels["no_data"][lang], (CARD[0] + CARD[2] / 2, scale_y(-5.0)),
                 LABEL_PX, palette.INK, palette.PANEL_LINE, anchor="center")
            return
        tone = palette.tone(RISK_TONE[risk]) if risk else palette.INK_DIM
        road_y = scale_y(ice.road_shown)
        canvas.box(tone, (TUBE_X - 7, road_y, 14, TUBE_BOTTOM + 10 - road_y), radius=7)
        canvas.circle(tone, (TUBE_X, TUBE_BOTTOM + 22), 16)
        ys = {"road_marker": road_y}
        if ice.dew_shown is not None:
            ys["dew_marker"] = dew_y = scale_y(ice.dew_shown)
            canvas.box(palette.TONES["info"], (TUBE_X - 18, dew_y - 3, 36, 6), radius=3)
        lo, hi = CARD[1] + 24, CARD[1] + CARD[3] - 24
        order = sorted(ys, key=ys.get)            # top to bottom; keep them 38 apart
        spread = [min(max(ys[k], lo), hi) for k in order]
        if len(spread) == 2 and spread[1] - spread[0] < 38:
            mid = min(max((spread[0] + spread[1]) / 2, lo + 19), hi - 19)
            spread = [mid - 19, mid + 19]
        for key, y in zip(order, spread):
            bg = tone if key == "road_marker" else palette.TONES["info"]
            pill(canvas, labels[key][lang], (TUBE_X + 26, y), LABEL_PX, palette.NIGHT,
                 palette.legible(bg, palette.NIGHT), anchor="midleft")

    # --- the cached layer ----------------------------------------------------------------
    def _static(self, canvas: Canvas, area: Box) -> None:
        """A clear, starry night (the road cools fastest: FACTS 6c) over the river valley;
        the bridge with the probe in its road and the weather station; map and card."""
        _, _, w, h = area
        kit.sky(canvas, (0, 0, w, DECK_TOP + 40), palette.SKY_NIGHT, palette.SKY_DUSK)
        rng = random.Random(3)
        for _ in range(40):
            sx, sy = rng.uniform(0, w), rng.uniform(10, 420)
            if not (sx < MAP[0] + MAP[2] + 10 and sy < MAP[1] + MAP[3] + 10) and sx < 880:
                canvas.circle(palette.INK_SOFT, (sx, sy), rng.choice((1.5, 2.0, 2.5)))
        canvas.circle(palette.mix(palette.LAMP_LIGHT, palette.INK, 0.5), (620, 100), 40)
        canvas.circle(palette.mix(palette.SKY_NIGHT, palette.SKY_DUSK, 0.15), (640, 88), 36)
        for i, (bx, bw, bh) in enumerate(((60, 110, 120), (170, 90, 80))):
            kit.building(canvas, bx, DECK_TOP, bw, bh,
                         palette.mix(palette.BUILDING[i], palette.SKY_NIGHT, 0.35),
                         lit=0.3, seed=i + 2)
        # banks, valley and river
        canvas.box(palette.mix(palette.GRASS, palette.NIGHT_DEEP, 0.6), (0, DECK_TOP + 40, w, h))
        canvas.polygon(palette.mix(palette.SKY_DUSK, palette.NIGHT_DEEP, 0.35),
                       [(200, DECK_TOP + 64), (960, DECK_TOP + 64), (820, 790), (340, 790)])
        canvas.box(palette.mix(palette.WATER, palette.NIGHT_DEEP, 0.55), (0, 780, w, h - 780))
        for ry in (806, 840, 872):
            canvas.box(palette.mix(palette.WATER, palette.NIGHT_DEEP, 0.4),
                       (100 + ry % 7 * 60, ry, 260, 5), radius=2)
        for bx0, bx1 in ((0, BRIDGE_X0), (BRIDGE_X1, w)):
            canvas.box(SNOW, (bx0, DECK_TOP + ROAD_H, bx1 - bx0, 14))
        # the road over the bridge, the probe in it, the weather station beside it
        kit.road(canvas, (0, DECK_TOP, w, ROAD_H))
        street.bridge(canvas, BRIDGE_X0, BRIDGE_X1, DECK_TOP, DECK_TOP + ROAD_H, (470, 700), 790,
                      DECK_TOP - RAIL_TOP)
        street.road_probe(canvas, PROBE_X, DECK_TOP + ROAD_H - 12)
        street.station(canvas, MAST_X, MAST_TOP, DECK_TOP)
        # the map: streets, the river, the depot
        body = kit.inset_map(canvas, MAP, MAP_HEAD, palette.PANEL,
                             palette.mix(palette.GRASS, SNOW, 0.45), radius=18, ground_radius=12)
        for a, b in zip(MAP_RIVER, MAP_RIVER[1:]):
            canvas.line(palette.mix(palette.WATER, palette.NIGHT_DEEP, 0.35), a, b, 30)
        for ry in (MAP_ROAD_Y, MAP_OTHER_Y):
            canvas.box(MAP_ROAD, (body[0], ry - MAP_STREET / 2, body[2], MAP_STREET))
        for cx in MAP_COLS:
            canvas.box(MAP_ROAD, (cx - MAP_STREET / 2, body[1], MAP_STREET, body[3]))
        dx, dy = MAP_DEPOT
        canvas.box(MAP_ROAD, (dx, dy - 5, MAP_COLS[0] - dx, 10))
        canvas.box(HOPPER, (dx - 28, dy - 20, 56, 40), radius=6)
        canvas.box(palette.mix(GRITTER, HOPPER, 0.5), (dx - 18, dy - 6, 36, 12), radius=4)
        # the thermometer card: tube, bulb, marks where the road sensor's cold band lies
        canvas.box(palette.PANEL, CARD, radius=18)
        canvas.box(palette.PANEL_LINE,
                   (TUBE_X - 12, TUBE_TOP - 10, 24, TUBE_BOTTOM - TUBE_TOP + 30), radius=12)
        canvas.circle(palette.PANEL_LINE, (TUBE_X, TUBE_BOTTOM + 22), 22)
        for mark in cold_band(self.sensor()) or ():
            canvas.box(palette.INK_SOFT, (TUBE_X - 30, scale_y(mark) - 1.5, 14, 3))
            canvas.text(f"{mark:+.0f}°" if mark else "0°", (TUBE_X - 32, scale_y(mark)), LABEL_PX,
                        palette.INK_SOFT, anchor="midright")


def scale_y(celsius: float) -> float:
    k = (min(max(celsius, SCALE_MIN), SCALE_MAX) - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)
    return TUBE_BOTTOM - k * (TUBE_BOTTOM - TUBE_TOP)


def map_truck_at(x: float) -> tuple[float, float]:
    """Where the gritter is on the map while it crosses the picture: depot → this road's
    bridge → over it → on along the same road."""
    if x >= BRIDGE_X0:
        k = min((x - BRIDGE_X0) / (BRIDGE_X1 - BRIDGE_X0), 1.3)
        return (MAP_BRIDGE[0] + (MAP_BRIDGE[1] - MAP_BRIDGE[0]) * k, MAP_ROAD_Y)
    return MAP_ROUTE.at((x - DEPOT_X) / (BRIDGE_X0 - DEPOT_X))[0]


SCENE = BlackIce
