"""Smart litter bins that report when they are full (fill-level sensor in the lid).

Follows FACTS.md 3: an ultrasonic sensor in the lid measures the fill level and reports by
radio; at 80 % (Hattersheim) a bin counts as full and the collection crew puts it on the
day's route instead of emptying every bin on a fixed round. Upper part: the model's bin in
the street, cut open so its contents rise with the live value (eased). Lower part: a small
top-down map with a few bins coloured like Stralsund's map (red "Bitte leeren", yellow
"Halbzeit", green OK; here in Okabe–Ito tones); the route runs only through full bins and a
truck drives it while the live bin is full.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from exhibit.render import kit
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.vehicles import Route
from exhibit.render.widgets import approach, approach_color, ease_in_out, pill
from exhibit.scene import Scene, level_at, level_starts
from exhibit.world import SensorView, World

SENSOR = "bin"
FULL_LEVEL = "full"              # the sensor's level from which a bin is emptied (Hattersheim:
                                 # 80 %, FACTS.md 3b — the value lives in exhibit.yaml)

# Street, design units relative to the illustration's top-left corner.
GROUND = 300.0                   # where the houses stand
PAVE_BOTTOM = 462.0
BIN_X, BIN_FOOT = 300.0, 440.0   # the model's bin: centre and where it stands
BIN_W, BIN_H = 190.0, 250.0
LID_H = 26.0
WALL = 14.0                      # bin wall seen at the cut
INNER = (BIN_X - BIN_W / 2 + WALL, BIN_FOOT - BIN_H + LID_H + 10,
         BIN_W - 2 * WALL, BIN_H - LID_H - 10 - WALL)   # the cut-open interior (x, y, w, h)
ANTENNA = (BIN_X + 52, BIN_FOOT - BIN_H - 30)
GAUGE_X, GAUGE_W = BIN_X + BIN_W / 2 + 34, 24

PAPER = palette.hex_color("#E9E2CF")          # the contents of the bin (exact colour: tests)
PAPER_BALL = palette.hex_color("#D3CAB2")
BIN_BODY = palette.mix(palette.GRASS, palette.NIGHT_DEEP, 0.35)
BIN_INSIDE = palette.mix(BIN_BODY, palette.NIGHT_DEEP, 0.7)
TRUCK = palette.hex_color("#CC79A7")          # Okabe–Ito reddish purple: only the truck uses it
TRUCK_CAB = palette.mix(TRUCK, palette.INK, 0.45)
GREY = palette.INK_DIM                        # stale / no data

# Map, top-down. Streets: two rows, four cross streets.
MAP = (24.0, 474.0, 1104.0, 250.0)
MAP_HEAD = 46.0
ROWS = (566.0, 672.0)
COLUMNS = (150.0, 430.0, 710.0, 990.0)
STREET_W = 26.0
DEPOT = (64.0, ROWS[1])
LIVE_BIN = (270.0, ROWS[0])
# The other bins and their levels are illustrative, not measured: fixed, plausible values.
OTHER_BINS = (((560.0, ROWS[0]), 91.0), ((870.0, ROWS[0]), 34.0),
              ((330.0, ROWS[1]), 62.0), ((620.0, ROWS[1]), 86.0),
              ((900.0, ROWS[1]), 18.0))
DOT_R = 15.0

TRUCK_SPEED = 260.0              # design units per second along the map's streets
STOP_SECONDS = 0.8               # at each full bin (and the depot)


def is_full(view: SensorView | None) -> bool:
    """A fresh reading in the sensor's full level: the truck goes."""
    return view is not None and view.fresh and view.level is not None \
        and view.level.name == FULL_LEVEL


def street_path(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]]:
    """The way from a to b along the map's streets (rows, then a cross street)."""
    if a[1] == b[1]:
        return [a, b]
    col = min(COLUMNS, key=lambda c: abs(c - (a[0] + b[0]) / 2))
    return [a, (col, a[1]), (col, b[1]), b]


def route_stops(live_full: bool, full_at: float) -> list[tuple[float, float]]:
    """Depot → every full bin (the live one only when full) in a loop → depot; the other
    bins count as full from `full_at` %."""
    full = [pos for pos, pct in OTHER_BINS if pct >= full_at]
    if live_full:
        full.append(LIVE_BIN)
    top = sorted((p for p in full if p[1] == ROWS[0]), key=lambda p: p[0])
    bottom = sorted((p for p in full if p[1] == ROWS[1]), key=lambda p: -p[0])
    return [DEPOT, *top, *bottom, DEPOT]


