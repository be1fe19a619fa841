"""The overview "Datenplattform": cards on the map of the model, their level colours,
sparklines from the last two minutes, stale cards, counters, touch rings and tidy text."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable, Mapping

import numpy as np
import pygame
import pytest

from exhibit.devtools.preview import render_state
from exhibit.reading import Reading
from exhibit.render.canvas import Canvas
from exhibit.render.layout import SCENE_AREA
from exhibit.render.palette import TONES, legible
from exhibit.scene import load_scene
from exhibit.signals.hub import SignalHub
from exhibit.status import CONNECTED, SIMULATION, SourceStatus
from scenes.overview import BAR_W, CARD, MIN_SPAN, card_boxes, spark_box, spark_range
from tests.layoutcheck import assert_text_tidy

SIZES = [(1920, 1080), (1280, 720)]
SOURCE = SourceStatus(SIMULATION, "test", CONNECTED)
TYPICAL = {"light": 140, "motion": 0, "soil": 50, "bin": 40, "co2": 700, "temp": 21.5,
           "road": 6.5, "humidity": 45, "water": 5, "parking": 3, "bikes": 12, "noise": 45}
BADGE = (0, 0, 400, 70)          # the status badge may cover this corner
CALL_TO_ACTION_TOP = 920 - 190   # in the attract loop the call to action covers the rest

Series = Mapping[str, Callable[[float], float | None]]


def play(config, series: Series, seconds: float = 125.0, step: float = 0.1, lang="de",
         size=(1920, 1080), text=None, scene=None):
    """Feed `series` (sensor -> value at t, None: silent) for `seconds`, then draw the
    overview's illustration once; returns surface, canvas, scene and the last world."""
    scene = scene or load_scene("overview", config)
    hub = SignalHub(config.sensors)
    t = 0.0
    world = hub.world(t, t, SOURCE, lang)
    while t < seconds:
        t += step
        readings = []
        for sid, f in series.items():
            value = f(t)
            if value is not None:
                readings.append(Reading(sid, config.sensors[sid].to_raw(value), t))
        hub.feed(readings)
        world = hub.world(t, t, SOURCE, lang)
        scene.update(step, world)
    surface = pygame.Surface(size)
    canvas = Canvas(surface, text)
    canvas.begin_frame()
    scene.draw(canvas, SCENE_AREA, world)
    return surface, canvas, scene, world


def texts_in(canvas: Canvas, box) -> list[str]:
    area = canvas.rect(box)
    return [text for text, rect in canvas.drawn_text if area.contains(rect)]


def color_pixels(surface: pygame.Surface, rect: pygame.Rect, color) -> np.ndarray:
    """A bool mask (x, y) of where `rect` holds exactly `color`."""
    pixels = pygame.surfarray.pixels3d(surface)[rect.left:rect.right, rect.top:rect.bottom]
    return np.all(pixels == np.array(color, dtype=pixels.dtype), axis=-1)


# --- layout -----------------------------------------------------------------------------

def test_cards_sit_where_the_sensors_are_on_the_model_and_never_overlap(config):
    boxes = card_boxes(SCENE_AREA, config.sensors)
    assert set(boxes) == set(config.sensors)
    badge = pygame.Rect(BADGE)
    for sid, (x, y, w, h) in boxes.items():
        assert 0 <= x and x + w <= SCENE_AREA[2], sid
        assert y + h <= CALL_TO_ACTION_TOP, sid  # visible in the attract loop too
        assert not badge.colliderect(pygame.Rect(x, y, w, h)), sid
    for (a, ra), (b, rb) in itertools.combinations(boxes.items(), 2):
        assert not pygame.Rect(ra).colliderect(pygame.Rect(rb)), (a, b)

    def centre(sid):
        x, y, w, h = boxes[sid]
        return x + w / 2, y + h / 2

    where = {sid: s.where["en"] for sid, s in config.sensors.items()}
    back = [sid for sid, text in where.items() if "back" in text]
    front = [sid for sid, text in where.items() if "front" in text]
    middle = [sid for sid in where if sid not in back + front]
    assert back and front and middle
    assert max(centre(s)[1] for s in back) < min(centre(s)[1] for s in middle + front)
    assert sum(centre(s)[1] for s in middle) / len(middle) < \
        sum(centre(s)[1] for s in front) / len(front)
    left = [sid for sid, text in where.items() if "left" in text]
    right = [sid for sid, text in where.items() if "right" in text]
    assert max(centre(s)[0] for s in left) < min(centre(s)[0] for s in right)


