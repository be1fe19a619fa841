"""Numbers as visitors and staff read them, formatted in one place so the panel, the
scenes and the calibration screen never disagree: German decimal comma and thousands dot,
English the other way round, never "-0", a dash for no number."""

from __future__ import annotations

import math

NO_NUMBER = "–"
_GERMAN = str.maketrans(".,", ",.")
GERMAN_WRITTEN = ("de", "ls")  # Leichte Sprache writes numbers the German way


def format_number(value: float | None, decimals: int, lang: str, *, grouped: bool = False,
                  trim: bool = False) -> str:
    """`value` with `decimals` decimals in `lang`'s way of writing it; `grouped` adds
    thousands separators (12.345), `trim` drops trailing zeros (0,5 instead of 0,500)."""
    if value is None or not math.isfinite(value):
        return NO_NUMBER
    text = f"{value:{',' if grouped else ''}.{max(decimals, 0)}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.translate(_GERMAN) if lang in GERMAN_WRITTEN else text


def percentile(values, q: float) -> float:
    """The value below which a share `q` (0…1) of `values` lies (nearest rank, no
    interpolation): the p50/p95/p99 every bench, the self-check and staff's D report."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