def legs(stops: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    return [street_path(a, b) for a, b in zip(stops, stops[1:])]


@dataclass
class TruckTour:
    """The collection truck on the map: leg by leg, each eased in and out, a short stop at
    every bin; it runs only while the live bin is full and starts at the depot."""

    full_at: float = math.inf        # % from which the other bins are full
    active: bool = False
    leg: int = 0
    t: float = 0.0
    pos: tuple[float, float] = DEPOT
    heading: tuple[float, float] = (1.0, 0.0)

    def update(self, dt: float, full: bool) -> None:
        if not full:
            self.active, self.leg, self.t, self.pos = False, 0, 0.0, DEPOT
            return
        self.active = True
        route = legs(route_stops(True, self.full_at))
        self.t += dt
        path = Route(route[self.leg % len(route)])
        drive = max(path.length / TRUCK_SPEED, 0.5)
        k = ease_in_out(self.t / drive)
        self.pos, heading = path.at(k)
        if k < 1.0:
            self.heading = heading
        if self.t >= drive + STOP_SECONDS:
            self.leg = (self.leg + 1) % len(route)
            self.t = 0.0


@dataclass
class BinsState:
    fill: float = 0.0                 # eased % shown in the bin
    tone: palette.Color = GREY        # eased level colour of the live bin


class WasteBins(Scene):
    LABELS = ("full_mark", "legend_full", "legend_half", "legend_ok", "no_data", "route",
              "stops", "this_bin")

    def setup(self) -> None:
        self.full_at = level_starts(self.sensor()).get(FULL_LEVEL, math.inf)

    def reset(self) -> None:
        self.bins = BinsState()
        self.truck = TruckTour(self.full_at)

    def bin_tone(self, percent: float) -> str:
        """The tone of the sensor's level `percent` falls in (calm without the sensor)."""
        level = level_at(self.sensor(), percent)
        return level.tone if level else "calm"

    # --- update ----------------------------------------------------------------------
    def advance(self, dt: float, world: World) -> None:
        bins = self.bins
        view = world.view(SENSOR)
        live = self.live(world) is not None
        target = min(max(view.value, 0.0), 100.0) if live else 0.0
        tone = palette.tone(view.level.tone if live and view.level else None) if live else GREY
        if self.snapping:  # a scene coming on screen shows the present state at once
            bins.fill, bins.tone = target, tone
        bins.fill = approach(bins.fill, target, dt, 0.3)
        bins.tone = approach_color(bins.tone, tone, dt, 0.25)
        self.truck.update(dt, is_full(view))

    # --- draw ------------------------------------------------------------------------
    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        lang = world.language
        labels = self.text.labels
        view = world.view(SENSOR)
        live, full = self.live(world) is not None, is_full(view)
        canvas.draw_layer("waste_bins.static", area, lambda c: self._static(c, area))
        self._bin(canvas, live, labels, lang)
        self._map(canvas, live, full, labels, lang)
        self._route_tag(canvas, area, full, labels, lang)
        self.legend(canvas, area, lang)

    def _bin(self, canvas: Canvas, live: bool, labels, lang: str) -> None:
        bins = self.bins
        ix, iy, iw, ih = INNER
        # contents: paper up to the eased level, a few crumpled balls on top
        h = ih * bins.fill / 100
        if h > 0.5:
            top = iy + ih - h
            canvas.box(PAPER, (ix, top, iw, h))
            if h > 10:
                for bx, r in ((0.16, 15), (0.42, 19), (0.7, 14), (0.88, 12)):
                    canvas.circle(PAPER_BALL, (ix + iw * bx, top + 2), r)
        # the ultrasonic sensor under the lid looks down into the bin
        sx, sy = BIN_X, iy + 4
        canvas.box(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.4), (sx - 40, sy - 6, 80, 22),
                   radius=6)
        for dx in (-18, 18):
            canvas.circle(palette.METAL, (sx + dx, sy + 6), 9)
        # antenna LED and radio waves
        ax, ay = ANTENNA
        led = palette.mix(palette.mix(bins.tone, palette.NIGHT_DEEP, 0.35), bins.tone,
                          self.radio.flash())
        canvas.circle(led, (ax, ay + 8), 7)
        if self.radio.elapsed:
            kit.radio_waves(canvas, (ax, ay - 14), self.radio.progress, palette.INK, reach=60)
        # fill gauge beside the bin, in the level colour
        gx, gy = GAUGE_X, BIN_FOOT - BIN_H + LID_H
        gh = BIN_H - LID_H
        canvas.box(palette.NIGHT_DEEP, (gx, gy, GAUGE_W, gh), radius=GAUGE_W / 2)
        if bins.fill > 0.5:
            fh = max(gh * bins.fill / 100, GAUGE_W)
            canvas.box(bins.tone, (gx, gy + gh - fh, GAUGE_W, fh), radius=GAUGE_W / 2)
        if not math.isinf(self.full_at):
            mark = gy + gh * (1 - self.full_at / 100)
            canvas.line(palette.INK, (gx - 8, mark), (gx + GAUGE_W + 8, mark), 4)
            text = labels["full_mark"][lang].format(percent=f"{self.full_at:.0f}")
            pill(canvas, text, (gx + GAUGE_W + 16, mark), 26, palette.INK, palette.PANEL,
                 anchor="midleft")
        if not live:
            pill(canvas, labels["no_data"][lang], (BIN_X, iy + ih * 0.6), 26, palette.INK,
                 palette.PANEL, anchor="center")

    def _map(self, canvas: Canvas, live: bool, full: bool, labels, lang: str) -> None:
        # the route through the full bins
        route_color = palette.mix(palette.INK, palette.TONES["act"], 0.25)
        for path in legs(route_stops(full, self.full_at)):
            for a, b in zip(path, path[1:]):
                canvas.line(route_color, a, b, 7)
            for p in path:
                canvas.circle(route_color, p, 3.5)
        for (bx, by), pct in OTHER_BINS:  # the bins on the route sit on top of it
            if pct >= self.full_at:
                canvas.circle(palette.NIGHT_DEEP, (bx, by), DOT_R + 4)
                canvas.circle(palette.TONES["act"], (bx, by), DOT_R)
        # the live bin's dot
        lx, ly = LIVE_BIN
        canvas.circle(palette.INK, (lx, ly), DOT_R + 7)
        canvas.circle(self.bins.tone if live else GREY, (lx, ly), DOT_R + 2)
        pill(canvas, labels["this_bin"][lang], (lx, ly - DOT_R - 14), 24, palette.NIGHT,
             palette.INK, anchor="midbottom")
        if self.truck.active:
            self._truck(canvas, self.truck.pos[0], self.truck.pos[1], self.truck.heading)

    def _truck(self, canvas: Canvas, x: float, y: float, heading: tuple[float, float]) -> None:
        """A garbage truck seen from above: body and a lighter cab in front."""
        length, width = 54.0, 28.0
        hx, hy = heading
        if abs(hx) >= abs(hy):
            canvas.box(palette.NIGHT_DEEP, (x - length / 2 + 3, y - width / 2 + 4, length, width),
                       radius=6)
            canvas.box(TRUCK, (x - length / 2, y - width / 2, length, width), radius=6)
            cab_x = x + length / 2 - 15 if hx >= 0 else x - length / 2
            canvas.box(TRUCK_CAB, (cab_x, y - width / 2 + 3, 15, width - 6), radius=4)
        else:
            canvas.box(palette.NIGHT_DEEP, (x - width / 2 + 3, y - length / 2 + 4, width, length),
                       radius=6)
            canvas.box(TRUCK, (x - width / 2, y - length / 2, width, length), radius=6)
            cab_y = y + length / 2 - 15 if hy >= 0 else y - length / 2
            canvas.box(TRUCK_CAB, (x - width / 2 + 3, cab_y, width - 6, 15), radius=4)

    def _route_tag(self, canvas: Canvas, area: Box, full: bool, labels, lang: str) -> None:
        stops = len(route_stops(full, self.full_at)) - 2
        label = labels["route"][lang]
        value = f"{stops} {labels['stops'][lang]}"
        w = max(290.0, canvas.text_width(label, 30) + 40, canvas.text_width(value, 38, "bold") + 96)
        x, y = area[0] + area[2] - w - 30, area[1] + 24
        canvas.box(palette.PANEL, (x, y, w, 96), radius=18)
        canvas.text(label, (x + 22, y + 10), 30, palette.INK_SOFT)
        canvas.circle(palette.TONES["act"], (x + 38, y + 68), 12)
        canvas.text(value, (x + 64, y + 68), 36, palette.INK, weight="bold", anchor="midleft")

    # --- static layer ------------------------------------------------------------------
    def _static(self, canvas: Canvas, area: Box) -> None:
        _, _, w, h = area
        kit.sky(canvas, (0, 0, w, GROUND), palette.SKY_DAY,
                palette.mix(palette.SKY_DAY, palette.INK, 0.45))
        kit.clouds(canvas, ((620, 90, 0.9), (180, 150, 0.6)))
        houses = ((90, 200, 210), (520, 220, 190), (760, 200, 150), (990, 260, 170))
        for i, (hx, hw, hh) in enumerate(houses):
            kit.building(canvas, hx, GROUND, hw, hh, palette.BUILDING[i % len(palette.BUILDING)],
                         seed=i + 5, roof="gable" if i % 2 else "flat")
        for tx, size in ((640, 120), (880, 110)):
            kit.tree(canvas, tx, GROUND + 4, size,
                     palette.mix(palette.LEAF, palette.BUILDING[1], 0.6))
        canvas.box(palette.PAVEMENT, (0, GROUND, w, PAVE_BOTTOM - GROUND))
        seam = palette.mix(palette.PAVEMENT, palette.NIGHT_DEEP, 0.15)
        for i in range(int(w // 96) + 1):
            canvas.box(seam, (i * 96 + 30, GROUND, 3, PAVE_BOTTOM - GROUND))
        canvas.box(palette.mix(palette.PAVEMENT, palette.INK, 0.3), (0, PAVE_BOTTOM - 8, w, 8))
        canvas.box(palette.NIGHT, (0, PAVE_BOTTOM, w, h - PAVE_BOTTOM))
        # a plain bin further down the street (no sensor), muted
        kit.litter_bin(canvas, 820, GROUND + 60, 70, 96,
                       palette.mix(BIN_BODY, palette.PAVEMENT, 0.5))
        self._bin_shell(canvas)
        self._map_static(canvas)

    def _bin_shell(self, canvas: Canvas) -> None:
        """The model's bin, cut open: body, empty interior, lid and antenna."""
        left, top = BIN_X - BIN_W / 2, BIN_FOOT - BIN_H
        canvas.ellipse(palette.mix(palette.PAVEMENT, palette.NIGHT_DEEP, 0.5),
                       (left - 10, BIN_FOOT - 10, BIN_W + 20, 22))
        kit.litter_bin(canvas, BIN_X, BIN_FOOT, BIN_W, BIN_H, BIN_BODY)
        ix, iy, iw, ih = INNER
        canvas.box(BIN_INSIDE, (ix, iy, iw, ih), radius=6)
        # the cut edge, a little lighter
        canvas.box(palette.mix(BIN_BODY, palette.INK, 0.25), (ix - 4, iy, iw + 8, ih + 4),
                   radius=8, width=4)
        ax, ay = ANTENNA
        canvas.line(palette.METAL, (ax, top), (ax, ay - 10), 5)
        canvas.box(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.3), (ax - 14, ay, 28, 18),
                   radius=6)

    def _map_static(self, canvas: Canvas) -> None:
        body = kit.inset_map(canvas, MAP, MAP_HEAD, palette.NIGHT_DEEP,
                             palette.mix(palette.GRASS, palette.NIGHT_DEEP, 0.45))
        # blocks between the streets (roofs seen from above)
        block = palette.mix(palette.BUILDING[0], palette.NIGHT_DEEP, 0.2)
        edges = [body[0], *COLUMNS, body[0] + body[2]]
        row_edges = [body[1], *ROWS, body[1] + body[3]]
        for i, (a, b) in enumerate(zip(edges, edges[1:])):
            for j, (c, d) in enumerate(zip(row_edges, row_edges[1:])):
                bx0, bx1 = a + STREET_W / 2 + 12, b - STREET_W / 2 - 12
                by0, by1 = c + STREET_W / 2 + 10, d - STREET_W / 2 - 10
                if bx1 - bx0 > 20 and by1 - by0 > 12:
                    canvas.box(palette.mix(block, palette.BUILDING[(i + j) % 3], 0.3),
                               (bx0, by0, bx1 - bx0, by1 - by0), radius=6)
        for ry in ROWS:
            canvas.box(palette.ROAD, (body[0], ry - STREET_W / 2, body[2], STREET_W))
        for cx in COLUMNS:
            canvas.box(palette.ROAD, (cx - STREET_W / 2, body[1], STREET_W, body[3]))
        # depot: the collection service's yard
        dx, dy = DEPOT
        canvas.box(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.35), (dx - 34, dy - 30, 52, 60),
                   radius=8)
        # the other bins (illustrative levels)
        for (bx, by), pct in OTHER_BINS:
            canvas.circle(palette.NIGHT_DEEP, (bx, by), DOT_R + 4)
            canvas.circle(palette.TONES[self.bin_tone(pct)], (bx, by), DOT_R)

    def legend(self, canvas: Canvas, area: Box, lang: str) -> None:
        """The map's key, right-aligned in its header (drawn per frame: its text is logged
        with the frame and follows the language)."""
        labels = self.text.labels
        x, y = area[0] + MAP[0] + MAP[2] - 24, area[1] + MAP[1] + MAP_HEAD / 2
        for key, tone in (("legend_ok", "ok"), ("legend_half", "notice"), ("legend_full", "act")):
            r = canvas.text(labels[key][lang], (x, y), 26, palette.INK_SOFT, anchor="midright")
            canvas.circle(palette.TONES[tone], (x - canvas.to_design(r)[2] - 22, y), 12)
            x -= canvas.to_design(r)[2] + 34 + 40


SCENE = WasteBins
