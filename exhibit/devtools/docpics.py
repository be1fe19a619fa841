"""`python -m exhibit.devtools.docpics [DIR]`: the README's pictures, rendered from the show
itself (default DIR: docs/), so they are regenerated in one command whenever a scene
changes: the street lights at night, the trees when dry, the overview, a portrait screen and
all scenes side by side, each at an active level.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pygame

from exhibit.config import ExhibitConfig
from exhibit.devtools.gallery import counting, level_values, typical_values
from exhibit.devtools.preview import render_state
from exhibit.render.text import TextCache
from exhibit.scene import Scene, load_scene

# the level each scene shows in the pictures: one where the city acts
ACTIVE_LEVEL = {"street_lights": "night", "trees": "dry", "waste_bins": "full",
                "co2_classroom": "bad", "heat_island": "hot", "black_ice": "frost",
                "flood_gauge": "iw2", "parking": "full", "noise": "loud"}
SINGLES = {"street_lights": ("street_lights", False), "trees": ("trees", False),
           "overview": ("overview", True)}
PORTRAIT_SCENE = "co2_classroom"
GRID_COLUMNS, THUMB, GAP = 4, (480, 270), 10
SETTLE = 6.0


def values_for(config: ExhibitConfig, scene: Scene) -> dict:
    """Typical values, with the scene's own sensor at its active level (a counter counts)."""
    values = typical_values(config)
    sensor = config.sensors.get(scene.sensor_id or "")
    if sensor is None:
        return values
    if sensor.kind == "counter":
        return {**values, sensor.id: counting}
    levels = dict(level_values(sensor))
    wanted = ACTIVE_LEVEL.get(scene.name)
    return {**values, sensor.id: levels.get(wanted, values[sensor.id])}


def render(config: ExhibitConfig, scene: Scene, size, text: TextCache, attract=False):
    surface, _ = render_state(scene, config, values_for(config, scene), size, "de", SETTLE,
                              attract=attract, text=text)
    return surface


def write_pictures(config: ExhibitConfig, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    text = TextCache()
    scenes = {name: load_scene(name, config) for name in config.playlist.scenes}
    written = []

    def save(surface: pygame.Surface, name: str, size) -> None:
        path = out / f"{name}.png"
        pygame.image.save(pygame.transform.smoothscale(surface, size), str(path))
        written.append(path)

    for file, (name, attract) in SINGLES.items():
        save(render(config, scenes[name], (1920, 1080), text, attract), file, (960, 540))
    save(render(config, scenes[PORTRAIT_SCENE], (1080, 1920), text), "portrait", (540, 960))
    rows = -(-len(scenes) // GRID_COLUMNS)
    sheet = pygame.Surface((GRID_COLUMNS * (THUMB[0] + GAP) + GAP,
                            rows * (THUMB[1] + GAP) + GAP))
    sheet.fill((14, 24, 45))
    for i, scene in enumerate(scenes.values()):
        thumb = pygame.transform.smoothscale(render(config, scene, (1920, 1080), text), THUMB)
        sheet.blit(thumb, (GAP + (i % GRID_COLUMNS) * (THUMB[0] + GAP),
                           GAP + (i // GRID_COLUMNS) * (THUMB[1] + GAP)))
    save(sheet, "scenes", sheet.get_size())
    return written


def main(argv: list[str] | None = None) -> int:
    from exhibit.calibration.overlay_file import load_with_overlay
    from exhibit.cli import DEFAULT_CONFIG

    p = argparse.ArgumentParser(prog="python -m exhibit.devtools.docpics", description=__doc__)
    p.add_argument("out", nargs="?", type=Path, default=DEFAULT_CONFIG.parent / "docs")
    args = p.parse_args(argv)
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    pygame.display.init()
    pygame.font.init()
    for path in write_pictures(load_with_overlay(DEFAULT_CONFIG), args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
