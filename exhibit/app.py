"""Wires the exhibit together once and runs the frame loop.

It owns the display and the frame clock: the frame's `dt`, the show's time and the wall
clock that stamps a saved calibration are read here and handed down, so scenes, stage,
director and signals only get `dt`, a `World` or a `Canvas`. (The reader threads in
`exhibit.sources` stamp each reading's arrival with `time.monotonic` themselves, and the
benches time themselves.) The loop never waits on I/O: readings arrive through a queue,
recordings leave through one. What the show is made of comes from `exhibit.show.prepare`.
"""

from __future__ import annotations

import faulthandler
import json
import logging
import os
import signal
import sys
import threading
import time
from datetime import datetime

from exhibit.cli import EXIT_OK, Options, UsageError, fail, parse_args
from exhibit.config import load_config
from exhibit.show import Show, prepare
from exhibit.yamlsource import ConfigError

log = logging.getLogger("exhibit")
FPS = 60
CLOSED_FPS = 5  # outside the opening hours: a still screen; the Pi idles, the heartbeat beats
MAX_DT = 0.1  # a stalled frame must not make animations jump
EXIT_SOFTWARE = 70  # os.EX_SOFTWARE: an unexpected error; the kiosk launcher restarts the show


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    try:
        return _dispatch(argv)
    except Exception as exc:  # a bug before the show ran
        return _crashed(exc)


def _crashed(exc: Exception) -> int:
    """A bug: the traceback into the log, one line for staff, exit 70 for the launcher."""
    log.exception("the show stopped after an unexpected error")
    print(f"main.py: the show stopped after an unexpected error ({type(exc).__name__}: "
          f"{exc}); details in the log", file=sys.stderr)
    return EXIT_SOFTWARE


def _dispatch(argv: list[str] | None) -> int:
    stop = StopRequest()
    try:
        options = parse_args(argv)
        if options.list_ports:
            return list_ports(options)
        if options.show_stats or options.stats_report:
            return visitor_stats(options)
        if not (options.check_config or options.gallery):
            stop.install()  # from here on a stop signal ends the show cleanly
        show = prepare(options)
    except (UsageError, ConfigError) as exc:
        return fail(str(exc))
    if options.check_config:
        from exhibit.devtools.trial import check_show

        try:
            check_show(show)  # every scene drawn off-screen, each state and language
        except ConfigError as exc:
            return fail(str(exc))
        if show.config.publish is not None:
            from exhibit.platform.publisher import paho_missing

            if problem := paho_missing():  # the start would stop here too
                return fail(f"{show.config.path}: {problem}")
        overlay = f" + {show.config.calibration}" if show.config.calibration else ""
        print(f"{show.config.path}{overlay}: OK – {len(show.config.sensors)} sensors, scenes: "
              f"{', '.join(show.scenes)}")
        for note in show.missing_sensors() + show.missing_easy_read():
            print(note)
        return EXIT_OK
    if options.gallery:
        return gallery(show, options)
    if options.self_check:
        return self_check(show, options)
    from exhibit.kiosk.logfile import start_show_log

    logs = start_show_log(options.log_dir, show.config.kiosk.log_dir, show.config.path)
    try:
        return run(show, options, stop, logs.path)
    except UsageError as exc:
        return fail(str(exc))
    except Exception as exc:
        return _crashed(exc)  # while the log file still runs
    finally:
        logs.stop()  # everything queued is written, also after SIGTERM (run ends normally)


def self_check(show: Show, options: Options) -> int:
    """--self-check: this computer's screen, every scene, a verdict (exhibit.selfcheck)."""
    import pygame

    from exhibit.kiosk.display import check_video_driver
    from exhibit.selfcheck import run_self_check

    try:
        check_video_driver(pygame)
        return run_self_check(pygame, show, options)
    except UsageError as exc:
        return fail(str(exc))
    except pygame.error as exc:  # no display at all: say so, as the show would wait for one
        return fail(f"--self-check: no display to check ({exc}); run it on the kiosk's "
                    "screen (or with --windowed on a desktop)")
    finally:
        pygame.quit()


