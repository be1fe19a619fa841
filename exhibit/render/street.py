"""Street furniture and public signals for the city drawing kit: what measures (weather
station, road probe, level sensor, gauge board, counting column), the road's bridge, signs
and shrubs, barriers that close a road or hold back water, shade and water on a hot square,
and the ways a city sends out an alert (siren, ringing warning sign, phone).

Same conventions as `kit`: design units, `x, ground` is the bottom centre unless a function
says otherwise, palette colours only, no outlines. Parts that move take their state as a
0..1 argument (`lowered`, `unfurl`, `progress` …), so scenes ease it and draw every frame.
"""

from __future__ import annotations

import math

import pygame

from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.palette import Color
from exhibit.render.widgets import ease_in_out

POST = palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.45)          # steel posts and masts
PARKING_BLUE = palette.mix(palette.TONES["info"], palette.NIGHT, 0.35)   # the blue of a "P" sign
SIGNAL_RED = palette.TONES["act"]                        # barrier stripes, sign rings, alerts
GAUGE_BOARD = palette.mix(palette.INK, palette.SKY_DAY, 0.08)
GAUGE_INK = palette.mix(palette.NIGHT_DEEP, palette.PANEL, 0.3)
BARRIER_BEAM = palette.mix(palette.METAL, palette.INK, 0.3)
BARRIER_EDGE = palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.35)
SAIL_ROLL = palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.2)
FOUNTAIN = palette.mix(palette.TONES["info"], palette.BUILDING[2], 0.55)
DRAIN_SHADOW = palette.mix(palette.mix(palette.PAVEMENT, palette.NIGHT_DEEP, 0.4),
                           palette.NIGHT_DEEP, 0.2)
PHONE_BODY = palette.mix(palette.NIGHT_DEEP, palette.METAL, 0.15)
PHONE_SCREEN = palette.mix(palette.PANEL, palette.SKY_DUSK, 0.4)
CONCRETE = palette.mix(palette.METAL, palette.NIGHT, 0.55)
RAILING = palette.mix(palette.METAL, palette.NIGHT, 0.35)


# --- measuring --------------------------------------------------------------------------

def station(canvas: Canvas, x: float, top: float, ground: float) -> None:
    """A road weather station (Glättemeldeanlage): mast, a louvred screen for the humidity
    and air sensors, a radio box, and its antenna rising above `top`."""
    canvas.box(palette.METAL, (x - 5, top, 10, ground - top), radius=4)
    for i in range(4):
        canvas.ellipse(palette.mix(palette.INK_SOFT, palette.METAL, 0.4),
                       (x - 26, top + 30 + i * 11, 52, 12))
    canvas.box(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.35), (x + 6, top + 90, 34, 42),
               radius=6)
    canvas.line(palette.METAL, (x, top), (x, top - 26), 4)
    canvas.circle(palette.METAL, (x, top - 28), 5)


def level_sensor(canvas: Canvas, post_x: float, ground: float, arm_y: float, x: float) -> None:
    """A water-level sensor looking down from an arm: its post stands on the bank at
    `post_x`, the arm at `arm_y` reaches left over the water to the sensor at `x`; a radio
    box and its antenna sit on the post's top (waves rise from about `arm_y - 34`)."""
    canvas.box(POST, (post_x - 6, arm_y - 30, 12, ground - arm_y + 30), radius=4)
    canvas.box(POST, (x - 10, arm_y - 5, post_x - x + 16, 10), radius=4)
    canvas.box(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.2), (x - 26, arm_y, 52, 24),
               radius=6)
    for dx in (-11, 11):
        canvas.circle(palette.METAL, (x + dx, arm_y + 22), 8)
    canvas.line(palette.METAL, (post_x, arm_y - 30), (post_x, arm_y - 48), 4)
    canvas.box(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.3),
               (post_x - 12, arm_y - 36, 24, 14), radius=5)


