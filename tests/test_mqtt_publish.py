"""Publishing to a data platform (`publish.mqtt`), against a real Mosquitto on loopback:
readings arrive with the right topics and payloads in every format; a broker that dies
never holds up a frame, what it missed is counted and publishing resumes when it is back;
the retained online/offline status with the last will; wrong credentials are one clear
log line; a bad section exits 2 with file:line, and so does a missing paho."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

import pygame
import pytest

from exhibit.reading import Reading
from tests.apprunner import wait_until as _wait
from tests.conftest import ROOT, app_env, main_cmd
from tests.mqtt import Listener, start_broker

PREFIX = "test/exhibit"


def wait_until(check, seconds: float = 10.0, what: str = "") -> None:
    _wait(check, what, seconds)


@pytest.fixture
def broker(tmp_path):
    b = start_broker(tmp_path / "broker")
    yield b
    b.kill()


def settings(port: int, **more):
    from exhibit.publishconfig import MqttPublish

    return MqttPublish(f"mqtt://127.0.0.1:{port}", "127.0.0.1", port, False,
                       topic_prefix=PREFIX, client_id="test-exhibit", **more)


def make_loop(publisher):
    from exhibit.cli import parse_args
    from exhibit.loop import FrameLoop
    from exhibit.render.canvas import Canvas
    from exhibit.render.text import TextCache
    from exhibit.show import prepare
    from exhibit.sources.base import ReadingQueue
    from exhibit.sources.simulator import SimulatorSource

    show = prepare(parse_args([]))
    queue = ReadingQueue()
    source = SimulatorSource(show.config.sensors, seed=1)
    loop = FrameLoop(show, source, queue, Canvas(pygame.Surface((640, 360)), TextCache()),
                     0.0, publisher=publisher)
    return loop, queue


def test_readings_arrive_in_every_format(broker, pygame_ready):
    from exhibit.config import load_config
    from exhibit.platform.publisher import Publisher

    sensors = load_config(ROOT / "exhibit.yaml").sensors
    ds = {sid: str(100 + i) for i, sid in enumerate(sensors)}
    listener = Listener(broker)
    publisher = Publisher(settings(broker.port, rate_hz=20.0,
                                   formats=("json", "sensorthings", "homeassistant"),
                                   datastreams=ds), sensors)
    publisher.start()
    loop, queue = make_loop(publisher)
    try:
        wait_until(lambda: publisher.online, 10, "publisher online")
        now = 0.0
        for i in range(20):
            queue.put_many([Reading("light", 300.0, now), Reading("temp", 512.0, now)])
            loop.frame(0.05, now)
            now += 0.05
        wait_until(lambda: listener.on(f"{PREFIX}/light") and listener.on(
            f"v1.1/Datastreams({ds['temp']})/Observations"), 10, "readings at the listener")
        plain = json.loads(listener.on(f"{PREFIX}/light")[-1])
        assert set(plain) == {"value", "unit", "level", "time", "source", "simulated"}
        assert plain["source"] == "exhibit-model" and plain["simulated"] is True
        assert plain["unit"] == sensors["light"].unit and isinstance(plain["value"], (int, float))
        assert plain["time"].endswith("Z")
        obs = json.loads(listener.on(f"v1.1/Datastreams({ds['temp']})/Observations")[-1])
        assert set(obs) == {"phenomenonTime", "result"}
        assert obs["result"] == json.loads(listener.on(f"{PREFIX}/temp")[-1])["value"]
        assert listener.on(f"{PREFIX}/status")[-1] == b"online"
        config_topic = f"homeassistant/sensor/test_exhibit/light/config"
        discovery = json.loads(listener.on(config_topic)[-1])
        assert discovery["state_topic"] == f"{PREFIX}/light"
        assert discovery["value_template"] == "{{ value_json.value }}"
        assert discovery["availability_topic"] == f"{PREFIX}/status"
        assert discovery["device"]["identifiers"] == ["test_exhibit"]
        assert len([t for t, _, _ in listener.messages if t.startswith(
            "homeassistant/sensor/test_exhibit/")]) == len(sensors)
        # Home Assistant restarts and says so: the discovery comes again
        listener.client.publish("homeassistant/status", "online", qos=1)
        wait_until(lambda: len(listener.on(config_topic)) == 2, 5, "discovery re-sent")
        # a late subscriber still sees the retained status and discovery
        late = Listener(broker)
        wait_until(lambda: late.retained(f"{PREFIX}/status") and late.retained(config_topic),
                   5, "retained status and discovery")
        late.close()
        stats = loop.diagnostics()["platform"]
        assert stats["state"] == "online" and stats["acknowledged"] > 0
        assert stats["failed"] == stats["dropped"] == 0
        assert loop.stage.platform[0] is True and loop.stage.platform[1] > 0
    finally:
        publisher.close()
        listener.close()
    after = Listener(broker, f"{PREFIX}/status")
    wait_until(lambda: after.retained(f"{PREFIX}/status") == [b"offline"], 5,
               "retained offline after close")
    after.close()


def test_a_dead_broker_holds_up_no_frame_and_publishing_resumes(broker, pygame_ready):
    from exhibit.config import load_config
    from exhibit.platform.publisher import Publisher

    sensors = load_config(ROOT / "exhibit.yaml").sensors
    publisher = Publisher(settings(broker.port, rate_hz=30.0, qos=1), sensors, limit=8,
                          reconnect=(1, 1))  # the app backs off up to 30 s
    publisher.start()
    loop, queue = make_loop(publisher)
    listener = Listener(broker, f"{PREFIX}/light")
    longest, frames, now = 0.0, 0, 0.0

    def run_frames(seconds: float) -> None:
        nonlocal longest, frames, now
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            queue.put_many([Reading(sid, 400.0 + frames % 50, now)
                            for sid in ("light", "temp", "soil")])
            start = time.perf_counter()
            loop.frame(1 / 60, now)
            longest = max(longest, time.perf_counter() - start)
            assert len(publisher._snapshots) <= 8  # bounded, whatever the broker does
            frames += 1
            now += 1 / 60
            time.sleep(1 / 120)

    try:
        wait_until(lambda: publisher.online, 10, "publisher online")
        run_frames(0.5)
        wait_until(lambda: listener.on(f"{PREFIX}/light"), 5, "first readings")
        broker.kill()
        listener.close()
        wait_until(lambda: not publisher.online, 5, "publisher notices the broker is gone")
        before = frames
        run_frames(2.0)  # the broker away: frames go on at the same pace
        assert frames - before > 30  # ~240 when nothing waits; 30 leaves room for a busy CI
        assert loop.stage.platform[0] is False  # the strip shows the platform offline
        stats = publisher.stats()
        assert stats["failed"] > 0 and stats["state"] == "offline"
        broker.start()  # back on the same port
        acked = publisher.acknowledged
        listener = Listener(broker, f"{PREFIX}/light")
        deadline = time.monotonic() + 15
        while not (publisher.online and publisher.acknowledged > acked and
                   listener.on(f"{PREFIX}/light")):
            assert time.monotonic() < deadline, "publishing did not resume"
            run_frames(0.2)
        assert longest < 0.5, f"a frame took {longest * 1000:.0f} ms"
    finally:
        publisher.close()
        listener.close()


def test_a_full_queue_drops_the_oldest_snapshot_and_counts_its_readings(pygame_ready):
    from exhibit.config import load_config
    from exhibit.platform.publisher import Publisher

    sensors = load_config(ROOT / "exhibit.yaml").sensors
    publisher = Publisher(settings(1, rate_hz=10.0), sensors, limit=3)  # never started
    loop, queue = make_loop(publisher)
    cut = 0.0
    for i in range(10):  # each frame 0.1 s apart: one snapshot of two sensors each
        queue.put_many([Reading("light", 300.0 + i, i * 0.1), Reading("temp", 500.0, i * 0.1)])
        if i == 7:
            cut = time.time()
        loop.frame(0.1, i * 0.1)
    stats = loop.diagnostics()["platform"]
    assert stats["queued"] == 3 and stats["dropped"] == 7 * 2
    assert publisher._snapshots[0][0] >= cut  # the newest three stayed


def test_wrong_credentials_are_one_clear_line_never_the_password(tmp_path, caplog):
    from exhibit.platform.publisher import Publisher

    b = start_broker(tmp_path / "broker", users={"exhibit": "right-secret"})
    env = {"SENSORIK_MQTT_USERNAME": "exhibit", "SENSORIK_MQTT_PASSWORD": "wrong-secret"}
    publisher = Publisher(settings(b.port), {}, env=env, reconnect=(1, 1))
    try:
        with caplog.at_level("INFO", logger="exhibit.platform"):
            publisher.start()
            wait_until(lambda: publisher.state == "refused", 10, "refused")
            time.sleep(1.5)  # a retry or so: still one line
        refusals = [r for r in caplog.records if "refused" in r.getMessage()]
        assert len(refusals) == 1, [r.getMessage() for r in refusals]
        assert "SENSORIK_MQTT_PASSWORD" in refusals[0].getMessage()
        assert "secret" not in caplog.text
        good = Publisher(settings(b.port), {}, env={**env, "SENSORIK_MQTT_PASSWORD":
                                                    "right-secret"})
        good.start()
        wait_until(lambda: good.online, 10, "right credentials connect")
        good.close()
    finally:
        publisher.close()
        b.kill()


def write_config(tmp: Path, section: str) -> Path:
    path = tmp / "exhibit.yaml"
    path.write_text((ROOT / "exhibit.yaml").read_text() + section)
    return path


def test_the_app_publishes_and_its_will_says_offline_when_it_dies(tmp_path, broker):
    config = write_config(tmp_path, f"publish:\n  mqtt:\n    url: mqtt://127.0.0.1:"
                          f"{broker.port}\n    topic_prefix: {PREFIX}\n    rate_hz: 5\n")
    listener = Listener(broker)
    app = subprocess.Popen(main_cmd("--config", str(config), "--port", "sim", "--seed", "1",
                                    "--size", "640x360"), cwd=ROOT, env=app_env(),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: listener.on(f"{PREFIX}/light"), 30, "the app's readings")
        assert listener.on(f"{PREFIX}/status")[-1] == b"online"
        os.kill(app.pid, signal.SIGKILL)  # no goodbye: the broker sends the will
        app.wait(10)
        wait_until(lambda: listener.on(f"{PREFIX}/status")[-1:] == [b"offline"], 10,
                   "the last will")
    finally:
        if app.poll() is None:
            app.kill()
        listener.close()


@pytest.mark.parametrize("section, where, words", [
    ("    url: ftp://localhost\n", "publish.mqtt.url", "mqtt:// or mqtts://"),
    ("    url: mqtt://localhost\n    format: sensorthings\n    datastreams: {light: 1}\n",
     "publish.mqtt.datastreams", "missing: motion"),
    ("    url: mqtt://localhost\n    qos: 3\n", "publish.mqtt.qos", "0 to 2"),
])
def test_a_bad_publish_section_exits_2_with_file_and_line(tmp_path, section, where, words):
    config = write_config(tmp_path, "publish:\n  mqtt:\n" + section)
    result = subprocess.run(main_cmd("--config", str(config), "--check-config"), cwd=ROOT,
                            env=app_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    first = result.stderr.strip().splitlines()[-1]
    assert f"{config}:" in first and where in first and words in first, first
    assert "Traceback" not in result.stderr


def test_publishing_without_paho_says_how_to_install_it(tmp_path):
    config = write_config(tmp_path, "publish:\n  mqtt:\n    url: mqtt://127.0.0.1:1\n")
    fake = tmp_path / "nopaho" / "paho"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('no paho here')\n")
    env = {**app_env(), "PYTHONPATH": str(fake.parent)}
    for args in (("--port", "sim", "--frames", "2", "--size", "640x360"), ("--check-config",)):
        result = subprocess.run(main_cmd("--config", str(config), *args), cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, args
        assert "requirements-platform.txt" in result.stderr and "Traceback" not in result.stderr
