"""`python -m exhibit.bench platform`: what publishing costs and how fast it arrives; then
the platform as a source (exhibit.devtools.platform_source_bench) and the chain from one
exhibit's serial port to another's recording (exhibit.devtools.platform_chain).

A Mosquitto of its own on loopback (Debian's `mosquitto`), the real exhibit.yaml with the
simulator feeding the frame loop at 60 frames a second, the publisher at `--rate` Hz in
json + sensorthings; a paho subscriber takes everything. Measured: the frame loop's part
(`offer`, median/p99 µs), the CPU time of the publisher's two threads (sender + paho's
network thread) per second, and the latency from the snapshot to the subscriber (ms).
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import pygame

from exhibit.devtools.mosquitto import APT, Mosquitto, missing
from exhibit.numbers import percentile

FRAME = 1 / 60


def _thread_cpu(native_ids: list[int]) -> float:
    """utime + stime of these threads of this process, in seconds (Linux /proc)."""
    total = 0
    for tid in native_ids:
        try:
            fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / 100.0  # clock ticks (USER_HZ is 100 on Linux)


def bench_publisher(seconds: float = 10.0, rate: float = 20.0) -> int:
    absent = missing()
    if absent:
        print(f"platform bench: needs {', '.join(absent)} ({APT})")
        return 1
    import paho.mqtt.client as mqtt

    from exhibit.cli import parse_args
    from exhibit.loop import FrameLoop
    from exhibit.platform.publisher import Publisher
    from exhibit.publishconfig import MqttPublish
    from exhibit.render.canvas import Canvas
    from exhibit.render.text import TextCache
    from exhibit.show import prepare
    from exhibit.sources.base import ReadingQueue
    from exhibit.sources.simulator import SimulatorSource

    tmp = Path(tempfile.mkdtemp(prefix="platform-bench-"))
    broker = Mosquitto(tmp / "broker").start()
    port = broker.port
    try:
        pygame.display.init()
        pygame.font.init()
        show = prepare(parse_args([]))
        sensors = show.config.sensors
        settings = MqttPublish(f"mqtt://127.0.0.1:{port}", "127.0.0.1", port, False,
                               topic_prefix="bench/exhibit", qos=1, rate_hz=rate,
                               client_id="bench", formats=("json", "sensorthings"),
                               datastreams={sid: str(i) for i, sid in enumerate(sensors)})
        latencies: list[float] = []
        lock = threading.Lock()

        def on_message(_c, _u, msg) -> None:
            if msg.topic.startswith("bench/exhibit/") and not msg.topic.endswith("/status"):
                import json
                sent = datetime.fromisoformat(json.loads(msg.payload)["time"]).timestamp()
                with lock:
                    latencies.append((time.time() - sent) * 1000)

        sub = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
        sub.on_message = on_message
        sub.on_connect = lambda c, *_: c.subscribe("#", qos=1)
        sub.connect("127.0.0.1", port)
        sub.loop_start()
        publisher = Publisher(settings, sensors)
        publisher.start()
        queue = ReadingQueue()
        source = SimulatorSource(sensors, seed=1)
        loop = FrameLoop(show, source, queue, Canvas(pygame.Surface((640, 360)), TextCache()),
                         time.monotonic(), publisher=publisher)
        offer_us: list[float] = []
        real_offer = publisher.offer

        def timed_offer(world, now) -> None:
            start = time.perf_counter()
            real_offer(world, now)
            offer_us.append((time.perf_counter() - start) * 1e6)

        publisher.offer = timed_offer
        source.start(queue)
        deadline = time.monotonic() + 5
        while not publisher.online and time.monotonic() < deadline:
            time.sleep(0.05)
        threads = [t.native_id for t in threading.enumerate()
                   if t.name == "platform-publisher" or t is publisher.client._thread]
        cpu0, t0 = _thread_cpu(threads), time.monotonic()
        end = t0 + seconds
        while time.monotonic() < end:
            start = time.monotonic()
            loop.frame(FRAME, start)
            time.sleep(max(0.0, FRAME - (time.monotonic() - start)))
        elapsed = time.monotonic() - t0
        cpu = _thread_cpu(threads) - cpu0
        time.sleep(0.5)
        source.stop()
        stats = publisher.stats()
        publisher.close()
        sub.disconnect()
        sub.loop_stop()
        offer_us.sort()
        lat = sorted(latencies)
        print(f"platform: {len(sensors)} sensors at {rate:g} Hz, json + sensorthings, QoS 1, "
              f"{elapsed:.1f} s")
        print(f"  offer() in the frame loop: median {statistics.median(offer_us):.1f} µs, "
              f"p99 {percentile(offer_us, 0.99):.1f} µs")
        print(f"  publisher threads CPU: {cpu / elapsed * 100:.1f} % of one core "
              f"(sent {stats['sent']}, acknowledged {stats['acknowledged']}, "
              f"dropped {stats['dropped']}, failed {stats['failed']})")
        if lat:
            print(f"  snapshot → subscriber: median {statistics.median(lat):.1f} ms, "
                  f"p99 {percentile(lat, 0.99):.1f} ms ({len(lat)} messages)")
        return 0
    finally:
        broker.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    """Publishing, the platform as a source, and the whole chain between two exhibits."""
    from exhibit.devtools import platform_chain, platform_source_bench

    if bench_publisher():
        return 1
    platform_source_bench.main()
    platform_chain.print_chain()
    return 0