def counter_column(canvas: Canvas, x: float, ground: float, top: float, w: float,
                   antenna: tuple[float, float], screen_h: float = 230.0) -> None:
    """A counting column (like a Fahrradbarometer): a rounded body with a dark screen of
    `screen_h` at the top for the caller's pictogram and digits, and a radio antenna
    behind it whose box sits at `antenna`."""
    left = x - w / 2
    canvas.ellipse(palette.mix(palette.PAVEMENT, palette.NIGHT_DEEP, 0.5),
                   (left - 10, ground - 12, w + 20, 22))
    ax, ay = antenna
    canvas.line(palette.METAL, (ax, top + 10), (ax, ay + 8), 5)
    canvas.box(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.3), (ax - 12, ay, 24, 14), radius=5)
    body = palette.mix(palette.NIGHT_DEEP, palette.METAL, 0.22)
    canvas.box(body, (left, top, w, ground - top), radius=22)
    canvas.box(palette.mix(body, palette.INK, 0.12), (left, top, w, 12), radius=6)
    canvas.box(palette.NIGHT_DEEP, (left + 14, top + 18, w - 28, screen_h), radius=14)


def gauge_board(canvas: Canvas, x: float, foot: float, top: float, w: float, zero_y: float,
                per_cm: float, board: Color = GAUGE_BOARD, ink: Color = GAUGE_INK) -> None:
    """A river gauge board (Pegellatte): a white staff on a post, with an E-pattern of cm
    marks counting up from 0 cm at `zero_y`, `per_cm` design units apart."""
    canvas.box(POST, (x - w / 2 - 6, top - 6, 6, foot - top + 6), radius=3)
    canvas.box(board, (x - w / 2, top, w, foot - top), radius=4)
    cm = 0
    while zero_y - per_cm * cm > top + 4:
        y = zero_y - per_cm * cm
        if cm % 5 == 0:
            canvas.box(ink, (x - w / 2 + 3, y - 2, w - 6, 4))
        else:
            canvas.box(ink, (x - w / 2 + 3, y - 1.5, w * 0.45, 3))
        cm += 1


def road_probe(canvas: Canvas, x: float, surface: float, cable: float = 58.0) -> None:
    """A road-surface temperature probe set flush into the road, its top at `surface`,
    with its cable running `cable` units down out of the road (to a weather station)."""
    canvas.box(palette.NIGHT_DEEP, (x - 22, surface, 44, 10), radius=5)
    canvas.box(palette.METAL, (x - 18, surface + 2, 36, 6), radius=3)
    canvas.line(palette.METAL, (x, surface + 10), (x, surface + cable), 3)


# --- the road: a bridge, signs, greenery ---------------------------------------------

def bridge(canvas: Canvas, x0: float, x1: float, road_top: float, road_bottom: float,
           piers: tuple[float, ...], foot: float, rail_h: float = 38.0) -> None:
    """A road bridge over a valley, side view, spanning `x0`..`x1`: a girder under the road
    (which the caller draws between `road_top` and `road_bottom`), piers at the `piers` x
    down to `foot`, and a railing `rail_h` high along the road."""
    for px in piers:
        canvas.box(CONCRETE, (px - 24, road_bottom + 26, 48, foot - road_bottom - 26))
    girder = (x0 - 20, road_bottom, x1 - x0 + 40)
    canvas.box(CONCRETE, (*girder, 34), radius=6)
    canvas.box(palette.mix(CONCRETE, palette.INK, 0.15), (*girder, 8))
    for rx in range(int(x0), int(x1) + 1, 35):
        canvas.box(RAILING, (rx - 3, road_top - rail_h, 6, rail_h))
    canvas.box(RAILING, (x0 - 6, road_top - rail_h, x1 - x0 + 12, 8), radius=4)


