"""Golden pictures: every scene in each of its states, both languages, a portrait frame
of each scene and every page of the staff calibration overlay, rendered small and compared
with the accepted pictures in ``tests/golden/``.

A refactor that means to keep the look proves it here. On a mismatch the actual picture
and a diff picture (changed pixels in magenta over a dimmed copy) are written to
``tests/golden/_mismatch/``; a wanted change is accepted with
``./test tests/test_golden.py --accept-golden``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame

from exhibit.devtools.gallery import SETTLE_SECONDS, scene_states, typical_values

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
MISMATCH_DIR = GOLDEN_DIR / "_mismatch"
ACCEPT_COMMAND = "./test tests/test_golden.py --accept-golden"
LANDSCAPE = (640, 360)
PORTRAIT = (360, 640)
# A pixel counts as changed when a channel moves by more than this; a picture matches
# while at most MAX_CHANGED of its pixels changed (anti-aliasing noise, not a new look).
CHANNEL_TOLERANCE = 24
MAX_CHANGED = 0.001


def golden_cases(config, scenes) -> list[tuple[str, object, dict, bool, tuple[str, ...],
                                               tuple[int, int]]]:
    """(file stem with a ``{lang}`` slot, scene, values, attract, languages, size) for every
    settled moment; each is drawn once per language."""
    typical = typical_values(config)
    cases = []
    for name, scene in scenes.items():
        for state, values, attract in scene_states(config, scene, typical):
            cases.append((f"{name}-{state}-{{lang}}", scene, values, attract, ("de", "en"),
                          LANDSCAPE))
        cases.append((f"{name}-portrait-{{lang}}", scene, typical, True, ("de",), PORTRAIT))
    return cases


def pixels(surface: pygame.Surface) -> np.ndarray:
    return pygame.surfarray.array3d(surface).astype(np.int16)


def changed_mask(actual: np.ndarray, golden: np.ndarray) -> np.ndarray:
    return np.abs(actual - golden).max(axis=2) > CHANNEL_TOLERANCE


def diff_picture(actual: np.ndarray, mask: np.ndarray) -> pygame.Surface:
    """The actual picture dimmed, changed pixels in magenta: where to look."""
    shown = (actual // 3).astype(np.uint8)
    shown[mask] = (255, 0, 255)
    return pygame.surfarray.make_surface(shown)


def compare(stem: str, surface: pygame.Surface, accept: bool) -> str | None:
    """None when `surface` matches the golden picture `stem`, else what went wrong."""
    golden_path = GOLDEN_DIR / f"{stem}.png"
    if accept:
        pygame.image.save(surface, str(golden_path))
        return None
    if not golden_path.exists():
        return f"{stem}: no golden picture yet; accept it with {ACCEPT_COMMAND}"
    golden = pygame.image.load(str(golden_path))
    actual = pixels(surface)
    if golden.get_size() != surface.get_size():
        mask = np.ones(actual.shape[:2], bool)
    else:
        mask = changed_mask(actual, pixels(golden))
    share = float(mask.mean())
    if share <= MAX_CHANGED:
        return None
    MISMATCH_DIR.mkdir(exist_ok=True)
    pygame.image.save(surface, str(MISMATCH_DIR / f"{stem}.png"))
    pygame.image.save(diff_picture(actual, mask), str(MISMATCH_DIR / f"{stem}-diff.png"))
    return (f"{stem}: {share:.2%} of the pixels changed; see {MISMATCH_DIR}/{stem}.png and "
            f"{stem}-diff.png; if the change is wanted: {ACCEPT_COMMAND}")


__all__ = ["SETTLE_SECONDS", "golden_cases", "compare"]
