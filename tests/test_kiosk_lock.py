"""Kiosk mode as a visitor meets it, on a real X server: in fullscreen Esc, Ctrl+Q and the
window manager's close (Alt+F4) do nothing; staff quit by holding the chord, and letting go
early cancels. In a window the easy quit stays. A display that changes size is laid out
again, the same as a show started at that size."""

from __future__ import annotations

import subprocess
import threading
import time

import pygame
import pytest

from exhibit.kiosk.lock import QuitChord
from tests.apprunner import wait_until
from tests.conftest import ROOT, app_env, main_cmd
from tests.test_transitions import Harness
from tests.xserver import Xvfb

CHORD = ("ctrl", "shift", "q")


@pytest.mark.parametrize("steps, quits", [
    ([("press", "q", {"ctrl", "shift"}), ("hold", 2.05)], True),
    ([("press", "q", {"ctrl", "shift"}), ("hold", 1.5), ("release", "shift"), ("hold", 1.0)],
     False),
    ([("press", "q", {"ctrl"}), ("hold", 3.0)], False),                 # Shift missing
    ([("press", "q", {"ctrl", "shift"}), ("hold", 1.0), ("press", "a", {"ctrl", "shift"}),
      ("hold", 2.0)], False),                                            # a visitor's mash
    ([("press", "q", {"ctrl", "shift"}), ("hold", 1.0), ("release", "q"),
      ("press", "q", {"ctrl", "shift"}), ("hold", 1.9)], False),         # starts over
], ids=["held", "let-go", "no-shift", "other-key", "restarted"])
def test_the_quit_chord_counts_only_an_unbroken_hold(steps, quits):
    chord = QuitChord(CHORD, 2.0)
    for step in steps:
        if step[0] == "press":
            chord.press(step[1], step[2])
        elif step[0] == "release":
            chord.release(step[1])
        else:
            for _ in range(round(step[1] * 60)):
                chord.update(1 / 60)
    assert chord.done is quits


class App:
    """main.py on an X server, its log collected."""

    def __init__(self, xvfb: Xvfb, *args: str) -> None:
        self.proc = subprocess.Popen(main_cmd("--port", "sim", *args), cwd=ROOT,
                                     env=xvfb.env(app_env()), stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.log: list[str] = []
        threading.Thread(target=lambda: self.log.extend(self.proc.stdout), daemon=True).start()

    def said(self, text: str) -> bool:
        return any(text in line for line in list(self.log))

    def wait_for(self, text: str) -> None:
        wait_until(lambda: self.said(text) or self.proc.poll() is not None, repr(text))
        assert self.said(text), "".join(self.log)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.fixture
def xvfb():
    server = Xvfb()
    yield server
    server.stop()


def test_in_fullscreen_only_the_held_chord_quits(xvfb, tmp_path):
    app = App(xvfb)
    try:
        app.wait_for("show on screen: 1920x1080")
        window = xvfb.window()
        xvfb.xdotool("key", "Escape")
        xvfb.xdotool("key", "ctrl+q")
        xvfb.close_window(window)
        for what in ("Esc ignored", "Ctrl+Q ignored", "window close"):
            app.wait_for(what)
        xvfb.xdotool("keydown", "ctrl+shift+q")
        time.sleep(0.6)  # well before the 2 s: a loaded machine may deliver the key-up late
        xvfb.screenshot(tmp_path / "countdown.png")  # for people: the countdown card
        xvfb.xdotool("keyup", "ctrl+shift+q")          # let go early: cancelled
        time.sleep(1.5)
        assert app.proc.poll() is None, "".join(app.log)
        pressed = time.monotonic()
        xvfb.xdotool("keydown", "ctrl+shift+q")
        code = app.proc.wait(timeout=15)
        held = time.monotonic() - pressed
        xvfb.xdotool("keyup", "ctrl+shift+q")
        assert code == 0 and app.said("quit by staff"), "".join(app.log)
        assert 1.9 <= held < 6, f"quit after {held:.1f} s of holding, not the chord's 2 s"
        assert "Traceback" not in "".join(app.log)
    finally:
        app.close()


def test_a_window_quits_on_esc_and_follows_its_new_size(xvfb, tmp_path):
    shot = tmp_path / "last.png"
    app = App(xvfb, "--windowed", "--size", "1280x720", "--screenshot", str(shot))
    try:
        app.wait_for("show on screen: 1280x720")
        xvfb.xdotool("windowsize", str(xvfb.window()), "1024", "768")
        app.wait_for("to 1024x768")
        xvfb.xdotool("key", "Escape")
        assert app.proc.wait(timeout=15) == 0, "".join(app.log)
        assert pygame.image.load(str(shot)).get_size() == (1024, 768)
    finally:
        app.close()


def test_a_resized_show_looks_like_one_started_at_that_size(pygame_ready):
    """HDMI renegotiated after the TV was off (1024×768): laid out afresh, not stretched."""
    started_small, resized = Harness((1024, 768)), Harness((1920, 1080))
    resized.run(1.0, soil=55)
    started_small.run(1.0, soil=55)
    resized.surface = pygame.Surface((1024, 768))
    resized.loop.resize(resized.surface)
    resized.run(0.5, soil=55)
    started_small.run(0.5, soil=55)
    assert bytes(pygame.image.tobytes(resized.surface, "RGB")) == \
        bytes(pygame.image.tobytes(started_small.surface, "RGB"))


def test_fullscreen_hides_the_cursor_and_holds_off_the_screen_saver(pygame_ready):
    from exhibit.kiosk.display import open_display

    pygame.display.set_allow_screensaver(True)
    open_display(pygame, False, (640, 480))
    assert not pygame.mouse.get_visible()
    assert not pygame.display.get_allow_screensaver()
