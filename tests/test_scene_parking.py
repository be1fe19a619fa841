"""The parking scene: renders everywhere with its text inside its regions; the bays' sensor
dots and parked cars follow the count of free bays in a fixed order, the free bays lit in the
level's colour; the sign's digit rolls instead of swapping; cars are guided in while bays are free and sent on only when full; no
data and a missing sensor leave the car park calmly at rest."""

from __future__ import annotations

import pygame
import pytest

from exhibit.render.layout import SCENE_W
from exhibit.render.palette import TONES
from exhibit.scene import load_scene
from exhibit.stage import Stage
from tests.layoutcheck import DESIGN_SIZE, count_in, picture, scene_renderer, without_sensors

STATES = {"full": {"parking": 0}, "one": {"parking": 1}, "few": {"parking": 2},
          "free": {"parking": 4}, "all_free": {"parking": 6}, "none": {}}

render = scene_renderer("parking", seconds=4.0)


def test_texts_map_the_parking_levels(config):
    scene = load_scene("parking", config)
    assert scene.text.sensors[0] == "parking"
    assert dict(scene.text.step_for_level) == {"free": "measure", "few": "decide",
                                               "full": "act"}


def test_the_bands_match_the_sensor_levels(config):
    """The sign colours its digit by the same bands exhibit.yaml gives the sensor."""
    from scenes.parking import BAYS, band_tone

    sensor = config.sensors["parking"]
    for free in range(BAYS + 1):
        level = next(lv for lv in sensor.levels if lv.low <= free <= lv.high)
        assert level.tone == band_tone(free, sensor), (free, level.name)


def test_bays_fill_in_a_fixed_order():
    from scenes.parking import BAYS, occupied_bays

    previous = occupied_bays(BAYS)
    assert previous == frozenset()
    for free in range(BAYS - 1, -1, -1):  # one more car each time, the others stay put
        now = occupied_bays(free)
        assert previous < now and len(now) == BAYS - free
        previous = now
    assert occupied_bays(-3) == occupied_bays(0) and occupied_bays(9) == occupied_bays(BAYS)


def bay_readings(surface, canvas):
    """Per bay: the sensor dot's colour and how many pixels of the bay's own car show."""
    from scenes.parking import BAY_DEPTH, BAY_TOP, BAY_W, BAY_X0, BAYS, CAR_COLORS, DOT_Y, bay_x

    pic = picture(canvas)
    dots, cars = [], []
    for bay in range(BAYS):
        dots.append(tuple(surface.get_at(pic.pt(bay_x(bay), DOT_Y)))[:3])
        box = (BAY_X0 + bay * BAY_W, BAY_TOP, BAY_W, BAY_DEPTH)
        cars.append(count_in(surface, canvas, box, CAR_COLORS[bay]))
    return dots, cars


def test_dots_and_cars_follow_the_count(config, text_cache):
    from scenes.parking import BAYS, occupied_bays

    full_car = None
    parked_counts = []
    for free in range(BAYS + 1):
        surface, canvas = render(config, {"parking": free}, DESIGN_SIZE, seconds=5, text=text_cache)
        dots, cars = bay_readings(surface, canvas)
        taken = occupied_bays(free)
        for bay in range(BAYS):
            want = TONES["act"] if bay in taken else TONES["ok"]
            assert dots[bay] == want, (free, bay, dots[bay])
            if bay in taken:
                assert cars[bay] > 0, (free, bay)
                full_car = full_car or cars[bay]
            else:
                assert cars[bay] == 0, (free, bay)
        parked_counts.append(sum(1 for c in cars if c > 0))
    assert parked_counts == list(range(BAYS, -1, -1))  # fewer free bays: more cars
    assert full_car > 1500 * picture(canvas).scale ** 2


def street_colors(surface, canvas, color) -> int:
    from scenes.parking import STREET_BOTTOM, STREET_TOP

    return count_in(surface, canvas, (0, STREET_TOP, SCENE_W, STREET_BOTTOM - STREET_TOP), color)


