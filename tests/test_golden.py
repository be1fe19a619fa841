"""The look is guarded: every scene state matches its accepted golden picture."""

from __future__ import annotations

import pytest

from exhibit.devtools.preview import render_state
from exhibit.scene import load_scene
from tests.golden import GOLDEN_DIR, SETTLE_SECONDS, compare, golden_cases


@pytest.fixture(scope="module")
def cases(config):
    scenes = {name: load_scene(name, config) for name in config.playlist.scenes}
    return golden_cases(config, scenes)


def test_every_scene_state_matches_its_golden_picture(request, config, text_cache, cases):
    accept = request.config.getoption("--accept-golden")
    problems = []
    for stem, scene, values, attract, lang, size in cases:
        surface, _ = render_state(scene, config, values, size, lang, SETTLE_SECONDS,
                                  attract=attract, text=text_cache)
        problem = compare(stem, surface, accept)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)
    if not accept:  # no stale golden picture lingers after a scene or state is gone
        expected = {f"{stem}.png" for stem, *_ in cases}
        assert {p.name for p in GOLDEN_DIR.glob("*.png")} == expected
