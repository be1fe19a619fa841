"""The whole appliance at "login", on a real X server: `kiosk/install.sh` (into a throwaway
root) writes the autostart entry, GLib's desktop-entry launcher (`gio launch`, as a desktop
session runs its autostart entries) starts it, and the real launcher brings the real show
up fullscreen. A visitor's Esc and the window manager's close leave it on; after kill -9 it
is back by itself."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from tests.apprunner import wait_until
from tests.conftest import ROOT, app_env, need
from tests.xserver import Xvfb


def installed_entry(tmp_path: Path) -> Path:
    dest, home = tmp_path / "root", tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k != "XDG_CONFIG_HOME"}
    done = subprocess.run(["bash", str(ROOT / "kiosk" / "install.sh")], capture_output=True,
                          text=True, timeout=120, env=dict(env, DESTDIR=str(dest),
                                                           HOME=str(home)))
    assert done.returncode == 0, done.stdout + done.stderr
    return dest / str(home).lstrip("/") / ".config/autostart/sensorik-kiosk.desktop"


def state(runtime: Path) -> dict:
    try:
        return json.loads((runtime / "sensorik" / "launcher.json").read_text())
    except (OSError, ValueError):
        return {}


def test_the_autostart_entry_brings_the_show_up_and_it_heals_itself(tmp_path):
    gio = need("gio", "libglib2.0-bin")
    entry = installed_entry(tmp_path)
    xvfb = Xvfb()
    runtime, logs = tmp_path / "run", tmp_path / "state"
    runtime.mkdir(mode=0o700)
    env = dict(xvfb.env(app_env()), XDG_RUNTIME_DIR=str(runtime), XDG_STATE_HOME=str(logs))
    env.pop("SDL_VIDEODRIVER")  # as at a login: SDL chooses (x11 here)
    session = subprocess.Popen([gio, "launch", str(entry)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: state(runtime).get("state") == "running", "the launcher running")
        window = xvfb.window()
        first = state(runtime)["pid"]
        log = logs / "sensorik" / "exhibit.log"
        wait_until(lambda: log.exists() and "show on screen: 1920x1080" in log.read_text(),
                   "the show on screen")
        xvfb.xdotool("key", "Escape")
        xvfb.close_window(window)
        wait_until(lambda: "window close" in log.read_text(), "the close logged as ignored")
        assert state(runtime)["pid"] == first and state(runtime)["state"] == "running"

        killed = time.monotonic()
        os.kill(first, signal.SIGKILL)
        wait_until(lambda: log.read_text().count("show on screen") == 2, "the show again")
        back = time.monotonic() - killed
        assert back < 5, f"back after {back:.1f} s"
        assert state(runtime)["last_exit"] == {"signal": "SIGKILL"}
        assert state(runtime)["pid"] != first
    finally:
        launcher = state(runtime).get("launcher_pid")
        if launcher:
            os.kill(launcher, signal.SIGTERM)
            wait_until(lambda: state(runtime).get("state") == "stopped", "the launcher's end")
        session.wait(timeout=20)
        xvfb.stop()
