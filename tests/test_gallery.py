"""`--gallery DIR` writes every scene in each level, both languages, plus the frame's
special states."""

from __future__ import annotations

import subprocess

import pygame

from tests.conftest import ROOT, app_env, main_cmd


def test_gallery_writes_every_state_in_both_languages(tmp_path, config):
    out = tmp_path / "gallery"
    result = subprocess.run(main_cmd("--gallery", str(out), "--size", "640x360"), cwd=ROOT,
                            env=app_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    expected = set()
    for lang in ("de", "en"):
        for scene in config.playlist.scenes:
            expected.add(f"{scene}-attract-{lang}.png")
        for level in config.sensors["light"].levels:
            expected.add(f"street_lights-{level.name}-{lang}.png")
        for level in config.sensors["soil"].levels:
            expected.add(f"trees-{level.name}-{lang}.png")
        for level in config.sensors["bin"].levels:
            expected.add(f"waste_bins-{level.name}-{lang}.png")
        for level in config.sensors["co2"].levels:
            expected.add(f"co2_classroom-{level.name}-{lang}.png")
        expected |= {f"disconnected-{lang}.png", f"transition-{lang}.png"}
    assert {p.name for p in out.iterdir()} == expected
    assert f"{len(expected)} pictures" in result.stdout
    night = pygame.image.load(str(out / "street_lights-night-de.png"))
    day = pygame.image.load(str(out / "street_lights-day-de.png"))
    assert night.get_size() == (640, 360)
    sky = pygame.Rect(150, 10, 150, 30)
    assert sum(pygame.transform.average_color(night, sky)[:3]) < \
        sum(pygame.transform.average_color(day, sky)[:3])


def test_gallery_into_a_file_is_a_clear_error(tmp_path):
    target = tmp_path / "file.png"
    target.write_bytes(b"x")
    result = subprocess.run(main_cmd("--gallery", str(target)), cwd=ROOT, env=app_env(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "give a folder" in result.stderr
