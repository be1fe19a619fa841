"""A data platform as the source (`--port mqtt://host:port/<prefix>`), against a real
Mosquitto on loopback: main.py records what a publisher sends, in each payload form, for the
right sensors; bad payloads are counted and the next decodes; a broker that goes away and
comes back is reconnected by itself; a bad address or config ends with exit 2."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from tests.apprunner import RunningApp, wait_until
from tests.conftest import ROOT, app_env, main_cmd
from tests.mqtt import start_broker

PREFIX = "stadt/raum1"


@pytest.fixture
def broker(tmp_path):
    b = start_broker(tmp_path / "broker")
    yield b
    b.stop()


def _config(tmp: Path) -> Path:
    """exhibit.yaml with co2 on SensorThings datastream 17."""
    text = (ROOT / "exhibit.yaml").read_text().replace(
        "device: {port: auto, baud: 115200, protocol: lines}",
        "device: {port: auto, baud: 115200, protocol: lines, datastreams: {co2: 17}}")
    path = tmp / "exhibit.yaml"
    path.write_text(text)
    return path


def _values(app: RunningApp) -> list[tuple[str, float]]:
    return [(r["sensor"], r["value"]) for r in app.recorded()]


def test_each_payload_form_reaches_its_sensor_and_bad_ones_are_counted(broker, tmp_path):
    app = RunningApp(tmp_path, port=f"mqtt://127.0.0.1:{broker.port}/{PREFIX}",
                     extra=("--config", str(_config(tmp_path))))
    try:
        app.wait_for_log(": connected")
        broker.publish(f"{PREFIX}/temp", "21.5")                               # bare number
        broker.publish(f"{PREFIX}/noise", '{"value": 55, "unit": "dB(A)", "level": "ok", '
                       '"timestamp": "2026-12-07T14:00:00Z", "source": "exhibit-model"}')
        broker.publish(f"{PREFIX}/temp", "warm")                               # not a number
        broker.publish(f"{PREFIX}/noise", '{"value": ')                       # broken JSON
        broker.publish(f"{PREFIX}/noise", '{"value": NaN}')                   # not finite
        broker.publish(f"{PREFIX}/noise", '{"value": 70, "simulated": true}')  # a stand-in's
        broker.publish(f"{PREFIX}/volume", "11")                               # no such sensor
        broker.publish(f"{PREFIX}/status", "online")                           # ignored
        broker.publish("v1.1/Datastreams(17)/Observations",                    # SensorThings
                       '{"phenomenonTime": "2026-12-07T14:00:00Z", "result": 812}')
        broker.publish(f"{PREFIX}/temp", "-3")                                 # the next decodes
        wait_until(lambda: len(_values(app)) >= 4, "four recorded readings")
    finally:
        assert app.stop() == 0
    assert _values(app) == [("temp", 21.5), ("noise", 55.0), ("co2", 812.0), ("temp", -3.0)]
    diag = app.diagnostics()
    assert diag["rejects"] == {"not_a_number": 2, "invalid_json": 1, "simulated": 1,
                               "unknown_key": 1}
    assert diag["unknown_keys"] == {"volume": 1} and diag["readings"] == 4
    assert app.recording()[0]["session"]["source"] == f"mqtt://127.0.0.1:{broker.port}/{PREFIX}"


def test_a_broker_that_restarts_is_reconnected_by_itself(broker, tmp_path):
    app = RunningApp(tmp_path, port=f"mqtt://127.0.0.1:{broker.port}/{PREFIX}")
    try:
        app.wait_for_log(": connected")
        broker.publish(f"{PREFIX}/temp", "20")
        wait_until(lambda: ("temp", 20.0) in _values(app), "the reading before the restart")
        broker.stop()
        app.wait_for_log(": disconnected")
        time.sleep(0.3)  # the show runs on (simulated stand-in values) meanwhile
        broker.start()
        app.wait_for_log(": connected", times=2)
        broker.publish(f"{PREFIX}/temp", "30")
        wait_until(lambda: ("temp", 30.0) in _values(app), "the reading after the restart")
    finally:
        assert app.stop() == 0
    assert _values(app) == [("temp", 20.0), ("temp", 30.0)]  # stand-in values not recorded
    diag = app.diagnostics()
    assert diag["state"] == "connected" and diag["reconnects"] == 1


def test_credentials_come_from_the_environment_and_a_wrong_one_is_said_not_logged(tmp_path):
    broker = start_broker(tmp_path / "broker", users={"raum1": "richtig-1234"})
    url = f"mqtt://127.0.0.1:{broker.port}/{PREFIX}"
    try:
        for n, password in enumerate(("falsch-5678", "richtig-1234")):
            run_dir = tmp_path / str(n)
            run_dir.mkdir()
            env = dict(app_env(), SENSORIK_MQTT_USERNAME="raum1", SENSORIK_MQTT_PASSWORD=password)
            app = RunningApp(run_dir, port=url, env=env)
            try:
                app.wait_for_log("the broker refused" if n == 0 else ": connected")
                if n == 1:
                    broker.publish(f"{PREFIX}/temp", "18")
                    wait_until(lambda: _values(app) == [("temp", 18.0)], "the reading")
            finally:
                assert app.stop() == 0
            log = "".join(app.log)
            assert password not in log
            if n == 0:
                assert "Not authorized" in app.diagnostics()["detail"] and _values(app) == []
                assert "SENSORIK_MQTT_PASSWORD" in log
    finally:
        broker.stop()


def test_the_badge_says_data_platform_and_platform_offline(pygame_ready, monkeypatch):
    import exhibit.stage as stage_mod
    from exhibit.status import CONNECTED, DISCONNECTED, LIVE, SourceStatus
    from exhibit.world import World

    shown: list[str] = []
    monkeypatch.setattr(stage_mod, "badge", lambda canvas, text, *a, **k: shown.append(text))
    stage = stage_mod.Stage(stage_mod.load_frame_text())
    for state, away in ((CONNECTED, False), (DISCONNECTED, True)):
        status = SourceStatus(LIVE, "mqtt://x/y", state, stand_in=away, platform=True)
        for lang in ("de", "en", "ls"):
            stage._badge(None, World(0.0, {}, status), lang)
    assert shown[:2] == ["Live – Datenplattform", "Live – data platform"]
    assert shown[3].startswith("Datenplattform getrennt") and len(set(shown)) == 6


@pytest.mark.parametrize("port, says", [
    ("mqtt://127.0.0.1:1883", "topic prefix is missing"),
    ("mqtt://127.0.0.1:1883/", "topic prefix is missing"),
    ("mqtt://user:secret@127.0.0.1/x", "SENSORIK_MQTT_PASSWORD"),
    ("mqttx://127.0.0.1/x", "mqtt://host/<prefix>"),
])
def test_a_bad_platform_address_ends_with_exit_2_and_one_clear_line(port, says):
    run = subprocess.run(main_cmd("--port", port, "--windowed", "--frames", "1"), cwd=ROOT,
                         env=app_env(), capture_output=True, text=True, timeout=30)
    assert run.returncode == 2, run.stdout + run.stderr
    out = run.stderr + run.stdout
    assert says in run.stderr and "Traceback" not in out and "secret" not in out


def test_a_datastream_for_no_sensor_ends_with_exit_2_at_its_line(tmp_path):
    path = tmp_path / "exhibit.yaml"
    path.write_text((ROOT / "exhibit.yaml").read_text().replace(
        "device: {port: auto, baud: 115200, protocol: lines}",
        "device: {port: auto, baud: 115200, protocol: lines, datastreams: {ozone: 17}}"))
    run = subprocess.run(main_cmd("--config", str(path), "--check-config"), cwd=ROOT,
                         env=app_env(), capture_output=True, text=True, timeout=30)
    assert run.returncode == 2
    assert f"{path}:7" in run.stderr and "ozone" in run.stderr
