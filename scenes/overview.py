"""Overview "Datenplattform": the tabletop town as the city's data platform sees it.

A calm top-down map of the model (park and tree bed at the back left, the cycle path at the
back, the river at the back right, the market square in the middle, the classroom and the
main road on the right, the car park at the front right, street lamps along the front) is
drawn once into a cached layer. On it, every sensor is a card on the block where it sits on
the model: its name, the live value with unit in its level colour, the level word in a pill
and a sparkline of the last two minutes. Counters (bike passes) show their total and the
passes per minute instead. A sensor without fresh data shows a dimmed card with "–"; the
card a visitor is touching gets a highlight ring.

Per frame: one blit of the "board" (a kept copy of the map layer with every card's text
block drawn on it; a block is redrawn only when what it shows changes, a new number at most
every VALUE_HOLD seconds), then per card one filled polygon, one polyline and a dot for the
sparkline, and the ring of a touched card. About 1.1–1.6 ms at 1080p.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import pairwise

import numpy as np
import pygame

from exhibit.config import Sensor
from exhibit.render import palette as P
from exhibit.render.canvas import Box, Canvas
from exhibit.render.widgets import ease_in_out, pill
from exhibit.scene import STEPS, Scene
from exhibit.world import SensorView, World

# --- layout, design units relative to the illustration's top-left corner ------------------
COLUMNS, ROWS = 4, 3
MARGIN = 24            # map edge to the outer cards
STREET = 32            # the streets between the blocks the cards sit on
TOP = 78               # first row below the status badge
CARD_W = (1152 - 2 * MARGIN - (COLUMNS - 1) * STREET) / COLUMNS   # 252
CARD_H = 192           # three rows end at 718: above the call to action in the attract loop
RADIUS = 18
BAR_W = 10             # the level-coloured bar on the card's left edge
PAD = 26               # text starts this far from the card's left edge
SPARK_H = 30           # sparkline height; it sits at the card's bottom
SPARK_MIN_H = 176      # shorter cards (a plain grid of many sensors) show no sparkline
PILL_MIN_H = 146       # … and below this no level pill
GRID_GAP = 12
MIN_SPAN = 0.08        # a sparkline spans at least this share of the sensor's range
STEP_SECONDS = 3.5     # the steps light up in turn: this scene is about the whole chain
BEAT_GAP = 1.0         # the sparkline's end dot beats once per reading, at most this often
BEAT_SECONDS = 0.6
VALUE_HOLD = 0.25      # a card's number changes at most four times a second (unless touched)

# Where each sensor of exhibit.yaml sits on the model, as (column, row) of the card grid:
# row 0 is the back of the model, row 2 the front (see each sensor's `where`). Sensors not
# listed here take the free cell nearest to what their `where` text says.
PLACES: dict[str, tuple[float, int]] = {
    "soil": (0, 0),       # back left, in the tree bed (the park)
    "bikes": (1.5, 0),    # back centre, on the cycle path
    "water": (3, 0),      # back right, at the river
    "motion": (0, 1),     # front left, by the pavement
    "temp": (1, 1),       # in the middle, at the market square
    "humidity": (2, 1),   # in the middle, at the market square
    "co2": (3, 1),        # on the right, in the classroom
    "light": (0, 2),      # front left, at the street lamp
    "bin": (1, 2),        # front centre, in the litter bin
    "noise": (2, 2),      # on the right, at the main road
    "parking": (3, 2),    # front right, in the car park
}

# --- map colours: muted, so the cards' level colours are the most saturated thing ---------
GROUND = P.mix(P.NIGHT, P.BUILDING[2], 0.45)
ROAD = P.mix(P.NIGHT_DEEP, P.ROAD, 0.35)
ROAD_MARK = P.mix(ROAD, P.ROAD_LINE, 0.3)
KERB = P.mix(GROUND, P.PAVEMENT, 0.55)
PARK = P.mix(P.NIGHT, P.GRASS, 0.62)
CROWN = P.mix(P.NIGHT, P.LEAF, 0.72)
CROWN_DARK = P.mix(P.NIGHT, P.LEAF, 0.5)
RIVER = P.mix(P.NIGHT, P.WATER, 0.42)
RIVER_LIGHT = P.mix(P.NIGHT, P.WATER, 0.6)
BANK = P.mix(PARK, P.PAVEMENT, 0.4)
CYCLE = P.mix(P.NIGHT, (190, 104, 84), 0.5)
PLAZA = P.mix(P.NIGHT, P.PAVEMENT, 0.62)
PLAZA_LINE = P.mix(PLAZA, P.NIGHT, 0.25)
YARD = P.mix(P.NIGHT, P.PAVEMENT, 0.45)
CARS = (P.mix(P.NIGHT, P.VEHICLE, 0.55), P.mix(P.NIGHT, P.WATER, 0.55),
        P.mix(P.NIGHT, P.TONES["notice"], 0.45), P.mix(P.NIGHT, P.METAL, 0.5))

# --- cards -----------------------------------------------------------------------------
CARD = P.PANEL
CARD_EDGE = P.mix(P.PANEL, P.INK, 0.14)
CARD_SHADOW = P.mix(P.NIGHT_DEEP, P.SHADOW, 0.35)
CARD_STALE = P.mix(P.PANEL, P.NIGHT, 0.45)


def _cell_box(area: Box, col: float, row: float) -> Box:
    x0, y0 = area[0], area[1]
    return (x0 + MARGIN + col * (CARD_W + STREET), y0 + TOP + row * (CARD_H + STREET),
            CARD_W, CARD_H)


def _wanted(where: str) -> tuple[float, float]:
    """(column, row) that a `where` text such as "back left, in the tree bed" points at."""
    text = where.lower()
    row = 0.0 if "back" in text else 2.0 if "front" in text else 1.0
    col = 0.0 if "left" in text else 3.0 if "right" in text else 1.5
    return col, row


def card_boxes(area: Box, sensors: Mapping[str, Sensor]) -> dict[str, Box]:
    """Each sensor's card on its block of the map, or a plain grid if they do not fit.

    Sensors in PLACES go where they sit on the model; any other sensor takes the free cell
    nearest to what its `where` text says ("back left, …"). A card placed between two cells
    (the bike counter) gives one of them up when another sensor needs it.
    """
    known = [sid for sid in sensors if sid in PLACES]
    others = [sid for sid in sensors if sid not in PLACES]
    for split in (True, False):
        taken: set[tuple[int, int]] = set()
        places: dict[str, tuple[float, int]] = {}
        for sid in known:
            col, row = PLACES[sid]
            if not split:
                col = math.floor(col)
            cells = {(math.floor(col), row), (math.ceil(col), row)}
            if cells & taken:  # two sensors set to one block: the later one goes elsewhere
                others.append(sid)
                continue
            taken |= cells
            places[sid] = (col, row)
        if len(others) <= COLUMNS * ROWS - len(taken):
            break
        others = [sid for sid in sensors if sid not in PLACES]
    else:
        return _grid_boxes(area, list(sensors))
    for sid in others:
        wc, wr = _wanted(sensors[sid].where.get("en", ""))
        free = [(c, r) for r in range(ROWS) for c in range(COLUMNS) if (c, r) not in taken]
        col, row = min(free, key=lambda cell: abs(cell[0] - wc) + 2 * abs(cell[1] - wr))
        taken.add((col, row))
        places[sid] = (col, row)
    return {sid: _cell_box(area, *places[sid]) for sid in sensors}


def _grid_boxes(area: Box, ids: list[str]) -> dict[str, Box]:
    """More sensors than blocks: a plain grid of shorter cards in the same space (up to
    16 keep their level pill, up to 20 their value)."""
    rows = math.ceil(len(ids) / COLUMNS)
    gap = GRID_GAP
    height = (CARD_H * ROWS + STREET * (ROWS - 1) - gap * (rows - 1)) / rows
    x0, y0 = area[0], area[1]
    boxes = {}
    for i, sid in enumerate(ids):
        row, col = divmod(i, COLUMNS)
        boxes[sid] = (x0 + MARGIN + col * (CARD_W + STREET), y0 + TOP + row * (height + gap),
                      CARD_W, height)
    return boxes


def _without_numbers(spec: tuple) -> tuple:
    """A card's face spec without the value and the rate: what must show at once."""
    return spec[:1] + spec[2:8] + spec[9:]