def arrow(canvas: Canvas, x: float, y: float, color: Color, size: float = 1.0,
          down: bool = False) -> None:
    """A direction arrow (painted on a road, lit on a sign) around (x, y), pointing right,
    or down."""
    k = size
    if down:
        canvas.box(color, (x - 8 * k, y - 24 * k, 16 * k, 30 * k), radius=5 * k)
        canvas.polygon(color, [(x - 22 * k, y + 2 * k), (x + 22 * k, y + 2 * k), (x, y + 26 * k)])
    else:
        canvas.box(color, (x - 26 * k, y - 8 * k, 32 * k, 16 * k), radius=5 * k)
        canvas.polygon(color, [(x + 4 * k, y - 22 * k), (x + 4 * k, y + 22 * k), (x + 30 * k, y)])


def parking_sign(canvas: Canvas, x: float, ground: float, top: float, label: str = "P") -> None:
    """A blue parking sign on a post: the plate's top centre at (x, `top`)."""
    canvas.box(palette.METAL, (x - 4, top + 50, 8, ground - top - 50), radius=3)
    canvas.box(PARKING_BLUE, (x - 30, top, 60, 56), radius=10)
    canvas.text(label, (x, top + 28), 30, palette.INK, weight="bold", anchor="center")


def guidance_sign(canvas: Canvas, box: Box, row_h: float, face: Color = palette.NIGHT_DEEP) -> None:
    """A parking guidance sign (Parkleitsystem) on two posts: a framed dark face with a
    blue "P" and a divider under its first row (`row_h`); the caller lights the readout."""
    sx, sy, sw, sh = box
    for px in (sx + 40, sx + sw - 50):
        canvas.box(palette.METAL, (px, sy + sh - 10, 10, 44), radius=4)
    canvas.box(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.4),
               (sx - 6, sy - 6, sw + 12, sh + 12), radius=20)
    canvas.box(face, box, radius=16)
    canvas.box(PARKING_BLUE, (sx + 14, sy + 12, 70, 70), radius=12)
    canvas.text("P", (sx + 49, sy + 48), 54, palette.INK, weight="bold", anchor="center")
    canvas.line(palette.PANEL_LINE, (sx + 14, sy + row_h + 10), (sx + sw - 14, sy + row_h + 10), 2)


def shrub(canvas: Canvas, x: float, y: float, size: float = 1.0) -> None:
    """A low shrub in a verge: three leaf blobs over a soft shadow, centred on (x, y)."""
    k, leaf = size, palette.mix(palette.LEAF, palette.GRASS, 0.55)
    canvas.ellipse(palette.mix(palette.GRASS, palette.NIGHT_DEEP, 0.55),
                   (x - 60 * k, y + 10 * k, 120 * k, 24 * k))
    for dx, dy, r in ((-32, 0, 28), (30, 2, 26), (0, -14, 34)):
        canvas.circle(leaf, (x + dx * k, y + dy * k), r * k)


# --- closing a road, holding back water ------------------------------------------------

def barrier_arm(canvas: Canvas, x: float, ground: float, pivot_y: float, length: float,
                lowered: float, stripe: Color = SIGNAL_RED) -> None:
    """A road barrier: post, counterweight and a red-and-white arm that swings from up
    (`lowered` 0) down across the road to the left (1)."""
    angle = math.radians(82 * (1 - lowered))
    dx, dy = -math.cos(angle), -math.sin(angle)
    nx, ny = -dy * 6, dx * 6
    canvas.box(POST, (x - 8, pivot_y - 4, 16, ground - pivot_y + 4), radius=4)
    canvas.line(POST, (x, pivot_y), (x - dx * 22, pivot_y - dy * 22), 14)
    stripes = 6
    for i in range(stripes):
        a, b = length * i / stripes, length * (i + 1) / stripes
        p, q = (x + dx * a, pivot_y + dy * a), (x + dx * b, pivot_y + dy * b)
        canvas.polygon(stripe if i % 2 == 0 else palette.INK,
                       [(p[0] + nx, p[1] + ny), (q[0] + nx, q[1] + ny),
                        (q[0] - nx, q[1] - ny), (p[0] - nx, p[1] - ny)])
    canvas.circle(palette.METAL, (x, pivot_y), 9)


