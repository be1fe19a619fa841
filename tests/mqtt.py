"""Shared by the data-platform tests: a real Mosquitto (exhibit.devtools.mosquitto) and a
subscriber that keeps every message, as a map or another exhibit would. Without mosquitto,
openssl or paho-mqtt a test skips with the install command; under CI=true it fails."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from exhibit.devtools.mosquitto import APT, Mosquitto, missing


def need_platform() -> None:
    absent = missing()
    try:
        import paho.mqtt.client  # noqa: F401
    except ImportError:
        absent.append("paho-mqtt (.venv/bin/pip install -r requirements-platform.txt)")
    if absent:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{', '.join(absent)} missing in CI: scripts/ci-packages.sh and "
                        "requirements-dev.txt should install them")
        pytest.skip(f"{', '.join(absent)} not installed: {APT}")


def start_broker(folder: Path, **options) -> Mosquitto:
    need_platform()
    return Mosquitto(folder, **options).start()


class Listener:
    """A paho subscriber on `topic` that keeps (topic, payload, retained) of every message."""

    def __init__(self, broker: Mosquitto, topic: str = "#") -> None:
        import paho.mqtt.client as paho

        self.messages: list[tuple[str, bytes, bool]] = []
        self._lock = threading.Lock()
        self._subscribed = threading.Event()
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2)
        self.client.on_message = self._on_message
        self.client.on_connect = lambda c, *_: c.subscribe(topic, qos=1)
        self.client.on_subscribe = lambda *_: self._subscribed.set()
        if broker.ca_file:
            self.client.tls_set(ca_certs=str(broker.ca_file))
        self.client.connect("127.0.0.1", broker.port)
        self.client.loop_start()
        assert self._subscribed.wait(10), "the listener could not subscribe"

    def _on_message(self, _c, _u, msg) -> None:
        with self._lock:
            self.messages.append((msg.topic, msg.payload, bool(msg.retain)))

    def on(self, topic: str) -> list[bytes]:
        with self._lock:
            return [payload for t, payload, _ in self.messages if t == topic]

    def retained(self, topic: str) -> list[bytes]:
        with self._lock:
            return [payload for t, payload, r in self.messages if t == topic and r]

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
