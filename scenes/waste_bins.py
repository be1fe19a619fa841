"""Smart litter bins that report when they are full (fill-level sensor in the lid).

Follows FACTS.md 3: an ultrasonic sensor in the lid measures the fill level and reports by
radio; at 80 % (Hattersheim) a bin counts as full and the collection crew puts it on the
day's route instead of emptying every bin on a fixed round. Upper part: the model's bin in
the street, large and cut open so its contents rise with the live value (eased), with the
"full from 80 %" mark across it and a status sign whose shape follows the level (a tick,
a half disc, a warning triangle); when it is full the collection truck drives up and stops
beside it. Lower part: a small top-down map; every bin on it is a small bin glyph filled to
its level in its level's colour (shape and fill, not colour alone, as Stralsund's red /
yellow / green map); today's route runs only through the full bins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from exhibit.render import kit
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.widgets import approach, approach_color, pill
from exhibit.scene import Scene, level_at, level_starts
from exhibit.world import SensorView, World

SENSOR = "bin"
FULL_LEVEL = "full"              # the sensor's level from which a bin is emptied (Hattersheim:
                                 # 80 %, FACTS.md 3b — the value lives in exhibit.yaml)

# Street, design units relative to the illustration's top-left corner.
GROUND = 300.0                   # where the houses stand
PAVE_BOTTOM = 462.0
BIN_X, BIN_FOOT = 330.0, 452.0   # the model's bin: centre and where it stands
BIN_W, BIN_H = 400.0, 350.0
LID_H = BIN_H * 0.1              # as kit.litter_bin draws it
WALL = 14.0                      # bin wall seen at the cut
INNER = (BIN_X - BIN_W / 2 + WALL, BIN_FOOT - BIN_H + LID_H + 10,
         BIN_W - 2 * WALL, BIN_H - LID_H - 10 - WALL)   # the cut-open interior (x, y, w, h)
ANTENNA = (BIN_X + 120, BIN_FOOT - BIN_H - 26)
STATUS = (BIN_X + BIN_W / 2 + 80, BIN_FOOT - 128, 64.0)   # the status sign: centre, radius
LABEL_PX = 28.0                  # picture labels: 26 px at 1080p even in portrait (×0.94)

# The collection truck in the street (side view): it drives up when the bin is full.
TRUCK_LEN = 330.0
TRUCK_STOP = BIN_X + BIN_W / 2 + 180 + TRUCK_LEN / 2      # where it stops, beside the bin
TRUCK_AWAY = 1152.0 + TRUCK_LEN                            # off the picture, right

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
GLYPH_W, GLYPH_H = 26.0, 32.0   # a bin on the map


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
class SideTruck:
    """The collection truck in the street: it drives up to the live bin while that is full
    and drives off to the right otherwise (eased), starting out of the picture."""

    active: bool = False
    x: float = TRUCK_AWAY

    def update(self, dt: float, full: bool, snap: bool = False) -> None:
        self.active = full
        target = TRUCK_STOP if full else TRUCK_AWAY
        self.x = target if snap else approach(self.x, target, dt, 0.6)

    @property
    def visible(self) -> bool:
        return self.x < 1152.0 + TRUCK_LEN / 2 - 4


@dataclass
class BinsState:
    fill: float = 0.0                 # eased % shown in the bin
    tone: palette.Color = GREY        # eased level colour of the live bin


class WasteBins(Scene):
    LABELS = ("full_mark", "no_data", "route", "stops", "this_bin")

    def setup(self) -> None:
        self.full_at = level_starts(self.sensor()).get(FULL_LEVEL, math.inf)

    def reset(self) -> None:
        self.bins = BinsState()
        self.truck = SideTruck()

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
        self.truck.update(dt, is_full(view), self.snapping)

    # --- draw ------------------------------------------------------------------------
    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        lang = world.language
        labels = self.text.labels
        view = world.view(SENSOR)
        live, full = self.live(world) is not None, is_full(view)
        canvas.draw_layer("waste_bins.static", area, lambda c: self._static(c, area))
        self._bin(canvas, live, labels, lang)
        self._status(canvas, world if live else None)
        self._side_truck(canvas)
        self._map(canvas, live, full, labels, lang)
        self._route_tag(canvas, area, full, labels, lang)
        self.legend(canvas, area, lang)

    def _bin(self, canvas: Canvas, live: bool, labels, lang: str) -> None:
        bins = self.bins
        ix, iy, iw, ih = INNER
        # contents: paper up to the eased level, crumpled balls on top
        h = ih * bins.fill / 100
        if h > 0.5:
            top = iy + ih - h
            canvas.box(PAPER, (ix, top, iw, h))
            if h > 10:
                for bx, r in ((0.1, 26), (0.3, 32), (0.52, 28), (0.73, 31), (0.91, 22)):
                    canvas.circle(PAPER_BALL, (ix + iw * bx, top + 2), r)
        # the ultrasonic sensor under the lid looks down into the bin
        sx, sy = BIN_X, iy + 4
        canvas.box(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.4), (sx - 48, sy - 6, 96, 26),
                   radius=6)
        for dx in (-22, 22):
            canvas.circle(palette.METAL, (sx + dx, sy + 7), 11)
        # antenna LED and radio waves
        ax, ay = ANTENNA
        led = palette.mix(palette.mix(bins.tone, palette.NIGHT_DEEP, 0.35), bins.tone,
                          self.radio.flash())
        canvas.circle(led, (ax, ay + 8), 7)
        if self.radio.elapsed:
            kit.radio_waves(canvas, (ax, ay - 14), self.radio.progress, palette.INK, reach=60)
        # the full mark across the bin: where the collection starts
        if not math.isinf(self.full_at):
            mark = iy + ih * (1 - self.full_at / 100)
            canvas.draw_layer(f"waste_bins.mark.{self.full_at:g}", (ix, mark - 5, iw, 10),
                              lambda c: _dashes(c, ix, mark, iw), alpha=True)
            text = labels["full_mark"][lang].format(percent=f"{self.full_at:.0f}")
            pill(canvas, text, (ix + iw + WALL + 10, mark), LABEL_PX, palette.INK,
                 palette.NIGHT_DEEP, anchor="midleft")
        if not live:
            pill(canvas, labels["no_data"][lang], (BIN_X, iy + ih * 0.6), LABEL_PX, palette.INK,
                 palette.PANEL, anchor="center")

    def _status(self, canvas: Canvas, world: World | None) -> None:
        """The bin's status sign beside it: its shape follows the level (room: a tick in a
        circle, half: a half-filled disc, full: a warning triangle), so it reads without
        colour too."""
        cx, cy, r = STATUS
        view = world.view(SENSOR) if world is not None else None
        level = view.level.name if view is not None and view.level is not None else None
        canvas.box(palette.METAL, (cx - 4, cy, 8, BIN_FOOT - cy), radius=3)
        if level is None:
            canvas.circle(GREY, (cx, cy), r)
            return
        names = [lv.name for lv in self.sensor().levels]
        rank = names.index(level)
        tone = palette.TONES[view.level.tone]
        if level == FULL_LEVEL:   # a warning triangle with "!"
            pts = [(cx, cy - r * 1.1), (cx + r * 1.1, cy + r * 0.8), (cx - r * 1.1, cy + r * 0.8)]
            canvas.polygon(palette.NIGHT_DEEP, [(x, y + 4) for x, y in pts])
            canvas.polygon(tone, pts)
            canvas.box(palette.NIGHT_DEEP, (cx - 5, cy - r * 0.45, 10, r * 0.7), radius=4)
            canvas.circle(palette.NIGHT_DEEP, (cx, cy + r * 0.5), 6)
        elif rank > 0:            # half: a disc filled to its lower half
            canvas.circle(palette.NIGHT_DEEP, (cx, cy), r + 4)
            canvas.circle(palette.mix(tone, palette.NIGHT_DEEP, 0.7), (cx, cy), r)
            canvas.polygon(tone, [(cx + r * math.cos(a * math.pi / 16),
                                   cy + r * math.sin(a * math.pi / 16)) for a in range(17)])
            canvas.line(palette.NIGHT_DEEP, (cx - r, cy), (cx + r, cy), 4)
        else:                     # room: a tick
            canvas.circle(palette.NIGHT_DEEP, (cx, cy), r + 4)
            canvas.circle(tone, (cx, cy), r)
            canvas.line(palette.NIGHT_DEEP, (cx - r * 0.45, cy), (cx - r * 0.1, cy + r * 0.35), 9)
            canvas.line(palette.NIGHT_DEEP, (cx - r * 0.1, cy + r * 0.35),
                        (cx + r * 0.5, cy - r * 0.35), 9)

    def _side_truck(self, canvas: Canvas) -> None:
        """The collection truck in the street, facing the bin (drawn once, moved)."""
        if not self.truck.visible:
            return
        h = TRUCK_LEN * 0.62
        box = (-TRUCK_LEN / 2 - 4, -h, TRUCK_LEN + 8, h + 4)
        sprite = canvas.layer("waste_bins.truck", box, lambda c: kit.truck(
            c, 0.0, 0.0, TRUCK_LEN, TRUCK_CAB, TRUCK, facing=-1), alpha=True)
        ground = PAVE_BOTTOM - 6
        surface = canvas.surface
        clip = surface.get_clip()
        surface.set_clip(canvas.rect((0.0, 0.0, 1152.0, PAVE_BOTTOM)).clip(clip))
        try:
            canvas.blit(sprite, (self.truck.x + box[0], ground + box[1]))
        finally:
            surface.set_clip(clip)

    def _map(self, canvas: Canvas, live: bool, full: bool, labels, lang: str) -> None:
        body = kit.map_body(MAP, MAP_HEAD)
        canvas.draw_layer(f"waste_bins.route.{full}", body,
                          lambda c: self._route(c, full), alpha=True)
        # the live bin, larger, with its label
        lx, ly = LIVE_BIN
        fill = self.bins.fill if live else 0.0
        bin_glyph(canvas, (lx, ly), fill, self.bins.tone if live else GREY, scale=1.35,
                  rim=palette.INK)
        pill(canvas, labels["this_bin"][lang], (lx, ly - GLYPH_H * 0.7 - 10), LABEL_PX,
             palette.NIGHT, palette.INK, anchor="midbottom")

    def _route(self, canvas: Canvas, full: bool) -> None:
        """Today's route through the full bins, and those bins on top of it (cached per
        route: with or without the live bin)."""
        route_color = palette.mix(palette.INK, palette.TONES["act"], 0.25)
        for path in legs(route_stops(full, self.full_at)):
            for a, b in zip(path, path[1:]):
                canvas.line(route_color, a, b, 7)
            for p in path:
                canvas.circle(route_color, p, 3.5)
        for (bx, by), pct in OTHER_BINS:  # the bins on the route sit on top of it
            if pct >= self.full_at:
                bin_glyph(canvas, (bx, by), pct, palette.TONES[self.bin_tone(pct)])

    def _route_tag(self, canvas: Canvas, area: Box, full: bool, labels, lang: str) -> None:
        stops = len(route_stops(full, self.full_at)) - 2
        label = labels["route"][lang]
        value = f"{stops} {labels['stops'][lang]}"
        w = max(290.0, canvas.text_width(label, 30) + 40, canvas.text_width(value, 38, "bold") + 96)
        x, y = area[0] + area[2] - w - 30, area[1] + 24
        canvas.box(palette.PANEL, (x, y, w, 96), radius=18)
        canvas.text(label, (x + 22, y + 10), 30, palette.INK_SOFT)
        bin_glyph(canvas, (x + 38, y + 68), 90.0, palette.TONES["act"], scale=0.8)
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
        kit.litter_bin(canvas, 1090, GROUND + 60, 70, 96,
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
            bin_glyph(canvas, (bx, by), pct, palette.TONES[self.bin_tone(pct)])

    def legend(self, canvas: Canvas, area: Box, lang: str) -> None:
        """The map's key, right-aligned in its header: each level of the sensor as a bin
        glyph filled to its middle, with the level's own word (drawn per frame: its text is
        logged with the frame and follows the language)."""
        sensor = self.sensor()
        if sensor is None:
            return
        x, y = area[0] + MAP[0] + MAP[2] - 24, area[1] + MAP[1] + MAP_HEAD / 2
        for level in reversed(sensor.levels):
            word = level.label.get(lang) or level.label["de"]
            r = canvas.text(word, (x, y), LABEL_PX, palette.INK_SOFT, anchor="midright")
            bin_glyph(canvas, (x - canvas.to_design(r)[2] - 24, y), (level.low + level.high) / 2,
                      palette.TONES[level.tone], scale=0.8)
            x -= canvas.to_design(r)[2] + 36 + 40


def _dashes(canvas: Canvas, x0: float, y: float, width: float) -> None:
    """The full mark: dashed, dark under light, so it reads over paper and over the dark."""
    for i in range(int(width // 28) + 1):
        x = x0 + i * 28
        canvas.line(palette.NIGHT_DEEP, (x, y), (min(x + 16, x0 + width), y), 7)
        canvas.line(palette.INK, (x, y), (min(x + 16, x0 + width), y), 3)


def bin_glyph(canvas: Canvas, at: tuple[float, float], percent: float, color: palette.Color,
              scale: float = 1.0, rim: palette.Color = palette.NIGHT_DEEP) -> None:
    """A bin on the map: a small bin filled from the bottom to `percent` in `color`, so its
    level reads from the fill height as well as the colour."""
    x, y = at
    w, h = GLYPH_W * scale, GLYPH_H * scale
    left, top = x - w / 2, y - h / 2
    canvas.box(rim, (left - 3, top - 3, w + 6, h + 6), radius=6 * scale)
    canvas.box(BIN_INSIDE, (left, top + 4 * scale, w, h - 4 * scale), radius=3 * scale)
    fh = (h - 4 * scale) * min(max(percent, 0.0), 100.0) / 100
    if fh >= 1:
        canvas.box(color, (left, top + h - fh, w, fh), radius=3 * scale)
    canvas.box(palette.mix(BIN_BODY, palette.INK, 0.3), (left - 2, top - 2, w + 4, 5 * scale),
               radius=2)


SCENE = WasteBins
