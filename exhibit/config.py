"""`exhibit.yaml` as frozen dataclasses: device, sensors, playlist, language.

A bad config never starts the show: every mistake raises `ConfigError` naming the file,
the line and the expected form. Scene texts are checked by `exhibit.scene`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from exhibit.quote import shown
from exhibit.publishconfig import MqttPublish, parse_publish
from exhibit.schedule import Schedule, parse_schedule
from exhibit.sizes import parse_render_size
from exhibit.signals.calibration import CALIBRATION_KEYS, Calibration, parse_calibration
from exhibit.signals.filter_specs import FilterSpec, parse_filter, timeout_of
from exhibit.signals.touch import TouchConfig
from exhibit.validate import EASY_READ, LANGUAGES, SHOW_LANGUAGES, Fields, Texts, dotted
from exhibit.yamlsource import ConfigError, YamlDoc, load_yaml

PROTOCOLS = ("lines", "json", "csv", "firmata")
# USB vendor(:product) ids of the boards and USB-serial chips a sensor model is built on.
DEFAULT_USB_IDS = ("2341", "2a03", "1a86", "10c4", "0403")  # Arduino ×2, CH340, CP210x, FTDI
SENSOR_KINDS = ("analog", "binary", "counter")
TOUCH_DIRECTIONS = ("up", "down", "either")
TONES = ("ok", "notice", "act", "info", "highlight", "calm")
DEFAULT_TIMEOUT = 5.0  # seconds: an analog sensor that says nothing for this long is stale


@dataclass(frozen=True)
class UsbId:
    vendor: int
    product: int | None = None

    def matches(self, vid: int | None, pid: int | None) -> bool:
        return vid == self.vendor and (self.product is None or pid == self.product)


@dataclass(frozen=True)
class Device:
    port: str = "auto"
    baud: int = 115200
    protocol: str = "lines"
    max_line: int = 512
    model: str = "sensorik-stadt"    # what the board says in its #hello
    usb_ids: tuple[UsbId, ...] = ()
    stale_after: float = 3.0         # seconds without data: shown as stale
    reconnect_after: float = 6.0     # seconds without data: close and reopen
    hello_timeout: float = 4.0       # an Uno needs 2–4 s after the port opens
    # `--port mqtt://…`: (sensor id, SensorThings datastream id) pairs, so Observations on
    # v1.1/Datastreams(<id>)/Observations reach their sensor (see exhibit.protocol.platform)
    datastreams: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Level:
    name: str
    low: float
    high: float
    tone: str
    label: Mapping[str, str]


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
    key: str             # lines / json: the key (json: dotted path)
    column: str | None   # csv: 1-based column number or header name
    pin: str | None      # firmata: A0…, D2…
    unit: str
    low: float
    high: float
    decimals: int
    calibration: Calibration          # raw counts -> units
    filters: tuple[FilterSpec, ...]   # the chain after calibration, in order
    timeout: float | None             # no value for this long: stale (None: values hold)
    touch: TouchConfig
    levels: tuple[Level, ...]
    hysteresis: float
    simulate: Simulate

    def to_value(self, raw: float) -> float:
        """Raw counts to calibrated units (before clamping and filters)."""
        return self.calibration(raw)

    def source(self, protocol: str) -> str | None:
        """Where this sensor's value comes from in `protocol`'s frames, if anywhere."""
        if protocol == "csv":
            return self.column
        if protocol == "firmata":
            return self.pin
        return self.key

    def to_raw(self, value: float) -> float:
        return self.calibration.inverse(value)


@dataclass(frozen=True)
class Playlist:
    scenes: tuple[str, ...]
    seconds: float = 20.0
    idle_return: float = 45.0
    # The languages the attract loop goes through, one per round (the configured start
    # language first); () stays in one language. `alternate_language: true` is [de, en].
    languages: tuple[str, ...] = ()

    @property
    def alternate_language(self) -> bool:
        return len(self.languages) > 1


CHORD_KEYS = ("ctrl", "shift", "alt")  # modifiers a staff quit chord may combine with a key


@dataclass(frozen=True)
class Kiosk:
    """How the appliance behaves: the staff quit chord (held `quit_hold` seconds; visitors'
    Esc, Alt+F4 and the window's close do nothing in fullscreen) and where the log goes."""

    quit_chord: tuple[str, ...] = ("ctrl", "shift", "q")  # modifiers, then one key
    quit_hold: float = 2.0
    log_dir: str | None = None  # None: $XDG_STATE_HOME/sensorik (~/.local/state/sensorik)
    stats: bool = True  # anonymous visitor counts per hour, a daily CSV beside the log


@dataclass(frozen=True)
class Display:
    """How the show meets the screen: `render_size` "auto" renders at the screen's size up
    to 1920×1080 (1080×1920 upright) and lets the GPU scale it up; "native" renders every
    pixel of the screen (a strong PC on a 4K TV); (w, h) renders at that size."""

    render_size: str | tuple[int, int] = "auto"


@dataclass(frozen=True)
class ExhibitConfig:
    path: str
    device: Device
    sensors: Mapping[str, Sensor]
    playlist: Playlist
    language: str = "de"
    calibration: str | None = None  # the calibration.yaml applied on top, if there is one
    kiosk: Kiosk = Kiosk()
    schedule: Schedule | None = None  # opening hours; None: always open
    more_info_url: str | None = None  # "more about it": a QR code in the panel's footer
    publish: MqttPublish | None = None  # readings to a data platform over MQTT; None: off
    display: Display = Display()

    def sources(self, protocol: str | None = None) -> dict[str, str]:
        """Source (key, column or pin) -> sensor id for `protocol` (default: the device's)."""
        protocol = protocol or self.device.protocol
        return {src: s.id for s in self.sensors.values()
                if (src := s.source(protocol)) is not None}


def load_config(path: str | Path, text: str | None = None) -> ExhibitConfig:
    """Read and check a config file; raises `ConfigError` with file and line.

    Only `exhibit.yaml` itself (or `text` instead of the file): the calibration.yaml that the
    calibration mode writes beside it is applied on top by whoever composes the show
    (`exhibit.show.prepare` via `exhibit.calibration.overlay_file.load_with_overlay`), so
    this module knows nothing of it.
    """
    doc = load_yaml(path, text)
    top = Fields(doc, (), doc.data, ("device", "sensors", "playlist", "language",
                                     "kiosk", "schedule", "more_info_url", "publish",
                                     "display"))
    device_f = top.sub("device", ("port", "baud", "protocol", "max_line", "model", "usb_ids",
                                  "stale_after", "reconnect_after", "hello_timeout",
                                  "datastreams"))
    device = _device(device_f)
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
    _check_sources(doc, device.protocol, sensors)
    device = replace(device, datastreams=_datastreams(device_f, sensors))
    playlist = _playlist(top.sub("playlist", ("scenes", "seconds", "idle_return",
                                              "alternate_language", "languages")))
    language = top.string("language", "de", choices=SHOW_LANGUAGES)
    kiosk = _kiosk(top.sub("kiosk", ("quit_chord", "quit_hold", "log_dir", "stats")))
    display = _display(top.sub("display", ("render_size",)))
    schedule = None
    if top.has("schedule"):
        schedule = parse_schedule(top.sub("schedule", ("closed_screen", "hours",
                                                       "closed_dates")))
    publish = None
    if top.has("publish"):
        publish = parse_publish(top.sub("publish", ("mqtt",)), sensors)
    return ExhibitConfig(doc.file, device, MappingProxyType(sensors), playlist, language,
                         kiosk=kiosk, display=display, schedule=schedule,
                         more_info_url=_more_info_url(top), publish=publish)


MAX_URL = 300  # a QR code a visitor's phone reads from 1 m stays small (version ≤ 10 or so)


def _more_info_url(f: Fields) -> str | None:
    """`more_info_url:` (optional): an http(s) address for visitors, e.g. the city's
    open-data portal, shown as a QR code with "Mehr dazu"."""
    if not f.has("more_info_url"):
        return None
    url = f.string("more_info_url").strip()
    scheme, sep, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    if not sep or scheme.lower() not in ("http", "https") or not host or \
            any(c.isspace() for c in url) or "." not in host and host != "localhost":
        raise f.error("more_info_url", f"{f.name('more_info_url')} must be a web address "
                      f"starting with https:// (or http://), e.g. "
                      f"https://opendata.example-stadt.de, got {shown(url)}")
    if len(url) > MAX_URL:
        raise f.error("more_info_url", f"{f.name('more_info_url')} is {len(url)} characters "
                      f"long; at most {MAX_URL} keep its QR code readable — use a shorter "
                      "address (e.g. the portal's start page)")
    return url


def _datastreams(f: Fields, sensors: dict[str, Sensor]) -> tuple[tuple[str, str], ...]:
    """`device.datastreams: {sensor id: datastream id}` (SensorThings, for `--port mqtt://`)."""
    data, doc = f.raw("datastreams"), f.doc
    if data is None:
        return ()
    where = f.path + ("datastreams",)
    if not isinstance(data, dict):
        raise doc.error(where, "device.datastreams must map sensor ids to SensorThings "
                        "datastream ids, e.g. '{temp: 17, noise: 18}'")
    pairs, seen = [], {}
    for sid, ds in data.items():
        if sid not in sensors:
            raise doc.error(where + (sid,), f"device.datastreams names sensor {shown(sid)}, "
                            f"which is not in sensors; known: {', '.join(sensors)}")
        text = str(ds).strip() if isinstance(ds, (int, str)) and not isinstance(ds, bool) \
            else ""
        if not text or any(c in text for c in "()'/#+ "):
            raise doc.error(where + (sid,), f"device.datastreams.{sid} must be a datastream "
                            f"id like 17 (as in v1.1/Datastreams(17)), got {shown(ds)}")
        if text in seen:
            raise doc.error(where + (sid,), f"device.datastreams.{sid}: datastream {text} is "
                            f"already sensor {seen[text]!r}'s; each sensor needs its own")
        seen[text] = sid
        pairs.append((sid, text))
    return tuple(pairs)


def _check_sources(doc: YamlDoc, protocol: str, sensors: dict[str, Sensor]) -> None:
    field = {"csv": "column", "firmata": "pin"}.get(protocol, "key")
    seen: dict[str, str] = {}
    for sensor in sensors.values():
        src = sensor.source(protocol)
        if src is None:
            continue
        if src in seen:
            raise doc.error(("sensors", sensor.id, field), f"sensors.{sensor.id}.{field} "
                            f"{src!r} is already used by sensor {seen[src]!r}; each sensor "
                            f"needs its own {field}")
        seen[src] = sensor.id
    if not seen:
        raise doc.error(("device", "protocol"), f"device.protocol is {protocol!r} but no "
                        f"sensor has a {field!r}; add '{field}: …' to the sensors the board "
                        "sends")


def _device(f: Fields) -> Device:
    ids = f.raw("usb_ids", list(DEFAULT_USB_IDS))
    if not isinstance(ids, list):
        raise f.error("usb_ids", f"{f.name('usb_ids')} must be a list like "
                      "[\"2341\", \"1a86:7523\"] (hex vendor or vendor:product)")
    usb_ids = tuple(_usb_id(f, i, item) for i, item in enumerate(ids))
    return Device(port=f.string("port", "auto"),
                  baud=f.integer("baud", 115200, minimum=300, maximum=4_000_000),
                  protocol=f.string("protocol", "lines", choices=PROTOCOLS),
                  max_line=f.integer("max_line", 512, minimum=16, maximum=65536),
                  model=f.string("model", "sensorik-stadt"), usb_ids=usb_ids,
                  stale_after=f.number("stale_after", 3.0, above=0),
                  reconnect_after=f.number("reconnect_after", 6.0, above=0),
                  hello_timeout=f.number("hello_timeout", 4.0, above=0))


def _usb_id(f: Fields, index: int, item: object) -> UsbId:
    try:
        vendor, _, product = str(item).partition(":")
        return UsbId(int(vendor, 16), int(product, 16) if product else None)
    except ValueError:
        raise f.doc.error(f.path + ("usb_ids", index), f"{f.name('usb_ids')}[{index}] must "
                          f"be a hex id like \"2341\" or \"1a86:7523\", got {shown(item)}") \
            from None


SENSOR_KEYS = ("name", "where", "kind", "key", "column", "pin", "unit", "range", "decimals",
               "calibrate_linear", "calibrate_table", "filters", "touch", "levels",
               "hysteresis", "simulate")


def _sensor(doc: YamlDoc, sid: str, data: object) -> Sensor:
    f = Fields(doc, ("sensors", sid), data, SENSOR_KEYS)
    low, high = f.range()
    calibration = _calibration(f)
    filters = _filters(doc, f)
    kind = f.string("kind", "analog", choices=SENSOR_KINDS)
    touch_f = f.sub("touch", ("delta", "direction", "min_time", "release", "cooldown",
                              "baseline_seconds", "max_touch"))
    d = TouchConfig(delta=1.0)
    touch = TouchConfig(
        delta=touch_f.number("delta", above=0),
        direction=touch_f.string("direction", "either", choices=TOUCH_DIRECTIONS),
        min_time=touch_f.number("min_time", d.min_time, minimum=0, maximum=10),
        release=touch_f.number("release", d.release, minimum=0, maximum=1),
        cooldown=touch_f.number("cooldown", d.cooldown, minimum=0, maximum=60),
        baseline_seconds=touch_f.number("baseline_seconds", d.baseline_seconds, above=0),
        max_touch=touch_f.number("max_touch", d.max_touch, above=0))
    levels = _levels(doc, f, low, high)
    sim_f = f.sub("simulate", ("rest", "touched", "noise", "drift"))
    simulate = Simulate(rest=sim_f.number("rest"), touched=sim_f.number("touched"),
                        noise=sim_f.number("noise", 0.0, minimum=0),
                        drift=sim_f.number("drift", 0.0, minimum=0))
    return Sensor(
        id=sid, name=f.text("name"), where=f.text("where"),
        kind=kind,
        key=f.string("key", sid), column=_column(f), pin=_pin(f),
        unit=f.string("unit", ""), low=low, high=high,
        decimals=f.integer("decimals", 0, minimum=0, maximum=3),
        calibration=calibration, filters=filters,
        timeout=timeout_of(filters) or (DEFAULT_TIMEOUT if kind == "analog" else None),
        touch=touch,
        levels=levels, hysteresis=f.number("hysteresis", 0.0, minimum=0), simulate=simulate)


def _column(f: Fields) -> str | None:
    if not f.has("column"):
        return None
    value = f.raw("column")
    if isinstance(value, bool) or not (isinstance(value, int) and value >= 1
                                       or isinstance(value, str) and value.strip()):
        raise f.error("column", f"{f.name('column')} must be a column number from 1 or a "
                      f"header name, got {shown(value)}")
    return str(value).strip()


def _pin(f: Fields) -> str | None:
    if not f.has("pin"):
        return None
    from exhibit.protocol.firmata import parse_pin

    value = f.string("pin")
    try:
        kind, number = parse_pin(value)
    except ValueError as exc:
        raise f.error("pin", f"{f.name('pin')}: {exc}") from None
    return f"{kind}{number}"


def _calibration(f: Fields) -> Calibration:
    given = [key for key in CALIBRATION_KEYS if f.has(key)]
    if len(given) != 1:
        what = "is missing" if not given else f"is given twice ({', '.join(given)})"
        raise f.error(given[-1] if given else "calibrate_linear",
                      f"{f.name('calibrate_linear')}: the calibration {what}; give one of "
                      f"{', '.join(CALIBRATION_KEYS)} as [[raw, value], [raw, value]], e.g. "
                      "calibrate_linear: [[520, 0], [260, 100]]")
    key = given[0]
    try:
        return parse_calibration(key, f.raw(key))
    except ValueError as exc:
        raise f.error(key, f"{f.name(key)} {exc}") from None


def _filters(doc: YamlDoc, f: Fields) -> tuple[FilterSpec, ...]:
    items = f.raw("filters", [])
    if not isinstance(items, list):
        raise f.error("filters", f"{f.name('filters')} must be a list such as "
                      "[{median: 5}, {exponential_moving_average: 0.3}]")
    specs = []
    for i, item in enumerate(items):
        path = f.path + ("filters", i)
        try:
            specs.append(parse_filter(item))
        except ValueError as exc:
            raise doc.error(path, f"{dotted(path)} {exc}") from None
    return tuple(specs)


def _levels(doc: YamlDoc, f: Fields, low: float, high: float) -> tuple[Level, ...]:
    raw = f.required("levels", "named bands, e.g. ok: {range: [0, 50], tone: ok, de: …, en: …}")
    if not isinstance(raw, dict) or not raw:
        raise f.error("levels", f"{f.name('levels')} must map level names to bands")
    levels = []
    for name, spec in raw.items():
        lf = Fields(doc, f.path + ("levels", name), spec,
                    ("range", "tone") + SHOW_LANGUAGES)
        band_low, band_high = lf.range()
        if band_low < low or band_high > high:  # as calibration.yaml's overlay refuses it
            raise lf.error("range", f"{lf.name('range')} [{band_low:g}, {band_high:g}] must "
                           f"lie inside the sensor's range [{low:g}, {high:g}]; move the band "
                           f"or widen {f.name('range')}")
        label = Texts((lang, lf.string(lang).strip()) for lang in LANGUAGES)
        if lf.has(EASY_READ):
            label[EASY_READ] = lf.string(EASY_READ).strip()
        for lang, text in label.items():
            if not text:
                raise lf.error(lang, f"{lf.name(lang)} is blank; visitors read this word")
        levels.append(Level(str(name), band_low, band_high, lf.string("tone", "ok", choices=TONES),
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
    alternate = f.raw("alternate_language", False)
    if not isinstance(alternate, bool):
        raise f.error("alternate_language", f"{f.name('alternate_language')} must be true or "
                      f"false, got {shown(alternate)}")
    languages: tuple[str, ...] = LANGUAGES if alternate else ()  # the older way to say it
    if f.has("languages"):
        if f.has("alternate_language"):
            raise f.error("languages", f"{f.name('languages')} and "
                          f"{f.name('alternate_language')} say the same; keep languages")
        raw = f.raw("languages")
        if not isinstance(raw, list) or not raw or \
                not all(isinstance(x, str) and x in SHOW_LANGUAGES for x in raw) or \
                len(set(raw)) != len(raw):
            raise f.error("languages", f"{f.name('languages')} must list each language the "
                          f"attract loop goes through once, from {', '.join(SHOW_LANGUAGES)}, "
                          f"e.g. [de, en, ls], got {shown(raw)}")
        languages = tuple(raw)
    return Playlist(scenes=tuple(scenes), seconds=f.number("seconds", 20.0, above=1),
                    idle_return=f.number("idle_return", 45.0, above=1),
                    languages=languages)


def _display(f: Fields) -> Display:
    raw = f.raw("render_size", "auto")
    try:
        size = parse_render_size(str(raw)) if isinstance(raw, str) else None
    except ValueError as exc:
        raise f.error("render_size", f"{f.name('render_size')} {exc}, got {shown(raw)}") \
            from None
    if size is None:
        raise f.error("render_size", f"{f.name('render_size')} must be auto, native or a size "
                      f"like 1920x1080, got {shown(raw)}")
    return Display(render_size=size)


def _kiosk(f: Fields) -> Kiosk:
    text = f.string("quit_chord", "ctrl+shift+q")
    parts = tuple(part.strip().lower() for part in text.split("+"))
    *mods, key = parts
    if (not mods or any(m not in CHORD_KEYS for m in mods) or len(set(mods)) != len(mods)
            or not (len(key) == 1 and key.isalnum() or re.fullmatch(r"f([1-9]|1[0-2])", key))):
        raise f.error("quit_chord", f"{f.name('quit_chord')} must be one or more of "
                      f"{', '.join(CHORD_KEYS)} and one letter, digit or F1–F12, joined by +, "
                      f"e.g. ctrl+shift+q; got {shown(text)}")
    log_dir = f.raw("log_dir")
    if log_dir is not None and not (isinstance(log_dir, str) and log_dir.strip()):
        raise f.error("log_dir", f"{f.name('log_dir')} must be a folder path, got "
                      f"{shown(log_dir)}")
    stats = f.raw("stats", True)
    if not isinstance(stats, bool):
        raise f.error("stats", f"{f.name('stats')} must be true (count touches and scene views "
                      f"per hour) or false, got {shown(stats)}")
    return Kiosk(quit_chord=parts, quit_hold=f.number("quit_hold", 2.0, minimum=0.5,
                                                      maximum=10),
                 log_dir=log_dir.strip() if log_dir else None, stats=stats)


__all__ = ["ConfigError", "ExhibitConfig", "Sensor", "Level", "Device", "Playlist",
           "load_config", "Kiosk", "Display"]