def test_extra_sensors_take_a_free_block_or_a_plain_grid(config):
    soil = config.sensors["soil"]
    extra = dataclasses.replace(soil, id="extra",
                                where={"de": "hinten rechts", "en": "back right, by the bridge"})
    known = {sid: s for sid, s in config.sensors.items() if sid != "road"}  # one block free
    boxes = card_boxes(SCENE_AREA, {**known, "extra": extra})
    assert len(boxes) == len(known) + 1
    for (a, ra), (b, rb) in itertools.combinations(boxes.items(), 2):
        assert not pygame.Rect(ra).colliderect(pygame.Rect(rb)), (a, b)
    assert boxes["extra"][1] == boxes["water"][1]  # the back row, as its `where` says
    many = {f"s{i}": dataclasses.replace(soil, id=f"s{i}") for i in range(16)}
    boxes = card_boxes(SCENE_AREA, many)
    for (a, ra), (b, rb) in itertools.combinations(boxes.items(), 2):
        assert not pygame.Rect(ra).colliderect(pygame.Rect(rb)), (a, b)
    assert all(y + h <= CALL_TO_ACTION_TOP for _, y, _, h in boxes.values())


# --- level colours ----------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
def test_the_card_colour_follows_the_value(config, text_cache, size):
    boxes = card_boxes(SCENE_AREA, config.sensors)
    x, y, _, h = boxes["soil"]
    for moisture, tone, shown in ((12, "act", "12"), (50, "ok", "50"), (85, "info", "85")):
        surface, canvas = render_state(load_scene("overview", config), config,
                                       {**TYPICAL, "soil": moisture}, size=size, seconds=2,
                                       text=text_cache)
        bar = canvas.pt(x + BAR_W / 2, y + h / 2)
        assert tuple(surface.get_at(bar))[:3] == TONES[tone], moisture
        assert shown in texts_in(canvas, boxes["soil"])
        value = next(rect for text, rect in canvas.drawn_text if text == shown)
        ink = color_pixels(surface, value, legible(TONES[tone], CARD))
        assert ink.sum() > 20, "the value is drawn in its level colour, made legible"


# --- sparklines -------------------------------------------------------------------------

def line_rows(surface, canvas, sid, config, color) -> tuple[float, float]:
    """Mean pixel row of the sparkline (pixels of `color`) in its left and right third,
    leaving out the dot at its end."""
    box = spark_box(card_boxes(SCENE_AREA, config.sensors)[sid])
    rect = canvas.rect(box)
    mask = color_pixels(surface, rect, color)
    third = rect.w // 3
    rows = []
    for part in (mask[:third], mask[2 * third:rect.w - canvas.px(24)]):
        ys = np.nonzero(part)[1]
        assert ys.size, "the sparkline is drawn along the whole card"
        rows.append(float(ys.mean()))
    return rows[0], rows[1]


@pytest.mark.parametrize("size", SIZES)
def test_the_sparkline_rises_with_a_rising_history_and_stays_level_when_flat(
        config, text_cache, size):
    ok = TONES["ok"]
    rising, canvas_r = play(config, {"soil": lambda t: 35 + 30 * t / 125}, size=size,
                            text=text_cache)[:2]
    flat, canvas_f = play(config, {"soil": lambda t: 50.0}, size=size, text=text_cache)[:2]
    left, right = line_rows(rising, canvas_r, "soil", config, ok)
    assert left - right > canvas_r.px(8), "higher values are drawn higher up"
    left, right = line_rows(flat, canvas_f, "soil", config, ok)
    assert abs(left - right) <= 1
    box = canvas_r.rect(spark_box(card_boxes(SCENE_AREA, config.sensors)["soil"]))
    a = pygame.surfarray.array3d(rising.subsurface(box))
    b = pygame.surfarray.array3d(flat.subsurface(box))
    assert (a != b).any(axis=-1).sum() > box.w  # pixels along the card differ


