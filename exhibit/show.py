"""What the show is made of, loaded and checked before any window opens.

`prepare` composes the config: `exhibit.yaml` with the `calibration.yaml` the calibration
mode wrote beside it, then every scene of the playlist and the frame's texts. The app runs
the result; the benches and tests prepare the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from exhibit.calibration.overlay_file import load_with_overlay
from exhibit.cli import Options, UsageError
from exhibit.config import ExhibitConfig
from exhibit.render.text import FONT_FILES, font_problems
from exhibit.scene import Scene, available_scenes, load_scene
from exhibit.stage import FrameText, load_frame_text
from exhibit.yamlsource import ConfigError

log = logging.getLogger("exhibit")


@dataclass
class Show:
    """Everything the frame loop needs, loaded and checked before the display opens."""

    config: ExhibitConfig
    scenes: dict[str, Scene]
    frame_text: FrameText
    playlist: tuple[str, ...]
    language: str
    start_scene: str | None = None
    scene_for_sensor: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # scenes that raised while loading

    def missing_sensors(self) -> list[str]:
        """Notes for staff: scenes whose sensors are not in the config. Not an error (the
        scene still explains its use case, showing "sensor not set up"), but worth knowing."""
        notes = []
        for name, scene in self.scenes.items():
            gone = [sid for sid in scene.text.sensors if sid not in self.config.sensors]
            if gone:
                touch = (" and cannot be brought up by a touch"
                         if scene.text.sensors[0] in gone else "")
                notes.append(f"note: scene {name} uses {', '.join(gone)}, not in sensors: "
                             f"it shows 'sensor not set up'{touch}")
        return notes

    def missing_easy_read(self) -> list[str]:
        """Notes for staff: exhibit.yaml's sensor words without a Leichte Sprache variant
        (German stands in for them when the show runs in ls)."""
        gaps = []
        for sid, sensor in self.config.sensors.items():
            texts = {"name": sensor.name, "where": sensor.where,
                     **{f"levels.{lv.name}.label": lv.label for lv in sensor.levels}}
            gaps += [f"sensors.{sid}.{key}" for key, text in texts.items() if "ls" not in text]
        if not gaps:
            return []
        return [f"note: {len(gaps)} text(s) in {self.config.path} have no ls (Leichte Sprache) "
                f"variant and show in German with --lang ls: {', '.join(gaps[:6])}"
                + (" …" if len(gaps) > 6 else "")]


def check_fonts() -> None:
    """The fonts every text is drawn with must be there and readable."""
    for path, problem in font_problems():
        raise ConfigError(path, None, f"font file {problem}; put {path.name} back into "
                          f"{path.parent} (Noto Sans, free from fonts.google.com/noto; the "
                          f"show needs {' and '.join(FONT_FILES.values())})")


def prepare(options: Options) -> Show:
    """Load config, every scene with each label it draws, the frame's texts and the fonts;
    any mistake raises `ConfigError` or `UsageError` (no window opened yet)."""
    config = load_with_overlay(options.config)  # exhibit.yaml + calibration.yaml
    names = list(config.playlist.scenes)
    if options.scene and options.scene not in names:
        if options.scene not in available_scenes():
            raise UsageError(f"--scene {options.scene!r} is not a scene; choose one of: "
                             f"{', '.join(available_scenes())}")
        names.append(options.scene)
    scenes, failed = _load_scenes(names, config, strict=options.check_config)
    scene_for_sensor: dict[str, str] = {}
    for primary in (True, False):  # a scene's own sensor first, then the others it shows
        for name in config.playlist.scenes:  # (waving at the motion sensor: street lights)
            if name in failed:
                continue
            sensors = scenes[name].text.sensors
            for sensor in sensors[:1] if primary else sensors[1:]:
                scene_for_sensor.setdefault(sensor, name)
    frame_text = load_frame_text()
    check_fonts()
    return Show(config, scenes, frame_text, config.playlist.scenes,
                options.lang or config.language, options.scene, scene_for_sensor, failed)


def _load_scenes(names: list[str], config: ExhibitConfig, strict: bool
                 ) -> tuple[dict[str, Scene], dict[str, str]]:
    """Every scene; a mistake in a text or the config stops the start (`ConfigError`). A
    scene whose code raises while loading (a bug) is left out of the running show, logged
    with its traceback, so the other scenes still play; `strict` (`--check-config`) makes
    it an error naming the scene instead."""
    scenes: dict[str, Scene] = {}
    failed: dict[str, str] = {}
    for name in names:
        try:
            scenes[name] = load_scene(name, config)
        except (ConfigError, UsageError):
            raise
        except Exception as exc:  # noqa: BLE001 - any bug in one scene's code
            what = f"{type(exc).__name__}: {exc} (while loading)"
            if strict:
                raise ConfigError(f"scenes/{name}.py", None, f"scene {name} raised {what}; "
                                  "fix the scene or take it out of playlist.scenes") from None
            log.exception("scene %s raised while loading and is left out of the show", name)
            failed[name] = what
    return scenes, failed
