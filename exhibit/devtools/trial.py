"""`--check-config`'s trial run: every scene of the show drawn once off-screen, in each
language, at rest and at each level of its sensor — so a scene that would raise while it
draws (a text it needs is gone, a level name it does not know) stops the check, not the show.

Small and short on purpose (640×360, a second of settling): it proves the show can draw,
the gallery and the golden pictures prove how it looks.
"""

from __future__ import annotations

import inspect
import os
from dataclasses import replace
from pathlib import Path

import pygame

from exhibit.config import ExhibitConfig
from exhibit.devtools.gallery import LANGUAGES, scene_states, typical_values
from exhibit.devtools.preview import draw_settled, settle
from exhibit.render.text import TextCache
from exhibit.scene import Scene
from exhibit.stage import FrameText, Stage
from exhibit.yamlsource import ConfigError

TRIAL_SIZE = (640, 360)
TRIAL_SECONDS = 1.0


def scene_file(scene: Scene) -> str:
    """The scene's module file, as an error names it."""
    try:
        return str(Path(inspect.getfile(type(scene))))
    except TypeError:
        return f"scenes/{scene.name}.py"


def trial_states(config: ExhibitConfig, scene: Scene) -> list[tuple[str, dict, bool]]:
    """The rest state (no reading at all: the scene's calm picture, "no data") and each
    picture of the gallery: the call to action, then each level of its sensor."""
    return [("rest", {}, False)] + scene_states(config, scene, typical_values(config))


def trial_render(config: ExhibitConfig, scenes: dict[str, Scene], frame_text: FrameText,
                 size: tuple[int, int] = TRIAL_SIZE, seconds: float = TRIAL_SECONDS) -> int:
    """Draw every scene in every state and language; returns how many frames were drawn.
    Any exception becomes a `ConfigError` naming the scene's module, state and language."""
    text = TextCache()
    surface = pygame.Surface(size)
    drawn = 0
    for name, scene in scenes.items():
        for state, values, attract in trial_states(config, scene):
            lang = LANGUAGES[0]
            try:
                stage, world = settle(scene, config, values, seconds, lang,
                                      stage=Stage(frame_text))
                for lang in LANGUAGES:
                    draw_settled(scene, config, stage, replace(world, language=lang), size,
                                 attract, text, surface)
                    drawn += 1
            except ConfigError:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                raise ConfigError(scene_file(scene), None,
                                  f"failed to draw {state} ({lang}): "
                                  f"{type(exc).__name__}: {exc} — a scene text or the scene "
                                  f"is broken; fix scenes/{name}.yaml or scenes/{name}.py"
                                  ) from None
            finally:
                scene.on_show()  # the show starts from a fresh scene
    return drawn


def check_show(show) -> int:
    """`--check-config`'s last step: `trial_render` of the prepared `Show`, without a
    window (pygame's dummy video driver, plain surfaces)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    opened = not pygame.display.get_init()
    if opened:
        pygame.display.init()
    if not pygame.font.get_init():
        pygame.font.init()
    try:
        return trial_render(show.config, show.scenes, show.frame_text)
    finally:
        if opened:
            pygame.display.quit()
