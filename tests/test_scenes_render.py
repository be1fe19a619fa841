"""Every scene renders in each of its states, both languages, at 1920×1080, 1280×720 and
portrait (and a smoke at 4K) with its text inside its region and nothing overlapping; its
texts fit the panel, every pixel is painted, wild values never raise, and pixels prove the
live value is drawn."""

from __future__ import annotations

import itertools
from pathlib import Path

import pygame
import pytest

from exhibit.config import load_config
from exhibit.devtools.gallery import level_values, typical_values
from exhibit.devtools.preview import render_state
from exhibit.render.layout import SCENE_AREA
from exhibit.render.palette import TONES
from exhibit.scene import load_scene
from exhibit.status import LIVE, SourceStatus
from exhibit.stage import Stage, load_frame_text
from tests.layoutcheck import (
    SIZES,
    assert_renders_tidily,
    assert_scene_texts_fit,
    assert_text_tidy,
    scene_renderer,
    without_sensors,
)

TYPICAL = {"light": 140, "motion": 0, "soil": 50, "bin": 40, "co2": 700, "temp": 21.5,
           "road": 6.5, "humidity": 45, "water": 5, "parking": 3, "bikes": 12, "noise": 45}
SCENES = load_config(Path(__file__).resolve().parents[1] / "exhibit.yaml").playlist.scenes


def render(config, name, values, *args, **kwargs):
    return scene_renderer(name)(config, values, *args, **kwargs)


DISCONNECTED = SourceStatus(LIVE, "/dev/ttyACM0", "disconnected", stand_in=True)
MAGENTA = (255, 0, 255)


def tidy_states(config, scene) -> list[tuple[str, dict, SourceStatus | None]]:
    """(state, values, source) a scene must lay out tidily in, derived from exhibit.yaml so
    a new scene, sensor or level is checked without a word: typical values; every
    combination of its sensors' levels, and of their range ends; each sensor alone at each
    of its levels (the others without data); a counter passing once, three at once,
    busily and jumping to its top; for the overview every sensor in its n-th level and at
    its ends; no data at all; and a disconnected board."""
    typical = typical_values(config)
    sensors = [config.sensors[sid] for sid in scene.text.sensors if sid in config.sensors]
    states = [("typical", typical, None)]
    if sensors:
        for combo in itertools.product(*(level_values(sensor) for sensor in sensors)):
            values = {sensor.id: value for sensor, (_, value) in zip(sensors, combo)}
            states.append(("+".join(level for level, _ in combo), {**typical, **values}, None))
        for combo in itertools.product(("low", "high"), repeat=len(sensors)):
            values = {sensor.id: getattr(sensor, end) for sensor, end in zip(sensors, combo)}
            states.append(("+".join(f"{sensor.id}_{end}" for sensor, end in zip(sensors, combo)),
                           {**typical, **values}, None))
    else:  # the overview shows every sensor: all in their n-th level, all at an end
        every = list(config.sensors.values())
        for n in range(max(len(sensor.levels) for sensor in every)):
            values = {s.id: level_values(s)[min(n, len(s.levels) - 1)][1] for s in every}
            states.append((f"every_level_{n}", values, None))
        for end in ("low", "high"):
            states.append((f"every_{end}_end", {s.id: getattr(s, end) for s in every}, None))
    if len(sensors) > 1:
        states += [(f"{sensor.id}={level}_alone", {sensor.id: value}, None)
                   for sensor in sensors for level, value in level_values(sensor)]
    for sensor in sensors:
        if sensor.kind == "counter":
            count = typical[sensor.id]
            states += [("one_pass", {sensor.id: lambda t, c=count: c + (t >= 0.1)}, None),
                       ("three_at_once", {sensor.id: lambda t, c=count: c + 3 * (t >= 0.1)},
                        None),
                       ("busy", {sensor.id: lambda t, c=count: c + int(t / 0.1)}, None),
                       ("huge_pass", {sensor.id: lambda t, top=sensor.high - 1:
                                      0 if t < 0.1 else top}, None)]  # the longest number
    return [*states, ("no_data", {}, None), ("disconnected", typical, DISCONNECTED)]


def settled_frames(config, loaded, frame, values, lang, source, text, modes):
    """(size, mode, canvas): one second of steady `values` played into a fresh copy of the
    `loaded` scene by `preview.settle`, as `render_state` does, then that moment drawn at every
    layout size in each of `modes`. The layout depends only on the moment, the size and
    the mode, so one settling serves every frame; and the scene and frame texts are parsed
    once, not per state (reading the YAML was half the matrix's cost)."""
    from exhibit.devtools.preview import settle
    from exhibit.director import Progress
    from exhibit.render.canvas import Canvas

    scene = type(loaded)(loaded.text, config)  # as load_scene builds it, without the YAML
    stage, world = settle(scene, config, values, 1.0, lang, source, Stage(frame))
    for size in SIZES:
        for mode in modes:
            surface = pygame.Surface(size)
            surface.fill(MAGENTA)  # what the frame leaves unpainted stays magenta
            canvas = Canvas(surface, text)
            stage.draw(canvas, scene, world, mode, Progress(0, len(config.playlist.scenes), 0.4))
            yield size, mode, canvas


