"""The tree-watering scene: renders everywhere with its text inside its regions; the tree
wilts and browns continuously as the soil dries; the bed darkens as it gets wetter and as it
is watered; the watering truck comes only when the soil is dry, waters exactly this tree's
ring (not the neighbour's), and the panel lights "decide" on the way and "act" once it
waters; each level has its own sign at the probe, wet soil comes with rain, and the panel's
headline follows the level. Supersedes the two tree tests in test_scenes_render.py."""

from __future__ import annotations

import re

import pygame
import pytest

from exhibit.render.palette import TONES
from exhibit.scene import load_scene
from exhibit.stage import Stage
from tests.layoutcheck import DESIGN_SIZE, count_color, picture, scene_renderer, without_sensors

STATES = {"zero": {"soil": 0}, "dry": {"soil": 12}, "ok": {"soil": 50}, "wet": {"soil": 85},
          "full": {"soil": 100}, "stale": {}, "missing": {}}

_render = scene_renderer("trees", seconds=6.0)


def render(config, state, *args, **kwargs):
    """Render a named state of STATES (or a dict of values) after `seconds`."""
    values = STATES[state] if isinstance(state, str) else state
    if state == "missing":
        config = without_sensors(config, "soil")
    return _render(config, values, *args, **kwargs)


def test_no_data_is_said_in_the_picture_and_nothing_alarms(config, text_cache):
    for state in ("stale", "missing"):
        surface, canvas = render(config, state, seconds=6, text=text_cache)
        drawn = [text for text, _ in canvas.drawn_text]
        assert "keine Daten" in drawn, state
        assert "Gießwagen" not in drawn, state
        assert count_color(surface, Stage.regions(canvas)[0], TONES["act"]) == 0, state


def test_texts_map_the_soil_levels_and_their_numbers_are_sourced(config):
    scene = load_scene("trees", config)
    assert scene.text.sensors == ("soil",)
    assert dict(scene.text.step_for_level) == {"wet": "measure", "ok": "measure",
                                               "dry": "act"}
    sources = " ".join(scene.text.sources)
    sourced = {re.sub(r"[.,]", "", n) for n in re.findall(r"\d[\d.,]*\d|\d", sources)}
    for lang, body in [*scene.text.body.items(),
                       *((lang, line) for h in scene.text.headlines.values()
                         for lang, line in h.items())]:
        for number in re.findall(r"\d[\d.,]*\d|\d", body):
            assert re.sub(r"[.,]", "", number) in sourced, (lang, number)


def test_each_level_has_its_own_sign_headline_and_weather(config, text_cache):
    """dry: a warning triangle; ok: a tick; wet: a rain drop, and rain clouds dim the sky;
    the panel's headline is the level's own."""
    import scenes.trees as tr

    scene = load_scene("trees", config)
    seen = {}
    for state in ("dry", "ok", "wet"):
        surface, canvas = render(config, state, seconds=3, text=text_cache)
        pic = picture(canvas)
        sx, sy = tr.SIGN_AT
        sign = tuple(surface.get_at(pic.pt(sx + tr.SIGN_R * 0.4, sy + tr.SIGN_R * 0.5)))[:3]
        sky = sum(tuple(surface.get_at(pic.pt(330, 200)))[:3])   # clear sky
        panel = " ".join(t for t, _ in canvas.drawn_text)
        assert scene.text.headlines[state]["de"].split(":")[0] in panel, state
        seen[state] = (sign, sky)
    assert seen["dry"][0] == TONES["act"] and seen["ok"][0] == TONES["ok"], seen
    assert seen["wet"][0] == TONES["info"], seen
    assert seen["wet"][1] < seen["ok"][1] - 60 and seen["dry"][1] == seen["ok"][1], seen


# --- the tree follows the moisture -----------------------------------------------------------

DRYING = (45, 35, 25, 15, 0)   # % soil moisture, wettest first


