"""The kiosk launcher with the real app: kill -9, a freeze (SIGSTOP), a crash loop, staff
quitting, SIGTERM — and the app's own heartbeat and systemd notifications. Real processes,
real files, a real AF_UNIX socket. The launchers run side by side (started together by one
fixture), so the file costs about as long as its slowest scenario."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from exhibit.kiosk.heartbeat import Heartbeat
from exhibit.kiosk.sdnotify import Notifier
from tests.apprunner import wait_until
from tests.conftest import ROOT, app_env, main_cmd

APP = ["--port", "sim", "--windowed", "--size", "320x180"]
TIMEOUT = 4  # --heartbeat-timeout of the freeze scenario


class Launcher:
    """`python -m exhibit.kiosk.launcher` with its own state and log folders."""

    def __init__(self, tmp: Path, *args: str) -> None:
        self.state_dir = tmp / "run"
        self.log_file = tmp / "log" / "launcher.log"
        env = dict(app_env(), XDG_STATE_HOME=str(tmp / "xdg-state"),
                   XDG_RUNTIME_DIR=str(tmp))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "exhibit.kiosk.launcher", "--state-dir", str(self.state_dir),
             "--log-dir", str(tmp / "log"), *args], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.err: list[str] = []
        threading.Thread(target=lambda: self.err.extend(self.proc.stderr), daemon=True).start()

    def _json(self, name: str) -> dict:
        try:
            return json.loads((self.state_dir / name).read_text())
        except (OSError, ValueError):
            return {}

    def state(self) -> dict:
        return self._json("launcher.json")

    def beating_pid(self) -> int | None:
        return self._json("heartbeat.json").get("pid")

    def wait(self, check, what: str, deadline: float) -> None:
        try:
            wait_until(check, what, deadline)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\nstate: {self.state()}\n{''.join(self.err)}") from None

    def finish(self) -> int:
        try:
            return self.proc.wait(15)
        finally:
            self.proc.kill()


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(scope="module")
def launchers(tmp_path_factory):
    """All launcher scenarios at once: they mostly wait, so they share the time."""
    bad = tmp_path_factory.mktemp("cfg") / "bad.yaml"
    text = (ROOT / "exhibit.yaml").read_text()
    assert "quit_hold: 2}" in text
    bad.write_text(text.replace("quit_hold: 2}", "quit_hold: lang}"))
    started = {
        "recovery": Launcher(tmp_path_factory.mktemp("recovery"), "--heartbeat-timeout",
                             str(TIMEOUT), "--", *APP),
        "crash_loop": Launcher(tmp_path_factory.mktemp("crash"), "--max-restarts", "2",
                               "--cooldown", "120", "--", *APP, "--config", str(bad)),
        "quit": Launcher(tmp_path_factory.mktemp("quit"), "--", *APP, "--frames", "20"),
    }
    yield started
    for launcher in started.values():
        launcher.proc.kill()


def test_kill9_and_freeze_are_recovered_and_sigterm_ends_all(launchers):
    launcher = launchers["recovery"]
    launcher.wait(lambda: launcher.beating_pid(), "the first heartbeat", 20)
    first = launcher.beating_pid()
    os.kill(first, signal.SIGKILL)
    launcher.wait(lambda: launcher.beating_pid() not in (None, first),
                  "a new app's heartbeat within 5 s of kill -9", 5)

    frozen = launcher.beating_pid()
    os.kill(frozen, signal.SIGSTOP)
    launcher.wait(lambda: launcher.beating_pid() not in (None, frozen),
                  "a new app's heartbeat after the freeze", TIMEOUT + 10)
    assert gone(frozen)
    state = launcher.state()
    assert state["last_reason"] == f"froze: no heartbeat for {TIMEOUT} s"
    assert state["last_exit"] == {"signal": "SIGKILL"}
    assert state["starts"] == 3
    launcher.wait(lambda: launcher.state()["state"] == "running", "running again", 5)

    app = launcher.state()["pid"]
    launcher.proc.send_signal(signal.SIGTERM)
    assert launcher.finish() == 0
    assert gone(app)
    log = "".join(launcher.err)
    assert "Traceback" not in log
    assert launcher.state()["state"] == "stopped"
    logged = launcher.log_file.read_text()
    assert f"froze: no heartbeat for {TIMEOUT} s" in logged and f"app[{app}]: " in logged


def test_crash_loop_ends_on_the_error_screen_naming_the_cause(launchers):
    launcher = launchers["crash_loop"]
    launcher.wait(lambda: launcher.state().get("state") == "error_screen",
                  "the error screen after the crash loop", 30)
    state = launcher.state()
    assert state["starts"] == 3        # --max-restarts 2: the first start and two restarts
    assert state["last_exit"] == {"code": 2}
    text = (ROOT / "exhibit.yaml").read_text()
    line = text[:text.index("quit_hold: 2}")].count("\n") + 1
    assert f"bad.yaml:{line}: kiosk.quit_hold" in state["last_reason"]
    screen = state["error_screen_pid"]
    time.sleep(0.5)                    # the screen stays (and no fourth start happens)
    assert not gone(screen) and launcher.state()["starts"] == 3

    launcher.proc.kill()               # even a launcher killed outright takes its child along
    launcher.wait(lambda: gone(screen), "the error screen ending with its launcher", 10)
    assert "Traceback" not in "".join(launcher.err)


def test_app_exit_0_ends_the_launcher_without_a_restart(launchers):
    launcher = launchers["quit"]
    assert launcher.finish() == 0
    state = launcher.state()
    assert state["starts"] == 1 and state["last_exit"] == {"code": 0}
    assert state["state"] == "stopped"


def _listen(tmp: str) -> tuple[socket.socket, str]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    name = f"@sensorik-test-{os.getpid()}-{tmp}"      # the abstract namespace, as systemd may
    sock.bind("\0" + name[1:])
    sock.settimeout(10)
    return sock, name


def drain(sock: socket.socket) -> list[str]:
    """Every datagram waiting on the socket."""
    sock.settimeout(0)
    got = []
    while True:
        try:
            got.append(sock.recv(256).decode())
        except BlockingIOError:
            return got


def test_app_sends_ready_and_watchdog_while_frames_are_drawn(tmp_path):
    sock, name = _listen("app")
    heartbeat = tmp_path / "hb.json"
    env = dict(app_env(), NOTIFY_SOCKET=name)
    done = subprocess.run(main_cmd(*APP, "--frames", "30", "--heartbeat", str(heartbeat)),
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    got = drain(sock)
    sock.close()
    assert got[0] == "READY=1" and "WATCHDOG=1" in got and got[-1] == "STOPPING=1", got
    record = json.loads(heartbeat.read_text())
    assert record["frames"] > 0 and record["pid"] != os.getpid()


def test_heartbeat_stops_when_the_frames_stop(tmp_path, caplog):
    sock, name = _listen("unit")
    path = tmp_path / "hb.json"
    beat = Heartbeat(path, every=0.05, notifier=Notifier({"NOTIFY_SOCKET": name})).start()
    beat.beat()
    wait_until(lambda: beat.written == 1, "the first heartbeat", 5)
    assert sock.recv(64) == b"READY=1" and sock.recv(64) == b"WATCHDOG=1"
    stamp = path.stat().st_mtime_ns
    time.sleep(0.4)                    # eight looks, no frame: a frozen loop
    assert beat.written == 1 and path.stat().st_mtime_ns == stamp
    beat.beat()
    wait_until(lambda: beat.written == 2, "a heartbeat after the next frame", 5)

    beat.stop()
    drain(sock)

    nowhere = Heartbeat(tmp_path / "gone" / "hb.json", every=0.05,
                        notifier=Notifier({"NOTIFY_SOCKET": name})).start()
    for _ in range(4):                 # cannot be written: logged once, the pings go on
        nowhere.beat()
        time.sleep(0.1)
    nowhere.stop()
    warnings = [r for r in caplog.records if "cannot be written" in r.getMessage()]
    assert len(warnings) == 1 and nowhere.written == 0
    sent = drain(sock)
    sock.close()
    assert sent[0] == "READY=1" and sent.count("WATCHDOG=1") >= 3, sent


def test_an_unexpected_error_is_logged_and_exits_70(monkeypatch, capsys, caplog):
    import exhibit.app

    def broken(_options):
        raise RuntimeError("planted")

    monkeypatch.setattr(exhibit.app, "prepare", broken)  # a bug anywhere in the show
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT,
                                                        signal.SIGHUP)}
    try:
        assert exhibit.app.main(APP) == exhibit.app.EXIT_SOFTWARE == 70
    finally:  # main installed the show's stop handlers in this process
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert capsys.readouterr().err == ("main.py: the show stopped after an unexpected error "
                                       "(RuntimeError: planted); details in the log\n")
    assert caplog.records[-1].exc_info[0] is RuntimeError
