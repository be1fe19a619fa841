"""The tabletop town seen from above: the overview's map, from the city drawing kit.

Parks and the river at the back, the market square in the middle, the front street with its
lamps and the car park at the front right, laid out around a grid of blocks (where the
overview's sensor cards sit). Muted colours, so the cards' level colours stand out. Drawn
once into a cached layer by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas


@dataclass(frozen=True)
class Grid:
    """The blocks of the map: column lefts, row tops, block size, street width."""

    columns: tuple[float, ...]
    rows: tuple[float, ...]
    card_w: float
    card_h: float
    street: float


# map colours: muted, so the cards' level colours are the most saturated thing
GROUND = palette.mix(palette.NIGHT, palette.BUILDING[2], 0.45)
ROAD = palette.mix(palette.NIGHT_DEEP, palette.ROAD, 0.35)
ROAD_MARK = palette.mix(ROAD, palette.ROAD_LINE, 0.3)
KERB = palette.mix(GROUND, palette.PAVEMENT, 0.55)
PARK = palette.mix(palette.NIGHT, palette.GRASS, 0.62)
CROWN = palette.mix(palette.NIGHT, palette.LEAF, 0.72)
CROWN_DARK = palette.mix(palette.NIGHT, palette.LEAF, 0.5)
RIVER = palette.mix(palette.NIGHT, palette.WATER, 0.42)
RIVER_LIGHT = palette.mix(palette.NIGHT, palette.WATER, 0.6)
BANK = palette.mix(PARK, palette.PAVEMENT, 0.4)
CYCLE = palette.mix(palette.NIGHT, (190, 104, 84), 0.5)
PLAZA = palette.mix(palette.NIGHT, palette.PAVEMENT, 0.62)
PLAZA_LINE = palette.mix(PLAZA, palette.NIGHT, 0.25)
YARD = palette.mix(palette.NIGHT, palette.PAVEMENT, 0.45)
CARS = (palette.mix(palette.NIGHT, palette.VEHICLE, 0.55),
        palette.mix(palette.NIGHT, palette.WATER, 0.55),
        palette.mix(palette.NIGHT, palette.TONES["notice"], 0.45),
        palette.mix(palette.NIGHT, palette.METAL, 0.5))


def draw_town(canvas: Canvas, area: Box, grid: Grid) -> None:
    """The tabletop town seen from above, around the blocks of `grid` (cached by callers)."""
    x0, y0, w, h = area
    canvas.box(GROUND, area)
    c, r = grid.columns, grid.rows                  # column lefts, row tops
    CARD_W, CARD_H, STREET = grid.card_w, grid.card_h, grid.street  # noqa: N806
    back_street = r[1] - STREET / 2            # between the back row and the middle
    mid_street = r[2] - STREET / 2
    front = r[2] + CARD_H + 22                 # the front street along the model's edge
    main_x = c[3] - STREET / 2                 # the main road on the right, front to back
    market = (c[1] - 10, r[1] - 10, c[2] + CARD_W - c[1] + 20, CARD_H + 20)

    # the back: a park with the tree bed, the river through it, the cycle path behind
    canvas.box(PARK, (x0, y0, x0 + w - x0, back_street - y0))
    _river(canvas, area, main_x)
    canvas.box(CYCLE, (x0, y0 + 44, x0 + w - x0, 14), radius=7)
    for dx in range(int(x0 + 30), int(x0 + w), 70):
        canvas.box(palette.mix(CYCLE, palette.INK, 0.35), (dx, y0 + 49.5, 26, 3), radius=1.5)
    for tx, ty, s in ((c[1] + 40, r[0] + 64, 30), (c[1] + 112, r[0] + 128, 36),
                      (c[1] + 40, r[0] + 168, 24), (c[1] + 128, r[0] + 26, 22),
                      (c[2] + CARD_W - 40, r[0] + 150, 26), (x0 + w - 10, r[0] + 226, 20)):
        _tree(canvas, tx, ty, s)

    # streets: side streets, the market square, the main road and the front street
    _road(canvas, (x0, back_street - 12, w, 24))
    _road(canvas, (x0, mid_street - 12, w, 24))
    _road(canvas, (c[1] - STREET / 2 - 12, back_street, 24, front - back_street))
    _road(canvas, (c[2] - STREET / 2 - 12, mid_street, 24, front - mid_street))
    canvas.box(PLAZA, market, radius=14)
    for gx in range(int(market[0]) + 26, int(market[0] + market[2]), 36):
        canvas.line(PLAZA_LINE, (gx, market[1] + 4), (gx, market[1] + market[3] - 4), 2)
    fountain = (c[2] - STREET / 2, r[1] + CARD_H / 2)
    canvas.circle(palette.mix(PLAZA, palette.NIGHT, 0.35), fountain, 14)
    canvas.circle(RIVER_LIGHT, fountain, 9)
    _road(canvas, (main_x - 14, y0, 28, h), dashes=True, vertical=True)
    _road(canvas, (x0, front, main_x - x0, 52), dashes=True)
    canvas.box(KERB, (x0, front - 6, main_x - 14 - x0, 6))
    canvas.box(KERB, (x0, front + 52, main_x - 14 - x0, 8))
    for y in (y0 + 36, y0 + 66):  # the main road's bridge over the cycle path
        canvas.box(palette.mix(ROAD, palette.INK, 0.18), (main_x - 19, y - 3, 38, 6), radius=3)

    # the front: street lamps and trees on the pavement, the litter bin, the car park
    for lx in (x0 + 80, x0 + 270):
        canvas.circle(palette.mix(GROUND, palette.LAMP_LIGHT, 0.16), (lx, front + 92), 26)
        canvas.circle(palette.mix(palette.NIGHT, palette.LAMP_LIGHT, 0.6), (lx, front + 92), 8)
    for tx in (x0 + 175, x0 + 640, x0 + 760):
        _tree(canvas, tx, front + 104, 22)
    bin_x = c[1] + CARD_W / 2
    canvas.circle(palette.mix(palette.NIGHT, palette.METAL, 0.55), (bin_x, front + 92), 14)
    canvas.circle(palette.mix(palette.NIGHT, palette.METAL, 0.3), (bin_x, front + 92), 8)
    _car_park(canvas, (main_x + 14, r[2] + CARD_H + 14, x0 + w - main_x - 14,
                       y0 + h - r[2] - CARD_H - 14))
    # the classroom's schoolyard round its card
    canvas.box(YARD, (c[3] - 8, r[1] - 8, x0 + w - c[3] + 8, CARD_H + 16), radius=10)


def _road(canvas: Canvas, box: Box, dashes: bool = False, vertical: bool = False) -> None:
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

def _river(canvas: Canvas, area: Box, main_x: float) -> None:
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
        canvas.line(RIVER_LIGHT, (a[0] * 0.7 + mid[0] * 0.3, a[1] * 0.7 + mid[1] * 0.3), mid, 4)

def _tree(canvas: Canvas, x: float, y: float, size: float) -> None:
    canvas.circle(CROWN_DARK, (x + 3, y + 4), size)
    canvas.circle(CROWN, (x, y), size)
    canvas.circle(palette.mix(CROWN, palette.INK, 0.12), (x - size * 0.3, y - size * 0.3),
                  size * 0.35)

def _car_park(canvas: Canvas, box: Box) -> None:
    """Bays along the bottom edge, seen from above, a few of them taken."""
    x, y, w, h = box
    canvas.box(palette.mix(ROAD, GROUND, 0.35), box)
    bay, top = 54, y + 50
    count = int((w - 20) // bay)
    for i in range(count + 1):
        bx = x + 14 + i * bay
        canvas.line(ROAD_MARK, (bx, top), (bx, y + h), 3)
        if i < count and i % 3 != 1:
            canvas.box(CARS[i % len(CARS)], (bx + 10, top + 18, bay - 20, 66), radius=9)