def unpainted(surface: pygame.Surface) -> int:
    """Pixels still MAGENTA after a frame was drawn over it."""
    return int((pygame.surfarray.pixels2d(surface) == surface.map_rgb(MAGENTA)).sum())


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", SCENES)
def test_each_scene_renders_with_text_inside_its_region(config, text_cache, name, lang):
    """The one text-layout matrix: every scene in each of its states, interactive and as
    call to action, at 1920×1080, 1280×720 and portrait keeps its texts inside their
    regions without overlapping. (tests/test_golden.py guards the pixels of these states
    at 640×360; this guards the layout at the sizes an exhibit runs at.)

    The call to action draws exactly the interactive frame's texts at the same places and
    then its invitation over the picture (`Stage.draw`), so a tidy attract frame proves
    the interactive one tidy too: the layout is checked on attract frames.

    The interactive frames prove every pixel is painted: the frame skips its full-screen
    fill when picture, panel and strip cover the screen (1.7 ms at 4K), which is only safe
    if every scene paints all of its picture in every state. That does not depend on the
    language, so it is checked in German only."""
    from exhibit.director import ATTRACT, INTERACTIVE

    modes = (ATTRACT, INTERACTIVE) if lang == "de" else (ATTRACT,)
    scene, frame = load_scene(name, config), load_frame_text()
    for state, values, source in tidy_states(config, scene):
        for size, mode, canvas in settled_frames(config, scene, frame, values, lang, source,
                                                 text_cache, modes):
            label = (name, state, lang, size, mode)
            assert canvas.surface.get_size() == size
            if mode == ATTRACT:
                assert_text_tidy(canvas.drawn_text, Stage.regions(canvas), label)
            else:
                assert unpainted(canvas.surface) == 0, label


@pytest.mark.parametrize("name", SCENES)
def test_each_scene_renders_tidily_at_4k(config, text_cache, name):
    """A smoke at 3840×2160: exactly twice the 1920×1080 design grid, so the matrix above
    at 1080p checks the layout; this one proves the big surface and fonts work at all."""
    assert_renders_tidily(scene_renderer(name), config, typical_values(config), (3840, 2160),
                          "de", label=name, seconds=1.0, text=text_cache, attract=True)


def test_attract_mode_shows_the_call_to_action_with_the_sensor_position(config, text_cache):
    _, canvas = render(config, "street_lights", TYPICAL, attract=True, text=text_cache)
    drawn = " ".join(text for text, _ in canvas.drawn_text)
    assert "vorne links" in drawn  # from sensors.light.where in exhibit.yaml


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_scene_whose_sensors_are_missing_from_the_config_rests_calmly(config, text_cache,
                                                                      lang):
    """Staff may drop a broken sensor from exhibit.yaml: its scene still explains the use
    case, says the sensor is not set up, and invites nobody to touch what is not there;
    that shorter panel, and a scene that lost one of its two sensors, stay tidy at every
    layout size, interactive and as call to action."""
    from exhibit.director import ATTRACT, INTERACTIVE

    frame = load_frame_text()
    for name in config.playlist.scenes:
        scene = load_scene(name, config)
        if scene.sensor_id is None:
            continue
        dropped = [scene.text.sensors]
        if len(scene.text.sensors) > 1:  # one of its sensors dropped, one kept
            dropped += [(sid,) for sid in scene.text.sensors]
        for sids in dropped:
            without = without_sensors(config, *sids)
            for size, mode, canvas in settled_frames(without, scene, frame, TYPICAL, lang, None,
                                                     text_cache, (INTERACTIVE, ATTRACT)):
                label = (name, sids, size, mode)
                assert canvas.surface.get_size() == size
                assert_text_tidy(canvas.drawn_text, Stage.regions(canvas), label)
                if sids != scene.text.sensors:
                    continue
                drawn = [text for text, _ in canvas.drawn_text]
                assert frame("not_configured", lang) in drawn, label
                assert not any(t.startswith(frame("measured", lang) + ":") for t in drawn), label
                assert scene.text.invite[lang] not in " ".join(drawn), label


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
    boxes = card_boxes(SCENE_AREA, config.sensors)
    for sid, tone in (("soil", "act"), ("co2", "ok")):  # dry soil: act; fresh air: ok
        x, y, _, h = boxes[sid]
        bar = canvas.pt(x + BAR_W / 2, y + h / 2)
        assert tuple(surface.get_at(bar))[:3] == TONES[tone], sid


def test_the_panel_number_holds_sensor_noise_but_follows_a_real_change_at_once(config):
    from exhibit.status import CONNECTED, SIMULATION
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


def test_every_pixel_is_painted_on_a_16_by_10_screen_too(config, text_cache):
    """The layout matrix checks the painting at 1080p, 720p and portrait in every state;
    1920×1200 letterboxes the picture, so the frame must decide to fill the bars."""
    for name in config.playlist.scenes:
        for values in (TYPICAL, ACTIVE, {}):
            surface = pygame.Surface((1920, 1200))
            surface.fill(MAGENTA)
            render_state(load_scene(name, config), config, values, size=(1920, 1200),
                         seconds=1.0, text=text_cache, surface=surface)
            assert unpainted(surface) == 0, name


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
    from exhibit.status import CONNECTED, SIMULATION

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
