"""The command line of DESIGN.md. Bad arguments end with one clear paragraph and exit code 2."""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from exhibit.sizes import parse_render_size

DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "exhibit.yaml"
EXIT_OK, EXIT_USAGE = 0, 2


class UsageError(Exception):
    """Wrong arguments; the message says what is wrong and how to fix it."""


@dataclass(frozen=True)
class Options:
    port: str | None
    baud: int | None
    config: Path
    windowed: bool
    size: tuple[int, int] | None
    lang: str | None
    scene: str | None
    list_ports: bool
    check_config: bool
    record: Path | None
    replay: Path | None
    speed: float
    loop: bool
    frames: int | None
    screenshot: Path | None
    gallery: Path | None
    seed: int | None
    session: int | None = None  # --replay: which run of the file (1…); None: the last
    heartbeat: Path | None = None  # the kiosk launcher's freeze watch (exhibit.kiosk)
    log_dir: Path | None = None    # overrides the config's kiosk.log_dir
    show_stats: bool = False       # --stats: print the visitor statistics and exit
    stats_dir: Path | None = None  # --stats DIR: where they are (None: the log folder)
    stats_report: Path | None = None   # --stats-report FILE.html
    simulate_time: datetime | None = None  # the wall clock starts here (opening hours, stats)
    time_speed: float = 1.0        # simulated wall-clock seconds per real second
    render_size: str | tuple[int, int] | None = None  # overrides display.render_size
    self_check: bool = False       # --self-check: measure this computer's screen, then exit


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print usage noise and exit
        raise UsageError(f"{message}. Run 'python main.py --help' for every option.")


def size_arg(text: str) -> tuple[int, int]:
    """`WxH` for argparse (main.py and the kiosk's error screen)."""
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--size must look like 1920x1080, got {text!r}") \
            from None
    if not (160 <= w <= 16384 and 120 <= h <= 16384):
        raise argparse.ArgumentTypeError(f"--size {text} is out of range; use e.g. 1280x720 "
                                         "or 1920x1080")
    return w, h


def _render_size(text: str) -> str | tuple[int, int]:
    try:
        return parse_render_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--render-size {exc}, got {text!r}") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a whole number > 0, got {text!r}")
    return value


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0.01 <= value <= 100:
        raise argparse.ArgumentTypeError(f"--speed must be a number from 0.01 to 100, "
                                         f"e.g. 2 for double speed, got {text!r}")
    return value


def _when(text: str) -> datetime:
    """`2026-12-07T09:59` (or with seconds), or `09:59` for today: a local time."""
    try:
        if len(text) <= 8 and ":" in text:
            clock = datetime.strptime(text, "%H:%M:%S" if text.count(":") == 2 else "%H:%M")
            return datetime.now().replace(hour=clock.hour, minute=clock.minute,
                                          second=clock.second, microsecond=0)
        when = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--simulate-time must look like 2026-12-24T09:59 or 09:59 (today), got "
            f"{text!r}") from None
    return when.replace(tzinfo=None) if when.tzinfo is None else \
        when.astimezone().replace(tzinfo=None)


def _time_speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0.1 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"--time-speed must be a number from 0.1 to 3600, "
                                         f"e.g. 60 for a minute per second, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="main.py", description="Sensorik zum Anfassen – the smart-city exhibit. "
                "Without options: fullscreen, auto-detect the sensor model, else simulate.")
    p.add_argument("--port", help="device path, path pattern ('/dev/ttyACM*': the one "
                   "answering our hello), pyserial URL (socket://, rfc2217://, loop://, "
                   "hwgrep://), a data platform (mqtt://host[:port]/<prefix>, mqtts://…), 'auto' "
                   "or 'sim' (default: from the config)")
    p.add_argument("--baud", type=_positive, help="baud rate (default: from the config)")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG, metavar="FILE",
                   help="configuration file (default: exhibit.yaml)")
    p.add_argument("--windowed", action="store_true", help="a window instead of fullscreen")
    p.add_argument("--size", type=size_arg, metavar="WxH",
                   help="the screen's (or window's) size, e.g. 1280x720 (default: the "
                   "screen's own; off-screen: the picture's size)")
    p.add_argument("--render-size", type=_render_size, metavar="auto|native|WxH",
                   help="draw the show at this size and let the GPU scale it to the screen "
                   "(default: display.render_size in the config, auto: at most 1920x1080)")
    p.add_argument("--self-check", action="store_true",
                   help="render every scene on this computer's screen for a few seconds and "
                   "say whether it holds 60 fps (and what to set if not), then exit")
    p.add_argument("--lang", choices=("de", "en", "ls"),
                   help="language visitors read first (ls: Leichte Sprache, easy-read German)")
    p.add_argument("--scene", metavar="NAME", help="start with this scene")
    p.add_argument("--list-ports", action="store_true", help="list serial ports and exit")
    p.add_argument("--check-config", action="store_true",
                   help="check the configuration and scene texts, then exit")
    p.add_argument("--record", type=Path, metavar="FILE",
                   help="append every decoded reading to FILE as JSON lines")
    p.add_argument("--replay", type=Path, metavar="FILE",
                   help="play a --record file back as the source, in its original timing")
    p.add_argument("--speed", type=_speed, default=1.0, metavar="X",
                   help="replay speed factor (default 1)")
    p.add_argument("--loop", action="store_true", help="replay the recording in a loop")
    p.add_argument("--session", type=_positive, metavar="N",
                   help="replay run N of a file several --record runs appended to "
                   "(from 1; default: the last)")
    p.add_argument("--frames", type=_positive, metavar="N", help="stop after N frames")
    p.add_argument("--screenshot", type=Path, metavar="FILE",
                   help="save the last frame as PNG (with --frames)")
    p.add_argument("--gallery", type=Path, metavar="DIR",
                   help="render every scene in each of its levels, every language, to PNG "
                   "files in DIR (with --size), then exit")
    p.add_argument("--log-dir", type=Path, metavar="DIR",
                   help="folder of the rotating log (default: kiosk.log_dir in the config, "
                   "else $XDG_STATE_HOME/sensorik)")
    p.add_argument("--heartbeat", type=Path, metavar="FILE",
                   help="touch FILE every few seconds while frames are drawn (the kiosk "
                   "launcher restarts a show whose heartbeat goes stale)")
    p.add_argument("--stats", nargs="?", const="", metavar="DIR",
                   help="print today's and this week's visitor statistics and the most "
                   "touched sensors, then exit (DIR: where they are; default: the log folder)")
    p.add_argument("--stats-report", type=Path, metavar="FILE.html",
                   help="write the visitor statistics as one self-contained page with charts "
                   "(works offline), then exit; with --stats DIR to read another folder")
    p.add_argument("--simulate-time", type=_when, metavar="WHEN",
                   help="run as if the wall clock read WHEN (2026-12-24T09:59, or 09:59 for "
                   "today): to try the opening hours")
    p.add_argument("--time-speed", type=_time_speed, default=1.0, metavar="X",
                   help="with --simulate-time: the wall clock runs X times as fast")
    p.add_argument("--seed", type=int, help=argparse.SUPPRESS)  # repeatable simulator runs
    return p


