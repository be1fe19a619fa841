"""The black-ice scene: the dew point follows Magnus for the air just above the road, the
steps, the headline and the panel follow the combined risk (road temperature + dew point),
the glaze grows with the risk, the gritter waits at the bridgehead when it is yellow, comes
only when it is red and salts only the bridge, the other roads on the map stay untouched,
and it renders tidily everywhere, also without data or without its sensors."""

from __future__ import annotations

import pytest

from exhibit.scene import load_scene
from exhibit.stage import Stage
from tests.layoutcheck import (
    DESIGN_SIZE,
    assert_renders_tidily,
    count_color,
    count_in,
    scene_renderer,
    without_sensors,
)

ROOM = {"temp": 21.5}   # the market square's summer thermometer: the dew point ignores it
STATES = {
    "clear": {"road": 8, "humidity": 60, **ROOM},
    "cold": {"road": 2, "humidity": 60, **ROOM},
    "frost_dry": {"road": -2, "humidity": 15, **ROOM},    # frost, but above the dew point
    "ice": {"road": -3, "humidity": 92, **ROOM},       # a damp winter night: rime
    "coldest": {"road": -10, "humidity": 100, **ROOM},   # both range ends
    "warmest": {"road": 30, "humidity": 0, **ROOM},
    "road_only": {"road": -2},                           # humidity stale: road logic alone
    "no_data": {},
}
RED = {"ice", "coldest", "road_only"}
WAITING = {"cold", "frost_dry"}                          # yellow: the gritter stands ready

render = scene_renderer("black_ice")


def world_of(config, values):
    """A World with fresh readings for `values` (sensor id → value), the rest absent."""
    from exhibit.status import CONNECTED, SIMULATION, SourceStatus
    from exhibit.world import SensorView, World

    views = {}
    for sid, value in values.items():
        sensor = config.sensors[sid]
        level = next((lv for lv in sensor.levels if lv.low <= value <= lv.high), None)
        views[sid] = SensorView(sensor, value=value, level=level, stale=False, readings=5)
    return World(0.0, views, SourceStatus(SIMULATION, "test", CONNECTED))


# --- texts ---------------------------------------------------------------------------
def test_texts_name_both_sensors_and_their_sources(config):
    scene = load_scene("black_ice", config)
    assert scene.text.sensors == ("road", "humidity")
    assert "bis zu 50\u00a0%" in scene.text.body["de"] and "laut" in scene.text.body["de"]
    assert any("6c.1" in s for s in scene.text.sources)


# --- the logic -----------------------------------------------------------------------
def test_dew_point_follows_magnus():
    from scenes.black_ice import dew_point

    assert dew_point(20.0, 50.0) == pytest.approx(9.26, abs=0.02)
    assert dew_point(0.0, 80.0) == pytest.approx(-3.0, abs=0.1)
    for t in (-8.0, 0.0, 15.0):
        assert dew_point(t, 100.0) == pytest.approx(t, abs=1e-9)
        assert dew_point(t, 60.0) < dew_point(t, 80.0) < t


def test_the_risk_combines_road_and_dew_point():
    from scenes.black_ice import ICE, WATCH, Conditions, judge

    assert judge(Conditions()) is None
    assert judge(Conditions(8.0, "clear", 7.9)) == "clear"     # above +4: no ice, dew or not
    assert judge(Conditions(2.0, "cold", 5.0)) == WATCH
    assert judge(Conditions(-2.0, "frost", -6.0)) == WATCH     # frost, but dry: no rime
    assert judge(Conditions(-2.0, "frost", -1.5)) == ICE       # below the dew point
    assert judge(Conditions(-2.0, "frost", None)) == ICE       # dew unknown: road logic
    assert judge(Conditions(-2.0, "frost", -2.1)) == WATCH
    assert judge(Conditions(-2.0, "frost", -2.1), was_icy=True) == ICE   # hysteresis


def test_the_dew_point_is_the_air_s_just_above_the_road(config):
    """A winter night's dew point: of the air a few degrees above the road, never of the
    market square's summer thermometer."""
    from scenes.black_ice import AIR_ABOVE_ROAD, dew_point, read_conditions

    for extra in ({}, {"temp": 21.5}):
        c = read_conditions(world_of(config, {"road": -2, "humidity": 50, **extra}))
        assert c.dew == pytest.approx(dew_point(-2 + AIR_ABOVE_ROAD, 50))
    assert read_conditions(world_of(config, {"road": -2})).dew is None
    assert read_conditions(world_of(config, {"humidity": 50, "temp": 20})).road is None


