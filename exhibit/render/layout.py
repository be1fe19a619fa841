"""Where the frame's three parts go on a landscape or a portrait screen.

A scene always draws its illustration in its own 1152×920 design space (`SCENE_AREA`);
the layout says where that picture sits and how large, so scenes never know the screen.
Landscape (16:9 and wider): picture left, panel right, data-flow strip under the picture.
Portrait (e.g. 1080×1920 kiosk steles): picture on top, strip under it, panel below.
"""

from __future__ import annotations

from dataclasses import dataclass

from exhibit.render.canvas import Box

SCENE_W, SCENE_H = 1152.0, 920.0
SCENE_AREA: Box = (0.0, 0.0, SCENE_W, SCENE_H)


@dataclass(frozen=True)
class Layout:
    name: str
    design: tuple[int, int]   # the grid this layout is laid out on
    illustration: Box         # where the scene's picture goes (same aspect as SCENE_AREA)
    panel: Box
    strip: Box

    @property
    def boxes(self) -> tuple[Box, Box, Box]:
        return self.illustration, self.panel, self.strip


_P_SCENE_H = SCENE_H * 1080 / SCENE_W  # 862.5: the picture at full portrait width
LANDSCAPE = Layout("landscape", (1920, 1080), SCENE_AREA, (1152.0, 0.0, 768.0, 1080.0),
                   (0.0, 920.0, 1152.0, 160.0))
PORTRAIT = Layout("portrait", (1080, 1920), (0.0, 0.0, 1080.0, _P_SCENE_H),
                  (0.0, _P_SCENE_H + 150.0, 1080.0, 1920.0 - _P_SCENE_H - 150.0),
                  (0.0, _P_SCENE_H, 1080.0, 150.0))
