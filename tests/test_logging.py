"""The rotating log (exhibit.kiosk.logfile) and what the frame loop logs (exhibit.kiosk.activity):
bounded on disk, one clear line when the folder or the disk fails, lines staff can read."""

from __future__ import annotations

import logging
import signal
import subprocess
from pathlib import Path

import pytest

from exhibit.kiosk.activity import ActivityLog
from exhibit.kiosk.logfile import LOG_NAME, MAX_BYTES, log_folder, start_logging
from exhibit.status import CONNECTED, CONNECTING, DISCONNECTED, LIVE, STALE, SourceStatus
from exhibit.world import World
from tests.conftest import ROOT, app_env, main_cmd


def test_the_log_folder_is_the_option_else_the_config_else_the_state_folder(tmp_path):
    config = tmp_path / "show" / "exhibit.yaml"
    env = {"XDG_STATE_HOME": "/var/state"}
    assert log_folder(Path("/x"), "logs", config, env) == Path("/x")
    assert log_folder(None, "logs", config, env) == tmp_path / "show" / "logs"  # beside it
    assert log_folder(None, "/srv/log", config, env) == Path("/srv/log")
    assert log_folder(None, None, config, env) == Path("/var/state/sensorik")
    assert log_folder(None, None, config, {"XDG_STATE_HOME": "rel"}) == \
        Path.home() / ".local" / "state" / "sensorik"  # the XDG spec ignores relative ones


@pytest.fixture
def quiet_root():
    """The root logger with only a null handler (no 7 MiB into pytest's capture)."""
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    root.handlers = [logging.NullHandler()]
    root.setLevel(logging.INFO)
    yield root
    root.handlers = saved
    root.setLevel(level)


def test_the_log_never_holds_more_than_six_files_of_one_mib(tmp_path, quiet_root):
    line = "x" * 1000
    setup = start_logging(tmp_path / "logs")
    try:
        for i in range(7400):  # > 7 MiB
            logging.getLogger("exhibit.flood").info("%05d %s", i, line)
    finally:
        setup.stop()
    files = sorted((tmp_path / "logs").iterdir())
    assert [f.name for f in files] == [LOG_NAME] + [f"{LOG_NAME}.{i}" for i in range(1, 6)]
    assert all(f.stat().st_size <= MAX_BYTES for f in files)
    assert sum(f.stat().st_size for f in files) <= 6 * MAX_BYTES
    assert "07399 x" in (tmp_path / "logs" / LOG_NAME).read_text()  # the newest is kept
    assert setup._queue_handler.dropped == 0


