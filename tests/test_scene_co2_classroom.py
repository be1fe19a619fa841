"""The CO₂ classroom scene: the lit lamp follows the level, each lamp carries its own symbol,
one window is open while the air is not fresh and both are wide open in poor air."""

from __future__ import annotations

import pytest

from exhibit.devtools.preview import render_state
from exhibit.render.palette import TONES
from exhibit.scene import load_scene
from tests.layoutcheck import DESIGN_SIZE, count_in, picture, scene_renderer

LEVELS = {"fresh": {"co2": 650}, "stale": {"co2": 1500}, "bad": {"co2": 3200}, "none": {}}
ENDS = {"outdoor_air": {"co2": 400}, "sensor_max": {"co2": 5000}}

render = scene_renderer("co2_classroom", seconds=4.0)


def lamp_colors(surface, canvas) -> dict[str, tuple[int, int, int]]:
    from scenes.co2_classroom import LAMPS

    pic = picture(canvas)  # the picture sits scaled in the portrait layout
    # the lamp's lower right, clear of its symbol, shows its plain tone
    return {name: tuple(surface.get_at(pic.pt(x + 20, y + 20)))[:3]
            for name, (x, y) in LAMPS.items()}


def test_the_lit_lamp_follows_the_level(config, text_cache):
    from scenes.co2_classroom import LAMP_TONE

    for state in ("fresh", "stale", "bad"):
        surface, canvas = render(config, LEVELS[state], DESIGN_SIZE, text=text_cache)
        colors = lamp_colors(surface, canvas)
        for name, color in colors.items():
            lit = color == TONES[LAMP_TONE[name]]
            assert lit == (name == state), (state, name, color)
    surface, canvas = render(config, {}, DESIGN_SIZE, text=text_cache)
    assert not any(c in TONES.values() for c in lamp_colors(surface, canvas).values())


def window_gap_sky(surface, canvas) -> int:
    """How many sky-coloured pixels show in the window gap (0 when the sash is closed)."""
    from exhibit.render.palette import SKY_DAY
    from scenes.co2_classroom import MULLION_X, WIN_Y

    gap = (MULLION_X + 34.0, WIN_Y + 40.0)  # only the open window shows the sky here

    return count_in(surface, canvas, (gap[0] - 10, gap[1] - 10, 20, 20), SKY_DAY)


def test_the_window_is_open_only_when_the_air_is_not_fresh(config, text_cache):
    found = {}
    for state, values in LEVELS.items():
        surface, canvas = render(config, values, seconds=5, text=text_cache)
        found[state] = window_gap_sky(surface, canvas)
    assert found["stale"] > 50 and found["bad"] > 50
    assert found["fresh"] == found["none"] == 0


def test_each_lamp_carries_its_own_symbol(config, text_cache):
    """Not colour alone: the lit lamp's centre shows its symbol in the housing's dark."""
    from exhibit.render.palette import NIGHT_DEEP
    from scenes.co2_classroom import LAMPS

    surface, canvas = render(config, LEVELS["bad"], DESIGN_SIZE, text=text_cache)
    pic = picture(canvas)
    x, y = LAMPS["bad"]
    assert count_in(surface, canvas, (x - 14, y - 14, 28, 28), NIGHT_DEEP) > 50
    assert surface.get_at(pic.pt(x, y))[:3] == NIGHT_DEEP   # the ✕ crosses the centre


def test_both_windows_open_wide_only_in_poor_air(config, text_cache):
    from exhibit.render.palette import SKY_DAY
    from scenes.co2_classroom import WIN_X, WIN_Y

    left = (WIN_X + 60.0, WIN_Y + 60.0, 20, 20)   # behind the left sash when it is shut
    sky = {state: count_in(*render(config, LEVELS[state], seconds=5, text=text_cache), left,
                           SKY_DAY)
           for state in ("fresh", "stale", "bad")}
    assert sky["bad"] > 50 and sky["stale"] == sky["fresh"] == 0


def test_the_window_closes_again_once_the_air_is_fresh(config, pygame_ready):
    from exhibit.config import Level
    from exhibit.status import CONNECTED, SIMULATION, SourceStatus
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
    assert scene.open > 0.9 and scene.wide > 0.9 and scene.tired > 0.9
    for _ in range(600):
        scene.update(1 / 60, world(600, levels["fresh"]))
    assert scene.open < 0.05 and scene.wide < 0.05 and scene.tired < 0.05


def test_the_haze_grows_with_the_ppm(config, text_cache):
    scene = load_scene("co2_classroom", config)
    hazes = []
    for ppm in (500, 1200, 2000, 3500):
        render_state(scene, config, {"co2": ppm}, seconds=2, text=text_cache)
        hazes.append(scene.haze)
    assert hazes == sorted(hazes) and hazes[0] < hazes[-1]
