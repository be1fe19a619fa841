"""`main.py --self-check`: does this computer hold 60 fps on this screen?

Staff run it once on the kiosk computer after set-up (kiosk/README.md). It opens the display
as the show would — fullscreen at the screen's size, drawn at `display.render_size` —
and draws every scene of the playlist for a moment with the simulator feeding it, unpaced
and without vsync, measuring per frame the frame's work (`FrameLoop.frame`: our drawing)
and the present (`display.flip`: SDL's renderer scaling the picture to the screen — the
GPU's part where there is one). The verdict is in words: the headroom over the 16.7 ms a
frame may take, or the render size to set instead. No board, no recording, no log file.
"""

from __future__ import annotations

import logging
import statistics
import time
from pathlib import Path

from exhibit.cli import EXIT_OK, Options
from exhibit.kiosk.display import init_display, open_display, renderer_info, screen_size
from exhibit.numbers import percentile
from exhibit.sizes import render_size_for

BUDGET_MS = 1000 / 60
FRAMES_PER_SCENE = 36     # ~0.3-0.6 s a scene: eleven scenes in a few seconds
WARMUP_FRAMES = 4
STEPS_DOWN = ((1920, 1080), (1600, 900), (1280, 720))  # what to suggest, largest first
EXIT_TOO_SLOW = 1


def measure(pygame, show, options: Options, frames: int = FRAMES_PER_SCENE,
            after_flip=None, paced: bool = False) -> dict:
    """Open the display, draw every scene `frames` times, and return the figures (ms,
    sizes, names). `after_flip` runs after each present (bench screens' control run);
    `paced` sleeps to 60 fps between frames as the show does (the self-check does not:
    it asks how much this computer could draw)."""
    from exhibit.kiosk.pacing import FramePacer

    from exhibit.loop import FrameLoop
    from exhibit.render.canvas import Canvas
    from exhibit.render.text import TextCache
    from exhibit.sources.base import ReadingQueue
    from exhibit.sources.simulator import SimulatorSource

    render = options.render_size or show.config.display.render_size
    init_display(pygame)
    screen = open_display(pygame, options.windowed, options.size, render, vsync=False)
    shown = screen_size(pygame, options.windowed, options.size)
    pygame.font.init()
    source = SimulatorSource(show.config.sensors, seed=1)
    queue = ReadingQueue()
    t0 = time.monotonic()
    loop = FrameLoop(show, source, queue, Canvas(screen, TextCache()), t0)
    loop.prewarm(t0)
    source.start(queue)
    work: dict[str, list[float]] = {}
    present: list[float] = []
    pacer = FramePacer() if paced else None
    try:
        playlist = [name for name in show.playlist if name not in show.failed]
        for number, name in enumerate(playlist, 1):
            loop.director.jump(number)
            times = work.setdefault(name, [])
            for i in range(WARMUP_FRAMES + frames):
                if pacer is not None:
                    pacer.tick(60)
                pygame.event.pump()
                started = time.perf_counter()
                loop.frame(1 / 60, time.monotonic())
                drawn = time.perf_counter()
                pygame.display.flip()
                if after_flip is not None:
                    after_flip()
                if i >= WARMUP_FRAMES:
                    times.append((drawn - started) * 1000)
                    present.append((time.perf_counter() - drawn) * 1000)
    finally:
        source.stop()
    renderer = renderer_info(pygame)
    return {"driver": pygame.display.get_driver(), "screen": list(shown),
            "render": list(screen.get_size()), "setting": _setting(render),
            "renderer": renderer and {"name": renderer[0], "gpu": renderer[1]},
            "work_ms": {name: round(percentile(t, 0.95), 2) for name, t in work.items()},
            "work_median_ms": {name: round(statistics.median(t), 2) for name, t in work.items()},
            "work_p95_ms": round(percentile([x for t in work.values() for x in t], 0.95), 2),
            "present_p95_ms": round(percentile(present, 0.95), 2),
            "present_median_ms": round(statistics.median(present), 2),
            "rss_mb": _rss_mb(), "memory_mb": _meminfo()}


def verdict(figures: dict) -> tuple[bool, list[str]]:
    """Whether 60 fps holds, and the lines a person reads."""
    screen, render = tuple(figures["screen"]), tuple(figures["render"])
    work, present = figures["work_p95_ms"], figures["present_p95_ms"]
    frame = work + present
    headroom = BUDGET_MS / frame if frame > 0 else float("inf")
    worst = max(figures["work_ms"], key=figures["work_ms"].get)
    renderer = figures["renderer"]
    lines = [f"driver {figures['driver']}, screen {screen[0]}x{screen[1]}, drawn at "
             f"{render[0]}x{render[1]} (render_size: {figures['setting']})",
             "scaling: " + _scaling(renderer),
             f"a frame: {work:.1f} ms drawing (slowest scene: {worst}, "
             f"{figures['work_ms'][worst]:.1f} ms) + {present:.1f} ms to the screen "
             f"(95th percentile)",
             _memory_line(figures)]
    if headroom >= 1.0:
        lines.insert(0, f"OK: this computer holds 60 fps on this screen with "
                     f"{headroom:.1f}× headroom.")
        return True, lines
    fps = min(60.0, 1000 / frame)
    suggestion = _smaller(render, screen, work, present)
    if suggestion:
        w, h = suggestion
        lines.insert(0, f"TOO SLOW: about {fps:.0f} fps here. Use render_size: {w}x{h} "
                     f"(exhibit.yaml, display section; try it with --render-size {w}x{h}).")
    else:
        lines.insert(0, f"TOO SLOW: about {fps:.0f} fps even at the smallest render size; "
                     "use a faster computer (a Raspberry Pi 5 or better) or a smaller screen.")
    return False, lines


def _smaller(render: tuple[int, int], screen: tuple[int, int], work: float,
             present: float) -> tuple[int, int] | None:
    """The largest step down whose drawing, scaled by its pixels, fits the budget."""
    pixels = render[0] * render[1]
    for step in STEPS_DOWN:
        size = render_size_for(step, screen)
        smaller = size[0] * size[1]
        if smaller < pixels and work * smaller / pixels + present < BUDGET_MS:
            return size
    return None


def run_self_check(pygame, show, options: Options) -> int:
    logging.getLogger("exhibit.activity").setLevel(logging.WARNING)  # no scene-by-scene log
    figures = measure(pygame, show, options)
    holds, lines = verdict(figures)
    print("\n".join(lines))
    return EXIT_OK if holds else EXIT_TOO_SLOW


def _scaling(renderer: dict | None) -> str:
    if not renderer:
        return "none, the show fills the screen pixel for pixel"
    if renderer["gpu"]:
        return f"by the GPU (SDL renderer {renderer['name']})"
    return f"in software (SDL renderer {renderer['name']}: no GPU renderer found)"


def _setting(render) -> str:
    return render if isinstance(render, str) else f"{render[0]}x{render[1]}"


def _rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _meminfo() -> dict[str, float]:
    try:
        fields = dict(line.split(":", 1) for line in
                      Path("/proc/meminfo").read_text().splitlines() if ":" in line)
        return {key: round(int(fields[key].split()[0]) / 1024) for key in
                ("MemTotal", "MemAvailable") if key in fields}
    except (OSError, ValueError):
        return {}


def _memory_line(figures: dict) -> str:
    rss, memory = figures["rss_mb"], figures["memory_mb"]
    line = f"memory: the show {rss:.0f} MB" if rss else "memory: unknown"
    if memory.get("MemTotal"):
        line += (f"; this computer {memory['MemTotal']} MB, {memory.get('MemAvailable', '?')} "
                 "MB free")
    return line
