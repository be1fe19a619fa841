"""The D overlay: is the exhibit working? The link (port, state, protocol, rates, rejects,
drops, reconnects, the last raw lines), the show (fps, frame ms, memory, uptime, the scene
and why it is on, recording, log file, failed scenes) and what other staff tools report
(`FrameLoop.diagnostics()`'s "visitor_stats" and "schedule", the last reload).

`facts` gathers them as plain data (tests read that); the panel is painted from them into
its own surface at most twice a second, with its own text cache (the numbers change, the
show's texts should not be pushed out), and blitted every frame in between.
"""

from __future__ import annotations

import pygame

from exhibit.numbers import format_number
from exhibit.render.canvas import Canvas
from exhibit.render.palette import INK, INK_SOFT, NIGHT_DEEP, PANEL_LINE, tone
from exhibit.render.widgets import pill
from exhibit.staff.help_view import BOX, PANEL
from exhibit.staff.texts import TEXT, tr
from exhibit.status import REPLAY, SIMULATION

REDRAW_EVERY = 0.5   # seconds: the figures are read at most twice a second
SIZE, LABEL_SIZE, RAW_SIZE = 28, 24, 24
COLUMNS = (150.0, 980.0)
LABEL_W, VALUE_W = 270.0, 540.0


class DiagnosticsView:
    def __init__(self, desk) -> None:
        self.desk = desk
        self._panel: pygame.Surface | None = None
        self._key: tuple | None = None
        self._due = 0.0

    def stale(self) -> None:
        """Repaint at the next frame (just opened, or a reload happened)."""
        self._due = 0.0

    def facts(self, now: float) -> dict:
        desk, loop = self.desk, self.desk.loop
        status = loop.status()
        diagnostics = loop.diagnostics()
        stats = status.stats
        fps, median, p99 = desk.frame_figures()
        if status.kind == REPLAY:
            protocol = "replay"
        elif status.kind == SIMULATION and not loop.source.forced_simulation:
            protocol = "simulation"
        else:
            hello = stats.get("hello") or ""
            protocol = loop.show.config.device.protocol + (f" · {hello}" if hello else "")
        reload = desk.last_reload
        schedule = loop.show.config.schedule
        return {
            "port": status.name, "state": status.state, "detail": status.detail,
            "kind": status.kind, "forced": loop.source.forced_simulation,
            "protocol": protocol, "rates": dict(desk.rates(stats, now)),
            "rejects": dict(stats.get("rejects") or {}), "dropped": loop.queue.dropped,
            "reconnects": status.reconnects, "recent": tuple(status.recent),
            "fps": fps, "frame_ms": (median, p99), "rss_mb": desk.rss_mb(now),
            "uptime_s": now - loop.t0, "scene": loop.director.current,
            "reason": loop.director.reason, "mode": loop.director.mode,
            "recording": diagnostics.get("recording"), "log": desk.log_path,
            "platform": diagnostics.get("platform"),
            "failed_scenes": dict(loop.failed_scenes),
            "visitor_stats": diagnostics.get("visitor_stats"),
            "schedule": schedule.describe(loop.wall.now(), loop.language) if schedule
            else tr("always_open", loop.language),
            "last_reload": reload.message if reload is not None else None,
        }

    def draw(self, canvas: Canvas, now: float) -> None:
        key = (canvas.scale, canvas.surface.get_size(), self.desk.loop.language)
        if self._panel is None or key != self._key or now >= self._due:
            self._panel, self._key = self._paint(canvas, self.facts(now)), key
            self._due = now + REDRAW_EVERY
        canvas.blit(self._panel, BOX[:2])

    def _paint(self, canvas: Canvas, facts: dict) -> pygame.Surface:
        rect = canvas.rect(BOX)
        surface = pygame.Surface(rect.size, pygame.SRCALPHA)
        sub = Canvas(surface, self.desk.text_cache, scale=canvas.scale, offset=(0, 0),
                     origin=BOX[:2], design=canvas.design)
        paint(sub, facts, self.desk.loop.language)
        return surface


def paint(canvas: Canvas, facts: dict, lang: str) -> None:
    x, y, w, h = BOX
    canvas.box(PANEL, BOX, radius=24)
    canvas.box(PANEL_LINE, BOX, radius=24, width=3)
    title = canvas.text(tr("diag_title", lang), (COLUMNS[0], y + 40), 44, INK, weight="bold")
    right = canvas.to_design(title)
    pill(canvas, tr("staff_only", lang), (right[0] + right[2] + 24, y + 48), 24, NIGHT_DEEP,
         tone("highlight"))
    canvas.line(PANEL_LINE, (COLUMNS[0], y + 112), (x + w - 50, y + 112), 2)
    left, right_rows = rows(facts, lang)
    for column, items in zip(COLUMNS, (left, right_rows)):
        ry = y + 140
        for label, value, color in items:
            canvas.text(label, (column, ry + 3), LABEL_SIZE, INK_SOFT, weight="bold")
            ry += 14 + canvas.paragraph(_cut(canvas, value, 2), (column + LABEL_W, ry), VALUE_W,
                                       SIZE, color, line_height=1.25)
    ry = y + h - 48 - 8 * RAW_SIZE * 1.3
    canvas.text(tr("raw", lang), (COLUMNS[0], ry - 40), LABEL_SIZE, INK_SOFT, weight="bold")
    recent = facts["recent"] or ("—",)
    for i, line in enumerate(recent[-8:]):
        canvas.text(line, (COLUMNS[0], ry + i * RAW_SIZE * 1.3), RAW_SIZE, INK)


