"""`python -m exhibit.bench all --json [--quick]`: every figure as one JSON document.

The machine it ran on (CPU, cores, memory, Python, pygame-ce, SDL, the video driver), then:
frame cost per scene at 1920×1080, 1080×1920 and 3840×2160 (off-screen, native), the
render-size comparison on a real display (`screens`), pty → frame latency, ingest rates,
the attract loop's idle cost, and memory after two rounds of every scene. The benches'
own tables go to stderr meanwhile; stdout carries only the JSON, for docs/PERFORMANCE.md
and for comparing two runs. `--quick` shortens every part (the test suite's smoke run).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

SIZES = ((1920, 1080), (1080, 1920), (3840, 2160))


def machine() -> dict:
    import pygame

    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in
                    Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith(("model name", "Model"))), "")
    except OSError:
        pass
    memory = None
    try:
        total = next(line for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal:"))
        memory = round(int(total.split()[1]) / 1024)
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu or platform.processor(), "cores": os.cpu_count(), "memory_mb": memory,
            "system": platform.platform(), "python": platform.python_version(),
            "pygame_ce": pygame.version.ver, "sdl": ".".join(map(str, pygame.get_sdl_version())),
            "video_driver": os.environ.get("SDL_VIDEODRIVER", ""),
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def collect(quick: bool = False) -> dict:
    """Every bench, one after the other; their printed tables go to stderr."""
    from exhibit.devtools import bench, idle_bench, ingest_bench
    from exhibit.cli import parse_args
    from exhibit.show import prepare

    frames = 10 if quick else 300
    report: dict = {"machine": machine(), "quick": quick, "seconds": {}}

    def part(name: str, run) -> None:
        started = time.monotonic()
        with contextlib.redirect_stdout(sys.stderr):
            report[name] = run()
        report["seconds"][name] = round(time.monotonic() - started, 1)

    part("frame", lambda: {f"{w}x{h}": bench.bench_frame((w, h), frames)
                           for w, h in (SIZES[:1] if quick else SIZES)})
    part("screens", lambda: _own_process("screens", "--frames", "12" if quick else "540"))
    part("latency", lambda: bench.bench_latency((1920, 1080), 10 if quick else 200))
    config = prepare(parse_args([])).config
    part("ingest", lambda: {r.method: round(r.rate) for r in ingest_bench.run(
        config, 200 if quick else 20_000, 100 if quick else 1000, 1 if quick else 3)})
    part("idle", lambda: idle_bench.measure((640, 360), 2, warmup=0.5) if quick else
         idle_bench.measure((1920, 1080), 44, scene_seconds=4))  # a whole round
    sizes = ("192x108",) if quick else ("1920x1080", "3840x2160")
    part("memory", lambda: {size: _memory(size, 1 if quick else 2, 0.02 if quick else 1.5)
                            for size in sizes})
    return report


def _own_process(*args: str) -> dict:
    """A bench's --json figures from a process of its own: RSS is the whole process's, and
    this one has run the other benches (caches, a display opened and closed)."""
    import subprocess

    run = subprocess.run([sys.executable, "-m", "exhibit.bench", *args, "--json"],
                         capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    return json.loads(run.stdout)


def _memory(size: str, rounds: int, seconds: float) -> dict:
    figures = _own_process("memory", "--size", size, "--rounds", str(rounds),
                           "--seconds", str(seconds))
    return {key: figures[key] for key in figures if key != "rows"} | {
        "per_scene": figures.get("rows", [])}


def main(quick: bool = False) -> int:
    print(json.dumps(collect(quick), indent=1, default=_plain))
    return 0


def _plain(value):
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, tuple):
        return list(value)
    return str(value)
