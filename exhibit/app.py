"""Wires the exhibit together once and runs the frame loop.

It owns the display and the frame clock: the frame's `dt`, the show's time and the wall
clock that stamps a saved calibration are read here and handed down, so scenes, stage,
director and signals only get `dt`, a `World` or a `Canvas`. (The reader threads in
`exhibit.sources` stamp each reading's arrival with `time.monotonic` themselves, and the
benches time themselves.) The loop never waits on I/O: readings arrive through a queue,
recordings leave through one. What the show is made of comes from `exhibit.show.prepare`.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
import time
from datetime import datetime

from exhibit.cli import EXIT_OK, Options, UsageError, fail, parse_args
from exhibit.config import load_config
from exhibit.show import Show, prepare
from exhibit.yamlsource import ConfigError

log = logging.getLogger("exhibit")
FPS = 60
MAX_DT = 0.1  # a stalled frame must not make animations jump


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    try:
        options = parse_args(argv)
        if options.list_ports:
            return list_ports(options)
        show = prepare(options)
    except (UsageError, ConfigError) as exc:
        return fail(str(exc))
    if options.check_config:
        from exhibit.devtools.trial import check_show

        try:
            check_show(show)  # every scene drawn off-screen, each state and language
        except ConfigError as exc:
            return fail(str(exc))
        overlay = f" + {show.config.calibration}" if show.config.calibration else ""
        print(f"{show.config.path}{overlay}: OK – {len(show.config.sensors)} sensors, scenes: "
              f"{', '.join(show.scenes)}")
        for note in show.missing_sensors():
            print(note)
        return EXIT_OK
    if options.gallery:
        return gallery(show, options)
    try:
        return run(show, options)
    except UsageError as exc:
        return fail(str(exc))


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


def run(show: Show, options: Options) -> int:
    os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")  # ~8 ms a frame saved w/o GPU
    import pygame

    from exhibit.loop import FrameLoop
    from exhibit.recorder import Recorder
    from exhibit.render.canvas import Canvas
    from exhibit.render.text import TextCache
    from exhibit.sources.base import ReadingQueue
    from exhibit.sources.choose import open_source
    from exhibit.sources.replay import RecordingError, ReplaySource
    from exhibit.status import SIMULATION

    config = show.config
    for note in show.missing_sensors():
        log.warning(note)
    t0 = time.monotonic()
    queue = ReadingQueue()
    if options.replay:
        try:
            source = ReplaySource(options.replay, options.speed, options.loop,
                                  options.session)
        except RecordingError as exc:
            raise UsageError(str(exc)) from None
    else:
        source = open_source(options.port or config.device.port, config, options.baud,
                             options.seed)
    recorder = None
    if options.record:
        session = {"started": datetime.now().astimezone().isoformat(timespec="seconds"),
                   "source": source.name, "kind": source.kind, "config": str(config.path)}
        try:
            recorder = Recorder(options.record, t0, session,
                                simulated=source.kind == SIMULATION)
        except OSError as exc:
            raise UsageError(f"--record {options.record}: cannot write there ({exc})") from None

    pygame.display.init()
    pygame.font.init()
    screen = _open_display(pygame, options)
    pygame.display.set_caption("Sensorik zum Anfassen")
    loop = FrameLoop(show, source, queue, Canvas(screen, TextCache()), t0, recorder)
    loop.prewarm(time.monotonic())   # every scene's layers now, not as a stutter later
    # Read only now: a source started before the prewarm (0.2–0.5 s) filled the queue,
    # which dropped 35 % of a fast sender's first readings before the first frame drained it.
    source.start(queue)
    log.info("source: %s (%s)", source.name, source.kind)
    sensor_keys = _touch_keys(pygame, list(config.sensors))
    calibration_keys = _calibration_keys(pygame)
    clock = pygame.time.Clock()
    frames = 0
    stopping = threading.Event()  # SIGTERM (systemd stop, kill): end cleanly, keep data
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        while not stopping.is_set():
            dt = min(clock.tick(FPS) / 1000.0, MAX_DT)
            for event in pygame.event.get():
                calibrating = loop.calibration.active  # then Esc leaves the mode, not the app
                if event.type == pygame.QUIT or (event.type == pygame.KEYDOWN and (
                        (event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL)
                        or (event.key == pygame.K_ESCAPE and options.windowed
                            and not calibrating))):
                    return EXIT_OK
                if event.type == pygame.KEYDOWN:
                    if event.key == pygame.K_l:
                        loop.toggle_language()
                    elif calibrating:
                        if event.key in calibration_keys:  # S may save: stamp it now
                            loop.calibration_key(calibration_keys[event.key],
                                                 datetime.now().astimezone())
                    elif event.key == pygame.K_c:
                        loop.toggle_calibration()
                    elif event.key in sensor_keys:
                        source.touch(sensor_keys[event.key])
            loop.frame(dt, time.monotonic())
            pygame.display.flip()
            frames += 1
            if options.frames and frames >= options.frames:
                break
        if options.screenshot:
            pygame.image.save(screen, str(options.screenshot))
        return EXIT_OK
    finally:
        source.stop()
        loop.finish(time.monotonic())  # what is still queued goes into the recording
        log.info("diagnostics: %s", json.dumps(loop.diagnostics(), ensure_ascii=False))
        if recorder is not None:
            recorder.close()
        pygame.quit()


def _open_display(pygame, options: Options):
    if options.windowed:
        return pygame.display.set_mode(options.size or (1280, 720))
    size = options.size or pygame.display.get_desktop_sizes()[0]
    pygame.mouse.set_visible(False)
    screen = pygame.display.set_mode(size, pygame.FULLSCREEN)
    if screen.get_size() != tuple(size):  # e.g. the dummy driver ignores fullscreen sizes
        screen = pygame.display.set_mode(size, pygame.NOFRAME)
    return screen


def _calibration_keys(pygame) -> dict[int, str]:
    """Keys of the calibration mode -> its actions (`exhibit.calibration.mode`)."""
    from exhibit.calibration.mode import ABORT, BACK, DOWN, NEXT, REPEAT, SAVE, SELECT, UP

    keys = {pygame.K_UP: UP, pygame.K_DOWN: DOWN, pygame.K_RETURN: NEXT,
            pygame.K_KP_ENTER: NEXT, pygame.K_SPACE: NEXT, pygame.K_BACKSPACE: BACK,
            pygame.K_r: REPEAT, pygame.K_s: SAVE, pygame.K_ESCAPE: ABORT,
            pygame.K_c: ABORT}
    numbers = [pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6,
               pygame.K_7, pygame.K_8, pygame.K_9, pygame.K_0]
    keys.update({key: f"{SELECT}{i}" for i, key in enumerate(numbers)})
    return keys


def _touch_keys(pygame, sensor_ids: list[str]) -> dict[int, str]:
    """Keys 1–9 and 0 touch the first ten sensors in config order, F1–F12 the first twelve
    (simulator only); function keys sit in the same place on every keyboard layout."""
    digits = [pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6,
              pygame.K_7, pygame.K_8, pygame.K_9, pygame.K_0]
    functions = [getattr(pygame, f"K_F{i}") for i in range(1, 13)]
    return {**dict(zip(digits, sensor_ids)), **dict(zip(functions, sensor_ids))}
