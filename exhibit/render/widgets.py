"""Reusable pieces of the presentation frame: pills, badges, step rows, progress dots, glow.

All take design coordinates and draw through a `Canvas`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pygame

from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas, Point
from exhibit.render.palette import Color


def ease_in_out(t: float) -> float:
    """Smoothstep-like cubic easing, 0..1 -> 0..1."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3 - 2 * t)


def approach(current: float, target: float, dt: float, seconds: float) -> float:
    """Move `current` toward `target` so that ~63 % of the gap closes in `seconds`."""
    if seconds <= 0:
        return target
    return current + (target - current) * (1 - math.exp(-dt / seconds))


def approach_color(current: Color, target: Color, dt: float, seconds: float) -> Color:
    """`approach` for a colour, channel by channel. Each channel moves at least one step a
    frame and snaps once within 2, so rounding never stalls it short of the exact tone
    (tests and `count_color` look for exact palette tones)."""
    k = 1 - math.exp(-dt / seconds)
    out = []
    for a, b in zip(current, target):
        step = (b - a) * k
        out.append(b if abs(b - a) <= 2 else round(a + (step if abs(step) >= 1
                                                         else math.copysign(1, step))))
    return (out[0], out[1], out[2])


RADIO_GAP, RADIO_LIFE = 0.9, 1.6   # a sensor's radio waves: seconds between, lifetime


@dataclass
class Pulses:
    """A train of waves: a sensor's radio signal per reading, a siren's sound. `update`
    sends one at most every `gap` seconds while told to (`send` sends one at once, on an
    event); each lives `life` seconds."""

    gap: float
    life: float
    elapsed: list[float] = field(default_factory=list)   # seconds since each was sent
    since: float = 99.0

    def update(self, dt: float, send: bool = False) -> None:
        self.since += dt
        self.elapsed = [a + dt for a in self.elapsed if a + dt < self.life]
        if send and self.since >= self.gap:
            self.send()

    def send(self) -> None:
        self.elapsed.append(0.0)
        self.since = 0.0

    def flash(self, fade: float = 1 / 3) -> float:
        """1 at the moment a wave is sent, down to 0 over `fade` seconds: the sender's LED."""
        return max(1.0 - self.since / fade, 0.0)

    @classmethod
    def radio(cls) -> Pulses:
        """A sensor's radio wave per reading, every scene alike: at most one every 0.9 s,
        each travelling 1.6 s."""
        return cls(RADIO_GAP, RADIO_LIFE)

    @property
    def progress(self) -> list[float]:
        """How far each wave is through its life, 0..1, as `kit.radio_waves` and
        `street.arc_waves` take them."""
        return [a / self.life for a in self.elapsed]


def pill(canvas: Canvas, text: str, at: Point, size: float, fg: Color, bg: Color, *,
         weight: str = "bold", anchor: str = "topleft", pad: float = 0.55,
         role: str | None = None) -> pygame.Rect:
    """A rounded label; `at` is placed by `anchor` on the pill's outer box."""
    w = canvas.text_width(text, size, weight) + size * pad * 2
    h = size * 1.5
    box = pygame.Rect(0, 0, round(w), round(h))
    setattr(box, anchor, (round(at[0]), round(at[1])))
    canvas.box(bg, (box.x, box.y, box.w, box.h), radius=h / 2)
    canvas.text(text, (box.centerx, box.centery), size, fg, weight=weight, anchor="center",
                role=role)
    return box


def steps_row(canvas: Canvas, labels: Sequence[str], active: int, at: Point, width: float,
              color: Color) -> float:
    """Messen › Entscheiden › Handeln, the active one filled; returns the height used."""
    x, y = at
    size = 32
    h = size * 1.6
    gap = 36
    widths = [canvas.text_width(lbl, size, "bold") + size * 1.2 for lbl in labels]
    total = sum(widths) + gap * (len(labels) - 1)
    if total > width:  # narrow screens: shrink the gap, then the pills
        gap = max((width - sum(widths)) / max(len(labels) - 1, 1), 8)
    for i, (label, w) in enumerate(zip(labels, widths)):
        on = i == active
        bg = palette.legible(color, palette.NIGHT) if on else palette.PANEL_LINE
        fg = palette.NIGHT if on else palette.INK_SOFT
        canvas.box(bg, (x, y, w, h), radius=h / 2)
        canvas.text(label, (x + w / 2, y + h / 2), size, fg, weight="bold", anchor="center")
        x += w
        if i < len(labels) - 1:
            chevron(canvas, (x + gap / 2, y + h / 2), 9, palette.INK_DIM)
            x += gap
    return h


def chevron(canvas: Canvas, center: Point, r: float, color: Color) -> None:
    cx, cy = center
    canvas.polygon(color, [(cx - r * 0.6, cy - r), (cx + r * 0.6, cy), (cx - r * 0.6, cy + r),
                           (cx - r * 0.1, cy)])