def spark_box(card: Box) -> Box:
    """Where a card's sparkline goes: along its bottom, right of the level bar."""
    x, y, w, h = card
    return (x + PAD, y + h - SPARK_H - 14, w - PAD - 18, SPARK_H)


def spark_range(view: SensorView) -> tuple[float, float] | None:
    """The value range a sparkline spans: the window's min..max, at least MIN_SPAN of the
    sensor's range (so sensor noise stays a ripple), kept inside the sensor's range."""
    history = view.history
    if history.minimum is None or history.maximum is None:
        return None
    lo, hi = history.minimum, history.maximum
    s = view.sensor
    span = max(hi - lo, MIN_SPAN * (s.high - s.low), 1e-9)
    mid = (lo + hi) / 2
    lo, hi = mid - span / 2, mid + span / 2
    if lo < s.low:
        lo, hi = s.low, s.low + span
    elif hi > s.high:
        lo, hi = s.high - span, s.high
    pad = span * 0.12  # the line never touches the top or bottom edge
    return lo - pad, hi + pad


class Overview(Scene):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.beat: dict[str, float] = {}  # per sensor: seconds since its last heartbeat
        self.ring = 0.0                   # phase of the touch ring's pulse
        self._boxes: tuple[tuple, dict[str, Box]] = ((), {})
        self._board: tuple[pygame.Surface, Canvas] | None = None  # map layer, board
        self._faces: dict[str, tuple] = {}  # per sensor: what its block shows, its text ink
        self._xs: tuple[tuple, list[float]] = ((), [])  # sparkline x pixels, shared

    def active_step(self, world: World) -> str:
        return STEPS[int(world.t / STEP_SECONDS) % len(STEPS)]

    def update(self, dt: float, world: World) -> None:
        for sid in self.beat:
            self.beat[sid] += dt
        for sid in world.pulses:
            if self.beat.get(sid, math.inf) >= BEAT_GAP:
                self.beat[sid] = 0.0
        self.ring = (self.ring + dt / 1.2) % 1.0

    # --- drawing -------------------------------------------------------------------
    def boxes(self, area: Box, world: World) -> dict[str, Box]:
        key = (area, tuple(world.sensors))
        if self._boxes[0] != key:
            sensors = {sid: view.sensor for sid, view in world.sensors.items()}
            self._boxes = (key, card_boxes(area, sensors))
        return self._boxes[1]

    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        boxes = self.boxes(area, world)
        cards = tuple(boxes.values())
        layer = canvas.layer(f"overview.map.{hash(cards)}", area,
                             lambda c: self._map(c, area, cards))
        board = self._board_canvas(canvas, layer, area)
        lang = world.language
        specs = {}
        for sid, view in world.sensors.items():
            live = view.value is not None and not view.stale
            color = P.tone(view.level.tone if view.level and live else None)
            specs[sid] = (live, color)
            self._face(board, layer, sid, boxes[sid], self._face_spec(view, lang, live, color),
                       world.t, view.touched)
        canvas.blit(board.surface, (area[0], area[1]))
        ox, oy = canvas.pt(area[0], area[1])
        for sid in world.sensors:
            canvas.drawn_text.extend((text, ink.move(ox, oy))
                                     for text, ink in self._faces[sid][1])
        for sid, view in world.sensors.items():
            box = boxes[sid]
            live, color = specs[sid]
            if view.touched:
                pulse = 0.5 + 0.5 * math.sin(self.ring * math.tau)
                x, y, w, h = box
                canvas.box(P.TONES["highlight"], (x - 6, y - 6, w + 12, h + 12),
                           radius=RADIUS + 6, width=5 + 2 * pulse)
            if live and view.sensor.kind != "counter" and box[3] >= SPARK_MIN_H:
                self._sparkline(canvas, spark_box(box), view, color,
                                self.beat.get(sid, math.inf))

    def _board_canvas(self, canvas: Canvas, layer: pygame.Surface, area: Box) -> Canvas:
        """The map with every card's text block on it: a copy of the map layer that is
        kept, so a card's block is drawn only when what it shows changes."""
        board = self._board
        if board is None or board[0] is not layer or board[1].text_cache is not \
                canvas.text_cache:
            surface = layer.copy()
            sub = Canvas(surface, canvas.text_cache, scale=canvas.scale, offset=(0, 0),
                         origin=(area[0], area[1]), design=canvas.design)
            self._board = board = (layer, sub)
            self._faces.clear()
        return board[1]

    def _face_spec(self, view: SensorView, lang: str, live: bool, color: P.Color) -> tuple:
        """Everything the card's text block shows; the block is re-drawn when this changes."""
        name = view.sensor.name[lang]
        name = name[:1].upper() + name[1:]
        if not live:
            return (name, "–", "", P.INK_DIM, P.PANEL_LINE,
                    self.text.labels["no_data"][lang], CARD_STALE, P.INK_DIM, "", True)
        counter = view.sensor.kind == "counter"
        shown = f"{view.total:.0f}" if counter and view.total is not None \
            else view.formatted(lang)
        rate = ""
        if counter and view.per_minute is not None:
            rate = self.text.labels["per_minute"][lang].format(n=f"{view.per_minute:.0f}")
        return (name, shown, view.sensor.unit, color, color, view.level_label(lang), P.NIGHT,
                color, rate, False)

    def _face(self, board: Canvas, layer: pygame.Surface, sid: str, box: Box, spec: tuple,
              now: float, touched: bool) -> None:
        """Draw the card's text block onto the board if what it shows changed.

        A new number alone waits until the card's number has stood for VALUE_HOLD seconds
        (digits flickering at the reading rate cannot be read, and each change costs a
        redraw); a new level, stale data or the card being touched show at once.
        """
        entry = self._faces.get(sid)
        if entry is not None:
            (old, old_box), _, drawn_at = entry
            if old == spec and old_box == box:
                return
            if old_box == box and not touched and 0 <= now - drawn_at < VALUE_HOLD and \
                    _without_numbers(old) == _without_numbers(spec):
                return
        rect = board.rect(box)
        board.surface.blit(layer, rect, rect)  # the bare card from the map, then the text
        board.begin_frame()
        self._draw_face(board, box, *spec)
        self._faces[sid] = ((spec, box), list(board.drawn_text), now)

    def _draw_face(self, canvas: Canvas, box: Box, name: str, shown: str, unit: str,
                   value_color: P.Color, bar_color: P.Color, label: str, label_fg: P.Color,
                   label_bg: P.Color, rate: str, stale: bool) -> None:
        x, y, w, h = box
        if stale:
            canvas.box(CARD_STALE, box, radius=RADIUS)
        canvas.box(bar_color, (x, y, BAR_W, h), radius=BAR_W / 2)
        canvas.text(name, (x + PAD, y + 8), canvas.fit_size(name, 26, w - PAD - 14, minimum=24),
                    P.INK_DIM if stale else P.INK_SOFT)
        value_y = y + 34
        self._value(canvas, shown, unit, (x + PAD - 2, value_y), w - PAD - 14, value_color)
        if h < PILL_MIN_H or not label:
            return
        pill(canvas, label, (x + PAD, value_y + 68), 24, label_fg, label_bg, anchor="topleft")
        if rate and h >= SPARK_MIN_H:
            sx, sy, _, sh = spark_box(box)
            canvas.text(rate, (sx, sy + sh + 4), 24, P.INK_SOFT, anchor="bottomleft")

    def _value(self, canvas: Canvas, shown: str, unit: str, at: tuple[float, float],
               width: float, color: P.Color) -> None:
        """The big value with its unit beside it, both on one baseline, shrunk to fit."""
        x, y = at
        unit_size = 26
        unit_w = canvas.text_width(unit, unit_size) + 8 if unit else 0
        size = canvas.fit_size(shown, 52, width - unit_w, "bold", minimum=34)
        rect = canvas.text(shown, (x, y), size, color, weight="bold")
        if not unit:
            return
        cache = canvas.text_cache
        baseline = rect.top + cache.font("bold", canvas.px(size)).get_ascent()
        unit_top = baseline - cache.font("regular", canvas.px(unit_size)).get_ascent()
        left = canvas.to_design(rect)
        top = (unit_top - canvas.offset[1]) / canvas.scale + canvas.origin[1]
        canvas.text(unit, (left[0] + left[2] + 8, top), unit_size, P.INK_SOFT)

    def _sparkline(self, canvas: Canvas, box: Box, view: SensorView, color: P.Color,
                   beat: float) -> None:
        """The last two minutes as a line over a faint fill; NaN buckets break the line."""
        values = view.history.values
        span = spark_range(view)
        n = len(values)
        if span is None or n < 2:
            return
        lo, hi = span
        left, top = canvas.pt(box[0], box[1])
        right, bottom = canvas.pt(box[0] + box[2], box[1] + box[3])
        xs_key = (left, right, n)
        if self._xs[0] != xs_key:
            self._xs = (xs_key, (left + (right - left) * np.arange(n) / (n - 1)).tolist())
        xs = self._xs[1]
        ys = (bottom - (values - lo) * ((bottom - top) / (hi - lo))).tolist()
        if math.isnan(sum(ys)):  # silent buckets: one run per stretch of readings
            finite = [v == v for v in ys]  # noqa: PLR0124 -- NaN test without a call
            runs, start = [], None
            for i, ok in enumerate(finite + [False]):
                if ok and start is None:
                    start = i
                elif not ok and start is not None:
                    runs.append((start, i))
                    start = None
        else:
            runs = [(0, n)]
        surface = canvas.surface
        fill = P.mix(CARD, color, 0.22)
        width = max(canvas.px(4), 2)
        for a, b in runs:
            points = list(zip(xs[a:b], ys[a:b]))
            if len(points) == 1:
                pygame.draw.circle(surface, color, points[0], width)
                continue
            pygame.draw.polygon(surface, fill,
                                points + [(points[-1][0], bottom), (points[0][0], bottom)])
            pygame.draw.lines(surface, color, False, points, width)
        if runs and runs[-1][1] == n:  # the newest value: a dot, a ring per reading
            end = (xs[-1], ys[-1])
            if beat < BEAT_SECONDS:
                k = ease_in_out(beat / BEAT_SECONDS)
                pygame.draw.aacircle(surface, P.mix(color, CARD, k), end,
                                     canvas.px(7 + 12 * k), max(canvas.px(3), 1))
            pygame.draw.aacircle(surface, color, end, max(canvas.px(7), 3))

    # --- the map (drawn once into a cached layer) -------------------------------------
    def _map(self, canvas: Canvas, area: Box, cards: tuple[Box, ...]) -> None:
        x0, y0, w, h = area
        canvas.box(GROUND, area)
        c = [x0 + MARGIN + i * (CARD_W + STREET) for i in range(COLUMNS)]   # column lefts
        r = [y0 + TOP + i * (CARD_H + STREET) for i in range(ROWS)]         # row tops
        back_street = r[1] - STREET / 2            # between the back row and the middle
        mid_street = r[2] - STREET / 2
        front = r[2] + CARD_H + 22                 # the front street along the model's edge
        main_x = c[3] - STREET / 2                 # the main road on the right, front to back
        market = (c[1] - 10, r[1] - 10, c[2] + CARD_W - c[1] + 20, CARD_H + 20)

        # the back: a park with the tree bed, the river through it, the cycle path behind
        canvas.box(PARK, (x0, y0, x0 + w - x0, back_street - y0))
        self._river(canvas, area, main_x)
        canvas.box(CYCLE, (x0, y0 + 44, x0 + w - x0, 14), radius=7)
        for dx in range(int(x0 + 30), int(x0 + w), 70):
            canvas.box(P.mix(CYCLE, P.INK, 0.35), (dx, y0 + 49.5, 26, 3), radius=1.5)
        for tx, ty, s in ((c[1] + 40, r[0] + 64, 30), (c[1] + 112, r[0] + 128, 36),
                          (c[1] + 40, r[0] + 168, 24), (c[1] + 128, r[0] + 26, 22),
                          (c[2] + CARD_W - 40, r[0] + 150, 26),
                          (x0 + w - 10, r[0] + 226, 20)):
            self._tree(canvas, tx, ty, s)

        # streets: side streets, the market square, the main road and the front street
        self._road(canvas, (x0, back_street - 12, w, 24))
        self._road(canvas, (x0, mid_street - 12, w, 24))
        self._road(canvas, (c[1] - STREET / 2 - 12, back_street, 24, front - back_street))
        self._road(canvas, (c[2] - STREET / 2 - 12, mid_street, 24, front - mid_street))
        canvas.box(PLAZA, market, radius=14)
        for gx in range(int(market[0]) + 26, int(market[0] + market[2]), 36):
            canvas.line(PLAZA_LINE, (gx, market[1] + 4), (gx, market[1] + market[3] - 4), 2)
        fountain = (c[2] - STREET / 2, r[1] + CARD_H / 2)
        canvas.circle(P.mix(PLAZA, P.NIGHT, 0.35), fountain, 14)
        canvas.circle(RIVER_LIGHT, fountain, 9)
        self._road(canvas, (main_x - 14, y0, 28, h), dashes=True, vertical=True)
        self._road(canvas, (x0, front, main_x - x0, 52), dashes=True)
        canvas.box(KERB, (x0, front - 6, main_x - 14 - x0, 6))
        canvas.box(KERB, (x0, front + 52, main_x - 14 - x0, 8))
        for y in (y0 + 36, y0 + 66):  # the main road's bridge over the cycle path
            canvas.box(P.mix(ROAD, P.INK, 0.18), (main_x - 19, y - 3, 38, 6), radius=3)

        # the front: street lamps and trees on the pavement, the litter bin, the car park
        for lx in (x0 + 80, x0 + 270):
            canvas.circle(P.mix(GROUND, P.LAMP_LIGHT, 0.16), (lx, front + 92), 26)
            canvas.circle(P.mix(P.NIGHT, P.LAMP_LIGHT, 0.6), (lx, front + 92), 8)
        for tx in (x0 + 175, x0 + 640, x0 + 760):
            self._tree(canvas, tx, front + 104, 22)
        bin_x = c[1] + CARD_W / 2
        canvas.circle(P.mix(P.NIGHT, P.METAL, 0.55), (bin_x, front + 92), 14)
        canvas.circle(P.mix(P.NIGHT, P.METAL, 0.3), (bin_x, front + 92), 8)
        self._car_park(canvas, (main_x + 14, r[2] + CARD_H + 14, x0 + w - main_x - 14,
                                y0 + h - r[2] - CARD_H - 14))
        # the classroom's schoolyard round its card
        canvas.box(YARD, (c[3] - 8, r[1] - 8, x0 + w - c[3] + 8, CARD_H + 16), radius=10)

        for box in cards:  # the cards' panels, with a soft shadow on the map
            bx, by, bw, bh = box
            canvas.box(CARD_SHADOW, (bx + 3, by + 6, bw, bh), radius=RADIUS)
            canvas.box(CARD, box, radius=RADIUS)
            canvas.box(CARD_EDGE, box, radius=RADIUS, width=2)

    def _road(self, canvas: Canvas, box: Box, dashes: bool = False,
              vertical: bool = False) -> None:
        canvas.box(ROAD, box)
        if not dashes:
            return
        x, y, w, h = box
        if vertical:
            for dy in range(int(y) + 10, int(y + h), 44):
                canvas.box(ROAD_MARK, (x + w / 2 - 2, dy, 4, 22), radius=2)
        else:
            for dx in range(int(x) + 44, int(x + w), 56):
                canvas.box(ROAD_MARK, (dx, y + h / 2 - 2, 28, 4), radius=2)

    def _river(self, canvas: Canvas, area: Box, main_x: float) -> None:
        """The river along the back right: in from the back edge, round a bend, out at the
        right edge."""
        x0, y0, w, _ = area
        path = [(main_x - 230, y0 - 40), (main_x - 200, y0 + 40), (main_x - 120, y0 + 110),
                (main_x - 20, y0 + 150), (main_x + 120, y0 + 170), (x0 + w + 40, y0 + 160)]
        for width, color in ((92, BANK), (70, RIVER)):
            for a, b in pairwise(path):
                canvas.line(color, a, b, width)
            for p in path:
                canvas.circle(color, p, width / 2)
        for a, b in pairwise(path[1:]):  # a light streak in the middle of the stream
            mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            canvas.line(RIVER_LIGHT, (a[0] * 0.7 + mid[0] * 0.3, a[1] * 0.7 + mid[1] * 0.3),
                        mid, 4)

    def _tree(self, canvas: Canvas, x: float, y: float, size: float) -> None:
        canvas.circle(CROWN_DARK, (x + 3, y + 4), size)
        canvas.circle(CROWN, (x, y), size)
        canvas.circle(P.mix(CROWN, P.INK, 0.12), (x - size * 0.3, y - size * 0.3), size * 0.35)

    def _car_park(self, canvas: Canvas, box: Box) -> None:
        """Bays along the bottom edge, seen from above, a few of them taken."""
        x, y, w, h = box
        canvas.box(P.mix(ROAD, GROUND, 0.35), box)
        bay, top = 54, y + 50
        count = int((w - 20) // bay)
        for i in range(count + 1):
            bx = x + 14 + i * bay
            canvas.line(ROAD_MARK, (bx, top), (bx, y + h), 3)
            if i < count and i % 3 != 1:
                canvas.box(CARS[i % len(CARS)], (bx + 10, top + 18, bay - 20, 66), radius=9)


SCENE = Overview
