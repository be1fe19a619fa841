"""The "more about it" QR code: black modules on white with the standard quiet zone.

Made with segno (https://pypi.org/project/segno/), an optional dependency
(`requirements-extras.txt`): without it the show runs without the code and says once in
the log how to install it. Each code is made once per address and module size and kept;
the panel that shows it is itself a kept surface, so nothing here runs per frame.
"""

from __future__ import annotations

import logging
import math
from functools import lru_cache

import numpy as np
import pygame

QUIET_ZONE = 4        # modules of white around the code (ISO/IEC 18004)
MIN_DESIGN_PX = 150   # its side on the design grid: readable from about 1 m
DARK, LIGHT = (0, 0, 0), (255, 255, 255)
INSTALL = ".venv/bin/pip install -r requirements-extras.txt"

log = logging.getLogger("exhibit")
_said_missing = False


def modules(url: str) -> np.ndarray | None:
    """The code's module matrix (True = dark), quiet zone included; None without segno."""
    global _said_missing
    try:
        import segno
    except ImportError:
        if not _said_missing:
            _said_missing = True
            log.warning("more_info_url is set but the QR code library segno is not "
                        "installed; the show runs without the code. Install it: %s", INSTALL)
        return None
    return _matrix(url, segno)


@lru_cache(maxsize=4)
def _matrix(url: str, segno) -> np.ndarray:
    code = segno.make(url, error="m", micro=False)  # medium error correction: smudged screens
    rows = [[bool(v) for v in row] for row in code.matrix_iter(scale=1, border=QUIET_ZONE)]
    return np.array(rows, dtype=bool)


@lru_cache(maxsize=4)
def qr_surface(url: str, min_px: int) -> pygame.Surface | None:
    """The code at a whole number of pixels per module, at least `min_px` wide (sharp
    module edges scan best); None without segno."""
    matrix = modules(url)
    if matrix is None:
        return None
    side = matrix.shape[0]
    module_px = max(1, math.ceil(min_px / side))
    pixels = np.where(matrix.T[..., None], np.array(DARK, np.uint8), np.array(LIGHT, np.uint8))
    small = pygame.surfarray.make_surface(pixels.astype(np.uint8))
    return pygame.transform.scale(small, (side * module_px, side * module_px))
