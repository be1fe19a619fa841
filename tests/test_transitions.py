"""Scene changes crossfade from a cached copy of the last frame over ~0.4 s."""

from __future__ import annotations

import pygame

from exhibit.show import prepare
from exhibit.cli import parse_args
from exhibit.loop import TRANSITION_SECONDS, FrameLoop
from exhibit.reading import Reading
from exhibit.render.canvas import Canvas
from exhibit.render.text import TextCache
from exhibit.sources.base import ReadingQueue
from exhibit.sources.simulator import SimulatorSource

STEP = 1 / 60


class Harness:
    """The frame loop on a virtual clock, fed by hand (the simulator thread never runs)."""

    def __init__(self, size=(960, 540)) -> None:
        self.show = prepare(parse_args([]))
        self.queue = ReadingQueue()
        source = SimulatorSource(self.show.config.sensors, seed=1)
        self.surface = pygame.Surface(size)
        self.loop = FrameLoop(self.show, source, self.queue,
                              Canvas(self.surface, TextCache()), 0.0)
        self.t = 0.0

    def run(self, seconds: float, soil: float | None = None) -> None:
        soil_sensor = self.show.config.sensors["soil"]
        for _ in range(round(seconds / STEP)):
            self.t += STEP
            if soil is not None:
                self.queue.put_many([Reading("soil", soil_sensor.to_raw(soil), self.t)])
            self.loop.frame(STEP, self.t)

    def pixel(self, at: tuple[int, int]) -> tuple[int, int, int]:
        return tuple(self.surface.get_at(at))[:3]


def test_a_scene_change_crossfades_and_then_shows_the_new_scene(pygame_ready):
    h = Harness()
    h.run(2.0, soil=55)
    assert h.loop.current == "overview"
    h.run(0.1, soil=55)
    spot = (int(960 * 0.35), int(540 * 0.1))  # upper illustration: map vs. sky
    before = h.pixel(spot)
    for _ in range(60):  # the soil is dry: a touch, the trees scene comes on
        h.run(STEP, soil=5)
        if h.loop.current == "trees":
            break
    h.run(TRANSITION_SECONDS * 0.25, soil=5)
    first = h.pixel(spot)
    h.run(TRANSITION_SECONDS * 0.25, soil=5)
    middle = h.pixel(spot)
    h.run(TRANSITION_SECONDS, soil=5)
    after = h.pixel(spot)
    assert before != after
    # the old frame fades: its share shrinks frame by frame, then the new scene is alone
    dist = [sum(abs(a - b) for a, b in zip(p, after)) for p in (before, first, middle, after)]
    assert dist[0] > dist[1] > dist[2] > dist[3] == 0


def test_no_fade_without_a_change(pygame_ready):
    h = Harness()
    h.run(0.5, soil=55)
    assert h.loop._fade_from is None


def test_the_attract_loop_goes_through_the_configured_languages(pygame_ready, tmp_path):
    from tests.conftest import ROOT

    text = ((ROOT / "exhibit.yaml").read_text()
            .replace("# languages: [de, en, ls]", "languages: [de, en, ls]")
            .replace("seconds: 20 ", "seconds: 2 "))
    start = text.index("  scenes: [")  # two scenes make a round as eleven do, in 2/11 the frames
    end = text.index("]", start) + 1
    config = tmp_path / "exhibit.yaml"
    config.write_text(text[:start] + "  scenes: [overview, trees]" + text[end:])
    h = Harness()
    h.show = prepare(parse_args(["--config", str(config)]))
    h.loop = FrameLoop(h.show, h.loop.source, h.queue, h.loop.canvas, 0.0)
    assert h.loop.language == "de" and len(h.show.playlist) == 2
    round_seconds = 2 * len(h.show.playlist)  # every scene for 2 s
    h.run(round_seconds + 0.5)
    assert h.loop.director.cycles == 1 and h.loop.language == "en"
    h.run(round_seconds)
    assert h.loop.language == "ls"
    h.run(round_seconds)
    assert h.loop.language == "de"


def test_on_a_4k_screen_the_old_frame_slides_away_instead(pygame_ready):
    h = Harness(size=(3840, 2160))
    h.run(1.0, soil=55)
    left, right = (200, 300), (2100, 300)  # both in the picture (2304 px wide at 4K)
    for _ in range(60):
        h.run(STEP, soil=5)
        if h.loop.current == "trees":
            break
    h.run(TRANSITION_SECONDS * 0.5, soil=5)
    halfway = (h.pixel(left), h.pixel(right))
    h.run(TRANSITION_SECONDS, soil=5)
    after = (h.pixel(left), h.pixel(right))
    # halfway the old frame still covers the left part, slid away to the left; the right
    # part already shows the new scene
    assert halfway[0] != after[0] and halfway[1] == after[1]


def test_after_prewarm_no_scene_builds_its_layers_on_its_first_frames(pygame_ready):
    """Each scene paints its cached layers the first time it is drawn (20–35 ms at 1080p):
    `prewarm` does that before the show starts, so the first round never stutters."""
    def first_frame_layers(warm: bool) -> dict[str, int]:
        h = Harness()
        if warm:
            h.loop.prewarm(0.0)
        built = {}
        for name in h.show.playlist:
            h.loop.director.jump(h.loop.director.playlist.index(name) + 1)
            before = len(h.loop.canvas._layers)
            h.run(3 * STEP)
            built[name] = len(h.loop.canvas._layers) - before
        return built

    cold, warm = first_frame_layers(False), first_frame_layers(True)
    assert sum(n > 0 for n in cold.values()) >= len(cold) - 2, cold   # without it they build
    assert all(n == 0 for n in warm.values()), warm


def test_the_change_frame_shows_the_old_frame_whole_and_the_kept_copy_is_reused(pygame_ready):
    """A change costs no frame copy and no draw of the new scene in its first frame (4K:
    the copy alone was 11.5 ms); the fade then starts from exactly that picture."""
    h = Harness()
    h.loop.prewarm(0.0)  # as the app does before the first frame
    h.run(1.0, soil=55)
    kept = h.loop._last_frame
    assert kept is not None
    last = h.surface.copy()
    h.loop.director.step(1)
    h.run(STEP, soil=55)
    assert h.loop._fade_from is kept  # allocated at the prewarm, not at the change
    assert pygame.image.tobytes(h.surface, "RGB") == pygame.image.tobytes(last, "RGB")
    h.run(STEP * 3, soil=55)
    assert pygame.image.tobytes(h.surface, "RGB") != pygame.image.tobytes(last, "RGB")
    h.loop.director.step(1)
    h.run(TRANSITION_SECONDS + STEP * 2, soil=55)
    assert h.loop._fade_from is None and h.loop._last_frame is kept