def test_the_simulator_s_winter_night_is_plausible(config):
    """At rest no frost; a cold pack alone brings rime on the damp night; the dew point a
    visitor reads stays within a few degrees of the road."""
    from scenes.black_ice import ICE, CLEAR, judge, read_conditions

    road, hum = config.sensors["road"].simulate, config.sensors["humidity"].simulate
    rest = read_conditions(world_of(config, {"road": road.rest, "humidity": hum.rest}))
    touched = read_conditions(world_of(config, {"road": road.touched, "humidity": hum.rest}))
    assert judge(rest) == CLEAR and judge(touched) == ICE
    for c in (rest, touched):
        assert abs(c.dew - c.road) < 3


def test_steps_and_panel_level_follow_the_combined_risk(config):
    scene = load_scene("black_ice", config)
    cases = {"clear": ("measure", "ok"), "cold": ("decide", "notice"),
             "frost_dry": ("decide", "notice"), "ice": ("act", "act"),
             "road_only": ("act", "act")}
    said = {"measure": "bleibt im Bauhof", "decide": "steht bereit", "act": "streut nur hier"}
    for state, (step, tone) in cases.items():
        world = world_of(config, STATES[state])
        assert scene.active_step(world) == step, state
        assert said[step] in scene.headline(world, "de"), state
        assert scene.primary(world).level.tone == tone, state
        assert scene.primary(world).value == STATES[state]["road"]
    empty = world_of(config, {})
    assert scene.active_step(empty) == "measure" and scene.primary(empty) is None


def test_the_glaze_grows_with_cold_and_with_humidity(config):
    from scenes.black_ice import Conditions, cold_band, dew_point, glaze_of

    cold = cold_band(config.sensors["road"])
    by_road = [glaze_of(Conditions(t, None, dew_point(21.5, 40), cold=cold))
               for t in (8, 3, 1, -1, -4)]
    assert by_road[0] == 0 and by_road == sorted(by_road) and len(set(by_road)) == 5
    by_hum = [glaze_of(Conditions(-1.0, "frost", dew_point(-1.0, h), cold=cold))
              for h in (60, 80, 95)]
    assert by_hum == sorted(by_hum) and len(set(by_hum)) == 3
    assert glaze_of(Conditions()) == 0.0


# --- rendering -----------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["de", "en"])
def test_sensors_missing_from_the_config_rest_calmly(config, text_cache, lang):
    from scenes.black_ice import GRITTER, ICE_C

    scene = load_scene("black_ice", config)
    without = without_sensors(config, "road", "humidity")
    for attract in (False, True):
        surface, canvas = assert_renders_tidily(render, without, STATES["ice"], DESIGN_SIZE,
                                                lang, label=attract, seconds=5,
                                                text=text_cache, attract=attract)
        drawn = [t for t, _ in canvas.drawn_text]
        assert scene.text.labels["no_data"][lang] in drawn
        region = Stage.regions(canvas)[0]
        assert count_color(surface, region, GRITTER) == 0
        assert count_color(surface, region, ICE_C) == 0
    # only the humidity sensor gone: the road logic alone, the dew point unknown
    no_hum = without_sensors(config, "humidity")
    _, canvas = render(no_hum, STATES["ice"], lang=lang, seconds=1, text=text_cache)
    assert scene.text.labels["unknown"][lang] in [t for t, _ in canvas.drawn_text]


def test_the_dew_point_is_shown_or_said_to_be_unknown(config, text_cache):
    from scenes.black_ice import dew_point

    from scenes.black_ice import AIR_ABOVE_ROAD

    _, canvas = render(config, STATES["ice"], text=text_cache, seconds=2)
    drawn = [t for t, _ in canvas.drawn_text]
    dew = dew_point(STATES["ice"]["road"] + AIR_ABOVE_ROAD, STATES["ice"]["humidity"])
    assert f"{dew:.1f} °C".replace(".", ",") in drawn
    assert "Taupunkt" in drawn and "Fahrbahn" in drawn   # the thermometer's two markers
    _, canvas = render(config, STATES["road_only"], text=text_cache, seconds=2)
    drawn = [t for t, _ in canvas.drawn_text]
    assert "unbekannt" in drawn and "Fahrbahn" in drawn


def deck_pixels(surface, canvas, color, x0, x1) -> int:
    from scenes.black_ice import DECK_TOP, ROAD_H

    return count_in(surface, canvas, (x0, DECK_TOP, x1 - x0, ROAD_H), color)


