"""Scenes decide by the config's levels, not by copies of them.

Calibration mode moves a sensor's level boundaries (calibration.yaml); the panel then
shows the new level, and the picture must agree. For every playlist scene with a sensor
and every boundary between two of its levels, the boundary is moved both ways, and what
the scene decides (its stage, what the city does) for a value just below, just above and
between the old and the new boundary must equal what it decides deep inside the level the
value falls in under the moved config.
"""

from __future__ import annotations

import dataclasses

import pytest

from exhibit.reading import Reading
from exhibit.scene import load_scene
from exhibit.signals.hub import SignalHub
from exhibit.status import CONNECTED, SIMULATION, SourceStatus

STEP, SECONDS = 1 / 30, 1.0
SOURCE = SourceStatus(SIMULATION, "test", CONNECTED)


def _free(world):
    from scenes.parking import live_free

    return live_free(world.view("parking"))


# What each scene makes of its sensor's value, read from its state after an update.
DECISIONS = {
    "flood_gauge": lambda scene, world: (scene.flood.stage, scene.flood.arm > 0.5,
                                         scene.flood.siren > 0.5),
    "heat_island": lambda scene, world: (scene.sail > 1e-3, scene.flow > 1e-3,
                                         scene.mist > 1e-3, scene.alert > 1e-3),
    "noise": lambda scene, world: (scene.band(scene.meter_db), scene.shut > 0.5),
    "waste_bins": lambda scene, world: (scene.truck.active,
                                        scene.bin_tone(world.view("bin").value)),
    "street_lights": lambda scene, world: (scene.street.night > 0.999,
                                           scene.street.night < 0.001),
    "black_ice": lambda scene, world: (scene.risk(world), scene.ice.glaze > 1e-3),
    "co2_classroom": lambda scene, world: tuple(k > 0.5 for k in scene.lamp.values()),
    "trees": lambda scene, world: scene.truck.state,
    "parking": lambda scene, world: scene.tone_of(_free(world)),
}


def moved(config, sensor_id: str, index: int, to: float):
    """`config` with the boundary between level `index - 1` and `index` moved to `to`."""
    sensor = config.sensors[sensor_id]
    levels = list(sensor.levels)
    levels[index - 1] = dataclasses.replace(levels[index - 1], high=to)
    levels[index] = dataclasses.replace(levels[index], low=to)
    sensors = {**config.sensors, sensor_id: dataclasses.replace(sensor, levels=tuple(levels))}
    return dataclasses.replace(config, sensors=sensors)


def decide(config, name: str, value: float):
    """The scene's decision after a second of steady `value` on its sensor."""
    scene = load_scene(name, config)
    sensor = config.sensors[scene.sensor_id]
    hub = SignalHub(config.sensors)
    scene.on_show()
    t = 0.0
    while t < SECONDS:
        t += STEP
        hub.feed([Reading(sensor.id, sensor.to_raw(value), t)])
        world = hub.world(t, t, SOURCE, "de")
        scene.update(STEP, world)
    return DECISIONS[name](scene, world)


def cases(config):
    for name in config.playlist.scenes:
        scene = load_scene(name, config)
        sensor = config.sensors.get(scene.sensor_id or "")
        if sensor is None or sensor.kind == "counter":
            continue
        assert name in DECISIONS, f"{name}: say what the scene decides in DECISIONS"
        for index in range(1, len(sensor.levels)):
            yield name, sensor.id, index


def test_every_scene_with_levels_is_checked(config):
    names = {name for name, _, _ in cases(config)}
    assert names == set(DECISIONS)


@pytest.mark.parametrize("direction", [-1, 1])
def test_scenes_switch_where_the_config_says(config, direction):
    problems = []
    for name, sensor_id, index in cases(config):
        levels = config.sensors[sensor_id].levels
        old = levels[index].low
        width = min(levels[index - 1].high - levels[index - 1].low,
                    levels[index].high - levels[index].low)
        integer = sensor_id == "parking"   # whole bays: move by one, test on whole numbers
        shift, eps = (1.0, 0.5) if integer else (0.4 * width, 0.1 * width)
        new = old + direction * shift
        if not levels[index - 1].low < new < levels[index].high:
            continue
        cfg = moved(config, sensor_id, index, new)
        bands = cfg.sensors[sensor_id].levels
        for value in (new - eps, new + eps, (old + new) / 2):
            level = next(lv for lv in reversed(bands) if value >= lv.low)
            inside = (level.low + level.high) / 2
            got, want = decide(cfg, name, value), decide(cfg, name, inside)
            if got != want:
                problems.append(f"{name}: {sensor_id} boundary {old:g} moved to {new:g}: "
                                f"at {value:g} the scene decides {got}, inside "
                                f"{level.name} ({inside:g}) {want}")
    assert not problems, "\n".join(problems)
