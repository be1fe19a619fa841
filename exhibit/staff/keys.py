"""The staff keys: one pygame KEYDOWN (key, modifiers) → one `Action`, as plain data.

Pure, so the map is tested without a display. `HELP_ROWS` is the same map written for
people: the F1 overlay lists exactly these rows, and a test checks every action the map
can return has one. The letter keys ignore Ctrl and Alt (a staff chord such as
Ctrl+Shift+Q, a visitor's Alt+F4), so they never fire by accident inside one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from exhibit.calibration.mode import ABORT, BACK, DOWN, NEXT, REPEAT, SAVE, SELECT, UP

HELP, DIAGNOSTICS, NEXT_SCENE, PREVIOUS_SCENE = "help", "diagnostics", "next", "previous"
JUMP, TOUCH, LANGUAGE, CALIBRATION = "jump", "touch", "language", "calibration"
RELOAD, SIMULATOR, CLOSE = "reload", "simulator", "close"

DIGITS = (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6,
          pygame.K_7, pygame.K_8, pygame.K_9, pygame.K_0)  # 1 … 9, 0 = ten
LETTERS = {pygame.K_d: DIAGNOSTICS, pygame.K_l: LANGUAGE, pygame.K_c: CALIBRATION,
           pygame.K_r: RELOAD, pygame.K_s: SIMULATOR}
PLAIN = {pygame.K_F1: HELP, pygame.K_RIGHT: NEXT_SCENE, pygame.K_PAGEDOWN: NEXT_SCENE,
         pygame.K_LEFT: PREVIOUS_SCENE, pygame.K_PAGEUP: PREVIOUS_SCENE,
         pygame.K_ESCAPE: CLOSE}

RIGHT, LEFT = "<right>", "<left>"  # key caps drawn as arrows (the font has none)
# (key caps, action) in the order the F1 overlay lists them; texts (and the German names
# of Ctrl, PgDn, PgUp) in `staff.texts`
HELP_ROWS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("F1",), HELP),
    (("D",), DIAGNOSTICS),
    ((RIGHT, "PgDn"), NEXT_SCENE),
    ((LEFT, "PgUp"), PREVIOUS_SCENE),
    (("Ctrl+1…9, 0",), JUMP),
    (("Ctrl+Shift+1…9, 0",), JUMP + "_more"),
    (("1…9, 0",), TOUCH),
    (("Shift+1…9, 0",), TOUCH + "_more"),
    (("L",), LANGUAGE),
    (("C",), CALIBRATION),
    (("R",), RELOAD),
    (("S",), SIMULATOR),
    (("Esc",), CLOSE),
)


@dataclass(frozen=True)
class Action:
    name: str
    number: int = 0  # JUMP: scene 1–20 of the playlist; TOUCH: sensor 1–20 in config order


def staff_action(key: int, mod: int) -> Action | None:
    """What a key press asks for, or None (not a staff key)."""
    ctrl, shift = bool(mod & pygame.KMOD_CTRL), bool(mod & pygame.KMOD_SHIFT)
    if mod & (pygame.KMOD_ALT | pygame.KMOD_GUI):
        return None
    if key in DIGITS:
        number = DIGITS.index(key) + 1 + (10 if shift else 0)
        return Action(JUMP if ctrl else TOUCH, number)
    if ctrl:
        return None
    name = LETTERS.get(key) or PLAIN.get(key)
    return Action(name) if name else None


CALIBRATION_KEYS = {pygame.K_UP: UP, pygame.K_DOWN: DOWN, pygame.K_RETURN: NEXT,
                    pygame.K_KP_ENTER: NEXT, pygame.K_SPACE: NEXT, pygame.K_BACKSPACE: BACK,
                    pygame.K_r: REPEAT, pygame.K_s: SAVE, pygame.K_ESCAPE: ABORT,
                    pygame.K_c: ABORT,
                    **{key: f"{SELECT}{i}" for i, key in enumerate(DIGITS)}}


def calibration_action(key: int) -> str | None:
    """A key of the calibration mode (`exhibit.calibration.mode`), while it is on."""
    return CALIBRATION_KEYS.get(key)
