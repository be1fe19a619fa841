"""A scene or a part of the frame that raises never reaches a visitor: it is logged once,
left out for the rest of the run, and the show goes on in the same frame."""

from __future__ import annotations

import logging

import numpy as np
import pygame
import pytest

from exhibit.cli import parse_args
from exhibit.loop import TRANSITION_SECONDS, FrameLoop
from exhibit.reading import Reading
from exhibit.render import palette
from exhibit.render.canvas import Canvas
from exhibit.render.layout import SCENE_AREA, SCENE_W
from exhibit.show import prepare
from tests.test_transitions import STEP, Harness

MAGENTA = (255, 0, 255)  # what a failing hook leaves half-drawn: must never be flipped


def quick_harness(tmp_path) -> Harness:
    """The real show with 2 s per scene, so a whole attract round is 22 s of virtual time."""
    from tests.conftest import ROOT

    config = tmp_path / "exhibit.yaml"
    config.write_text((ROOT / "exhibit.yaml").read_text().replace("seconds: 20 ", "seconds: 2 "))
    h = Harness(size=(480, 270))
    h.show = prepare(parse_args(["--config", str(config)]))
    h.loop = FrameLoop(h.show, h.loop.source, h.queue, h.loop.canvas, 0.0)
    return h


def step(h: Harness, dt: float, soil: float = 55.0):
    h.t += dt
    sensor = h.show.config.sensors["soil"]
    h.queue.put_many([Reading("soil", sensor.to_raw(soil), h.t)])
    return h.loop.frame(dt, h.t)


def has_magenta(surface: pygame.Surface) -> bool:
    return bool((pygame.surfarray.pixels3d(surface) == MAGENTA).all(axis=2).any())


def clean_frame(h: Harness, world, stage=None) -> pygame.Surface:
    """The current scene drawn once more, on a fresh canvas, by an unbroken path."""
    surface = pygame.Surface(h.surface.get_size())
    director = h.loop.director
    (stage or h.loop.stage).draw(Canvas(surface, h.loop.canvas.text_cache),
                                 h.show.scenes[director.current], world, director.mode,
                                 director.progress())
    return surface


def tracebacks(caplog, start: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.exc_info and r.getMessage().startswith(start)]


@pytest.mark.parametrize("hook", ["on_show", "update", "draw"])
def test_a_failing_scene_leaves_the_show_and_the_next_one_comes_on_in_the_same_frame(
        pygame_ready, tmp_path, caplog, hook):
    caplog.set_level(logging.INFO, logger="exhibit")
    h = quick_harness(tmp_path)
    for _ in range(60):
        step(h, STEP)

    def boom(*args):
        if hook == "draw":  # half a picture, then the error
            args[0].surface.fill(MAGENTA)
        raise RuntimeError("the trees scene broke")

    setattr(h.show.scenes["trees"], hook, boom)
    for _ in range(60):  # the soil is dry: a touch calls up the trees scene, which raises
        step(h, STEP, soil=5)
        assert not has_magenta(h.surface)
        if "trees" in h.loop.failed_scenes:
            break
    assert h.loop.failed_scenes["trees"] == f"RuntimeError: the trees scene broke (in {hook})"
    assert h.loop.diagnostics()["failed_scenes"] == h.loop.failed_scenes
    assert h.loop.current == h.loop.director.current == "waste_bins"  # in the same frame

    seen = []
    for _ in range(round((TRANSITION_SECONDS + 0.1) / STEP)):
        world = step(h, STEP)
        assert not has_magenta(h.surface)
    assert h.loop.current == "waste_bins"
    frame = pygame.surfarray.array3d(h.surface)
    assert np.array_equal(frame, pygame.surfarray.array3d(clean_frame(h, world)))

    for _ in range(round(1.5 * 2 * len(h.show.playlist) / 0.1)):  # 1.5 attract rounds
        step(h, 0.1)
        seen.append(h.loop.current)
    touched = False
    for _ in range(30):  # a hand on its sensor no longer calls it up
        touched |= "soil" in step(h, 0.1, soil=5).touches
        seen.append(h.loop.current)
    assert touched
    assert set(seen) == set(h.show.playlist) - {"trees"}
    assert list(h.loop.failed_scenes) == ["trees"]
    assert len(tracebacks(caplog, "scene trees raised")) == 1


