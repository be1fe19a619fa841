"""The bike-counter scene: renders everywhere with its text inside its regions; each new pass
sends a rider and rolls the display to the total (several at once, large totals too); the
display keeps its last count dimmed without data; the visitor's own pass lights "act" while
the display greets them, and the panel's headline says so."""

from __future__ import annotations

import pygame
import pytest

from exhibit.director import ATTRACT, INTERACTIVE, Progress
from exhibit.reading import Reading
from exhibit.render.canvas import Canvas
from exhibit.render.layout import SCENE_W
from exhibit.render.palette import PANEL, TONES, legible
from exhibit.scene import load_scene
from exhibit.signals.hub import SignalHub
from exhibit.status import CONNECTED, SIMULATION, SourceStatus
from exhibit.stage import Stage, load_frame_text
from exhibit.world import SensorView, World
from tests.layoutcheck import DESIGN_SIZE, count_in, without_sensors

STEP = 1 / 60
SOURCE = SourceStatus(SIMULATION, "test", CONNECTED)
OK = legible(TONES["ok"], PANEL)   # the level tone of "counting", readable: the live digits


def passes(n: int, start: float = 1.0, gap: float = 0.5, base: int = 120) -> list:
    """The board's count: `base` from the start, then one more every `gap` seconds."""
    return [(0.0, base)] + [(start + i * gap, base + 1 + i) for i in range(n)]


# name: (the board's counts over time, seconds to play)
STATES = {
    "zero": ([(0.0, 0)], 1.0),                       # total 0: the lower end
    "idle": ([(0.0, 120)], 1.0),                     # a running board, nobody passing
    "riding": (passes(3, gap=0.0), 1.5),             # three passes at once, riders on the way
    "pass": (passes(1), 1.9),                        # just counted: "you are cyclist no. 1"
    "busy": (passes(8), 5.9),                        # 8 per minute: this street leads
    "huge": ([(0.0, 0), (0.5, 999_999)], 5.0),       # the upper end of the range
    "stale": ([], 1.0),                              # no reading yet: no data
    "missing": (None, 1.0),                          # the sensor is not in the config
}


def play(config, counts, seconds, size=DESIGN_SIZE, lang="de", attract=False, text=None,
         scene=None):
    """Play the board's running count (a list of (from time, count); None: no sensor) into a
    real signal hub frame by frame, like `render_state`, then draw one frame."""
    if counts is None:
        config = without_sensors(config, "bikes")
        counts = []
    scene = scene or load_scene("bike_counter", config)
    hub = SignalHub(config.sensors)
    stage = Stage(load_frame_text())
    canvas = Canvas(pygame.Surface(size), text)
    scene.on_show()
    t = 0.0
    world = hub.world(t, t, SOURCE, lang)
    while t < seconds:
        t += STEP
        now = [n for at, n in counts if at <= t]
        if now and "bikes" in config.sensors:
            hub.feed([Reading("bikes", config.sensors["bikes"].to_raw(now[-1]), t)])
        world = hub.world(t, t, SOURCE, lang)
        scene.update(STEP, world)
        stage.update(STEP, world, scene)
    stage.draw(canvas, scene, world, ATTRACT if attract else INTERACTIVE, Progress(0, 5, 0.4))
    return canvas.surface, canvas, scene, world


def lit_digits(surface, canvas, color) -> int:
    """How many of the display's digit windows show a digit in exactly `color`."""
    from scenes.bike_counter import digit_boxes

    return sum(count_in(surface, canvas, box, color) > 3 for box in digit_boxes(0))


@pytest.fixture(scope="module")
def text(text_cache):
    return text_cache


def test_texts_read_a_counter(config):
    assert load_scene("bike_counter", config).text.sensors[0] == "bikes"
    assert config.sensors["bikes"].kind == "counter"


def rider_pixels(surface, canvas) -> int:
    """Pixels of the first rider's jacket on the lane (nothing else there has its colour)."""
    from scenes.bike_counter import JACKETS, LANE_BOTTOM

    return count_in(surface, canvas, (0, 150, SCENE_W, LANE_BOTTOM - 150), JACKETS[0])


def test_a_rider_comes_only_with_a_new_pass(config, text):
    found = {state: rider_pixels(*play(config, *STATES[state], DESIGN_SIZE, text=text)[:2])
             for state in ("zero", "idle", "riding", "stale", "missing")}
    assert found["riding"] > 200, found
    assert found["zero"] == found["idle"] == found["stale"] == found["missing"] == 0, found


def test_passes_that_come_together_send_several_riders(config, text):
    _, _, scene, _ = play(config, passes(3, gap=0.0), 1.05, text=text)
    assert len(scene.counter.riders) == 3
    assert [r.number for r in scene.counter.riders] == [1, 2, 3]
    _, _, scene, _ = play(config, [(0.0, 0), (1.0, 5000)], 1.05, text=text)
    from scenes.bike_counter import MAX_RIDERS_AT_ONCE

    assert len(scene.counter.riders) == MAX_RIDERS_AT_ONCE
    assert scene.counter.riders[-1].number == 5000


