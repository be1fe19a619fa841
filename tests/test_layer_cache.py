"""Cached layers are bounded by the pixels they hold; an evicted layer is drawn again."""

from __future__ import annotations

import pygame

from exhibit.render.canvas import Canvas
from exhibit.render.layers import LayerCache, layer_budget, text_budget
from exhibit.render.text import TextCache


def _surface(w: int, h: int) -> pygame.Surface:
    return pygame.Surface((w, h))


def test_the_least_recently_used_surfaces_go_past_the_budget(pygame_ready):
    cache = LayerCache(budget=300)
    a, b, c = _surface(10, 10), _surface(10, 10), _surface(10, 10)
    cache["a"], cache["b"], cache["c"] = a, b, c
    assert cache.pixels == 300 and cache.evictions == 0
    assert cache.get("a") is a          # used now: "b" is the oldest
    cache["d"] = _surface(10, 10)
    assert "b" not in cache and cache.get("a") is a and cache.get("c") is c
    assert cache.pixels == 300 and cache.evictions == 1
    cache["big"] = _surface(20, 10)     # the two used longest ago make room for it
    assert "d" not in cache and "a" not in cache and cache.get("c") is c
    assert cache.evictions == 3
    assert cache.pixels == 300 == sum(s.get_width() * s.get_height()
                                      for s in cache.values())


def test_views_cost_nothing_and_stay(pygame_ready):
    cache = LayerCache(budget=100)
    view = object()
    cache["view"] = view
    cache["a"] = _surface(10, 10)
    cache["b"] = _surface(10, 10)
    assert cache.get("view") is view and cache.pixels == 100 and cache.evictions == 1
    replaced = _surface(5, 5)
    cache["b"] = replaced               # a new surface under the same key: counted once
    assert cache.pixels == 25 and cache["b"] is replaced and len(cache) == 2


def test_the_newest_surface_stays_even_over_budget(pygame_ready):
    cache = LayerCache(budget=50)
    big = _surface(10, 10)
    cache["big"] = big
    assert cache.get("big") is big and cache.evictions == 0


def test_an_evicted_layer_is_drawn_again_the_same(pygame_ready, text_cache):
    canvas = Canvas(pygame.Surface((192, 108)), text_cache,
                    layers=LayerCache(budget=192 * 108))
    drawn = []

    def paint(name, color):
        def draw(c: Canvas) -> None:
            drawn.append(name)
            c.box(color, (0, 0, 1920, 1080))
        return draw

    first = canvas.layer("sky", (0, 0, 1920, 1080), paint("sky", (20, 40, 200)))
    canvas.layer("street", (0, 0, 1920, 1080), paint("street", (90, 90, 90)))  # sky goes
    again = canvas.layer("sky", (0, 0, 1920, 1080), paint("sky", (20, 40, 200)))
    assert drawn == ["sky", "street", "sky"] and again is not first
    assert pygame.image.tobytes(again, "RGB") == pygame.image.tobytes(first, "RGB")
    assert canvas._layers.evictions == 2


def test_budgets_follow_the_screen_up_to_a_cap(pygame_ready):
    hd, uhd = 1920 * 1080, 3840 * 2160
    assert layer_budget(hd) >= 7 * hd          # every scene's layers at 1080p (~7 screens)
    assert 2 * 1152 * 920 * 4 < layer_budget(uhd) < 3 * uhd   # a scene fits, not the show
    assert text_budget(hd) > 12_000_000 and text_budget(uhd) < 32_000_000
    text = TextCache()
    Canvas(pygame.Surface((384, 216)), text)   # a screen-sized canvas sets the text budget
    assert text.max_pixels == text_budget(384 * 216)


def test_the_memory_bench_reports_every_scene_and_language(pygame_ready):
    from exhibit.devtools.memory_bench import LANGUAGES, measure

    figures = measure((192, 108), rounds=1, seconds=1 / 60)
    scenes = {row["scene"] for row in figures["rows"]}
    assert len(figures["rows"]) == len(scenes) * len(LANGUAGES) and len(scenes) >= 10
    assert {row["lang"] for row in figures["rows"]} == set(LANGUAGES)
    assert all(row["rss_mb"] > 0 and row["layer_px"] > 0 for row in figures["rows"])
    assert figures["peak_mb"] >= figures["startup_mb"] > 0 and not figures["failed_scenes"]
