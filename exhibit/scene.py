"""What a scene is, and how one is found by name: ``scenes/<name>.py`` + ``scenes/<name>.yaml``.

A scene is a pure function of the frame's `World` and time: `update(dt, world)` advances
its animations, `draw(canvas, area, world)` paints the illustration. The base keeps what
every scene shares (clock, radio waves, snap on show); a scene writes only its own hooks.
The engine draws the panel, strip and badges around it from the scene's texts. Scenes
never open ports, files or the display; the loader reads their texts once, up front.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

from exhibit.config import ExhibitConfig, Level, Sensor
from exhibit.render.canvas import Box, Canvas
from exhibit.render.widgets import Pulses
from exhibit.validate import Fields
from exhibit.world import SensorView, World
from exhibit.yamlsource import ConfigError, load_yaml

SCENE_DIR = Path(__file__).resolve().parents[1] / "scenes"
STEPS = ("measure", "decide", "act")
MAX_BODY_WORDS = 45

Text = Mapping[str, str]


@dataclass(frozen=True)
class SceneText:
    """A scene's visitor texts in every language, checked at start-up."""

    name: str
    sensors: tuple[str, ...]
    title: Text
    invite: Text                       # how to touch the sensor, for the call to action
    body: Text                         # 2–3 sentences
    data_note: Text                    # what is measured, no personal data, where data stays
    steps: Mapping[str, Text]          # measure / decide / act: what happens in each step
    step_for_level: Mapping[str, str]  # level name -> active step
    labels: Mapping[str, Text]         # short words drawn inside the illustration
    sources: tuple[str, ...] = ()      # where any number shown comes from
    path: str = ""                     # the text file, for errors
    labels_line: int | None = None     # the line of its `labels:` (or of the file's top)
    headlines: Mapping[str, Text] = field(default_factory=dict)  # level -> what the city does now


def load_scene_text(name: str, path: Path) -> SceneText:
    doc = load_yaml(path)
    f = Fields(doc, (), doc.data, ("sensors", "title", "invite", "body", "data_note", "steps",
                                   "step_for_level", "headlines", "labels", "sources"),
               easy_read=True)
    sensors = f.required("sensors", "a list of sensor ids, the first is the one to touch")
    if not isinstance(sensors, list) or not all(isinstance(s, str) for s in sensors):
        raise f.error("sensors", "sensors must be a list of sensor ids, e.g. [soil]")
    steps_f = f.sub("steps", STEPS)
    steps = {step: steps_f.text(step) for step in STEPS}
    body = f.text("body")
    for lang, text in body.items():
        if len(text.split()) > MAX_BODY_WORDS:
            raise f.error("body", f"body.{lang} has {len(text.split())} words; visitors read "
                          f"{MAX_BODY_WORDS} at most — shorten it")
    mapping = f.raw("step_for_level", {})
    if not isinstance(mapping, dict) or any(v not in STEPS for v in mapping.values()):
        raise f.error("step_for_level", "step_for_level must map level names to one of "
                      f"{', '.join(STEPS)}")
    headlines_f = f.sub("headlines", list(f.raw("headlines") or {}))
    headlines = {level: headlines_f.text(level) for level in headlines_f.data}
    labels_f = f.sub("labels", list(f.raw("labels") or {}))
    labels = {key: labels_f.text(key) for key in labels_f.data}
    sources = f.raw("sources", [])
    if not isinstance(sources, list):
        raise f.error("sources", "sources must be a list of where each number comes from")
    return SceneText(name, tuple(sensors), f.text("title"), f.text("invite"), body,
                     f.text("data_note"), MappingProxyType(steps),
                     MappingProxyType(dict(mapping)), MappingProxyType(labels),
                     tuple(str(s) for s in sources), str(path),
                     doc.line_of(("labels",)) if "labels" in doc.data else None,
                     MappingProxyType(headlines))


def check_labels(text: SceneText, keys: Iterable[str]) -> None:
    """Every label the scene draws must be in its text file, in every language (each
    present label was checked for both when read)."""
    missing = [key for key in dict.fromkeys(keys) if key not in text.labels]
    if not missing:
        return
    where = "under labels:" if text.labels_line else "in a labels: section"
    keys_said = ", ".join(missing)
    raise ConfigError(text.path or f"scenes/{text.name}.yaml", text.labels_line,
                      f"scene {text.name} draws label{'s' if len(missing) > 1 else ''} "
                      f"{keys_said}, missing here; add {where} "
                      + "; ".join(f"{key}: {{de: ..., en: ...}}" for key in missing))


