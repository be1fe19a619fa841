"""Benchmarks that print figures (timing goals live here, not in timed test assertions).

    python -m exhibit.bench frame     # ms per frame for every scene, off-screen, 1920×1080
    python -m exhibit.bench latency   # a line written into a pty → the frame that shows it
    python -m exhibit.bench ingest    # readings/s per protocol against pyserial readline()
    python -m exhibit.bench fuzz      # random bytes into every decoder and the YAML loader;
                                      # exit 1 with seed and input on any failure
    python -m exhibit.bench soak [--minutes N] [--seed S]   # main.py for N minutes on a pty:
                                      # every reading accounted for, reconnects, RSS
    python -m exhibit.bench recovery [--heartbeat-timeout S] [--rounds N]   # the kiosk
                                      # launcher: start, kill -9 and freeze → next heartbeat
    python -m exhibit.bench reload [--size WxH] [--rounds N]   # staff's R: how long the
                                      # frame loop stalls (prepare, apply, prewarm)
    python -m exhibit.bench audit [--scene NAME] [--json]  # what visitors get: words,
                                      # text sizes, contrast, level differences (issue 14)
    python -m exhibit.bench staff     # frame cost with the D / F1 overlays open vs closed
    python -m exhibit.bench hil [--steps N]   # our firmware on a simulated Uno → main.py:
                                      # chain latency (median, p99), rig CPU, flash/RAM
    python -m exhibit.bench screens   # 1080p, 4K with render_size auto, 4K native: frame
                                      # work per scene side by side, present, RSS
    python -m exhibit.bench platform  # a Mosquitto of its own: publishing's cost in the
                                      # frame loop and its threads' CPU; --port mqtt://
                                      # decode rate and broker → queue; one exhibit's
                                      # serial port → another's recording (median, p99)
    python -m exhibit.bench memory [--size WxH] [--rounds N] [--json]   # RSS per scene
                                      # over N rounds of every scene and language, the
                                      # pixels cached layers and texts hold, evictions
    python -m exhibit.bench idle [--size WxH] [--seconds S] [--round | --per-scene]
                                      # main.py, nobody touching: CPU share of one core,
                                      # frames/s, RSS (--per-scene: in process, per scene)
    python -m exhibit.bench change [--size WxH]   # the worst frame of a scene change
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402

from exhibit.cli import parse_args  # noqa: E402
from exhibit.numbers import percentile  # noqa: E402
from exhibit.loop import FrameLoop  # noqa: E402
from exhibit.render.canvas import Canvas  # noqa: E402
from exhibit.render.text import TextCache  # noqa: E402
from exhibit.show import prepare  # noqa: E402
from exhibit.sources.base import ReadingQueue  # noqa: E402
from exhibit.sources.choose import decoder_for  # noqa: E402
from exhibit.sources.serial_source import SerialSource  # noqa: E402
from exhibit.sources.simulator import SimulatorSource  # noqa: E402


def _loop(size: tuple[int, int], source, scene: str | None = None) -> FrameLoop:
    show = prepare(parse_args(["--scene", scene] if scene else []))
    queue = ReadingQueue()
    source.start(queue)
    canvas = Canvas(pygame.Surface(size), TextCache())
    loop = FrameLoop(show, source, queue, canvas, time.monotonic())
    loop.prewarm(time.monotonic())   # as the app does before its first frame
    return loop


def bench_frame(size: tuple[int, int], frames: int, only: str | None = None) -> dict:
    """Frame cost per scene with the simulator feeding it, after one warm-up second;
    printed, and returned as {scene: {mean, p50, p99, max}} in ms."""
    show = prepare(parse_args(["--scene", only] if only else []))
    print(f"frame cost at {size[0]}x{size[1]}, {frames} frames per scene (ms)")
    print(f"{'scene':<16}{'mean':>8}{'p50':>8}{'p99':>8}{'max':>8}")
    figures = {}
    for name in [only] if only else show.scenes:
        source = SimulatorSource(show.config.sensors, seed=1)
        loop = _loop(size, source, name)
        t = time.monotonic()
        for _ in range(min(60, frames)):  # warm-up: layers and text caches fill once
            t += 1 / 60
            loop.frame(1 / 60, t)
        costs = []
        for i in range(frames):
            if i % 90 == 0:
                source.touch(loop.scene.sensor_id or "light")
            start = time.perf_counter()
            t += 1 / 60
            loop.frame(1 / 60, t)
            costs.append((time.perf_counter() - start) * 1000)
        source.stop()
        row = figures[name] = {"mean": statistics.mean(costs), "p50": percentile(costs, 0.5),
                               "p99": percentile(costs, 0.99), "max": max(costs)}
        print(f"{name:<16}{row['mean']:8.2f}{row['p50']:8.2f}{row['p99']:8.2f}"
              f"{row['max']:8.2f}")
    return figures


def bench_latency(size: tuple[int, int], lines: int) -> dict:
    """Time from writing a line into a pty to the end of the frame that drew its value."""
    master, slave = os.openpty()
    show = prepare(parse_args([]))
    source = SerialSource(os.ttyname(slave), show.config.device, decoder_for(show.config))
    loop = _loop(size, source, "street_lights")
    while not source.status().connected:
        time.sleep(0.01)
    written: dict[float, float] = {}
    stop = threading.Event()

    def writer() -> None:
        rng = random.Random(2)
        for i in range(lines):
            raw = 300.0 + i
            written[raw] = time.monotonic()
            os.write(master, f"light={raw:g}\n".encode())
            if stop.wait(rng.uniform(0.03, 0.09)):
                return

    thread = threading.Thread(target=writer, daemon=True)
    clock = pygame.time.Clock()
    for _ in range(30):  # warm-up: the first frames build layers and render text once
        loop.frame(clock.tick(60) / 1000, time.monotonic())
    latencies, frame_costs = [], []
    thread.start()
    last_raw = None
    deadline = time.monotonic() + lines * 0.2 + 5
    while (thread.is_alive() or len(latencies) < len(written)) and time.monotonic() < deadline:
        dt = clock.tick(60) / 1000
        start = time.perf_counter()
        world = loop.frame(dt, time.monotonic())
        done = time.monotonic()
        frame_costs.append((time.perf_counter() - start) * 1000)
        raw = world.view("light").raw
        if raw is not None and raw != last_raw and raw in written:
            latencies.append((done - written[raw]) * 1000)
            last_raw = raw
    stop.set()
    source.stop()
    os.close(master)
    os.close(slave)
    print(f"pty line -> drawn frame, {len(latencies)} of {lines} lines at 60 fps "
          f"({size[0]}x{size[1]}):")
    print(f"  latency ms: median {statistics.median(latencies):.1f}, "
          f"p99 {percentile(latencies, 0.99):.1f}, max {max(latencies):.1f}")
    print(f"  frame work ms: median {statistics.median(frame_costs):.2f}, "
          f"p99 {percentile(frame_costs, 0.99):.2f}; one frame at 60 fps is 16.7 ms")
    return {"lines": lines, "arrived": len(latencies),
            "latency_ms": {"median": statistics.median(latencies),
                           "p99": percentile(latencies, 0.99), "max": max(latencies)},
            "frame_ms": {"median": statistics.median(frame_costs),
                         "p99": percentile(frame_costs, 0.99)}}


def main() -> None:
    if sys.argv[1:2] == ["audit"]:  # its own options (--scene, --lang, --json, --detail)
        from exhibit.devtools import audit

        sys.exit(audit.main(sys.argv[2:]))
    parser = argparse.ArgumentParser(prog="python -m exhibit.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("frame", "latency", "ingest", "fuzz", "soak",
                                         "recovery", "reload", "staff", "audit", "hil",
                                         "platform", "screens", "memory", "idle", "change",
                                         "all"),
                        help="all: frame, latency and ingest (fuzz and soak prove, not measure)")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--frames", type=int, default=600)
    parser.add_argument("--scene", help="frame: only this scene (also one not in the playlist)")
    parser.add_argument("--lines", type=int, default=100)
    parser.add_argument("--ingest-frames", type=int, default=40000)
    parser.add_argument("--inputs", type=int, default=1_000_000, help="fuzz: inputs in all")
    parser.add_argument("--seed", type=int,
                        help="fuzz: the seed (default: a random one); soak: the sensor model's "
                             "seed (default 1)")
    parser.add_argument("--minutes", type=float, default=5.0, help="soak: how long")
    parser.add_argument("--unplug-every", type=float, default=120.0,
                        help="soak: seconds between unplugging and replugging the cable")
    parser.add_argument("--heartbeat-timeout", type=float, default=10.0,
                        help="recovery: the launcher's heartbeat timeout in seconds")
    parser.add_argument("--rounds", type=int,
                        help="recovery, reload: how many rounds (default 3); memory: 2")
    parser.add_argument("--json", action="store_true",
                        help="memory, screens, all: the figures as JSON (all: every bench, ~10 min)")
    parser.add_argument("--steps", type=int, default=50, help="hil: voltage steps")
    parser.add_argument("--seconds", type=float,
                        help="memory: seconds per scene and language (default 1.5); idle: how "
                        "long to measure after the warm-up (default 20)")
    parser.add_argument("--per-scene", action="store_true",
                        help="idle: in process, each scene for --seconds (default 5): CPU "
                        "share and frame work per scene")
    parser.add_argument("--round", action="store_true",
                        help="idle: shorten each scene's turn so --seconds covers a whole "
                        "attract round (every scene and its transitions)")
    parser.add_argument("--quick", action="store_true",
                        help="all --json: every part shortened (the test suite's smoke run)")
    args = parser.parse_args()
    if args.what == "screens":  # render size: 1080p vs 4K auto vs 4K native, one run
        from exhibit.devtools import screens_bench

        sys.exit(screens_bench.main(args.frames // 6 or 1, args.json))
    if args.what == "platform":  # publish.mqtt against a Mosquitto of its own
        from exhibit.devtools import platform_bench

        sys.exit(platform_bench.main())
    if args.what == "hil":
        from exhibit.devtools import hil_bench

        sys.exit(hil_bench.main(args.steps))
    if args.what == "recovery":
        from exhibit.devtools import recovery_bench

        sys.exit(recovery_bench.main(args.heartbeat_timeout, args.rounds or 3))
    if args.what == "fuzz":  # not part of "all": it proves, the others measure
        from exhibit.devtools import fuzz

        sys.exit(fuzz.main(args.inputs, args.seed))
    if args.what == "soak":
        from exhibit.devtools import soak

        sys.exit(soak.main(args.minutes, 1 if args.seed is None else args.seed,
                           args.unplug_every))
    size = tuple(int(v) for v in args.size.split("x"))
    if args.what == "idle":
        from exhibit.devtools import idle_bench

        if args.per_scene:
            sys.exit(idle_bench.main_per_scene(size, args.seconds or 5.0))
        sys.exit(idle_bench.main(size, args.seconds or 20.0, args.round))
    if args.what == "reload":
        from exhibit.devtools import reload_bench

        sys.exit(reload_bench.main(size, args.rounds or 3))
    if args.what == "all" and args.json:  # every figure, one JSON document on stdout
        from exhibit.devtools import bench_report

        sys.exit(bench_report.main(args.quick))
    if args.what == "memory":
        from exhibit.devtools import memory_bench

        sys.exit(memory_bench.main(size, args.rounds or 2, args.json, args.seconds or 1.5))
    pygame.display.init()
    pygame.font.init()
    if args.what == "change":
        from exhibit.devtools import change_bench

        change_bench.main(size)
        return
    if args.what == "staff":
        from exhibit.devtools import staff_bench

        staff_bench.main(size, args.frames)
        return
    if args.what in ("frame", "all"):
        bench_frame(size, args.frames, args.scene)
    if args.what in ("latency", "all"):
        bench_latency(size, args.lines)
    if args.what in ("ingest", "all"):
        from exhibit.devtools import ingest_bench

        config = prepare(parse_args([])).config
        ingest_bench.report(ingest_bench.run(config, args.ingest_frames,
                                             max(args.ingest_frames // 20, 500)))


if __name__ == "__main__":
    main()
