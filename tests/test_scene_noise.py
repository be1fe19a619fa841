"""The noise scene renders everywhere with its text inside its regions; the waves, the level
meter and the noise map grow with the live dB(A); the nearest window shuts only when it is
loud; Tempo 30 and the quiet-asphalt works come with their levels; the meter jumps up fast
and sinks back slowly; no data or no sensor leaves it calm."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from exhibit.render import palette
from exhibit.scene import load_scene
from tests.layoutcheck import (
    DESIGN_SIZE,
    SIZES,
    assert_renders_tidily,
    count_in,
    picture,
    scene_renderer,
    without_sensors,
)

STATES = {"low_end": {"noise": 30}, "quiet": {"noise": 45}, "moderate": {"noise": 60},
          "loud": {"noise": 75}, "harmful": {"noise": 95}, "high_end": {"noise": 130},
          "no_data": {}}
BAND_TONES = ("ok", "highlight", "notice", "act")

render = scene_renderer("noise")


def count_tones(surface, rect, tones=BAND_TONES) -> int:
    """Pixels inside `rect` that have exactly one of the band colours."""
    pixels = pygame.surfarray.pixels3d(surface)[rect.left:rect.right, rect.top:rect.bottom]
    found = np.zeros(pixels.shape[:2], dtype=bool)
    for tone in tones:
        found |= np.all(pixels == np.array(palette.TONES[tone], dtype=pixels.dtype), axis=-1)
    return int(found.sum())


def street_rect(canvas):
    """The side view left of the meter panel and under the corner gauge (whose value is
    written in the band colour), where the waves spread."""
    from exhibit.render.widgets import TAG_H
    from scenes.noise import METER, STREET_BOTTOM

    top = 28 + TAG_H + 4
    return picture(canvas).rect((0, top, METER[0] - 8, STREET_BOTTOM - top))


def map_rect(canvas):
    """The map's streets, without its key (whose swatches show every band)."""
    from scenes.noise import KEY_W, MAP, MAP_HEAD

    mx, my, mw, mh = MAP
    return picture(canvas).rect((mx + 10, my + MAP_HEAD, mw - 20 - KEY_W, mh - MAP_HEAD - 10))


def lit_segments(surface, canvas) -> int:
    """How many meter segments, bottom up, show a band colour (stops at the first dark)."""
    from scenes.noise import BAR_W, BAR_X, DEVICE_DB, SEGMENT_DB, Meter

    meter = Meter(*DEVICE_DB)   # the SEN0232's range, as exhibit.yaml gives the sensor
    pic = picture(canvas)
    tones = {palette.TONES[t] for t in BAND_TONES}
    count = 0
    db = meter.low
    while db < meter.high:
        y = (meter.y(db) + meter.y(db + SEGMENT_DB)) / 2
        if tuple(surface.get_at(pic.pt(BAR_X + BAR_W / 2, y)))[:3] not in tones:
            break
        count += 1
        db += SEGMENT_DB
    return count


def test_texts_have_every_label_in_every_language(config):
    scene = load_scene("noise", config)
    assert scene.text.sensors[0] == "noise"
    for key in ("meter_title", "map_title", "works", "no_data"):
        assert set(scene.text.labels[key]) == {"de", "en", "ls"}, key
    # every level says what the city does now
    assert set(scene.text.headlines) == {lv.name for lv in config.sensors["noise"].levels}


def test_the_waves_reach_further_and_thicker_as_it_gets_louder(config, text_cache):
    counts = []
    for db in (30, 50, 70, 95, 130):
        surface, canvas = render(config, {"noise": db}, seconds=3,
                                 text=text_cache)
        counts.append(count_tones(surface, street_rect(canvas)))
    assert counts == sorted(counts) and len(set(counts)) == len(counts), counts
    assert counts[0] < 500 and counts[-1] > 50 * max(counts[0], 100), counts  # barely → all
    surface, canvas = render(config, {}, seconds=3, text=text_cache)
    assert count_tones(surface, street_rect(canvas)) == 0          # no data: no waves


