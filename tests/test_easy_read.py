"""Leichte Sprache (ls, easy-read German): every visitor text has it, and what the rules
allow a test to check holds — at most 10 words a sentence, no abbreviations, numbers as
digits; `--lang ls` runs the real app and its panel shows the ls words."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime

import numpy as np
import pygame
import pytest
import yaml

from tests.conftest import ROOT, app_env, main_cmd

MAX_WORDS = 10  # per sentence (Netzwerk Leichte Sprache: short sentences, one statement)
ABBREVIATIONS = re.compile(
    r"\b(z\.\s?B|ca|bzw|usw|ggf|evtl|d\.\s?h|u\.\s?a|vgl|inkl|max|min|mind|Nr|bspw|etc)\.",
    re.IGNORECASE)
NUMBER_WORDS = re.compile(r"\b(zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|"
                          r"zwanzig|dreißig|hundert|tausend|Million(en)?)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?:](?=\s|$)")


def scene_names() -> list[str]:
    return sorted(p.stem for p in (ROOT / "scenes").glob("*.yaml") if not p.stem.startswith("_"))


def texts_in(node, path: str = "") -> list[tuple[str, dict]]:
    """Every visitor text (a mapping with de and en) under `node`, with where it is."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("de"), str) and isinstance(node.get("en"), str):
            found.append((path, node))
        for key, value in node.items():
            if key not in ("de", "en", "ls"):
                found += texts_in(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += texts_in(value, f"{path}[{i}]")
    return found


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def sensor_scenes() -> dict[str, set[str]]:
    """Sensor id -> the scenes that show it."""
    users: dict[str, set[str]] = {}
    for name in scene_names():
        for sid in load(ROOT / "scenes" / f"{name}.yaml").get("sensors") or []:
            users.setdefault(sid, set()).add(name)
    return users


def all_texts() -> list[tuple[str, str, dict]]:
    """(owner, where, text) for every visitor text: each scene's file, the frame's texts,
    exhibit.yaml's sensor names, places and level words (owner: the sensor's scenes)."""
    out = [(name, f"scenes/{name}.yaml:{where}", text) for name in scene_names()
           for where, text in texts_in(load(ROOT / "scenes" / f"{name}.yaml"))]
    out += [("_frame", f"scenes/_frame.yaml:{where}", text)
            for where, text in texts_in(load(ROOT / "scenes" / "_frame.yaml"))]
    users = sensor_scenes()
    for sid, sensor in load(ROOT / "exhibit.yaml")["sensors"].items():
        owner = ",".join(sorted(users.get(sid, {"_frame"})))
        out += [(owner, f"exhibit.yaml:sensors.{sid}.{where}", text)
                for where, text in texts_in(sensor)]
    return out


def test_every_visitor_text_has_a_leichte_sprache_variant():
    """Every text a visitor may read: each scene's, the frame's, the sensors' words."""
    missing = [f"{where} ({text['de']!r})" for _, where, text in all_texts() if "ls" not in text]
    assert not missing, "no ls variant:\n" + "\n".join(missing)


def easy_texts() -> list[tuple[str, str]]:
    """(where, ls text) of every ls text written so far, plus the closed screen's."""
    from exhibit.schedule import CLOSED_HEADLINE, reopen_sentence

    texts = [(where, text["ls"]) for _, where, text in all_texts() if "ls" in text]
    at = datetime(2026, 12, 7, 20, 0)
    texts.append(("schedule.CLOSED_HEADLINE", CLOSED_HEADLINE["ls"]))
    for opens in (None, datetime(2026, 12, 8, 10, 0), datetime(2026, 12, 10, 9, 30),
                  datetime(2027, 1, 5, 10, 0)):
        texts.append((f"schedule.reopen_sentence({opens})", reopen_sentence(opens, at, "ls")))
    return texts


def words(sentence: str) -> list[str]:
    """Words of a sentence; a hyphenated compound (Daten-Plattform) is one word, a dash
    or other lone sign none."""
    return [w for w in sentence.split() if any(c.isalnum() for c in w)]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if words(s)]


def test_leichte_sprache_sentences_are_short():
    long = [f"{where}: {len(words(s))} words: {s!r}"
            for where, text in easy_texts() for s in sentences(text) if len(words(s)) > MAX_WORDS]
    assert not long, f"at most {MAX_WORDS} words a sentence in Leichte Sprache:\n" + \
        "\n".join(long)


def test_leichte_sprache_has_no_abbreviations_and_writes_numbers_as_digits():
    found = [f"{where}: {m.group(0)!r} in {text!r}" for where, text in easy_texts()
             for pattern in (ABBREVIATIONS, NUMBER_WORDS) for m in pattern.finditer(text)]
    assert not found, "write it out (zum Beispiel) and numbers as digits (3, not drei):\n" + \
        "\n".join(found)


def test_the_word_checks_catch_what_they_should():
    assert len(words("Die Daten-Plattform der Stadt sammelt alle Werte – jeden Tag.")) == 9
    assert sentences("Es ist kalt. Der Wagen streut Salz!") == ["Es ist kalt",
                                                               "Der Wagen streut Salz"]
    assert ABBREVIATIONS.search("z. B. Bäume") and ABBREVIATIONS.search("ca. 5 Liter")
    assert not ABBREVIATIONS.search("bei 20 °C") and NUMBER_WORDS.search("drei Bäume")


