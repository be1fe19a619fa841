"""`python -m exhibit.bench staff`: what the staff overlays cost a frame.

The frame as the app times it (`loop.frame` plus `StaffDesk.draw`), with no overlay, with
D (diagnostics: its panel repainted twice a second, blitted in between) and with F1 (a
cached panel), in a few scenes with the simulator feeding them. The three are interleaved
in rounds, so a busy neighbour on the machine weighs on all of them alike.
"""

from __future__ import annotations

import statistics
import time

from exhibit.devtools.bench import _loop
from exhibit.numbers import percentile
from exhibit.sources.simulator import SimulatorSource
from exhibit.staff.desk import StaffDesk

SCENES = ("overview", "trees", "heat_island")
MODES = ("closed", "D", "F1")


def main(size: tuple[int, int], frames: int, rounds: int = 3) -> None:
    costs: dict[tuple[str, str], list[float]] = {}
    for scene in SCENES:
        source = SimulatorSource(_config_sensors(), seed=1)
        loop = _loop(size, source, scene)
        desk = StaffDesk(loop)
        t = time.monotonic()
        for _ in range(60):  # warm-up: layers and text caches fill once
            t += 1 / 60
            loop.frame(1 / 60, t)
        for _ in range(rounds):
            for mode in MODES:
                desk.help_open, desk.diagnostics_open = mode == "F1", mode == "D"
                desk.view.stale()
                for i in range(frames // rounds):
                    t += 1 / 60
                    start = time.perf_counter()
                    loop.frame(1 / 60, t)
                    if desk.draw(loop.canvas, t):
                        loop.drawn_over()
                    took = time.perf_counter() - start
                    desk.frame_took(took, t)
                    costs.setdefault((scene, mode), []).append(took * 1000)
        source.stop()
    print(f"staff overlays: frame cost at {size[0]}x{size[1]} (ms, loop.frame + overlay), "
          f"{frames} frames per scene and mode, {rounds} interleaved rounds")
    print(f"{'scene':<14}" + "".join(f"{m + ' median':>15}{m + ' p99':>11}" for m in MODES))
    for scene in SCENES:
        row = "".join(f"{statistics.median(costs[scene, m]):15.2f}"
                      f"{percentile(costs[scene, m], 0.99):11.2f}" for m in MODES)
        print(f"{scene:<14}{row}")


def _config_sensors():
    from exhibit.cli import parse_args
    from exhibit.show import prepare

    return prepare(parse_args([])).config.sensors


