"""Staff's R: exhibit.yaml, calibration.yaml and the scene texts reloaded into a running
frame loop. What changed takes effect; what did not keeps its state; a broken file changes
nothing and names file:line; a changed device section reopens the source.

A real FrameLoop (SDL dummy driver, off-screen canvas) on copies of the real files in
tmp_path, fed readings by hand on a virtual clock; the device test reads two real
pseudo-terminals.
"""

from __future__ import annotations

import re
import shutil
import time

import pygame
import pytest
import scenes.trees

from exhibit import scene as scene_module
from exhibit.cli import parse_args
from exhibit.devtools.ptypair import Pty
from exhibit.loop import FrameLoop
from exhibit.reading import Reading
from exhibit.render.canvas import Canvas
from exhibit.render.text import TextCache
from exhibit.show import prepare
from exhibit.sources.base import ReadingQueue
from exhibit.sources.choose import open_source, reopener
from exhibit.staff.reload import STAYS, reload_show
from tests.conftest import ROOT

STEP = 1 / 60


class Running:
    """The show from the files in `folder`, as app.run wires it (the source not started
    unless `start`)."""

    def __init__(self, folder, *args: str, start: bool = False) -> None:
        self.config = folder / "exhibit.yaml"
        self.options = parse_args(["--config", str(self.config), *args])
        show = prepare(self.options)
        self.queue = ReadingQueue()
        source = open_source(self.options.port or show.config.device.port, show.config)
        self.loop = FrameLoop(show, source, self.queue,
                              Canvas(pygame.Surface((640, 360)), TextCache()), 0.0)
        self.loop.reopen = reopener(self.options.port, None, None)
        self.t = 0.0
        if start:
            source.start(self.queue)

    def run(self, seconds: float, **values: float) -> None:
        sensors = self.loop.show.config.sensors
        for _ in range(round(seconds / STEP)):
            self.t += STEP
            self.queue.put_many([Reading(sid, sensors[sid].to_raw(v), self.t)
                                 for sid, v in values.items()])
            self.loop.frame(STEP, self.t)

    def edit(self, old: str, new: str, file: str = "exhibit.yaml") -> None:
        path = self.config.parent / file
        text = path.read_text()
        assert old in text, old
        path.write_text(text.replace(old, new, 1))

    def reload(self):
        return reload_show(self.loop, self.options)


@pytest.fixture
def folder(tmp_path, monkeypatch, pygame_ready):
    """exhibit.yaml (device: sim) and the scenes' texts, copied to be edited."""
    text = (ROOT / "exhibit.yaml").read_text()
    (tmp_path / "exhibit.yaml").write_text(text.replace("device: {port: auto,",
                                                        "device: {port: sim,", 1))
    scenes = tmp_path / "scenes"
    scenes.mkdir()
    for path in (ROOT / "scenes").glob("*.yaml"):
        shutil.copy(path, scenes / path.name)
    monkeypatch.setattr(scene_module, "SCENE_DIR", scenes)
    return tmp_path


def test_a_changed_level_band_applies_and_an_unchanged_sensor_keeps_its_state(folder):
    show = Running(folder)
    show.run(1.0, soil=50, light=140)
    hub = show.loop.hub
    light, soil = hub.signals["light"], hub.signals["soil"]
    assert soil.level.name == "ok"
    light_readings, baseline = light.readings, light.touch.baseline
    assert baseline is not None

    show.edit("dry: {range: [0, 30]", "dry: {range: [0, 55]")
    show.edit("ok: {range: [30, 70]", "ok: {range: [55, 70]")
    outcome = show.reload()
    assert outcome.ok, outcome.message
    assert outcome.message.startswith("reloaded exhibit.yaml, 11 scene texts")
    assert "soil changed" in outcome.message and "playlist unchanged" in outcome.message

    show.run(1.0, soil=50, light=140)
    assert hub.signals["soil"].level.name == "dry"          # same value, the new band
    assert hub.signals["light"] is light                    # untouched: same signal …
    assert light.readings == light_readings + 60            # … history and count go on
    assert light.touch.baseline == pytest.approx(baseline, abs=1.0)


def test_a_changed_scene_text_and_playlist_apply_and_the_scene_on_screen_stays(folder):
    show = Running(folder, "--scene", "trees", "--lang", "en")
    show.run(0.5, soil=50)
    assert show.loop.director.current == "trees"
    show.edit("en: Watering trees where it's needed", "en: Trees reloaded",
              "scenes/trees.yaml")
    show.edit("scenes: [overview, street_lights, trees,", "scenes: [trees, overview,")
    outcome = show.reload()
    assert outcome.ok, outcome.message
    assert "texts of trees changed" in outcome.message
    assert "playlist changed" in outcome.message
    assert show.loop.director.current == "trees"
    show.run(0.5, soil=50)
    assert show.loop.show.scenes["trees"].text.title["en"] == "Trees reloaded"
    drawn = [text for text, _ in show.loop.canvas.drawn_text]
    assert "Trees reloaded" in drawn, drawn[:8]                # the panel shows the new title

    show.edit("scenes: [trees, overview,", "scenes: [overview,")  # trees gone: the first
    assert show.reload().ok
    assert show.loop.director.current == "overview"


