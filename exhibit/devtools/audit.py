"""`python -m exhibit.bench audit`: what a visitor gets from each scene, measured on the
pictures the show draws — the numbers issue 14's budgets are checked against.

Per scene, level, language and screen shape (1920×1080 and portrait 1080×1920) it renders
the settled state (`devtools.preview`) and reads the canvas' text log (`DrawnText`: text,
ink rect, pixel size, colour, role):

- **words** visible in the panel, the big number, its unit and the level chip not counted;
- the **smallest text** in pixels anywhere on the frame;
- the **weakest contrast** (WCAG ratio) of a text's colour against what is right around it;
- per pair of adjacent levels, how much of the **picture** differs (the share of the
  illustration's pixels whose colour moves by more than `DIFF_STEP` in a channel).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np
import pygame

from exhibit.config import ExhibitConfig
from exhibit.devtools.gallery import scene_states, typical_values
from exhibit.devtools.preview import draw_settled, settle
from exhibit.render.canvas import Canvas, DrawnText
from exhibit.render.palette import contrast
from exhibit.render.text import TextCache
from exhibit.scene import Scene
from exhibit.stage import Stage

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
SETTLE_SECONDS = 6.0     # as the gallery: trucks arrived, lamps dimmed up
DIFF_STEP = 40           # a channel moving by more than this is a visible change
NOT_READ = ("value", "unit", "chip")  # the big number, its unit and the level chip
WORD = re.compile(r"[^\W_]", re.UNICODE)  # a word has a letter or a digit
UNITS = ("%", "°C", "°", "cm", "m", "km", "km/h", "ppm", "lx", "dB", "dB(A)", "L", "Liter",
         "litres", "liters", "Minuten", "minutes", "Jahre", "years", "Uhr", "Prozent",
         "per cent", "percent", "Millionen", "million")


@dataclass(frozen=True)
class Shot:
    """One rendered state of a scene in one language and screen shape."""

    scene: str
    state: str
    lang: str
    shape: str
    words: int
    smallest_px: int
    smallest_text: str
    weakest_contrast: float
    weakest_text: str
    unit_breaks: tuple[str, ...] = ()  # "12 | %": a number at a line's end, its unit next


def words_in(texts: Iterable[str]) -> int:
    return sum(1 for text in texts for token in text.split() if WORD.search(token))


def backdrop(pixels: np.ndarray, rect: pygame.Rect, ink) -> tuple[int, int, int]:
    """What a text stands on: the median colour of the ring just outside its ink box,
    leaving out pixels of the text's own colour (a neighbouring glyph)."""
    h, w = pixels.shape[1], pixels.shape[0]
    ring = rect.inflate(6, 6).clip(pygame.Rect(0, 0, w, h))
    if ring.w <= 0 or ring.h <= 0:
        return (0, 0, 0)
    box = pixels[ring.left:ring.right, ring.top:ring.bottom].astype(int)
    edge = np.concatenate([box[0], box[-1], box[:, 0], box[:, -1]])
    far = np.abs(edge - np.array(ink)).sum(axis=1) > 60
    pick = edge[far] if far.any() else edge
    return tuple(int(v) for v in np.median(pick, axis=0))


def measure(surface: pygame.Surface, canvas: Canvas, scene: str, state: str, lang: str,
            shape: str) -> Shot:
    panel = canvas.rect(Stage.layout(canvas).panel)
    drawn: list[DrawnText] = [d for d in canvas.drawn_text if d.text.strip()]
    read = [d.text for d in drawn if d.role not in NOT_READ and panel.contains(d.rect)]
    pixels = pygame.surfarray.pixels3d(surface)
    smallest = min(drawn, key=lambda d: d.px)
    ratios = [(contrast(d.color, backdrop(pixels, d.rect, d.color)), d.text) for d in drawn]
    del pixels
    weakest = min(ratios)
    return Shot(scene, state, lang, shape, words_in(read), smallest.px, smallest.text,
                round(weakest[0], 2), weakest[1], unit_breaks(drawn))


def unit_breaks(drawn: list[DrawnText]) -> tuple[str, ...]:
    """Lines of one paragraph (same left edge and size, the next line right below) where a
    number ends a line and its unit starts the next: a visitor must not read them apart."""
    breaks = []
    for a, b in zip(drawn, drawn[1:]):
        same_paragraph = (a.rect.left == b.rect.left and a.px == b.px
                          and 0 < b.rect.top - a.rect.top <= a.px * 2)
        if not same_paragraph or not a.text.rstrip() or not a.text.rstrip()[-1].isdigit():
            continue
        head = b.text.lstrip()
        if any(head == unit or head.startswith(unit + " ") or head.startswith(unit + ",")
               or head.startswith(unit + ".") for unit in UNITS):
            breaks.append(f"{a.text.split()[-1]} | {head.split()[0]}")
    return tuple(breaks)


def picture_of(surface: pygame.Surface, canvas: Canvas) -> np.ndarray:
    rect = canvas.rect(Stage.layout(canvas).illustration).clip(surface.get_rect())
    return pygame.surfarray.array3d(surface)[rect.left:rect.right, rect.top:rect.bottom]


# Machado, Oliveira & Fernandes (2009), deuteranomaly at severity 1.0, on linear RGB: how a
# visitor with red–green deficiency (about 1 man in 12) sees a colour
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968],
                         [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])


_SRGB = np.arange(256) / 255
TO_LINEAR = np.where(_SRGB <= 0.04045, _SRGB / 12.92,
                     ((_SRGB + 0.055) / 1.055) ** 2.4).astype(np.float32)
