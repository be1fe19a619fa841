"""Heat island: a square in summer heats up with the live air temperature, the city opens
shade, water and a cool place, from "hot" a heat alert goes out to the Kita and the care home,
and when it is very hot the heat helpers' van brings water. Below 20 °C clouds cover the sun.
Each level its own reaction: clouds · clear sky · sail, fountain and "cool place" banner ·
alert signs and mist · the helpers' van.

Follows FACTS.md 5: the DWD bands 26 / 32 / 38 °C (warm / hot / very hot) and what heat
action plans do — alert care homes and Kitas, drinking fountains, cool places and shade.
The thermometer here measures air temperature (the DWD warns by felt temperature; the panel
says so). Everything physical follows the value continuously, eased over `dt`: the street's
tint, the heat shimmer over the asphalt, the sun, the sun sail, the fountain's water arc,
the misting pole. Only the alert follows the level (with its hysteresis), as alerts do.
"""

from __future__ import annotations

import math
import random

import pygame

from exhibit.render import kit, street
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.widgets import (
    approach,
    approach_color,
    corner_tag,
    crossfade,
    ease_in_out,
    glow,
    pill,
)
from exhibit.scene import Scene, level_starts
from exhibit.world import SensorView, World, fresh_value

SENSOR = "temp"
ALERT_LEVELS = {"hot": 0.55, "extreme": 1.0}   # level -> alert strength (corner-tag bar)
MILD_DAY = 20.0                  # °C: the square without a temperature sensor at all
REMIX_GAP = 0.12                 # s between two mixes of the cool and hot street
# The levels (DWD bands, FACTS.md 5b) that tick the thermometer; the shade comes out from
# where "warm" begins, the mist from where "hot" begins — as the sensor's config says.
TICK_LEVELS = ("warm", "hot", "extreme")
SAIL_RAMP, FLOW_RAMP, MIST_RAMP = 3.0, 4.0, 4.0   # °C from the band's start to full
CLOUDY, HELPED = "cool", "extreme"  # the levels with clouds over the square / the helpers' van
LABEL_PX = 28                    # picture labels: ≥ 26 px even in the portrait picture (×0.94)

# Layout in design units, relative to the illustration's top-left corner.
GROUND = 440.0                   # where the houses across the road stand
ROAD_TOP, ROAD_BOTTOM = 470.0, 585.0
FRONT = 760.0                    # where things on the square stand
THERMO_X, TUBE_TOP, TUBE_BOTTOM = 66.0, 262.0, 668.0   # the street thermometer's tube
BULB_Y, BULB_R, TUBE_W = 704.0, 34.0, 26.0
ANTENNA = (THERMO_X, 168.0)
SUN = (330.0, 140.0)
TREE_X, TREE_SIZE = 270.0, 250.0
FOUNTAIN_X = 440.0               # the drinking fountain; its spout points right
SPOUT = (FOUNTAIN_X + 36.0, 626.0)
BASIN = (FOUNTAIN_X + 124.0, FRONT - 24.0)
SAIL_LEFT, SAIL_RIGHT = 610.0, 860.0    # the sun sail's posts
SAIL_TOP = 500.0
MIST_X, MIST_TOP = 975.0, 436.0  # the misting pole and its nozzle head
KITA_X, CARE_X = 500.0, 1010.0   # the two buildings that get the alert
KITA_W, KITA_H, CARE_W, CARE_H = 210.0, 150.0, 250.0, 190.0
ALERTS = ((KITA_X, GROUND - KITA_H - KITA_W * 0.38 - 50.0), (CARE_X, GROUND - CARE_H - 46.0))
ALERT_R = 32.0
BANNER = (680.0, 172.0, 160.0, 236.0)  # the "cool place" banner on the tall house (x, y, w, h)
VAN_X, VAN_W, VAN_H = 500.0, 262.0, 128.0   # the heat helpers' van on the road (centre x)
CLOUDS = ((330.0, 132.0, 1.4), (650.0, 96.0, 1.1), (120.0, 70.0, 0.9), (880.0, 214.0, 0.9),
          (560.0, 236.0, 0.8))
