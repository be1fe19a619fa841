"""The calibration mode's overlay, drawn over the running show on the 1920×1080 grid.

Staff read it from arm's length, on a 1080p or a 720p screen, so nothing is smaller than
24 px on the design grid (16 px at 720p). It only reads `CalibrationMode` and the frame's
`World`; texts are in German and English (staff texts, kept here, not visitor texts).
"""

from __future__ import annotations

from collections.abc import Mapping

import pygame

from exhibit.calibration import parts
from exhibit.calibration.mode import (
    ACCEPTED,
    NOT_ACCEPTED,
    NOT_CALIBRATABLE,
    OVERVIEW,
    REST,
    REVIEW,
    SAVE_FAILED,
    SAVED,
    SETTLE,
    TOUCH,
    CalibrationMode,
)
from exhibit.calibration.parts import SMALL, WIDTH, X0, X1
from exhibit.calibration.proposal import Proposal, Stats
from exhibit.calibration.texts import (
    ARROWS,
    BACKSPACE,
    SPACE,
    TEXT,
    tr,
)
from exhibit.config import Sensor
from exhibit.numbers import format_number
from exhibit.render.canvas import Canvas
from exhibit.render.palette import (
    INK,
    INK_DIM,
    INK_SOFT,
    NIGHT,
    NIGHT_DEEP,
    PANEL,
    PANEL_LINE,
    TONES,
    Color,
    tone,
)
from exhibit.render.widgets import pill, steps_row
from exhibit.world import SensorView, World

OVERLAY_BOX = (24.0, 24.0, 1872.0, 1032.0)
TOP = 132.0           # below the title row
FOOTER_Y = 1000.0     # centre line of the key hints
ROW_H = 58.0
MIN_ROW_H = 42.0
TABLE_H = 660.0       # room for the rows above two lines of status message
CELL = 28             # table text
def draw_calibration(canvas: Canvas, mode: CalibrationMode, world: World, lang: str,
                     invites: Mapping[str, Mapping[str, str]] | None = None,
                     simulated: bool = False) -> None:
    """Dim the show and draw the page `mode` is on."""
    canvas.surface.fill((72, 72, 84), special_flags=pygame.BLEND_MULT)
    canvas.box(NIGHT_DEEP, OVERLAY_BOX, radius=22)
    canvas.box(PANEL_LINE, OVERLAY_BOX, radius=22, width=3)
    _header(canvas, mode, lang)
    if mode.page == OVERVIEW:
        _overview(canvas, mode, world, lang)
        keys = [((ARROWS, "1–9", "0"), "key_select"), (("Enter",), "key_calibrate"),
                (("S",), "key_save"), (("Esc", "C"), "key_abort"), (("L",), "key_language")]
    else:
        _sensor_header(canvas, mode, world, lang)
        if mode.page == REVIEW:
            _review(canvas, mode, lang)
            keys = [(("R",), "key_repeat"), ((BACKSPACE,), "key_back"),
                    (("Esc",), "key_abort")]
            if mode.proposal is not None and mode.proposal.ok:
                keys[:1] = [(("Enter",), "key_accept"), (("R",), "key_repeat"),
                            (("S",), "key_accept_save")]
        else:
            _step(canvas, mode, world, lang, (invites or {}).get(mode.sensor_id), simulated)
            keys = [((BACKSPACE,), "key_back"), (("Esc",), "key_abort")]
            if mode.recording is None:
                keys.insert(0, (("Enter", SPACE), "key_start"))
    parts.keys(canvas, [(tuple(tr(c, lang) if c in TEXT else c for c in caps), tr(label, lang))
                   for caps, label in keys], FOOTER_Y)


# --- shared pieces ------------------------------------------------------------------------

def _header(canvas: Canvas, mode: CalibrationMode, lang: str) -> None:
    rect = canvas.text(tr("title", lang), (X0, 46), 48, INK, weight="bold")
    right = canvas.to_design(rect)
    canvas.text(tr("staff", lang), (right[0] + right[2] + 24, 66), SMALL, INK_DIM,
                weight="bold")
    if mode.accepted:
        pill(canvas, tr("pending", lang, n=len(mode.accepted)), (X1, 50), SMALL, NIGHT,
             TONES["highlight"], anchor="topright")
    canvas.line(PANEL_LINE, (X0, 116), (X1, 116), 2)


