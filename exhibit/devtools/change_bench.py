"""`python -m exhibit.bench change`: the worst frame of a scene change.

The frame loop off-screen with the simulator feeding it; staff's "next scene" (`step`) is
pressed every 1.5 s (after one round that lets each scene build its layers for the live
values), and every frame of the 0.4 s transition that follows is timed against
the steady frames before it. What counts is the worst transition frame: it must fit the
16.7 ms a 60 fps frame has.
"""

from __future__ import annotations

import statistics
import time

from exhibit.cli import parse_args
from exhibit.loop import TRANSITION_SECONDS
from exhibit.show import prepare
from exhibit.sources.simulator import SimulatorSource

STEP = 1 / 60


def measure(size: tuple[int, int], changes: int = 20) -> dict:
    """Per change: the first frame (the old frame is kept), the worst frame of the
    transition, and the mean steady frame before it, in ms."""
    from exhibit.devtools.bench import _loop

    source = SimulatorSource(prepare(parse_args([])).config.sensors, seed=1)
    loop = _loop(size, source)
    t = time.monotonic()

    def frame() -> float:
        nonlocal t
        t += STEP
        start = time.perf_counter()
        loop.frame(STEP, t)
        return (time.perf_counter() - start) * 1000

    for _ in range(len(loop.director.playlist)):  # a round first: each scene's layers for
        loop.director.step(1)                      # the live values (the prewarm saw none)
        for _ in range(30):
            frame()
    firsts, worsts, steady = [], [], []
    for _ in range(changes):
        steady.extend(frame() for _ in range(round(1.1 / STEP)))
        loop.director.step(1)
        during = [frame() for _ in range(round(TRANSITION_SECONDS / STEP) + 1)]
        firsts.append(during[0])
        worsts.append(max(during))
    source.stop()
    return {"size": f"{size[0]}x{size[1]}", "changes": changes,
            "steady_mean_ms": round(statistics.mean(steady), 2),
            "first_frame_ms": round(statistics.median(firsts), 2),
            "worst_frame_median_ms": round(statistics.median(worsts), 2),
            "worst_frame_max_ms": round(max(worsts), 2)}


def main(size: tuple[int, int], changes: int = 20) -> None:
    r = measure(size, changes)
    print(f"scene change at {r['size']}, {r['changes']} changes (ms): steady frame mean "
          f"{r['steady_mean_ms']:.2f}; the change's first frame median {r['first_frame_ms']:.2f};"
          f" worst transition frame median {r['worst_frame_median_ms']:.2f}, max "
          f"{r['worst_frame_max_ms']:.2f}")
