"""The city drawing kit: one small set of flat shapes every scene builds its city from.

Side view, rounded corners, no outlines, soft ground shadows; greys and greens muted so the
live element is the most saturated thing on screen. Coordinates are design units; `x, y`
is where an object stands on the ground (bottom centre) unless a function says otherwise.
"""

from __future__ import annotations

import math

import pygame

from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.palette import Color


def sky(canvas: Canvas, box: Box, top: Color, bottom: Color, bands: int = 24) -> None:
    """A vertical gradient in flat bands (drawn into a cached layer by callers)."""
    x, y, w, h = box
    for i in range(bands):
        c = palette.mix(top, bottom, i / (bands - 1))
        canvas.box(c, (x, y + h * i / bands, w, h / bands + 1))


CLOUD = palette.mix(palette.SKY_DAY, palette.INK, 0.7)


def clouds(canvas: Canvas, placed: tuple[tuple[float, float, float], ...],
           color: Color = CLOUD) -> None:
    """Fair-weather clouds, each `(x, y, size)`: one rounded bar and two puffs."""
    for cx, cy, k in placed:
        canvas.box(color, (cx - 70 * k, cy - 8 * k, 150 * k, 34 * k), radius=17 * k)
        canvas.circle(color, (cx - 22 * k, cy - 6 * k), 30 * k)
        canvas.circle(color, (cx + 26 * k, cy - 14 * k), 38 * k)