def crown_reading(config, text_cache, moisture, size):
    """(greenness of the crown, y of the crown's top edge) of the live tree. Rendered 1.5 s
    in: the truck is still on its way at the right edge, so nothing covers the tree."""
    from scenes.trees import TREE_X, leaf_color

    scene = load_scene("trees", config)
    surface, canvas = render(config, {"soil": moisture}, size, seconds=1.5, text=text_cache,
                             scene=scene)
    leaf = leaf_color(scene.tree.health)
    pic = picture(canvas)
    x, _ = pic.pt(TREE_X - 50, 0)
    top = next(y for y in range(pic.pt(0, 150)[1], pic.pt(0, 600)[1])
               if tuple(surface.get_at((x, y)))[:3] == leaf)
    return leaf[1] - leaf[0], top


def test_the_crown_browns_and_droops_step_by_step_as_the_soil_dries(config, text_cache):
    readings = [crown_reading(config, text_cache, m, DESIGN_SIZE) for m in DRYING]
    green = [g for g, _ in readings]
    tops = [t for _, t in readings]
    assert green == sorted(green, reverse=True) and len(set(green)) == len(green), green
    assert tops == sorted(tops) and len(set(tops)) == len(tops), tops  # lower and lower


def test_the_wet_tree_stays_lush(config, text_cache):
    assert crown_reading(config, text_cache, 85, DESIGN_SIZE) == \
        crown_reading(config, text_cache, 55, DESIGN_SIZE)


# --- the soil -------------------------------------------------------------------------------

def bed_darkness(surface, canvas) -> float:
    from scenes.trees import BED_Y, TREE_X

    bed = (TREE_X + 96.0, BED_Y - 5.0, 44.0, 10.0)  # plain soil right of the ring

    return -sum(pygame.transform.average_color(surface, picture(canvas).rect(bed))[:3])


def test_the_bed_darkens_as_the_soil_gets_wetter(config, text_cache):
    darkness = []
    for moisture in (0, 20, 40, 60, 80, 100):  # 1.5 s: before any truck has watered
        surface, canvas = render(config, {"soil": moisture}, DESIGN_SIZE, seconds=1.5,
                                 text=text_cache)
        darkness.append(bed_darkness(surface, canvas))
    assert darkness == sorted(darkness) and len(set(darkness)) == len(darkness), darkness


def test_the_bed_darkens_while_it_is_watered(config, text_cache):
    before = bed_darkness(*render(config, "dry", seconds=1.5, text=text_cache))
    after = bed_darkness(*render(config, "dry", seconds=8, text=text_cache))
    assert after > before + 30


# --- the truck and the ring -------------------------------------------------------------------

def test_the_truck_comes_only_when_the_soil_is_dry(config, text_cache):
    found = {}
    for state in STATES:
        surface, canvas = render(config, state, DESIGN_SIZE, seconds=6, text=text_cache)
        found[state] = count_color(surface, Stage.regions(canvas)[0], TONES["notice"])
    assert found["zero"] > 500 and found["dry"] > 500  # the orange cab of the water truck
    assert found["ok"] == found["wet"] == found["full"] == 0
    assert found["stale"] == found["missing"] == 0


def water_in(surface, canvas, box) -> int:
    """Pixels in `box` (design units of the picture) that are clearly water blue."""
    rect = picture(canvas).rect(box)
    return is_water(pygame.surfarray.pixels3d(surface)[rect.left:rect.right,
                                                       rect.top:rect.bottom])


def is_water(rgb) -> int:
    """How many pixels are much bluer than red: water, never soil, trunk or ring plastic."""
    return int(((rgb[..., 2].astype(int) - rgb[..., 0]) > 60).sum())


def rings():
    from scenes.trees import BED_Y, NEIGHBOUR_X, TREE_X

    return (TREE_X - 74, BED_Y - 24, 148, 32), (NEIGHBOUR_X - 50, BED_Y - 18, 100, 22)


