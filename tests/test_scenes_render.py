"""Every scene renders at 1920×1080 and 1280×720 in both languages, its text stays inside
its region without overlapping, its texts fit the panel, and pixels prove the live value is
drawn."""

from __future__ import annotations

import pygame
import pytest

from exhibit.preview import render_state
from exhibit.render.palette import TONES
from exhibit.scene import load_scene
from exhibit.sources.base import LIVE, SourceStatus
from exhibit.stage import ILLUSTRATION, Stage, load_frame_text
from tests.layoutcheck import (
    SIZES,
    assert_renders_tidily,
    assert_scene_texts_fit,
    scene_renderer,
    without_sensors,
)

TYPICAL = {"light": 140, "motion": 0, "soil": 50, "bin": 40, "co2": 700, "temp": 21.5,
           "road": 6.5, "humidity": 45, "water": 5, "parking": 3, "bikes": 12, "noise": 45}
STATES = {"dark": {"light": 5, "motion": 0}, "dry": {"soil": 12}, "wet": {"soil": 85},
          "nothing": {}}


def render(config, name, values, *args, **kwargs):
    return scene_renderer(name)(config, values, *args, **kwargs)


DISCONNECTED = SourceStatus(LIVE, "/dev/ttyACM0", "disconnected", stand_in=True)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("state", ["typical", "disconnected", *STATES])
def test_each_scene_renders_with_text_inside_its_region(config, text_cache, size, lang, state):
    values = TYPICAL if state in ("typical", "disconnected") else STATES[state]
    source = DISCONNECTED if state == "disconnected" else None
    for name in config.playlist.scenes:
        assert_renders_tidily(scene_renderer(name), config, values, size, lang, label=name,
                              seconds=1.0, text=text_cache, source=source)


def test_attract_mode_shows_the_call_to_action_with_the_sensor_position(config, text_cache):
    _, canvas = render(config, "street_lights", TYPICAL, attract=True, text=text_cache)
    drawn = " ".join(text for text, _ in canvas.drawn_text)
    assert "vorne links" in drawn  # from sensors.light.where in exhibit.yaml


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_scene_whose_sensors_are_missing_from_the_config_rests_calmly(config, text_cache,
                                                                      lang):
    """Staff may drop a broken sensor from exhibit.yaml: its scene still explains the use
    case, says the sensor is not set up, and invites nobody to touch what is not there."""
    for name in config.playlist.scenes:
        scene = load_scene(name, config)
        if scene.sensor_id is None:
            continue
        without = without_sensors(config, *scene.text.sensors)
        for attract in (False, True):
            _, canvas = assert_renders_tidily(scene_renderer(name), without, TYPICAL,
                                              (1920, 1080), lang, label=(name, attract),
                                              seconds=1.0, text=text_cache, attract=attract)
            drawn = [text for text, _ in canvas.drawn_text]
            frame = load_frame_text()
            assert frame("not_configured", lang) in drawn, name
            assert not any(t.startswith(frame("measured", lang) + ":") for t in drawn), name
            assert scene.text.invite[lang] not in " ".join(drawn), name


def test_every_scene_with_a_sensor_has_texts_that_fit_the_panel(config, text_cache):
    checked = []
    for name in config.playlist.scenes:
        scene = load_scene(name, config)
        if scene.sensor_id is not None:
            assert_scene_texts_fit(scene, config, text_cache)
            checked.append(name)
    assert checked   # not vacuous: the playlist has scenes with sensors


def test_the_live_value_is_drawn_in_the_panel(config, text_cache):
    for value, shown in ((5, "5"), (140, "140")):
        _, canvas = render(config, "street_lights", {"light": value}, text=text_cache)
        panel = Stage.regions(canvas)[1]
        assert any(text == shown and panel.contains(rect) for text, rect in canvas.drawn_text)


def test_overview_colours_each_card_by_its_level(config, text_cache):
    from scenes.overview import BAR_W, card_boxes

    surface, canvas = render(config, "overview", {**TYPICAL, "soil": 12, "co2": 700},
                             text=text_cache)
    boxes = card_boxes(ILLUSTRATION, config.sensors)
    for sid, tone in (("soil", "act"), ("co2", "ok")):  # dry soil: act; fresh air: ok
        x, y, _, h = boxes[sid]
        bar = canvas.pt(x + BAR_W / 2, y + h / 2)
        assert tuple(surface.get_at(bar))[:3] == TONES[tone], sid


