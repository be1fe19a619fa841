"""Vehicles and riders for the city drawing kit: a gritter, a car seen from above, a cyclist,
and the `Route` a vehicle drives along.

Same conventions as `kit`: design units, `x, ground` is the bottom centre unless a function
says otherwise, palette colours only. Rigid parts are drawn once and cached as sprites, so
a scene can move many of them every frame.
"""

from __future__ import annotations

import bisect
import math

import pygame

from exhibit.render import kit
from exhibit.render import palette
from exhibit.render.canvas import Canvas
from exhibit.render.palette import Color
from exhibit.render.widgets import glow

GRITTER = palette.mix(palette.TONES["notice"], palette.TONES["act"], 0.35)   # municipal orange
HOPPER = palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.3)
ROAD_SALT = palette.mix(palette.INK, palette.METAL, 0.35)
CAR_WIDTH = 74 / 150              # a car from above: width per length
SKIN = palette.mix(palette.hex_color("#C99A78"), palette.BUILDING[1], 0.2)


Point = tuple[float, float]


# --- where a vehicle drives -----------------------------------------------------------

class Route:
    """A polyline with corners rounded to `radius`, walked by distance: where a vehicle is
    and which way it points, `k` (0..1) of the way along (ease `k` to start and stop)."""

    def __init__(self, corners: list[Point], radius: float = 0.0) -> None:
        pts = [corners[0]]
        for a, p, b in zip(corners, corners[1:], corners[2:]):
            da, db = math.dist(a, p), math.dist(p, b)
            r = min(radius, da / 2, db / 2)
            if r <= 0:
                pts.append(p)
                continue
            p1 = (p[0] + (a[0] - p[0]) * r / da, p[1] + (a[1] - p[1]) * r / da)
            p2 = (p[0] + (b[0] - p[0]) * r / db, p[1] + (b[1] - p[1]) * r / db)
            for i in range(9):  # a quadratic Bézier through the corner
                t = i / 8
                pts.append(((1 - t) ** 2 * p1[0] + 2 * t * (1 - t) * p[0] + t * t * p2[0],
                            (1 - t) ** 2 * p1[1] + 2 * t * (1 - t) * p[1] + t * t * p2[1]))
        pts.append(corners[-1])
        self.points = pts
        self.dist = [0.0]
        for a, b in zip(pts, pts[1:]):
            self.dist.append(self.dist[-1] + math.dist(a, b))
        self.length = self.dist[-1]

    def at(self, k: float) -> tuple[Point, Point]:
        """Position and unit direction `k` (0..1, clamped) of the way along."""
        d = min(max(k, 0.0), 1.0) * self.length
        i = min(max(bisect.bisect_right(self.dist, d) - 1, 0), len(self.points) - 2)
        while i < len(self.points) - 2 and self.dist[i + 1] - self.dist[i] <= 1e-9:
            i += 1
        a, b = self.points[i], self.points[i + 1]
        seg = max(self.dist[i + 1] - self.dist[i], 1e-9)
        u = (d - self.dist[i]) / seg
        return ((a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u),
                ((b[0] - a[0]) / seg, (b[1] - a[1]) / seg))


# --- the winter-service gritter -----------------------------------------------------------

def beacon_at(x: float, ground: float, length: float) -> tuple[float, float]:
    """The beacon on the cab roof of a `gritter` standing at x, ground (the caller draws
    and blinks it, so the sprite can stay cached)."""
    base = ground - length * 0.085 * 1.2
    cab_x = x - length / 2 + length * 0.7 - 8
    return cab_x + length * 0.15, base - length * 0.42 * 0.8 - 8


