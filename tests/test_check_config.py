"""`--check-config` proves the show can start: every label a scene draws is in its text
file, the fonts are there, and every scene draws once off-screen in each state and language.
The same checks (except the trial drawing) run before a normal start's first frame."""

from __future__ import annotations

import ast
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import exhibit.render.text as text_module
import exhibit.scene as scene_module
from exhibit.app import main
from exhibit.config import load_config
from exhibit.devtools.trial import trial_render
from exhibit.scene import available_scenes, load_scene
from exhibit.stage import UI_KEYS, load_frame_text
from exhibit.yamlsource import ConfigError
from tests.conftest import ROOT

SCENES = available_scenes()


def labels_in_source(path: Path) -> tuple[set[str], list[int]]:
    """The literal keys of every ``labels[...]`` / ``….labels[...]`` in a scene's source,
    and the lines where the key is computed (proved by drawing, below)."""
    literal, computed = set(), []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Subscript):
            continue
        value = node.value
        named = (isinstance(value, ast.Name) and value.id == "labels") or \
            (isinstance(value, ast.Attribute) and value.attr == "labels")
        if not named:
            continue
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            literal.add(key.value)
        elif isinstance(key, ast.IfExp) and all(isinstance(k, ast.Constant)
                                                for k in (key.body, key.orelse)):
            literal |= {key.body.value, key.orelse.value}
        else:
            computed.append(node.lineno)
    return literal, computed


class Recording(dict):
    """A scene's labels that note each key the scene reads."""

    def __init__(self, labels) -> None:
        super().__init__(labels)
        self.read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


def copy_show(tmp_path: Path) -> tuple[Path, Path]:
    """exhibit.yaml and the scenes' text files in a temporary folder, to break them."""
    shutil.copy(ROOT / "exhibit.yaml", tmp_path / "exhibit.yaml")
    scenes = tmp_path / "scenes"
    scenes.mkdir()
    for path in (ROOT / "scenes").glob("*.yaml"):
        shutil.copy(path, scenes / path.name)
    for path in (ROOT / "scenes").glob("*.py"):   # available_scenes pairs .py with .yaml
        shutil.copy(path, scenes / path.name)
    return tmp_path / "exhibit.yaml", scenes


@pytest.mark.parametrize("name", SCENES)
def test_each_scene_declares_every_literal_label_it_draws(name, config):
    scene = load_scene(name, config)
    literal, _ = labels_in_source(ROOT / "scenes" / f"{name}.py")
    undeclared = literal - set(scene.label_keys())
    assert not undeclared, f"scenes/{name}.py draws {sorted(undeclared)}: add to LABELS"


def test_computed_labels_are_declared_too(config, pygame_ready):
    """Keys computed in the source (`labels[key]`) are proved by drawing every scene in
    every trial state and language: each key read is one the scene declares."""
    scenes = {name: load_scene(name, config) for name in SCENES}
    recordings = {}
    for name, scene in scenes.items():
        recordings[name] = Recording(scene.text.labels)
        scene.text = replace(scene.text, labels=recordings[name])
    trial_render(config, scenes, load_frame_text())
    for name, scene in scenes.items():
        undeclared = recordings[name].read - set(scene.label_keys())
        assert not undeclared, f"scenes/{name}.py draws {sorted(undeclared)}: declare them"
    assert any(labels_in_source(ROOT / "scenes" / f"{n}.py")[1] for n in SCENES)


def test_the_stage_draws_only_the_frame_texts_it_checks():
    tree = ast.parse((ROOT / "exhibit" / "stage.py").read_text())
    used = {node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "text" and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
            and node.args and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)}
    assert used and used <= set(UI_KEYS), sorted(used - set(UI_KEYS))


def check(config_path: Path, capsys) -> tuple[int, str]:
    code = main(["--config", str(config_path), "--check-config"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    return code, out.err


def test_a_deleted_label_fails_the_check_naming_file_line_and_key(tmp_path, monkeypatch,
                                                                   capsys):
    config_path, scenes = copy_show(tmp_path)
    trees = scenes / "trees.yaml"
    lines = trees.read_text().splitlines(keepends=True)
    labels_line = next(i for i, line in enumerate(lines, 1) if line.startswith("labels:"))
    trees.write_text("".join(line for line in lines if not line.startswith("  truck:")))
    monkeypatch.setattr(scene_module, "SCENE_DIR", scenes)
    code, err = check(config_path, capsys)
    assert code == 2
    assert f"{trees}:{labels_line}: scene trees draws label truck" in err
    assert "add under labels: truck: {de: ..., en: ...}" in err


def test_a_level_renamed_in_exhibit_yaml_fails_the_check(tmp_path, capsys):
    """The CO₂ lights are labelled by level name: a renamed level needs its label."""
    config_path, _ = copy_show(tmp_path)
    text = config_path.read_text()
    start = text.index("\n  co2:\n")
    renamed = text[start:].replace("      stale: {", "      stuffy: {", 1)
    config_path.write_text(text[:start] + renamed)
    assert "stuffy: {" in config_path.read_text()
    code, err = check(config_path, capsys)
    assert code == 2
    assert "co2_classroom.yaml" in err and "stuffy: {de: ..., en: ...}" in err


@pytest.mark.parametrize("broken", ["missing", "garbage"])
def test_a_missing_or_broken_font_fails_the_check_naming_it(tmp_path, monkeypatch, capsys,
                                                            broken):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(text_module.FONT_DIR / "NotoSans-Regular.ttf", fonts)
    if broken == "garbage":
        (fonts / "NotoSans-Bold.ttf").write_text("not a font")
    monkeypatch.setattr(text_module, "FONT_DIR", fonts)
    code, err = check(ROOT / "exhibit.yaml", capsys)
    assert code == 2
    assert f"{fonts / 'NotoSans-Bold.ttf'}: font file" in err
    assert ("missing" if broken == "missing" else "unreadable") in err
    assert "put NotoSans-Bold.ttf back" in err


def test_a_scene_that_fails_to_draw_fails_the_check(monkeypatch, capsys):
    from scenes.trees import Trees

    def broken(self, canvas, area, world):
        raise KeyError("ring")

    monkeypatch.setattr(Trees, "draw", broken)
    code, err = check(ROOT / "exhibit.yaml", capsys)
    assert code == 2
    assert "scenes/trees.py: failed to draw rest (de): KeyError: 'ring'" in err
    assert "a scene text or the scene is broken" in err


def test_the_check_draws_each_scene_at_rest_and_at_each_level_in_each_language(
        config, pygame_ready):
    scenes = {name: load_scene(name, config) for name in ("trees", "bike_counter")}
    drawn = trial_render(config, scenes, load_frame_text())
    levels = len(config.sensors["soil"].levels)
    assert drawn == 3 * ((2 + levels) + (2 + 1))   # rest, attract, levels; counter: one


def test_load_scene_checks_labels_with_no_window(tmp_path, config):
    _, scenes = copy_show(tmp_path)
    bike = scenes / "bike_counter.yaml"
    bike.write_text("".join(line for line in bike.read_text().splitlines(keepends=True)
                            if not line.startswith("  you_are:")))
    with pytest.raises(ConfigError, match="you_are"):   # drawn only with a crowd: the
        load_scene("bike_counter", config, scenes)       # declaration finds it anyway