def _message(canvas: Canvas, mode: CalibrationMode, y: float, lang: str) -> None:
    """The status line (saved, failed, accepted …): up to two lines from `y` down."""
    if mode.message is None:
        return
    kind, detail = mode.message
    if kind in (NOT_CALIBRATABLE, ACCEPTED, NOT_ACCEPTED) and detail in mode.sensors:
        detail = mode.sensors[detail].name[lang]
    color = {SAVED: TONES["ok"], SAVE_FAILED: TONES["act"],
             NOT_ACCEPTED: TONES["notice"]}.get(kind, TONES["info"])
    size, width = 28, WIDTH - 24
    if kind == SAVED:  # a path has no spaces to wrap at: shorten it in the middle
        detail, _ = parts.fit(canvas, detail, size, width * 0.75, minimum=size)
    text = tr(kind, lang, d=detail)
    while size > 22 and canvas.paragraph_height(text, width, size) > 2 * size * 1.3:
        size -= 2
    lines = canvas.text_cache.wrap(text, "regular", canvas.px(size), canvas.px(width))
    if len(lines) > 2:  # a long error message: the end goes, the start says what went wrong
        text = parts.fit(canvas, " ".join(lines[:2]), size, 2 * width - 40, minimum=size)[0]
    height = canvas.paragraph(text, (X0 + 24, y), width, size, INK, line_height=1.3)
    canvas.box(color, (X0, y + 2, 8, max(height - 6, 30)), radius=4)


# --- overview -----------------------------------------------------------------------------

# (key, width, align) from X0; gaps of 12 between columns
COLUMNS = (("num", 48, "left"), ("sensor", 318, "left"), ("raw", 132, "right"),
           ("value", 196, "right"), ("level", 268, "left"), ("touched", 106, "left"),
           ("baseline", 160, "right"), ("deviation", 162, "right"),
           ("threshold", 150, "left"), ("status", 128, "left"))
GAP = 12.0
LEVEL_INSET = 16.0


def _column_x() -> dict[str, tuple[float, float, str]]:
    out, x = {}, X0
    for key, width, align in COLUMNS:
        out[key] = (x, width, align)
        x += width + GAP
    return out


def _cell(canvas: Canvas, cols, key: str, text: str, y: float, color: Color,
          weight: str = "regular", size: float = CELL) -> None:
    x, width, align = cols[key]
    if key == "level":  # breathing room after the right-aligned values
        x, width = x + LEVEL_INSET, width - LEVEL_INSET
    text, size = parts.fit(canvas, text, size, width, weight)
    if align == "right":
        canvas.text(text, (x + width, y), size, color, weight=weight, anchor="midright")
    else:
        canvas.text(text, (x, y), size, color, weight=weight, anchor="midleft")


