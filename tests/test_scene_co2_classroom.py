"""The CO₂ classroom scene: renders everywhere with its text inside its regions, the lit lamp
follows the level, the window is open only while the air is not fresh, and the step
sentences fit the panel."""

from __future__ import annotations

import pygame
import pytest

from exhibit.preview import render_state
from exhibit.render.palette import TONES
from exhibit.scene import load_scene
from exhibit.stage import Stage
from tests.layoutcheck import assert_text_tidy

SIZES = [(1920, 1080), (1280, 720), (3840, 2160), (1080, 1920)]
LEVELS = {"fresh": {"co2": 650}, "stale": {"co2": 1500}, "bad": {"co2": 3200}, "none": {}}
ENDS = {"outdoor_air": {"co2": 400}, "sensor_max": {"co2": 5000}}


def render(config, values, size=(1920, 1080), lang="de", seconds=4.0, text=None,
           attract=False):
    scene = load_scene("co2_classroom", config)
    return render_state(scene, config, values, size=size, lang=lang, seconds=seconds,
                        text=text, attract=attract)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("state", [*LEVELS, *ENDS])
def test_renders_with_text_inside_its_regions(config, text_cache, size, lang, state):
    for attract in (False, True):
        surface, canvas = render(config, {**LEVELS, **ENDS}[state], size, lang, seconds=1.0,
                                 text=text_cache, attract=attract)
        assert surface.get_size() == size
        assert_text_tidy(canvas.drawn_text, Stage.regions(canvas))


def lamp_colors(surface, canvas) -> dict[str, tuple[int, int, int]]:
    from scenes.co2_classroom import LAMPS

    return {name: tuple(surface.get_at(canvas.pt(x, y)))[:3] for name, (x, y) in LAMPS.items()}


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_the_lit_lamp_follows_the_level(config, text_cache, size):
    from scenes.co2_classroom import LAMP_TONE

    for state in ("fresh", "stale", "bad"):
        surface, canvas = render(config, LEVELS[state], size, text=text_cache)
        if canvas.portrait:  # the picture sits scaled in the portrait layout
            canvas = canvas.within(canvas_box(canvas), 1152)
        colors = lamp_colors(surface, canvas)
        for name, color in colors.items():
            lit = color == TONES[LAMP_TONE[name]]
            assert lit == (name == state), (state, name, color)
    surface, canvas = render(config, {}, size, text=text_cache)
    if canvas.portrait:
        canvas = canvas.within(canvas_box(canvas), 1152)
    assert not any(c in TONES.values() for c in lamp_colors(surface, canvas).values())


def canvas_box(canvas):
    return Stage.layout(canvas).illustration


def window_gap_sky(surface, canvas) -> int:
    """How many sky-coloured pixels show in the window gap (0 when the sash is closed)."""
    import numpy as np

    from exhibit.render.palette import SKY_DAY
    from scenes.co2_classroom import WINDOW_GAP

    rect = canvas.rect((WINDOW_GAP[0] - 10, WINDOW_GAP[1] - 10, 20, 20))
    pixels = pygame.surfarray.pixels3d(surface)[rect.left:rect.right, rect.top:rect.bottom]
    return int(np.all(pixels == np.array(SKY_DAY, dtype=pixels.dtype), axis=-1).sum())


def test_the_window_is_open_only_when_the_air_is_not_fresh(config, text_cache):
    found = {}
    for state, values in LEVELS.items():
        surface, canvas = render(config, values, seconds=5, text=text_cache)
        found[state] = window_gap_sky(surface, canvas)
    assert found["stale"] > 50 and found["bad"] > 50
    assert found["fresh"] == found["none"] == 0


def test_the_window_closes_again_once_the_air_is_fresh(config, pygame_ready):
    from exhibit.config import Level
    from exhibit.sources.base import CONNECTED, SIMULATION, SourceStatus
    from exhibit.world import SensorView, World

    scene = load_scene("co2_classroom", config)
    sensor = config.sensors["co2"]
    source = SourceStatus(SIMULATION, "test", CONNECTED)

    def world(value: float, level: Level) -> World:
        view = SensorView(sensor, value=value, level=level, stale=False, readings=5)
        return World(0.0, {"co2": view}, source)

    levels = {lv.name: lv for lv in sensor.levels}
    scene.on_show()
    for _ in range(240):
        scene.update(1 / 60, world(2600, levels["bad"]))
    assert scene.open > 0.9
    for _ in range(600):
        scene.update(1 / 60, world(600, levels["fresh"]))
    assert scene.open < 0.05


def test_the_haze_grows_with_the_ppm(config, text_cache):
    scene = load_scene("co2_classroom", config)
    hazes = []
    for ppm in (500, 1200, 2000, 3500):
        render_state(scene, config, {"co2": ppm}, seconds=2, text=text_cache)
        hazes.append(scene.haze)
    assert hazes == sorted(hazes) and hazes[0] < hazes[-1]


def test_step_sentences_fit_two_lines(config, text_cache):
    from exhibit.render.canvas import Canvas

    scene = load_scene("co2_classroom", config)
    canvas = Canvas(pygame.Surface((1920, 1080)), text_cache)
    for step, text in scene.text.steps.items():
        for lang, sentence in text.items():
            h = canvas.paragraph_height(sentence, 664, 38, weight="bold", line_height=1.0)
            assert h <= 2 * 38 + 0.5, (step, lang, sentence)
