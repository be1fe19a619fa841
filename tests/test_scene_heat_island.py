"""The heat-island scene renders everywhere with its text inside its regions; the street's
tint, the heat haze and the thermometer follow the value; shade and the drinking fountain
come with "warm", misting and the heat alert with "hot"; no data or no sensor is calm."""

from __future__ import annotations

import pytest

from exhibit.devtools.preview import render_state
from exhibit.render.palette import TONES, WATER
from exhibit.scene import load_scene
from tests.layoutcheck import DESIGN_SIZE, count_in, picture, scene_renderer, without_sensors

STATES = {"comfortable": {"temp": 21}, "warm": {"temp": 29}, "hot": {"temp": 34},
          "extreme": {"temp": 42}, "low_end": {"temp": -10}, "high_end": {"temp": 45},
          "no_data": {}}

render = scene_renderer("heat_island", seconds=4.0)


def test_texts_read_the_air_temperature(config):
    scene = load_scene("heat_island", config)
    assert scene.text.sensors[0] == "temp"
    # the panel says that this is air temperature, not the DWD's felt temperature
    note = scene.text.data_note
    assert "gefühlt" in note["de"] and "felt" in note["en"]
    assert config.sensors["temp"].name["de"] == "Lufttemperatur"


def test_the_street_heats_up_in_colour_with_the_value(config, text_cache):
    from scenes.heat_island import FRONT

    spot = (1120.0, FRONT + 40)   # open pavement, clear of everything standing on it
    reds, blues = [], []
    for temp in (10, 20, 27, 33, 40):
        surface, canvas = render(config, {"temp": temp}, DESIGN_SIZE, seconds=3, text=text_cache)
        r, _, b = tuple(surface.get_at(picture(canvas).pt(*spot)))[:3]
        reds.append(r)
        blues.append(b)
    assert reds == sorted(reds) and reds[0] < reds[-1] - 30, reds
    assert blues == sorted(blues, reverse=True) and blues[0] > blues[-1], blues


def test_the_heat_haze_grows_with_the_value(config, text_cache):
    from scenes.heat_island import GROUND, ROAD_BOTTOM, SHIMMER

    band = (400.0, GROUND - 260, 752.0, ROAD_BOTTOM - GROUND + 260)
    found = []
    for temp in (21, 28, 34, 42):
        surface, canvas = render(config, {"temp": temp}, seconds=3, text=text_cache)
        found.append(count_in(surface, canvas, band, SHIMMER))
    assert found[0] == 0 and found[1] < found[2] < found[3], found


def column_pixels(surface, canvas, tone) -> int:
    from scenes.heat_island import BULB_Y, THERMO_X, TUBE_TOP, TUBE_W

    tube = (THERMO_X - TUBE_W / 2, TUBE_TOP - 10, TUBE_W, BULB_Y - TUBE_TOP)
    return count_in(surface, canvas, tube, tone)


def test_the_thermometer_rises_with_the_value(config, text_cache):
    heights = []
    for temp, tone in ((0, "info"), (22, "ok"), (29, "highlight"), (35, "notice"), (43, "act")):
        surface, canvas = render(config, {"temp": temp}, DESIGN_SIZE, seconds=3, text=text_cache)
        heights.append(column_pixels(surface, canvas, TONES[tone]))
    assert heights == sorted(heights) and len(set(heights)) == len(heights), heights
    surface, canvas = render(config, {}, DESIGN_SIZE, seconds=3, text=text_cache)
    assert all(column_pixels(surface, canvas, t) == 0 for t in TONES.values())


def shade_and_water(surface, canvas) -> tuple[int, int, int]:
    """Sail cloth, fountain water and mist drops in the picture (exact colours)."""
    from scenes.heat_island import BASIN, FRONT, MIST, MIST_TOP, MIST_X, SAIL, SHELTER_BOX, SPOUT

    sail = count_in(surface, canvas, SHELTER_BOX, SAIL)
    fountain = (SPOUT[0] - 10, SPOUT[1] - 60, BASIN[0] - SPOUT[0] + 60, FRONT - SPOUT[1] + 60)
    water = count_in(surface, canvas, fountain, WATER)
    mist = count_in(surface, canvas, (MIST_X - 200, MIST_TOP - 10, 400, FRONT - MIST_TOP + 10),
                    MIST)
    return sail, water, mist


def test_shade_and_the_fountain_come_with_warm_and_grow_with_it(config, text_cache):
    found = {}
    for temp in (21, 25.5, 26.8, 27.8, 30, 35):
        surface, canvas = render(config, {"temp": temp}, seconds=4, text=text_cache)
        found[temp] = shade_and_water(surface, canvas)
    sails = [found[t][0] for t in (26.8, 27.8, 30)]
    waters = [found[t][1] for t in (26.8, 27.8, 30)]
    assert found[21][:2] == found[25.5][:2] == (0, 0), found
    assert 0 < sails[0] < sails[1] < sails[2], sails
    assert 0 < waters[0] < waters[1] < waters[2], waters
    assert found[35][0] >= sails[2] * 0.95 and found[35][1] >= waters[2] * 0.9, found