def test_cars_are_sent_on_only_when_full(config, text_cache):
    """Full: the onward arrow is lit and searching cars drive on; otherwise neither."""
    from scenes.parking import SEEKER

    found = {}
    for state in ("full", "one", "free", "all_free", "none"):
        surface, canvas = render(config, STATES[state], DESIGN_SIZE, seconds=5, text=text_cache)
        found[state] = (street_colors(surface, canvas, SEEKER),
                        street_colors(surface, canvas, TONES["info"]))
    seekers, onward = found.pop("full")
    assert seekers > 500 and onward > 500
    assert all(s == 0 and o == 0 for s, o in found.values()), found


def test_the_in_arrow_is_lit_while_bays_are_free(config, text_cache):
    lit = {}
    for state in ("full", "few", "free", "none"):
        surface, canvas = render(config, STATES[state], seconds=5, text=text_cache)
        lit[state] = (street_colors(surface, canvas, TONES["ok"]),
                      street_colors(surface, canvas, TONES["notice"]))
    assert lit["free"][0] > 500 and lit["free"][1] == 0
    assert lit["few"][1] > 500 and lit["few"][0] == 0
    assert lit["full"] == lit["none"] == (0, 0)


def sign_pixels(surface, canvas, color) -> int:
    from scenes.parking import SIGN, SIGN_ROW

    x, y, w, _ = SIGN
    return count_in(surface, canvas, (x, y, w, SIGN_ROW), color)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_sign_shows_full_or_the_count_in_its_band_colour(config, text_cache, lang):
    for state, tone in (("full", "act"), ("one", "notice"), ("few", "notice"),
                        ("free", "ok"), ("all_free", "ok")):
        surface, canvas = render(config, STATES[state], lang=lang, seconds=4, text=text_cache)
        others = {"act", "notice", "ok"} - {tone}
        assert sign_pixels(surface, canvas, TONES[tone]) > 40, state
        assert all(sign_pixels(surface, canvas, TONES[o]) == 0 for o in others), state
    _, canvas = render(config, STATES["full"], lang=lang, seconds=4, text=text_cache)
    words = [text for text, _ in canvas.drawn_text]
    assert load_scene("parking", config).text.labels["full"][lang] in words


def test_the_digit_rolls_rather_than_swaps():
    from scenes.parking import _drum

    assert _drum(3.0) == [(3, 0.0)]
    shown = _drum(2.5)  # half way from 3 down to 2: both numbers show, half a row apart
    assert [n for n, _ in shown] == [2, 3] and [o for _, o in shown] == [-0.5, 0.5]
    upper = [o for n, o in _drum(2.8) if n == 2][0]
    assert -1 < upper < [o for n, o in _drum(2.3) if n == 2][0] < 0  # 2 rolls down into place


def make_world(config, value, stale=False):
    from exhibit.status import CONNECTED, SIMULATION, SourceStatus
    from exhibit.world import SensorView, World

    sensor = config.sensors["parking"]
    level = None
    if value is not None:
        level = next(lv for lv in sensor.levels if lv.low <= value <= lv.high)
    view = SensorView(sensor, value=value, level=level, stale=stale, readings=5)
    return World(0.0, {"parking": view}, SourceStatus(SIMULATION, "test", CONNECTED))


def run(scene, world, seconds):
    for _ in range(round(seconds * 60)):
        scene.update(1 / 60, world)


def test_a_car_drives_into_the_bay_the_count_gives_it(config, pygame_ready):
    """3 → 2 free: the fourth bay in the fill order gets a car that comes in from the
    street (the bay's dot still green), then covers the sensor once it is parked."""
    from scenes.parking import ARRIVING, FILL_ORDER, LANE_EAST, PARKED, presence

    scene = load_scene("parking", config)
    scene.on_show()
    run(scene, make_world(config, 3.0), 1.0)
    bay = FILL_ORDER[3]
    run(scene, make_world(config, 2.0), 0.2)
    car = scene.lot.bays[bay]
    assert car.phase == ARRIVING
    (_, y), _ = car.pose(bay)
    assert y == pytest.approx(LANE_EAST)  # still on the street
    assert presence(bay, car) == 0.0
    assert 2.0 < scene.lot.shown < 3.0      # the sign is rolling
    run(scene, make_world(config, 2.0), 4.0)
    assert car.phase == PARKED and presence(bay, car) == 1.0 and scene.lot.shown == 2.0