def traffic_sign(canvas: Canvas, x: float, ground: float, center_y: float, r: float,
                 facing: float, ring: Color = SIGNAL_RED) -> None:
    """'No vehicles' (white disc, red ring) on a post; it turns from edge-on (`facing` 0)
    to face the road (1) when the road closes."""
    canvas.box(POST, (x - 4, center_y, 8, ground - center_y), radius=3)
    k = max(facing, 0.0)
    if k < 0.12:
        canvas.box(palette.METAL, (x - 3, center_y - r, 6, 2 * r), radius=3)
        return
    w = 2 * r * k
    canvas.ellipse(ring, (x - w / 2, center_y - r, w, 2 * r))
    inner = r * 0.72
    canvas.ellipse(palette.INK, (x - inner * k, center_y - inner, 2 * inner * k, 2 * inner))


def flood_barrier(canvas: Canvas, x: float, ground: float, w: float, beam_h: float,
                  beams: int, progress: float) -> None:
    """A mobile flood barrier in profile: a steel upright with a strut on the dry side and
    aluminium beams stacked one by one as `progress` goes 0..1."""
    if progress <= 0.01:
        return
    full = beam_h * beams
    post_h = full * ease_in_out(min(progress * 2.0, 1.0))
    canvas.line(POST, (x + w / 2 + 4, ground - post_h * 0.75), (x + w / 2 + 30, ground), 7)
    canvas.box(POST, (x + w / 2 - 2, ground - post_h, 10, post_h), radius=3)
    for i in range(beams):
        p = ease_in_out(min(max(progress * beams - i, 0.0), 1.0))
        if p <= 0.0:
            continue
        bottom = ground - i * beam_h - (1 - p) * 40
        canvas.box(BARRIER_EDGE, (x - w / 2, bottom - beam_h, w, beam_h), radius=4)
        canvas.box(BARRIER_BEAM, (x - w / 2, bottom - beam_h, w, beam_h - 4), radius=4)


# --- shade and water on a hot square -----------------------------------------------------

def sun_sail(canvas: Canvas, left: float, right: float, top: float, unfurl: float,
             cloth: Color, roll: Color = SAIL_ROLL) -> None:
    """A shade sail between two posts at `left` and `right`, unrolled from the left one
    by `unfurl` 0..1 and sagging a little; its leading edge is a rod. (The posts and the
    roll are the caller's: they do not move.)"""
    if unfurl <= 0.01:
        return
    edge = left + (right - left) * unfurl
    sag = 22 * unfurl
    upper, lower = [], []
    for j in range(9):
        s = j / 8
        x = left + (edge - left) * s
        belly = 4 * s * (1 - s) * sag
        upper.append((x, top + 16 * s + belly * 0.5))
        lower.append((x, top + 46 - 8 * s + belly))
    canvas.polygon(cloth, upper + lower[::-1])
    canvas.circle(roll, (edge, top + 16), 7)


def drinking_fountain(canvas: Canvas, x: float, ground: float, height: float,
                      drain: tuple[float, float], body: Color = FOUNTAIN) -> None:
    """A public drinking fountain: a column with a spout to the right near its top and a
    drain grate at `drain` where the water (a `kit.water_jet`) lands."""
    top = ground - height
    canvas.ellipse(DRAIN_SHADOW, (drain[0] - 44, drain[1] - 6, 88, 22))
    canvas.box(body, (x - 28, top, 56, height), radius=15)
    canvas.box(palette.mix(body, palette.NIGHT_DEEP, 0.3), (x - 38, ground - 16, 76, 16), radius=6)
    canvas.box(palette.METAL, (x + 18, top + 14, 22, 12), radius=5)
    canvas.circle(palette.TONES["info"], (x, top + 56), 11)


