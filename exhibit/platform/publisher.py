"""The publisher: the frame loop's values to an MQTT broker, never waiting on it.

The frame loop calls `offer` once a frame; at `rate_hz` it takes a snapshot of the fresh
values (a few tuples, no I/O) into a bounded queue — full, the oldest snapshot goes and its
readings count as `dropped`. A sender thread formats the snapshots (exhibit.platform.payloads)
and hands them to paho's network thread (`connect_async` + `loop_start`, reconnecting with
backoff). While the broker is away nothing is handed over: those readings count as
`failed`, so paho's own queue never grows with an outage (it is capped as well). A broker
that is down, slow or refusing changes neither the frame rate nor the serial link.

Availability: a retained `<prefix>/status` "online" on every connect, "offline" as the last
will (the broker sends it when the exhibit vanishes) and on a clean close. With format
homeassistant the discovery configs go out retained on connect and again whenever Home
Assistant announces `homeassistant/status` "online".
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Mapping
from datetime import datetime, timezone

from exhibit.brokerprobe import LOGIN_REFUSED, why_unreachable
from exhibit.platform.payloads import (HA_STATUS, Message, Sample, discovery, messages,
                                       status_topic)
from exhibit.publishconfig import PASSWORD_ENV, USERNAME_ENV, MqttPublish

log = logging.getLogger("exhibit.platform")

QUEUE_LIMIT = 64        # snapshots waiting for the sender (at 20 Hz: ~3 s of values)
PAHO_QUEUE_LIMIT = 1000  # messages paho may hold (QoS ≥ 1 in flight over a short outage)
RECONNECT = (1, 30)      # seconds: first retry, longest backoff
KEEPALIVE = 15           # seconds: the broker sends the will this soon after we vanish
INSTALL_HINT = ("publish.mqtt needs paho-mqtt: .venv/bin/pip install -r "
                "requirements-platform.txt")


class PlatformMissing(Exception):
    """Publishing cannot start: paho-mqtt is not installed, or its TLS files are unusable."""


def paho_missing() -> str | None:
    """The install hint when paho-mqtt cannot be imported, else None (--check-config)."""
    try:
        import paho.mqtt.client  # noqa: F401
    except ImportError:
        return INSTALL_HINT
    return None


class Publisher:
    def __init__(self, settings: MqttPublish, sensors: Mapping[str, object],
                 env: Mapping[str, str] | None = None, limit: int = QUEUE_LIMIT,
                 reconnect: tuple[int, int] = RECONNECT) -> None:
        try:
            import paho.mqtt.client as mqtt
        except ImportError:
            raise PlatformMissing(INSTALL_HINT) from None
        self._mqtt = mqtt
        self.settings = settings
        self.period = 1.0 / settings.rate_hz
        env = os.environ if env is None else env
        self._sensors = {sid: s for sid, s in sensors.items()}
        self._cond = threading.Condition()
        self._snapshots: deque[tuple[float, bool, list[Sample]]] = deque()
        self._limit = limit
        self._next = 0.0
        self._closing = False
        self._lock = threading.Lock()  # counters and the message ids awaiting their ack
        self._pending: dict[int, bool] = {}  # mid -> counted (a reading, not status)
        self._early: set[int] = set()  # acks that came before publish() returned the mid
        self.sent = self.acknowledged = self.dropped = self.failed = 0
        self.state = "connecting"  # connecting | online | offline | refused
        self.problem: str | None = None  # the last reason said in the log (said once)
        self._said: str | None = None
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=settings.client_id)
        client.will_set(status_topic(settings), "offline", qos=1, retain=True)
        user = env.get(USERNAME_ENV)
        self._with_user = bool(user)
        if user:
            client.username_pw_set(user, env.get(PASSWORD_ENV) or None)
        if settings.tls:
            try:
                client.tls_set(ca_certs=settings.ca_file, certfile=settings.cert_file,
                               keyfile=settings.key_file)
            except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
                raise PlatformMissing(f"publish.mqtt.tls: the TLS files cannot be used "
                                      f"({exc})") from None
        self._reconnect = reconnect
        client.reconnect_delay_set(*reconnect)
        client.max_queued_messages_set(PAHO_QUEUE_LIMIT)
        client.on_connect = self._on_connect
        client.on_connect_fail = self._on_connect_fail
        client.on_disconnect = self._on_disconnect
        client.on_publish = self._on_publish
        client.on_message = self._on_message
        self.client = client
        self._thread = threading.Thread(target=self._run, name="platform-publisher",
                                        daemon=True)

    def start(self) -> None:
        """Connect in the background: returns at once, also with the broker down."""
        log.info("publishing to %s under %s/ (%s, QoS %d, %g Hz)", self.settings.where,
                 self.settings.topic_prefix, ", ".join(self.settings.formats),
                 self.settings.qos, self.settings.rate_hz)
        self.client.connect_async(self.settings.host, self.settings.port, KEEPALIVE)
        self.client.loop_start()
        self._thread.start()

    # --- the frame loop's side: no I/O -------------------------------------------------
    def offer(self, world, now: float) -> None:
        """At `rate_hz`, a snapshot of the world's fresh values into the bounded queue."""
        if now < self._next:
            return
        self._next = now + self.period if now - self._next > self.period else \
            self._next + self.period
        samples = [Sample(sid, view.value, view.sensor.unit,
                          view.level.name if view.level else None, view.sensor.decimals)
                   for sid, view in world.sensors.items() if view.fresh]
        if not samples:
            return
        source = world.source
        simulated = source.kind == "simulation" or source.stand_in
        with self._cond:
            while len(self._snapshots) >= self._limit:
                self.dropped += len(self._snapshots.popleft()[2])
            self._snapshots.append((time.time(), simulated, samples))
            self._cond.notify()

    @property
    def online(self) -> bool:
        return self.state == "online"

    def view(self) -> tuple[bool, int]:
        """(online, acknowledged so far): what the strip's platform station shows."""
        return self.state == "online", self.acknowledged

    def stats(self) -> dict:
        with self._lock:
            return {"broker": self.settings.where, "state": self.state, "sent": self.sent,
                    "acknowledged": self.acknowledged, "dropped": self.dropped,
                    "failed": self.failed, "queued": len(self._snapshots),
                    "in_flight": len(self._pending), **({"problem": self.problem}
                                                         if self.problem else {})}

    def close(self, timeout: float = 2.0) -> None:
        """Send what is queued (if the broker is there), say "offline", disconnect."""
        with self._cond:
            self._closing = True
            self._cond.notify()
        if self._thread.is_alive():
            self._thread.join(timeout)
        if self.online:
            info = self.client.publish(status_topic(self.settings), "offline", qos=1,
                                       retain=True)
            try:
                info.wait_for_publish(timeout)
            except (RuntimeError, ValueError):
                pass
        self.client.disconnect()
        self.client.loop_stop()

    # --- the sender thread ---------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._snapshots and not self._closing:
                    self._cond.wait(1.0)
                if not self._snapshots:
                    return
                stamp, simulated, samples = self._snapshots.popleft()
            iso = datetime.fromtimestamp(stamp, timezone.utc).isoformat(
                timespec="milliseconds").replace("+00:00", "Z")
            batch = messages(self.settings, iso, samples, simulated)
            if not self.online:
                with self._lock:
                    self.failed += len(samples)
                continue
            for message in batch:
                self._publish(message, counted=True)

    def _publish(self, message: Message, counted: bool) -> None:
        try:
            info = self.client.publish(message.topic, message.payload, message.qos,
                                       message.retain)
        except (ValueError, RuntimeError) as exc:  # paho refuses it (e.g. too long)
            self._say(f"publishing {message.topic} failed: {exc}")
            rc, mid = None, None
        else:
            rc, mid = info.rc, info.mid
        with self._lock:
            if rc != self._mqtt.MQTT_ERR_SUCCESS:
                if counted:
                    self.failed += 1
                return
            if counted:
                self.sent += 1
            if mid in self._early:
                self._early.discard(mid)
                if counted:
                    self.acknowledged += 1
            else:
                self._pending[mid] = counted

    # --- paho's network thread -----------------------------------------------------------
    def _on_connect(self, client, _userdata, _flags, reason_code, _properties) -> None:
        if reason_code.is_failure:
            self.state = "refused"
            hint = ""
            if reason_code.value in LOGIN_REFUSED:
                hint = (f"; check {USERNAME_ENV} and {PASSWORD_ENV}" if self._with_user else
                        f"; the broker wants credentials: set {USERNAME_ENV} and "
                        f"{PASSWORD_ENV}")
            self._say(f"MQTT broker {self.settings.where} refused the exhibit: "
                      f"{reason_code}{hint} (retrying; the show goes on)", logging.ERROR)
            return
        self.state = "online"
        self._said = None
        log.info("publishing: connected to %s", self.settings.where)
        self._publish(Message(status_topic(self.settings), "online", 1, True), counted=False)
        if "homeassistant" in self.settings.formats:
            client.subscribe(HA_STATUS, qos=1)
            self._discovery()

    def _discovery(self) -> None:
        names = {sid: _name(s) for sid, s in self._sensors.items()}
        units = {sid: getattr(s, "unit", "") for sid, s in self._sensors.items()}
        for message in discovery(self.settings, names, units):
            self._publish(message, counted=False)

    def _on_message(self, _client, _userdata, message) -> None:
        if message.topic == HA_STATUS and message.payload == b"online":
            log.info("Home Assistant is online: discovery sent again")
            self._discovery()

    def _on_connect_fail(self, _client, _userdata) -> None:
        self.state = "offline"
        s = self.settings
        kind, reason = why_unreachable(s.host, s.port, s.tls, s.ca_file, s.cert_file,
                                       s.key_file)
        if kind == "tls" and "not trusted" in reason:
            reason += "; set publish.mqtt.tls.ca_file to the CA that signed it"
        self._say(f"MQTT broker {s.where} not reachable: {reason or 'the connection failed'} "
                  f"(retrying up to every {self._reconnect[1]} s; the show goes on)",
                  logging.ERROR if kind == "tls" else logging.WARNING)

    def _on_disconnect(self, _client, _userdata, _flags, reason_code, _properties) -> None:
        if self._closing or self.state == "refused":  # a refusal ends with a disconnect
            return
        self.state = "offline"
        self._say(f"MQTT broker {self.settings.where} connection lost ({reason_code}); "
                  "retrying, the show goes on")

    def _on_publish(self, _client, _userdata, mid, _reason_code, _properties) -> None:
        with self._lock:
            counted = self._pending.pop(mid, None)
            if counted is None:
                self._early.add(mid)
                if len(self._early) > PAHO_QUEUE_LIMIT:  # ids of long-gone messages
                    self._early.clear()
            elif counted:
                self.acknowledged += 1

    def _say(self, text: str, level: int = logging.WARNING) -> None:
        """Log a problem once until it changes or the broker is back (never a secret)."""
        self.problem = text
        if text != self._said:
            self._said = text
            log.log(level, "%s", text)


def _name(sensor) -> str:
    name = getattr(sensor, "name", None)
    if isinstance(name, Mapping):
        return name.get("de") or next(iter(name.values()), "")
    return str(name or getattr(sensor, "id", ""))