SHELTER_BOX = (SAIL_LEFT - 20, SAIL_TOP - 16, SAIL_RIGHT - SAIL_LEFT + 40, FRONT - SAIL_TOP + 18)
# where the heat haze rises: right of the tree, clear of the misting pole
SHIMMER_XS = tuple(x for x in range(450, 1150, 56) if abs(x - MIST_X) > 30)

MIST_DROPS = 110
PUFFS = ((0, 60, 50), (-55, 130, 62), (55, 130, 62), (-95, 215, 66), (95, 215, 66),
         (0, 200, 72))                  # the mist cloud: (dx, dy from the nozzle, radius)
CLOUD_W, CLOUD_H, CLOUD_CENTER_DY = 340.0, 320.0, 145.0

SAIL = palette.mix(palette.INK, palette.TONES["info"],
                   0.18)          # exact colours: tests count them
MIST = palette.mix(palette.WATER, palette.INK, 0.55)
MIST_CLOUD = palette.mix(palette.WATER, palette.INK, 0.8)
SHIMMER = palette.mix(palette.INK_SOFT, palette.LAMP_LIGHT, 0.35)
COOL_SHADE = palette.mix(palette.PAVEMENT, palette.NIGHT_DEEP,
                         0.4)   # shade stays cool while the square heats
HOT = palette.TONES["act"]
TUBE_EMPTY = palette.mix(palette.PANEL_LINE, palette.INK, 0.15)
PEOPLE = (palette.mix(palette.INK_SOFT, palette.BUILDING[0], 0.35),
          palette.mix(palette.LEAF_DRY, palette.BUILDING[1], 0.3),
          palette.mix(palette.TONES["calm"], palette.NIGHT_DEEP, 0.15),
          palette.mix(palette.TRUNK, palette.INK_SOFT, 0.35))


def ramp(value: float, low: float, high: float) -> float:
    """0 below `low`, 1 above `high`, eased in between."""
    return ease_in_out((value - low) / (high - low))


def alert_level(view: SensorView | None) -> str | None:
    """'hot' or 'extreme' while the city's heat alert is out, else None."""
    if fresh_value(view) is None or view.level is None:
        return None
    return view.level.name if view.level.name in ALERT_LEVELS else None


def tube_y(temp: float, low: float, high: float) -> float:
    """Where the thermometer's column ends for `temp` on the scale `low`..`high`."""
    k = min(max((temp - low) / (high - low), 0.0), 1.0)
    return TUBE_BOTTOM - (TUBE_BOTTOM - TUBE_TOP) * k