def progress_dots(canvas: Canvas, index: int, count: int, fraction: float, center: Point,
                  color: Color) -> None:
    cx, cy = center
    spacing = 34
    x0 = cx - spacing * (count - 1) / 2
    for i in range(count):
        x = x0 + i * spacing
        if i == index:
            canvas.box(palette.PANEL_LINE, (x - 18, cy - 7, 36, 14), radius=7)
            canvas.box(color, (x - 18, cy - 7, 36 * max(fraction, 0.2), 14), radius=7)
        else:
            canvas.circle(palette.INK_DIM, (x, cy), 7)


def badge(canvas: Canvas, text: str, at: Point, color: Color, *, dot: bool = True) -> float:
    """A status badge (Live / Simulation / disconnected) with a coloured dot; returns its
    width, so a second badge can stand beside it."""
    size = 28
    w = canvas.text_width(text, size, "bold") + (size * 2.2 if dot else size * 1.2)
    h = size * 1.6
    x, y = at
    canvas.box(palette.NIGHT_DEEP, (x, y, w, h), radius=h / 2)
    canvas.box(color, (x, y, w, h), radius=h / 2, width=3)
    tx = x + size * 0.6
    if dot:
        canvas.circle(color, (x + size * 0.85, y + h / 2), size * 0.28)
        tx = x + size * 1.5
    canvas.text(text, (tx, y + h / 2), size, palette.INK, weight="bold", anchor="midleft")
    return w


def _glow_surface(radius_px: int, color: Color, steps_level: int) -> pygame.Surface:
    """A soft radial light spot for additive blending."""
    size = radius_px * 2
    surface = pygame.Surface((size, size))
    surface.fill((0, 0, 0))
    strength = steps_level / 32
    rings = max(radius_px // 3, 8)
    for i in range(rings, 0, -1):
        t = i / rings
        k = (1 - t) ** 2 * strength
        c = tuple(min(int(ch * k), 255) for ch in color)
        pygame.draw.circle(surface, c, (radius_px, radius_px), max(int(radius_px * t), 1))
    return surface


def glow(canvas: Canvas, center: Point, radius: float, color: Color, strength: float) -> None:
    """Additive light around `center`; strength 0..1 is quantised so surfaces are reused."""
    level = round(min(max(strength, 0.0), 1.0) * 32)
    if level == 0:
        return
    r = max(canvas.px(radius), 4)
    surface = canvas.cached(("glow", r, color, level), lambda: _glow_surface(r, color, level))
    x, y = canvas.pt(*center)
    canvas.surface.blit(surface, (x - r, y - r), special_flags=pygame.BLEND_RGB_ADD)


def fade_over(canvas: Canvas, surface: pygame.Surface, opacity: float, at: Point = (0, 0)) -> None:
    """Blit `surface` over what is drawn, with `opacity` 0..1 (clamped to 254/255).

    pygame-ce takes a slow path for a surface alpha of 255 (measured 23.6 ms for 1152×920
    against 1.2 ms at 128 and 0.4 ms opaque), so full opacity is a plain opaque blit.
    """
    alpha = round(min(max(opacity, 0.0), 1.0) * 255)
    if alpha <= 1:
        return
    surface.set_alpha(None if alpha >= 254 else alpha)
    canvas.blit(surface, at)


def crossfade(canvas: Canvas, under: pygame.Surface, over: pygame.Surface, t: float,
              at: Point = (0, 0)) -> None:
    """Blit `under`, then `over` with opacity t (0..1); the ends are plain blits."""
    if t < 254 / 255:
        canvas.blit(under, at)
    fade_over(canvas, over, t, at)


def shadow(canvas: Canvas, box: Box) -> None:
    """A flat soft shadow under an object standing on the ground."""
    x, y, w, h = box
    canvas.ellipse(palette.mix(palette.NIGHT_DEEP, palette.SHADOW, 0.3), (x, y, w, h))


TAG_H = 96.0


def corner_tag(canvas: Canvas, area: Box, label: str, value: str, color: Color,
               fraction: float | None = None, *, widest: str | None = None,
               min_width: float = 300.0) -> Box:
    """The small gauge every scene keeps in its illustration's top-right corner: a label,
    a bold value in `color` and, with `fraction` 0..1, a bar. Wide enough for its words in
    either language (and for `widest`, the longest value it will show, so it never
    jitters); returns the box it drew so a scene can keep its picture clear of it."""
    value_w = max(canvas.text_width(v, 36, "bold") for v in (value, widest or value))
    w = max(min_width, canvas.text_width(label, 30) + value_w + 70)
    x, y = area[0] + area[2] - w - 30, area[1] + 28
    canvas.box(palette.PANEL, (x, y, w, TAG_H), radius=18)
    canvas.text(label, (x + 22, y + 12), 30, palette.INK_SOFT)
    canvas.text(value, (x + w - 22, y + 8), 36, color, weight="bold", anchor="topright")
    if fraction is not None:
        bar = w - 44
        canvas.box(palette.PANEL_LINE, (x + 22, y + 60, bar, 16), radius=8)
        if fraction > 0.005:
            canvas.box(color, (x + 22, y + 60, max(bar * min(fraction, 1.0), 16), 16), radius=8)
    return (x, y, w, TAG_H)