def misting_pole(canvas: Canvas, x: float, ground: float, height: float) -> None:
    """A misting pole: a slim mast with a nozzle head on top (the spray is the caller's)."""
    canvas.box(palette.METAL, (x - 8, ground - height, 16, height), radius=6)
    canvas.box(palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.3), (x - 22, ground - 14, 44, 14),
               radius=5)
    canvas.box(palette.mix(palette.METAL, palette.TONES["info"], 0.3),
               (x - 26, ground - height - 8, 52, 18), radius=9)


# --- alerts: sirens, warning signs, phones --------------------------------------------

def arc_waves(canvas: Canvas, origin: tuple[float, float], ages: list[float], color: Color,
              *, start: float = 12.0, reach: float = 70.0, toward: tuple[float, ...] = (90.0,),
              spread: float = 40.0, width: tuple[float, float] = (6.0, 3.0),
              fade_to: Color | None = None) -> None:
    """Waves spreading from `origin`: one arc per age 0..1 and per direction in `toward`
    (degrees, 0 right, 90 up), `spread` degrees to either side, growing from radius `start`
    by `reach` and thinning from `width[0]` to `width[1]`, fading towards `fade_to`.
    The defaults are `kit.radio_waves` (a radio signal rising from an antenna); a siren
    sends them sideways (`sound_waves`)."""
    for age in ages:
        if not 0.0 <= age < 1.0:
            continue
        r = start + reach * age
        c = palette.mix(color, fade_to, age ** 1.5) if fade_to is not None else color
        rect = canvas.rect((origin[0] - r, origin[1] - r, r * 2, r * 2))
        px = max(canvas.px(width[0] + (width[1] - width[0]) * age), 1)
        for direction in toward:
            pygame.draw.arc(canvas.surface, c, rect, math.radians(direction - spread),
                            math.radians(direction + spread), px)


def sound_waves(canvas: Canvas, origin: tuple[float, float], ages: list[float], color: Color,
                reach: float = 110.0, spread: float = 28.0, fade_to: Color | None = None) -> None:
    """Sound leaving a siren to both sides; each age 0..1 is one wave on its way out."""
    arc_waves(canvas, origin, ages, color, start=34.0, reach=reach, toward=(0.0, 180.0),
              spread=spread, width=(7.0, 3.0), fade_to=fade_to)


def siren_mast(canvas: Canvas, x: float, ground: float, head: tuple[float, float]) -> None:
    """An outdoor warning siren on a steel mast: a round horn under a mushroom cap at
    `head`; its beacon's light and `sound_waves` are the caller's."""
    hx, hy = head
    canvas.box(POST, (x - 6, hy, 12, ground - hy), radius=4)
    canvas.box(POST, (x - 20, ground - 10, 40, 10), radius=4)
    body = palette.mix(palette.METAL, palette.NIGHT_DEEP, 0.15)
    canvas.box(body, (hx - 22, hy - 18, 44, 34), radius=10)
    for dy in (-8, 2):
        canvas.box(palette.mix(body, palette.NIGHT_DEEP, 0.4), (hx - 22, hy + dy, 44, 4))
    canvas.ellipse(palette.mix(palette.METAL, palette.INK, 0.2), (hx - 30, hy - 26, 60, 16))


def alert_sign(canvas: Canvas, center: tuple[float, float], r: float, color: Color,
               ages: list[float], fade_to: Color | None = None) -> None:
    """A warning triangle with "!" that rings: arcs left and right, one per age 0..1,
    spreading and fading (towards `fade_to`) as they go."""
    cx, cy = center
    arc_waves(canvas, (cx, cy + 4), ages, color, start=r + 10, reach=40.0,
              toward=(0.0, 180.0), spread=40.0, fade_to=fade_to)
    canvas.polygon(color, [(cx, cy - r * 1.05), (cx + r * 1.1, cy + r * 0.85),
                           (cx - r * 1.1, cy + r * 0.85)])
    canvas.box(palette.NIGHT_DEEP, (cx - r * 0.11, cy - r * 0.45, r * 0.22, r * 0.75),
               radius=r * 0.1)
    canvas.circle(palette.NIGHT_DEEP, (cx, cy + r * 0.55), r * 0.13)


