"""What goes on the wire, as pure functions: topic and payload per format.

- json: ``<prefix>/<sensor>`` ← ``{"value", "unit", "level", "time", "source": "exhibit-model"}``
  ("source" says it plainly: model data, not the city's sensors);
- sensorthings: ``v1.1/Datastreams(<id>)/Observations`` ← ``{"phenomenonTime", "result"}``
  (OGC SensorThings over MQTT as FROST takes it);
- homeassistant: retained discovery configs ``homeassistant/sensor/<node>/<sensor>/config``
  whose state topic is the json topic.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from exhibit.publishconfig import MqttPublish

SOURCE = "exhibit-model"
HA_PREFIX = "homeassistant"
HA_STATUS = f"{HA_PREFIX}/status"


class Sample(NamedTuple):
    """One sensor's value as of one snapshot (taken in the frame loop, formatted later)."""

    sensor: str
    value: float
    unit: str
    level: str | None
    decimals: int


class Message(NamedTuple):
    topic: str
    payload: str
    qos: int
    retain: bool = False


def status_topic(settings: MqttPublish) -> str:
    return f"{settings.topic_prefix}/status"


def sensor_topic(settings: MqttPublish, sensor: str) -> str:
    return f"{settings.topic_prefix}/{sensor}"


def messages(settings: MqttPublish, time: str, samples: Iterable[Sample],
             simulated: bool = False) -> list[Message]:
    """The messages for one snapshot taken at ISO `time`, in every configured format
    (`simulated`: the simulator made the values; the plain JSON says so)."""
    out = []
    plain = "json" in settings.formats or "homeassistant" in settings.formats
    things = "sensorthings" in settings.formats
    for s in samples:
        value = round(s.value, s.decimals) if s.decimals > 0 else round(s.value)
        if plain:
            plain_payload = {"value": value, "unit": s.unit, "level": s.level, "time": time,
                             "source": SOURCE}
            if simulated:
                plain_payload["simulated"] = True
            out.append(Message(sensor_topic(settings, s.sensor),
                               json.dumps(plain_payload, ensure_ascii=False), settings.qos))
        if things and (ds := settings.datastreams.get(s.sensor)) is not None:
            out.append(Message(f"v1.1/Datastreams({ds})/Observations", json.dumps(
                {"phenomenonTime": time, "result": value}), max(1, settings.qos)))
    return out


def discovery(settings: MqttPublish, names: Mapping[str, str], units: Mapping[str, str]
              ) -> list[Message]:
    """Home Assistant MQTT discovery: one device (the exhibit), one sensor entity per model
    sensor, retained, available while the exhibit's status is online."""
    node = settings.node
    device = {"identifiers": [node], "name": f"Sensorik zum Anfassen ({settings.client_id})",
              "manufacturer": "Sensorik zum Anfassen", "model": "Smart-city model (exhibit)"}
    out = []
    for sid, name in names.items():
        config = {"name": name, "unique_id": f"{node}_{sid}", "object_id": f"{node}_{sid}",
                  "state_topic": sensor_topic(settings, sid),
                  "value_template": "{{ value_json.value }}",
                  "json_attributes_topic": sensor_topic(settings, sid),
                  "availability_topic": status_topic(settings),
                  "payload_available": "online", "payload_not_available": "offline",
                  "device": device}
        if units.get(sid):
            config["unit_of_measurement"] = units[sid]
        out.append(Message(f"{HA_PREFIX}/sensor/{node}/{sid}/config",
                           json.dumps(config, ensure_ascii=False), 1, retain=True))
    return out
