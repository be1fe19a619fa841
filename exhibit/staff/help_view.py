"""The F1 overlay: every staff key with what it does, the playlist by number (for the
Ctrl+number jump) and the quit chord from `kiosk:` — and the toast line staff actions
answer with. Drawn on the landscape grid; the panel is a cached layer per language,
current scene and playlist, so an open help costs one blit a frame.
"""

from __future__ import annotations

from exhibit.calibration.parts import keycap
from exhibit.numbers import format_number
from exhibit.render.canvas import Canvas
from exhibit.render.palette import INK, INK_SOFT, NIGHT_DEEP, PANEL_LINE, tone
from exhibit.render.widgets import pill
from exhibit.staff.keys import HELP_ROWS, LEFT, RIGHT
from exhibit.staff.texts import cap, tr

BOX = (110.0, 60.0, 1700.0, 960.0)   # the panel on the 1920×1080 grid
PANEL = (*NIGHT_DEEP, 246)           # translucent, dark enough for 4.5:1 over any scene
SIZE = 28                            # staff read close up; ≥ 22 px at 1080p
KEYS_X, SCENES_X = 160.0, 1250.0
TOAST_SIZE = 30


def draw_help(canvas: Canvas, loop) -> None:
    """The help panel over the show (cached; redrawn when language, scene or list change)."""
    lang, director = loop.language, loop.director
    key = (f"staff-help:{lang}:{director.current}:{'|'.join(director.playlist)}:"
           f"{id(loop.show.config)}")  # a reload brings a new config: titles, quit chord
    canvas.draw_layer(key, BOX, lambda c: _panel(c, loop), alpha=True)


def _panel(canvas: Canvas, loop) -> None:
    lang, director, show = loop.language, loop.director, loop.show
    x, y, w, h = BOX
    canvas.box(PANEL, BOX, radius=24)
    canvas.box(PANEL_LINE, BOX, radius=24, width=3)
    title = canvas.text(tr("help_title", lang), (KEYS_X, y + 40), 44, INK, weight="bold")
    right = canvas.to_design(title)
    pill(canvas, tr("staff_only", lang), (right[0] + right[2] + 24, y + 48), 24, NIGHT_DEEP,
         tone("highlight"))
    canvas.line(PANEL_LINE, (KEYS_X, y + 112), (x + w - 50, y + 112), 2)
    row_y = y + 160
    for caps, action in HELP_ROWS:
        cw = keycaps(canvas, [cap(c, lang) for c in caps], (KEYS_X, row_y))
        canvas.text(tr(action, lang), (KEYS_X + max(cw, 250) + 20, row_y), SIZE, INK_SOFT,
                    anchor="midleft")
        row_y += 53
    canvas.text(tr("scenes", lang), (SCENES_X, y + 140), SIZE, INK, weight="bold")
    step = min(46.0, 640 / max(len(director.playlist), 1))
    for i, name in enumerate(director.playlist):
        scene = show.scenes.get(name)
        title_text = scene.text.title[lang] if scene is not None else name
        current = name == director.current
        sy = y + 200 + i * step
        color = tone("highlight") if current else INK_SOFT
        number = f"{i + 1}"
        canvas.text(number, (SCENES_X + 40, sy), SIZE, color, weight="bold", anchor="topright")
        if current:
            title_text += f" {tr('now', lang)}"
        weight = "bold" if current else "regular"
        canvas.text(title_text, (SCENES_X + 60, sy),
                    canvas.fit_size(title_text, SIZE, x + w - SCENES_X - 110, weight, 22),
                    color, weight=weight)
    kiosk = show.config.kiosk
    chord = "+".join(cap(part.capitalize() if len(part) > 1 else part.upper(), lang)
                     for part in kiosk.quit_chord)
    canvas.text(tr("quit", lang, keys=chord, seconds=format_number(kiosk.quit_hold, 1, lang)),
                (KEYS_X, y + h - 56), SIZE, INK, weight="bold", anchor="midleft")


def keycaps(canvas: Canvas, caps: list[str], at: tuple[float, float]) -> float:
    """Key caps in a row (arrow keys drawn as triangles); returns the width."""
    x, y = at
    for part in caps:
        if part in (LEFT, RIGHT):
            w, h = SIZE * 1.5, SIZE * 1.35
            canvas.box(PANEL_LINE, (x, y - h / 2, w, h), radius=8)
            cx, cy, r = x + w / 2, y, SIZE * 0.3
            tip = cx + r if part == RIGHT else cx - r
            back = cx - r * 0.8 if part == RIGHT else cx + r * 0.8
            canvas.polygon(INK, [(back, cy - r), (back, cy + r), (tip, cy)])
        else:
            w = keycap(canvas, [part], (x, y), SIZE)
        x += w + 6
    return x - 6 - at[0]


def draw_toast(canvas: Canvas, text: str) -> None:
    """One line at the bottom centre, over the show and below an open panel."""
    text = text if canvas.text_width(text, TOAST_SIZE) < 1700 else text[:110] + "…"
    pill(canvas, text, (960, 1074), TOAST_SIZE, INK, PANEL_LINE, weight="regular",
         anchor="midbottom")  # below the overlays' panel, over the show's strip