def alert_phone(canvas: Canvas, box: Box, app: str, title: str, text: str,
                accent: Color = SIGNAL_RED, water: Color = palette.WATER) -> None:
    """A smartphone showing a warning app's push message (`app` name, a bold `title`, and
    `text`, wrapped) above a flood-warning triangle in `accent`; `box` is the phone's
    outline. Every word is at least 28 design units high (readable from 3 m, also in
    portrait); the card grows with the text, the triangle takes the room left below it."""
    x, y, w, h = box
    canvas.box(PHONE_BODY, (x, y, w, h), radius=30)
    sx, sy, sw, sh = x + 10, y + 22, w - 20, h - 44
    canvas.box(PHONE_SCREEN, (sx, sy, sw, sh), radius=18)
    canvas.box(PHONE_BODY, (x + w / 2 - 28, y + 8, 56, 8), radius=4)
    # the notification card
    cx, cy, cw = sx + 8, sy + 12, sw - 16
    inner = cw - 38
    text_h = canvas.paragraph_height(text, inner, 28, line_height=1.15)
    ch = 104 + text_h
    canvas.box(palette.INK, (cx, cy, cw, ch), radius=14)
    canvas.box(accent, (cx, cy, 10, ch), radius=5)
    icon = (cx + 38, cy + 28)
    canvas.box(accent, (icon[0] - 15, icon[1] - 15, 30, 30), radius=8)
    canvas.box(palette.INK, (icon[0] - 2.5, icon[1] - 10, 5, 13), radius=2)
    canvas.circle(palette.INK, (icon[0], icon[1] + 8), 3)
    canvas.text(app, (icon[0] + 26, icon[1]), max(canvas.fit_size(app, 28, inner - 44), 28),
                palette.mix(palette.NIGHT, palette.INK_DIM, 0.3), weight="bold",
                anchor="midleft")
    size = max(canvas.fit_size(title, 34, inner, "bold"), 28)
    canvas.text(title, (cx + 24, cy + 52), size, palette.NIGHT, weight="bold")
    canvas.paragraph(text, (cx + 24, cy + 96), inner, 28, palette.NIGHT, line_height=1.15)
    # below: a warning triangle with waves, as big as the room left allows
    room = sy + sh - (cy + ch) - 16
    r = max(min(room * 0.5, 48.0), 0.0)
    if r < 18:
        return
    tx, ty = sx + sw / 2, cy + ch + 8 + room / 2
    canvas.polygon(accent, [(tx, ty - r * 0.9), (tx + r, ty + r * 0.8), (tx - r, ty + r * 0.8)])
    k = r / 48
    canvas.polygon(PHONE_SCREEN, [(tx, ty - 24 * k * 1.1), (tx + 32 * k, ty + 30 * k),
                                  (tx - 32 * k, ty + 30 * k)])
    for dy in (6, 18):
        canvas.box(water, (tx - (20 - dy * 0.4) * k, ty + dy * k, (40 - dy * 0.8) * k, 5 * k),
                   radius=2)


UPPER_HALF = (True, True, False, False)   # pygame's quadrant flags: top right, top left


def wave_front(canvas: Canvas, color: Color, center: tuple[float, float], radius: float,
               width: float) -> None:
    """A sound wave's front, the half above the ground (clip the rest): a filled ring with
    anti-aliased edges (pygame's anti-aliased thick circle costs about ten times as much at
    these radii, and its quadrant-only plain circle five times a full one)."""
    at, r, w = canvas.pt(*center), canvas.px(radius), max(canvas.px(width), 1)
    surface = canvas.surface
    if w > 1:
        pygame.draw.circle(surface, color, at, r, w)   # the full circle: the clip cuts it
    pygame.draw.aacircle(surface, color, at, r, 1, *UPPER_HALF)
    if w >= 4:  # the inner edge, where it is wide enough to show steps
        pygame.draw.aacircle(surface, color, at, r - w + 1, 1, *UPPER_HALF)
