"""End to end through a real pseudo-terminal: bytes in the master side, pixels and a
recording out of `main.py` running as a subprocess, as it runs at the exhibit."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from tests.apprunner import RunningApp, run_with_lines


def test_every_line_written_is_recorded_once_and_the_scene_is_shown(tmp_path):
    lines = [f"light={300 + 5 * i} soil={456 - i}\n".encode() for i in range(40)]
    app = run_with_lines(tmp_path, lines, extra=("--scene", "street_lights"))
    got = app.recorded()
    expected = [("light", 300.0 + 5 * i) for i in range(40)]
    assert [(r["sensor"], r["raw"]) for r in got if r["sensor"] == "light"] == expected
    soil = [r for r in got if r["sensor"] == "soil"]
    assert [r["raw"] for r in soil] == [456.0 - i for i in range(40)]
    # values are calibrated: soil 520 counts = 0 %, 260 = 100 %
    assert soil[0]["value"] == pytest.approx((520 - 456) / 260 * 100)
    times = [r["t"] for r in got]
    assert times == sorted(times) and times[0] > 0
    shot = pygame.image.load(str(app.shot))
    assert shot.get_size() == (1280, 720)
    # the scene's panel fills the right ~40 % of the screen
    from exhibit.render.palette import PANEL
    assert tuple(shot.get_at((1260, 700)))[:3] == PANEL


def region_brightness(path: Path, box: tuple[float, float, float, float]) -> int:
    """Summed mean RGB of a design-grid box in a screenshot."""
    from exhibit.render.canvas import Canvas
    from exhibit.render.text import TextCache

    shot = pygame.image.load(str(path))
    rect = Canvas(shot, TextCache()).rect(box)
    return sum(pygame.transform.average_color(shot, rect)[:3])


def test_the_street_lights_follow_the_light_reading_from_the_pty(tmp_path):
    from scenes.street_lights import GROUND, LAMP_HEIGHT, LAMPS

    runs = {}
    for name in ("dark", "bright"):  # both apps at once: each waits out its frames
        (tmp_path / name).mkdir()
        runs[name] = RunningApp(tmp_path / name, 150, ("--scene", "street_lights"))
    for name, line in (("dark", b"light=1000 motion=1\n"), ("bright", b"light=200 motion=0\n")):
        runs[name].wait_for_log(": connected")
        for _ in range(5):
            runs[name].write(line)
    for app in runs.values():
        assert app.finish() == 0, "".join(app.log)
    dark, bright = runs["dark"], runs["bright"]
    sky = (300, 10, 300, 60)  # between the badge and the power tag
    lamp_head = (LAMPS[1] + 20, GROUND - LAMP_HEIGHT - 30, 100, 90)
    # covering the sensor: night falls and the lamps light up
    assert region_brightness(dark.shot, sky) < region_brightness(bright.shot, sky) - 100
    assert region_brightness(dark.shot, lamp_head) > region_brightness(bright.shot, lamp_head)
    assert dark.recorded()[0]["value"] == 0.0  # 1000 counts is darker than the 10 lx point


def test_garbled_lines_are_counted_and_the_next_line_decodes(tmp_path):
    lines = [b"light=500\n", b"\xff\xfe garbage ===\n", b"soil=nan light=abc\n",
             b"light=501\r\n", b"x" * 2000 + b"\n", b"light=502\n"]
    app = run_with_lines(tmp_path, lines, frames=120, extra=("--scene", "street_lights"))
    assert [r["raw"] for r in app.recorded()] == [500.0, 501.0, 502.0]
