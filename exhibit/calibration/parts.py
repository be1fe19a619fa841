"""Drawing pieces the calibration overlay's pages share: key caps, the level-band bar,
text that must fit, numbers with their unit. On the 1920×1080 grid, staff texts only.
"""

from __future__ import annotations

from collections.abc import Sequence

from exhibit.calibration.proposal import Stats
from exhibit.calibration.texts import ARROWS, tr
from exhibit.config import Sensor
from exhibit.numbers import format_number
from exhibit.render.palette import INK, INK_DIM, INK_SOFT, NIGHT, PANEL_LINE, Color, tone
from exhibit.render.canvas import Canvas

X0, X1 = 72.0, 1848.0   # the overlay's text column on the 1920×1080 grid
WIDTH = X1 - X0
SMALL = 24


def keys(canvas: Canvas, keys: Sequence[tuple[tuple[str, ...], str]], y: float) -> None:
    """Key caps with what they do, in one row, shrunk to fit."""
    size = 26.0
    while True:
        widths = [keycap_width(canvas, cap, size) + 10 + canvas.text_width(label, size)
                  for cap, label in keys]
        gap = size * 1.4
        if sum(widths) + gap * (len(keys) - 1) <= WIDTH or size <= 18:
            break
        size -= 2
    x = X0
    for (cap, label), w in zip(keys, widths):
        cw = keycap(canvas, cap, (x, y), size)
        canvas.text(label, (x + cw + 10, y), size, INK_SOFT, anchor="midleft")
        x += w + gap


def keycap_width(canvas: Canvas, caps: Sequence[str], size: float) -> float:
    width = 0.0
    for part in caps:
        width += (arrows_width(size) if part == ARROWS
                  else canvas.text_width(part, size * 0.85, "bold")) + size * 0.7 + 6
    return width - 6


def arrows_width(size: float) -> float:
    return size * 1.2


def keycap(canvas: Canvas, caps: Sequence[str], at: tuple[float, float], size: float
            ) -> float:
    """Draw key caps ("Enter"; "Esc", "C"; ARROWS draws ↑↓) as rounded boxes; return the
    width."""
    x, y = at
    h = size * 1.35
    start = x
    for part in caps:
        if part == ARROWS:
            inner = arrows_width(size)
        else:
            inner = canvas.text_width(part, size * 0.85, "bold")
        w = inner + size * 0.7
        canvas.box(PANEL_LINE, (x, y - h / 2, w, h), radius=8)
        if part == ARROWS:
            cx, r = x + w / 2, size * 0.28
            triangle(canvas, (cx - r * 1.1, y), r, "up", INK)
            triangle(canvas, (cx + r * 1.1, y), r, "down", INK)
        else:
            canvas.text(part, (x + w / 2, y), size * 0.85, INK, weight="bold",
                        anchor="center")
        x += w + 6
    return x - 6 - start


def triangle(canvas: Canvas, center: tuple[float, float], r: float, direction: str,
              color: Color) -> None:
    cx, cy = center
    if direction == "up":
        canvas.polygon(color, [(cx - r, cy + r * 0.7), (cx + r, cy + r * 0.7), (cx, cy - r)])
    elif direction == "down":
        canvas.polygon(color, [(cx - r, cy - r * 0.7), (cx + r, cy - r * 0.7), (cx, cy + r)])
    else:  # either: a small diamond
        canvas.polygon(color, [(cx, cy - r), (cx + r * 0.8, cy), (cx, cy + r),
                               (cx - r * 0.8, cy)])


def direction_word(direction: str, lang: str) -> str:
    return tr(f"dir_{direction}", lang)


