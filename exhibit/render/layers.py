"""The canvas's cached layers, bounded by the pixels they hold.

Every scene keeps its static parts as layers (`Canvas.layer`, `Canvas.cached`), once per
scale. At 1920×1080 all scenes' layers together are ~14 megapixels (57 MB); at native 4K
four times that (~250 MB), which a small kiosk PC should not have to hold for scenes that
are not on screen. `LayerCache` keeps the most recently used surfaces up to a pixel budget
and forgets the least recently used beyond it: an evicted layer is simply drawn again the
next time it is asked for (at 4K a scene coming back pays that once, in its first frame).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterator

import pygame

SCREENS = 10                   # full screens' worth of layers: all of them at 1080p (~7)
MAX_LAYER_PIXELS = 20_000_000  # but at most ~80 MB: at 4K ~2.4 screens (a scene needs ≤ 1.2)
TEXT_SCREENS = 8               # rendered text: at 1080p ~6 screens after every language
MAX_TEXT_PIXELS = 16_000_000   # at most ~64 MB (4K's changing big numbers are ~0.7 MB)


def layer_budget(screen_pixels: int) -> int:
    """Pixels of cached layers kept for a screen of `screen_pixels`."""
    return min(SCREENS * screen_pixels, MAX_LAYER_PIXELS)


def text_budget(screen_pixels: int) -> int:
    """Pixels of rendered text kept for a screen of `screen_pixels`."""
    return min(TEXT_SCREENS * screen_pixels, MAX_TEXT_PIXELS)


def _pixels(value: object) -> int:
    if isinstance(value, pygame.Surface):
        return value.get_width() * value.get_height()
    return 0


class LayerCache:
    """A dict for `Canvas`: surfaces are kept least recently used first and evicted past
    `budget` pixels (counted in `evictions`); anything else (the canvas views `within`
    and `landscape` keep) costs nothing and stays."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.pixels = 0
        self.evictions = 0
        self._surfaces: OrderedDict[Hashable, pygame.Surface] = OrderedDict()
        self._others: dict[Hashable, object] = {}

    def get(self, key: Hashable, default: object = None) -> object:
        surface = self._surfaces.get(key)
        if surface is not None:
            self._surfaces.move_to_end(key)  # used now: the last to go
            return surface
        return self._others.get(key, default)

    def __getitem__(self, key: Hashable) -> object:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __setitem__(self, key: Hashable, value: object) -> None:
        self.pop(key, None)
        if not isinstance(value, pygame.Surface):
            self._others[key] = value
            return
        self._surfaces[key] = value
        self.pixels += _pixels(value)
        # the newest stays even alone over budget: it is being drawn with right now
        while self.pixels > self.budget and len(self._surfaces) > 1:
            _, old = self._surfaces.popitem(last=False)
            self.pixels -= _pixels(old)
            self.evictions += 1

    def pop(self, key: Hashable, default: object = None) -> object:
        if key in self._surfaces:
            surface = self._surfaces.pop(key)
            self.pixels -= _pixels(surface)
            return surface
        return self._others.pop(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._surfaces or key in self._others

    def __len__(self) -> int:
        return len(self._surfaces) + len(self._others)

    def __iter__(self) -> Iterator[Hashable]:
        yield from self._surfaces
        yield from self._others

    def values(self) -> list[object]:
        return [*self._surfaces.values(), *self._others.values()]

    def items(self) -> list[tuple[Hashable, object]]:
        return [*self._surfaces.items(), *self._others.items()]

    def clear(self) -> None:
        self._surfaces.clear()
        self._others.clear()
        self.pixels = 0


_MISSING = object()