def test_the_glaze_creeps_over_the_bridge_as_the_risk_grows(config, text_cache):
    from scenes.black_ice import BRIDGE_X0, BRIDGE_X1, ICE_C

    # 2 s: the gritter is still on its way from the depot, no salt on the deck yet
    cases = [{"road": 8, "humidity": 40, **ROOM}, {"road": 3, "humidity": 40, **ROOM},
             {"road": 1, "humidity": 40, **ROOM}, {"road": -1, "humidity": 40, **ROOM},
             {"road": -4, "humidity": 40, **ROOM}]
    ice = []
    for values in cases:
        surface, canvas = render(config, values, DESIGN_SIZE, seconds=2, text=text_cache)
        ice.append(deck_pixels(surface, canvas, ICE_C, BRIDGE_X0, BRIDGE_X1))
    assert ice[0] == 0 and ice == sorted(ice) and len(set(ice)) == len(ice), ice
    # and with the humidity at a fixed road temperature
    wet = []
    for humidity in (60, 80, 95):
        surface, canvas = render(config, {"road": -1, "humidity": humidity}, DESIGN_SIZE,
                                 seconds=2, text=text_cache)
        wet.append(deck_pixels(surface, canvas, ICE_C, BRIDGE_X0, BRIDGE_X1))
    assert wet == sorted(wet) and len(set(wet)) == 3, wet
    surface, canvas = render(config, {}, DESIGN_SIZE, seconds=2, text=text_cache)
    assert deck_pixels(surface, canvas, ICE_C, 0, 1152) == 0   # no data: a calm, dry road


def test_the_gritter_waits_when_yellow_and_comes_only_when_it_is_red(config, text_cache):
    from scenes.black_ice import GRITTER

    for state, values in STATES.items():
        scene = load_scene("black_ice", config)
        surface, canvas = render(config, values, DESIGN_SIZE, seconds=5, text=text_cache,
                                 scene=scene)
        found = count_color(surface, Stage.regions(canvas)[0], GRITTER)
        if state in RED:
            assert found > 300 and scene.truck.out, state
        elif state in WAITING:
            assert found > 300 and scene.truck.ready and not scene.truck.out, state
        else:
            assert found == 0, state


def test_the_gritter_stays_home_when_the_risk_passes_before_it_arrives(config):
    scene = load_scene("black_ice", config)
    scene.on_show()
    for _ in range(30):
        scene.update(1 / 60, world_of(config, STATES["ice"]))
    assert scene.truck.out
    scene.update(1 / 60, world_of(config, STATES["clear"]))
    assert not scene.truck.out


def test_salt_lands_on_the_bridge_only(config, text_cache):
    from scenes.black_ice import BRIDGE_X0, BRIDGE_X1, SALT

    scene = load_scene("black_ice", config)
    inside = []
    for seconds in (4.0, 5.5, 7.0):
        surface, canvas = render(config, STATES["ice"], seconds=seconds, text=text_cache,
                                 scene=scene)
        inside.append(deck_pixels(surface, canvas, SALT, BRIDGE_X0, BRIDGE_X1))
        assert deck_pixels(surface, canvas, SALT, 0, BRIDGE_X0 - 2) == 0
        assert deck_pixels(surface, canvas, SALT, BRIDGE_X1 + 2, 1152) == 0
    assert inside == sorted(inside) and inside[-1] > 500, inside   # spreads as it goes
    for state in ("clear", "cold", "frost_dry", "no_data"):
        surface, canvas = render(config, STATES[state], seconds=7, text=text_cache)
        assert deck_pixels(surface, canvas, SALT, 0, 1152) == 0, state


def test_the_other_roads_on_the_map_stay_untouched(config, text_cache):
    from scenes.black_ice import MAP, MAP_BRIDGE, MAP_OTHER_Y, MAP_ROAD, MAP_ROAD_Y, MAP_STREET

    def road_in_strip(surface, canvas, y, x0, x1):
        box = (x0, y - MAP_STREET / 2 + 1, x1 - x0, MAP_STREET - 2)
        return count_in(surface, canvas, box, MAP_ROAD)

    other = strip_of = None
    for state in ("clear", "ice"):
        surface, canvas = render(config, STATES[state], seconds=5, text=text_cache)
        other_now = road_in_strip(surface, canvas, MAP_OTHER_Y, MAP[0] + 12,
                                  MAP[0] + MAP[2] - 12)
        bridge_now = road_in_strip(surface, canvas, MAP_ROAD_Y, *MAP_BRIDGE)
        if other is None:
            other, strip_of = other_now, bridge_now
    assert other_now == other > 0            # the other road: the same in both states
    assert bridge_now < strip_of * 0.5       # this road's bridge: glazed and salted