def _overview(canvas: Canvas, mode: CalibrationMode, world: World, lang: str) -> None:
    cols = _column_x()
    y = TOP + 30
    for key, _, _ in COLUMNS[1:]:
        _cell(canvas, cols, key, tr(f"col_{key}", lang), y, INK_DIM, "bold", SMALL)
    y = TOP + 64
    ids = mode.ids
    row_h = min(ROW_H, TABLE_H / len(ids))
    shown = max(int(TABLE_H // MIN_ROW_H), 1)
    first = 0 if len(ids) <= shown else min(max(mode.selected - shown // 2, 0),
                                            len(ids) - shown)
    row_h = max(row_h, MIN_ROW_H)
    visible = list(enumerate(ids))[first:first + shown]  # a long list scrolls with the choice
    for row, (i, sid) in enumerate(visible):
        top = y + row * row_h
        if i == mode.selected:
            canvas.box(PANEL, (X0 - 16, top, WIDTH + 32, row_h - 4), radius=12)
            canvas.box(TONES["info"], (X0 - 16, top, 8, row_h - 4), radius=4)
        _row(canvas, cols, mode, sid, world.view(sid), top + (row_h - 4) / 2, lang, i)
    _message(canvas, mode, y + len(visible) * row_h + 16, lang)


def _row(canvas: Canvas, cols, mode: CalibrationMode, sid: str, view: SensorView | None,
         y: float, lang: str, index: int) -> None:
    sensor = mode.sensors[sid]
    if index < 10:
        x = cols["num"][0]
        parts.keycap(canvas, (str((index + 1) % 10),), (x + 4, y), 24)
    x, width, _ = cols["sensor"]
    name, size = parts.fit(canvas, sensor.name[lang], CELL, width * 0.72, "bold")
    rect = canvas.to_design(canvas.text(name, (x, y), size, INK, weight="bold",
                                        anchor="midleft"))
    rest = x + width - (rect[0] + rect[2]) - 10
    if rest > 30:
        ident, isize = parts.fit(canvas, sid, 22, rest, minimum=16)
        canvas.text(ident, (rect[0] + rect[2] + 10, y + 2), isize, INK_DIM, anchor="midleft")
    stale = view is None or not view.fresh
    dec = sensor.decimals
    raw = format_number(view.raw if view else None, 2, lang, trim=True)
    _cell(canvas, cols, "raw", raw, y, INK_SOFT)
    value = "–" if view is None or view.value is None else \
        f"{view.formatted(lang)} {sensor.unit}".strip()
    _cell(canvas, cols, "value", value, y, INK_DIM if stale else INK, "bold")
    x, width, _ = cols["level"]
    if stale:
        _cell(canvas, cols, "level", tr("no_data", lang), y, INK_DIM)
    elif view.level is not None:
        label, size = parts.fit(canvas, view.level_label(lang), SMALL,
                           width - LEVEL_INSET - SMALL * 1.2, "bold")
        pill(canvas, label, (x + LEVEL_INSET, y), size, NIGHT, tone(view.level.tone),
             anchor="midleft")
    if sensor.kind != "counter":
        if view is not None and view.touched:
            canvas.circle(TONES["highlight"], (cols["touched"][0] + 10, y), 9)
            _cell(canvas, cols, "touched", "    " + tr("yes", lang), y, INK, "bold")
        else:
            _cell(canvas, cols, "touched", "–", y, INK_DIM)
        base = view.baseline if view is not None else None
        _cell(canvas, cols, "baseline", format_number(base, dec + 1, lang), y, INK_SOFT)
        deviation = None if base is None or stale else view.value - base
        text = format_number(deviation, dec + 1, lang)
        if deviation is not None and deviation > 0:
            text = "+" + text
        near = deviation is not None and abs(deviation) >= sensor.touch.delta
        _cell(canvas, cols, "deviation", text, y, TONES["highlight"] if near else INK_SOFT)
        x = cols["threshold"][0]
        parts.triangle(canvas, (x + 10, y), 9, sensor.touch.direction, INK_SOFT)
        delta = format_number(sensor.touch.delta, 3, lang, trim=True)
        canvas.text(delta, (x + 28, y), CELL, INK_SOFT,
                    anchor="midleft")
    status = ("status_accepted" if sid in mode.accepted else
              "status_saved" if sid in mode.saved_ids else
              "status_counter" if sensor.kind == "counter" else None)
    if status:
        color = {"status_accepted": TONES["highlight"], "status_saved": TONES["ok"]}.get(
            status, INK_DIM)
        _cell(canvas, cols, "status", tr(status, lang), y, color, "bold", SMALL)


# --- guided steps -------------------------------------------------------------------------

def _sensor_header(canvas: Canvas, mode: CalibrationMode, world: World, lang: str) -> None:
    sensor = mode.sensor
    view = world.view(mode.sensor_id)
    y = TOP + 14
    rect = canvas.to_design(canvas.text(sensor.name[lang], (X0, y), 44, INK, weight="bold"))
    canvas.text(f"{mode.sensor_id}  ·  {tr('col_raw', lang)} "
                f"{format_number(view.raw if view else None, 2, lang, trim=True)}",
                (rect[0] + rect[2] + 20, y + 14), SMALL, INK_DIM)
    stale = view is None or not view.fresh
    value = "–" if view is None or view.value is None else \
        f"{view.formatted(lang)} {sensor.unit}".strip()
    right = X1
    if view is not None and view.level is not None and not stale:
        box = pill(canvas, view.level_label(lang), (right, y + 30), 28, NIGHT,
                   tone(view.level.tone), anchor="midright")
        right = box.left - 20
    elif stale:
        box = pill(canvas, tr("no_data", lang), (right, y + 30), 28, NIGHT, INK_DIM,
                   anchor="midright")
        right = box.left - 20
    canvas.text(value, (right, y + 30), 44, INK_DIM if stale else INK, weight="bold",
                anchor="midright")
    labels = [tr("step_rest", lang), tr("step_touch", lang), tr("step_review", lang)]
    active = {REST: 0, TOUCH: 1, REVIEW: 2}[mode.page]
    steps_row(canvas, labels, active, (X0, TOP + 92), WIDTH, TONES["info"])


def _step(canvas: Canvas, mode: CalibrationMode, world: World, lang: str,
          invite: Mapping[str, str] | None, simulated: bool) -> None:
    sensor = mode.sensor
    y = TOP + 182
    touch = mode.page == TOUCH
    title = tr("touch_title" if touch else "rest_title", lang)
    canvas.text(title, (X0, y), 64, TONES["highlight"] if touch else INK, weight="bold")
    y += 92
    body = invite[lang] if touch and invite else tr("touch_body" if touch else "rest_body", lang)
    y += canvas.paragraph(body, (X0, y), WIDTH, 34, INK_SOFT, line_height=1.25)
    if touch and simulated:
        canvas.text(tr("simulated_hand", lang), (X0, y + 4), SMALL, INK_DIM)
    y = TOP + 400
    rec = mode.recording
    seconds = format_number(mode.seconds, 0 if float(mode.seconds).is_integer() else 1, lang)
    bar = (X0, y, 1000, 30)
    canvas.box(PANEL_LINE, bar, radius=15)
    if rec is None:
        text, size = parts.fit(canvas, tr("ready", lang, s=seconds), 32, X1 - X0 - 1030, "bold")
        canvas.text(text, (X0 + 1030, y + 15), size, TONES["highlight"], weight="bold",
                    anchor="midleft")
    elif rec.phase == SETTLE:
        canvas.text(tr("settle", lang), (X0 + 1030, y + 15), 32, INK_SOFT, weight="bold",
                    anchor="midleft")
    else:
        canvas.box(TONES["info"], (X0, y, max(1000 * rec.progress, 30), 30), radius=15)
        t = format_number(min(rec.elapsed - rec.settle, mode.seconds), 1, lang)
        canvas.text(tr("recording", lang, t=t, s=seconds), (X0 + 1030, y + 15), 32, INK,
                    weight="bold", anchor="midleft")
    live = rec.stats() if rec is not None and rec.samples else None
    rest = mode.rest
    y = TOP + 470
    _stats_line(canvas, tr("rest", lang), rest if touch else live, sensor, (X0, y), lang,
                TONES["info"])
    if touch:
        _stats_line(canvas, tr("touched", lang), live, sensor, (X0, y + 52), lang,
                    TONES["highlight"])
    bands = [(lv.name, lv.low, lv.high, lv.tone, lv.label[lang]) for lv in sensor.levels]
    view = world.view(mode.sensor_id)
    marks = [(tr("rest", lang), rest if touch else live, TONES["info"])]
    if touch:
        marks.append((tr("touched", lang), live, TONES["highlight"]))
    parts.band_bar(canvas, sensor, bands, (X0, 830, WIDTH, 48), marks,
              None if view is None or view.stale else view.value, lang)


def _stats_line(canvas: Canvas, label: str, stats: Stats | None, sensor: Sensor,
                at: tuple[float, float], lang: str, color: Color) -> None:
    x, y = at
    canvas.box(color, (x, y + 4, 8, 34), radius=4)
    canvas.text(label, (x + 22, y + 21), 30, INK, weight="bold", anchor="midleft")
    if stats is None or stats.count == 0:
        canvas.text(tr("no_samples", lang), (x + 220, y + 21), 30, INK_DIM, anchor="midleft")
        return
    canvas.text(parts.stats_text(stats, sensor, lang), (x + 220, y + 21), 30, INK_SOFT,
                anchor="midleft")


def _review(canvas: Canvas, mode: CalibrationMode, lang: str) -> None:
    proposal = mode.proposal
    assert proposal is not None
    sensor = mode.sensor
    y = TOP + 176
    ok = proposal.ok
    pill(canvas, tr("good" if ok else "bad", lang), (X0, y), 32, NIGHT,
         TONES["ok"] if ok else TONES["act"])
    y += 68
    remarks = "  ".join(tr(code, lang) for code in proposal.problems or proposal.notes)
    if remarks:  # at most three short sentences: two lines at full width
        size = 28.0
        while size > 22 and canvas.paragraph_height(remarks, WIDTH, size) > 2 * size * 1.3:
            size -= 2
        y += canvas.paragraph(remarks, (X0, y), WIDTH, size,
                              INK if proposal.problems else INK_SOFT) + 4
    # left: what was measured; right: the proposal next to the current values
    top = max(y + 12, TOP + 300)
    canvas.text(tr("measured", lang), (X0, top), 30, INK_DIM, weight="bold")
    _review_stats(canvas, tr("rest", lang), proposal.rest, sensor, (X0, top + 50), lang,
                  TONES["info"])
    _review_stats(canvas, tr("touched", lang), proposal.touched, sensor, (X0, top + 150),
                  lang, TONES["highlight"])
    _proposal_table(canvas, proposal, (1000.0, top), lang)
    bands = [(b.name, b.low, b.high, lv.tone, lv.label[lang])
             for b, lv in zip(proposal.bands, sensor.levels)]
    marks = [(tr("rest", lang), proposal.rest, TONES["info"]),
             (tr("touched", lang), proposal.touched, TONES["highlight"])]
    old = [lv.high for lv in sensor.levels[:-1]]
    parts.band_bar(canvas, sensor, bands, (X0, 862, WIDTH, 44), marks, None, lang, old)


def _review_stats(canvas: Canvas, label: str, stats: Stats, sensor: Sensor,
                  at: tuple[float, float], lang: str, color: Color) -> None:
    x, y = at
    d = sensor.decimals + 1
    unit = f" {sensor.unit}" if sensor.unit else ""
    canvas.box(color, (x, y + 2, 8, 84), radius=4)
    canvas.text(label, (x + 22, y), 28, INK, weight="bold")
    if stats.count == 0:
        canvas.text(tr("no_samples", lang), (x + 22, y + 46), 28, INK_DIM)
        return
    mean = format_number(stats.mean, d, lang) + unit
    rect = canvas.to_design(canvas.text(mean, (x + 200, y - 6), 40, INK, weight="bold"))
    canvas.text(f"σ {format_number(stats.std, d, lang)}", (rect[0] + rect[2] + 24, y + 6), 28,
                INK_SOFT)
    canvas.text(f"{format_number(stats.low, d, lang)} … {format_number(stats.high, d, lang)}   "
                f"(n = {stats.count})", (x + 22, y + 50), 28, INK_SOFT)


def _proposal_table(canvas: Canvas, proposal: Proposal, at: tuple[float, float],
                    lang: str) -> None:
    x, y = at
    sensor = proposal.sensor
    d = sensor.decimals + 1
    c_label, c_old, c_new = x, x + 380, x + 620
    canvas.text(tr("proposal", lang), (c_label, y), 30, INK_DIM, weight="bold")
    canvas.text(tr("before", lang), (c_old, y), 30, INK_DIM, weight="bold")
    canvas.text(tr("after", lang), (c_new, y), 30, INK_DIM, weight="bold")
    def num(v: float) -> str:
        return format_number(v, d, lang, trim=True)

    rows = [(tr("row_delta", lang), num(sensor.touch.delta), num(proposal.delta)),
            (tr("row_direction", lang), parts.direction_word(sensor.touch.direction, lang),
             parts.direction_word(proposal.direction, lang))]
    for level, band in zip(sensor.levels, proposal.bands):
        rows.append((level.label[lang], f"{num(level.low)} – {num(level.high)}",
                     f"{num(band.low)} – {num(band.high)}"))
    rows.append((tr("row_hysteresis", lang), num(sensor.hysteresis), num(proposal.hysteresis)))
    size = 28 if len(rows) <= 6 else 26
    step = size * (1.42 if len(rows) <= 6 else 1.3)
    y += 48
    for label, old, new in rows:
        changed = old != new
        label, lsize = parts.fit(canvas, label, size, c_old - c_label - 16)
        canvas.text(label, (c_label, y), lsize, INK_SOFT)
        canvas.text(old, (c_old, y), size, INK_DIM)
        canvas.text(new, (c_new, y), size, TONES["highlight"] if changed else INK_SOFT,
                    weight="bold" if changed else "regular")
        y += step
