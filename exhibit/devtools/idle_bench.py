"""`python -m exhibit.bench idle`: what the show costs while nobody touches it.

The real `main.py --port sim --windowed` runs as a subprocess (SDL dummy driver), the attract
loop cycling scenes. After a warm-up its CPU share of one core comes from /proc/<pid>/stat
(utime + stime over wall time), its frame rate from the heartbeat file (frames and time,
written every 2 s by the app itself, so the bench needs nothing extra from the app), its
RSS from /proc/<pid>/status. Linux only (/proc).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from exhibit.devtools.soak import rss_kb

ROOT = Path(__file__).resolve().parents[2]
WARMUP = 5.0          # seconds after the first heartbeat: prewarm done, first scenes shown
START_DEADLINE = 60.0  # seconds for the app to draw its first frame
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of `pid` (all its threads) in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # fields 14 and 15 of stat(5)


def _heartbeat(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _next_heartbeat(path: Path, after: dict | None, proc: subprocess.Popen,
                    deadline: float) -> dict:
    """The first heartbeat record newer than `after` (the app writes one every 2 s)."""
    while True:
        beat = _heartbeat(path)
        if beat is not None and (after is None or beat["time"] > after["time"]):
            return beat
        if proc.poll() is not None:
            raise RuntimeError(f"idle bench: the app ended early (exit {proc.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError("idle bench: no heartbeat from the app")
        time.sleep(0.05)


def measure(size: tuple[int, int] = (1920, 1080), seconds: float = 20.0,
            warmup: float = WARMUP, scene_seconds: float | None = None) -> dict:
    """Run the show for `warmup` + `seconds`; its CPU share of one core (%), frames per
    second, RSS (MB) and the measured span, as plain data (for `bench all --json`).
    `scene_seconds` shortens each scene's turn in the attract loop (a copy of exhibit.yaml),
    so the span covers every scene and its transitions, not only the first scene."""
    with tempfile.TemporaryDirectory(prefix="idle-bench-") as tmp:
        config = ROOT / "exhibit.yaml"
        if scene_seconds is not None:
            text = config.read_text()
            marker = "  seconds: 20 "
            if marker not in text:
                raise SystemExit("idle bench: exhibit.yaml's playlist.seconds line changed")
            config = Path(tmp) / "exhibit.yaml"
            config.write_text(text.replace(marker, f"  seconds: {scene_seconds:g} ", 1))
        beat_path, log_path = Path(tmp) / "heartbeat.json", Path(tmp) / "app.log"
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                   PYGAME_HIDE_SUPPORT_PROMPT="1")
        with open(log_path, "w") as log_file:
            proc = subprocess.Popen(
                [sys.executable, str(ROOT / "main.py"), "--port", "sim", "--windowed",
                 "--size", f"{size[0]}x{size[1]}", "--heartbeat", str(beat_path),
                 "--log-dir", tmp, "--config", str(config)],
                cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
        try:
            first = _next_heartbeat(beat_path, None, proc, time.monotonic() + START_DEADLINE)
            time.sleep(warmup)
            start = _next_heartbeat(beat_path, first, proc, time.monotonic() + 10)
            cpu0, wall0 = cpu_seconds(proc.pid), time.monotonic()
            time.sleep(max(seconds - 2.0, 0.0))  # the next heartbeat is ≤ 2 s away
            end = _next_heartbeat(beat_path, start, proc, time.monotonic() + 10)
            cpu1, wall1 = cpu_seconds(proc.pid), time.monotonic()
            rss = rss_kb(proc.pid)
        except Exception:
            sys.stderr.write(log_path.read_text(errors="replace")[-3000:])
            raise
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    span = wall1 - wall0
    return {"size": f"{size[0]}x{size[1]}", "seconds": round(span, 2),
            "cpu_percent": round(100 * (cpu1 - cpu0) / span, 1),
            "fps": round((end["frames"] - start["frames"]) / (end["time"] - start["time"]), 1),
            "rss_mb": round(rss / 1024, 1), "exit": proc.returncode}


def main(size: tuple[int, int], seconds: float, whole_round: bool = False) -> int:
    from exhibit.config import load_config

    scenes = len(load_config(ROOT / "exhibit.yaml").playlist.scenes)
    result = measure(size, seconds, scene_seconds=seconds / scenes if whole_round else None)
    what = (f"a whole attract round, {seconds / scenes:.1f} s a scene" if whole_round
            else "the attract loop from its start")
    print(f"idle show at {result['size']} (main.py --port sim, dummy video driver, nobody "
          f"touching; {what}), {result['seconds']:.1f} s after a {WARMUP:g} s warm-up:")
    print(f"  CPU {result['cpu_percent']:.1f} % of one core, {result['fps']:.1f} frames/s, "
          f"RSS {result['rss_mb']:.1f} MB, exit {result['exit']}")
    return 0 if result["exit"] == 0 else 1


def per_scene(size: tuple[int, int] = (1920, 1080), seconds: float = 5.0) -> dict:
    """In process: each scene of the playlist for `seconds`, paced at 60 fps as the app
    paces it, with the simulator feeding it; the CPU share of one core (process time over
    wall time, all threads) and the mean frame work per scene."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from exhibit.cli import parse_args
    from exhibit.kiosk.pacing import FramePacer
    from exhibit.loop import FrameLoop
    from exhibit.render.canvas import Canvas
    from exhibit.render.text import TextCache
    from exhibit.show import prepare
    from exhibit.sources.base import ReadingQueue
    from exhibit.sources.simulator import SimulatorSource

    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode(size)
    show = prepare(parse_args(["--port", "sim"]))
    source = SimulatorSource(show.config.sensors, seed=1)
    queue = ReadingQueue()
    loop = FrameLoop(show, source, queue, Canvas(screen, TextCache()), time.monotonic())
    loop.prewarm(time.monotonic())
    source.start(queue)
    pacer, figures = FramePacer(), {}
    try:
        for number, name in enumerate(show.playlist, 1):
            loop.director.jump(number)
            for _ in range(45):  # the change and its fade, then the steady scene
                loop.frame(pacer.tick(60), time.monotonic())
                pygame.display.flip()
            cpu0, wall0, work, frames = time.process_time(), time.monotonic(), 0.0, 0
            while time.monotonic() - wall0 < seconds:
                dt = pacer.tick(60)
                pygame.event.pump()
                started = time.perf_counter()
                loop.frame(dt, time.monotonic())
                pygame.display.flip()
                work += time.perf_counter() - started
                frames += 1
            figures[name] = {"cpu_percent": round((time.process_time() - cpu0) /
                                                  (time.monotonic() - wall0) * 100, 1),
                             "frame_ms": round(work / frames * 1000, 2)}
    finally:
        source.stop()
        pygame.display.quit()
    return figures


def main_per_scene(size: tuple[int, int], seconds: float) -> int:
    figures = per_scene(size, seconds)
    print(f"idle per scene at {size[0]}x{size[1]}, in process, paced at 60 fps, "
          f"{seconds:g} s each (CPU share of one core, mean frame work)")
    for name, row in figures.items():
        print(f"  {name:<16}{row['cpu_percent']:6.1f} %{row['frame_ms']:8.2f} ms")
    mean = sum(row["cpu_percent"] for row in figures.values()) / len(figures)
    print(f"  {'mean':<16}{mean:6.1f} %")
    return 0
