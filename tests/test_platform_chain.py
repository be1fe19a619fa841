"""Several exhibits, one broker (README): two main.py publish their models' readings under
their own prefixes, a third takes one of them from the broker as its source and shows its
values, never the other's. And TLS: a broker whose certificate the exhibit does not trust is
one clear line naming the fix, for publishing and for the source alike; with the right CA
both work."""

from __future__ import annotations

import json
import time

from exhibit.devtools.platform_chain import Exhibit, publishing_config, wait_for_value, warm_up
from tests.apprunner import wait_until
from tests.conftest import app_env
from tests.mqtt import Listener, start_broker


def test_two_exhibits_publish_and_a_third_shows_one_of_them(tmp_path):
    broker = start_broker(tmp_path / "broker")
    listener = Listener(broker, "city/#")
    a = Exhibit(tmp_path / "a", config=publishing_config(tmp_path / "a", broker.url, "city/a"))
    b = Exhibit(tmp_path / "b", config=publishing_config(tmp_path / "b", broker.url, "city/b"))
    c = Exhibit(tmp_path / "c", port=f"{broker.url}/city/a")
    try:
        warm_up(a, c, "park=1", 5.0)          # 1 bay taken on A's model → C shows 5 free
        end = time.monotonic() + 30
        while not any(json.loads(p)["value"] == 2 for p in listener.on("city/b/parking")):
            assert time.monotonic() < end, "".join(b.log)
            b.send("park=4")                  # B's model: 4 taken, 2 free
            a.send("park=1")                  # A's port stays busy meanwhile
            time.sleep(0.1)
        a.send("park=3")
        wait_for_value(c, 3.0, 10)            # C follows A …
        seen = c.new_values()
    finally:
        codes = [x.stop() for x in (a, b, c)]
        listener.close()
        broker.kill()
    assert codes == [0, 0, 0], "".join(c.log)
    assert 2.0 not in seen and all(
        json.loads(line)["value"] != 2.0 for line in c.record.read_text().splitlines()
        if '"parking"' in line)               # … and never shows B's
    a_payload = json.loads(listener.on("city/a/parking")[-1])
    assert a_payload["source"] == "exhibit-model" and "simulated" not in a_payload
    assert listener.on("city/a/status")[-1:] == [b"offline"]  # A said goodbye
    diag = json.loads(next(line for line in reversed(c.log) if "diagnostics: " in line)
                      .split("diagnostics: ", 1)[1])
    assert diag["source"] == f"{broker.url}/city/a" and diag["readings"] > 0


def test_an_untrusted_broker_certificate_is_one_clear_line_and_the_right_ca_works(tmp_path):
    from exhibit.platform.publisher import Publisher
    from exhibit.publishconfig import MqttPublish

    broker = start_broker(tmp_path / "broker", tls=True)
    where = ("127.0.0.1", broker.port, True)
    try:
        untrusting = Publisher(MqttPublish(broker.url, *where, client_id="no-ca"), {},
                               reconnect=(1, 1))
        untrusting.start()
        wait_until(lambda: untrusting.problem is not None, "the publisher's reason")
        assert "certificate is not trusted" in untrusting.problem
        assert "publish.mqtt.tls.ca_file" in untrusting.problem and not untrusting.online
        untrusting.close()
        trusting = Publisher(MqttPublish(broker.url, *where, client_id="with-ca",
                                         ca_file=str(broker.ca_file)), {})
        trusting.start()
        wait_until(lambda: trusting.online, "online with the right CA")
        trusting.close()

        for n, env in enumerate(({}, {"SENSORIK_MQTT_CAFILE": str(broker.ca_file)})):
            viewer = Exhibit(tmp_path / f"viewer{n}", port=f"{broker.url}/city/a",
                             env={**app_env(), **env})
            try:
                wanted = "certificate is not trusted" if n == 0 else "subscribed to"
                wait_until(lambda: any(wanted in line for line in viewer.log), wanted)
            finally:
                assert viewer.stop() == 0
            if n == 0:
                said = [line for line in viewer.log if "certificate is not trusted" in line
                        and "diagnostics: " not in line]
                assert len(said) == 1 and "SENSORIK_MQTT_CAFILE" in said[0], said
    finally:
        broker.kill()
