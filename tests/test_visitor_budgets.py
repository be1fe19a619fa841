"""What a visitor reads in ten seconds from 3 m, measured on the drawn pictures of every
scene, level, language and screen shape (`exhibit.devtools.audit`): at most 45 words in the
panel (the big number, its unit and the level chip not counted), no text under 26 px at
1080p, every text at least 4.5:1 against what is behind it, and each level a visible change
in the picture (at least 5 % of its pixels), also as a visitor with red–green deficiency
sees it (deuteranopia simulated): no level told apart by colour alone; a number never ends a
line its unit starts."""

from __future__ import annotations

import pytest

from exhibit.devtools.audit import audit_scene
from exhibit.scene import load_scene
from tests.conftest import ROOT

MAX_WORDS = 45
MIN_PX = 26
MIN_CONTRAST = 4.5
MIN_LEVEL_DIFFERENCE = 0.05  # trees ok→wet drew 0.1 %, heat island hot→extreme 3.3 % before


def playlist():
    import yaml

    return yaml.safe_load((ROOT / "exhibit.yaml").read_text())["playlist"]["scenes"]


@pytest.mark.parametrize("name", playlist())
def test_a_visitor_can_take_in_the_scene(name, config, text_cache):
    scene = load_scene(name, config)
    langs = [lang for lang in ("de", "en", "ls") if lang in scene.text.title]
    shots, pairs = audit_scene(config, scene, langs, text=text_cache)
    problems = []
    for s in shots:
        where = f"{s.state}/{s.lang}/{s.shape}"
        if s.words > MAX_WORDS:
            problems.append(f"{where}: {s.words} words in the panel (at most {MAX_WORDS})")
        if s.smallest_px < MIN_PX:
            problems.append(f"{where}: {s.smallest_text!r} at {s.smallest_px} px "
                            f"(at least {MIN_PX})")
        for broken in s.unit_breaks:
            problems.append(f"{where}: a number and its unit on two lines ({broken})")
        if s.weakest_contrast < MIN_CONTRAST:
            problems.append(f"{where}: {s.weakest_text!r} at contrast {s.weakest_contrast} "
                            f"(at least {MIN_CONTRAST})")
    for pair, share in pairs.items():
        if share < MIN_LEVEL_DIFFERENCE:
            problems.append(f"levels {pair}: {share:.1%} of the picture changes "
                            f"(at least {MIN_LEVEL_DIFFERENCE:.0%})")
    assert not problems, "\n".join(problems)
