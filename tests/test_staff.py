"""Staff keys and overlays on a real frame loop: the key map, F1 listing every key, D's
facts over a real serial link (a pty, with a garbled line), S switching a board's show to
the simulator and back, and Esc closing an overlay before the kiosk lock sees it."""

from __future__ import annotations

import time

import pygame
import pytest

from exhibit.cli import parse_args
from exhibit.devtools.ptypair import Pty
from exhibit.loop import FrameLoop
from exhibit.render.canvas import Canvas
from exhibit.render.text import TextCache
from exhibit.show import prepare
from exhibit.sources.base import ReadingQueue
from exhibit.sources.choose import open_source
from exhibit.sources.simulator import SimulatorSource
from exhibit.staff import keys as k
from exhibit.staff.desk import StaffDesk
from exhibit.staff.diagnostics_view import rows
from exhibit.staff.help_view import _panel
from exhibit.staff.texts import TEXT, tr
from exhibit.status import LIVE, SIMULATION
from tests.apprunner import wait_until

CTRL, SHIFT, ALT = pygame.KMOD_LCTRL, pygame.KMOD_LSHIFT, pygame.KMOD_LALT


@pytest.mark.parametrize("key, mod, action", [
    (pygame.K_F1, 0, k.Action(k.HELP)),
    (pygame.K_d, 0, k.Action(k.DIAGNOSTICS)),
    (pygame.K_d, CTRL, None),                        # inside a chord: not a staff key
    (pygame.K_F4, ALT, None),                        # a visitor's Alt+F4
    (pygame.K_RIGHT, 0, k.Action(k.NEXT_SCENE)),
    (pygame.K_PAGEDOWN, 0, k.Action(k.NEXT_SCENE)),  # presentation clickers
    (pygame.K_PAGEUP, 0, k.Action(k.PREVIOUS_SCENE)),
    (pygame.K_LEFT, 0, k.Action(k.PREVIOUS_SCENE)),
    (pygame.K_3, CTRL, k.Action(k.JUMP, 3)),
    (pygame.K_0, CTRL, k.Action(k.JUMP, 10)),
    (pygame.K_1, CTRL | SHIFT, k.Action(k.JUMP, 11)),
    (pygame.K_0, 0, k.Action(k.TOUCH, 10)),
    (pygame.K_2, SHIFT, k.Action(k.TOUCH, 12)),
    (pygame.K_s, 0, k.Action(k.SIMULATOR)),
    (pygame.K_r, 0, k.Action(k.RELOAD)),
    (pygame.K_ESCAPE, 0, k.Action(k.CLOSE)),
    (pygame.K_q, CTRL | SHIFT, None),               # the quit chord stays the lock's
])
def test_key_map(key, mod, action):
    assert k.staff_action(key, mod) == action


class Bench:
    """A real FrameLoop on an off-screen 1920×1080 surface, its source's thread running."""

    def __init__(self, port: str) -> None:
        self.show = prepare(parse_args([]))
        self.queue = ReadingQueue()
        self.source = open_source(port, self.show.config, seed=1)
        self.surface = pygame.Surface((1920, 1080))
        self.loop = FrameLoop(self.show, self.source, self.queue,
                              Canvas(self.surface, TextCache()), 0.0)
        self.now = 0.0
        self.desk = StaffDesk(self.loop, None, None, clock=lambda: self.now)
        self.source.start(self.queue)

    def frames(self, n: int = 1) -> None:
        for _ in range(n):
            self.now += 1 / 60
            self.loop.frame(1 / 60, self.now)
            self.desk.draw(self.loop.canvas, self.now)
            self.desk.frame_took(0.003, self.now)



def panel_shown(picture: pygame.Surface) -> bool:
    """The dark overlay panel across an empty stretch of it (1920×1080), over any scene."""
    return all(max(picture.get_at((x, 780))[:3]) < 60 for x in range(700, 1700, 50))


