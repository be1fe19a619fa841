"""Nothing a kiosk meets ends the show with a traceback: stop signals at any moment, a
display that is not up yet or named wrongly, outputs that cannot be written, ports that can
never open. main.py runs as a subprocess, as at the exhibit."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from tests.apprunner import RunningApp
from tests.conftest import ROOT, app_env, main_cmd

STOP_SIGNALS = [signal.SIGTERM, signal.SIGINT, signal.SIGHUP]


def run_main(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(main_cmd(*args), cwd=ROOT, env=env or app_env(),
                          capture_output=True, text=True, timeout=60)


def stopped_cleanly(app: RunningApp, sig: signal.Signals) -> None:
    app.proc.send_signal(sig)
    code = app.finish()
    log = "".join(app.log)
    assert code == 0, log
    assert "Traceback" not in log and "KeyboardInterrupt" not in log
    assert app.diagnostics()["stopped_by"] == sig.name


def no_display_env() -> dict[str, str]:
    """x11 is a driver this SDL has, but there is no X server at :99 (a kiosk whose display
    is not up yet)."""
    env = app_env()
    env.pop("WAYLAND_DISPLAY", None)
    return dict(env, SDL_VIDEODRIVER="x11", DISPLAY=":99")


# --- signals ----------------------------------------------------------------------------

@pytest.mark.parametrize("sig", STOP_SIGNALS, ids=lambda s: s.name)
def test_a_stop_signal_during_the_show_ends_it_cleanly(tmp_path, sig):
    app = RunningApp(tmp_path, port="sim")
    app.wait_for_log("show on screen")
    stopped_cleanly(app, sig)
    assert app.shot.exists()  # the normal end: the last frame is kept


@pytest.mark.parametrize("sig", STOP_SIGNALS, ids=lambda s: s.name)
def test_a_stop_signal_during_start_up_ends_it_cleanly(tmp_path, sig):
    """Sent as soon as the source runs: display, prewarm and the first frame are ahead."""
    app = RunningApp(tmp_path, port="sim")
    app.wait_for_log("source: ")
    stopped_cleanly(app, sig)


@pytest.mark.parametrize("sig", STOP_SIGNALS, ids=lambda s: s.name)
def test_waiting_for_a_display_says_so_and_ends_cleanly_on_a_stop_signal(tmp_path, sig):
    app = RunningApp(tmp_path, port="sim", env=no_display_env())
    app.wait_for_log("no display yet (x11: ")
    assert "retrying every 2 s" in "".join(app.log)
    stopped_cleanly(app, sig)
    assert app.diagnostics()["state"] == "not shown yet"


# --- the display ----------------------------------------------------------------------------

def test_an_unknown_video_driver_is_a_usage_error_naming_the_choices():
    result = run_main("--port", "sim", "--windowed",
                      env=dict(app_env(), SDL_VIDEODRIVER="nonsense"))
    assert result.returncode == 2, result.stderr
    assert "SDL_VIDEODRIVER=nonsense: this SDL has no video driver 'nonsense'" \
        in result.stderr
    assert "choose one of" in result.stderr and "dummy" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# --- outputs that cannot be written -----------------------------------------------------------
# Root may write anywhere chmod forbids, so "read-only" here is a folder no one can create
# files in: /proc (every user, every machine), and a read-only tmpfs where mounting works.

@pytest.mark.parametrize(("args", "fragment"), [
    (["--screenshot", "/proc/shot.png", "--frames", "5"],
     "--screenshot /proc/shot.png: cannot write in /proc"),
    (["--gallery", "/proc/gallery"], "--gallery /proc/gallery: cannot write in /proc"),
])
def test_an_unwritable_output_is_refused_before_the_run(args, fragment):
    result = run_main("--port", "sim", "--windowed", "--size", "320x180", *args)
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "source: " not in result.stderr  # refused before anything ran


@pytest.fixture
def read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a read-only tmpfs here (needs root)")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def test_a_screenshot_into_a_read_only_mount_is_refused(read_only_folder):
    shot = read_only_folder / "shot.png"
    result = run_main("--port", "sim", "--windowed", "--size", "320x180", "--frames", "5",
                      "--screenshot", str(shot))
    assert result.returncode == 2, result.stderr
    assert f"--screenshot {shot}: cannot write in {read_only_folder} (Read-only file " \
        "system)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_screenshot_that_fails_at_the_end_says_so_in_one_message(tmp_path):
    app = RunningApp(tmp_path, port="sim")
    app.wait_for_log("show on screen")
    app.shot.mkdir()  # the path turns into a folder while the show runs
    app.proc.send_signal(signal.SIGTERM)
    code = app.finish()
    log = "".join(app.log)
    assert code == 2, log
    assert f"--screenshot {app.shot}: the show ran, but the last frame could not be saved" \
        in log
    assert "Traceback" not in log
    assert "diagnostics: " in log


# --- ports that can never open ------------------------------------------------------------

@pytest.mark.parametrize(("port", "fragment"), [
    ("bogus://x", "pyserial knows no URL scheme 'bogus://'; use one of"),
    ("socket://localhost:99999", "the TCP port must be a number from 1 to 65535"),
    ("socket://:7000", "the host is missing; write it as socket://"),
    ("rfc2217://board", "the TCP port must be a number from 1 to 65535"),
    ("README.md", "is a regular file, not a serial device"),
    ("scenes", "is a folder, not a serial device"),
])
def test_a_port_that_can_never_open_is_a_usage_error(port, fragment):
    result = run_main("--port", port, "--windowed", "--size", "320x180", "--frames", "5")
    assert result.returncode == 2, result.stderr
    assert f"--port '{port}'" in result.stderr and fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_a_device_not_plugged_in_yet_is_waited_for_and_said_once(tmp_path):
    missing = tmp_path / "ttyACM-not-yet"
    app = RunningApp(tmp_path, port=str(missing))
    app.wait_for_log(f"serial {missing}: waiting for the board")
    app.wait_for_log("show on screen")
    stopped_cleanly(app, signal.SIGTERM)
    assert app.count_log("waiting for the board") == 1


@pytest.mark.parametrize("port", ["sim", "auto", "loop://", "socket://localhost:7000",
                                  "spy://loop://", "/dev/ttyACM9", "/dev/null"])
def test_ports_that_may_open_pass_the_check(port):
    from exhibit.sources.choose import port_problem

    assert port_problem(port) is None


def test_the_url_schemes_are_pyserials_own():
    from exhibit.sources.choose import url_schemes

    assert {"socket", "rfc2217", "loop", "hwgrep", "spy", "alt"} <= set(url_schemes())


def test_the_video_drivers_include_the_headless_ones(pygame_ready):
    from exhibit.kiosk.display import video_drivers

    assert {"dummy", "offscreen"} <= set(video_drivers(pygame_ready))