def test_misting_comes_with_hot_and_grows_with_it(config, text_cache):
    mists = []
    for temp in (21, 30, 32.6, 34, 37):
        surface, canvas = render(config, {"temp": temp}, seconds=4, text=text_cache)
        mists.append(shade_and_water(surface, canvas)[2])
    assert mists[0] == mists[1] == 0, mists
    assert 0 < mists[2] < mists[3] < mists[4], mists


def alert_pixels(surface, canvas, tone: str) -> int:
    from scenes.heat_island import ALERT_R, ALERTS

    return sum(count_in(surface, canvas, (x - 2 * ALERT_R, y - 2 * ALERT_R, 4 * ALERT_R,
                                          4 * ALERT_R), TONES[tone]) for x, y in ALERTS)


def test_the_heat_alert_goes_out_only_from_hot(config, text_cache):
    for state, tone in (("hot", "notice"), ("extreme", "act")):
        surface, canvas = render(config, STATES[state], DESIGN_SIZE, seconds=3, text=text_cache)
        assert alert_pixels(surface, canvas, tone) > 300, state
    for state in ("comfortable", "warm", "low_end", "no_data"):
        surface, canvas = render(config, STATES[state], DESIGN_SIZE, seconds=3, text=text_cache)
        assert alert_pixels(surface, canvas, "notice") == alert_pixels(surface, canvas,
                                                                       "act") == 0, state


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_corner_tag_says_the_alert_state(config, text_cache, lang):
    scene = load_scene("heat_island", config)
    labels = scene.text.labels
    expect = {"comfortable": "alert_off", "warm": "alert_off", "hot": "alert_hot",
              "extreme": "alert_extreme", "no_data": "no_data"}
    for state, key in expect.items():
        _, canvas = render(config, STATES[state], lang=lang, seconds=2, text=text_cache)
        words = [text for text, _ in canvas.drawn_text]
        assert labels["alert"][lang] in words and labels[key][lang] in words, (state, words)


def test_no_sensor_in_the_config_is_calm(config, text_cache):
    cfg = without_sensors(config, "temp")
    surface, canvas = render(cfg, {}, seconds=3, text=text_cache)
    assert shade_and_water(surface, canvas) == (0, 0, 0)
    assert alert_pixels(surface, canvas, "notice") == alert_pixels(surface, canvas, "act") == 0
    words = [text for text, _ in canvas.drawn_text]
    assert load_scene("heat_island", cfg).text.labels["no_data"]["de"] in words


def test_a_stale_reading_brings_the_square_to_rest(config, pygame_ready):
    """A hot reading that goes stale: the alert, spray and sail wind down, nothing alarms."""
    from exhibit.status import CONNECTED, SIMULATION, SourceStatus
    from exhibit.world import SensorView, World

    scene = load_scene("heat_island", config)
    sensor = config.sensors["temp"]
    hot = {lv.name: lv for lv in sensor.levels}["extreme"]
    source = SourceStatus(SIMULATION, "test", CONNECTED)

    def world(stale: bool) -> World:
        view = SensorView(sensor, value=41.0, level=hot, stale=stale, readings=5)
        return World(0.0, {"temp": view}, source)

    scene.on_show()
    scene.update(1 / 60, world(False))
    assert scene.sail < 0.2 and scene.alert < 0.2   # eased in, not switched
    for _ in range(240):
        scene.update(1 / 60, world(False))
    assert scene.sail > 0.9 and scene.mist > 0.9 and scene.alert > 0.9
    for _ in range(600):
        scene.update(1 / 60, world(True))
    assert scene.sail < 0.05 and scene.mist < 0.05 and scene.alert < 0.05
    assert scene.column is None


def test_each_level_shows_its_own_reaction(config, text_cache):
    """Clouds only on a cool day; the cool-place banner from warm; blinds with the alert;
    the helpers' van only when it is very hot."""
    scene = load_scene("heat_island", config)
    seen = {}
    for temp in (5.0, 23.0, 29.0, 35.0, 41.5):
        render_state(scene, config, {"temp": temp}, seconds=4, text=text_cache)
        seen[temp] = (scene.cloud > 0.9, scene.sail > 0.9, scene.alert > 0.5, scene.van > 0.9)
    assert seen == {5.0: (True, False, False, False), 23.0: (False, False, False, False),
                    29.0: (False, True, False, False), 35.0: (False, True, True, False),
                    41.5: (False, True, True, True)}
