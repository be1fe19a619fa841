"""The calm screen the launcher shows when the show keeps failing.

    python -m exhibit.kiosk.errorscreen --reason TEXT [--log FILE] [--windowed]
                                        [--size WxH] [--frames N --screenshot FILE]

It loads neither exhibit.yaml nor a scene (the config may be what is broken), only the
palette and the fonts, so it looks like the exhibit. Visitors read that it takes a break,
staff read why and where the log is. Esc, window close and Ctrl+Q do nothing; only a
signal (the launcher's SIGTERM) ends it. It redraws twice a second, no busy loop.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from exhibit.cli import size_arg
from exhibit.kiosk.display import init_display, open_display

log = logging.getLogger("sensorik.errorscreen")
DESIGN = (1920, 1080)
REDRAW = 0.5          # seconds between frames
DISPLAY_RETRY = 5.0
MAX_REASON = 220      # characters; the full text is in the log

TITLE = "Sensorik zum Anfassen"
BREAK_DE = "Die Ausstellung macht gerade eine Pause."
BREAK_EN = "The exhibit is taking a break."
SOON = "Es geht gleich von selbst weiter. / It will start again by itself shortly."
STAFF = "Für das Personal / For staff:"


def shorten(text: str, limit: int = MAX_REASON) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def draw(screen, texts, reason: str, log_file: str | None) -> None:
    """The whole picture, laid out on the 1920×1080 design grid and scaled to the screen."""
    import pygame

    from exhibit.render import palette

    w, h = screen.get_size()
    k = min(w / DESIGN[0], h / DESIGN[1])
    ox, oy = (w - DESIGN[0] * k) / 2, (h - DESIGN[1] * k) / 2 + 50 * k  # optical centre

    def px(v: float) -> int:
        return max(1, round(v * k))

    def put(text: str, weight: str, size: int, color, y: float, x: float | None = None):
        surface = texts.render(text, weight, px(size), color)
        left = ox + (x * k if x is not None else (DESIGN[0] * k - surface.get_width()) / 2)
        screen.blit(surface, (round(left), round(oy + y * k)))
        return surface.get_height() / k

    screen.fill(palette.NIGHT)
    bar = pygame.Rect(0, 0, px(30), px(110))
    for dx in (-30, 30):  # a pause sign in the calm info blue
        bar.center = (round(ox + (DESIGN[0] / 2 + dx) * k), round(oy + 185 * k))
        pygame.draw.rect(screen, palette.TONES["info"], bar, border_radius=px(12))
    put(TITLE, "bold", 76, palette.INK, 270)
    put(BREAK_DE, "bold", 52, palette.INK, 400)
    put(BREAK_EN, "regular", 44, palette.INK_SOFT, 475)
    put(SOON, "regular", 32, palette.INK_SOFT, 560)

    lines = texts.wrap(shorten(reason) or "—", "regular", px(28), px(1300))[:3]
    top, x = 670, 310
    height = 28 + 44 + 40 * len(lines) + (56 if log_file else 0) + 20
    box = pygame.Rect(round(ox + 260 * k), round(oy + top * k), px(1400), px(height))
    pygame.draw.rect(screen, palette.PANEL, box, border_radius=px(18))
    y = top + 26
    put(STAFF, "bold", 30, palette.INK_SOFT, y, x)
    y += 48
    for line in lines:
        put(line, "regular", 28, palette.INK, y, x)
        y += 40
    if log_file:
        put(shorten(f"Log: {log_file}", 90), "regular", 28, palette.INK_SOFT, y + 16, x)


def show(args: argparse.Namespace, stop: threading.Event) -> int:
    os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
    import pygame

    from exhibit.render.text import TextCache

    screen = None
    said = False
    while screen is None:
        try:
            init_display(pygame)
            screen = open_display(pygame, args.windowed, args.size)
        except pygame.error as exc:
            pygame.display.quit()
            if not said:
                log.warning("no display for the error screen yet (%s); retrying every %g s",
                            exc, DISPLAY_RETRY)
                said = True
            if stop.wait(DISPLAY_RETRY):
                return 0
    pygame.font.init()
    pygame.display.set_caption(TITLE)
    texts = TextCache()
    frames = 0
    try:
        while not stop.is_set():
            for event in pygame.event.get():  # keys and close requests: nothing happens
                if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
                    screen = pygame.display.get_surface()
            draw(screen, texts, args.reason, args.log)
            pygame.display.flip()
            frames += 1
            if args.frames and frames >= args.frames:
                break
            stop.wait(REDRAW)
        if args.screenshot:
            pygame.image.save(screen, str(args.screenshot))
    except (OSError, pygame.error) as exc:
        print(f"errorscreen: {exc}", file=sys.stderr)
        return 1
    finally:
        pygame.quit()
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    p = argparse.ArgumentParser(prog="python -m exhibit.kiosk.errorscreen",
                                description=__doc__.split("\n\n")[-1])
    p.add_argument("--reason", default="", help="what went wrong, for staff")
    p.add_argument("--log", help="the log file staff should read")
    p.add_argument("--windowed", action="store_true")
    p.add_argument("--size", type=size_arg, metavar="WxH")
    p.add_argument("--frames", type=int, metavar="N", help="draw N frames, then exit")
    p.add_argument("--screenshot", type=Path, metavar="FILE", help="the last frame as PNG")
    args = p.parse_args(argv)
    stop = threading.Event()
    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        signal.signal(getattr(signal, name), lambda *_: stop.set())
    return show(args, stop)


if __name__ == "__main__":
    sys.exit(main())
