"""A data platform as the source, measured (part of `python -m exhibit.bench platform`).

- decode: `PlatformDecoder` alone, messages/s for each payload form (pure, no broker);
- latency: a message published to a real Mosquitto on loopback (started here on a free port
  with its own config) → the reading in the source's queue (median, p99), at `rate_hz`;
- burst: N messages as fast as paho publishes them → all in the queue (messages/s).
The frame that shows a reading adds at most one frame (16.7 ms at 60 fps) after the queue.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from exhibit.devtools.mosquitto import Mosquitto
from exhibit.numbers import percentile
from exhibit.protocol.platform import PlatformDecoder
from exhibit.sources.base import ReadingQueue
from exhibit.sources.mqtt_source import MqttSource, PlatformUrl

PREFIX = "bench/raum1"


def bench_decode(n: int = 200_000) -> None:
    ident = {"temp": float, "noise": float}
    forms = {"bare number": (f"{PREFIX}/temp", b"21.5"),
             "plain JSON": (f"{PREFIX}/noise", b'{"value": 55.5, "unit": "dB(A)", '
                            b'"source": "exhibit-model"}'),
             "SensorThings": ("v1.1/Datastreams(17)/Observations",
                              b'{"phenomenonTime": "2026-12-07T14:00:00Z", "result": 812}')}
    for name, (topic, payload) in forms.items():
        decoder = PlatformDecoder(PREFIX, ident, {"17": "temp"})
        start = time.perf_counter()
        for i in range(n):
            decoder.feed(topic, payload, 0.0)
        rate = n / (time.perf_counter() - start)
        print(f"  decode {name:13s}: {rate / 1000:7.0f} k messages/s")


def _collect(queue: ReadingQueue, want: int, seconds: float) -> list:
    got, end = [], time.monotonic() + seconds
    while len(got) < want and time.monotonic() < end:
        got += queue.drain()
        time.sleep(0.001)
    return got


def bench_broker(messages: int, rate_hz: float, burst: int) -> None:
    from paho.mqtt.client import CallbackAPIVersion, Client

    with tempfile.TemporaryDirectory() as tmp:
        broker = Mosquitto(Path(tmp)).start()
        port = broker.port
        source = MqttSource(PlatformUrl(False, "127.0.0.1", port, PREFIX), {"temp": float}, {})
        queue = ReadingQueue(maxlen=burst * 2)
        pub = Client(CallbackAPIVersion.VERSION2, client_id="bench-publisher")
        try:
            source.start(queue)
            pub.connect("127.0.0.1", port)
            pub.loop_start()
            end = time.monotonic() + 10
            while source.status().state != "connected" and time.monotonic() < end:
                time.sleep(0.01)
            sent: dict[float, float] = {}
            for i in range(messages):
                sent[float(i)] = time.monotonic()
                pub.publish(f"{PREFIX}/temp", str(i), qos=0)
                time.sleep(1 / rate_hz)
            got = _collect(queue, messages, 10)
            lat = [(r.t - sent[r.raw]) * 1000 for r in got]
            print(f"  latency broker → queue at {rate_hz:g} Hz ({len(got)}/{messages}): "
                  f"median {statistics.median(lat):.2f} ms, p99 {percentile(lat, 0.99):.2f} ms")
            start = time.monotonic()
            for i in range(burst):
                pub.publish(f"{PREFIX}/temp", str(i), qos=0)
            got = _collect(queue, burst, 30)
            took = time.monotonic() - start
            print(f"  burst: {len(got)}/{burst} messages in {took:.2f} s = "
                  f"{len(got) / took / 1000:.1f} k messages/s")
        finally:
            pub.loop_stop()
            pub.disconnect()
            source.stop()
            broker.stop()


def main(messages: int = 500, rate_hz: float = 200.0, burst: int = 20_000) -> int:
    print("platform source (--port mqtt://):")
    bench_decode()
    bench_broker(messages, rate_hz, burst)
    return 0