def building(canvas: Canvas, x: float, ground: float, w: float, h: float, color: Color,
             lit: float = 0.0, seed: int = 0, roof: str = "flat") -> None:
    """A house or block with a window grid; `lit` 0..1 is the share of lit windows."""
    left, top = x - w / 2, ground - h
    canvas.box(color, (left, top, w, h), radius=8)
    if roof == "gable":
        canvas.polygon(palette.mix(color, palette.NIGHT_DEEP, 0.25),
                       [(left - 8, top + 6), (x, top - w * 0.38), (left + w + 8, top + 6)])
    cols = max(int(w // 46), 1)
    rows = max(int((h - 40) // 60), 1)
    gap_x = w / cols
    for r in range(rows):
        for c in range(cols):
            wx = left + gap_x * c + gap_x / 2 - 12
            wy = top + 28 + r * 60
            on = ((seed * 31 + r * 7 + c * 13) % 100) / 100 < lit
            canvas.box(palette.WINDOW_LIT if on else palette.WINDOW_DARK, (wx, wy, 24, 32),
                       radius=4)


def tree(canvas: Canvas, x: float, ground: float, size: float, leaf: Color,
         droop: float = 0.0) -> None:
    """A young street tree; `droop` 0..1 lowers and thins the crown (thirst)."""
    trunk_h = size * 0.9
    canvas.box(palette.TRUNK, (x - size * 0.07, ground - trunk_h, size * 0.14, trunk_h), radius=4)
    sag = droop * size * 0.18
    r = size * (0.42 - 0.06 * droop)
    cy = ground - trunk_h - r * 0.6 + sag
    for dx, dy, k in ((-0.55, 0.25, 0.8), (0.55, 0.25, 0.8), (0, -0.3, 1.0), (0, 0.3, 0.9)):
        canvas.circle(leaf, (x + dx * r, cy + dy * r + sag * 0.5 * abs(dx)), r * k)


def lamp(canvas: Canvas, x: float, ground: float, height: float, brightness: float,
         arm_left: bool = False) -> tuple[float, float]:
    """A street lamp; returns the centre of its light head for glow and light cones."""
    pole_w = 12
    canvas.box(palette.METAL, (x - pole_w / 2, ground - height, pole_w, height), radius=5)
    canvas.box(palette.METAL, (x - 22, ground - 14, 44, 14), radius=5)
    arm = -70 if arm_left else 70
    canvas.line(palette.METAL, (x, ground - height + 6), (x + arm, ground - height + 6), 10)
    hx = x + arm
    head = palette.mix(palette.LAMP_OFF, palette.LAMP_LIGHT, brightness)
    canvas.box(palette.METAL, (hx - 34, ground - height, 68, 18), radius=9)
    canvas.box(head, (hx - 28, ground - height + 14, 56, 10), radius=5)
    return hx, ground - height + 20


def light_cone(canvas: Canvas, head: tuple[float, float], ground: float, spread: float,
               brightness: float, color: Color = palette.LAMP_LIGHT) -> None:
    """The pool of light under a lamp, added onto what is already drawn."""
    if brightness <= 0.01:
        return
    hx, hy = head
    rect = canvas.rect((hx - spread, hy, spread * 2, ground - hy + 20))
    key = ("cone", rect.size, color, round(brightness * 24))
    surface = canvas.cached(key, lambda: _cone_surface(rect.size, color, round(brightness * 24)))
    canvas.surface.blit(surface, rect.topleft, special_flags=pygame.BLEND_RGB_ADD)


def _cone_surface(size: tuple[int, int], color: Color, level: int) -> pygame.Surface:
    w, h = size
    surface = pygame.Surface(size)
    surface.fill((0, 0, 0))
    strength = level / 24 * 0.55
    steps = 18
    for i in reversed(range(steps)):  # widest and faintest first, brightest core last
        t = (i + 1) / steps
        k = strength * (1 - t * 0.9) ** 1.5
        c = tuple(int(ch * k) for ch in color)
        top_half = w * (0.06 + 0.44 * t)
        pygame.draw.polygon(surface, c, [(w / 2 - top_half * 0.3, 0), (w / 2 + top_half * 0.3, 0),
                                         (w / 2 + top_half, h), (w / 2 - top_half, h)])
    pool = pygame.Rect(0, h - max(h // 7, 6), w, max(h // 7, 6) * 2)
    pygame.draw.ellipse(surface, tuple(int(ch * strength * 0.8) for ch in color), pool)
    return surface


def person(canvas: Canvas, x: float, ground: float, size: float, color: Color,
           phase: float = 0.0) -> None:
    """A walking figure; `phase` in radians swings the legs."""
    swing = math.sin(phase) * size * 0.12
    hip_y = ground - size * 0.45
    canvas.line(color, (x, hip_y), (x - swing, ground), size * 0.09)
    canvas.line(color, (x, hip_y), (x + swing, ground), size * 0.09)
    canvas.box(color, (x - size * 0.11, ground - size * 0.82, size * 0.22, size * 0.42),
               radius=size * 0.08)
    canvas.circle(color, (x, ground - size * 0.92), size * 0.1)


def truck(canvas: Canvas, x: float, ground: float, length: float, body: Color,
          cargo: Color, facing: int = 1) -> None:
    """A municipal truck (cab + cargo box or tank), `facing` +1 right / -1 left."""
    h = length * 0.42
    cab_w = length * 0.3
    box_w = length - cab_w - 8
    left = x - length / 2
    wheel_r = length * 0.085
    base = ground - wheel_r * 1.2
    if facing > 0:
        cargo_x, cab_x = left, left + box_w + 8
    else:
        cab_x, cargo_x = left, left + cab_w + 8
    canvas.box(cargo, (cargo_x, base - h, box_w, h), radius=12)
    canvas.box(body, (cab_x, base - h * 0.8, cab_w, h * 0.8), radius=12)
    win_x = cab_x + cab_w * (0.45 if facing > 0 else 0.1)
    canvas.box(palette.mix(palette.SKY_DAY, palette.INK, 0.3),
               (win_x, base - h * 0.7, cab_w * 0.45, h * 0.32), radius=6)
    for wx in (left + length * 0.18, left + length * 0.82):
        canvas.circle(palette.NIGHT_DEEP, (wx, ground - wheel_r), wheel_r)
        canvas.circle(palette.METAL, (wx, ground - wheel_r), wheel_r * 0.45)


def road(canvas: Canvas, box: Box, dashes: bool = True) -> None:
    x, y, w, h = box
    canvas.box(palette.ROAD, box)
    if dashes:
        dash = 60
        for i in range(int(w // (dash * 2)) + 1):
            canvas.box(palette.ROAD_LINE, (x + i * dash * 2 + 20, y + h / 2 - 3, dash, 6), radius=3)


# --- trees, soil, water and sensors (added for the tree-watering scene; generic) ----------

STAKE_WOOD = palette.mix(palette.TRUNK, palette.INK, 0.35)
BED_RIM = palette.mix(palette.PAVEMENT, palette.INK, 0.3)
RING_PLASTIC = palette.mix(palette.GRASS, palette.NIGHT_DEEP, 0.3)


def tree_stakes(canvas: Canvas, x: float, ground: float, height: float, spread: float,
                color: Color = STAKE_WOOD) -> None:
    """The wooden support frame of a newly planted street tree: two posts and two battens.

    Draw it before the tree so the trunk stands in front of the battens.
    """
    post_w = 10
    for px in (x - spread, x + spread):
        canvas.box(color, (px - post_w / 2, ground - height, post_w, height), radius=3)
    for k in (0.12, 0.55):
        canvas.box(palette.mix(color, palette.NIGHT_DEEP, 0.15),
                   (x - spread - 8, ground - height + height * k, spread * 2 + 16, 9), radius=3)


def tree_bed(canvas: Canvas, x: float, y: float, w: float, h: float, soil: Color,
             rim: Color = BED_RIM) -> None:
    """An open bed of soil in the pavement, seen from slightly above; (x, y) is its centre."""
    canvas.ellipse(palette.mix(rim, palette.NIGHT_DEEP, 0.25),
                   (x - w / 2 - 9, y - h / 2 - 3, w + 18, h + 14))
    canvas.ellipse(rim, (x - w / 2 - 9, y - h / 2 - 7, w + 18, h + 12))
    canvas.ellipse(soil, (x - w / 2, y - h / 2, w, h))


def watering_ring(canvas: Canvas, x: float, y: float, w: float, inside: Color,
                  fill: float = 0.0, ring: Color = RING_PLASTIC,
                  water: Color = palette.WATER) -> tuple[float, float, float, float]:
    """A low ring round a young tree's trunk that holds water while it seeps in.

    `fill` 0..1 spreads a pool of `water` over the inside. Returns the inner ellipse box so
    callers can aim a jet at it or stand the trunk in its middle.
    """
    h = w * 0.26
    wall = w * 0.07
    canvas.ellipse(palette.mix(ring, palette.NIGHT_DEEP, 0.35), (x - w / 2, y - h / 2, w, h + wall))
    canvas.ellipse(ring, (x - w / 2, y - h / 2 - wall * 0.4, w, h))
    iw, ih = w * 0.84, h * 0.68
    inner = (x - iw / 2, y - ih / 2 - wall * 0.3, iw, ih)
    canvas.ellipse(inside, inner)
    if fill > 0.02:
        k = 0.35 + 0.65 * min(fill, 1.0)
        pw, ph = iw * k, ih * k
        cy = inner[1] + ih / 2
        canvas.ellipse(palette.mix(water, inside, 0.2), (x - pw / 2, cy - ph / 2, pw, ph))
        canvas.ellipse(palette.mix(water, palette.INK, 0.45),
                       (x - pw * 0.3, cy - ph * 0.32, pw * 0.34, max(ph * 0.18, 3)))
    return inner


def radio_waves(canvas: Canvas, origin: tuple[float, float], ages: list[float], color: Color,
                reach: float = 70.0, fade_to: Color | None = None) -> None:
    """Arcs rising from an antenna at `origin`; each age 0..1 is one wave on its way out."""
    for age in ages:
        if not 0.0 <= age < 1.0:
            continue
        r = 12 + reach * age
        c = palette.mix(color, fade_to, age ** 1.5) if fade_to is not None else color
        rect = canvas.rect((origin[0] - r, origin[1] - r, r * 2, r * 2))
        width = max(canvas.px(6 - 3 * age), 1)
        pygame.draw.arc(canvas.surface, c, rect, math.radians(50), math.radians(130), width)


def tank_truck(canvas: Canvas, x: float, ground: float, length: float, body: Color,
               tank: Color, facing: int = 1, stripe: Color = palette.WATER) -> tuple[float, float]:
    """`truck` carrying a water tank; returns where a `watering_boom` is mounted on it.

    Rigid, so a scene may draw it once into a cached layer and blit it where it drives.
    """
    chassis = palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.55)
    h = length * 0.42
    box_w = length - length * 0.3 - 8
    base = ground - length * 0.085 * 1.2
    cargo_x = x - length / 2 if facing > 0 else x - length / 2 + length * 0.3 + 8
    truck(canvas, x, ground, length, body, chassis, facing)
    # the tank covers the cargo box but its bottom rail, which shows as the chassis
    canvas.box(tank, (cargo_x - 4, base - h - 4, box_w + 8, h - 14), radius=26)
    shade = palette.mix(tank, palette.METAL, 0.55)
    for bx in (cargo_x + 6, cargo_x + box_w - 20):  # end caps: it reads as a round tank
        canvas.box(shade, (bx, base - h + 2, 14, h - 26), radius=7)
    canvas.box(stripe, (cargo_x + 30, base - h * 0.42, box_w - 60, h * 0.12), radius=h * 0.06)
    dx, dy = cargo_x + box_w / 2, base - h * 0.68
    canvas.circle(stripe, (dx, dy + 7), 11)
    canvas.polygon(stripe, [(dx - 9.5, dy + 3), (dx, dy - 14), (dx + 9.5, dy + 3)])
    return tank_truck_mount(x, ground, length, facing)


def tank_truck_mount(x: float, ground: float, length: float,
                     facing: int = 1) -> tuple[float, float]:
    """Where `tank_truck` carries its watering boom: on top of the tank's front end."""
    h = length * 0.42
    base = ground - length * 0.085 * 1.2
    front = x - length / 2 + length * 0.3 + 34 if facing < 0 else x + length / 2 - length * 0.3 - 34
    return (front, base - h - 10)


def watering_boom(canvas: Canvas, mount: tuple[float, float], reach: float, boom: float,
                  facing: int = 1, joint: Color = palette.TONES["notice"]) -> tuple[float, float]:
    """A boom that swings from lying back along a tank (`boom` 0) up and over to point
    ahead (1); returns its nozzle, where a `water_jet` starts."""
    angle = math.radians(8 + 150 * min(max(boom, 0.0), 1.0))
    tip = (mount[0] - facing * reach * math.cos(angle), mount[1] - reach * math.sin(angle))
    canvas.line(palette.METAL, mount, tip, 11)
    canvas.box(joint, (mount[0] - 16, mount[1] - 8, 32, 20), radius=8)
    canvas.circle(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.3), tip, 8)
    return tip


def water_jet(canvas: Canvas, start: tuple[float, float], end: tuple[float, float],
              lift: float, head: float = 1.0, tail: float = 0.0, phase: float = 0.0,
              color: Color = palette.WATER, width: float = 14) -> None:
    """A parabolic stream of water from `start` to `end` peaking `lift` above the chord.

    `head` 0..1 is how far the water front has come, `tail` 0..1 where the stream's end is
    (a jet switched off runs out from the start); `phase` in seconds moves the droplets.
    Drawn as two filled polygons and a few droplets, so it is cheap every frame.
    """
    if head <= tail + 0.01:
        return
    sx, sy = start
    ex, ey = end

    def at(s: float) -> tuple[float, float]:
        return (sx + (ex - sx) * s, sy + (ey - sy) * s - 4 * lift * s * (1 - s))

    n = 16
    ss = [tail + (head - tail) * i / n for i in range(n + 1)]
    pts = [at(s) for s in ss]
    for core, w in ((False, width), (True, width * 0.38)):
        left_side, right_side = [], []
        for i, (px, py) in enumerate(pts):
            qx, qy = pts[min(i + 1, n)] if i < n else pts[i]
            ox, oy = pts[max(i - 1, 0)]
            tx, ty = qx - ox, qy - oy
            d = math.hypot(tx, ty) or 1.0
            k = w * (0.7 + 0.3 * ss[i]) / 2  # the stream fans out a little as it falls
            nx, ny = -ty / d * k, tx / d * k
            left_side.append((px + nx, py + ny))
            right_side.append((px - nx, py - ny))
        canvas.polygon(palette.mix(color, palette.INK, 0.55) if core else color,
                       left_side + right_side[::-1])
    for i in range(5):
        s = (phase * 1.6 + i / 5) % 1.0
        if tail <= s <= head:
            px, py = at(s)
            canvas.circle(palette.mix(color, palette.INK, 0.7), (px, py - width * 0.1),
                          width * 0.22)


def splash(canvas: Canvas, at: tuple[float, float], phase: float, strength: float,
           color: Color = palette.WATER) -> None:
    """Droplets bouncing up where water lands; `phase` in seconds, `strength` 0..1."""
    if strength <= 0.02:
        return
    x, y = at
    for i, (vx, hop) in enumerate(((-1.0, 1.0), (0.8, 0.8), (-0.45, 1.3), (1.2, 0.55))):
        s = (phase * 2.2 + i * 0.27) % 1.0
        dx = vx * 34 * s * strength
        dy = -4 * 30 * hop * s * (1 - s) * strength
        canvas.circle(palette.mix(color, palette.INK, 0.4), (x + dx, y + dy), 4.5 * (1 - 0.5 * s))


# --- street furniture (added for the waste-bin scene; generic) ----------------------------

def litter_bin(canvas: Canvas, x: float, ground: float, w: float, h: float, body: Color,
               lid: Color | None = None) -> None:
    """A public litter bin standing on the ground: slightly tapered body, a rim, a lid."""
    lid = lid or palette.mix(body, palette.NIGHT_DEEP, 0.3)
    lid_h = max(h * 0.1, 8)
    top = ground - h
    taper = w * 0.06
    canvas.polygon(body, [(x - w / 2, top + lid_h), (x + w / 2, top + lid_h),
                          (x + w / 2 - taper, ground), (x - w / 2 + taper, ground)])
    canvas.box(palette.mix(body, palette.NIGHT_DEEP, 0.25),
               (x - w / 2 + taper, ground - h * 0.06, w - 2 * taper, h * 0.06), radius=3)
    canvas.box(lid, (x - w / 2 - w * 0.04, top, w * 1.08, lid_h), radius=lid_h / 2)


def map_body(card: Box, head: float) -> Box:
    """The map area of an inset map `card`: below its heading of height `head`, inset."""
    x, y, w, h = card
    return (x + 10, y + head, w - 20, h - head - 10)


def inset_map(canvas: Canvas, card: Box, head: float, card_color: Color, ground: Color,
              radius: float = 20, ground_radius: float = 14) -> Box:
    """The card of a small city map beside a scene (where else the city measures): the
    card, its ground below the heading; returns the ground's box for the streets."""
    body = map_body(card, head)
    canvas.box(card_color, card, radius=radius)
    canvas.box(ground, body, radius=ground_radius)
    return body
