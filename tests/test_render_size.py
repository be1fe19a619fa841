"""Render size and the self-check (issue 17): the show is drawn at `display.render_size`
and SDL's renderer scales it to the screen; `--self-check` measures this computer and says
in words whether 60 fps hold, or what to set."""

from __future__ import annotations

import subprocess

import pytest

from exhibit.selfcheck import verdict
from exhibit.sizes import parse_render_size, render_size_for
from tests.conftest import ROOT, app_env, main_cmd


@pytest.mark.parametrize("setting, screen, drawn", [
    ("auto", (3840, 2160), (1920, 1080)),     # a 4K TV: 1080p, scaled up by the GPU
    ("auto", (2160, 3840), (1080, 1920)),     # the same TV upright
    ("auto", (2560, 1080), (1920, 810)),      # ultra-wide: the aspect ratio kept
    ("auto", (1280, 720), (1280, 720)),       # small screens are drawn pixel for pixel
    ("auto", (1920, 1200), (1728, 1080)),
    ("native", (3840, 2160), (3840, 2160)),
    ((1280, 720), (3840, 2160), (1280, 720)),
    ((1280, 720), (2160, 3840), (720, 1280)),  # turned to the screen's orientation
])
def test_the_render_size_on_a_screen(setting, screen, drawn):
    assert render_size_for(setting, screen) == drawn


def test_render_size_settings_are_checked():
    assert parse_render_size(" Native ") == "native" and parse_render_size("1600x900") == (1600, 900)
    for bad in ("big", "1600", "10x10", "1920x1080x2"):
        with pytest.raises(ValueError):
            parse_render_size(bad)


def test_a_bad_render_size_in_the_config_names_file_and_line(tmp_path):
    config = tmp_path / "exhibit.yaml"
    config.write_text((ROOT / "exhibit.yaml").read_text().replace(
        "display: {render_size: auto}", "display: {render_size: huge}"))
    run = subprocess.run(main_cmd("--config", str(config), "--check-config"), cwd=ROOT,
                         env=app_env(), capture_output=True, text=True, timeout=60)
    line = next(n for n, text in enumerate(config.read_text().splitlines(), 1)
                if "render_size: huge" in text)
    assert run.returncode == 2 and f"exhibit.yaml:{line}: display.render_size" in run.stderr


def test_on_a_4k_screen_the_show_is_drawn_at_1080p_and_scaled(tmp_path):
    shot = tmp_path / "shot.png"
    run = subprocess.run(main_cmd("--port", "sim", "--windowed", "--size", "3840x2160",
                                  "--frames", "20", "--screenshot", str(shot)),
                         cwd=ROOT, env=app_env(), capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "show on screen: 3840x2160, drawn at 1920x1080" in run.stderr
    import pygame

    assert pygame.image.load(str(shot)).get_size() == (1920, 1080)


def test_the_self_check_gives_a_verdict_with_the_facts(tmp_path):
    run = subprocess.run(main_cmd("--self-check", "--windowed", "--size", "1280x720"),
                         cwd=ROOT, env=app_env(), capture_output=True, text=True, timeout=120)
    first, *rest = run.stdout.splitlines()
    assert (run.returncode, first[:3]) in ((0, "OK:"), (1, "TOO")), run.stdout + run.stderr
    assert rest[0] == "driver dummy, screen 1280x720, drawn at 1280x720 (render_size: auto)"
    assert any(line.startswith("memory: the show") for line in rest)


def figures(work: float, present: float, render=(3840, 2160), screen=(3840, 2160)):
    return {"driver": "kmsdrm", "screen": list(screen), "render": list(render),
            "setting": "native", "renderer": None, "work_ms": {"trees": work},
            "work_p95_ms": work, "present_p95_ms": present, "rss_mb": 200.0,
            "memory_mb": {"MemTotal": 4000, "MemAvailable": 3000}}


def test_the_verdict_names_the_headroom_or_the_size_to_set():
    holds, lines = verdict(figures(4.0, 1.0))
    assert holds and lines[0] == ("OK: this computer holds 60 fps on this screen with "
                                  "3.3× headroom.")
    holds, lines = verdict(figures(30.0, 1.0))    # 4K native on a slow computer
    assert not holds and "Use render_size: 1920x1080" in lines[0]   # 30/4 + 1 ms fits
    holds, lines = verdict(figures(80.0, 1.0))
    assert "Use render_size: 1600x900" in lines[0]                  # 80/5.8 + 1 ms fits
    holds, lines = verdict(figures(100.0, 1.0))
    assert "Use render_size: 1280x720" in lines[0]                  # 100/9 + 1 ms fits
    holds, lines = verdict(figures(40.0, 15.0, render=(1280, 720)))
    assert not holds and "even at the smallest render size" in lines[0]


def test_on_a_bare_x_server_the_scaled_fullscreen_falls_back_to_the_screens_size(tmp_path):
    """SDL's scaled fullscreen needs a window manager on X11: without one the window stays
    small in the middle and the picture is cut to its middle quarter. The display asks the
    X server and, when the window did not fill the screen, draws at the screen's size."""
    from tests.xserver import Xvfb

    xvfb = Xvfb("3840x2160x24")
    shot = tmp_path / "shot.png"
    try:
        run = subprocess.run(main_cmd("--port", "sim", "--frames", "20", "--screenshot",
                                      str(shot), "--log-dir", str(tmp_path)),
                             cwd=ROOT, env=xvfb.env(app_env()), capture_output=True,
                             text=True, timeout=60)
    finally:
        xvfb.stop()
    assert run.returncode == 0, run.stderr
    assert "the scaled window did not become fullscreen (x11: no window manager?)" in run.stderr
    assert "show on screen: 3840x2160\n" in run.stderr
    import pygame

    assert pygame.image.load(str(shot)).get_size() == (3840, 2160)
