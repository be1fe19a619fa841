"""The serial link in the real world, through real pseudo-terminals and main.py itself:
unplug and replug, a silent board, garbage, a board that is not there."""

from __future__ import annotations

import os
import random

import pygame

from exhibit.render.palette import TONES
from tests.apprunner import Pty, RunningApp, wait_until
from tests.conftest import ROOT


def live(app: RunningApp) -> list[float]:
    return [r["raw"] for r in app.recorded() if r["sensor"] == "light"]


def test_unplug_and_replug_reconnects_by_itself_and_keeps_every_line_once(tmp_path):
    link = tmp_path / "ttySENSOR"  # like a udev symlink that follows the board
    first = Pty()
    os.symlink(first.path, link)
    app = RunningApp(tmp_path, port=str(link))
    try:
        app.wait_for_log(": connected")
        batch_a = [100.0 + i for i in range(30)]
        for raw in batch_a:
            first.write(f"light={raw:g}\n".encode())
        wait_until(lambda: len(live(app)) == len(batch_a), "batch A recorded")

        first.close()  # the cable is pulled
        app.wait_for_log(": disconnected")
        second = Pty()  # … and plugged in again: a new device behind the same name
        link.unlink()
        os.symlink(second.path, link)
        app.wait_for_log(": connected", times=2)
        batch_b = [500.0 + i for i in range(30)]
        for raw in batch_b:
            second.write(f"light={raw:g}\n".encode())
        wait_until(lambda: len(live(app)) == len(batch_a) + len(batch_b), "batch B recorded")
    finally:
        code = app.stop()
    second.close()
    assert code == 0
    assert live(app) == batch_a + batch_b  # every line exactly once, in order
    diagnostics = app.diagnostics()
    assert diagnostics["reconnects"] == 1 and diagnostics["state"] == "connected"


def test_a_silent_board_goes_stale_then_gets_reopened(tmp_path):
    config = tmp_path / "exhibit.yaml"
    config.write_text((ROOT / "exhibit.yaml").read_text().replace(
        "device: {port: auto, baud: 115200, protocol: lines}",
        "device: {port: auto, baud: 115200, protocol: lines, stale_after: 0.3, "
        "reconnect_after: 0.8}"))
    app = RunningApp(tmp_path, extra=("--config", str(config)))
    try:
        app.wait_for_log(": connected")
        app.wait_for_log(": stale")
        app.wait_for_log(": connected", times=2)  # closed and reopened by itself
        app.write(b"light=321\n")
        wait_until(lambda: live(app) == [321.0], "the reading after the reopen")
    finally:
        assert app.stop() == 0


def test_garbage_is_counted_and_every_valid_reading_is_kept(tmp_path):
    rng = random.Random(5)
    valid = [float(rng.randrange(0, 1024)) for _ in range(60)]
    junk = [
        b"\x00\xff\xfe\x80 boot \x1b[0m\x07\n",          # a binary boot banner
        b"light=nan soil=inf\n",                         # not finite
        b"x" * 3000 + b"\n",                             # over-long line
        b"light=abc\n",                                  # not a number
        b"volume=11\n",                                  # unknown key
        bytes(rng.randrange(1, 256) for _ in range(200)).replace(b"\n", b"").replace(
            b"\r", b"") + b"\n",                         # random bytes
    ]
    app = RunningApp(tmp_path)
    try:
        app.wait_for_log(": connected")
        app.write(b"#hello sensorik-stadt 1.0 sensors=light\r\n")
        for i, raw in enumerate(valid):
            ending = (b"\n", b"\r\n", b"\r")[i % 3]       # mixed, CR-only included
            app.write(junk[(i // 4) % len(junk)] if i % 4 == 0 else b"")
            app.write(f"light={raw:g}".encode() + ending)
        app.write(b"\n")
        wait_until(lambda: len(live(app)) >= len(valid), "all valid readings")
    finally:
        assert app.stop() == 0
    assert live(app) == valid
    diag = app.diagnostics()
    rejects = diag["rejects"]
    assert rejects["line_too_long"] >= 1
    assert rejects["not_a_number"] >= 3      # nan, inf, abc (at least)
    assert diag["unknown_keys"].get("volume", 0) >= 1
    assert diag["hello"] == "sensorik-stadt 1.0"
    assert diag["readings"] == len(valid)


def test_no_board_shows_the_simulator_badged_as_disconnected_and_records_nothing(tmp_path):
    app = RunningApp(tmp_path, frames=90, port=str(tmp_path / "no-such-tty"))
    assert app.finish() == 0
    assert app.recorded() == []  # stand-in values are never recorded as measurements
    shot = pygame.image.load(str(app.shot))
    badge_ring = (round(28 * 1280 / 1920) + 1, round((24 + 22) * 720 / 1080))
    assert tuple(shot.get_at(badge_ring))[:3] == TONES["act"]
    assert app.diagnostics()["state"] in ("connecting", "disconnected")


def test_a_pyserial_url_works_and_a_dropped_connection_is_reopened(tmp_path):
    import socket

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    app = RunningApp(tmp_path, port=f"socket://127.0.0.1:{port}")
    try:
        for round_, base in enumerate((100.0, 200.0)):
            server.settimeout(20)
            conn, _ = server.accept()  # the app connects (again, after the drop)
            app.wait_for_log(": connected", times=round_ + 1)
            conn.sendall(b"".join(f"light={base + i:g}\n".encode() for i in range(10)))
            wait_until(lambda b=base: b + 9 in live(app), f"readings of round {round_}")
            conn.close()  # a network serial server going away
    finally:
        code = app.stop()
        server.close()
    assert code == 0
    assert live(app) == [100.0 + i for i in range(10)] + [200.0 + i for i in range(10)]
    assert app.diagnostics()["reconnects"] >= 1
