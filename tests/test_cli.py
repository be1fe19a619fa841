"""The command-line contract: clear one-paragraph errors with exit code 2, never a traceback."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import ROOT, app_env, main_cmd


def run_main(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(main_cmd(*args), cwd=ROOT, env=app_env(), capture_output=True,
                          text=True, timeout=timeout)


@pytest.mark.parametrize(("args", "fragment"), [
    (["--size", "big"], "--size must look like 1920x1080"),
    (["--size", "10x10"], "out of range"),
    (["--lang", "fr"], "--lang"),
    (["--frames", "-3"], "whole number > 0"),
    (["--baud", "fast"], "whole number > 0"),
    (["--scene", "moon"], "choose one of"),
    (["--screenshot", "shot.jpg"], "must end in .png"),
    (["--record", "/no/such/folder/x.jsonl"], "does not exist"),
    (["--config", "/no/such/exhibit.yaml"], "file not found"),
    (["--bogus"], "unrecognized arguments"),
])
def test_bad_arguments_exit_2_with_a_clear_message(args, fragment):
    result = run_main(*args)
    assert result.returncode == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_config_error_names_file_line_and_fix(tmp_path):
    bad = (ROOT / "exhibit.yaml").read_text().replace("touch: {delta: 12, direction: either}",
                                                      "touch: {delta: high, direction: either}")
    path = tmp_path / "exhibit.yaml"
    path.write_text(bad)
    line = next(i for i, text in enumerate(bad.splitlines(), 1) if "delta: high" in text)
    result = run_main("--config", str(path), "--check-config")
    assert result.returncode == 2
    assert f"{path}:{line}: sensors.soil.touch.delta must be a number > 0, got 'high'" \
        in result.stderr
    assert "Traceback" not in result.stderr


def test_check_config_accepts_the_shipped_config():
    result = run_main("--check-config")
    assert result.returncode == 0, result.stderr
    assert "OK – 12 sensors" in result.stdout
    assert "note:" not in result.stdout            # every scene has its sensors


def test_check_config_notes_a_scene_whose_sensor_was_removed(tmp_path):
    """Staff may take a broken sensor out of exhibit.yaml: that is allowed, and the check
    says what it means for the scenes that used it."""
    text = (ROOT / "exhibit.yaml").read_text()
    start, end = text.index("\n  road:\n"), text.index("\n  water:\n")
    path = tmp_path / "exhibit.yaml"
    path.write_text(text[:start] + text[end:])
    result = run_main("--config", str(path), "--check-config")
    assert result.returncode == 0, result.stderr
    assert "OK – 11 sensors" in result.stdout
    assert "note: scene black_ice uses road, not in sensors" in result.stdout
    assert "cannot be brought up by a touch" in result.stdout


def test_list_ports_prints_and_exits():
    result = run_main("--list-ports")
    assert result.returncode == 0
    assert result.stdout.strip()


def test_help_exits_0_and_names_the_contract():
    result = run_main("--help")
    assert result.returncode == 0
    for flag in ("--port", "--baud", "--config", "--windowed", "--size", "--lang", "--scene",
                 "--list-ports", "--check-config", "--record", "--frames", "--screenshot"):
        assert flag in result.stdout


def test_simulator_run_writes_a_screenshot_and_a_recording(tmp_path):
    shot, rec = tmp_path / "s.png", tmp_path / "r.jsonl"
    result = run_main("--port", "sim", "--size", "1280x720", "--frames", "30",
                      "--screenshot", str(shot), "--record", str(rec), "--seed", "1")
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 10_000
    sensors = {line.split('"sensor": "')[1].split('"')[0] for line in rec.read_text().splitlines()
               if '"sensor": "' in line}
    assert len(sensors) == 12


def test_every_shipped_sensor_can_be_touched_from_the_keyboard(config, pygame_ready):
    from exhibit.staff.keys import TOUCH, Action, staff_action

    pg = pygame_ready
    digits = [pg.K_1, pg.K_2, pg.K_3, pg.K_4, pg.K_5, pg.K_6, pg.K_7, pg.K_8, pg.K_9, pg.K_0]
    numbers = {staff_action(key, mod).number for key in digits
               for mod in (0, pg.KMOD_LSHIFT)}  # Shift+digit reaches past the tenth
    assert numbers >= set(range(1, len(config.sensors) + 1))
    assert staff_action(pg.K_1, 0) == Action(TOUCH, 1)
    assert staff_action(pg.K_2, pg.KMOD_LSHIFT) == Action(TOUCH, 12)
