"""`python -m exhibit.bench reload`: how long staff's R stalls the frame loop.

A reload runs on the main thread between two frames: `prepare` (exhibit.yaml +
calibration.yaml, every scene and its texts, the frame texts, the fonts), then
`FrameLoop.apply_show` (new scenes, every one drawn once off-screen so their cached layers
are built now, not as stutters later). Measured on the real files with the simulator
feeding the loop, at the chosen size.
"""

from __future__ import annotations

import statistics
import time

import pygame

from exhibit.cli import parse_args
from exhibit.loop import FrameLoop
from exhibit.render.canvas import Canvas
from exhibit.render.text import TextCache
from exhibit.show import prepare
from exhibit.sources.base import ReadingQueue
from exhibit.sources.simulator import SimulatorSource
from exhibit.staff.reload import reload_show

FRAME = 1 / 60


def _frames(loop: FrameLoop, n: int) -> float:
    """Run `n` frames; the cost of the first, in ms."""
    first = 0.0
    for i in range(n):
        start = time.perf_counter()
        loop.frame(FRAME, time.monotonic())
        if i == 0:
            first = (time.perf_counter() - start) * 1000
    return first


def main(size: tuple[int, int], rounds: int) -> int:
    pygame.display.init()
    pygame.font.init()
    options = parse_args(["--port", "sim"])
    show = prepare(options)
    queue = ReadingQueue()
    source = SimulatorSource(show.config.sensors, seed=1)
    loop = FrameLoop(show, source, queue, Canvas(pygame.Surface(size), TextCache()),
                     time.monotonic())
    loop.prewarm(time.monotonic())
    source.start(queue)
    figures: dict[str, list[float]] = {"prepare": [], "apply + prewarm": [],
                                       "reload_show (all)": [], "first frame after": [],
                                       "a frame before": []}
    try:
        _frames(loop, 60)
        for _ in range(rounds):
            start = time.perf_counter()
            fresh = prepare(options)
            figures["prepare"].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            loop.apply_show(fresh, time.monotonic())
            figures["apply + prewarm"].append((time.perf_counter() - start) * 1000)
            _frames(loop, 30)
            figures["a frame before"].append(_frames(loop, 30))
            start = time.perf_counter()
            outcome = reload_show(loop, options)
            figures["reload_show (all)"].append((time.perf_counter() - start) * 1000)
            assert outcome.ok, outcome.message
            figures["first frame after"].append(_frames(loop, 30))
    finally:
        source.stop()
        pygame.quit()
    print(f"reload at {size[0]}x{size[1]}, {len(show.scenes)} scenes, {rounds} rounds (ms): "
          "the frame loop stalls for 'reload_show (all)'")
    print(f"{'step':<20}{'median':>9}{'max':>9}")
    for name, values in figures.items():
        print(f"{name:<20}{statistics.median(values):>9.1f}{max(values):>9.1f}")
    return 0