def test_a_car_backs_out_and_leaves_when_a_bay_frees_up(config, pygame_ready):
    from scenes.parking import EMPTY, FILL_ORDER, LEAVING, presence

    scene = load_scene("parking", config)
    scene.on_show()
    run(scene, make_world(config, 2.0), 1.0)
    bay = FILL_ORDER[3]
    run(scene, make_world(config, 3.0), 0.5)
    car = scene.lot.bays[bay]
    assert car.phase == LEAVING and 0.0 < presence(bay, car) < 1.0
    (_, _), (hx, hy) = car.pose(bay)
    assert hy > 0.3  # backing out: the nose still points into the bay
    run(scene, make_world(config, 3.0), 5.0)
    assert car.phase == EMPTY and car.pose(bay) is None


def test_stale_data_freezes_the_car_park_calmly(config, text_cache):
    """A reading gone stale: the cars stay, no dot is red or green, nobody is sent on."""
    from exhibit.director import INTERACTIVE, Progress
    from exhibit.render.canvas import Canvas
    from exhibit.stage import load_frame_text
    from scenes.parking import BAYS, SEEKER

    scene = load_scene("parking", config)
    scene.on_show()
    run(scene, make_world(config, 0.0), 2.0)
    stale = make_world(config, 0.0, stale=True)
    run(scene, stale, 6.0)
    assert scene.lot.seekers == []
    surface = pygame.Surface(DESIGN_SIZE)
    canvas = Canvas(surface, text_cache)
    Stage(load_frame_text()).draw(canvas, scene, stale, INTERACTIVE, Progress(0, 5, 0.4))
    dots, cars = bay_readings(surface, canvas)
    assert not any(d in TONES.values() for d in dots)
    assert sum(1 for c in cars if c > 0) == BAYS  # still all parked, as last seen
    assert street_colors(surface, canvas, SEEKER) == 0
    assert "keine Daten" in [text for text, _ in canvas.drawn_text]


@pytest.mark.parametrize("missing", [False, True])
def test_no_data_rests_with_grey_dots_and_nothing_lit(config, text_cache, missing):
    from scenes.parking import SEEKER

    cfg = without_sensors(config, "parking") if missing else config
    surface, canvas = render(cfg, {}, seconds=5, text=text_cache)
    dots, cars = bay_readings(surface, canvas)
    assert not any(d in TONES.values() for d in dots)
    from scenes.parking import HALF_FREE

    rest = HALF_FREE if missing else round(config.sensors["parking"].simulate.rest)
    assert sum(1 for c in cars if c > 0) == 6 - rest   # without the sensor: half full
    assert street_colors(surface, canvas, SEEKER) == 0
    for tone in ("ok", "notice", "act", "info"):
        assert street_colors(surface, canvas, TONES[tone]) == 0
        assert sign_pixels(surface, canvas, TONES[tone]) == 0


def test_free_bays_are_lit_in_the_level_colour_taken_ones_not(config, text_cache):
    """Bay guidance: each free bay shows a lit frame and arrow in its level's colour; a
    taken bay none; full, or without data, no bay is lit."""
    from exhibit.render import palette
    from scenes.parking import BAY_DEPTH, BAY_TOP, BAY_W, BAY_X0, BAYS, LOT, occupied_bays

    for free in (0, 2, 4, None):
        surface, canvas = render(config, {} if free is None else {"parking": free}, DESIGN_SIZE,
                                 seconds=5, text=text_cache)
        tone = TONES["notice" if free in (1, 2) else "ok"]
        lit = palette.mix(LOT, tone, 0.85)
        taken = occupied_bays(free or 0)
        for bay in range(BAYS):
            box = (BAY_X0 + bay * BAY_W, BAY_TOP, BAY_W, BAY_DEPTH)
            pixels = count_in(surface, canvas, box, lit)
            if free and bay not in taken:
                assert pixels > 1500, (free, bay, pixels)
            else:
                assert pixels == 0, (free, bay, pixels)