def fit(canvas: Canvas, text: str, size: float, width: float, weight: str = "regular",
         minimum: float = 20) -> tuple[str, float]:
    """`text` at the largest size that fits `width`; elided in the middle if even the
    smallest is too wide (long file paths)."""
    size = canvas.fit_size(text, size, width, weight, minimum)
    if canvas.text_width(text, size, weight) <= width:
        return text, size
    keep = len(text)
    while keep > 8:
        keep -= 2
        head, tail = text[: keep // 3], text[len(text) - (keep - keep // 3):]
        short = f"{head}…{tail}"
        if canvas.text_width(short, size, weight) <= width:
            return short, size
    return text[:8] + "…", size


def stats_text(stats: Stats, sensor: Sensor, lang: str) -> str:
    d = sensor.decimals + 1
    unit = f" {sensor.unit}" if sensor.unit else ""
    return tr("stats", lang, mean=format_number(stats.mean, d, lang) + unit,
              std=format_number(stats.std, d, lang), low=format_number(stats.low, d, lang),
              high=format_number(stats.high, d, lang), n=stats.count)


def band_bar(canvas: Canvas, sensor: Sensor, bands, box, marks, live: float | None,
              lang: str, old: Sequence[float] = ()) -> None:
    """The sensor's range as a bar of its level bands, with brackets over the recorded
    ranges (`marks`: label, stats, colour), the live value and old boundaries (dim ticks)."""
    x, y, w, h = box
    span = sensor.high - sensor.low

    def at(v: float) -> float:
        return x + (min(max(v, sensor.low), sensor.high) - sensor.low) / span * w

    for _name, low, high, band_tone, label in bands:
        left, right = at(low), at(high)
        canvas.box(tone(band_tone), (left, y, max(right - left, 2), h))
        text, size = fit(canvas, label, SMALL, right - left - 12, "bold", minimum=18)
        if canvas.text_width(text, size, "bold") <= right - left - 12 and "…" not in text:
            canvas.text(text, ((left + right) / 2, y + h / 2), size, NIGHT, weight="bold",
                        anchor="center")
    for b in old:
        canvas.line(INK_DIM, (at(b), y + h + 2), (at(b), y + h + 14), 3)
    edge_numbers(canvas, sensor, [bands[0][1]] + [b[2] for b in bands], at, y + h + 18, lang)
    rows: list[list[tuple[float, float]]] = [[], []]  # occupied spans per bracket row
    for label, stats, color in marks:
        if stats is None or stats.count == 0:
            continue
        left, right = at(stats.low), at(stats.high)
        tw = canvas.text_width(label, SMALL, "bold")
        lx = right + 16 if right + 16 + tw <= x + w else left - 16 - tw
        span_ = (min(left, lx) - 12, max(right, lx + tw) + 12)
        row = next((i for i, taken in enumerate(rows)
                    if all(span_[1] < a or span_[0] > b for a, b in taken)), len(rows) - 1)
        rows[row].append(span_)
        by = y - 28 - row * 40
        canvas.line(color, (left, by), (right, by), 4)
        canvas.line(color, (left, by - 10), (left, by + 10), 4)
        canvas.line(color, (right, by - 10), (right, by + 10), 4)
        canvas.circle(color, (at(stats.mean), by), 8)
        canvas.text(label, (max(lx, x), by), SMALL, color, weight="bold", anchor="midleft")
    if live is not None:  # pointers at both edges, clear of the band's word
        lx = at(live)
        triangle(canvas, (lx, y - 1), 9, "down", INK)
        triangle(canvas, (lx, y + h + 1), 9, "up", INK)


def edge_numbers(canvas: Canvas, sensor: Sensor, edges: Sequence[float], at, y: float,
                  lang: str) -> None:
    """Band edges as numbers under the bar; an inner one that would touch a neighbour is
    left out (the ends always show)."""
    placed: list[tuple[float, float]] = []
    spans = []
    for v in edges:
        text = format_number(v, sensor.decimals + 1, lang, trim=True)
        tw = canvas.text_width(text, SMALL)
        left = min(max(at(v) - tw / 2, X0), X1 - tw)
        spans.append((text, left, left + tw))
    order = [0, len(spans) - 1] + list(range(1, len(spans) - 1))
    for i in order:
        text, left, right = spans[i]
        if i not in (0, len(spans) - 1) and any(left < b + 16 and right > a - 16
                                                for a, b in placed):
            continue
        placed.append((left, right))
        canvas.text(text, (left, y), SMALL, INK_SOFT)


# --- review -------------------------------------------------------------------------------