def parse_args(argv: list[str] | None = None) -> Options:
    try:
        ns = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help prints and exits 0
        raise SystemExit(exc.code) from None
    if ns.replay and ns.port:
        raise UsageError("--replay and --port both choose the source; give only one")
    if (ns.speed != 1.0 or ns.loop) and not ns.replay:
        raise UsageError("--speed and --loop only apply to --replay FILE")
    if ns.session is not None and not ns.replay:
        raise UsageError("--session only applies to --replay FILE")
    if ns.replay and not ns.replay.is_file():
        raise UsageError(f"--replay {ns.replay}: no such file; record one with --record FILE")
    if ns.time_speed != 1.0 and ns.simulate_time is None:
        raise UsageError("--time-speed only applies with --simulate-time WHEN")
    if ns.stats_report is not None:
        if ns.stats_report.suffix.lower() not in (".html", ".htm"):
            raise UsageError(f"--stats-report {ns.stats_report} must end in .html")
        check_writable("--stats-report", ns.stats_report)
    stats_dir = Path(ns.stats) if ns.stats else None
    if stats_dir is not None and not stats_dir.is_dir():
        raise UsageError(f"--stats {stats_dir}: no such folder; give the folder that holds "
                         "the stats-*.csv files (default: the log folder)")
    if ns.gallery and ns.gallery.exists() and not ns.gallery.is_dir():
        raise UsageError(f"--gallery {ns.gallery} is a file; give a folder for the pictures")
    if ns.screenshot and ns.screenshot.suffix.lower() != ".png":
        raise UsageError(f"--screenshot {ns.screenshot} must end in .png")
    for flag, path in (("--record", ns.record), ("--screenshot", ns.screenshot)):
        if path is not None and not path.resolve().parent.is_dir():
            raise UsageError(f"{flag} {path}: the folder {path.resolve().parent} does not "
                             "exist; create it or choose another path")
    for flag, path, folder in (("--screenshot", ns.screenshot, False),
                               ("--gallery", ns.gallery, True)):
        if path is not None:
            check_writable(flag, path, folder)
    return Options(port=ns.port, baud=ns.baud, config=ns.config, windowed=ns.windowed,
                   size=ns.size, lang=ns.lang, scene=ns.scene, list_ports=ns.list_ports,
                   check_config=ns.check_config, record=ns.record, replay=ns.replay,
                   speed=ns.speed, loop=ns.loop, frames=ns.frames,
                   screenshot=ns.screenshot, gallery=ns.gallery, seed=ns.seed,
                   session=ns.session, heartbeat=ns.heartbeat, log_dir=ns.log_dir,
                   show_stats=ns.stats is not None and ns.stats_report is None,
                   stats_dir=stats_dir, stats_report=ns.stats_report, simulate_time=ns.simulate_time,
                   time_speed=ns.time_speed, render_size=ns.render_size,
                   self_check=ns.self_check)


def check_writable(flag: str, path: Path, folder: bool = False) -> None:
    """Raise `UsageError` unless a file can be created at `path` (`folder`: inside the folder
    `path`, made if missing) – before the run, not after it. Tried, not asked: `os.access`
    says yes to root on a read-only mount."""
    target = path if folder else path.parent
    if not folder and path.is_dir():
        raise UsageError(f"{flag} {path} is a folder; give a file name ending in .png")
    existing = target
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise UsageError(f"{flag} {path}: {existing} is a file, not a folder; choose another "
                         "path")
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        raise UsageError(f"{flag} {path}: cannot write in {existing} "
                         f"({exc.strerror or exc}); choose a writable folder") from None


def fail(message: str) -> int:
    print(f"main.py: {message}", file=sys.stderr)
    return EXIT_USAGE
