"""Render helpers whose output is checked pixel by pixel."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from exhibit.render.canvas import Canvas
from exhibit.render.text import TextCache
from exhibit.render.vehicles import Route
from exhibit.render.widgets import Pulses, approach_color, crossfade


def test_crossfade_goes_from_under_to_over(pygame_ready):
    target = pygame.Surface((192, 108))
    canvas = Canvas(target, TextCache())
    under, over = pygame.Surface((50, 50)), pygame.Surface((50, 50))
    under.fill((0, 0, 200))
    over.fill((200, 0, 0))
    seen = []
    for t in (0.0, 0.25, 0.5, 0.75, 1.0):
        target.fill((0, 0, 0))
        crossfade(canvas, under, over, t, (0, 0))
        seen.append(tuple(target.get_at((2, 2)))[:3])
    assert seen[0] == (0, 0, 200) and seen[-1] == (200, 0, 0)
    reds = [c[0] for c in seen]
    assert reds == sorted(reds) and 80 < reds[2] < 120


def test_approach_color_eases_and_lands_exactly_on_the_target():
    start, target = (0, 158, 115), (213, 94, 0)
    color, seen = start, [start]
    for _ in range(120):  # two seconds at 60 fps, a 0.25 s time constant
        color = approach_color(color, target, 1 / 60, 0.25)
        seen.append(color)
    assert color == target                      # no rounding stall one step short
    reds = [c[0] for c in seen]
    assert reds == sorted(reds) and seen[1] != target   # eases there, no jump
    assert approach_color(target, target, 1 / 60, 0.25) == target


def test_pulses_send_at_most_one_wave_per_gap_and_let_them_fade():
    waves = Pulses(gap=0.9, life=1.6)
    for _ in range(60):                         # one second of readings at 60 fps
        waves.update(1 / 60, send=True)
    assert len(waves.progress) == 2 and all(0 <= a < 1 for a in waves.progress)
    for _ in range(120):                        # two quiet seconds: all have faded out
        waves.update(1 / 60)
    assert waves.progress == []
    assert waves.flash() == 0.0                 # the sender's LED is dark again
    waves.send()                                # an event sends one at once
    assert waves.progress == [0.0]
    assert waves.flash() == 1.0                 # … and the LED flashes with it
    waves.update(1 / 6)
    assert waves.flash() == pytest.approx(0.5)  # fading over a third of a second


def test_a_route_is_walked_by_distance_round_its_corners():
    sharp = Route([(0, 0), (100, 0), (100, 100)])
    assert sharp.length == 200
    assert sharp.at(0.25) == ((50, 0), (1, 0)) and sharp.at(0.75) == ((100, 50), (0, 1))
    assert sharp.at(-1)[0] == (0, 0) and sharp.at(2)[0] == (100, 100)
    round_ = Route([(0, 0), (100, 0), (100, 100)], radius=40)
    assert round_.length < 200                  # cuts the corner
    (x, y), (dx, dy) = round_.at(0.5)
    assert x < 100 and y > 0 and abs(dx * dx + dy * dy - 1) < 1e-9


def test_canvas_scales_the_design_grid_and_letterboxes(pygame_ready):
    canvas = Canvas(pygame.Surface((1280, 720)), TextCache())
    assert canvas.rect((0, 0, 1920, 1080)) == pygame.Rect(0, 0, 1280, 720)
    wide = Canvas(pygame.Surface((1024, 768)), TextCache())
    rect = wide.rect((0, 0, 1920, 1080))
    assert rect.width == 1024 and rect.top == (768 - rect.height) // 2


def test_text_is_rendered_once_per_string_size_and_colour(pygame_ready):
    cache = TextCache()
    canvas = Canvas(pygame.Surface((1920, 1080)), cache)
    for _ in range(100):
        canvas.text("CO₂ 1400 ppm", (10, 10), 48, (255, 255, 255))
    assert cache.renders == 1
    canvas.text("CO₂ 1400 ppm", (10, 10), 48, (0, 0, 0))
    assert cache.renders == 2


def test_font_has_the_glyphs_visitors_read(pygame_ready):
    import pygame.freetype

    from exhibit.render.text import FONT_DIR, FONT_FILES

    pygame.freetype.init()
    for weight in FONT_FILES.values():
        font = pygame.freetype.Font(str(FONT_DIR / weight), 40)
        missing = [ch for ch in "äöüÄÖÜß₂°µ³–€" if font.get_metrics(ch)[0] is None]
        assert not missing, (weight, missing)


def test_a_missing_font_file_falls_back_instead_of_crashing(pygame_ready, tmp_path):
    cache = TextCache(font_dir=tmp_path)  # no fonts in there
    surface = cache.render("Bodenfeuchte 52 %", "bold", 36, (255, 255, 255))
    assert surface.get_width() > 100


def test_wrapping_breaks_at_spaces_but_never_at_a_no_break_space(text_cache):
    text = "Sie fanden 8\u00a0–\u00a074\u00a0% und im Mittel 30\u00a0% Suchverkehr in alten Studien"
    px = 36
    one_line = text_cache.font("regular", px).size("74\u00a0%")[0]
    for width in range(one_line, 900, 7):
        lines = text_cache.wrap(text, "regular", px, width)
        assert " ".join(lines) == text                # ordinary spaces became line breaks
        for line in lines:
            assert not line.startswith("%") and not line.startswith("–"), (width, lines)
    assert len(text_cache.wrap(text, "regular", px, 200)) > 2


def test_the_text_cache_is_bounded_by_pixels_and_keeps_what_is_in_use(text_cache):
    cache = TextCache(max_pixels=2_000_000)
    title = cache.render("Glättewarnung", "bold", 128, (255, 255, 255))
    for n in range(300):     # a changing big number, as a 4K panel shows it
        cache.render(f"{n / 10:.1f}", "bold", 256, (230, 159, 0))
        cache.render("Glättewarnung", "bold", 128, (255, 255, 255))   # in use every frame
    held = sum(s.get_width() * s.get_height() for s in cache._surfaces.values())
    assert held == cache.pixels <= 2_000_000
    assert cache.render("Glättewarnung", "bold", 128, (255, 255, 255)) is title
    assert cache.renders == 1 + 300      # each number once, the title never again


def test_a_kept_circle_sprite_looks_like_the_circle_drawn_directly(pygame_ready):
    from exhibit.render.shapes import ShapeCache

    shapes = ShapeCache()
    for radius, width, color in ((7, 0, (240, 180, 40)), (12, 3, (90, 200, 250)), (1, 0, (9, 9, 9))):
        direct = pygame.Surface((60, 60))
        direct.fill((30, 40, 60))
        pygame.draw.aacircle(direct, color, (30, 30), radius, width)
        kept = pygame.Surface((60, 60))
        kept.fill((30, 40, 60))
        kept.blit(shapes.circle(color, radius, width), (30 - radius - 2, 30 - radius - 2))
        diff = np.abs(pygame.surfarray.array3d(direct).astype(int)
                      - pygame.surfarray.array3d(kept).astype(int))
        assert diff.max() <= 1
    assert shapes.circle((240, 180, 40), 7, 0) is shapes.circle((240, 180, 40), 7, 0)
    assert shapes.made == 3
    assert shapes.circle((240, 180, 40, 128), 7, 0) is None  # with alpha: drawn directly
