"""Render a scene in a chosen state without a source or a window: for tests and docs.

`settle` plays constant readings into a fresh `SignalHub` and steps the scene on a virtual
clock, so animations settle exactly as they would live; `render_state` then draws one frame.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pygame

from exhibit.config import ExhibitConfig
from exhibit.director import ATTRACT, INTERACTIVE, Progress
from exhibit.reading import Reading
from exhibit.render.canvas import Canvas
from exhibit.render.text import TextCache
from exhibit.scene import Scene
from exhibit.signals.hub import SignalHub
from exhibit.status import CONNECTED, SIMULATION, SourceStatus
from exhibit.stage import Stage, load_frame_text
from exhibit.world import World

STEP = 1 / 60


def settle(scene: Scene, config: ExhibitConfig, values: Mapping[str, float | Callable],
           seconds: float, lang: str = "de", source: SourceStatus | None = None,
           stage: Stage | None = None) -> tuple[Stage, World]:
    """Play `seconds` of steady `values` (calibrated units, by sensor id) into a fresh hub
    and step `scene` and the frame's `stage` on a virtual clock, as they would run live.

    A value may also be a function of the time in seconds (a counter that counts on).
    Sensors not in `values` get no readings (they show as stale / no data).
    """
    source = source or SourceStatus(SIMULATION, "preview", CONNECTED)
    hub = SignalHub(config.sensors)
    stage = stage or Stage(load_frame_text())
    scene.on_show()
    t = 0.0
    world = hub.world(t, t, source, lang)
    while t < seconds:
        t += STEP
        hub.feed(Reading(sid, config.sensors[sid].to_raw(v(t) if callable(v) else v), t)
                 for sid, v in values.items() if sid in config.sensors)
        world = hub.world(t, t, source, lang)
        scene.update(STEP, world)
        stage.update(STEP, world, scene)
    return stage, world


def render_state(scene: Scene, config: ExhibitConfig, values: Mapping[str, float | Callable],
                 size: tuple[int, int] = (1920, 1080), lang: str = "de", seconds: float = 3.0,
                 source: SourceStatus | None = None, attract: bool = False,
                 text: TextCache | None = None, surface: pygame.Surface | None = None
                 ) -> tuple[pygame.Surface, Canvas]:
    """Draw `scene` after `seconds` of steady `values` (see `settle`)."""
    stage, world = settle(scene, config, values, seconds, lang, source)
    return draw_settled(scene, config, stage, world, size, attract, text, surface)


def draw_settled(scene: Scene, config: ExhibitConfig, stage: Stage, world: World,
                 size: tuple[int, int] = (1920, 1080), attract: bool = False,
                 text: TextCache | None = None, surface: pygame.Surface | None = None
                 ) -> tuple[pygame.Surface, Canvas]:
    """One frame of a settled moment; the same moment may be drawn at several sizes or, with
    the world's `language` replaced, in several languages."""
    if surface is None:  # a given surface is drawn over what it holds
        surface = pygame.Surface(size)
    canvas = Canvas(surface, text or TextCache())
    mode = ATTRACT if attract else INTERACTIVE
    stage.draw(canvas, scene, world, mode, Progress(0, len(config.playlist.scenes), 0.4))
    return surface, canvas