BROKEN = {  # what breaks, in which file, and the line the message must name
    "bad value": ("exhibit.yaml", "touch: {delta: 12,", "touch: {delta: high,",
                  "delta must be"),
    "YAML syntax": ("exhibit.yaml", "playlist:\n", "playlist: [\n", ""),
    "alias bomb": ("exhibit.yaml", "language: de ",  # 9^5 values from 36 aliases
                   "a: &a [x, x, x, x, x, x, x, x, x]\n"
                   + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
                             for p, n in zip("abcd", "bcde"))
                   + "language: de ", "expands to more than"),
    "too big": ("exhibit.yaml", "language: de ", "#" * 600_000 + "\nlanguage: de ", "bytes"),
    "calibration.yaml": ("calibration.yaml", "", "sensors:\n  soil:\n    touch: {delta: -4}\n",
                         "calibration.yaml:3:"),
    "device.port": ("exhibit.yaml", "device: {port: sim,", "device: {port: bogus://x,",
                    "exhibit.yaml:7: device.port 'bogus://x': pyserial knows no URL scheme"),
}


def test_a_broken_file_keeps_everything_and_names_file_and_line(folder, monkeypatch):
    show = Running(folder, "--scene", "trees")
    show.run(0.5, soil=50)
    before = (show.loop.show, dict(show.loop.hub.signals), show.loop.source,
              show.loop.director.current, show.loop.stage)
    for case, (file, old, new, said) in BROKEN.items():
        path = folder / file
        original = path.read_text() if path.exists() else None
        if original is None:
            path.write_text(new)
        else:
            show.edit(old, new, file)
        outcome = show.reload()
        assert not outcome.ok, case
        where = file + ("" if case == "too big" else ":")  # a size has no line
        assert re.match(rf"{where}\d*: ", outcome.message) and said in outcome.message, \
            (case, outcome.message)
        assert outcome.message.endswith(STAYS) and "\n" not in outcome.message, case
        assert (show.loop.show, dict(show.loop.hub.signals), show.loop.source,
                show.loop.director.current, show.loop.stage) == before, case
        if original is None:
            path.unlink()
        else:
            path.write_text(original)
        show.run(0.1, soil=50)  # the show goes on
    with monkeypatch.context() as patch:  # a bug in a scene's code
        patch.setattr(scenes.trees.SCENE, "setup", broken_setup)
        outcome = show.reload()
    assert not outcome.ok and outcome.message.startswith(
        "scenes/trees.py: scene trees raised ZeroDivisionError: division by zero"), outcome
    assert show.loop.show is before[0] and "trees" in show.loop.show.scenes
    assert show.reload().ok


def broken_setup(self):
    raise ZeroDivisionError("division by zero")


def test_a_changed_device_port_reopens_the_source_on_the_same_queue(folder):
    first, second = Pty(), Pty()
    try:
        show = Running(folder, start=True)
        show.edit("device: {port: sim,", f"device: {{port: {first.path},")
        assert show.reload().ok
        old_source = show.loop.source
        assert old_source.name == first.path
        assert soil_arrives(show, first, 431)
        show.edit(f"device: {{port: {first.path},", f"device: {{port: {second.path},")
        outcome = show.reload()
        assert outcome.ok and outcome.message.endswith(f"source reopened ({second.path})"), \
            outcome.message
        assert show.loop.source is not old_source and show.loop.source.name == second.path
        assert soil_arrives(show, second, 432)
        first.write(b"soil=433\n")
        time.sleep(0.2)
        assert first.pending() > 0  # nobody reads the old port any more
    finally:
        show.loop.source.stop()
        first.close()
        second.close()


def soil_arrives(show: Running, pty: Pty, raw: int) -> bool:
    """A line written to `pty` reaches the soil signal within 3 s (raw value as sent)."""
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        pty.discard_input()  # the hello query the source sends
        pty.write(f"soil={raw}\n".encode())
        time.sleep(0.05)
        show.t = time.monotonic()
        show.loop.frame(STEP, show.t)
        if show.loop.hub.signals["soil"].raw == raw:
            return True
    return False


def test_the_r_key_reloads_through_the_staff_desk_and_d_keeps_the_outcome(folder):
    """R as staff press it: a mistake is the toast and D's "last reload", the show runs on;
    fixed and pressed again, the new text is on screen."""
    from exhibit.staff.desk import StaffDesk

    show = Running(folder, "--scene", "trees")
    desk = StaffDesk(show.loop, show.options)
    show.run(0.2, soil=50)
    show.edit("touch: {delta: 12,", "touch: {delta: high,")
    desk.key(pygame.K_r, 0)
    assert re.match(r"exhibit\.yaml:\d+: ", desk.toast[0]) and desk.toast[0].endswith(STAYS)
    assert desk.view.facts(show.t)["last_reload"] == desk.toast[0]
    desk.draw(show.loop.canvas, show.t)  # the toast over the frame, no exception
    show.edit("touch: {delta: high,", "touch: {delta: 12,")
    show.edit("trees", "trees", "scenes/trees.yaml")  # the file rewritten, same text
    desk.key(pygame.K_r, 0)
    assert desk.last_reload.ok and desk.toast[0].startswith("reloaded exhibit.yaml")
    show.run(0.2, soil=50)
    assert show.loop.director.current == "trees"


def test_a_changed_publish_section_is_said_to_apply_at_the_next_start(folder):
    show = Running(folder)
    config = folder / "exhibit.yaml"
    config.write_text(config.read_text() + "\npublish:\n  mqtt:\n    url: mqtt://127.0.0.1:1\n")
    outcome = show.reload()
    assert outcome.ok and outcome.message.endswith("publish changed: applies at the next start")
    assert "publish" not in show.reload().message  # said once, not at every R