@pytest.fixture
def board(pygame_ready):
    pty = Pty()
    bench = Bench(pty.path)
    bench.pty = pty
    yield bench
    bench.source.stop()
    pty.close()


def test_f1_lists_every_key_every_scene_and_the_quit_chord(pygame_ready):
    bench = Bench("sim")
    try:
        for lang in ("de", "en"):
            canvas = Canvas(pygame.Surface((1920, 1080), pygame.SRCALPHA), TextCache())
            bench.loop.language = lang
            _panel(canvas, bench.loop)
            drawn = {text for text, _ in canvas.drawn_text}
            assert {tr(action, lang) for _, action in k.HELP_ROWS} <= drawn
            titles = [bench.show.scenes[n].text.title[lang] for n in bench.loop.director.playlist]
            assert all(any(t in text for text in drawn) for t in titles)
            assert any("Q" in text and "2" in text for text in drawn)  # kiosk.quit_chord
        actions = {k.staff_action(key, mod).name for key in
                   (*k.DIGITS, *k.LETTERS, *k.PLAIN) for mod in (0, CTRL)
                   if k.staff_action(key, mod)}
        listed = {action for _, action in k.HELP_ROWS}
        assert actions <= listed and all(a in TEXT for a in listed)
        bench.desk.key(pygame.K_s, 0)  # --port sim: nothing to switch, and it says why
        assert bench.desk.toast[0] == tr("sim_already", "en")
    finally:
        bench.source.stop()


def test_d_shows_the_links_facts_and_its_last_raw_lines(board):
    board.frames(5)
    wait_until(lambda: board.loop.status().connected, "the pty connected")
    assert not panel_shown(board.surface)
    lines = b"light=300 soil=40\n" + b"so\xffil=4\x001 t\xe9mp=2\n" + b"light=301\n"
    expected = ("light=300 soil=40", r"so\xffil=4\x001 t\xe9mp=2", "light=301")

    def arrived() -> bool:  # written again while not seen: a reopen may flush the input
        if board.loop.status().recent[-3:] == expected:
            return True
        board.pty.write(lines)
        time.sleep(0.3)
        return False

    wait_until(arrived, "the three raw lines")
    board.desk.key(pygame.K_d, 0)
    assert board.desk.holds_escape
    board.frames(2)
    facts = board.desk.view.facts(board.now)
    assert facts["port"] == board.pty.path and facts["state"] == "connected"
    assert facts["protocol"] == "lines"
    assert facts["recent"][-3:] == expected
    assert facts["rejects"] and facts["scene"] == board.loop.director.current
    assert facts["frame_ms"][0] == pytest.approx(3.0) and facts["rss_mb"] > 10
    others = board.loop.diagnostics  # what the statistics add to it
    platform = {"state": "offline", "sent": 5, "acknowledged": 4, "dropped": 0, "failed": 3}
    board.loop.diagnostics = lambda: {**others(), "visitor_stats": "/var/stats/2026-12-07.csv",
                                      "platform": platform}  # publish.mqtt's counters
    board.loop.language = "en"  # D's values follow the staff's language too
    link, shown = rows(board.desk.view.facts(board.now), "en")
    assert ("Data platform", "offline · sent 5 · ack 4 · dropped 0 · failed 3") in \
        [r[:2] for r in link]
    assert ("Visitor statistics", "/var/stats/2026-12-07.csv") in [r[:2] for r in shown]
    assert ("Opening hours", "always open (no schedule:)") in [r[:2] for r in shown]
    assert panel_shown(board.surface)
    board.desk.key(pygame.K_ESCAPE, 0)
    assert not board.desk.holds_escape
    board.frames(1)
    assert not panel_shown(board.surface)


