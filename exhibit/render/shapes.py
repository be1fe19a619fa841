"""Anti-aliased circles as small kept sprites: drawn once, then blitted.

`pygame.draw.aacircle` costs ~13 µs for a 7 px dot; blitting the same dot kept as a small
per-pixel-alpha surface ~1.5 µs, and the picture differs by at most 1 in a channel. The
show draws the same dots every frame (the data flow's packets, markers, lamps), ~10 a
frame, so they are kept. Every circle that can be is drawn this way, also the first time,
so a circle looks the same in every frame (a ring fading through a new colour each frame
makes a sprite each frame: a few µs more than drawing it, bounded by the LRU).
"""

from __future__ import annotations

from collections import OrderedDict

import pygame

MAX_SPRITES = 512   # a few hundred small surfaces (≤ 132×132 px each)
MAX_RADIUS = 64     # larger circles are drawn directly (rare, and their sprites big)


class ShapeCache:
    """Circle sprites by (colour, radius, width), least recently used dropped first."""

    def __init__(self) -> None:
        self._sprites: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self.made = 0  # sprites drawn (for tests)

    def circle(self, color, radius: int, width: int) -> pygame.Surface | None:
        """The sprite for this circle (its centre at (radius + 2, radius + 2)), or None
        when it is drawn directly: a colour with alpha, or a big one."""
        if radius > MAX_RADIUS or len(color) != 3:
            return None
        key = (tuple(color), radius, width)
        sprite = self._sprites.get(key)
        if sprite is not None:
            self._sprites.move_to_end(key)
            return sprite
        size = 2 * radius + 4
        sprite = pygame.Surface((size, size), pygame.SRCALPHA)
        sprite.fill((*key[0], 0))  # transparent in the circle's own colour: clean edges
        pygame.draw.aacircle(sprite, key[0], (radius + 2, radius + 2), radius, width)
        self.made += 1
        self._sprites[key] = sprite
        if len(self._sprites) > MAX_SPRITES:
            self._sprites.popitem(last=False)
        return sprite
