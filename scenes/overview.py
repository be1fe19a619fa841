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
block drawn on it; a block is redrawn only when what it shows changes, each card's number
held against noise like the panel's, `HeldValue`), then per card one filled polygon, one
polyline and a dot for the sparkline, and the ring of a touched card. About 1.1–1.6 ms at 1080p.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pygame

from exhibit.config import Sensor
from exhibit.numbers import format_number
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.townmap import Grid, draw_town
from exhibit.render.widgets import ease_in_out, pill
from exhibit.scene import STEPS, Scene
from exhibit.world import HeldValue, SensorView, World

# --- layout, design units relative to the illustration's top-left corner ------------------
COLUMNS, ROWS = 4, 3
MARGIN = 24            # map edge to the outer cards
STREET = 32            # the streets between the blocks the cards sit on
TOP = 78               # first row below the status badge
CARD_W = (1152 - 2 * MARGIN - (COLUMNS - 1) * STREET) / COLUMNS   # 252
CARD_H = 192           # three rows end at 718: above the call to action in the attract loop
RADIUS = 18
BAR_W = 8              # the level-coloured bar on the card's left edge
PAD = 16               # text starts this far from the card's left edge (28 px names fit)
TEXT_PX = 28           # the card's small texts: 26 px at 1080p even in portrait (×0.94)
SPARK_H = 30           # sparkline height; it sits at the card's bottom
SPARK_MIN_H = 176      # shorter cards (a plain grid of many sensors) show no sparkline
PILL_MIN_H = 146       # … and below this no level pill
GRID_GAP = 12
MIN_SPAN = 0.08        # a sparkline spans at least this share of the sensor's range
STEP_SECONDS = 3.5     # the steps light up in turn: this scene is about the whole chain
BEAT_GAP = 1.0         # the sparkline's end dot beats once per reading, at most this often
BEAT_SECONDS = 0.6