def test_s_switches_a_board_to_the_simulator_and_back(board):
    wait_until(lambda: board.loop.status().connected, "the pty connected")
    assert board.loop.status().kind == LIVE and not board.source.touch("soil")
    board.desk.key(pygame.K_s, 0)
    world = board.loop.frame(1 / 60, 1.0)
    assert world.source.kind == SIMULATION and not world.source.stand_in  # badge: Simulation
    board.queue.drain()
    bytes_before = board.loop.status().stats["bytes"]
    board.pty.write(b"light=777\n")
    wait_until(lambda: board.loop.status().stats["bytes"] > bytes_before, "the board counted")
    wait_until(lambda: len(board.queue) > 0, "simulated readings")
    assert all(r.stand_in for r in board.queue.drain())   # the board's line went nowhere
    board.desk.key(pygame.K_1, 0)                          # the digits touch the simulator
    assert board.source.stand_in.models[next(iter(board.show.config.sensors))].touched_until > 0
    board.desk.key(pygame.K_s, 0)
    assert board.loop.status().kind == LIVE
    board.queue.drain()

    def live_again() -> bool:  # the reader takes the switch back on its own thread: a line
        board.pty.write(b"light=778\n")  # that comes before it is a stand-in's, so repeat
        return any(r.raw == 778 and not r.stand_in for r in board.queue.drain())
    wait_until(live_again, "live again")


def test_staff_keys_change_the_scene_like_a_touch(pygame_ready):
    bench = Bench("sim")
    try:
        bench.desk.key(pygame.K_3, CTRL)
        bench.desk.key(pygame.K_RIGHT, 0)
        assert bench.loop.director.current == bench.loop.director.playlist[3]
        assert str(bench.loop.director.reason) == "staff key"
        bench.desk.key(pygame.K_9, CTRL | SHIFT)            # no scene 19
        assert bench.desk.toast is not None
    finally:
        bench.source.stop()


def test_the_real_app_opens_the_overlays_and_changes_scene_by_key(tmp_path):
    """main.py on a real X server, real key presses: F1, Esc (closes the help, does not
    quit the window), D, Right; Ctrl+Q then ends the window with D still open, so the
    saved last frame shows the panel."""
    from tests.test_kiosk_lock import App
    from tests.xserver import Xvfb

    xvfb = Xvfb()
    shot = tmp_path / "last.png"
    app = App(xvfb, "--windowed", "--size", "1920x1080", "--screenshot", str(shot))
    try:
        app.wait_for("show on screen: 1920x1080")
        xvfb.window()
        for key, said in (("F1", "help (F1) on"), ("Escape", "overlay closed (Esc)"),
                          ("d", "diagnostics (D) on"), ("Right", "(staff key)")):
            xvfb.xdotool("key", key)
            app.wait_for(said)
        assert app.proc.poll() is None, "".join(app.log)
        xvfb.xdotool("key", "ctrl+q")
        assert app.proc.wait(timeout=15) == 0, "".join(app.log)
    finally:
        app.close()
        xvfb.stop()
    assert "Traceback" not in "".join(app.log)
    assert panel_shown(pygame.image.load(str(shot)))  # the saved last frame: D is open


def test_the_raw_tail_keeps_the_last_lines_whatever_the_chunks():
    import random

    from exhibit.sources.rawtail import KEEP_LINES, MAX_CHARS, RawTail

    rng = random.Random(5)
    lines = [bytes(rng.choice(b"ab=1 \x00\xff") for _ in range(rng.randint(1, 120)))
             for _ in range(200)]
    stream = b"".join(line + rng.choice((b"\n", b"\r\n", b"\r")) for line in lines)
    tail, at = RawTail(), 0
    while at < len(stream):
        step = rng.randint(1, 300)
        tail.feed(stream[at:at + step])
        at += step
    shown = tail.lines()
    assert len(shown) == KEEP_LINES and all(len(text) <= MAX_CHARS for text in shown)
    expected = [line.decode("latin-1") for line in lines[-KEEP_LINES:]]
    for text, line in zip(shown, expected):
        plain = "".join(ch if 32 <= ord(ch) < 127 else f"\\x{ord(ch):02x}" for ch in line)
        assert text == plain or (text.endswith("…") and plain.startswith(text[:-1]))
