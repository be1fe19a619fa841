"""`python -m exhibit.bench memory [--size WxH] [--rounds N] [--json]`: what the show keeps.

The show as `bench frame` builds it (off-screen surface of the chosen size, the simulator
feeding it, every scene prewarmed), then every scene of the playlist in every language,
round after round, each for `seconds` of frames with its sensor touched once. After each
scene it notes the process's resident memory (VmRSS), the pixels the canvas's cached
layers and the text cache hold, how many layers were evicted so far, and what the scene's
first frame cost (a layer evicted since its last visit is repainted there). The budget
(issue: ≤ 250 MB at up to 1920×1080, ≤ 400 MB at native 4K) is a figure read here, not a
test assertion.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pygame

from exhibit.cli import parse_args
from exhibit.kiosk.memory import return_big_blocks
from exhibit.loop import FrameLoop
from exhibit.render.canvas import Canvas
from exhibit.render.text import TextCache
from exhibit.show import prepare
from exhibit.sources.base import ReadingQueue
from exhibit.sources.simulator import SimulatorSource

FRAME = 1 / 60
LANGUAGES = ("de", "en", "ls")


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory (or its peak, `VmHWM`) in MB, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def layer_pixels(layers) -> int:
    """Pixels of the surfaces a canvas's layer cache holds (views and other entries: 0)."""
    pixels = getattr(layers, "pixels", None)
    if pixels is not None:
        return pixels
    return sum(v.get_width() * v.get_height() for v in layers.values()
               if isinstance(v, pygame.Surface))


def measure(size: tuple[int, int], rounds: int = 2, seconds: float = 1.5,
            languages: tuple[str, ...] = LANGUAGES) -> dict:
    """Run the show through every scene and language `rounds` times at `size`; the figures
    as a dict (MB, pixels, ms), one row per scene visit."""
    big_blocks = return_big_blocks()  # as the app does
    pygame.display.init()
    pygame.font.init()
    show = prepare(parse_args(["--port", "sim"]))
    source = SimulatorSource(show.config.sensors, seed=1)
    queue = ReadingQueue()
    source.start(queue)
    loop = FrameLoop(show, source, queue, Canvas(pygame.Surface(size), TextCache()),
                     time.monotonic())
    loop.prewarm(time.monotonic())
    figures: dict = {"size": f"{size[0]}x{size[1]}", "rounds": rounds, "seconds": seconds,
                     "startup_mb": round(rss_mb(), 1),
                     "startup_peak_mb": round(rss_mb("VmHWM"), 1),
                     "big_blocks_mapped": big_blocks, "rows": []}
    t = time.monotonic()
    frames = max(round(seconds / FRAME), 1)
    try:
        for round_number in range(1, rounds + 1):
            for lang in languages:
                loop.language = lang
                for number, name in enumerate(show.playlist, start=1):
                    if name in loop.failed_scenes:
                        continue
                    loop.director.jump(number)
                    first_ms = 0.0
                    for i in range(frames):
                        if i == frames // 3 and loop.scene.sensor_id is not None:
                            source.touch(loop.scene.sensor_id)  # levels change mid-scene
                        t += FRAME
                        start = time.perf_counter()
                        loop.frame(FRAME, t)
                        if i == 0:
                            first_ms = (time.perf_counter() - start) * 1000
                    figures["rows"].append(_row(loop, round_number, lang, name, first_ms))
    finally:
        source.stop()
    figures["peak_mb"] = round(rss_mb("VmHWM"), 1)
    figures["end_mb"] = round(rss_mb(), 1)
    figures["failed_scenes"] = sorted(loop.failed_scenes)
    return figures


def _row(loop: FrameLoop, round_number: int, lang: str, name: str, first_ms: float) -> dict:
    layers = loop.canvas._layers  # noqa: SLF001 — the bench reads the cache it measures
    return {"round": round_number, "lang": lang, "scene": name, "rss_mb": round(rss_mb(), 1),
            "peak_mb": round(rss_mb("VmHWM"), 1),
            "layer_px": layer_pixels(layers),
            "layer_evictions": getattr(layers, "evictions", 0),
            "text_px": loop.canvas.text_cache.pixels,
            "first_frame_ms": round(first_ms, 1)}


def report(figures: dict) -> None:
    print(f"memory at {figures['size']}: {figures['rounds']} rounds of every scene in "
          f"{', '.join(LANGUAGES)}, {figures['seconds']:g} s each (RSS in MB, pixels in MP)")
    print(f"after startup (prewarmed): {figures['startup_mb']:.1f} MB, peak "
          f"{figures['startup_peak_mb']:.1f} MB"
          + ("" if figures["big_blocks_mapped"] else " (malloc's mmap threshold not set)"))
    print(f"{'round':<6}{'lang':<5}{'scene':<16}{'RSS':>8}{'peak':>8}{'layers':>8}{'evicted':>9}"
          f"{'text':>7}{'1st frame ms':>14}")
    for row in figures["rows"]:
        print(f"{row['round']:<6}{row['lang']:<5}{row['scene']:<16}{row['rss_mb']:8.1f}"
              f"{row['peak_mb']:8.1f}"
              f"{row['layer_px'] / 1e6:8.1f}{row['layer_evictions']:9d}"
              f"{row['text_px'] / 1e6:7.1f}{row['first_frame_ms']:14.1f}")
    print(f"peak RSS {figures['peak_mb']:.1f} MB, at the end {figures['end_mb']:.1f} MB"
          + (f"; failed scenes: {', '.join(figures['failed_scenes'])}"
             if figures["failed_scenes"] else ""))


def main(size: tuple[int, int], rounds: int, as_json: bool, seconds: float = 1.5) -> int:
    figures = measure(size, rounds, seconds)
    if as_json:
        print(json.dumps(figures, indent=1))
    else:
        report(figures)
    return 0