def test_the_panel_number_holds_sensor_noise_but_follows_a_real_change_at_once(config):
    from exhibit.sources.base import CONNECTED, SIMULATION
    from exhibit.stage import VALUE_HOLD
    from exhibit.world import SensorView, World

    scene = load_scene("co2_classroom", config)
    sensor = config.sensors["co2"]
    stage = Stage(load_frame_text())
    source = SourceStatus(SIMULATION, "test", CONNECTED)

    def shown_after(value: float, dt: float = 1 / 60) -> float:
        view = SensorView(sensor, value=value, level=sensor.levels[0], stale=False, readings=5)
        world = World(0.0, {"co2": view}, source)
        stage.update(dt, world, scene)
        return stage.held.shown(view).value

    assert shown_after(600) == 600
    assert shown_after(603) == 600                      # noise: held …
    assert shown_after(604, VALUE_HOLD) == 604          # … until the hold time is over
    assert shown_after(1400) == 1400                    # a breath on the sensor: at once


ACTIVE = {"light": 5, "motion": 1, "soil": 10, "bin": 95, "co2": 3000, "temp": 40, "road": -5,
          "humidity": 99, "water": 24, "parking": 0, "bikes": 40, "noise": 120}


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (1080, 1920), (1920, 1200)])
def test_every_pixel_is_painted_each_frame_without_a_background_fill(config, text_cache,
                                                                     size):
    """The frame skips its full-screen fill when picture, panel and strip cover the screen
    (1.7 ms at 4K); that is only safe if every scene paints all of its picture."""
    import numpy as np

    magenta = (255, 0, 255)
    for name in config.playlist.scenes:
        for values in (TYPICAL, ACTIVE, {}):
            surface = pygame.Surface(size)
            surface.fill(magenta)
            scene = load_scene(name, config)
            render_state(scene, config, values, size=size, seconds=1.0, text=text_cache,
                         surface=surface)
            pixels = pygame.surfarray.pixels3d(surface)
            left = int(np.all(pixels == np.array(magenta, dtype=pixels.dtype), axis=-1).sum())
            del pixels
            assert left == 0, (name, size, left)


@pytest.mark.parametrize("seed", [1, 2])
def test_no_scene_ever_raises_on_wild_values_steps_and_gaps(config, text_cache, seed):
    """A visitor never sees a traceback: range ends, values far outside the range (clamped),
    counters that jump by hundreds or restart at 0, readings that stop (stale), zero and
    long frame steps, both languages, attract and interactive, odd screen sizes."""
    import random

    from exhibit.director import ATTRACT, INTERACTIVE, Progress
    from exhibit.reading import Reading
    from exhibit.render.canvas import Canvas
    from exhibit.signals.hub import SignalHub
    from exhibit.sources.base import CONNECTED, SIMULATION

    rng = random.Random(seed)
    source = SourceStatus(SIMULATION, "test", CONNECTED)
    for name in config.playlist.scenes:
        scene, hub, stage = load_scene(name, config), SignalHub(config.sensors), \
            Stage(load_frame_text())
        size = rng.choice([(640, 360), (360, 640), (800, 600), (1280, 720)])
        canvas = Canvas(pygame.Surface(size), text_cache)
        scene.on_show()
        t, count = 0.0, 0
        for frame in range(150):
            dt = rng.choice([1 / 60, 1 / 30, 0.1, 0.0])
            t += dt
            readings = []
            for sid, sensor in config.sensors.items():
                if rng.random() < 0.3:
                    continue
                if sensor.kind == "counter":
                    count = 0 if rng.random() < 0.02 else count + rng.choice([0, 1, 5, 300])
                    value = count
                else:
                    value = rng.choice([sensor.low, sensor.high,
                                        rng.uniform(sensor.low, sensor.high),
                                        rng.uniform(sensor.low - 50, sensor.high + 50)])
                readings.append(Reading(sid, sensor.to_raw(value), t))
            if rng.random() < 0.08:
                t += rng.choice([5.0, 15.0, 30.0])   # the board goes quiet for a while
            hub.feed(readings)
            world = hub.world(t, t, source, rng.choice(["de", "en"]))
            scene.update(dt, world)
            stage.update(dt, world, scene)
            if frame % 10 == 0:
                stage.draw(canvas, scene, world, rng.choice([ATTRACT, INTERACTIVE]),
                           Progress(0, len(config.playlist.scenes), 0.5))
        assert canvas.drawn_text, name   # it drew its frames (the panel's texts at least)
