"""`exhibit.yaml` as frozen dataclasses: device, sensors, playlist, language.

A bad config never starts the show: every mistake raises `ConfigError` naming the file,
the line and the expected form. Scene texts are checked by `exhibit.scene`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from exhibit.validate import LANGUAGES, Fields, check_number, check_pair_list, dotted, shown
from exhibit.yamlsource import ConfigError, YamlDoc, load_yaml

PROTOCOLS = ("lines",)
SENSOR_KINDS = ("analog", "binary", "counter")
TOUCH_DIRECTIONS = ("up", "down", "either")
TONES = ("ok", "notice", "act", "info", "highlight", "calm")
FILTERS = ("exponential_moving_average",)


@dataclass(frozen=True)
class Device:
    port: str = "auto"
    baud: int = 115200
    protocol: str = "lines"
    max_line: int = 512


@dataclass(frozen=True)
class Level:
    name: str
    low: float
    high: float
    tone: str
    label: Mapping[str, str]


@dataclass(frozen=True)
class Touch:
    delta: float
    direction: str = "either"


@dataclass(frozen=True)
class Simulate:
    """How the built-in simulator plays this sensor, in calibrated units."""

    rest: float
    touched: float
    noise: float = 0.0
    drift: float = 0.0


@dataclass(frozen=True)
class Sensor:
    id: str
    name: Mapping[str, str]
    where: Mapping[str, str]
    kind: str
    key: str
    unit: str
    low: float
    high: float
    decimals: int
    calibration: tuple[tuple[float, float], tuple[float, float]]
    smoothing: float  # EMA weight of a new reading, 1.0 = no smoothing
    touch: Touch
    levels: tuple[Level, ...]
    hysteresis: float
    simulate: Simulate

    def to_value(self, raw: float) -> float:
        """Raw counts to calibrated units (linear through the two reference points)."""
        (r0, v0), (r1, v1) = self.calibration
        return v0 + (raw - r0) * (v1 - v0) / (r1 - r0)

    def to_raw(self, value: float) -> float:
        (r0, v0), (r1, v1) = self.calibration
        return r0 + (value - v0) * (r1 - r0) / (v1 - v0)


@dataclass(frozen=True)
class Playlist:
    scenes: tuple[str, ...]
    seconds: float = 20.0
    idle_return: float = 45.0


@dataclass(frozen=True)
class ExhibitConfig:
    path: str
    device: Device
    sensors: Mapping[str, Sensor]
    playlist: Playlist
    language: str = "de"

    def sensor_by_key(self) -> dict[str, Sensor]:
        return {s.key: s for s in self.sensors.values()}


def load_config(path: str | Path, text: str | None = None) -> ExhibitConfig:
    """Read and check a config file; raises `ConfigError` with file and line."""
    doc = load_yaml(path, text)
    top = Fields(doc, (), doc.data, ("device", "sensors", "playlist", "language"))
    device = _device(top.sub("device", ("port", "baud", "protocol", "max_line")))
    sensors_raw = top.required("sensors", "a mapping of sensor id to its settings")
    if not isinstance(sensors_raw, dict) or not sensors_raw:
        raise top.error("sensors", "sensors must map each sensor id to its settings, e.g. "
                        "'soil: {key: soil, unit: \"%\", ...}'")
    sensors = {}
    for sid in sensors_raw:
        if not isinstance(sid, str) or not sid.isidentifier():
            raise top.error("sensors", f"sensor id {shown(sid)} must be one word of letters, "
                            "digits and _")
        sensors[sid] = _sensor(doc, sid, sensors_raw[sid])
    keys: dict[str, str] = {}
    for sensor in sensors.values():
        if sensor.key in keys:
            raise doc.error(("sensors", sensor.id, "key"), f"sensors.{sensor.id}.key "
                            f"{sensor.key!r} is already used by sensor {keys[sensor.key]!r}; "
                            "each sensor needs its own key")
        keys[sensor.key] = sensor.id
    playlist = _playlist(top.sub("playlist", ("scenes", "seconds", "idle_return")))
    language = top.string("language", "de", choices=LANGUAGES)
    return ExhibitConfig(doc.file, device, MappingProxyType(sensors), playlist, language)


def _device(f: Fields) -> Device:
    return Device(port=f.string("port", "auto"),
                  baud=f.integer("baud", 115200, minimum=300, maximum=4_000_000),
                  protocol=f.string("protocol", "lines", choices=PROTOCOLS),
                  max_line=f.integer("max_line", 512, minimum=16, maximum=65536))


SENSOR_KEYS = ("name", "where", "kind", "key", "unit", "range", "decimals", "calibrate_linear",
               "filters", "touch", "levels", "hysteresis", "simulate")


def _sensor(doc: YamlDoc, sid: str, data: object) -> Sensor:
    f = Fields(doc, ("sensors", sid), data, SENSOR_KEYS)
    low, high = f.range()
    cal = check_pair_list(doc, f.path + ("calibrate_linear",),
                          f.required("calibrate_linear", "[[raw, value], [raw, value]]"))
    if len(cal) != 2 or cal[0][0] == cal[1][0] or cal[0][1] == cal[1][1]:
        raise f.error("calibrate_linear", f"{f.name('calibrate_linear')} needs exactly two "
                      "points with different raw and different values, e.g. [[520, 0], [260, 100]]")
    touch_f = f.sub("touch", ("delta", "direction"))
    touch = Touch(delta=touch_f.number("delta", above=0),
                  direction=touch_f.string("direction", "either", choices=TOUCH_DIRECTIONS))
    levels = _levels(doc, f)
    sim_f = f.sub("simulate", ("rest", "touched", "noise", "drift"))
    simulate = Simulate(rest=sim_f.number("rest"), touched=sim_f.number("touched"),
                        noise=sim_f.number("noise", 0.0, minimum=0),
                        drift=sim_f.number("drift", 0.0, minimum=0))
    return Sensor(
        id=sid, name=f.text("name"), where=f.text("where"),
        kind=f.string("kind", "analog", choices=SENSOR_KINDS),
        key=f.string("key", sid), unit=f.string("unit", ""), low=low, high=high,
        decimals=f.integer("decimals", 0, minimum=0, maximum=3),
        calibration=(cal[0], cal[1]), smoothing=_smoothing(doc, f), touch=touch,
        levels=levels, hysteresis=f.number("hysteresis", 0.0, minimum=0), simulate=simulate)


def _smoothing(doc: YamlDoc, f: Fields) -> float:
    filters = f.raw("filters", [])
    if not isinstance(filters, list):
        raise f.error("filters", f"{f.name('filters')} must be a list such as "
                      "[{exponential_moving_average: 0.3}]")
    alpha = 1.0
    for i, item in enumerate(filters):
        path = f.path + ("filters", i)
        if not isinstance(item, dict) or len(item) != 1:
            raise doc.error(path, f"{dotted(path)} must be one filter like "
                            f"{{exponential_moving_average: 0.3}}, got {shown(item)}")
        (name, arg), = item.items()
        if name not in FILTERS:
            raise doc.error(path, f"{dotted(path)}: unknown filter {name!r}; "
                            f"known filters: {', '.join(FILTERS)}")
        alpha = check_number(doc, path + (name,), arg, above=0, maximum=1)
    return alpha


def _levels(doc: YamlDoc, f: Fields) -> tuple[Level, ...]:
    raw = f.required("levels", "named bands, e.g. ok: {range: [0, 50], tone: ok, de: …, en: …}")
    if not isinstance(raw, dict) or not raw:
        raise f.error("levels", f"{f.name('levels')} must map level names to bands")
    levels = []
    for name, spec in raw.items():
        lf = Fields(doc, f.path + ("levels", name), spec, ("range", "tone", "de", "en"))
        low, high = lf.range()
        label = {lang: lf.string(lang).strip() for lang in LANGUAGES}
        for lang, text in label.items():
            if not text:
                raise lf.error(lang, f"{lf.name(lang)} is blank; visitors read this word")
        levels.append(Level(str(name), low, high, lf.string("tone", "ok", choices=TONES),
                            MappingProxyType(label)))
    levels.sort(key=lambda lv: lv.low)
    for a, b in zip(levels, levels[1:]):
        if b.low != a.high:
            raise f.error("levels", f"{f.name('levels')}: band {a.name!r} ends at {a.high:g} "
                          f"but {b.name!r} starts at {b.low:g}; bands must touch without gap "
                          "or overlap")
    return tuple(levels)


def _playlist(f: Fields) -> Playlist:
    scenes = f.required("scenes", "a list of scene names, e.g. [overview, street_lights]")
    if not isinstance(scenes, list) or not scenes or \
            not all(isinstance(s, str) and s.isidentifier() for s in scenes):
        raise f.error("scenes", f"{f.name('scenes')} must be a list of scene names such as "
                      f"[overview, street_lights, trees], got {shown(scenes)}")
    return Playlist(scenes=tuple(scenes), seconds=f.number("seconds", 20.0, above=1),
                    idle_return=f.number("idle_return", 45.0, above=1))


__all__ = ["ConfigError", "ExhibitConfig", "Sensor", "Level", "Device", "Playlist",
           "load_config"]
