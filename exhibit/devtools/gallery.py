"""`--gallery DIR`: every scene in each of its levels, plus the frame's special states, in
every language (de, en, ls), as PNG files — to look at the whole exhibit at once and for the docs.

Files: ``<scene>-<state>-<lang>.png`` where state is ``attract`` (typical values, call to
action) or a level name of the scene's sensor; ``disconnected-<lang>.png`` (the board went
away, simulator standing in); ``transition-<lang>.png`` (halfway through a crossfade);
``sheet-<lang>.png``, a contact sheet with one row per scene, to see them side by side.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from exhibit.config import ExhibitConfig, Sensor
from exhibit.devtools.preview import render_state
from exhibit.render.canvas import Canvas
from exhibit.render.text import TextCache
from exhibit.render.widgets import crossfade
from exhibit.scene import Scene
from exhibit.status import DISCONNECTED, LIVE, SourceStatus

LANGUAGES = ("de", "en", "ls")  # ls: Leichte Sprache (German where a text has none yet)
SETTLE_SECONDS = 6.0  # long enough for trucks to arrive and lamps to dim up


def level_values(sensor: Sensor) -> list[tuple[str, float]]:
    """A value inside each level band (its middle), so each level can be shown."""
    return [(level.name, (level.low + level.high) / 2) for level in sensor.levels]


TYPICAL_COUNT = 120.0  # a counter's reading in the pictures: passes since the board started


def counting(t: float) -> float:
    """A counter's reading that counts on, one pass every 1.5 s: the scene shows passes."""
    return TYPICAL_COUNT + t // 1.5


def typical_values(config: ExhibitConfig) -> dict[str, float]:
    """Resting values; counters at a plausible running count."""
    return {sid: TYPICAL_COUNT if sensor.kind == "counter" else sensor.simulate.rest
            for sid, sensor in config.sensors.items()}


def scene_states(config: ExhibitConfig, scene: Scene, typical: dict[str, float]
                 ) -> list[tuple[str, dict, bool]]:
    """(state name, values, attract) for each picture of a scene: the call to action, then
    each level of its sensor (a counter's one level counts on)."""
    states: list[tuple[str, dict, bool]] = [("attract", typical, True)]
    sensor = config.sensors.get(scene.sensor_id or "")
    if sensor is not None and sensor.kind == "counter":
        states.append((sensor.levels[0].name, {**typical, sensor.id: counting}, False))
    elif sensor is not None:
        states += [(level, {**typical, sensor.id: value}, False)
                   for level, value in level_values(sensor)]
    return states


def write_gallery(config: ExhibitConfig, scenes: dict[str, Scene], out: Path,
                  size: tuple[int, int]) -> list[Path]:
    """Render every state to `out`; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    text = TextCache()
    typical = typical_values(config)
    written: list[Path] = []

    def save(surface: pygame.Surface, name: str) -> None:
        path = out / f"{name}.png"
        pygame.image.save(surface, str(path))
        written.append(path)

    for lang in LANGUAGES:
        rows: list[list[pygame.Surface]] = []
        for name, scene in scenes.items():
            rows.append([])
            for state, values, attract in scene_states(config, scene, typical):
                surface, _ = render_state(scene, config, values, size, lang, SETTLE_SECONDS,
                                          attract=attract, text=text)
                save(surface, f"{name}-{state}-{lang}")
                rows[-1].append(surface)
        first, second = (list(scenes.values()) * 2)[:2]
        away = SourceStatus(LIVE, "/dev/ttyACM0", DISCONNECTED, stand_in=True)
        surface, _ = render_state(first, config, typical, size, lang, SETTLE_SECONDS,
                                  source=away, text=text)
        save(surface, f"disconnected-{lang}")
        before, _ = render_state(first, config, typical, size, lang, 1.0, text=text)
        after, _ = render_state(second, config, typical, size, lang, 1.0, text=text)
        mixed = pygame.Surface(size)
        crossfade(Canvas(mixed, text), after, before, 0.5, (0, 0))
        save(mixed, f"transition-{lang}")
        save(contact_sheet(rows), f"sheet-{lang}")
    return written


THUMB_WIDTH, GAP = 384, 12


def contact_sheet(rows: list[list[pygame.Surface]]) -> pygame.Surface:
    """One row of thumbnails per scene (call to action, then each level), so the scenes
    can be compared side by side for one look across the whole exhibit."""
    w, h = rows[0][0].get_size()
    thumb = (THUMB_WIDTH, round(THUMB_WIDTH * h / w))
    columns = max(len(row) for row in rows)
    sheet = pygame.Surface((GAP + columns * (thumb[0] + GAP), GAP + len(rows) * (thumb[1] + GAP)))
    sheet.fill((8, 12, 24))
    for r, row in enumerate(rows):
        for c, picture in enumerate(row):
            small = pygame.transform.smoothscale(picture, thumb)
            sheet.blit(small, (GAP + c * (thumb[0] + GAP), GAP + r * (thumb[1] + GAP)))
    return sheet