def test_a_silent_stretch_breaks_the_sparkline(config, text_cache):
    def soil(t):
        return None if 40 < t < 70 else 45 + 10 * math.sin(t / 9)

    surface, canvas, _, world = play(config, {"soil": soil}, text=text_cache)
    values = world.view("soil").history.values
    assert np.isnan(values).any() and not np.isnan(values[-5:]).any()
    rect = canvas.rect(spark_box(card_boxes(SCENE_AREA, config.sensors)["soil"]))
    mask = color_pixels(surface, rect, TONES["ok"])
    columns = mask.any(axis=1)
    # the window's buckets map onto the box's width: the silent 30 s leave empty columns
    n = len(values)
    gap = [i for i in range(n) if np.isnan(values[i]) and 0 < i < n - 1
           and not np.isnan(values[:i]).all()]
    assert gap
    middle = gap[len(gap) // 2]
    column = round((rect.w - 1) * middle / (n - 1))
    assert not columns[column - 2:column + 3].any()
    assert columns[:column - 20].any() and columns[column + 20:].any()


def test_sensor_noise_does_not_fill_the_sparkline(config, text_cache):
    _, _, _, world = play(config, {"temp": lambda t: 21 + 0.05 * math.sin(t * 3)},
                          seconds=30, text=text_cache)
    view = world.view("temp")
    lo, hi = spark_range(view)
    sensor = view.sensor
    assert hi - lo >= MIN_SPAN * (sensor.high - sensor.low)
    assert lo < view.history.minimum and view.history.maximum < hi


# --- stale sensors, counters, touches ---------------------------------------------------

def test_stale_and_never_seen_cards_show_no_value_and_no_sparkline(config, text_cache):
    def co2(t):  # a reading every 2 s for a minute, then the sensor falls silent
        return 700.0 if t < 60 and round(t * 10) % 20 == 0 else None

    surface, canvas, _, world = play(config, {"soil": lambda t: 50.0, "co2": co2},
                                     text=text_cache)
    assert world.view("co2").stale and world.view("co2").value is not None
    boxes = card_boxes(SCENE_AREA, config.sensors)
    assert "50" in texts_in(canvas, boxes["soil"])
    for sid in ("co2", "temp", "water"):  # timed out; never seen; never seen
        name = config.sensors[sid].name["de"]
        shown = [text for text in texts_in(canvas, boxes[sid]) if text.lower() != name.lower()]
        assert "–" in shown, sid
        assert not any(ch.isdigit() for text in shown for ch in text), (sid, shown)
        rect = canvas.rect(spark_box(boxes[sid]))
        for tone in ("ok", "notice", "act", "info", "highlight"):
            assert not color_pixels(surface, rect, TONES[tone]).any(), (sid, tone)
        x, y, _, h = boxes[sid]
        assert tuple(surface.get_at(canvas.pt(x + BAR_W / 2, y + h / 2)))[:3] not in \
            TONES.values()


def test_a_counter_shows_its_total_and_passes_per_minute(config, text_cache):
    def bikes(t):
        return float(int(t / 10))  # a bike every 10 s: 6 in the last minute

    _, canvas, _, world = play(config, {"bikes": bikes}, seconds=95, text=text_cache)
    shown = texts_in(canvas, card_boxes(SCENE_AREA, config.sensors)["bikes"])
    assert f"{world.view('bikes').total:.0f}" in shown and "9" in shown
    assert "6 pro Minute" in shown


def test_the_touched_card_gets_a_highlight_ring(config, text_cache):
    boxes = card_boxes(SCENE_AREA, config.sensors)
    x, y, w, h = boxes["soil"]
    found = {}
    for state, late in (("rest", 50.0), ("touched", 14.0)):
        surface, canvas, _, world = play(
            config, {"soil": lambda t, late=late: 50.0 if t < 20 else late}, seconds=22,
            text=text_cache)
        assert world.view("soil").touched == (state == "touched")
        ring = canvas.rect((x - 8, y - 8, w + 16, h + 16))
        found[state] = int(color_pixels(surface, ring, TONES["highlight"]).sum())
    assert found["rest"] == 0 and found["touched"] > 2 * (w + h)


# --- text -------------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_card_text_stays_in_its_card_never_overlaps_and_is_large_enough(
        config, text_cache, size, lang):
    def series(sid):
        base = TYPICAL[sid]
        if sid == "bikes":
            return lambda t: float(int(t / 7))
        if sid == "humidity":
            return lambda t: None  # never seen: "–" and "keine Daten"
        if sid == "co2":
            return lambda t: 620 + 2200 * min(t / 100, 1)  # long values and level words
        if sid == "temp":
            return lambda t: -9.5 + 0.01 * t  # "-9,5 °C": the widest value with its unit
        return lambda t: base + 0.1 * math.sin(t)

    _, canvas, _, _ = play(config, {sid: series(sid) for sid in config.sensors},
                                 lang=lang, size=size, text=text_cache, seconds=110)
    boxes = [canvas.rect(box) for box in card_boxes(SCENE_AREA, config.sensors).values()]
    texts = canvas.drawn_text
    assert len(texts) >= 3 * len(boxes)
    assert_text_tidy(texts, boxes)
    for text, rect in texts:
        assert rect.h / canvas.scale >= 26 * 1.17 - 1.5, (text, "under 26 px")


def test_an_unchanged_frame_renders_no_text_again(config, text_cache):
    scene = load_scene("overview", config)
    _, canvas, scene, world = play(config, {"soil": lambda t: 50.0}, seconds=5,
                                   text=text_cache, scene=scene)
    first = list(canvas.drawn_text)
    renders = text_cache.renders
    canvas.begin_frame()
    scene.draw(canvas, SCENE_AREA, world)
    assert text_cache.renders == renders
    assert canvas.drawn_text == first


def test_a_cards_number_holds_noise_like_the_panel_but_not_a_touch(config):
    from exhibit.world import SensorView, World

    scene = load_scene("overview", config)
    sensor = config.sensors["co2"]
    source = SourceStatus(SIMULATION, "test", CONNECTED)

    def shown(value: float, dt: float = 1 / 60, touched: bool = False) -> float:
        view = SensorView(sensor, value=value, level=sensor.levels[0], stale=False,
                          readings=5, touched=touched)
        scene.update(dt, World(0.0, {"co2": view}, source))
        return scene.held["co2"].shown(view).value

    assert shown(600) == 600 and shown(603) == 600       # noise: held …
    assert shown(604, 0.25) == 604                       # … until the hold time is over
    assert shown(1400) == 1400                           # a real change: at once
    assert shown(1402, touched=True) == 1402             # a touched card: at once
