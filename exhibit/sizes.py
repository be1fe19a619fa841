"""The show's render size: the setting (`display.render_size`, `--render-size`) and the
size it means on a given screen. Pure; the config, the command line and the display use it."""

from __future__ import annotations

RENDER_SIZES = ("auto", "native")  # or "WxH"


def parse_render_size(text: str) -> str | tuple[int, int]:
    """"auto", "native" or "WxH" → the setting; ValueError with what is allowed."""
    value = text.strip().lower()
    if value in RENDER_SIZES:
        return value
    try:
        w, h = (int(part) for part in value.split("x"))
    except ValueError:
        raise ValueError("must be auto, native or a size like 1920x1080") from None
    if not (320 <= w <= 7680 and 240 <= h <= 7680):
        raise ValueError("must be between 320x240 and 7680x7680, e.g. 1920x1080")
    return w, h


AUTO_LIMIT = (1920, 1080)  # "auto" renders at most this many pixels wide × high (landscape)


def render_size_for(setting, screen: tuple[int, int]) -> tuple[int, int]:
    """The size the show is drawn at on a `screen`: "native" is the screen; "auto" the
    screen scaled down (aspect kept) to fit 1920×1080, or 1080×1920 upright; a (w, h) as
    given, turned to the screen's orientation. Even numbers, so the GPU scales evenly."""
    sw, sh = screen
    if setting == "native":
        return sw, sh
    if setting == "auto":
        limit_w, limit_h = AUTO_LIMIT if sw >= sh else AUTO_LIMIT[::-1]
        factor = min(1.0, limit_w / sw, limit_h / sh)
        if factor == 1.0:
            return sw, sh
        return max(2, round(sw * factor / 2) * 2), max(2, round(sh * factor / 2) * 2)
    w, h = setting
    return (w, h) if (w >= h) == (sw >= sh) else (h, w)