def test_when_every_scene_fails_the_calm_fallback_screen_stays_and_the_show_runs_on(
        pygame_ready, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="exhibit")
    h = quick_harness(tmp_path)
    names = list(h.show.playlist)
    hooks = ("on_show", "update", "draw")

    def boom(*args):
        raise ValueError("broken")

    for name in names[:5]:  # these fail while prewarming, before the show starts
        setattr(h.show.scenes[name], "draw", boom)
    h.loop.prewarm(0.0)
    assert list(h.loop.failed_scenes) == names[:5]
    for i, name in enumerate(names[5:]):  # the rest fail on screen, one hook or another
        setattr(h.show.scenes[name], hooks[i % 3], boom)
    for _ in range(300):  # 5 s, well past every scene's turn
        world = step(h, STEP)
    assert sorted(h.loop.failed_scenes) == sorted(names)
    assert h.loop.current is None and not h.loop.director.playlist
    fallback = pygame.Surface(h.surface.get_size())
    h.loop.stage.draw_fallback(Canvas(fallback, h.loop.canvas.text_cache), world)
    assert np.array_equal(pygame.surfarray.array3d(h.surface),
                          pygame.surfarray.array3d(fallback))
    assert h.loop.stage.pulses  # the strip still pulses with the readings
    assert any("soil" in step(h, 0.1, soil=5).touches for _ in range(30))  # signals run on
    assert all(len(tracebacks(caplog, f"scene {name} raised")) == 1 for name in names)


def test_a_failing_panel_leaves_the_scene_and_the_other_parts_of_the_frame(
        pygame_ready, caplog):
    caplog.set_level(logging.INFO, logger="exhibit")
    h = Harness(size=(480, 270))
    h.run(0.5, soil=55)

    def boom(canvas, box, *args):
        canvas.box(MAGENTA, box)  # half a panel, then the error
        raise KeyError("panel")

    h.loop.stage._panel = boom
    for _ in range(30):
        world = step(h, STEP)
        assert not has_magenta(h.surface)
    assert "panel" in h.loop.stage.broken
    assert h.loop.diagnostics()["failed_stage_parts"] == ["panel"]
    assert not h.loop.failed_scenes and h.loop.current == "overview"

    clean_stage = type(h.loop.stage)(h.show.frame_text, pulses=list(h.loop.stage.pulses))
    clean = pygame.surfarray.array3d(clean_frame(h, world, clean_stage))
    frame = pygame.surfarray.array3d(h.surface)
    canvas = h.loop.canvas
    layout = h.loop.stage.layout(canvas)
    for rect in (canvas.within(layout.illustration, SCENE_W).rect(SCENE_AREA),  # + badge, invite
                 canvas.rect(layout.strip)):
        area = np.s_[rect.left:rect.right, rect.top:rect.bottom]
        assert np.array_equal(frame[area], clean[area])
    panel = canvas.rect(layout.panel)
    assert (frame[panel.left:panel.right, panel.top:panel.bottom] == palette.PANEL).all()
    assert len(tracebacks(caplog, "the frame's panel raised")) == 1


def test_a_scene_that_raises_while_loading_is_left_out_and_check_config_names_it(
        pygame_ready, tmp_path, caplog, monkeypatch):
    """A bug in one scene's set-up (after an update, say) costs that scene, not the show."""
    import scenes.trees
    from exhibit.yamlsource import ConfigError

    def broken_setup(self):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(scenes.trees.SCENE, "setup", broken_setup)
    caplog.set_level(logging.INFO, logger="exhibit")
    h = quick_harness(tmp_path)
    caplog.clear()
    assert "trees" not in h.show.scenes
    assert h.loop.failed_scenes["trees"] == "ZeroDivisionError: division by zero (while loading)"
    seen = set()
    for _ in range(round(24 / STEP)):  # a whole attract round, and dry soil: a touch
        step(h, STEP, soil=5)
        seen.add(h.loop.director.current)
    assert "trees" not in seen and len(seen) == len(h.show.playlist) - 1
    assert not [r for r in caplog.records if r.exc_info]  # said while loading, not again
    prepare(parse_args([]))
    assert len(tracebacks(caplog, "scene trees raised while loading")) == 1
    with pytest.raises(ConfigError, match="scene trees raised ZeroDivisionError"):
        prepare(parse_args(["--check-config"]))


def test_what_the_app_draws_over_the_panel_is_gone_the_next_frame(pygame_ready, tmp_path):
    """The panel is left on screen while it shows the same (its pixels are not copied again
    every frame); a staff overlay over it is told with `drawn_over`, and the next frame
    paints the panel again — exactly as a fresh frame would."""
    h = quick_harness(tmp_path)
    for _ in range(round((TRANSITION_SECONDS + 0.5) / STEP)):
        world = step(h, STEP)
    panel = h.loop.stage.layout(h.loop.canvas).panel
    h.loop.canvas.box(MAGENTA, panel)         # an overlay over the panel
    h.loop.drawn_over()
    world = step(h, STEP)
    assert not has_magenta(h.surface)
    assert np.array_equal(pygame.surfarray.array3d(h.surface),
                          pygame.surfarray.array3d(clean_frame(h, world)))