def test_a_flood_of_passes_keeps_the_lane_bounded(config, text):
    """A counter ticking every frame queues a bounded number of riders; once it stops, the
    display catches up with the total."""
    from scenes.bike_counter import MAX_WAITING

    flood = [(0.0, 0)] + [(0.5 + i / 60, i + 1) for i in range(180)]
    _, _, scene, _ = play(config, flood, 3.5, text=text)
    assert sum(not r.counted for r in scene.counter.riders) <= MAX_WAITING
    assert len(scene.counter.riders) <= MAX_WAITING + 8
    _, _, scene, world = play(config, flood, 12.0, text=text)
    assert scene.counter.riders == [] and scene.counter.shown == world.view("bikes").total == 180


def test_the_display_rolls_to_the_total(config, text):
    """As many lit digits as the total has, the rest dim leading zeros; 999999 fits."""
    for counts, seconds, total in (([(0.0, 7)], 1.0, 0), (passes(3, gap=0.0), 4.0, 3),
                                   ([(0.0, 0), (0.5, 45)], 4.0, 45),
                                   ([(0.0, 0), (0.5, 999_999)], 5.0, 999_999)):
        surface, canvas, scene, world = play(config, counts, seconds, DESIGN_SIZE, text=text)
        assert world.view("bikes").total == total
        assert scene.counter.shown == total and scene.counter.roll == 1.0
        assert lit_digits(surface, canvas, OK) == len(str(total)), total
        assert f"{total}" in [t for t, _ in canvas.drawn_text]  # the panel shows the total


def test_the_welcome_names_the_visitors_number(config, text):
    _, canvas, _, _ = play(config, *STATES["pass"], text=text)
    assert "Du bist Radler Nr. 1" in [t for t, _ in canvas.drawn_text]
    _, canvas, _, _ = play(config, *STATES["huge"], lang="en", text=text)
    assert "You are cyclist no. 999,999" in [t for t, _ in canvas.drawn_text]
    _, canvas, _, _ = play(config, *STATES["idle"], text=text)
    assert not any(t.startswith("Du bist") for t, _ in canvas.drawn_text)


def counter_world(config, total: int, per_minute: float, stale: bool = False) -> World:
    sensor = config.sensors["bikes"]
    view = SensorView(sensor, value=120.0 + total, level=sensor.levels[0], stale=stale,
                      readings=5, per_minute=per_minute, total=float(total))
    return World(0.0, {"bikes": view}, SOURCE, language="de")


def draw(scene, world, size=DESIGN_SIZE, text=None):
    canvas = Canvas(pygame.Surface(size), text)
    Stage(load_frame_text()).draw(canvas, scene, world, INTERACTIVE, Progress(0, 5, 0.4))
    return canvas.surface, canvas


def test_without_data_the_display_keeps_its_last_count_dimmed(config, text):
    from scenes.bike_counter import DIGIT_STALE

    scene = load_scene("bike_counter", config)
    scene.on_show()
    scene.update(STEP, counter_world(config, 30, 0))
    for _ in range(300):  # 12 more passes, then the data goes stale with riders on the way
        scene.update(STEP, counter_world(config, 42, 12))
    scene.update(STEP, counter_world(config, 45, 15))
    assert scene.counter.riders
    for _ in range(120):
        scene.update(STEP, counter_world(config, 45, 15, stale=True))
    assert scene.counter.riders == [] and scene.counter.shown == 45
    stale = counter_world(config, 45, 15, stale=True)
    surface, canvas = draw(scene, stale, text=text)
    assert lit_digits(surface, canvas, OK) == 0
    assert lit_digits(surface, canvas, DIGIT_STALE) == 2  # 45, dimmed
    assert "keine Daten" in [t for t, _ in canvas.drawn_text]
    assert scene.active_step(stale) == "measure"


def test_the_visitors_own_pass_reaches_act(config, text):
    """Idle, the loop waits (measure, the level's headline); a pass: the display greets the
    rider and the panel lights act with its sentence; a few seconds later, measure again."""
    scene = load_scene("bike_counter", config)
    _, _, scene, world = play(config, *STATES["idle"], text=text, scene=scene)
    assert scene.active_step(world) == "measure"
    assert scene.headline(world, "de") == scene.text.headlines["counting"]["de"]
    _, _, scene, world = play(config, *STATES["pass"], text=text, scene=scene)
    assert scene.active_step(world) == "act"
    assert scene.headline(world, "de") == scene.text.steps["act"]["de"]
    for _ in range(round(4 / STEP)):
        scene.update(STEP, world)
    assert scene.active_step(world) == "measure"
    missing = World(0.0, {}, SOURCE)
    assert scene.active_step(missing) == "measure"


def test_the_panel_shows_todays_count_not_the_boards(config):
    scene = load_scene("bike_counter", config)
    view = scene.primary(counter_world(config, 3, 3))
    assert view.value == 3 and view.formatted("de") == "3"
    assert scene.primary(World(0.0, {}, SOURCE)) is None