class StopRequest:
    """SIGTERM (systemd stop, kill), SIGINT (Ctrl+C) and SIGHUP (terminal closed) all end
    the show the same way: the handler only sets an event, which start-up checks between
    its steps and the frame loop once per frame; nothing raises out of the middle of a
    frame, so the data is kept and the diagnostics line is written."""

    SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.by = ""

    def install(self) -> None:
        for name in self.SIGNALS:
            if hasattr(signal, name):  # no SIGHUP on Windows
                signal.signal(getattr(signal, name), self._on_signal)

    def _on_signal(self, signum: int, _frame) -> None:
        if not self.by:
            self.by = signal.Signals(signum).name
        self.event.set()

    def is_set(self) -> bool:
        return self.event.is_set()

    def wait(self, seconds: float) -> bool:
        return self.event.wait(seconds)


def gallery(show: Show, options: Options) -> int:
    """`--gallery DIR`: every scene state to PNG, off-screen (no window needed)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from exhibit.devtools.gallery import write_gallery

    pygame.display.init()
    pygame.font.init()
    try:
        files = write_gallery(show.config, show.scenes, options.gallery,
                              options.size or (1920, 1080))
    except OSError as exc:
        return fail(f"--gallery {options.gallery}: cannot write there ({exc})")
    finally:
        pygame.quit()
    print(f"{len(files)} pictures in {options.gallery}")
    return EXIT_OK


def list_ports(options: Options) -> int:
    from exhibit.config import DEFAULT_USB_IDS, UsbId
    from exhibit.sources.ports import list_serial_ports

    try:
        usb_ids = load_config(options.config).device.usb_ids
    except ConfigError:
        usb_ids = tuple(UsbId(int(v, 16)) for v in DEFAULT_USB_IDS)
    ports = list_serial_ports()
    if not ports:
        print("no serial ports found (with --port auto the simulator stands in)")
    for port in ports:
        print(port.line(usb_ids))
    return EXIT_OK


def visitor_stats(options: Options) -> int:
    """`--stats [DIR]` / `--stats-report FILE.html`: only the config is read (for names)."""
    from exhibit.kiosk.logfile import log_folder
    from exhibit.stats.commands import run_stats_command
    from exhibit.wallclock import WallClock

    config = load_config(options.config)
    folder = options.stats_dir or log_folder(options.log_dir, config.kiosk.log_dir,
                                             config.path)
    now = WallClock(options.simulate_time, options.time_speed).now()
    return run_stats_command(options, config, folder, now)


def run(show: Show, options: Options, stop: StopRequest | None = None,
        log_path=None) -> int:
    """The show on the display until it ends; `log_path`: the log file, for the D overlay."""
    os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")  # ~8 ms a frame saved w/o GPU
    import pygame

    from exhibit.kiosk.display import check_video_driver, wait_for_display
    from exhibit.kiosk.heartbeat import Heartbeat
    from exhibit.kiosk.memory import return_big_blocks
    from exhibit.loop import FrameLoop
    from exhibit.recorder import Recorder
    from exhibit.render.canvas import Canvas
    from exhibit.render.text import TextCache
    from exhibit.sources.base import ReadingQueue
    from exhibit.sources.choose import open_source, port_problem, reopener
    from exhibit.sources.replay import RecordingError, ReplaySource
    from exhibit.status import SIMULATION
    from exhibit.wallclock import WallClock

    stop = stop or StopRequest()
    config = show.config
    if stop.is_set():  # a stop signal while the show was being prepared
        return _stopped_early(stop, "preparing the show")
    check_video_driver(pygame)
    port = None if options.replay else (options.port or config.device.port)
    if port is not None and (problem := port_problem(port)):
        flag = "--port" if options.port else f"{config.path}: device.port"
        raise UsageError(f"{flag} {problem}")
    for note in show.missing_sensors():
        log.warning(note)
    publisher = _publisher(config)  # before the source: no paho, no show (exit 2); not started
    t0 = time.monotonic()
    queue = ReadingQueue()
    if options.replay:
        try:
            source = ReplaySource(options.replay, options.speed, options.loop,
                                  options.session)
        except RecordingError as exc:
            raise UsageError(str(exc)) from None
    else:
        source = open_source(port, config, options.baud, options.seed)
    log.info("source: %s (%s)", source.name, source.kind)
    recorder = None
    if options.record:
        session = {"started": datetime.now().astimezone().isoformat(timespec="seconds"),
                   "source": source.name, "kind": source.kind, "config": str(config.path)}
        try:
            recorder = Recorder(options.record, t0, session,
                                simulated=source.kind == SIMULATION)
        except OSError as exc:
            raise UsageError(f"--record {options.record}: cannot write there ({exc})") from None

    visitors = _visitor_counter(config, options)  # None when kiosk.stats is false
    loop = None
    heartbeat = Heartbeat(options.heartbeat)  # counts frames; watched only when started
    if options.heartbeat or heartbeat.notifier.enabled:
        heartbeat.start()
    if hasattr(signal, "SIGUSR1"):  # the launcher asks a frozen show where it hangs
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    try:
        render = options.render_size or config.display.render_size
        screen = wait_for_display(pygame, options, stop, render)
        if screen is None:
            return EXIT_OK
        pygame.font.init()
        pygame.display.set_caption("Sensorik zum Anfassen")
        wall = WallClock(options.simulate_time, options.time_speed)
        if wall.simulated:
            log.info("wall clock simulated from %s, ×%g", f"{wall.start:%a %Y-%m-%d %H:%M:%S}",
                     wall.speed)
        if publisher is not None:
            publisher.start()  # connects in the background; closed in the finally below
        return_big_blocks()  # an evicted 4K layer frees its memory, not a hole in the heap
        loop = FrameLoop(show, source, queue, Canvas(screen, TextCache()), t0, recorder, wall,
                         visitors=visitors, publisher=publisher)
        if not options.replay:  # staff's R may reopen it for a changed device section
            loop.reopen = reopener(options.port, options.baud, options.seed)
        loop.prewarm(time.monotonic())   # every scene's layers now, not as a stutter later
        # Read only now: a source started before the prewarm (0.2–0.5 s) filled the queue,
        # which dropped 35 % of a fast sender's first readings before the first frame drained it.
        source.start(queue)
        return _show(pygame, loop, screen, options, stop, heartbeat, log_path)
    finally:
        heartbeat.stop()
        (source if loop is None else loop.source).stop()  # a reload may have replaced it
        if loop is not None:
            loop.finish(time.monotonic())  # what is still queued goes into the recording
        facts = loop.diagnostics() if loop is not None else {
            "source": source.name, "kind": source.kind, "state": "not shown yet"}
        if stop.by:
            facts["stopped_by"] = stop.by
        log.info("diagnostics: %s", json.dumps(facts, ensure_ascii=False))
        if recorder is not None:
            recorder.close()
        if visitors is not None:
            visitors.close()  # the last counts, written before the app ends
        if publisher is not None:
            publisher.close()  # "offline" retained, then disconnect
        pygame.quit()


def _publisher(config):
    """`publish.mqtt`: the publisher (not started yet); None when off."""
    if config.publish is None:
        return None
    from exhibit.platform.publisher import PlatformMissing, Publisher

    try:
        return Publisher(config.publish, config.sensors)
    except PlatformMissing as exc:
        raise UsageError(f"{config.path}: {exc}") from None


def _visitor_counter(config, options: Options):
    """Anonymous visitor counts into stats-YYYY-MM-DD.csv in the log folder (kiosk.stats)."""
    if not config.kiosk.stats:
        return None
    from exhibit.kiosk.logfile import log_folder
    from exhibit.stats.counter import VisitorCounter
    from exhibit.stats.store import CsvStatsStore

    return VisitorCounter(CsvStatsStore(log_folder(options.log_dir, config.kiosk.log_dir,
                                                   config.path)))


def _stopped_early(stop: StopRequest, during: str) -> int:
    log.info("diagnostics: %s", json.dumps({"state": f"stopped while {during}",
                                            "stopped_by": stop.by}))
    return EXIT_OK


def _show(pygame, loop, screen, options: Options, stop: StopRequest, heartbeat,
          log_path=None) -> int:
    """The frame loop, until the staff quit chord (or in a window: Esc, Ctrl+Q, its close
    button), `--frames` or a stop signal. In fullscreen, visitors' quit keys do nothing.
    Keys go to the staff desk (`exhibit.staff`), which draws its overlays over the frame.
    Each drawn frame is counted for the heartbeat (the launcher's and systemd's watch)."""
    from exhibit.kiosk.display import DisplayWatch
    from exhibit.kiosk.lock import KioskLock, QuitChord, draw_countdown
    from exhibit.kiosk.pacing import FramePacer
    from exhibit.staff.desk import StaffDesk

    kiosk = loop.show.config.kiosk
    chord = QuitChord(kiosk.quit_chord, kiosk.quit_hold)
    render = options.render_size or loop.show.config.display.render_size
    display = DisplayWatch(pygame, options, screen, render)
    lock = KioskLock(pygame, options.windowed, chord)
    desk = StaffDesk(loop, options, log_path)
    pacer = FramePacer()  # sleeps to the next frame: 60.0 fps, not Clock.tick's 62.5
    frames = 0
    if display.scaled:
        log.info("show on screen: %dx%d, drawn at %dx%d and scaled by SDL's renderer",
                 *display.size, *screen.get_size())
    else:
        log.info("show on screen: %dx%d", *screen.get_size())
    quit_now = False
    resting = False  # closed with a black screen: the display may sleep
    while not stop.is_set():
        slow = loop.closed and not (loop.calibration.active or desk.holds_escape)  # staff
        dt = min(pacer.tick(CLOSED_FPS if slow else FPS), MAX_DT)
        for event in pygame.event.get():
            display.event(event)
            if lock.quits(event, desk.holds_escape):  # an overlay's Esc closes it
                quit_now = True
            elif event.type == pygame.KEYDOWN:
                desk.key(event.key, event.mod)
        chord.update(dt)
        if chord.done:
            log.info("quit by staff (held %s for %g s)", chord.label(), chord.hold)
        if quit_now or chord.done:
            break
        if (resized := display.poll(dt)) is not None:
            screen = resized
            loop.resize(screen)
            resting = False  # the display opened afresh holds the screen saver off again
        started = time.perf_counter()
        loop.frame(dt, now := time.monotonic())
        drawn_over = desk.draw(loop.canvas, now)
        desk.frame_took(time.perf_counter() - started, now)
        if loop.closed_black != resting:  # let the display sleep only while closed
            resting = loop.closed_black
            pygame.display.set_allow_screensaver(resting)
        if chord.holding:
            draw_countdown(loop.canvas.landscape(), chord)
        if drawn_over or chord.holding:
            loop.drawn_over()  # the next frame paints its panel again under them
        pygame.display.flip()
        heartbeat.beat()
        frames += 1
        if options.frames and frames >= options.frames:
            break
    if options.screenshot:
        try:
            pygame.image.save(screen, str(options.screenshot))
        except (OSError, pygame.error) as exc:  # e.g. the folder went read-only
            return fail(f"--screenshot {options.screenshot}: the show ran, but the "
                        f"last frame could not be saved ({exc})")
    return EXIT_OK
