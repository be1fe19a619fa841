"""The street-lights scene: renders everywhere with its text inside its regions; the sky
darkens and the lamps dim up as the light falls; a pedestrian walks when motion is detected
and, at night, by themselves now and then; the lamps ahead of them rise to full power and
fall back after the hold time;
missing or stale sensors leave a calm street; every number shown is sourced."""

from __future__ import annotations

import re

import pygame
import pytest

from exhibit.scene import load_scene
from exhibit.stage import Stage
from tests.layoutcheck import DESIGN_SIZE, count_color, picture, scene_renderer, without_sensors

STATES = {"day": {"light": 2000, "motion": 0}, "dusk": {"light": 40, "motion": 0},
          "night": {"light": 5, "motion": 0}, "night_motion": {"light": 5, "motion": 1},
          "darkest": {"light": 0, "motion": 1}, "brightest": {"light": 10000, "motion": 1},
          "no_data": {}}

_render = scene_renderer("street_lights", seconds=4.0)


def render(config, values, *args, **kwargs):
    """(surface, canvas, scene): the scene too, to look at its state after the frame."""
    scene = load_scene("street_lights", config)
    return (*_render(config, values, *args, scene=scene, **kwargs), scene)


# --- texts -------------------------------------------------------------------------------

def test_texts_name_both_sensors_and_map_the_light_levels(config):
    scene = load_scene("street_lights", config)
    assert scene.text.sensors == ("light", "motion")
    assert dict(scene.text.step_for_level) == {"day": "measure", "dusk": "decide",
                                               "night": "act"}


def test_every_number_a_visitor_reads_is_listed_in_the_sources(config):
    scene = load_scene("street_lights", config)
    text = scene.text
    shown = [*text.body.values(), *(s for step in text.steps.values() for s in step.values()),
             *(s for line in text.headlines.values() for s in line.values()),
             *(s for label in text.labels.values() for s in label.values())]
    numbers = {n for s in shown for n in re.findall(r"\d+(?:[.,]\d+)?", s)}
    assert numbers, "the body should carry the FACTS figures"
    for number in numbers:
        assert any(number in source and "FACTS.md" in source for source in text.sources), \
            number


def test_the_body_ends_above_the_data_note(config, text_cache):
    """The body's last line stays clear of the divider above the privacy note."""
    scene = load_scene("street_lights", config)
    for size in (DESIGN_SIZE, (1280, 720), (1080, 1920)):
        for lang in ("de", "en"):
            _, canvas, _ = render(config, STATES["night"], size, lang, seconds=0.5,
                                  text=text_cache)
            words = scene.text.body[lang].split()
            note = scene.text.data_note[lang].split()
            body_rects = [r for t, r in canvas.drawn_text if t.split() and
                          t.split()[0] in words and t.split()[-1] in words]
            note_top = min(r.top for t, r in canvas.drawn_text
                           if t.split() and t.split()[0] == note[0])
            gap = (note_top - max(r.bottom for r in body_rects)) / canvas.scale
            assert gap >= 24, (size, lang, gap)


# --- every state renders tidily ----------------------------------------------------------

# --- pixels follow the values --------------------------------------------------------------

def lamp_heads(surface, canvas) -> list[int]:
    """Brightness (sum of RGB) at the centre of each lamp's light strip."""
    from scenes.street_lights import ARM, GROUND, LAMP_HEIGHT, LAMPS

    pic = picture(canvas)
    return [sum(tuple(surface.get_at(pic.pt(x + ARM, GROUND - LAMP_HEIGHT + 19)))[:3])
            for x in LAMPS]


def sky_brightness(surface, canvas) -> int:
    from scenes.street_lights import SKY_SAMPLE

    return sum(tuple(surface.get_at(picture(canvas).pt(*SKY_SAMPLE)))[:3])


def test_the_lamps_dim_up_and_the_sky_darkens_as_the_light_falls(config, text_cache,
                                                                  no_night_walkers):
    heads, skies = [], []
    for lux in (200, 100, 58, 50, 42, 35, 28, 10, 0):
        surface, canvas, _ = render(config, {"light": lux, "motion": 0}, DESIGN_SIZE,
                                    text=text_cache)
        lamps = lamp_heads(surface, canvas)
        assert max(lamps) - min(lamps) <= 3, (lux, lamps)  # nobody around: all alike
        heads.append(lamps[1])
        skies.append(sky_brightness(surface, canvas))
    assert heads == sorted(heads), heads
    assert heads[0] == heads[1] < heads[3] < heads[5] < heads[-1], heads  # off by day
    assert skies == sorted(skies, reverse=True), skies
    assert skies[0] == skies[1] > skies[3] > skies[5] > skies[-1], skies


