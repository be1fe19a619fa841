"""Freed picture memory goes back to the system, so the layer budget bounds the RSS.

glibc serves an allocation above its mmap threshold with a mapping of its own, returned to
the system on free; but the threshold rises to the size of each such block freed (up to
32 MB), after which a 4K layer (~17 MB) comes from the heap and a freed one stays resident
as a hole. At native 4K that kept ~80 MB past what `LayerCache` holds. A fixed threshold
(which also ends the rise) keeps every surface of a megabyte or more in its own mapping.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3        # mallopt parameter number in glibc's malloc.h
BIG_BLOCK = 1024 * 1024      # bytes: a 512×512 surface; text and sprites stay below


def return_big_blocks() -> bool:
    """Serve blocks of `BIG_BLOCK` or more from their own mappings; False where the C
    library is not glibc (nothing changes there)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, BIG_BLOCK))
