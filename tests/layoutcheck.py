"""What every rendered picture must satisfy, shared by the scene, overview and overlay tests,
and the helpers the scene tests share to render a scene and look into its picture."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Sequence

import numpy as np
import pygame

from exhibit.devtools.preview import render_state
from exhibit.render.layout import SCENE_W
from exhibit.scene import load_scene
from exhibit.stage import Stage

# The layout sizes: the design grid, a downscale and portrait. 3840×2160 is exactly twice
# the grid, so it lays out as 1080p does; tests/test_scenes_render.py renders it as a smoke.
DESIGN_SIZE = (1920, 1080)  # the design grid; a scene's behaviour does not depend on the size
SIZES = [DESIGN_SIZE, (1280, 720), (1080, 1920)]
PANEL_TEXT_W = 664        # the panel's text width on the 1920×1080 grid …
STEP_PX = 38              # … and the size of its bold step sentence
MAX_BODY_WORDS = 45


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


def picture(canvas):
    """The scene's own 1152×920 design space on this canvas (scaled in the portrait layout)."""
    return canvas.within(Stage.layout(canvas).illustration, SCENE_W)


def count_in(surface: pygame.Surface, canvas, box, color) -> int:
    """Pixels of exactly `color` inside `box` (design units of the scene's picture)."""
    return count_color(surface, picture(canvas).rect(box).clip(surface.get_rect()), color)


def scene_renderer(name: str, seconds: float = 3.0) -> Callable:
    """`render(config, values, size, lang, …)` → (surface, canvas): scene `name` (a fresh one
    unless `scene` is given) drawn after `seconds` of steady `values`."""
    default_seconds = seconds

    def render(config, values, size=(1920, 1080), lang="de", seconds=default_seconds,
               text=None, attract=False, scene=None, source=None):
        scene = scene or load_scene(name, config)
        return render_state(scene, config, values, size=size, lang=lang, seconds=seconds,
                            text=text, attract=attract, source=source)

    return render


def assert_renders_tidily(render: Callable, config, values, size, lang, *, label: object = "",
                          **kwargs):
    """`render(config, values, size, lang, **kwargs)` draws a frame of `size` whose texts all
    sit tidily inside their regions; returns (surface, canvas)."""
    surface, canvas = render(config, values, size, lang, **kwargs)
    assert surface.get_size() == size, label
    assert_text_tidy(canvas.drawn_text, Stage.regions(canvas), label)
    return surface, canvas


def without_sensors(config, *sensor_ids: str):
    """`config` as if staff had dropped `sensor_ids` from exhibit.yaml."""
    return dataclasses.replace(config, sensors={k: v for k, v in config.sensors.items()
                                                if k not in sensor_ids})


def assert_scene_texts_fit(scene, config, text_cache) -> None:
    """The scene's texts fit the panel: every step sentence and level headline wraps to at
    most two lines, the levels of its primary sensor are exactly the ones mapped to a step
    (an unmapped level would silently show "measure"), and the body stays short in every
    language."""
    label = scene.name
    assert scene.text.steps, label
    for step, texts in {**scene.text.steps, **scene.text.headlines}.items():
        for lang, sentence in texts.items():
            lines = text_cache.wrap(sentence, "bold", STEP_PX, PANEL_TEXT_W)
            assert len(lines) <= 2, (label, step, lang, lines)
    levels = {lv.name for lv in config.sensors[scene.sensor_id].levels}
    assert set(scene.text.step_for_level) == levels, label
    assert scene.text.body, label
    for lang, body in scene.text.body.items():
        assert len(body.split()) <= MAX_BODY_WORDS, (label, lang)
