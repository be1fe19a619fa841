"""The waste-bin scene renders everywhere with its text inside its regions, the cut-open bin
fills with the live value, the collection truck comes only while the live bin is full, and
every level has its headline and its word in the map's key."""

from __future__ import annotations

import pytest

from exhibit.scene import load_scene
from exhibit.stage import Stage
from tests.layoutcheck import count_color, picture, scene_renderer

STATES = {"room": {"bin": 30}, "half": {"bin": 65}, "full": {"bin": 92}, "stale": {},
          "empty": {"bin": 0}, "brim_full": {"bin": 100}}

render = scene_renderer("waste_bins")


def test_texts_map_the_bin_levels_and_keep_the_body_short(config):
    scene = load_scene("waste_bins", config)
    assert scene.text.sensors[0] == "bin"
    assert dict(scene.text.step_for_level) == {"room": "measure", "half": "decide",
                                               "full": "act"}
    for lang, body in scene.text.body.items():
        assert len(body.split()) <= 15, lang   # one fact
    assert set(scene.text.headlines) == {"room", "half", "full"}


def filled_samples(surface, canvas) -> int:
    from scenes.waste_bins import BIN_X, INNER, PAPER

    pic = picture(canvas)
    x = BIN_X - 36  # one column between two paper balls, clear of the sensor
    _, top, _, height = INNER
    count = 0
    for i in range(20):  # bottom to top: the filled ones come first, without gaps
        y = top + height - 6 - i * (height - 30) / 19
        if tuple(surface.get_at(pic.pt(x, y)))[:3] == PAPER:
            count += 1
        else:
            break
    return count


def test_the_bin_fills_up_with_the_value(config, text_cache):
    levels = []
    for value in (0, 20, 45, 65, 85, 100):
        surface, canvas = render(config, {"bin": value}, seconds=4,
                                 text=text_cache)
        levels.append(filled_samples(surface, canvas))
    assert levels == sorted(levels) and len(set(levels)) == len(levels), levels
    assert levels[0] == 0 and levels[-1] >= 18
    surface, canvas = render(config, {}, seconds=4, text=text_cache)
    assert filled_samples(surface, canvas) == 0  # no data: empty, grey


def test_truck_comes_only_when_the_live_bin_is_full(config, text_cache):
    from scenes.waste_bins import TRUCK

    found = {}
    for state, values in STATES.items():
        surface, canvas = render(config, values, seconds=5, text=text_cache)
        found[state] = count_color(surface, Stage.regions(canvas)[0], TRUCK)
    assert found["full"] > 150
    assert found["room"] == found["half"] == found["stale"] == 0


def test_route_takes_the_live_bin_only_when_full(config):
    from scenes.waste_bins import LIVE_BIN, route_stops

    full_at = next(lv.low for lv in config.sensors["bin"].levels if lv.name == "full")
    assert LIVE_BIN in route_stops(True, full_at)
    assert LIVE_BIN not in route_stops(False, full_at)
    assert len(route_stops(False, full_at)) >= 3  # the illustrative full bins are always on it


def test_the_map_key_uses_the_level_words(config, text_cache):
    """The key names the levels as the panel's chip does, so map and panel agree."""
    words = {lv.label["de"] for lv in config.sensors["bin"].levels}
    surface, canvas = render(config, STATES["half"], seconds=2, text=text_cache)
    assert words <= {d.text for d in canvas.drawn_text}
