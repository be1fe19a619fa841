""""More about it": exhibit.yaml's optional `more_info_url` as a QR code in the panel
footer — checked, drawn once, scannable (the drawn modules are segno's own matrix with its
quiet zone), beside the privacy note, absent when not set, skipped without segno."""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from dataclasses import replace

import numpy as np
import pygame
import pytest

from exhibit.config import load_config
from exhibit.devtools.preview import render_state
from exhibit.render import qr
from exhibit.scene import load_scene
from exhibit.stage import load_frame_text
from exhibit.yamlsource import ConfigError
from tests.conftest import ROOT

URL = "https://opendata.example-stadt.de/sensorik"
WHITE = (255, 255, 255)
PANEL_X = 1152  # the panel's left edge at 1920×1080


def config_with(line: str):
    text = (ROOT / "exhibit.yaml").read_text()
    return load_config("exhibit.yaml", text.replace("language: de ", f"{line}\nlanguage: de ", 1))


def test_the_address_is_checked_and_optional(config):
    assert config.more_info_url is None
    assert config_with(f"more_info_url: {URL}").more_info_url == URL
    for bad, says in (("ftp://example.org/x", "https://"), ("opendata.example.org", "https://"),
                      ("javascript:alert(1)", "https://"), ("https://", "https://"),
                      ("https://example.org/" + "x" * 400, "at most 300")):
        with pytest.raises(ConfigError) as err:
            config_with(f"more_info_url: {bad!r}")
        assert "more_info_url" in str(err.value) and says in str(err.value)
        assert err.value.line == 9  # the line it stands on


def test_its_label_is_short_in_every_language():
    label = load_frame_text().ui["more_info"]
    assert set(label) == {"de", "en", "ls"} and all(len(t.split()) <= 3 for t in label.values())


def panel(config, text_cache, url, lang="de", size=(1920, 1080)):
    scene = load_scene("trees", replace(config, more_info_url=url))
    surface, canvas = render_state(scene, scene.config, {"soil": 50.0}, size, lang, 0.5,
                                   text=text_cache)
    return pygame.surfarray.array3d(surface), canvas


def white_box(pixels: np.ndarray, left: int):
    """Bounding box (x, y, w, h) of pure white right of `left`: the code with its quiet
    zone (nothing else in the panel is pure white); None if there is none."""
    white = np.all(pixels[left:] == WHITE, axis=2)
    xs, ys = np.nonzero(white)
    if not len(xs):
        return None
    return left + xs.min(), ys.min(), xs.max() - xs.min() + 1, ys.max() - ys.min() + 1


def needs_segno():
    if importlib.util.find_spec("segno") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("segno is missing in CI; requirements-dev.txt installs it")
        pytest.skip("segno is not installed: .venv/bin/pip install -r requirements-extras.txt")


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_the_panel_shows_a_scannable_code_beside_the_note(config, text_cache, size):
    needs_segno()
    import segno

    pixels, canvas = panel(config, text_cache, URL, size=size)
    left = PANEL_X if size[0] > size[1] else 0
    top = 0 if size[0] > size[1] else 1013  # the portrait panel sits under the strip
    box = white_box(pixels[:, top:], left)
    assert box is not None, "no QR code drawn"
    x, y, w, h = box
    y += top
    assert w == h >= 150, f"the code is {w}×{h} px; at least 150 px square"
    expected = np.array([[bool(v) for v in row] for row in
                         segno.make(URL, error="m", micro=False).matrix_iter(border=4)])
    n = expected.shape[0]
    assert w % n == 0, "whole pixels per module"
    step = w // n
    centres = pixels[x + step // 2:x + w:step, y + step // 2:y + h:step]  # [col, row]
    drawn = np.all(centres == (0, 0, 0), axis=2).T
    assert drawn.shape == expected.shape and (drawn == expected).all(), \
        "the drawn modules are not the address's QR code"
    assert not expected[:4].any() and not expected[:, :4].any(), "a 4-module quiet zone"
    code = pygame.Rect(x, y, w, h)
    note = [t for t in canvas.drawn_text if t.rect.colliderect(code)]
    assert not note, f"text over the code: {[t.text for t in note]}"
    assert any(t.text == "Mehr dazu" for t in canvas.drawn_text)


def test_no_address_no_code(config, text_cache):
    pixels, canvas = panel(config, text_cache, None)
    assert white_box(pixels, PANEL_X) is None
    assert not any(t.text == "Mehr dazu" for t in canvas.drawn_text)


def test_without_segno_the_show_runs_without_the_code_and_says_how_to_install_it(
        config, text_cache, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "segno", None)  # import segno raises ImportError
    monkeypatch.setattr(qr, "_said_missing", False)
    qr.qr_surface.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="exhibit"):
            pixels, _ = panel(config, text_cache, URL)
            panel(config, text_cache, URL, lang="en")
    finally:
        qr.qr_surface.cache_clear()
    assert white_box(pixels, PANEL_X) is None
    said = [r.getMessage() for r in caplog.records if "segno" in r.getMessage()]
    assert len(said) == 1 and "pip install -r requirements-extras.txt" in said[0]