class Scene:
    """Base class of every scene. A scene writes only what is its own, in four hooks:

    - `setup()`, once when loaded: what it derives from its config (levels, ranges, fixed
      scatter);
    - `reset()`, each time it comes on screen: its animation state back to the start;
    - `advance(dt, world)`, each frame: eases that state toward what the live value calls
      for; while `self.snapping` (the first frame on screen) it jumps there at once;
    - `draw(canvas, area, world)`: the illustration.

    The base keeps the rest: `self.clock` (seconds on screen) and `self.radio` (a wave per
    fresh reading of the scene's sensor, see `radio_on`). `on_show` and `update` are the
    entry points the frame loop calls; scenes do not override them.

    `LABELS` names every key of `self.text.labels` the scene draws (a test reads each
    scene's source to prove it complete); the loader checks them against the scene's text
    file, so a label deleted from the yaml stops the start, not the show."""

    LABELS: tuple[str, ...] = ()

    def __init__(self, text: SceneText, config: ExhibitConfig) -> None:
        self.text = text
        self.config = config
        self.name = text.name
        self.setup()
        check_labels(text, self.label_keys())
        self.on_show()

    def label_keys(self) -> tuple[str, ...]:
        """The labels this scene draws: `LABELS`, and whatever a scene derives from its
        config (a label per level of its sensor, say) — known after `setup`."""
        return self.LABELS

    def setup(self) -> None:
        """Once, when the scene is loaded: what it derives from its config."""

    def reset(self) -> None:
        """Each time the scene comes on screen: its own animation state back to the start."""

    def advance(self, dt: float, world: World) -> None:
        """The scene's own animations by `dt` seconds (clock and radio are already on)."""

    @property
    def sensor_id(self) -> str | None:
        """The sensor a visitor touches to bring this scene up."""
        return self.text.sensors[0] if self.text.sensors else None

    def primary(self, world: World) -> SensorView | None:
        """The view shown as the big live value; None for scenes without one. A counter
        shows its count since the show started (`total`), not the board's own running
        count, which starts again at 0 whenever the board restarts."""
        view = world.view(self.sensor_id) if self.sensor_id else None
        if view is not None and view.sensor.kind == "counter" and view.value is not None \
                and view.total is not None:
            return replace(view, value=view.total)
        return view

    def headline(self, world: World, lang: str) -> str:
        """What the panel says the city is doing now: the level's headline (`headlines:`),
        else the lit step's sentence."""
        view = self.primary(world)
        if view is not None and view.level is not None and not view.stale:
            text = self.text.headlines.get(view.level.name)
            if text is not None:
                return text[lang]
        return self.text.steps[self.active_step(world)][lang]

    def active_step(self, world: World) -> str:
        """Which of measure/decide/act is lit, from the primary sensor's level."""
        view = self.primary(world)
        if view is None or view.level is None or view.stale:
            return "measure"
        return self.text.step_for_level.get(view.level.name, "measure")

    def sensor(self, sensor_id: str | None = None) -> Sensor | None:
        """The configured sensor (the scene's own by default), None when exhibit.yaml has
        none: its levels, range and rest value are what the scene decides by, since
        calibration mode may move them."""
        sensor_id = sensor_id or self.sensor_id
        return self.config.sensors.get(sensor_id) if sensor_id else None

    def rest_value(self, default: float) -> float:
        """The value the picture shows without a fresh reading: the sensor's resting value
        (where the simulator rests it), `default` when exhibit.yaml has no such sensor."""
        sensor = self.sensor()
        return sensor.simulate.rest if sensor else default

    def live(self, world: World, sensor_id: str | None = None) -> SensorView | None:
        """The sensor's view when it carries a fresh reading, else None (stale or missing:
        the scene shows its calm rest picture)."""
        sensor_id = sensor_id or self.sensor_id
        view = world.view(sensor_id) if sensor_id else None
        return view if view is not None and view.fresh else None

    def on_show(self) -> None:
        """Called when the scene comes on screen: clock and radio start again, the scene
        resets, and the next update shows the present state at once (`snapping`)."""
        self.clock = 0.0
        self.radio = Pulses.radio()
        self.snapping = True
        self.reset()

    def radio_on(self, world: World) -> bool:
        """Whether the radio sends this frame: on each fresh reading of the scene's sensor.
        A scene whose station reports more than one sensor says so here."""
        return self.live(world) is not None and self.sensor_id in world.pulses

    def update(self, dt: float, world: World) -> None:
        """Advance clock and radio, then the scene's own `advance`; snapping lasts one frame."""
        self.clock += dt
        self.radio.update(dt, self.radio_on(world))
        self.advance(dt, world)
        self.snapping = False

    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        raise NotImplementedError


def level_starts(sensor: Sensor | None) -> dict[str, float]:
    """Where each of the sensor's levels begins, by level name (empty without a sensor)."""
    return {level.name: level.low for level in sensor.levels} if sensor else {}


def level_at(sensor: Sensor | None, value: float) -> Level | None:
    """The sensor's level `value` falls in, without hysteresis: for illustrative values
    (other bins on a map), which have no history."""
    if sensor is None:
        return None
    return next((level for level in reversed(sensor.levels) if value >= level.low),
                sensor.levels[0])


def load_scene(name: str, config: ExhibitConfig, scene_dir: Path | None = None) -> Scene:
    """Import ``scenes.<name>`` and read its texts (from `scene_dir`, `SCENE_DIR` by
    default); a missing scene or a label it draws missing from its texts is a config error."""
    scene_dir = SCENE_DIR if scene_dir is None else scene_dir
    text_path = scene_dir / f"{name}.yaml"
    if not text_path.exists():
        raise ConfigError(config.path, None, f"playlist names scene {name!r} but "
                          f"{text_path} does not exist; known scenes: "
                          f"{', '.join(available_scenes(scene_dir)) or 'none'}")
    text = load_scene_text(name, text_path)
    module = importlib.import_module(f"{scene_dir.name}.{name}")
    scene_class = getattr(module, "SCENE", None)
    if scene_class is None:
        raise ConfigError(str(scene_dir / f"{name}.py"), None,
                          "a scene module must define SCENE = <its Scene class>")
    sensor = config.sensors.get(text.sensors[0]) if text.sensors else None
    unknown = [level for level in text.headlines
               if sensor is not None and level not in {lv.name for lv in sensor.levels}]
    if unknown:
        raise ConfigError(str(text_path), None, f"headlines: {', '.join(unknown)} is no level "
                          f"of sensor {sensor.id}; its levels: "
                          f"{', '.join(lv.name for lv in sensor.levels)}")
    return scene_class(text, config)


def available_scenes(scene_dir: Path | None = None) -> list[str]:
    scene_dir = SCENE_DIR if scene_dir is None else scene_dir
    return sorted(p.stem for p in scene_dir.glob("*.yaml") if (p.with_suffix(".py")).exists())