def gritter(canvas: Canvas, x: float, ground: float, length: float, body: Color = GRITTER,
            hopper: Color = HOPPER, salt: Color = ROAD_SALT) -> None:
    """A winter-service gritter facing right: `kit.truck` with a salt hopper, a spinner at
    the rear and a raised plough blade in front. Rigid, so callers may cache it as a
    sprite; the beacon's light (`beacon_at`) is left to the caller."""
    canvas.ellipse(palette.mix(palette.ROAD, palette.NIGHT_DEEP, 0.55),
                   (x - length * 0.46, ground - 8, length * 0.95, 16))
    kit.truck(canvas, x, ground, length, body, hopper, facing=1)
    left = x - length / 2
    base = ground - length * 0.085 * 1.2
    box_w, top = length * 0.7 - 8, base - length * 0.42
    canvas.polygon(palette.mix(hopper, palette.INK, 0.15), [(left - 6, top + 10), (left + box_w + 6,
                   top + 10), (left + box_w - 10, top - 14), (left + 10, top - 14)])
    canvas.box(salt, (left + 24, top - 18, box_w - 48, 10), radius=5)
    canvas.box(palette.mix(body, palette.NIGHT_DEEP, 0.2), (left + 20, base - 40, box_w - 40, 10),
               radius=5)
    canvas.box(palette.METAL, (left - 16, base - 12, 26, 8), radius=4)          # spinner disc
    canvas.line(palette.METAL, (left - 3, base - 12), (left + 6, base - 30), 5)
    blade_x = x + length / 2 + 10             # the plough blade on its arm, raised
    canvas.line(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.4), (blade_x - 14, ground - 30),
                (blade_x + 4, ground - 30), 8)
    canvas.polygon(palette.mix(body, palette.NIGHT_DEEP, 0.25),
                   [(blade_x, ground - 10), (blade_x + 22, ground - 8),
                    (blade_x + 30, ground - 54), (blade_x + 6, ground - 50)])
    canvas.polygon(palette.INK_SOFT, [(blade_x + 3, ground - 28), (blade_x + 25, ground - 26),
                                      (blade_x + 27, ground - 36), (blade_x + 5, ground - 38)])
    bx, by = beacon_at(x, ground, length)
    canvas.box(palette.NIGHT_DEEP, (bx - 15, by + 3, 30, 8), radius=3)


def gritter_with_beacon(canvas: Canvas, x: float, ground: float, length: float,
                        blink: float) -> None:
    """A `gritter` on the move: drawn once into a cached sprite (it is rigid) and blitted
    each frame, its beacon lit by `blink` 0..1 (the caller makes it flash)."""
    w, h = length + 90, length * 0.62

    def paint(c: Canvas) -> None:
        gritter(c, 30 + length / 2, h - 10, length)

    canvas.blit(canvas.layer("vehicles.gritter", (0.0, 0.0, w, h), paint, alpha=True),
                (x - length / 2 - 30, ground + 10 - h))
    bx, by = beacon_at(x, ground, length)
    light = palette.TONES["notice"]
    glow(canvas, (bx, by), 70, light, 0.35 + 0.45 * blink)
    canvas.box(palette.mix(palette.mix(light, palette.NIGHT_DEEP, 0.5), light, blink),
               (bx - 11, by - 9, 22, 14), radius=7)


# --- a car seen from above ----------------------------------------------------------------

