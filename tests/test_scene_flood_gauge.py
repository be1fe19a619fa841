"""The flood-gauge scene renders everywhere with its text inside its regions; the river
rises with the value, floods the cellar only from stage 2; the road closes at stage 2;
the alert app speaks from stage 1, with each stage's own message; siren and flood barriers
come only at stage 3; without data (stale or no
sensor) the river rests and nothing is alarmed; the water never jumps."""

from __future__ import annotations

import dataclasses

import pytest

from exhibit.scene import load_scene
from tests.layoutcheck import count_in, picture, scene_renderer, without_sensors

STATES = {"low_end": {"water": 0}, "normal": {"water": 5}, "iw1": {"water": 12.5},
          "iw2": {"water": 17.5}, "iw3": {"water": 22.5}, "high_end": {"water": 25},
          "stale": {}}

render = scene_renderer("flood_gauge", seconds=4.0)


def water_pixels(surface, canvas) -> int:
    from scenes.flood_gauge import WATER_BODY, WATER_TOP

    box = (0, 0, 1152, 920)
    return count_in(surface, canvas, box, WATER_BODY) + count_in(surface, canvas, box,
                                                                 WATER_TOP)


def cellar_water(surface, canvas) -> int:
    from scenes.flood_gauge import CELLAR, WATER_BODY

    return count_in(surface, canvas, CELLAR, WATER_BODY)


def test_texts_read_the_water_gauge(config):
    assert load_scene("flood_gauge", config).text.sensors[0] == "water"


def test_the_river_rises_with_the_value(config, text_cache):
    found = []
    for value in (0, 5, 9, 12.5, 17.5, 22.5, 25):
        surface, canvas = render(config, {"water": value}, text=text_cache)
        found.append(water_pixels(surface, canvas))
    assert found == sorted(found) and len(set(found)) == len(found), found
    assert found[-1] > 3 * found[0]


def test_the_cellar_floods_only_from_stage_2(config, text_cache):
    found = {}
    for state in ("normal", "iw1", "iw2", "iw3", "stale"):
        surface, canvas = render(config, STATES[state], text=text_cache)
        found[state] = cellar_water(surface, canvas)
    assert found["normal"] == found["iw1"] == found["stale"] == 0, found
    assert 0 < found["iw2"] < found["iw3"], found


def test_the_road_closes_from_stage_2(config, text_cache):
    from scenes.flood_gauge import ARM_LEN, ARM_RED, ARM_X, ARM_Y

    arm_down = (ARM_X - ARM_LEN + 12, ARM_Y - 8, ARM_LEN - 30, 16)  # the lowered arm lies here

    found = {}
    for state in STATES:
        surface, canvas = render(config, STATES[state], text=text_cache)
        found[state] = count_in(surface, canvas, arm_down, ARM_RED)
    assert min(found["iw2"], found["iw3"], found["high_end"]) > 200, found
    assert found["low_end"] == found["normal"] == found["iw1"] == found["stale"] == 0, found


def test_siren_and_barriers_only_at_stage_3_the_alert_app_from_stage_1(config, text_cache):
    from exhibit.render.street import BARRIER_BEAM, PHONE_BODY

    area = (0, 0, 1152, 920)
    messages = {}
    for state, values in STATES.items():
        surface, canvas = render(config, values, text=text_cache)
        barrier = count_in(surface, canvas, area, BARRIER_BEAM)
        phone = count_in(surface, canvas, area, PHONE_BODY)
        k = picture(canvas).scale ** 2
        assert (barrier > 1500 * k) == (state in ("iw3", "high_end")), (state, barrier)
        assert (phone > 8000 * k) == (state in ("iw1", "iw2", "iw3", "high_end")), (state, phone)
        assert barrier == 0 or barrier > 1500 * k, (state, barrier)
        assert phone == 0 or phone > 8000 * k, (state, phone)
        messages[state] = " ".join(t.text for t in canvas.drawn_text)   # wrapped lines joined
    labels = load_scene("flood_gauge", config).text.labels
    for stage in ("iw1", "iw2", "iw3"):   # each stage's own message, not another's
        for other in ("iw1", "iw2", "iw3"):
            shown = labels[f"alert_{other}"]["de"] in messages[stage]
            assert shown == (other == stage), (stage, other, messages[stage])


