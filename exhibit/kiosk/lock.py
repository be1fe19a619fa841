"""Kiosk lock and the staff quit: hold a chord (default Ctrl+Shift+Q) for a few seconds, with a countdown.

In fullscreen the exhibit is a kiosk: a visitor's Esc, Ctrl+Q, Alt+F4 or the window
manager's close do nothing visible. Staff quit on purpose by holding the chord from the
config (`kiosk.quit_chord`, `kiosk.quit_hold`); letting go of any key of it cancels, so a
visitor who brushes the keyboard never ends the show. The state machine is fed key names
and a clock, so it is tested without a keyboard; `exhibit.app` translates pygame's events.
"""

from __future__ import annotations

import logging
import math

from exhibit.numbers import format_number
from exhibit.render.canvas import Canvas
from exhibit.render.palette import INK, INK_SOFT, NIGHT_DEEP, PANEL_LINE, tone

log = logging.getLogger("exhibit")
MODIFIERS = ("ctrl", "shift", "alt")
TEXT = {  # staff text, both languages at once: staff may be reading either
    "de": "Beenden: Tasten {keys} noch {seconds} s halten",
    "en": "Quitting: keep holding {keys} for {seconds} s",
}
KEY_NAMES = {"ctrl": "Strg/Ctrl", "shift": "Shift", "alt": "Alt"}
CARD = (560.0, 410.0, 800.0, 260.0)  # design grid, centred on the 1920×1080 landscape


class QuitChord:
    """Counts how long every key of the chord has been held together.

    `press(key, modifiers)` and `release(key)` take lower-case names ("q", "f4", "ctrl",
    "shift", "alt"); `modifiers` is the set held at that moment. `update(dt)` advances the
    hold; `done` turns true once it lasted `hold` seconds.
    """

    def __init__(self, chord: tuple[str, ...], hold: float) -> None:
        *mods, key = chord
        self.modifiers = frozenset(mods)
        self.key = key
        self.hold = hold
        self.held_for: float | None = None  # None: not holding

    @property
    def holding(self) -> bool:
        return self.held_for is not None

    @property
    def done(self) -> bool:
        return self.held_for is not None and self.held_for >= self.hold

    @property
    def remaining(self) -> float:
        return max(self.hold - (self.held_for or 0.0), 0.0)

    def press(self, key: str, modifiers: set[str] | frozenset[str]) -> None:
        if key == self.key and self.modifiers <= set(modifiers):
            if self.held_for is None:
                self.held_for = 0.0
        elif key not in MODIFIERS:
            self.cancel()  # another key joined in: not the chord any more

    def release(self, key: str) -> None:
        if key == self.key or key in self.modifiers:
            self.cancel()

    def cancel(self) -> None:
        self.held_for = None

    def update(self, dt: float) -> None:
        if self.held_for is not None:
            self.held_for += dt

    def label(self) -> str:
        names = [KEY_NAMES[m] for m in MODIFIERS if m in self.modifiers]
        return "+".join([*names, self.key.upper()])


class KioskLock:
    """Which events end the show. In a window (`--windowed`): its close button, Esc and
    Ctrl+Q, as any program. In fullscreen (the kiosk): none of them — a visitor's Esc,
    Alt+F4 or the window manager's close are ignored (said once in the log per kind) — only
    the staff chord held for its seconds. Every key event also feeds the chord."""

    def __init__(self, pygame, windowed: bool, chord) -> None:
        self.pygame = pygame
        self.windowed = windowed
        self.chord = chord
        self.closes = {pygame.QUIT} | ({pygame.WINDOWCLOSE} if hasattr(pygame, "WINDOWCLOSE")
                                       else set())
        self.ignored: set[str] = set()

    def quits(self, event, calibrating: bool) -> bool:
        pg = self.pygame
        if event.type in (pg.KEYDOWN, pg.KEYUP):
            self._feed_chord(event)
        elif event.type == getattr(pg, "WINDOWFOCUSLOST", None):
            self.chord.cancel()  # keys let go while the window had no focus
        if event.type in self.closes:
            return self._request("window close (Alt+F4 or the window manager)")
        if event.type != pg.KEYDOWN:
            return False
        if event.key == pg.K_q and event.mod & pg.KMOD_CTRL and not event.mod & pg.KMOD_SHIFT:
            return self._request("Ctrl+Q")
        if event.key == pg.K_ESCAPE and not calibrating:
            return self._request("Esc")
        return False

    def _request(self, what: str) -> bool:
        if self.windowed:
            return True
        if what not in self.ignored:
            self.ignored.add(what)
            log.info("kiosk mode: %s ignored (staff quit by holding %s for %g s); said once",
                     what, self.chord.label(), self.chord.hold)
        return False

    def _feed_chord(self, event) -> None:
        pg = self.pygame
        name = pg.key.name(event.key).lower()
        name = next((m for m in MODIFIERS if name.endswith(m)), name)
        if event.type == pg.KEYUP:
            self.chord.release(name)
            return
        mods = {m for m, bit in (("ctrl", pg.KMOD_CTRL), ("shift", pg.KMOD_SHIFT),
                                 ("alt", pg.KMOD_ALT)) if event.mod & bit}
        self.chord.press(name, mods)


def draw_countdown(canvas: Canvas, chord: QuitChord) -> None:
    """A calm card in the middle: a ring that empties and the seconds left, in German and
    English (the canvas must be on the landscape grid)."""
    x, y, w, h = CARD
    canvas.box(NIGHT_DEEP, CARD, radius=28)
    canvas.box(PANEL_LINE, CARD, radius=28, width=3)
    accent = tone("notice")
    center, radius = (x + 130, y + h / 2), 84.0
    canvas.circle(PANEL_LINE, center, radius, width=14)
    share = chord.remaining / chord.hold if chord.hold else 0.0
    if share > 0:
        steps = max(int(48 * share), 1)
        points = [(center[0] + radius * math.sin(2 * math.pi * share * i / steps),
                   center[1] - radius * math.cos(2 * math.pi * share * i / steps))
                  for i in range(steps + 1)]
        for a, b in zip(points, points[1:]):
            canvas.line(accent, a, b, width=14)
    seconds = math.ceil(chord.remaining * 10) / 10
    canvas.text(format_number(seconds, 1, "de"), center, 48, INK, weight="bold",
                anchor="center")
    keys = chord.label()
    left = x + 250
    for row, lang in enumerate(("de", "en")):
        text = TEXT[lang].format(keys=keys, seconds=format_number(seconds, 1, lang))
        color = INK if lang == "de" else INK_SOFT
        canvas.paragraph(text, (left, y + 44 + row * 92), w - 280, 32, color)