def test_a_missing_ls_text_shows_german_and_never_ends_the_show():
    from exhibit.validate import Texts

    text = Texts(de="Bäume gießen", en="Watering trees")
    assert text["ls"] == "Bäume gießen" and "ls" not in text
    with pytest.raises(KeyError):
        text["fr"]


def test_the_show_runs_in_leichte_sprache_and_its_panel_says_so(tmp_path, config, text_cache):
    """`main.py --lang ls` for 30 frames: the step names in the screenshot's panel are
    the ls ones, pixel for pixel as the same panel drawn here (and not the German ones)."""
    from exhibit.devtools.preview import render_state
    from exhibit.scene import load_scene
    from exhibit.stage import load_frame_text

    shot = tmp_path / "ls.png"
    done = subprocess.run(main_cmd("--port", "sim", "--lang", "ls", "--windowed", "--size",
                                   "1920x1080", "--scene", "overview", "--frames", "30",
                                   "--screenshot", str(shot)),
                          cwd=ROOT, env=app_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    screen = pygame.surfarray.array3d(pygame.image.load(str(shot))).astype(int)
    steps = load_frame_text().steps
    scene = load_scene("overview", config)
    drawn = {}
    for lang in ("ls", "de"):
        surface, canvas = render_state(scene, config, {}, (1920, 1080), lang, 0.5,
                                       text=text_cache)
        drawn[lang] = (pygame.surfarray.array3d(surface).astype(int),
                       {t.text: t.rect for t in canvas.drawn_text})
    assert steps["act"]["ls"] != steps["act"]["de"]  # else this test proves nothing
    for step in ("measure", "decide", "act"):
        rect = drawn["ls"][1][steps[step]["ls"]]
        assert rect.left >= 1152, "the step names are in the panel"
        cut = (slice(rect.left, rect.right), slice(rect.top, rect.bottom))
        same_as_ls = np.mean(np.abs(screen[cut] - drawn["ls"][0][cut]).max(axis=2) > 40)
        same_as_de = np.mean(np.abs(screen[cut] - drawn["de"][0][cut]).max(axis=2) > 40)
        assert same_as_ls < 0.02, f"{steps[step]['ls']!r}: {same_as_ls:.1%} differs"
        if steps[step]["ls"] != steps[step]["de"]:
            assert same_as_de > 0.05, f"{steps[step]['ls']!r} looks German"


def test_ls_is_a_show_language_staff_read_german_meanwhile():
    from exhibit.loop import _after
    from exhibit.numbers import format_number
    from exhibit.schedule import reopen_sentence
    from exhibit.staff.texts import tr
    from exhibit.validate import SHOW_LANGUAGES

    assert [_after(lang, SHOW_LANGUAGES) for lang in ("de", "en", "ls")] == ["en", "ls", "de"]
    assert format_number(1234.5, 1, "ls", grouped=True) == "1.234,5"
    assert tr("help_title", "ls") == tr("help_title", "de")
    assert reopen_sentence(datetime(2026, 12, 8, 10), datetime(2026, 12, 7, 20), "ls") == \
        "Wir öffnen morgen um 10 Uhr wieder."


@pytest.mark.parametrize("line, languages", [
    ("", ()), ("  alternate_language: true", ("de", "en")),
    ("  languages: [de, en, ls]", ("de", "en", "ls")), ("  languages: [ls]", ("ls",))])
def test_the_attract_loop_languages_come_from_the_playlist(line, languages):
    from exhibit.config import load_config

    text = (ROOT / "exhibit.yaml").read_text().replace("playlist:\n", f"playlist:\n{line}\n", 1)
    assert load_config("exhibit.yaml", text).playlist.languages == languages


@pytest.mark.parametrize("line", ["  languages: [de, fr]", "  languages: [de, de]",
                                  "  languages: []", "  languages: de",
                                  "  languages: [de]\n  alternate_language: true"])
def test_a_wrong_language_list_is_refused_with_its_line(line):
    from exhibit.config import load_config
    from exhibit.yamlsource import ConfigError

    text = (ROOT / "exhibit.yaml").read_text().replace("playlist:\n", f"playlist:\n{line}\n", 1)
    with pytest.raises(ConfigError, match="playlist.languages"):
        load_config("exhibit.yaml", text)


def test_a_scene_text_without_ls_is_refused_and_a_sensor_word_without_it_is_noted(tmp_path):
    """Scene and frame texts are ours: a missing ls stops the start at its line. A city's
    own sensor words may lack it: German stands in, and --check-config names them."""
    from exhibit.scene import load_scene_text
    from exhibit.yamlsource import ConfigError

    text = (ROOT / "scenes" / "trees.yaml").read_text()
    title = text.index("title:")
    ls_line = text.index("  ls:", title)
    broken = tmp_path / "trees.yaml"
    broken.write_text(text[:ls_line] + text[text.index("\n", ls_line) + 1:])
    with pytest.raises(ConfigError, match=r"title needs its Leichte Sprache text") as caught:
        load_scene_text("trees", broken)
    assert caught.value.line == text[:title].count("\n") + 1
    config = (ROOT / "exhibit.yaml").read_text()
    name_ls = config.index("ls:", config.index("  soil:"))
    (tmp_path / "exhibit.yaml").write_text(
        config[:name_ls].rstrip(", ") + config[config.index("}", name_ls):])
    done = subprocess.run(main_cmd("--config", str(tmp_path / "exhibit.yaml"), "--check-config"),
                          capture_output=True, text=True, env=app_env(), cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "have no ls (Leichte Sprache) variant" in done.stdout and "sensors.soil.name" \
        in done.stdout, done.stdout