def test_the_ring_fills_only_while_the_truck_waters_this_tree(config, text_cache):
    live_ring, neighbour_ring = rings()
    filling = []
    for seconds in (4.4, 5.2, 6.5):  # the truck arrives at 3 s, the water lands at ~4 s
        surface, canvas = render(config, "dry", DESIGN_SIZE, seconds=seconds, text=text_cache)
        filling.append(water_in(surface, canvas, live_ring))
        assert water_in(surface, canvas, neighbour_ring) == 0  # the neighbour: not visited
    assert filling == sorted(filling) and filling[0] > 0 and filling[-1] > filling[0] * 1.3
    surface, canvas = render(config, "dry", DESIGN_SIZE, seconds=2, text=text_cache)  # on its way
    assert water_in(surface, canvas, live_ring) == 0
    for state in ("ok", "wet", "stale", "missing"):
        surface, canvas = render(config, state, DESIGN_SIZE, seconds=8, text=text_cache)
        assert water_in(surface, canvas, live_ring) == 0, state


def soil_world(config, moisture, t):
    from exhibit.status import CONNECTED, SIMULATION, SourceStatus
    from exhibit.world import SensorView, World

    sensor = config.sensors["soil"]
    level = next(lv for lv in sensor.levels if lv.low <= moisture < lv.high)
    view = SensorView(sensor, value=moisture, level=level, stale=False, readings=5)
    return World(t, {"soil": view}, SourceStatus(SIMULATION, "test", CONNECTED))


def run(scene, config, moisture, seconds, t0=0.0):
    steps = round(seconds * 60)
    for i in range(steps):
        scene.update(1 / 60, soil_world(config, moisture, t0 + i / 60))
    return t0 + seconds


def test_decide_on_the_way_act_while_watering_then_back_to_measure(config, pygame_ready):
    from scenes.trees import ARRIVING, AWAY, WATERING

    scene = load_scene("trees", config)
    scene.on_show()
    t = run(scene, config, 12, 1.0)
    assert scene.truck.state == ARRIVING
    assert scene.active_step(soil_world(config, 12, t)) == "decide"
    t = run(scene, config, 12, 4.0, t)
    assert scene.truck.state == WATERING and scene.tree.litres > 20
    assert scene.active_step(soil_world(config, 12, t)) == "act"
    t = run(scene, config, 55, 20.0, t)  # watered: the truck drives off, the ring drains
    assert scene.truck.state == AWAY and scene.tree.litres == 0
    assert scene.active_step(soil_world(config, 55, t)) == "measure"


def test_a_trip_called_off_on_the_way_drives_on_past_without_watering(config, pygame_ready):
    from scenes.trees import AWAY, NEIGHBOUR_X, WATERING

    scene = load_scene("trees", config)
    scene.on_show()
    t = run(scene, config, 12, 1.0)
    xs, states = [], set()
    for i in range(600):
        scene.update(1 / 60, soil_world(config, 55, t + i / 60))
        states.add(scene.truck.state)
        if scene.truck.state != AWAY:
            xs.append(scene.truck.x)
    assert WATERING not in states and scene.truck.state == AWAY
    assert xs == sorted(xs, reverse=True)            # only ever leftwards, no stop, no turn
    assert min(xs) < NEIGHBOUR_X                     # it drove on past the other tree
    assert scene.tree.litres == 0


def test_health_is_smooth_and_monotonic():
    from scenes.trees import health_of

    values = [health_of(m / 2) for m in range(0, 201)]
    assert values == sorted(values) and values[0] == 0 and values[-1] == 1
    assert max(b - a for a, b in zip(values, values[1:])) < 0.04  # no jump at a threshold


def test_the_water_test_sees_water_and_not_soil(pygame_ready):
    from exhibit.render.palette import SOIL_DRY, SOIL_WET, WATER

    surface = pygame.Surface((30, 10))
    surface.fill(SOIL_DRY)
    surface.fill(SOIL_WET, pygame.Rect(10, 0, 10, 10))
    surface.fill(WATER, pygame.Rect(20, 0, 10, 10))
    assert is_water(pygame.surfarray.pixels3d(surface)) == 100