class HeatIsland(Scene):
    LABELS = ("alert", "alert_extreme", "alert_hot", "alert_off", "care_home", "cool_place",
              "fountain", "helpers", "kita", "mist", "no_data")

    def setup(self) -> None:
        rng = random.Random(5)   # fixed spray pattern, deterministic for tests
        self.drops = [(rng.uniform(-1, 1), rng.random(), rng.choice((4.0, 5.0, 6.0)))
                      for _ in range(MIST_DROPS)]
        self._street: tuple[object, int, pygame.Surface] | None = None
        sensor = self.sensor()
        self.starts = level_starts(sensor)
        # the thermometer's scale; without the sensor no column and no ticks are drawn
        self.scale = (sensor.low, sensor.high) if sensor else (0.0, 1.0)
        self.rest = self.rest_value(MILD_DAY)

    def reset(self) -> None:
        self.temp = self.rest              # eased °C the picture shows
        self.column: float | None = None   # eased thermometer reading, None: no data
        self.tone = palette.INK_DIM
        self.sail = self.flow = self.mist = self.alert = 0.0
        self.cloud = self.van = 0.0
        self.alert_tone = palette.TONES["notice"]
        self._mixed_at = -1.0       # clock time of the last cool/hot street mix

    def cooling(self, temp: float) -> tuple[float, float, float]:
        """How far sun sail, fountain and mist are out at `temp` (0..1 each): from where the
        sensor's "warm" and "hot" levels begin."""
        warm, hot = self.starts.get("warm", math.inf), self.starts.get("hot", math.inf)
        if math.isinf(warm) or math.isinf(hot):
            return 0.0, 0.0, 0.0
        return (ramp(temp, warm, warm + SAIL_RAMP), ramp(temp, warm, warm + FLOW_RAMP),
                ramp(temp, hot, hot + MIST_RAMP))

    # --- update ----------------------------------------------------------------------
    def advance(self, dt: float, world: World) -> None:
        view = world.view(SENSOR)
        temp = fresh_value(view)
        shown = self.rest if temp is None else min(max(temp, self.scale[0]), self.scale[1])
        level = alert_level(view)
        tone = palette.tone(view.level.tone) if temp is not None and view.level else palette.INK_DIM
        if self.snapping:  # a scene coming on screen shows the present heat at once
            self.temp, self.column, self.tone = shown, temp, tone
        self.temp = approach(self.temp, shown, dt, 0.5)
        if temp is None:
            self.column = None
        else:
            self.column = temp if self.column is None else approach(self.column, temp, dt, 0.3)
        self.tone = approach_color(self.tone, tone, dt, 0.25)
        sail, flow, mist = self.cooling(shown) if temp is not None else (0.0, 0.0, 0.0)
        self.sail = approach(self.sail, sail, dt, 0.5)
        self.flow = approach(self.flow, flow, dt, 0.35)
        self.mist = approach(self.mist, mist, dt, 0.5)
        self.alert = approach(self.alert, ALERT_LEVELS.get(level, 0.0), dt, 0.3)
        name = view.level.name if temp is not None and view.level else None
        if self.snapping:
            self.cloud = 1.0 if name == CLOUDY else 0.0
        self.cloud = approach(self.cloud, 1.0 if name == CLOUDY else 0.0, dt, 0.6)
        self.van = approach(self.van, 1.0 if name == HELPED else 0.0, dt, 0.7)
        if level:
            self.alert_tone = approach_color(self.alert_tone, palette.tone(view.level.tone), dt,
                                             0.25)

    # --- draw ------------------------------------------------------------------------
    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        lang = world.language
        labels = self.text.labels
        canvas.blit(self._street_mix(canvas, area), area[:2])
        self._sun(canvas)
        self._clouds(canvas, area)
        self._banner(canvas, labels["cool_place"][lang])
        self._shimmer(canvas)
        self._van(canvas, labels["helpers"][lang])
        self._sail_shadow(canvas)
        canvas.draw_layer("heat_island.shelter", SHELTER_BOX, lambda c: self._shelter(c),
                          alpha=True)
        self._people(canvas)
        self._sail(canvas)
        self._fountain(canvas)
        self._mist(canvas)
        self._alerts(canvas)
        self._thermometer(canvas, labels, lang)
        for key, at, anchor in (("kita", (KITA_X, GROUND - 34), "center"),
                                ("care_home", (CARE_X + 34, GROUND - 34), "center"),
                                ("fountain", (FOUNTAIN_X - 28, SPOUT[1] - 16), "midright"),
                                ("mist", (MIST_X - 38, MIST_TOP), "midright")):
            pill(canvas, labels[key][lang], at, LABEL_PX, palette.INK, palette.NIGHT_DEEP,
                 anchor=anchor)
        self._alert_tag(canvas, area, world, labels, lang)

    def _sun(self, canvas: Canvas) -> None:
        """The sun glows larger and warmer as the air heats up."""
        k = ramp(self.temp, 10, 42)
        glow(canvas, SUN, 240, palette.LAMP_LIGHT, round((0.12 + 0.6 * k) * 16) / 16)
        color = palette.mix(palette.mix(palette.LAMP_LIGHT, palette.INK, 0.4),
                            palette.mix(palette.LAMP_LIGHT, HOT, 0.25), k)
        canvas.circle(color, SUN, 48 + 18 * k)

    def _clouds(self, canvas: Canvas, area: Box) -> None:
        """A cool, overcast day: clouds drift over the sun (one cached layer, faded)."""
        if self.cloud <= 0.02:
            return
        layer = canvas.layer("heat_island.clouds", area, _clouds, alpha=True)
        layer.set_alpha(min(round(self.cloud * 255), 255))
        canvas.surface.blit(layer, canvas.pt(*area[:2]))

    def _banner(self, canvas: Canvas, words: str) -> None:
        """The city opens a cool place (heat action plans, FACTS 5a): a banner unrolls down
        the tall house's front, a drop and its name on it, as the sun sail comes out."""
        if self.sail <= 0.02:
            return
        x, y, w, h = BANNER
        shown = h * self.sail
        canvas.box(palette.METAL, (x - 8, y - 8, w + 16, 10), radius=4)
        canvas.box(palette.TONES["info"], (x, y, w, shown), radius=8)
        if self.sail > 0.9:
            cx = x + w / 2
            canvas.circle(palette.NIGHT_DEEP, (cx, y + 44), 14)
            canvas.polygon(palette.NIGHT_DEEP, [(cx - 12, y + 38), (cx, y + 16), (cx + 12, y + 38)])
            for i, line in enumerate(words.split(" ", 1)):
                canvas.text(line, (cx, y + 96 + i * 36), LABEL_PX, palette.NIGHT_DEEP,
                            weight="bold", anchor="center")

    def _van(self, canvas: Canvas, words: str) -> None:
        """The heat helpers' van drives up on the road with water crates (very hot)."""
        if self.van <= 0.02:
            return
        x = VAN_X - (1 - ease_in_out(self.van)) * 760
        left, bottom = x - VAN_W / 2, ROAD_BOTTOM - 8
        top = bottom - VAN_H
        body = palette.mix(palette.INK, palette.BUILDING[1], 0.12)
        canvas.box(body, (left, top + 10, VAN_W, VAN_H - 24), radius=14)
        canvas.box(body, (left + VAN_W - 70, top, 62, 40), radius=12)          # the cab's roof
        canvas.box(palette.mix(palette.SKY_DAY, palette.NIGHT_DEEP, 0.35),
                   (left + VAN_W - 58, top + 10, 44, 30), radius=6)          # windscreen
        canvas.box(palette.TONES["info"], (left, top + 62, VAN_W, 12))     # the stripe
        canvas.text(words, (left + (VAN_W - 70) / 2 + 6, top + 38), LABEL_PX, palette.NIGHT_DEEP,
                    weight="bold", anchor="center")
        for crate in range(3):                                              # water on the back
            canvas.box(palette.TONES["info"], (left - 30, bottom - 26 - crate * 24, 28, 22),
                       radius=4)
        for wx in (left + 46, left + VAN_W - 44):
            canvas.circle(palette.NIGHT_DEEP, (wx, bottom - 6), 20)
            canvas.circle(palette.METAL, (wx, bottom - 6), 8)

    def _shimmer(self, canvas: Canvas) -> None:
        """Heat haze: wavy lines rising off the asphalt, taller and livelier with the heat."""
        k = ramp(self.temp, 24, 42)
        if k <= 0.02:
            return
        height = 40 + 190 * k
        amp = 3 + 6 * k
        width = max(canvas.px(3), 1)
        base = ROAD_BOTTOM - 14
        for i, x in enumerate(SHIMMER_XS):
            x0 = x + (i % 3) * 9
            phase = self.clock * (2.2 + 0.3 * (i % 4)) + i * 1.7
            tall = height * (0.6 + 0.4 * ((i * 7) % 5) / 4)
            points = [canvas.pt(x0 + amp * math.sin(phase - j * 0.9), base - tall * j / 9)
                      for j in range(10)]
            pygame.draw.lines(canvas.surface, SHIMMER, False, points, width)

    def _sail_shadow(self, canvas: Canvas) -> None:
        """The sail's shadow: a cool spot on the hot square, growing as the sail unfurls."""
        if self.sail > 0.01:
            edge = SAIL_LEFT + (SAIL_RIGHT - SAIL_LEFT) * self.sail
            canvas.ellipse(COOL_SHADE, (SAIL_LEFT + 10, FRONT - 16, edge - SAIL_LEFT + 40, 34))

    def _people(self, canvas: Canvas) -> None:
        walk = (self.clock * 38 + 420) % 1500 - 200
        for i, (x, size) in enumerate(((690.0, 160.0), (785.0, 140.0), (1085.0, 156.0),
                                       (walk, 150.0))):
            kit.person(canvas, x, FRONT, size, PEOPLE[i], self.clock * 6 if i == 3 else 0.0)

    def _sail(self, canvas: Canvas) -> None:
        """The sun sail unfurls from its roll on the left post."""
        street.sun_sail(canvas, SAIL_LEFT, SAIL_RIGHT, SAIL_TOP, self.sail, SAIL)

    def _fountain(self, canvas: Canvas) -> None:
        """The drinking fountain's water arc: longer and fuller with the heat."""
        if self.flow <= 0.02:
            return
        start = SPOUT
        end = (SPOUT[0] + (BASIN[0] - SPOUT[0]) * (0.45 + 0.55 * self.flow), BASIN[1])
        kit.water_jet(canvas, start, end, lift=10 + 34 * self.flow, head=min(self.flow * 2, 1.0),
                      phase=self.clock, width=9 + 5 * self.flow)
        kit.splash(canvas, end, self.clock, self.flow)

    def _mist(self, canvas: Canvas) -> None:
        """Fine spray from the pole's head, falling in a widening cone: a soft cloud and as
        many drops as the heat calls for."""
        count = round(self.mist * MIST_DROPS)
        if count <= 0:
            return
        level = max(round(self.mist * 6), 1)
        cloud = canvas.cached(("heat_island.cloud", canvas.scale, level),
                              lambda: _cloud(canvas.scale, 18 * level))
        sway = math.sin(self.clock * 0.7) * 8
        cx, cy = canvas.pt(MIST_X + sway, MIST_TOP + CLOUD_CENTER_DY)
        canvas.surface.blit(cloud, (cx - cloud.get_width() // 2, cy - cloud.get_height() // 2))
        for side, t0, r in self.drops[:count]:
            t = (self.clock * 0.4 + t0) % 1.0
            x = MIST_X + side * (16 + 150 * t) + math.sin(self.clock * 1.3 + t0 * 9) * 8
            y = MIST_TOP + 8 + 270 * t * (0.55 + 0.45 * t)
            px = canvas.px(r * (1 - 0.5 * t))
            drop = canvas.cached(("heat_island.drop", px), lambda px=px: _drop(px))
            cx, cy = canvas.pt(x, y)
            canvas.surface.blit(drop, (cx - px, cy - px))

    def _alerts(self, canvas: Canvas) -> None:
        """The heat alert: a warning sign over the Kita and the care home, sending out
        waves — faster when it is very hot."""
        if self.alert <= 0.02:
            return
        pop = min(self.alert / ALERT_LEVELS["hot"], 1.0)
        self._blinds(canvas, pop)
        rate = 0.5 + 0.6 * self.alert
        ages = [(self.clock * rate + k / 3) % 1.0 for k in range(3)] if pop > 0.5 else []
        for x, y in ALERTS:
            street.alert_sign(canvas, (x, y), ALERT_R * (0.6 + 0.4 * pop),
                              palette.mix(palette.PANEL_LINE, self.alert_tone, pop), ages,
                              fade_to=palette.SKY_DAY)

    def _blinds(self, canvas: Canvas, k: float) -> None:
        """With the alert the Kita and the care home let their sun blinds down over every
        row of windows (slatted, so they read as blinds, not as a colour)."""
        slat = palette.mix(palette.INK, palette.LAMP_LIGHT, 0.25)
        gap = palette.mix(slat, palette.NIGHT_DEEP, 0.35)
        for x, w, h in ((KITA_X, KITA_W, KITA_H), (CARE_X, CARE_W, CARE_H)):
            left, top = x - w / 2 + 8, GROUND - h
            for r in range(max(int((h - 40) // 60), 1)):   # kit.building's window rows
                y = top + 22 + r * 60
                drop = 44 * k
                canvas.box(slat, (left, y, w - 16, drop), radius=4)
                for sy in range(int(drop // 9)):
                    canvas.box(gap, (left, y + 6 + sy * 9, w - 16, 2))

    def _thermometer(self, canvas: Canvas, labels, lang: str) -> None:
        """The street thermometer: the column rises with the live value in the level's
        colour; ticks at the DWD bands; a radio wave per reading."""
        x = THERMO_X
        if self.column is not None:
            top = tube_y(self.column, *self.scale)
            canvas.box(self.tone, (x - TUBE_W / 2 + 5, top, TUBE_W - 10, BULB_Y - top),
                       radius=(TUBE_W - 10) / 2)
            canvas.circle(self.tone, (x, BULB_Y), BULB_R - 8)
        for band in (self.starts[name] for name in TICK_LEVELS if name in self.starts):
            y = tube_y(band, *self.scale)
            canvas.line(palette.INK_SOFT, (x + TUBE_W / 2 + 4, y), (x + TUBE_W / 2 + 16, y), 4)
            canvas.text(f"{band:.0f}°", (x + TUBE_W / 2 + 20, y), LABEL_PX, palette.INK_SOFT,
                        anchor="midleft")
        kit.radio_waves(canvas, (ANTENNA[0], ANTENNA[1] - 6), self.radio.progress, palette.INK,
                        reach=56)
        if self.column is None:
            pill(canvas, labels["no_data"][lang], (x - 42, (TUBE_TOP + TUBE_BOTTOM) / 2),
                 LABEL_PX, palette.INK, palette.PANEL, anchor="midleft")

    def _alert_tag(self, canvas: Canvas, area: Box, world: World, labels, lang: str) -> None:
        view = world.view(SENSOR)
        level = alert_level(view)
        if fresh_value(view) is None:
            value, color = labels["no_data"][lang], palette.INK_DIM
        elif level is None:
            value, color = labels["alert_off"][lang], palette.TONES["ok"]
        else:
            value, color = labels[f"alert_{level}"][lang], palette.tone(view.level.tone)
        widest = max((labels[k][lang] for k in ("alert_off", "alert_hot", "alert_extreme",
                                                 "no_data")),
                     key=lambda s: canvas.text_width(s, 36, "bold"))
        corner_tag(canvas, area, labels["alert"][lang], value,
                   palette.legible(color, palette.PANEL), self.alert, widest=widest)

    # --- the street, cool and hot, mixed at the present heat ----------------------------
    def _street_mix(self, canvas: Canvas, area: Box) -> pygame.Surface:
        """The static street drawn cool and hot, mixed in 48 steps and kept: while the
        temperature holds still a frame costs one opaque blit, not an alpha blend."""
        cool = canvas.layer("heat_island.cool", area, lambda c: self._static(c, area, 0.0))
        step = round(ramp(self.temp, 16, 40) * 48)
        fresh = self._street is not None and self._street[0] is cool
        if fresh and step != self._street[1] and self.clock - self._mixed_at < REMIX_GAP:
            step = self._street[1]  # a 4K alpha blend costs ~11 ms: at most ~8 a second
        if not fresh or self._street[1] != step:
            self._mixed_at = self.clock
            hot = canvas.layer("heat_island.hot", area, lambda c: self._static(c, area, 1.0))
            mix = self._street[2] if self._street and self._street[0] is cool else cool.copy()
            crossfade(Canvas(mix, canvas.text_cache, scale=1.0, offset=(0, 0)), cool, hot,
                      step / 48)
            self._street = (cool, step, mix)
        return self._street[2]

    def _static(self, canvas: Canvas, area: Box, heat: float) -> None:
        """Sky, houses, road and square; `heat` 0 cool .. 1 hot tints what heats up."""
        _, _, w, h = area
        sky_top = palette.mix(palette.SKY_DAY,
                              palette.mix(palette.SKY_DAY, palette.LAMP_LIGHT, 0.45), heat)
        sky_low = palette.mix(palette.mix(palette.SKY_DAY, palette.INK, 0.4),
                              palette.mix(palette.LAMP_LIGHT, HOT, 0.2), heat)
        kit.sky(canvas, (0, 0, w, GROUND), sky_top, sky_low)
        houses = ((250, 190, 200, "flat"), (KITA_X, KITA_W, KITA_H, "gable"),
                  (760, 190, 290, "flat"), (CARE_X, CARE_W, CARE_H, "flat"))
        for i, (hx, hw, hh, roof) in enumerate(houses):
            color = palette.mix(palette.BUILDING[i % 3],
                                palette.mix(palette.BUILDING[i % 3], HOT, 0.3), heat)
            kit.building(canvas, hx, GROUND, hw, hh, color, seed=i + 2, roof=roof)
        pavement = palette.mix(palette.PAVEMENT, palette.mix(palette.PAVEMENT, HOT, 0.42), heat)
        road = palette.mix(palette.ROAD, palette.mix(palette.ROAD, HOT, 0.3), heat)
        canvas.box(pavement, (0, GROUND, w, ROAD_TOP - GROUND))
        canvas.box(road, (0, ROAD_TOP, w, ROAD_BOTTOM - ROAD_TOP))
        for i in range(int(w // 120) + 1):
            canvas.box(palette.mix(palette.ROAD_LINE, road, 0.3),
                       (i * 120 + 20, (ROAD_TOP + ROAD_BOTTOM) / 2 - 3, 60, 6), radius=3)
        canvas.box(pavement, (0, ROAD_BOTTOM, w, h - ROAD_BOTTOM))
        canvas.box(palette.mix(pavement, palette.INK, 0.3), (0, ROAD_BOTTOM, w, 10))
        seam = palette.mix(pavement, palette.NIGHT_DEEP, 0.18)
        for i in range(int(w // 96) + 1):
            canvas.box(seam, (i * 96 + 30, ROAD_BOTTOM + 10, 3, h - ROAD_BOTTOM))
        # the old street tree's shade: a cool spot whatever the weather (long-term measure)
        canvas.ellipse(COOL_SHADE, (TREE_X - 130, FRONT - 18, 270, 36))
        leaf = palette.mix(palette.LEAF, palette.mix(palette.LEAF, palette.LEAF_DRY, 0.45), heat)
        kit.tree(canvas, TREE_X, FRONT, TREE_SIZE, palette.mix(leaf, palette.BUILDING[1], 0.25))
        self._furniture(canvas)

    def _furniture(self, canvas: Canvas) -> None:
        """Thermometer pillar, drinking fountain, misting pole: they do not heat up, so they
        look the same in both layers."""
        px = THERMO_X
        canvas.line(palette.METAL, (px, ANTENNA[1]), (px, TUBE_TOP - 40), 5)
        canvas.box(palette.NIGHT_DEEP, (px - 46, TUBE_TOP - 44, 122, FRONT - TUBE_TOP + 44),
                   radius=26)
        canvas.box(TUBE_EMPTY, (px - TUBE_W / 2, TUBE_TOP - 10, TUBE_W, BULB_Y - TUBE_TOP + 10),
                   radius=TUBE_W / 2)
        canvas.circle(TUBE_EMPTY, (px, BULB_Y), BULB_R)
        street.drinking_fountain(canvas, FOUNTAIN_X, FRONT, FRONT - SPOUT[1] + 22, BASIN)
        street.misting_pole(canvas, MIST_X, FRONT, FRONT - MIST_TOP)

    def _shelter(self, canvas: Canvas) -> None:
        """The sun sail's posts, the sail rolled up on the left one, a bench between: drawn
        over the sail's shadow."""
        for sx in (SAIL_LEFT, SAIL_RIGHT):
            canvas.box(palette.METAL, (sx - 6, SAIL_TOP - 10, 12, FRONT - SAIL_TOP + 10), radius=5)
        canvas.box(street.SAIL_ROLL, (SAIL_LEFT - 13, SAIL_TOP - 6, 26, 60), radius=11)
        bench = palette.mix(palette.TRUNK, palette.INK_SOFT, 0.3)
        canvas.box(bench, (660, FRONT - 60, 160, 15), radius=6)
        for bx in (672, 798):
            canvas.box(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.3),
                       (bx, FRONT - 46, 10, 46))


def _cloud(scale: float, alpha: int) -> pygame.Surface:
    """The soft mist round the spray: a few overlapping puffs, each more opaque towards
    its middle, composed once per strength."""
    w, h = round(CLOUD_W * scale), round(CLOUD_H * scale)
    cloud = pygame.Surface((w, h), pygame.SRCALPHA)
    for dx, dy, r in PUFFS:
        px = max(round(r * scale), 2)
        puff = pygame.Surface((px * 2, px * 2), pygame.SRCALPHA)
        for i in range(20):  # draw.circle replaces pixels: each ring sets its own alpha
            a = round(alpha * ((i + 1) / 20) ** 0.7)
            pygame.draw.circle(puff, (*MIST_CLOUD, a), (px, px), max(round(px * (1 - i / 20)), 1))
        cloud.blit(puff, (round((CLOUD_W / 2 + dx) * scale) - px,
                          round((CLOUD_H / 2 + dy - CLOUD_CENTER_DY) * scale) - px))
    return cloud


def _clouds(canvas: Canvas) -> None:
    """An overcast, cool day: a grey veil over the sky and grey clouds, drawn once into
    their layer."""
    grey = palette.mix(palette.INK_SOFT, palette.NIGHT_DEEP, 0.3)
    shade = palette.mix(grey, palette.NIGHT_DEEP, 0.18)
    veil = palette.mix(palette.INK_SOFT, palette.NIGHT_DEEP, 0.45)
    canvas.surface.fill((*veil, 120), canvas.rect((0, 0, 1200, GROUND)))
    for cx, cy, k in CLOUDS:
        canvas.box(shade, (cx - 150 * k, cy + 10 * k, 300 * k, 52 * k), radius=26 * k)
        for dx, dy, r in ((-90, 12, 52), (-20, -18, 72), (60, 0, 60), (120, 18, 40)):
            canvas.circle(grey, (cx + dx * k, cy + dy * k), r * k)
        canvas.box(grey, (cx - 140 * k, cy + 4 * k, 290 * k, 50 * k), radius=25 * k)


def _drop(radius_px: int) -> pygame.Surface:
    """One mist droplet, anti-aliased, blitted many times a frame."""
    size = radius_px * 2 + 2
    surface = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.aacircle(surface, MIST, (radius_px + 1, radius_px + 1), max(radius_px, 1))
    return surface


SCENE = HeatIsland