def car_from_above(canvas: Canvas, x: float, y: float, length: float, body: Color,
                   heading: tuple[float, float] = (1.0, 0.0)) -> None:
    """A car seen from above (car parks, junctions), centred on (x, y), nose along
    `heading` (a unit vector, screen coordinates). The sprite is drawn once per colour and
    size; right angles are exact turns (crisp, pixel-exact colours), other angles a smooth
    rotozoom."""
    px = canvas.px(length)
    sprite = canvas.cached(("car_from_above", body, px), lambda: _car_sprite(px, body))
    angle = -math.degrees(math.atan2(heading[1], heading[0]))
    square = round(angle / 90) * 90
    if abs(angle - square) < 0.5:
        turned = canvas.cached(("car_from_above", body, px, square % 360),
                               lambda: pygame.transform.rotate(sprite, square))
    else:
        turned = pygame.transform.rotozoom(sprite, angle, 1.0)
    cx, cy = canvas.pt(x, y)
    canvas.surface.blit(turned, (cx - turned.get_width() // 2, cy - turned.get_height() // 2))


def _car_sprite(length_px: int, body: Color) -> pygame.Surface:
    """Facing right: a soft shadow, the body, bonnet and boot, glass and roof."""
    L = max(length_px, 8)
    W = round(L * CAR_WIDTH)
    pad = max(L // 30, 2)
    s = pygame.Surface((L + 2 * pad, W + 2 * pad), pygame.SRCALPHA)

    def r(x0: float, y0: float, w: float, h: float) -> pygame.Rect:
        return pygame.Rect(round(pad + x0 * L), round(pad + y0 * W), round(w * L), round(h * W))

    pygame.draw.rect(s, (*palette.NIGHT_DEEP, 110), r(0.02, 0.08, 1.0, 0.98),
                     border_radius=round(W * 0.32))
    pygame.draw.rect(s, body, r(0.0, 0.0, 1.0, 1.0), border_radius=round(W * 0.32))
    glass = palette.mix(palette.NIGHT_DEEP, palette.SKY_DAY, 0.35)
    pygame.draw.rect(s, glass, r(0.56, 0.12, 0.17, 0.76), border_radius=round(W * 0.14))
    pygame.draw.rect(s, glass, r(0.18, 0.15, 0.11, 0.70), border_radius=round(W * 0.12))
    pygame.draw.rect(s, palette.mix(body, palette.INK, 0.2), r(0.29, 0.14, 0.27, 0.72),
                     border_radius=round(W * 0.12))
    lamp = palette.mix(palette.LAMP_LIGHT, body, 0.2)
    for y0 in (0.1, 0.76):
        pygame.draw.rect(s, lamp, r(0.955, y0, 0.035, 0.14), border_radius=2)
        pygame.draw.rect(s, palette.mix(palette.TRUNK, body, 0.3), r(0.01, y0, 0.03, 0.14),
                         border_radius=2)
    return s


# --- a person on a bike -------------------------------------------------------------------

def cyclist(canvas: Canvas, x: float, ground: float, size: float, body: Color,
            bike: Color, phase: float = 0.0, facing: int = 1) -> None:
    """A person riding a bike, side view; `size` is the height to the top of the head,
    `phase` in radians turns wheels and cranks, `facing` +1 rides right, -1 left. The rigid
    bike is drawn once per size and colour and blitted (thick anti-aliased rings cost
    ~0.2 ms each); spokes, legs and body are drawn per frame."""
    f, s = facing, size
    r = 0.19 * s
    crank = (x - f * 0.03 * s, ground - r * 0.95)
    hip = (x - f * 0.13 * s, ground - 0.55 * s)
    shoulder = (x + f * 0.07 * s, ground - 0.84 * s)
    grip = (x + f * 0.25 * s, ground - 0.6 * s)
    pedal = 0.075 * s
    feet = [(crank[0] + math.cos(phase + k) * pedal * f, crank[1] + math.sin(phase + k) * pedal)
            for k in (math.pi, 0.0)]                          # far foot first
    _leg(canvas, hip, feet[0], s, f, palette.mix(body, palette.NIGHT_DEEP, 0.45))  # behind the bike
    _spokes_and_frame(canvas, x, ground, s, bike, phase, f)
    canvas.line(palette.METAL, feet[0], feet[1], 0.02 * s)      # the crank arms
    canvas.line(body, hip, shoulder, 0.12 * s)                  # back, leaning forward
    for joint in (hip, shoulder):                               # rounded, not cut off
        canvas.circle(body, joint, 0.06 * s)
    _leg(canvas, hip, feet[1], s, f, palette.mix(body, palette.NIGHT_DEEP, 0.3))
    canvas.line(body, shoulder, grip, 0.045 * s)
    head = (x + f * 0.13 * s, ground - 0.93 * s)
    canvas.circle(SKIN, head, 0.07 * s)
    canvas.circle(body, (head[0] - f * 0.01 * s, head[1] - 0.03 * s), 0.062 * s)  # helmet


def _knee(hip: tuple[float, float], foot: tuple[float, float], thigh: float, shin: float,
          facing: int) -> tuple[float, float]:
    """Where the knee goes between hip and foot (two-bone leg, knee pointing forward)."""
    dx, dy = foot[0] - hip[0], foot[1] - hip[1]
    d = min(math.hypot(dx, dy), thigh + shin - 0.01) or 0.01
    a = (thigh * thigh - shin * shin + d * d) / (2 * d)
    h = math.sqrt(max(thigh * thigh - a * a, 0.0))
    bx, by = hip[0] + dx * a / d, hip[1] + dy * a / d
    nx, ny = -dy / d, dx / d
    if nx * facing < 0:
        nx, ny = -nx, -ny
    return bx + nx * h, by + ny * h


def _leg(canvas: Canvas, hip: tuple[float, float], foot: tuple[float, float], s: float,
         f: int, color: Color) -> None:
    knee = _knee(hip, foot, 0.27 * s, 0.27 * s, f)
    canvas.line(color, hip, knee, 0.07 * s)
    canvas.line(color, knee, foot, 0.058 * s)


def _spokes_and_frame(canvas: Canvas, x: float, ground: float, s: float, bike: Color,
                      phase: float, f: int) -> None:
    r = 0.19 * s
    spoke = palette.mix(palette.NIGHT_DEEP, palette.METAL, 0.4)
    for hx in (x - 0.32 * s, x + 0.32 * s):
        for k in (0.0, math.pi / 2):
            a = phase * 0.5 * f + k
            dx, dy = math.cos(a) * r * 0.9, math.sin(a) * r * 0.9
            canvas.line(spoke, (hx - dx, ground - r - dy), (hx + dx, ground - r + dy), 0.012 * s)
    frame = canvas.cached(("cyclist.bike", canvas.px(s), canvas.scale, bike, f),
                          lambda: _bike_surface(canvas, s, bike, f))
    canvas.blit(frame, (x - 0.6 * s, ground - 0.7 * s))


def _bike_surface(canvas: Canvas, s: float, bike: Color, f: int) -> pygame.Surface:
    """The bike without its spokes, standing at (0, 0), on a transparent surface."""
    w, h = canvas.px(1.2 * s), canvas.px(0.72 * s)
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    c = Canvas(surface, canvas.text_cache, scale=canvas.scale, offset=(0, 0),
               origin=(-0.6 * s, -0.7 * s))
    r = 0.19 * s
    rear, front = (-f * 0.32 * s, -r), (f * 0.32 * s, -r)
    crank = (-f * 0.03 * s, -r * 0.95)
    seat, head_tube = (-f * 0.13 * s, -0.5 * s), (f * 0.21 * s, -0.5 * s)
    for hub in (rear, front):
        c.circle(palette.NIGHT_DEEP, hub, r, width=0.045 * s)
        c.circle(palette.METAL, hub, 0.025 * s)
    for a, b in ((rear, crank), (crank, seat), (seat, rear), (seat, head_tube),
                 (head_tube, crank), (head_tube, front)):
        c.line(bike, a, b, 0.032 * s)
    c.line(bike, head_tube, (f * 0.25 * s, -0.6 * s), 0.028 * s)
    c.line(palette.NIGHT_DEEP, (seat[0] - f * 0.05 * s, seat[1]), (seat[0] + f * 0.04 * s, seat[1]),
           0.035 * s)
    return surface


def bike_sign(canvas: Canvas, x: float, y: float, size: float, color: Color, width: float) -> None:
    """The bike pictogram painted on cycle lanes and shown on counters; (x, y) is its
    centre (not its foot: it lies flat on the lane or hangs on a sign)."""
    r = size * 0.22
    rear, front = (x - size * 0.3, y + size * 0.1), (x + size * 0.3, y + size * 0.1)
    crank, seat, bar = (x - size * 0.02, y + size * 0.1), (x - size * 0.1, y - size * 0.18), \
        (x + size * 0.2, y - size * 0.2)
    for hub in (rear, front):
        canvas.circle(color, hub, r, width=width)
    for a, b in ((rear, crank), (crank, seat), (seat, rear), (seat, bar), (bar, crank),
                 (bar, front)):
        canvas.line(color, a, b, width)