def test_motion_brings_full_light_at_night_but_none_by_day(config, text_cache,
                                                           no_night_walkers):
    night, _, _ = render(config, {"light": 5, "motion": 0}, DESIGN_SIZE, text=text_cache)
    walked, canvas, scene = render(config, {"light": 5, "motion": 1}, DESIGN_SIZE, text=text_cache)
    idle, lit = lamp_heads(night, canvas), lamp_heads(walked, canvas)
    assert max(lit) > max(idle) + 60 and sum(lit) > sum(idle), (idle, lit)
    assert max(scene.street.power) > 0.95
    day, _, _ = render(config, {"light": 2000, "motion": 0}, DESIGN_SIZE, text=text_cache)
    day_walk, _, scene = render(config, {"light": 2000, "motion": 1}, DESIGN_SIZE, text=text_cache)
    assert lamp_heads(day_walk, canvas) == lamp_heads(day, canvas)  # bright enough: off
    assert max(scene.street.power) == 0.0 and scene.street.walkers


def test_a_pedestrian_walks_on_motion_and_at_night_by_themselves(config, text_cache):
    """Motion sends a walker at any time; the night sends one now and then by itself, so
    the night's headline ("full light where someone walks") is what one sees."""
    from scenes.street_lights import WALKER

    found, area = {}, 1.0
    cases = {"night_motion": (config, {"light": 5, "motion": 1}),
             "day_motion": (config, {"light": 2000, "motion": 1}),
             "night": (config, {"light": 5, "motion": 0}),
             "motion_missing": (without_sensors(config, "motion"), {"light": 5}),
             "day": (config, {"light": 2000, "motion": 0}),
             "dusk": (config, {"light": 40, "motion": 0}),
             "no_data": (config, {})}
    for name, (cfg, values) in cases.items():
        surface, canvas, _ = render(cfg, values, DESIGN_SIZE, seconds=4, text=text_cache)
        found[name] = count_color(surface, Stage.regions(canvas)[0], WALKER)
        area = picture(canvas).scale ** 2      # pixels per design unit²
    for name in ("night_motion", "day_motion", "night", "motion_missing"):
        assert found[name] > 1500 * area, (name, found)
    assert found["day"] == found["dusk"] == found["no_data"] == 0, found


@pytest.fixture
def no_night_walkers(monkeypatch):
    """Only the motion sensor sends walkers: the night's own passer-by stays home."""
    import scenes.street_lights as sl

    monkeypatch.setattr(sl, "NIGHT_WALK_GAP", float("inf"))


# --- behaviour over time (driven directly, on a virtual clock) ----------------------------

def make_world(config, lux: float | None, motion: float | None):
    from exhibit.status import CONNECTED, SIMULATION, SourceStatus
    from exhibit.world import SensorView, World

    views = {}
    for sid, value in (("light", lux), ("motion", motion)):
        if sid not in config.sensors:
            continue
        sensor = config.sensors[sid]
        if value is None:
            views[sid] = SensorView(sensor)  # no reading yet: stale
            continue
        level = next(lv for lv in sensor.levels if lv.low <= value <= lv.high)
        views[sid] = SensorView(sensor, value=value, level=level, stale=False, readings=5)
    return World(0.0, views, SourceStatus(SIMULATION, "test", CONNECTED))


def run(scene, world, seconds: float, step: float = 1 / 60) -> None:
    for _ in range(round(seconds / step)):
        scene.update(step, world)


def test_the_lamps_ahead_of_the_walker_rise_and_fall_back_after_the_hold(config,
                                                                         pygame_ready,
                                                                         no_night_walkers):
    import scenes.street_lights as sl

    scene = load_scene("street_lights", config)
    scene.on_show()
    run(scene, make_world(config, 5, 0), 2)
    assert scene.street.power == pytest.approx([sl.IDLE_POWER] * len(sl.LAMPS), abs=1e-3)
    run(scene, make_world(config, 5, 1), 0.1)        # a wave at the sensor: one walker
    quiet = make_world(config, 5, 0)
    assert len(scene.street.walkers) == 1

    def walk_to(x: float) -> list[float]:
        run(scene, quiet, (x - scene.street.walkers[0].x) / sl.WALK_SPEED)
        return scene.street.power

    lamps = sl.LAMPS
    power = walk_to((lamps[0] + lamps[1]) / 2 + sl.ARM)   # between the first two lamps
    assert power[0] > 0.95 and power[1] > 0.95, power    # beside and ahead: full light
    assert power[2] < 0.15 and power[3] < 0.15, power    # further ahead: still waiting
    power = walk_to((lamps[2] + lamps[3]) / 2 + sl.ARM)   # between the last two
    assert power[2] > 0.95 and power[3] > 0.95, power
    assert power[0] < power[1] and power[0] < 0.5, power  # passed, held, falling back
    passed_first = (scene.street.walkers[0].x - (lamps[0] + sl.ARM + sl.BEHIND)) / sl.WALK_SPEED
    assert passed_first > sl.HOLD_SECONDS
    # once the walker has left and the hold is over, every lamp is back at idle
    left = (sl.WALK_END - scene.street.walkers[0].x) / sl.WALK_SPEED
    run(scene, quiet, left + sl.HOLD_SECONDS + 4)
    assert not scene.street.walkers
    assert scene.street.power == pytest.approx([sl.IDLE_POWER] * len(sl.LAMPS), abs=0.01)
    assert sl.WALK_START < 0  # walkers come in from the left edge, at the sensor


