"""The exhibit's colours: a calm night-blue base and Okabe–Ito tones for levels.

Okabe–Ito colours stay distinguishable for colour-blind visitors; a level is always shown
with its word as well, never by colour alone.
"""

from __future__ import annotations

from functools import lru_cache

Color = tuple[int, int, int]


def hex_color(text: str) -> Color:
    text = text.lstrip("#")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


def mix(a: Color, b: Color, t: float) -> Color:
    """Linear blend from `a` (t=0) to `b` (t=1)."""
    t = min(max(t, 0.0), 1.0)
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


# Base
def luminance(color: Color) -> float:
    """WCAG relative luminance of an sRGB colour."""
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in color[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio (1–21); text a visitor reads needs at least 4.5."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def legible(color: Color, on: Color, ratio: float = 4.6) -> Color:
    """`color`, lightened towards white just enough to be read on `on` (a tone's hue kept
    for the number and the level chip on the dark panel). Remembered: the overview asks
    for every card every frame, and the search takes up to 25 contrast ratios."""
    return _legible(tuple(color[:3]), tuple(on[:3]), ratio)


@lru_cache(maxsize=256)  # a pure function of a few palette colours: a memo, not state
def _legible(color: Color, on: Color, ratio: float) -> Color:
    t = 0.0
    while contrast(mix(color, (255, 255, 255), t), on) < ratio and t < 1.0:
        t += 0.04
    return mix(color, (255, 255, 255), min(t, 1.0))


NIGHT = hex_color("#14213D")        # background
NIGHT_DEEP = hex_color("#0E182D")
PANEL = hex_color("#1F2E50")        # right-hand panel
PANEL_LINE = hex_color("#2C3E66")
STRIP = hex_color("#182845")        # data-flow strip
INK = hex_color("#F4F1EA")          # main text on dark
INK_SOFT = hex_color("#B9C2D6")     # secondary text
INK_DIM = hex_color("#7D89A6")

# Okabe–Ito tones, by role
TONES: dict[str, Color] = {
    "ok": hex_color("#009E73"),         # bluish green
    "notice": hex_color("#E69F00"),     # orange
    "act": hex_color("#D55E00"),        # vermillion
    "info": hex_color("#56B4E9"),       # sky blue
    "highlight": hex_color("#F0E442"),  # yellow
    "calm": hex_color("#8C9AB8"),       # muted blue-grey for "nothing happening"
}

# City drawing kit: muted so the live element is the most saturated thing on screen
SKY_DAY = hex_color("#8FB8DE")
SKY_DUSK = hex_color("#3A4F7A")
SKY_NIGHT = hex_color("#101A33")
ROAD = hex_color("#3B4354")
ROAD_LINE = hex_color("#C9CED8")
PAVEMENT = hex_color("#5A6274")
BUILDING = (hex_color("#4A5878"), hex_color("#56648A"), hex_color("#3F4C6B"))
WINDOW_DARK = hex_color("#2A3450")
WINDOW_LIT = hex_color("#F5D98B")
GRASS = hex_color("#3E6B55")
LEAF = hex_color("#4F8A5B")
LEAF_DRY = hex_color("#A08A4A")
TRUNK = hex_color("#6B5240")
SOIL_DRY = hex_color("#B08A5A")
SOIL_WET = hex_color("#4A3426")
METAL = hex_color("#A7B0C0")
LAMP_OFF = hex_color("#5B6478")
LAMP_LIGHT = hex_color("#FFE8A3")
WATER = hex_color("#56B4E9")
VEHICLE = hex_color("#E6E9EF")
SHADOW = (0, 0, 0)


def tone(name: str | None) -> Color:
    return TONES.get(name or "calm", TONES["calm"])