# Where each sensor of exhibit.yaml sits on the model, as (column, row) of the card grid:
# row 0 is the back of the model, row 2 the front (see each sensor's `where`). Sensors not
# listed here take the free cell nearest to what their `where` text says.
PLACES: dict[str, tuple[float, int]] = {
    "soil": (0, 0),       # back left, in the tree bed (the park)
    "bikes": (1, 0),      # back centre, on the cycle path
    "road": (2, 0),       # back centre, on the bridge
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

# --- cards -----------------------------------------------------------------------------
CARD = palette.PANEL
CARD_EDGE = palette.mix(palette.PANEL, palette.INK, 0.14)
CARD_SHADOW = palette.mix(palette.NIGHT_DEEP, palette.SHADOW, 0.35)
CARD_STALE = palette.mix(palette.PANEL, palette.NIGHT, 0.45)


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


def grid(area: Box) -> Grid:
    """The blocks the cards sit on, for the map around them."""
    x0, y0 = area[0], area[1]
    return Grid(tuple(x0 + MARGIN + i * (CARD_W + STREET) for i in range(COLUMNS)),
                tuple(y0 + TOP + i * (CARD_H + STREET) for i in range(ROWS)),
                CARD_W, CARD_H, STREET)


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
    LABELS = ("no_data", "per_minute")

    def setup(self) -> None:
        self.beat: dict[str, float] = {}  # per sensor: seconds since its last heartbeat
        self.ring = 0.0                   # phase of the touch ring's pulse
        self._boxes: tuple[tuple, dict[str, Box]] = ((), {})
        self._board: tuple[pygame.Surface, Canvas] | None = None  # map layer, board
        self._faces: dict[str, tuple] = {}  # per sensor: what its block shows, its text ink
        self.held: dict[str, HeldValue] = {}  # per sensor: the card's number, held
        self._xs: tuple[tuple, list[float]] = ((), [])  # sparkline x pixels, shared
        self._spark_points: dict[str, tuple] = {}  # per sensor: (history, range, box), points

    def active_step(self, world: World) -> str:
        return STEPS[int(world.t / STEP_SECONDS) % len(STEPS)]

    def advance(self, dt: float, world: World) -> None:
        for sid in self.beat:
            self.beat[sid] += dt
        for sid in world.pulses:
            if self.beat.get(sid, math.inf) >= BEAT_GAP:
                self.beat[sid] = 0.0
        self.ring = (self.ring + dt / 1.2) % 1.0
        for sid, view in world.sensors.items():
            self.held.setdefault(sid, HeldValue()).update(dt, view, at_once=view.touched)

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
                             lambda c: self._paint_board(c, area, cards))
        board = self._board_canvas(canvas, layer, area)
        lang = world.language
        specs = {}
        for sid, view in world.sensors.items():
            live = view.fresh
            color = palette.tone(view.level.tone if view.level and live else None)
            specs[sid] = (live, color)
            held = self.held.get(sid)
            spec = self._face_spec(held.shown(view) if held else view, lang, live, color)
            self._face(board, layer, sid, boxes[sid], spec)
        canvas.blit(board.surface, area[:2])
        ox, oy = canvas.pt(*area[:2])
        for sid in world.sensors:
            canvas.drawn_text.extend(drawn.moved((ox, oy)) for drawn in self._faces[sid][1])
        for sid, view in world.sensors.items():
            box = boxes[sid]
            live, color = specs[sid]
            if view.touched:
                pulse = 0.5 + 0.5 * math.sin(self.ring * math.tau)
                x, y, w, h = box
                canvas.box(palette.TONES["highlight"], (x - 6, y - 6, w + 12, h + 12),
                           radius=RADIUS + 6, width=5 + 2 * pulse)
            if live and view.sensor.kind != "counter" and box[3] >= SPARK_MIN_H:
                self._sparkline(canvas, spark_box(box), view, color, self.beat.get(sid, math.inf))

    @staticmethod
    def _paint_board(canvas: Canvas, area: Box, cards: tuple[Box, ...]) -> None:
        """The map, and the cards' panels on it with a soft shadow (one cached layer)."""
        draw_town(canvas, area, grid(area))
        for box in cards:
            bx, by, bw, bh = box
            canvas.box(CARD_SHADOW, (bx + 3, by + 6, bw, bh), radius=RADIUS)
            canvas.box(CARD, box, radius=RADIUS)
            canvas.box(CARD_EDGE, box, radius=RADIUS, width=2)

    def _board_canvas(self, canvas: Canvas, layer: pygame.Surface, area: Box) -> Canvas:
        """The map with every card's text block on it: a copy of the map layer that is
        kept, so a card's block is drawn only when what it shows changes."""
        board = self._board
        if board is None or board[0] is not layer or board[1].text_cache is not \
                canvas.text_cache:
            surface = layer.copy()
            sub = Canvas(surface, canvas.text_cache, scale=canvas.scale, offset=(0, 0),
                         origin=area[:2], design=canvas.design)
            self._board = board = (layer, sub)
            self._faces.clear()
        return board[1]

    def _face_spec(self, view: SensorView, lang: str, live: bool, color: palette.Color) -> tuple:
        """Everything the card's text block shows; the block is re-drawn when this changes."""
        name = view.sensor.name[lang]
        name = name[:1].upper() + name[1:]
        if not live:
            return (name, "–", "", palette.INK_SOFT, palette.PANEL_LINE,
                    self.text.labels["no_data"][lang], CARD_STALE, palette.INK_SOFT, "", True)
        counter = view.sensor.kind == "counter"
        shown = format_number(view.total, 0, lang) if counter and view.total is not None \
            else view.formatted(lang)
        rate = ""
        if counter and view.per_minute is not None:
            per_minute = format_number(view.per_minute, 0, lang)
            rate = self.text.labels["per_minute"][lang].format(n=per_minute)
        # the number and the level word lightened where the tone alone is too dark to read
        return (name, shown, view.sensor.unit, palette.legible(color, CARD), color,
                view.level_label(lang), palette.NIGHT, palette.legible(color, palette.NIGHT),
                rate, False)

    def _face(self, board: Canvas, layer: pygame.Surface, sid: str, box: Box, spec: tuple) -> None:
        """Draw the card's text block onto the board if what it shows changed."""
        entry = self._faces.get(sid)
        if entry is not None and entry[0] == (spec, box):
            return
        rect = board.rect(box)
        board.surface.blit(layer, rect, rect)  # the bare card from the map, then the text
        board.begin_frame()
        self._draw_face(board, box, *spec)
        self._faces[sid] = ((spec, box), list(board.drawn_text))

    def _draw_face(self, canvas: Canvas, box: Box, name: str, shown: str, unit: str,
                   value_color: palette.Color, bar_color: palette.Color, label: str,
                   label_fg: palette.Color,
                   label_bg: palette.Color, rate: str, stale: bool) -> None:
        x, y, w, h = box
        if stale:
            canvas.box(CARD_STALE, box, radius=RADIUS)
        canvas.box(bar_color, (x, y, BAR_W, h), radius=BAR_W / 2)
        # 28 fits every name at 1080p; on a smaller screen a long one may shrink a little
        canvas.text(name, (x + PAD, y + 8), canvas.fit_size(name, TEXT_PX, w - PAD,
                                                            minimum=24),
                    palette.INK_SOFT)
        value_y = y + 38
        self._value(canvas, shown, unit, (x + PAD - 2, value_y), w - PAD - 14, value_color)
        if h < PILL_MIN_H or not label:
            return
        pill(canvas, label, (x + PAD, value_y + 63), TEXT_PX, label_fg, label_bg,
             anchor="topleft")
        if rate and h >= SPARK_MIN_H:
            sx, sy, _, sh = spark_box(box)
            canvas.text(rate, (sx, sy + sh + 6), TEXT_PX, palette.INK_SOFT, anchor="bottomleft")

    def _value(self, canvas: Canvas, shown: str, unit: str, at: tuple[float, float],
               width: float, color: palette.Color) -> None:
        """The big value with its unit beside it, both on one baseline, shrunk to fit."""
        x, y = at
        unit_size = TEXT_PX
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
        canvas.text(unit, (left[0] + left[2] + 8, top), unit_size, palette.INK_SOFT)

    def _sparkline(self, canvas: Canvas, box: Box, view: SensorView, color: palette.Color,
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
        key = (view.history, lo, hi, left, top, right, bottom)  # a view is kept per reading
        kept = self._spark_points.get(view.sensor.id)
        if kept is None or kept[0] != key:
            kept = self._spark_points[view.sensor.id] = (key, self._spark_runs(
                values, lo, hi, left, top, right, bottom))
        surface = canvas.surface
        fill = palette.mix(CARD, color, 0.22)
        width = max(canvas.px(4), 2)
        runs, end = kept[1]
        for points in runs:
            if len(points) == 1:
                pygame.draw.circle(surface, color, points[0], width)
                continue
            pygame.draw.polygon(surface, fill,
                                points + [(points[-1][0], bottom), (points[0][0], bottom)])
            pygame.draw.lines(surface, color, False, points, width)
        if end is not None:  # the newest value: a dot, a ring per reading
            if beat < BEAT_SECONDS:
                k = ease_in_out(beat / BEAT_SECONDS)
                pygame.draw.aacircle(surface, palette.mix(color, CARD, k), end,
                                     canvas.px(7 + 12 * k), max(canvas.px(3), 1))
            pygame.draw.aacircle(surface, color, end, max(canvas.px(7), 3))

    def _spark_runs(self, values: np.ndarray, lo: float, hi: float, left: int, top: int,
                    right: int, bottom: int) -> tuple[list[list[tuple[float, float]]],
                                                      tuple[float, float] | None]:
        """The sparkline's points in pixels, one list per stretch of readings, and the
        newest value's point (None when the newest bucket is silent)."""
        n = len(values)
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
        end = (xs[-1], ys[-1]) if runs and runs[-1][1] == n else None  # the newest value
        return [list(zip(xs[a:b], ys[a:b])) for a, b in runs], end


SCENE = Overview