def test_the_lamps_ease_rather_than_switch(config, pygame_ready, no_night_walkers):
    scene = load_scene("street_lights", config)
    scene.on_show()
    run(scene, make_world(config, 5, 0), 1)
    run(scene, make_world(config, 5, 1), 1 / 60)
    first = scene.street.power[0]
    assert 0.1 < first < 0.5  # one frame after the wave: on its way up, not at 100 %
    scene.on_show()
    run(scene, make_world(config, 2000, 0), 1)
    run(scene, make_world(config, 5, 0), 1 / 60)
    assert 0 < scene.street.night < 0.2  # the sky starts to darken, it does not jump


def test_without_a_motion_sensor_the_lamps_follow_the_darkness_only(config, pygame_ready,
                                                                   no_night_walkers):
    from scenes.street_lights import IDLE_POWER

    reduced = without_sensors(config, "motion")
    scene = load_scene("street_lights", reduced)
    scene.on_show()
    for lux, expected in ((2000, 0.0), (5, IDLE_POWER)):
        run(scene, make_world(reduced, lux, None), 5)
        assert not scene.street.walkers
        assert scene.street.power == pytest.approx([expected] * 4, abs=2e-3), lux


@pytest.mark.parametrize("how", ["stale", "missing"])
def test_without_light_data_the_street_rests_in_daylight(config, pygame_ready, how,
                                                         no_night_walkers):
    reduced = without_sensors(config, "light") if how == "missing" else config
    scene = load_scene("street_lights", reduced)
    scene.on_show()
    run(scene, make_world(reduced, 5, 0), 2)
    run(scene, make_world(reduced, None, 0), 5)
    assert scene.street.night < 0.01 and max(scene.street.power) == 0.0


def test_no_data_is_said_in_the_picture_and_the_sky_stays_day(config, text_cache):
    for cfg, values in ((config, {}), (without_sensors(config, "light"), {"motion": 0})):
        surface, canvas, _ = render(cfg, values, text=text_cache)
        day, _, _ = render(config, {"light": 2000}, text=text_cache)
        words = [t for t, r in canvas.drawn_text if Stage.regions(canvas)[0].contains(r)]
        assert "keine Daten" in words
        assert sky_brightness(surface, canvas) == sky_brightness(day, canvas)


def test_the_gauge_shows_the_lamps_power_now(config, text_cache, no_night_walkers):
    for values, shown in (({"light": 2000, "motion": 0}, "0 %"),
                          ({"light": 5, "motion": 0}, "10 %"),
                          ({"light": 5, "motion": 1}, None)):
        _, canvas, scene = render(config, values, text=text_cache)
        words = [t for t, r in canvas.drawn_text if Stage.regions(canvas)[0].contains(r)]
        power = f"{round(scene.street.mean_power * 100)} %"
        assert power in words and (shown is None or power == shown), (values, words)


# --- the static picture --------------------------------------------------------------------

def test_the_static_picture_is_painted_a_stage_per_frame_and_shown_complete(pygame_ready,
                                                                            text_cache):
    from exhibit.render.canvas import Canvas
    from exhibit.render.staged import StagedPicture

    canvas = Canvas(pygame.Surface(DESIGN_SIZE), text_cache)
    area = (0, 0, 1152, 920)
    calls = []

    def stage(name, row):
        def paint(c, version):
            calls.append((name, version))
            c.surface.fill((version, version, version), c.rect((0, row * 300, 1152, 300)))
        return paint

    pic = StagedPicture([stage("sky", 0), stage("houses", 1), stage("street", 2)])
    surface, shown = pic.get(canvas, area, 1)
    assert shown == 1 and [v for _, v in calls] == [1, 1, 1]   # first time: all at once
    assert tuple(surface.get_at((5, 5)))[:3] == (1, 1, 1)
    calls.clear()
    results = [pic.get(canvas, area, v) for v in (2, 3, 3, 3)]
    assert [shown for _, shown in results] == [1, 1, 2, 2]      # 2 shows once complete …
    assert calls[:3] == [("sky", 2), ("houses", 2), ("street", 2)]  # … one stage a frame
    assert calls[3] == ("sky", 3)                              # then the newest version
    front = results[2][0]
    assert {tuple(front.get_at((5, y)))[:3] for y in (5, 305, 605)} == {(2, 2, 2)}
    calls.clear()
    surface, shown = pic.get(canvas, area, 5, at_once=True)
    assert shown == 5 and [v for _, v in calls] == [5, 5, 5]


def test_sensor_noise_does_not_repaint_the_sky(config, pygame_ready):
    scene = load_scene("street_lights", config)
    scene.on_show()
    run(scene, make_world(config, 40, 0), 5)
    step = scene.street.step
    for i in range(120):  # ±0.5 lx of noise around a steady dusk
        scene.update(1 / 60, make_world(config, 40 + (0.5 if i % 2 else -0.5), 0))
        assert scene.street.step == step
