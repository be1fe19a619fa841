"""`--gallery DIR` writes every scene in each level, every language (de, en, ls), plus the frame's
special states."""

from __future__ import annotations

import subprocess

import pygame

from exhibit.scene import load_scene
from tests.conftest import ROOT, app_env, main_cmd


# Three scenes show every kind of gallery row: no sensor, levels, a counter's one level.
# tests/test_golden.py renders every scene's states the gallery's way; this tests the CLI.
GALLERY_SCENES = "[overview, street_lights, bike_counter]"


def test_gallery_writes_every_state_in_every_language(tmp_path):
    from exhibit.config import load_config

    text = (ROOT / "exhibit.yaml").read_text(encoding="utf-8")
    start = text.index("  scenes: [")
    end = text.index("]", start) + 1
    config_path = tmp_path / "exhibit.yaml"
    config_path.write_text(text[:start] + f"  scenes: {GALLERY_SCENES}" + text[end:],
                           encoding="utf-8")
    config = load_config(config_path)
    assert len(config.playlist.scenes) == 3
    out = tmp_path / "gallery"
    result = subprocess.run(main_cmd("--gallery", str(out), "--size", "640x360", "--config",
                                     str(config_path)), cwd=ROOT, env=app_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    expected = set()
    for lang in ("de", "en", "ls"):
        for name in config.playlist.scenes:
            expected.add(f"{name}-attract-{lang}.png")
            sensor = config.sensors.get(load_scene(name, config).sensor_id or "")
            if sensor is not None:  # every level; a counter's one level counts on
                expected |= {f"{name}-{level.name}-{lang}.png" for level in sensor.levels}
        expected |= {f"disconnected-{lang}.png", f"transition-{lang}.png", f"sheet-{lang}.png"}
    assert {p.name for p in out.iterdir()} == expected
    assert f"{len(expected)} pictures" in result.stdout
    night = pygame.image.load(str(out / "street_lights-night-de.png"))
    day = pygame.image.load(str(out / "street_lights-day-de.png"))
    assert night.get_size() == (640, 360)
    sky = pygame.Rect(150, 10, 150, 30)
    assert sum(pygame.transform.average_color(night, sky)[:3]) < \
        sum(pygame.transform.average_color(day, sky)[:3])
    sheet = pygame.image.load(str(out / "sheet-de.png"))
    rows = len(config.playlist.scenes)
    assert sheet.get_height() == 12 + rows * (216 + 12)   # one row of thumbnails per scene


def test_gallery_into_a_file_is_a_clear_error(tmp_path):
    target = tmp_path / "file.png"
    target.write_bytes(b"x")
    result = subprocess.run(main_cmd("--gallery", str(target)), cwd=ROOT, env=app_env(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "give a folder" in result.stderr