def test_wave_shape_follows_the_level(config):
    from scenes.noise import meter_of, wave_reach, wave_spacing, wave_speed, wave_width

    meter = meter_of(config.sensors["noise"])
    ks = [meter.strength(30 + i * 5) for i in range(21)]
    for grows in (wave_reach, wave_speed, wave_width):
        values = [grows(k) for k in ks]
        assert values == sorted(values) and values[0] < values[-1], grows.__name__
    spacing = [wave_spacing(k) for k in ks]
    assert spacing == sorted(spacing, reverse=True) and spacing[0] > spacing[-1]
    assert meter.strength(200) == meter.strength(130) == 1.0
    assert meter.strength(10) == meter.strength(30) == 0.0


def test_the_meter_follows_the_value_and_never_overflows(config, text_cache):
    from scenes.noise import BAR_TOP, BAR_W, BAR_X, meter_of

    lit = []
    for db in (30, 45, 60, 75, 95, 130):
        surface, canvas = render(config, {"noise": db}, seconds=3,
                                 text=text_cache)
        lit.append(lit_segments(surface, canvas))
    assert lit == sorted(lit) and len(set(lit)) == len(lit), lit
    assert lit[0] == 1 and lit[-1] == meter_of(config.sensors["noise"]).segments, lit
    # at the top of the range nothing is drawn above the bar
    above = picture(canvas).rect((BAR_X - 6, BAR_TOP - 24, BAR_W + 12, 20))
    assert count_tones(surface, above) == 0
    surface, canvas = render(config, {}, seconds=3, text=text_cache)
    assert lit_segments(surface, canvas) == 0


def test_the_noise_map_colours_more_of_the_street_as_it_gets_louder(config, text_cache):
    from scenes.noise import MAP

    loud_tones = ("highlight", "notice", "act")
    mx, my, mw, mh = MAP
    found, loudest = {}, {}
    for state, values in STATES.items():
        surface, canvas = render(config, values, seconds=4, text=text_cache)
        found[state] = count_tones(surface, map_rect(canvas), loud_tones)
        loudest[state] = count_tones(surface, map_rect(canvas), ("act",))
        # nothing spills out of the map: the strip under it stays clear
        under = picture(canvas).rect((mx, my + mh + 2, mw, 40))
        assert count_tones(surface, under) == 0, state
    assert found["low_end"] == found["quiet"] == found["no_data"] == 0
    assert 0 < found["moderate"] < found["loud"], found  # the loudest band is cross-hatched:
    assert loudest["moderate"] == loudest["loud"] == 0 < loudest["harmful"]  # fewer pure pixels
    assert loudest["harmful"] > 0.5 * found["harmful"]
    # at the top of the range the whole map is in the loudest band
    assert loudest["high_end"] > 0.5 * found["high_end"]


def test_the_nearest_window_shuts_only_when_it_is_loud(config, text_cache):
    from scenes.noise import GLASS, INTERIOR, WIN_H, WIN_W, WIN_X, WIN_Y

    x, y = WIN_X + WIN_W - 18.0, WIN_Y + WIN_H - 22.0  # covered only when shut
    for state, values in STATES.items():
        surface, canvas = render(config, values, seconds=3, text=text_cache)
        patch = (x - 12, y - 12, 24, 24)  # waves may cross part of it
        glass = count_in(surface, canvas, patch, GLASS)
        room = count_in(surface, canvas, patch, INTERIOR)
        if state in ("loud", "harmful", "high_end"):
            assert glass > 30 and room == 0, (state, glass, room)
        else:
            assert room > 30 and glass == 0, (state, glass, room)


