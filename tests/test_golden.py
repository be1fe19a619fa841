"""The look is guarded: every scene state matches its accepted golden picture."""

from __future__ import annotations

from dataclasses import replace

import pygame
import pytest

from exhibit.devtools.preview import draw_settled, settle
from exhibit.scene import load_scene
from tests.golden import GOLDEN_DIR, LANDSCAPE, SETTLE_SECONDS, compare, golden_cases


@pytest.fixture(scope="module")
def cases(config):
    scenes = {name: load_scene(name, config) for name in config.playlist.scenes}
    return golden_cases(config, scenes)


def test_every_scene_state_matches_its_golden_picture(request, config, text_cache, cases):
    """Each moment is settled once and drawn in each language: scenes and the stage step
    the same way whatever the language, only the drawing reads it."""
    accept = request.config.getoption("--accept-golden")
    problems, stems = [], set()
    for stem, scene, values, attract, languages, size in cases:
        stage, world = settle(scene, config, values, SETTLE_SECONDS, languages[0])
        for lang in languages:
            surface, _ = draw_settled(scene, config, stage, replace(world, language=lang),
                                      size, attract, text_cache)
            stems.add(stem.format(lang=lang))
            problems.append(compare(stem.format(lang=lang), surface, accept))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
    if not accept:  # no stale golden picture lingers after a scene or state is gone
        scenes = {p.stem for p in GOLDEN_DIR.glob("*.png")
                  if not p.name.startswith(("calibration-", "fallback-"))}
        assert scenes == stems


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


def test_the_fallback_screen_matches_its_golden_picture(request, config, text_cache):
    """The calm screen when every scene has failed: title, data-flow strip and badge."""
    from exhibit.render.canvas import Canvas
    from exhibit.signals.hub import SignalHub
    from exhibit.stage import Stage, load_frame_text
    from exhibit.status import CONNECTED, SIMULATION, SourceStatus
    from tests.golden import PORTRAIT

    accept = request.config.getoption("--accept-golden")
    hub = SignalHub(config.sensors)
    problems = []
    for lang, size in (("de", LANDSCAPE), ("en", LANDSCAPE), ("de", PORTRAIT)):
        stage = Stage(load_frame_text(), pulses=[0.4, 1.1])
        world = hub.world(1.0, 1.0, SourceStatus(SIMULATION, "sim", CONNECTED), lang)
        surface = pygame.Surface(size)
        stage.draw_fallback(Canvas(surface, text_cache), world)
        shape = "portrait" if size == PORTRAIT else "landscape"
        problems.append(compare(f"fallback-{shape}-{lang}", surface, accept))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
