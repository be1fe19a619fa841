"""What every rendered picture must satisfy, shared by the scene, overview and overlay tests."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pygame


def assert_text_tidy(texts: Sequence[tuple[str, pygame.Rect]], regions: Sequence[pygame.Rect],
                     label: object = "") -> None:
    """Every text's ink lies inside one of `regions`, and no two texts overlap."""
    assert texts, label
    for text, rect in texts:
        assert any(region.contains(rect) for region in regions), (label, text, rect)
    for (ta, ra), (tb, rb) in itertools.combinations(texts, 2):
        assert not ra.inflate(-4, -4).colliderect(rb.inflate(-4, -4)), (label, ta, tb)


def count_color(surface: pygame.Surface, rect: pygame.Rect, color) -> int:
    """How many pixels inside `rect` have exactly `color`."""
    pixels = pygame.surfarray.pixels3d(surface)[rect.left:rect.right, rect.top:rect.bottom]
    return int(np.all(pixels == np.array(color, dtype=pixels.dtype), axis=-1).sum())
