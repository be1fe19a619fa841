"""`publish:` in exhibit.yaml: where the readings go to a data platform (off when absent).

    publish:
      mqtt:
        url: mqtts://broker.example-stadt.de:8883   # mqtt:// (1883) or mqtts:// (8883, TLS)
        topic_prefix: sensorik/rathaus               # plain JSON on <prefix>/<sensor>
        qos: 1                                       # 0, 1 or 2 (sensorthings: >= 1)
        rate_hz: 2                                   # snapshots of the values per second
        client_id: sensorik-rathaus
        format: [json, sensorthings, homeassistant]  # or one of them
        datastreams: {soil: 17, co2: 18}             # sensorthings: Datastream id per sensor
        tls: {ca_file: /etc/ssl/city-ca.pem, cert_file: …, key_file: …}

User name and password never stand in the file: `SENSORIK_MQTT_USERNAME` and
`SENSORIK_MQTT_PASSWORD` in the environment. Pure parsing: nothing here imports paho.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from exhibit.quote import shown
from exhibit.validate import Fields

FORMATS = ("json", "sensorthings", "homeassistant")
SCHEMES = {"mqtt": (1883, False), "mqtts": (8883, True)}
USERNAME_ENV, PASSWORD_ENV = "SENSORIK_MQTT_USERNAME", "SENSORIK_MQTT_PASSWORD"
_TOPIC_PART = re.compile(r"[A-Za-z0-9_\-./]+")


@dataclass(frozen=True)
class MqttPublish:
    url: str
    host: str
    port: int
    tls: bool
    topic_prefix: str = "sensorik/exhibit"
    qos: int = 1
    rate_hz: float = 1.0
    client_id: str = "sensorik-exhibit"
    formats: tuple[str, ...] = ("json",)
    datastreams: Mapping[str, str] = field(default_factory=dict)
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None

    @property
    def node(self) -> str:
        """The Home Assistant node id: the client id in letters, digits and _."""
        return re.sub(r"[^A-Za-z0-9_]", "_", self.client_id)

    @property
    def where(self) -> str:
        return f"{'mqtts' if self.tls else 'mqtt'}://{self.host}:{self.port}"


def parse_publish(f: Fields, sensors: Iterable[str]) -> MqttPublish | None:
    """`publish:` (already known to be present) → its MQTT settings, or None when the
    section names no mqtt."""
    if not f.has("mqtt"):
        return None
    m = f.sub("mqtt", ("url", "topic_prefix", "qos", "rate_hz", "client_id", "format",
                       "datastreams", "tls"))
    url = m.string("url").strip()
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in SCHEMES:
        raise m.error("url", f"{m.name('url')} must start with mqtt:// or mqtts://, e.g. "
                      f"mqtt://localhost:1883, got {shown(url)}")
    default_port, tls = SCHEMES[scheme.lower()]
    hostport = rest.split("/", 1)[0]
    host, colon, port_text = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
    if "@" in hostport:
        raise m.error("url", f"{m.name('url')} must not hold a user name or password; set "
                      f"{USERNAME_ENV} and {PASSWORD_ENV} in the environment instead")
    if not host or any(c.isspace() for c in host) or \
            (colon and not (port_text.isdigit() and 0 < int(port_text) < 65536)):
        raise m.error("url", f"{m.name('url')} must be mqtt://host[:port], got {shown(url)}")
    port = int(port_text) if colon else default_port
    prefix = m.string("topic_prefix", "sensorik/exhibit").strip().strip("/")
    if not prefix or not _TOPIC_PART.fullmatch(prefix) or "//" in prefix:
        raise m.error("topic_prefix", f"{m.name('topic_prefix')} must be topic levels of "
                      f"letters, digits, _ - . joined by /, e.g. sensorik/rathaus (no + or #), "
                      f"got {shown(prefix)}")
    formats = _formats(m)
    qos = m.integer("qos", 1, minimum=0, maximum=2)
    if "sensorthings" in formats and qos < 1:
        raise m.error("qos", f"{m.name('qos')} must be 1 or 2 with format sensorthings "
                      "(FROST drops QoS 0 observations under load), got 0")
    rate = m.number("rate_hz", 1.0, above=0, maximum=50)
    client_id = m.string("client_id", "sensorik-exhibit").strip()
    if not client_id or len(client_id) > 64 or any(c.isspace() for c in client_id):
        raise m.error("client_id", f"{m.name('client_id')} must be one word of up to 64 "
                      f"characters, got {shown(client_id)}")
    datastreams = _datastreams(m, formats, list(sensors))
    ca = cert = key = None
    if m.has("tls"):
        t = m.sub("tls", ("ca_file", "cert_file", "key_file"))
        ca, cert, key = (t.string(k).strip() if t.has(k) else None
                         for k in ("ca_file", "cert_file", "key_file"))
        if (cert is None) != (key is None):
            raise m.error("tls", f"{m.name('tls')} needs cert_file and key_file together")
        tls = True
    return MqttPublish(url, host, port, tls, prefix, qos, rate, client_id, formats,
                       MappingProxyType(datastreams), ca, cert, key)


def _formats(m: Fields) -> tuple[str, ...]:
    raw = m.raw("format", "json")
    items = raw if isinstance(raw, list) else [raw]
    if not items or any(not isinstance(x, str) or x not in FORMATS for x in items):
        raise m.error("format", f"{m.name('format')} must be one of {', '.join(FORMATS)} or a "
                      f"list of them, got {shown(raw)}")
    return tuple(dict.fromkeys(items))


def _datastreams(m: Fields, formats: tuple[str, ...], sensors: list[str]) -> dict[str, str]:
    raw = m.raw("datastreams", {})
    if not isinstance(raw, dict):
        raise m.error("datastreams", f"{m.name('datastreams')} must map sensor id to its "
                      f"SensorThings Datastream id, e.g. {{soil: 17}}, got {shown(raw)}")
    out = {}
    for sid, ds in raw.items():
        if sid not in sensors:
            raise m.doc.error(m.path + ("datastreams", sid), f"{m.name('datastreams')} names "
                              f"sensor {shown(sid)}, which is not in sensors")
        if isinstance(ds, bool) or not isinstance(ds, (int, str)) or not str(ds).strip():
            raise m.doc.error(m.path + ("datastreams", sid), f"{m.name('datastreams')}."
                              f"{sid} must be a Datastream id (a number or 'text'), got "
                              f"{shown(ds)}")
        out[sid] = str(ds).strip()
    if "sensorthings" in formats:
        missing = [s for s in sensors if s not in out]
        if missing:
            where = "datastreams" if m.has("datastreams") else "format"
            raise m.error(where, f"{m.name('datastreams')} needs a Datastream id for every "
                          f"sensor with format sensorthings; missing: {', '.join(missing)}")
    return out
