"""The closed screen outside the opening hours: calm and static, German and English at once.

Drawn once into a cached layer per wording and screen size (it changes at most at
midnight, "tomorrow" becoming "today"), then one blit a frame. `black` is a plain black
fill: nothing lit, so a display allowed to sleep may do so.
"""

from __future__ import annotations

from exhibit.render import palette
from exhibit.render.canvas import Canvas

BLACK = (0, 0, 0)


def draw_closed(canvas: Canvas, title: str, headline: dict[str, str],
                sentence: dict[str, str], black: bool = False) -> None:
    """`headline` and `sentence` per language ("Geschlossen", "Wir öffnen wieder …"), two
    languages each, the first drawn big."""
    if black:
        canvas.surface.fill(BLACK)
        return
    canvas.fill(palette.NIGHT)  # the letterbox around the design grid, if any
    dw, dh = canvas.design
    key = "closed|" + "|".join((title, *headline.values(), *sentence.values()))
    canvas.draw_layer(key, (0, 0, dw, dh),
                      lambda c: _paint(c, title, headline, sentence))


def _paint(c: Canvas, title: str, headline: dict[str, str], sentence: dict[str, str]) -> None:
    dw, dh = c.design
    c.fill(palette.NIGHT)
    width = dw - 160
    mid = dh / 2
    _moon(c, (dw / 2, mid - 330), 54)
    c.text(title, (dw / 2, mid - 238), c.fit_size(title, 44, width, minimum=30),
           palette.INK_SOFT, anchor="midtop")
    (first, de), (second, en) = headline.items()  # German (or Leichte Sprache), English
    c.text(de, (dw / 2, mid + 10), c.fit_size(de, 128, width, "bold", 48), palette.INK,
           weight="bold", anchor="midbottom")
    c.text(en, (dw / 2, mid + 18), c.fit_size(en, 64, width, "bold", 36), palette.INK_SOFT,
           weight="bold", anchor="midtop")
    c.line(palette.TONES["info"], (dw / 2 - 90, mid + 124), (dw / 2 + 90, mid + 124), 6)
    y = mid + 164
    for lang, size, color in ((first, 44, palette.INK), (second, 36, palette.INK_SOFT)):
        size = c.fit_size(sentence[lang], size, width, minimum=32)  # one line if it can be
        for line in c.text_cache.wrap(sentence[lang], "regular", c.px(size), c.px(width)):
            c.text(line, (dw / 2, y), size, color, anchor="midtop")
            y += size * 1.3
        y += 14


def _moon(c: Canvas, centre: tuple[float, float], radius: float) -> None:
    """A crescent: the night has come for the exhibit, too."""
    x, y = centre
    c.circle(palette.LAMP_LIGHT, (x, y), radius)
    c.circle(palette.NIGHT, (x + radius * 0.45, y - radius * 0.25), radius * 0.9)