def test_meter_jumps_up_fast_and_sinks_back_slowly(config, pygame_ready):
    from exhibit.status import CONNECTED, SIMULATION, SourceStatus
    from exhibit.world import SensorView, World

    scene = load_scene("noise", config)
    sensor = config.sensors["noise"]
    source = SourceStatus(SIMULATION, "test", CONNECTED)
    levels = {lv.name: lv for lv in sensor.levels}

    def world(value: float, level: str) -> World:
        view = SensorView(sensor, value=value, level=levels[level], stale=False, readings=5)
        return World(0.0, {"noise": view}, source)

    def run(seconds: float, value: float, level: str) -> None:
        for _ in range(round(seconds * 60)):
            scene.update(1 / 60, world(value, level))

    scene.on_show()
    run(2.0, 40, "quiet")
    run(0.25, 90, "harmful")
    assert scene.meter_db > 88          # attack: up within a quarter second
    assert scene.map_db < 80            # the map settles more slowly
    run(0.25, 40, "quiet")
    assert scene.meter_db > 70          # release: still high a quarter second later
    assert scene.peak_db > 88           # the peak mark holds
    run(4.0, 40, "quiet")
    assert scene.meter_db < 41 and scene.peak_db < 41
    assert scene.shut < 0.05            # quiet again: the window is open


def test_missing_sensor_leaves_the_scene_calm(config, text_cache):
    without = without_sensors(config, "noise")
    for size in SIZES:
        for attract in (False, True):
            scene = load_scene("noise", without)
            surface, canvas = assert_renders_tidily(
                render, without, {}, size, "de", label=(size, attract), seconds=1.0,
                text=text_cache, attract=attract, scene=scene)
            assert count_tones(surface, street_rect(canvas)) == 0
            assert count_tones(surface, map_rect(canvas)) == 0
            assert lit_segments(surface, canvas) == 0
            assert scene.signal == 0.0 and scene.shut == 0.0



def test_a_stale_reading_calms_the_scene(config, text_cache):
    """A value that has gone stale (the board fell silent) is shown as no data: waves and
    map fade out, the meter sinks, the window opens again."""
    from exhibit.render.canvas import Canvas
    from exhibit.render.layout import SCENE_AREA
    from exhibit.status import CONNECTED, SIMULATION, SourceStatus
    from exhibit.world import SensorView, World

    scene = load_scene("noise", config)
    sensor = config.sensors["noise"]
    harmful = next(lv for lv in sensor.levels if lv.name == "harmful")
    source = SourceStatus(SIMULATION, "test", CONNECTED)

    def world(stale: bool) -> World:
        view = SensorView(sensor, value=95.0, level=harmful, stale=stale, readings=5)
        return World(0.0, {"noise": view}, source)

    scene.on_show()
    for _ in range(120):
        scene.update(1 / 60, world(False))
    assert scene.shut > 0.9 and scene.signal > 0.9
    for _ in range(240):
        scene.update(1 / 60, world(True))
    assert scene.shut < 0.05 and scene.signal < 0.01 and scene.meter_db < 35
    canvas = Canvas(pygame.Surface(DESIGN_SIZE), text_cache)
    scene.draw(canvas, SCENE_AREA, world(True))
    assert count_tones(canvas.surface, street_rect(canvas)) == 0
    assert count_tones(canvas.surface, map_rect(canvas)) == 0
    assert lit_segments(canvas.surface, canvas) == 0


def test_the_city_reacts_in_the_loud_levels(config, text_cache):
    """Tempo 30 from 'loud', the quiet-asphalt works only when 'very loud'."""
    from scenes.noise import SIGN_RED

    seen = {}
    for state in ("quiet", "moderate", "loud", "harmful"):
        surface, canvas = render(config, STATES[state], seconds=4, text=text_cache)
        scene_text = {d.text for d in canvas.drawn_text}
        seen[state] = (count_in(surface, canvas, (0, 0, 790, 578), SIGN_RED) > 500,
                       "Leiser Asphalt" in scene_text)
    assert seen == {"quiet": (False, False), "moderate": (False, False),
                    "loud": (True, False), "harmful": (True, True)}