def _run_app(log_dir: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(main_cmd("--port", "sim", "--windowed", "--size", "640x360",
                                     "--log-dir", str(log_dir), *extra),
                            cwd=ROOT, env=app_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_the_real_app_logs_to_the_file_and_to_stderr_until_sigterm(tmp_path):
    """A real run, ended the way systemd ends it; plus the two folders that fail: a file in
    the way (at start) and a full disk (/dev/full, every write fails) — one line each, no
    traceback, the show runs on. The three run side by side."""
    (tmp_path / "file").write_text("")
    full = tmp_path / "full"
    full.mkdir()
    (full / LOG_NAME).symlink_to("/dev/full")
    logs = tmp_path / "logs"
    runs = {"good": _run_app(logs), "blocked": _run_app(tmp_path / "file" / "sub",
                                                        "--frames", "30"),
            "full": _run_app(full, "--frames", "30")}
    good = runs["good"]
    seen = []
    for line in good.stderr:  # running: on screen, then stopped as systemd would
        seen.append(line)
        if "show on screen" in line:
            good.send_signal(signal.SIGTERM)
            break
    out = {name: proc.communicate(timeout=30) for name, proc in runs.items()}
    assert {name: proc.returncode for name, proc in runs.items()} == \
        {"good": 0, "blocked": 0, "full": 0}, out

    text = (logs / LOG_NAME).read_text()
    assert "start: " in text and f"config {ROOT / 'exhibit.yaml'}, log {logs / LOG_NAME}" \
        in text
    assert "source simulator: connected" in text and "scene overview (start)" in text
    assert '"stopped_by": "SIGTERM"' in text.splitlines()[-1]  # all flushed at the end
    assert "diagnostics: " in out["good"][1]  # stderr still gets every line

    for name, needle in (("blocked", f"log folder {tmp_path / 'file' / 'sub'}: cannot write "
                          f"there ({tmp_path / 'file'} is a file, not a folder)"),
                         ("full", f"log: cannot write {full / LOG_NAME} (No space left")):
        err = out[name][1]
        problems = [line for line in err.splitlines() if "cannot write" in line]
        assert len(problems) == 1 and needle in problems[0], err
        assert "--log-dir" in problems[0] and "kiosk.log_dir" in problems[0]
        assert "Traceback" not in err and "diagnostics: " in err  # the show ran on


def _world(status: SourceStatus, touches: tuple[str, ...] = ()) -> World:
    return World(t=0.0, sensors={}, source=status, touches=touches)


def test_activity_lines_on_a_virtual_clock(caplog):
    """Ten minutes of frames at 60 fps: each state change once, touches summed once a
    minute, 1000 rejects in a minute → the first at once and one summary with the count."""
    activity = ActivityLog({"soil": "trees", "light": "street_lights"})
    port = "/dev/ttyACM0"
    states = {0: (CONNECTING, 0, ""), 60: (CONNECTED, 0, ""),
              120: (DISCONNECTED, 0, "device disconnected"), 180: (CONNECTED, 1, ""),
              240: (CONNECTED, 2, ""),  # lost and back between two frames
              300: (STALE, 2, "no data for 3 s"), 360: (CONNECTED, 2, "")}
    scenes = {0: ("overview", "attract", ()), 450: ("parking", "attract", ()),
              600: ("trees", "interactive", ("soil",)), 900: ("street_lights", "attract", ()),
              1200: ("trees", "interactive", ("soil",))}
    touches = {610: ("soil",), 700: ("soil",), 800: ("light",), 1200: ("soil",)}
    state = scene = None
    rejects = {}
    with caplog.at_level(logging.INFO, logger="exhibit.activity"):
        for frame in range(36_000):
            now = 1000.0 + frame / 60
            state = states.get(frame, state)
            scene = scenes.get(frame, scene)
            if 3000 <= frame < 6000 and frame % 3 == 0:  # 1000 bad lines over 50 s
                reason = "too_long" if frame % 2 else "not_a_number"
                rejects = {**rejects, reason: rejects.get(reason, 0) + 1}
            stats = {"rejects": rejects, **({"dropped": 50} if frame >= 7000 else {})}
            status = SourceStatus(LIVE, port, state[0], state[2], state[1], stats,
                                  stand_in=state[0] == DISCONNECTED)
            t = touches.get(frame, ()) or (scene[2] if frame in scenes else ())
            activity.frame(now, _world(status, t), scene[0], scene[1])
    lines = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert lines == [
        ("INFO", f"source {port}: connecting"),
        ("INFO", "scene overview (start)"),
        ("INFO", f"source {port}: connected"),
        ("INFO", f"source {port}: disconnected (device disconnected); the simulator stands in"),
        ("INFO", f"source {port}: connected again (reconnect 1)"),
        ("INFO", f"source {port}: connected again (reconnect 2)"),
        ("INFO", f"source {port}: stale (no data for 3 s)"),
        ("INFO", f"source {port}: data again after a silence"),
        ("INFO", "scene parking (attract loop)"),
        ("INFO", "scene trees (touch on soil)"),
        ("INFO", "scene street_lights (attract loop again, no touch for a while)"),
        ("INFO", "scene trees (touch on soil)"),
        ("WARNING", "bad data: 1 line or value rejected (not_a_number 1); more are counted "
                    "and said at most once a minute"),
        ("INFO", "touches in the last minute: soil 4, light 1"),
        ("WARNING", "bad data: 999 lines or values rejected (too_long 500, not_a_number 499) "
                    "in the last minute"),
        ("WARNING", "queue full: 50 readings dropped; more are counted and said at most once "
                    "a minute (the frame loop fell behind)"),
    ]


def test_a_disk_that_fills_mid_run_costs_one_line_and_the_file_comes_back(tmp_path, capsys):
    """Every write to /dev/full fails (ENOSPC): one line, no traceback, nothing more while
    it stays full; a minute later the file is tried again and works once there is room."""
    from exhibit.kiosk.logfile import QuietFileHandler

    clock = [0.0]
    link = tmp_path / LOG_NAME
    link.symlink_to("/dev/full")
    handler = QuietFileHandler(link, clock=lambda: clock[0])
    record = logging.LogRecord("exhibit", logging.INFO, __file__, 1, "line %d", (1,), None)
    for t in (0.0, 1.0, 30.0, 61.0, 62.0):  # full all along: tried at 0 and again at 61
        clock[0] = t
        handler.emit(record)
    assert handler.failures == 2
    link.unlink()  # space again: the same name is a plain file now
    clock[0] = 200.0
    handler.emit(record)
    handler.close()
    err = capsys.readouterr().err
    assert err.count("log: cannot write") == 1 and "No space left on device" in err
    assert "Traceback" not in err and f"log: writing to {link} again" in err
    assert link.read_text().strip() == "line 1"
