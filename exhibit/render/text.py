"""Fonts and a text cache: text is rendered once per (string, size, colour), never per frame.

Fonts ship in `assets/fonts` (Noto Sans, SIL OFL) because pygame's built-in font draws the
subscript in CO₂ as an empty box and `SysFont` picks unpredictable faces.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import pygame

from exhibit.render.palette import Color
from exhibit.render.shapes import ShapeCache

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT_FILES = {"regular": "NotoSans-Regular.ttf", "bold": "NotoSans-Bold.ttf"}
MAX_CACHED = 768
MAX_PIXELS = 32_000_000   # ~128 MB of rendered text unless the screen sets less
                          # (`Canvas` applies `layers.text_budget`: 16 MP at 4K)


def font_problems(font_dir: Path | None = None) -> list[tuple[Path, str]]:
    """Each font file the show draws with that is missing or unreadable, with why: checked
    before the show starts (`TextCache` would fall back to pygame's own font, without ₂)."""
    font_dir = FONT_DIR if font_dir is None else font_dir
    if not pygame.font.get_init():
        pygame.font.init()
    problems = []
    for name in FONT_FILES.values():
        path = font_dir / name
        if not path.is_file():
            problems.append((path, "missing"))
            continue
        try:
            pygame.font.Font(path, 12).render("CO₂ Ag", True, (0, 0, 0))  # as TextCache
        except (OSError, pygame.error) as exc:
            problems.append((path, f"unreadable as a font ({exc})"))
    return problems


class TextCache:
    """Owns the loaded fonts and the rendered text surfaces (LRU-bounded), and the kept
    circle sprites (`exhibit.render.shapes`), as everything that draws holds this cache."""

    def __init__(self, font_dir: Path = FONT_DIR, max_pixels: int = MAX_PIXELS) -> None:
        self.font_dir = font_dir
        self.max_pixels = max_pixels  # a 4K screen's big changing numbers are ~0.7 MB each
        self._fonts: dict[tuple[str, int], pygame.font.Font] = {}
        self._surfaces: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self.pixels = 0   # held by the rendered surfaces, bounded by MAX_PIXELS
        self._wraps: OrderedDict[tuple, list[str]] = OrderedDict()
        self._widths: OrderedDict[tuple, int] = OrderedDict()
        self.renders = 0  # how many times text was actually rendered (for tests and bench)
        self.shapes = ShapeCache()  # kept anti-aliased dots, shared the same way as text

    def font(self, weight: str, px: int) -> pygame.font.Font:
        key = (weight, max(px, 4))
        font = self._fonts.get(key)
        if font is None:
            path = self.font_dir / FONT_FILES[weight]
            try:
                font = pygame.font.Font(path, key[1])
            except (FileNotFoundError, OSError):
                font = pygame.font.Font(None, key[1])  # degrade, never crash the show
            self._fonts[key] = font
        return font

    def render(self, text: str, weight: str, px: int, color: Color) -> pygame.Surface:
        key = (text, weight, px, color)
        surface = self._surfaces.get(key)
        if surface is not None:
            self._surfaces.move_to_end(key)
            return surface
        surface = self.font(weight, px).render(text, True, color)
        self.renders += 1
        self._surfaces[key] = surface
        self.pixels += surface.get_width() * surface.get_height()
        self._trim()
        return surface

    def limit(self, max_pixels: int) -> None:
        """Keep at most `max_pixels` of rendered text from now on (the screen's size says
        how much: `Canvas` sets it), forgetting the least recently used beyond it."""
        self.max_pixels = max_pixels
        self._trim()

    def _trim(self) -> None:
        while len(self._surfaces) > 1 and (len(self._surfaces) > MAX_CACHED
                                           or self.pixels > self.max_pixels):
            _, old = self._surfaces.popitem(last=False)
            self.pixels -= old.get_width() * old.get_height()

    def width(self, text: str, weight: str, px: int) -> int:
        """Pixel width of `text` (cached: widgets measure the same strings every frame)."""
        key = (text, weight, px)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.font(weight, px).size(text)[0]
            if len(self._widths) > MAX_CACHED:
                self._widths.popitem(last=False)
        return width

    def wrap(self, text: str, weight: str, px: int, width: int) -> list[str]:
        """Break `text` into lines no wider than `width` pixels (cached)."""
        key = (text, weight, px, width)
        lines = self._wraps.get(key)
        if lines is not None:
            return lines
        font = self.font(weight, px)
        lines = []
        for paragraph in text.split("\n"):
            line = ""
            # ordinary spaces only: a no-break space keeps "74 %" or "20 °C" on one line
            for word in paragraph.replace("\t", " ").split(" "):
                if not word:
                    continue
                trial = f"{line} {word}" if line else word
                if line and font.size(trial)[0] > width:
                    lines.append(line)
                    line = word
                else:
                    line = trial
            lines.append(line)
        self._wraps[key] = lines
        if len(self._wraps) > MAX_CACHED:
            self._wraps.popitem(last=False)
        return lines