def test_no_data_rests_calmly_like_a_normal_river(config, text_cache):
    """Stale and missing sensor: the river at rest, no reaction at all."""
    scene = load_scene("flood_gauge", config)
    render(config, {}, text=text_cache, scene=scene)
    stale = dataclasses.replace(scene.flood)
    no_water = without_sensors(config, "water")
    missing = load_scene("flood_gauge", no_water)
    render(no_water, {"water": 24}, text=text_cache, scene=missing)
    for state in (stale, missing.flood):
        assert state.water == pytest.approx(5.0, abs=0.01)
        assert state.arm == state.barrier == state.siren == state.phone == 0.0
        assert not any(state.marks)


def test_the_water_never_jumps_and_the_reactions_follow_it(config, pygame_ready):
    """A jump of the reading from normal to the top: the shown water moves a little each
    frame; the road closes only once the water has reached the road, the alarm only once
    it has passed stage 3; it never stands above the plateau before the barrier holds,
    and the barrier comes down again only once the water has fallen below the plateau."""
    from exhibit.status import CONNECTED, SIMULATION, SourceStatus
    from exhibit.world import SensorView, World
    from scenes.flood_gauge import HOLD, PLATEAU_CM, ROAD_CM, stages_of

    scene = load_scene("flood_gauge", config)
    sensor = config.sensors["water"]
    levels = {lv.name: lv for lv in sensor.levels}
    source = SourceStatus(SIMULATION, "test", CONNECTED)

    def world(value, level):
        view = SensorView(sensor, value=value, level=levels[level], stale=False, readings=5)
        return World(0.0, {"water": view}, source)

    scene.on_show()
    scene.update(1 / 60, world(5.0, "normal"))
    shown = [scene.flood.water]
    for _ in range(300):
        scene.update(1 / 60, world(25.0, "iw3"))
        s = scene.flood
        shown.append(s.water)
        if s.arm > 0.01:
            assert s.water >= ROAD_CM
        if s.siren > 0.01 or s.barrier > 0.01:
            assert s.water >= stages_of(sensor)[2].cm
        if s.phone > 0.01:
            assert s.water >= stages_of(sensor)[0].cm
        if s.water > PLATEAU_CM:
            assert s.barrier >= HOLD
    assert max(abs(b - a) for a, b in zip(shown, shown[1:])) < 0.3   # cm per frame
    assert shown[-1] == pytest.approx(25.0, abs=0.05)
    assert scene.flood.arm > 0.99 and scene.flood.barrier > 0.99 and scene.flood.phone > 0.99
    for _ in range(600):
        scene.update(1 / 60, world(5.0, "normal"))
        if scene.flood.barrier < HOLD:
            assert scene.flood.water <= PLATEAU_CM
    assert scene.flood.water == pytest.approx(5.0, abs=0.05) and scene.flood.barrier < 0.01


def test_stage_of_keeps_a_stage_until_left_by_the_hysteresis(config):
    from scenes.flood_gauge import stage_of, stages_of

    stages = stages_of(config.sensors["water"])
    assert [stage_of(cm, 0, 0.5, stages) for cm in (9.9, 10.4, 10.6, 15.6, 25.0)] \
        == [0, 0, 1, 2, 3]
    assert stage_of(9.6, 1, 0.5, stages) == 1 and stage_of(9.4, 1, 0.5, stages) == 0
    assert stage_of(5.0, 3, 0.5, stages) == 0


def test_stage_lines_light_up_one_by_one(config, text_cache):
    scene = load_scene("flood_gauge", config)
    lit = []
    for state in ("normal", "iw1", "iw2", "iw3"):
        render(config, STATES[state], text=text_cache, scene=scene)
        lit.append(sum(k > 0.5 for k in scene.flood.marks))
    assert lit == [0, 1, 2, 3]


def test_geometry_floods_in_stage_order(config):
    """Meadows flood at stage 1, the road at stage 2, the plateau only above stage 3."""
    from scenes.flood_gauge import (
        MAX_HYSTERESIS,
        MEADOW_CM,
        PLATEAU_CM,
        ROAD_CM,
        WAVE_MARGIN_CM,
        stages_of,
    )

    thresholds = [stage.cm for stage in stages_of(config.sensors["water"])]
    assert MEADOW_CM == thresholds[0] and ROAD_CM == thresholds[1]
    # stage 3 (and with it the barrier) is reached before the water tops the plateau
    assert thresholds[2] + MAX_HYSTERESIS < PLATEAU_CM - WAVE_MARGIN_CM
