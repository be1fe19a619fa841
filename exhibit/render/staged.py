"""A picture painted in stages into a back buffer, for pictures that change in steps and
cost more than a frame to repaint at 4K (the street lights' sky from day to night)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from exhibit.render.canvas import Box, Canvas


class StagedPicture:
    """A picture too costly to repaint within one frame at 4K. A new version is painted
    into a back buffer one stage per frame (e.g. sky, houses, street, light, lamps) and
    shown once complete, so a change costs one stage a frame instead of a whole repaint, at
    a lag of a few frames. (The street lights' old way, cross-fading full-size day and night
    layers at every step of the fade, cost over 5 ms a step at 4K.)"""

    def __init__(self, stages: Sequence[Callable[[Canvas, int], None]]) -> None:
        self.stages = stages
        self.front: Canvas | None = None
        self.back: Canvas | None = None
        self.shown: int | None = None       # the version in front
        self.painting: int | None = None    # the version being painted into back
        self.next_stage = 0
        self.cache: dict = {}               # light cones etc. drawn by the stages

    def get(self, canvas: Canvas, area: Box, version: int, *, at_once: bool = False
            ) -> tuple[pygame.Surface, int]:
        """The surface to show for `area` and the version it holds."""
        size = canvas.rect(area).size
        if self.front is None or self.front.surface.get_size() != size \
                or self.front.scale != canvas.scale:
            self.front, self.back = (
                Canvas(pygame.Surface(size), canvas.text_cache, scale=canvas.scale,
                       offset=(0, 0), origin=area[:2], layers=self.cache,
                       design=canvas.design) for _ in range(2))
            self.shown = self.painting = None
        if self.shown is None or (at_once and version != self.shown):
            for stage in self.stages:
                stage(self.front, version)
            self.shown, self.painting = version, None
        elif self.painting is None and version != self.shown:
            self.painting, self.next_stage = version, 0
        if self.painting is not None:
            self.stages[self.next_stage](self.back, self.painting)
            self.next_stage += 1
            if self.next_stage == len(self.stages):
                self.front, self.back = self.back, self.front
                self.shown, self.painting = self.painting, None
        return self.front.surface, self.shown