def _cut(canvas: Canvas, text: str, lines: int) -> str:
    """At most `lines` lines of `text` in the value column; a word too long for one line
    (a file path) loses its middle."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if canvas.text_width(word, SIZE) > VALUE_W:
            keep = len(word)
            while keep > 8 and canvas.text_width(word[:keep // 3] + "…" + word[-(keep - keep // 3):],
                                                 SIZE) > VALUE_W:
                keep -= 2
            words[i] = word[:keep // 3] + "…" + word[-(keep - keep // 3):]
    text = " ".join(words)
    if canvas.paragraph_height(text, VALUE_W, SIZE, line_height=1.25) <= lines * SIZE * 1.26:
        return text
    while len(text) > 8 and canvas.paragraph_height(text + "…", VALUE_W, SIZE,
                                                    line_height=1.25) > lines * SIZE * 1.26:
        text = text[:-4]
    return text + "…"


def rows(facts: dict, lang: str) -> tuple[list, list]:
    """(label, value, colour) rows for the link column and the show column."""
    num = lambda v, d=0: format_number(v, d, lang)  # noqa: E731
    ok, warn = INK, tone("notice")
    state = tr(f"state_{facts['state']}", lang) if f"state_{facts['state']}" in TEXT \
        else facts["state"]
    state += f" ({facts['detail']})" if facts["detail"] else ""
    source = f"{facts['port']} · {state}"
    if facts["forced"]:
        source += f" · {tr('forced', lang)}"
    rates = facts["rates"]
    per_second = " · ".join(f"{tr(key, lang)} {num(rates[key])}"
                            for key in ("bytes", "lines", "readings") if key in rates) or "—"
    rejects = ", ".join(f"{reason} {num(n)}" for reason, n in sorted(
        facts["rejects"].items(), key=lambda kv: -kv[1])) or tr("none", lang)
    link = [
        (tr("source", lang), source, ok if facts["state"] == "connected" else warn),
        (tr("protocol", lang), facts["protocol"], ok),
        (tr("rates", lang), per_second, ok),
        (tr("rejects", lang), rejects, warn if facts["rejects"] else ok),
        (tr("drops", lang), num(facts["dropped"]), warn if facts["dropped"] else ok),
        (tr("reconnects", lang), num(facts["reconnects"]), ok),
    ]
    if platform := facts.get("platform"):  # publish.mqtt: sent, acked, dropped, failed
        link.append((tr("platform", lang), f"{platform['state']} · sent {num(platform['sent'])}"
                     f" · ack {num(platform['acknowledged'])} · dropped "
                     f"{num(platform['dropped'])} · failed {num(platform['failed'])}",
                     ok if platform["state"] == "online" else warn))
    median, p99 = facts["frame_ms"]
    frames = f"{num(facts['fps'])} fps" + (
        f" · Median {num(median, 1)} ms · p99 {num(p99, 1)} ms" if median is not None else "")
    rss = facts["rss_mb"]
    minutes = int(facts["uptime_s"] // 60)
    reason = facts["reason"]
    why = tr(f"why_{reason.code}", lang, detail=reason.detail) if reason is not None else ""
    recording = facts["recording"]
    recorded = tr("off", lang) if recording is None else (
        f"{num(recording['written'])} · gaps {num(recording['gaps'])}"
        + (f" · {recording['failed']}" if recording.get("failed") else ""))
    failed = "; ".join(f"{name}: {error}" for name, error in facts["failed_scenes"].items())
    show = [
        (tr("frames", lang), frames, ok),
        (tr("memory", lang), f"{num(rss)} MB" if rss is not None else "—", ok),
        (tr("uptime", lang), f"{minutes // 60} h {minutes % 60:02d} min", ok),
        (tr("scene", lang), f"{facts['scene'] or '—'} · {why}", ok),
        (tr("recording", lang), recorded, ok),
        (tr("log", lang), str(facts["log"] or tr("stderr_only", lang)), ok),
        (tr("failed", lang), failed or tr("none", lang), warn if failed else ok),
    ]
    for key in ("visitor_stats", "schedule", "last_reload"):
        if facts.get(key):
            show.append((tr(key, lang), str(facts[key]), ok))
    return link, show
