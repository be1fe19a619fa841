"""Drawing on a 1920×1080 design grid, scaled to whatever the real screen is.

Scenes and widgets speak design coordinates; the canvas turns them into pixels. Text is
rendered at the real pixel size (crisp on every screen), and static parts are drawn once
into cached layers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from exhibit.render.layers import LayerCache, layer_budget, text_budget
from exhibit.render.palette import Color
from exhibit.render.text import TextCache

DESIGN_W, DESIGN_H = 1920, 1080
Point = tuple[float, float]
Box = tuple[float, float, float, float]


class DrawnText(tuple):
    """One text drawn this frame: unpacks as `(text, ink rect)` like before, and carries the
    pixel size, the colour and a `role` ("value", "unit", "chip" for the panel's big number
    and its level; None for text to read) for the visitor checks (`devtools/audit.py`)."""

    def __new__(cls, text: str, rect: pygame.Rect, px: int = 0, color: Color = (0, 0, 0),
                role: str | None = None) -> DrawnText:
        item = super().__new__(cls, (text, rect))
        item.px, item.color, item.role = px, tuple(color[:3]), role
        return item

    @property
    def text(self) -> str:
        return self[0]

    @property
    def rect(self) -> pygame.Rect:
        return self[1]

    def moved(self, offset: tuple[int, int]) -> DrawnText:
        return DrawnText(self[0], self[1].move(offset), self.px, self.color, self.role)


class Canvas:
    """A surface plus the design-to-pixel mapping and the caches that go with it."""

    def __init__(self, surface: pygame.Surface, text: TextCache, *, scale: float | None = None,
                 offset: tuple[int, int] | None = None, origin: Point = (0, 0),
                 layers: LayerCache | dict | None = None,
                 design: tuple[int, int] | None = None,
                 drawn_text: list | None = None) -> None:
        """`design` is the grid: by default 1920×1080, or 1080×1920 on a portrait surface.
        Without `layers`, the canvas keeps its own, bounded by its surface's size; one
        that also fits its surface (no `scale`: a screen) sets the text cache's budget."""
        self.surface = surface
        self.text_cache = text
        w, h = surface.get_size()
        self.design = design or ((DESIGN_H, DESIGN_W) if h > w else (DESIGN_W, DESIGN_H))
        dw, dh = self.design
        self.scale = scale if scale is not None else min(w / dw, h / dh)
        if offset is None:
            offset = (round((w - dw * self.scale) / 2), round((h - dh * self.scale) / 2))
        self.offset = offset
        self.origin = origin
        if layers is None:
            layers = LayerCache(layer_budget(w * h))
            if scale is None:
                text.limit(text_budget(w * h))
        self._layers = layers
        # this frame's text ink, for tests; shared with the canvases made by `within`
        self.drawn_text: list[DrawnText] = [] if drawn_text is None \
            else drawn_text

    @property
    def portrait(self) -> bool:
        return self.design[1] > self.design[0]

    def within(self, box: Box, width: float) -> Canvas:
        """A canvas drawing a `width`-wide design space into `box` of this one (a scene's
        picture in a portrait layout), sharing surface, caches and the text log."""
        factor = box[2] / width
        if factor == 1 and box[:2] == (0, 0) and self.origin == (0, 0):
            return self
        key = ("within", box, width, self.scale, self.surface.get_size())
        view = self._layers.get(key)
        if view is None or view.surface is not self.surface:
            view = self._layers[key] = Canvas(
                self.surface, self.text_cache, scale=self.scale * factor,
                offset=self.pt(box[0], box[1]), layers=self._layers, design=self.design,
                drawn_text=self.drawn_text)
        return view

    def landscape(self) -> Canvas:
        """This surface on the landscape grid (letterboxed on a portrait screen)."""
        if not self.portrait:
            return self
        key = ("landscape", self.surface.get_size())
        view = self._layers.get(key)
        if view is None or view.surface is not self.surface:
            view = self._layers[key] = Canvas(self.surface, self.text_cache,
                                              layers=self._layers,
                                              design=(DESIGN_W, DESIGN_H),
                                              drawn_text=self.drawn_text)
        return view

    # --- coordinates ---------------------------------------------------------------
    def px(self, v: float) -> int:
        return max(round(v * self.scale), 0)

    def pt(self, x: float, y: float) -> tuple[int, int]:
        return (round((x - self.origin[0]) * self.scale) + self.offset[0],
                round((y - self.origin[1]) * self.scale) + self.offset[1])

    def rect(self, box: Box) -> pygame.Rect:
        x, y, w, h = box
        left, top = self.pt(x, y)
        right, bottom = self.pt(x + w, y + h)
        return pygame.Rect(left, top, right - left, bottom - top)

    def to_design(self, rect: pygame.Rect) -> Box:
        s = self.scale
        return ((rect.x - self.offset[0]) / s + self.origin[0],
                (rect.y - self.offset[1]) / s + self.origin[1], rect.w / s, rect.h / s)

    def begin_frame(self) -> None:
        self.drawn_text.clear()

    # --- primitives ----------------------------------------------------------------
    def fill(self, color: Color) -> None:
        self.surface.fill(color)

    def box(self, color: Color, box: Box, radius: float = 0, width: float = 0) -> None:
        pygame.draw.rect(self.surface, color, self.rect(box),
                         width=self.px(width) if width else 0,
                         border_radius=self.px(radius) if radius else -1)

    def circle(self, color: Color, center: Point, radius: float, width: float = 0) -> None:
        r = max(self.px(radius), 1)
        w = max(self.px(width), 1) if width else 0
        x, y = self.pt(*center)
        sprite = self.text_cache.shapes.circle(color, r, w)
        if sprite is None:
            pygame.draw.aacircle(self.surface, color, (x, y), r, w)
        else:  # the same dot as last time: blitted, ~9× cheaper than drawing it again
            self.surface.blit(sprite, (x - r - 2, y - r - 2))

    def line(self, color: Color, a: Point, b: Point, width: float = 3) -> None:
        w = max(self.px(width), 1)
        if w <= 1:
            pygame.draw.aaline(self.surface, color, self.pt(*a), self.pt(*b))
        else:
            pygame.draw.line(self.surface, color, self.pt(*a), self.pt(*b), w)

    def polygon(self, color: Color, points: Sequence[Point]) -> None:
        pygame.draw.polygon(self.surface, color, [self.pt(x, y) for x, y in points])

    def ellipse(self, color: Color, box: Box) -> None:
        pygame.draw.ellipse(self.surface, color, self.rect(box))

    def blit(self, surface: pygame.Surface, at: Point, special_flags: int = 0) -> None:
        self.surface.blit(surface, self.pt(*at), special_flags=special_flags)

    # --- text ----------------------------------------------------------------------
    def text(self, text: str, at: Point, size: float, color: Color, *, weight: str = "regular",
             anchor: str = "topleft", role: str | None = None) -> pygame.Rect:
        """Draw one line of text with `anchor` (a pygame.Rect attribute) at `at`."""
        px = self.px(size)
        surface = self.text_cache.render(text, weight, px, color)
        rect = surface.get_rect(**{anchor: self.pt(*at)})
        self.surface.blit(surface, rect)
        # where the glyphs' ink is (accents to descenders), without the font's line padding
        baseline = rect.top + self.text_cache.font(weight, px).get_ascent()
        ink = pygame.Rect(rect.left, baseline - round(px * 0.92), rect.width, round(px * 1.17))
        self.drawn_text.append(DrawnText(text, ink, px, color, role))
        return rect

    def text_width(self, text: str, size: float, weight: str = "regular") -> float:
        """Width in design units of `text` at `size`."""
        return self.text_cache.width(text, weight, self.px(size)) / self.scale

    def fit_size(self, text: str, size: float, width: float, weight: str = "regular",
                 minimum: float = 16) -> float:
        """The largest size up to `size` at which `text` fits in `width` design units."""
        while size > minimum and self.text_width(text, size, weight) > width:
            size -= 2
        return size

    def paragraph(self, text: str, at: Point, width: float, size: float, color: Color, *,
                  weight: str = "regular", line_height: float = 1.3) -> float:
        """Draw wrapped text; return the design height it used."""
        x, y = at
        step = size * line_height
        lines = self.text_cache.wrap(text, weight, self.px(size), self.px(width))
        for i, line in enumerate(lines):
            if line:
                self.text(line, (x, y + i * step), size, color, weight=weight)
        return len(lines) * step

    def paragraph_height(self, text: str, width: float, size: float, *, weight: str = "regular",
                         line_height: float = 1.3) -> float:
        lines = self.text_cache.wrap(text, weight, self.px(size), self.px(width))
        return len(lines) * size * line_height

    # --- cached layers -------------------------------------------------------------
    def layer(self, key: str, box: Box, draw: Callable[[Canvas], None], *,
              alpha: bool = False) -> pygame.Surface:
        """A surface covering `box`, drawn once by `draw` (design coordinates) and cached."""
        cache_key = (key, box, self.scale)
        surface = self._layers.get(cache_key)
        if surface is None:
            rect = self.rect(box)
            flags = pygame.SRCALPHA if alpha else 0
            surface = pygame.Surface(rect.size, flags)
            sub = Canvas(surface, self.text_cache, scale=self.scale, offset=(0, 0),
                         origin=(box[0], box[1]), layers=self._layers, design=self.design)
            draw(sub)
            self._layers[cache_key] = surface
        return surface

    def cached(self, key: tuple, make: Callable[[], pygame.Surface]) -> pygame.Surface:
        """Any surface built once per key and kept with this canvas's layers."""
        surface = self._layers.get(key)
        if surface is None:
            surface = self._layers[key] = make()
        return surface

    def draw_layer(self, key: str, box: Box, draw: Callable[[Canvas], None], *,
                   alpha: bool = False) -> None:
        self.blit(self.layer(key, box, draw, alpha=alpha), (box[0], box[1]))
