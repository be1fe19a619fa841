"""The look is guarded: every scene state matches its accepted golden picture."""

from __future__ import annotations

import pygame
import pytest

from exhibit.devtools.preview import render_state
from exhibit.scene import load_scene
from tests.golden import GOLDEN_DIR, LANDSCAPE, SETTLE_SECONDS, compare, golden_cases


@pytest.fixture(scope="module")
def cases(config):
    scenes = {name: load_scene(name, config) for name in config.playlist.scenes}
    return golden_cases(config, scenes)


def test_every_scene_state_matches_its_golden_picture(request, config, text_cache, cases):
    accept = request.config.getoption("--accept-golden")
    problems = []
    for stem, scene, values, attract, lang, size in cases:
        surface, _ = render_state(scene, config, values, size, lang, SETTLE_SECONDS,
                                  attract=attract, text=text_cache)
        problem = compare(stem, surface, accept)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)
    if not accept:  # no stale golden picture lingers after a scene or state is gone
        expected = {f"{stem}.png" for stem, *_ in cases}
        scenes = {p.name for p in GOLDEN_DIR.glob("*.png") if not p.name.startswith("calibration-")}
        assert scenes == expected


def test_every_calibration_page_matches_its_golden_picture(request, config, text_cache):
    """The staff overlay is a look too: each page of calibration mode, both languages."""
    from exhibit.calibration.view import draw_calibration
    from exhibit.render.canvas import Canvas
    from tests.test_calibration_mode import live_world, overlay_states

    accept = request.config.getoption("--accept-golden")
    invite = {"soil": {"de": "Steck den Sensor in den trockenen Topf!",
                       "en": "Put the sensor into the dry pot!"}}
    problems = []
    for lang in ("de", "en"):
        world = live_world(config, lang)
        for name, mode in overlay_states(config).items():
            surface = pygame.Surface(LANDSCAPE)
            canvas = Canvas(surface, text_cache)
            canvas.begin_frame()
            draw_calibration(canvas, mode, world, lang, invite, simulated=True)
            problems.append(compare(f"calibration-{name}-{lang}", surface, accept))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