_STEPS = 4096  # linear light back to sRGB through a table, fine enough for 8-bit output
_LIN = np.arange(_STEPS) / (_STEPS - 1)
TO_SRGB = np.round(255 * np.where(_LIN <= 0.0031308, _LIN * 12.92,
                                  1.055 * _LIN ** (1 / 2.4) - 0.055)).astype(np.uint8)


def red_green_blind(pixels: np.ndarray) -> np.ndarray:
    """`pixels` (…, 3 sRGB bytes) as seen with deuteranopia (tables, not per-pixel powers:
    a whole picture in ~50 ms)."""
    seen = TO_LINEAR[pixels] @ DEUTERANOPIA.T.astype(np.float32)
    index = np.clip(seen * (_STEPS - 1) + 0.5, 0, _STEPS - 1).astype(np.int32)
    return TO_SRGB[index]


def difference(a: np.ndarray, b: np.ndarray) -> float:
    """Share of pixels (0–1) whose colour moved by more than DIFF_STEP in some channel."""
    moved = np.abs(a.astype(int) - b.astype(int)).max(axis=-1) > DIFF_STEP
    return float(moved.mean())


def audit_scene(config: ExhibitConfig, scene: Scene, langs: Iterable[str],
                shapes: Iterable[str] = tuple(SIZES), text: TextCache | None = None
                ) -> tuple[list[Shot], dict[str, float]]:
    """Every state of `scene` measured; and per adjacent level pair (landscape, first
    language) the share of the picture that differs."""
    text = text or TextCache()
    langs, shapes = list(langs), list(shapes)
    shots: list[Shot] = []
    pictures: list[tuple[str, np.ndarray]] = []
    for state, values, attract in scene_states(config, scene, typical_values(config)):
        stage, world = settle(scene, config, values, SETTLE_SECONDS)  # once per state:
        for shape in shapes:                                          # drawn in each shape
            for lang in langs:                                        # and language
                surface, canvas = draw_settled(scene, config, stage,
                                               dataclasses.replace(world, language=lang),
                                               SIZES[shape], attract, text)
                shots.append(measure(surface, canvas, scene.name, state, lang, shape))
                if state != "attract" and shape == shapes[0] and lang == langs[0]:
                    pictures.append((state, picture_of(surface, canvas)))
    pairs = {f"{a}→{b}": round(difference(pa, pb), 4)
             for (a, pa), (b, pb) in zip(pictures, pictures[1:])}
    seen = [(state, red_green_blind(picture)) for state, picture in pictures]
    pairs.update({f"{a}→{b} (red–green)": round(difference(pa, pb), 4)
                  for (a, pa), (b, pb) in zip(seen, seen[1:])})
    return shots, pairs


def summary(shots: list[Shot], pairs: dict[str, float]) -> dict:
    """The closing-note table's row for one scene."""
    words = {}
    for shot in shots:
        key = shot.lang
        words[key] = max(words.get(key, 0), shot.words)
    small = min(shots, key=lambda s: s.smallest_px)
    weak = min(shots, key=lambda s: s.weakest_contrast)
    return {"words_max": words, "smallest_px": small.smallest_px,
            "smallest_where": f"{small.state}/{small.lang}/{small.shape}: {small.smallest_text!r}",
            "weakest_contrast": weak.weakest_contrast,
            "weakest_where": f"{weak.state}/{weak.lang}/{weak.shape}: {weak.weakest_text!r}",
            "smallest_level_difference": min(pairs.values()) if pairs else None,
            "level_pairs": pairs}


def main(argv: list[str] | None = None) -> int:
    from exhibit.calibration.overlay_file import load_with_overlay
    from exhibit.cli import DEFAULT_CONFIG
    from exhibit.scene import load_scene

    p = argparse.ArgumentParser(prog="python -m exhibit.bench audit",
                                description="words, text sizes, contrast and level differences "
                                "of every scene as visitors see them")
    p.add_argument("--scene", action="append", help="only this scene (repeatable)")
    p.add_argument("--lang", action="append", help="languages (default: de, en and ls "
                   "where every text has it)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--detail", action="store_true", help="every state, not only the summary")
    args = p.parse_args(argv)
    pygame.display.init()
    pygame.font.init()
    config = load_with_overlay(DEFAULT_CONFIG)
    names = args.scene or list(config.playlist.scenes)
    text = TextCache()
    report = {}
    for name in names:
        scene = load_scene(name, config)
        langs = args.lang or [lang for lang in ("de", "en", "ls") if lang in scene.text.title]
        shots, pairs = audit_scene(config, scene, langs, text=text)
        report[name] = summary(shots, pairs)
        if args.detail:
            report[name]["shots"] = [asdict(s) for s in shots]
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    print(f"{'scene':15} {'words de/en/ls':>15} {'min px':>7} {'contrast':>9} {'level diff':>11}")
    for name, row in report.items():
        words = "/".join(str(row["words_max"].get(lang, "–")) for lang in ("de", "en", "ls"))
        diff = row["smallest_level_difference"]
        print(f"{name:15} {words:>15} {row['smallest_px']:>7} {row['weakest_contrast']:>9.2f} "
              f"{'–' if diff is None else f'{diff * 100:.1f} %':>11}")
        print(f"{'':15} smallest {row['smallest_where']}; weakest {row['weakest_where']}")
        if row["level_pairs"]:
            print(f"{'':15} levels: " + ", ".join(f"{k} {v * 100:.1f} %"
                                                  for k, v in row["level_pairs"].items()))
    return 0
