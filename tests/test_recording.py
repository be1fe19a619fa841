"""`--record` never lies: every decoded reading is in the recording or counted there as a
gap; a failing disk stops the recording (one log line, a staff notice), never the show, and
leaves only whole lines; each run is a session of its own; what is queued at the end is
written; `--replay` skips a line cut off at the end of a run."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time

import pygame
import pytest

from exhibit.reading import Reading
from exhibit.recorder import QUEUE_FULL, Recorder
from exhibit.render import palette
from exhibit.sources.replay import RecordingError, load_recording
from tests.apprunner import RunningApp, wait_until
from tests.conftest import ROOT, app_env, main_cmd


def run_main(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(main_cmd(*args), cwd=ROOT, env=app_env(), capture_output=True,
                          text=True, timeout=90)


def lines_of(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def diagnostics(log: str) -> dict:
    line = next(line for line in reversed(log.splitlines()) if "diagnostics: " in line)
    return json.loads(line.split("diagnostics: ", 1)[1])


def act_pixels(path) -> int:
    """Pixels in the staff-notice colour on the badge's row (top left of the screen)."""
    shot = pygame.image.load(str(path))
    act = palette.TONES["act"]
    w, h = shot.get_size()
    return sum(all(abs(a - b) < 12 for a, b in zip(shot.get_at((x, y))[:3], act))
               for x in range(0, w // 2) for y in range(0, h // 10))


def test_a_full_disk_stops_the_recording_not_the_show(tmp_path):
    shot, ok_shot = tmp_path / "full.png", tmp_path / "ok.png"
    common = ("--port", "sim", "--seed", "1", "--size", "640x360", "--frames", "40",
              "--scene", "overview")
    result = run_main(*common, "--record", "/dev/full", "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("recording stopped: /dev/full: No space left on device") == 1
    stats = diagnostics(result.stderr)["recording"]
    assert stats["failed"] == "No space left on device" and stats["written"] == 0
    # a small staff notice under the badge says so; a normal run has none
    normal = run_main(*common, "--record", str(tmp_path / "r.jsonl"),
                      "--screenshot", str(ok_shot))
    assert normal.returncode == 0, normal.stderr
    assert act_pixels(shot) > act_pixels(ok_shot) + 100


def mount_small_disk(path) -> bool:
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(path)],
                          capture_output=True)
    return done.returncode == 0


def test_a_disk_that_fills_up_leaves_only_whole_lines_and_every_reading_counted(tmp_path):
    disk = tmp_path / "small"
    if not mount_small_disk(disk):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        record = disk / "r.jsonl"
        result = run_main("--port", "sim", "--seed", "1", "--size", "640x360",
                          "--frames", "240", "--record", str(record))
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.count("recording stopped: ") == 1
        text = record.read_text()
        assert text.endswith("\n")
        lines = [json.loads(line) for line in text.splitlines()]  # every line whole
        readings = [x for x in lines if "sensor" in x]
        gaps = sum(x["gap"] for x in lines if "gap" in x)
        stats = diagnostics(result.stderr)
        assert 0 < len(readings) == stats["recording"]["written"]
        # written + counted in the file + counted in the log == every reading made
        assert len(readings) + gaps + stats["recording"]["lost"] == stats["readings"]
        assert all(x.get("sim") for x in readings)
        assert load_recording(record)  # and it replays
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_fast_sender_loses_nothing_uncounted_even_at_sigterm(tmp_path):
    """A board flooding the port (native USB, a socket bridge): whatever the queue had to
    drop is a gap line, and what was queued when SIGTERM came is written."""
    lines = 30_000
    app = RunningApp(tmp_path)
    app.wait_for_log(": connected")
    chunk = b"".join(f"light={i} soil={(i * 7) % 500}\n".encode()
                     for i in range(lines))

    def flood() -> None:
        view = memoryview(chunk)
        while view:
            view = view[os.write(app.pty.master, view[:65536]):]

    sender = threading.Thread(target=flood, daemon=True)
    sender.start()
    sender.join(60)
    time.sleep(0.3)  # the last bytes leave the pty; SIGTERM while frames may hold some
    assert app.stop() == 0, "".join(app.log)
    log = "".join(app.log)
    assert "Traceback" not in log
    decoded = app.diagnostics()["readings"]
    assert decoded == 2 * lines
    recording = app.recording()
    readings = [x for x in recording if "sensor" in x]
    gaps = [x for x in recording if "gap" in x]
    assert all(g["why"] in (QUEUE_FULL, "recorder behind") for g in gaps)
    assert len(readings) + sum(g["gap"] for g in gaps) == decoded  # exactly
    print(f"recorded {len(readings)}, in gaps {sum(g['gap'] for g in gaps)} "
          f"({len(gaps)} gap lines: {gaps})")  # run with -s to see
    light = [x["raw"] for x in readings if x["sensor"] == "light"]
    assert all(a < b for a, b in zip(light, light[1:]))  # in order, nothing twice
    assert recording[0]["session"]["kind"] == "live"


def make_loop(queue, recorder):
    from exhibit.cli import parse_args
    from exhibit.loop import FrameLoop
    from exhibit.render.canvas import Canvas
    from exhibit.render.text import TextCache
    from exhibit.show import prepare
    from exhibit.sources.simulator import SimulatorSource

    show = prepare(parse_args([]))
    source = SimulatorSource(show.config.sensors, seed=1)
    return FrameLoop(show, source, queue, Canvas(pygame.Surface((640, 360)), TextCache()),
                     0.0, recorder)


def test_queue_drops_become_a_gap_and_the_queue_is_drained_at_the_end(tmp_path,
                                                                        pygame_ready):
    from exhibit.sources.base import ReadingQueue

    path = tmp_path / "r.jsonl"
    queue = ReadingQueue(maxlen=10)
    recorder = Recorder(path, 0.0, {"source": "test"})
    loop = make_loop(queue, recorder)
    queue.put_many([Reading("light", 100.0 + i, 0.01 * i) for i in range(25)])
    queue.put_many([Reading("light", 1.0, 0.3, True)])  # a stand-in: dropped, not counted
    loop.frame(1 / 60, 0.5)
    queue.put_many([Reading("light", 200.0 + i, 0.6 + 0.01 * i) for i in range(5)])
    loop.finish(0.7)  # what arrived after the last frame still gets written
    recorder.close()
    lines = lines_of(path)
    assert lines[0]["session"]["source"] == "test"
    assert lines[1] == {"gap": 16, "why": QUEUE_FULL, "t": 0.5}
    assert [x["raw"] for x in lines[2:]] == [116.0 + i for i in range(9)] + \
        [200.0 + i for i in range(5)]


def test_a_recorder_that_falls_behind_counts_what_it_refused(tmp_path):
    from exhibit.signals.hub import Processed

    path = tmp_path / "r.jsonl"
    recorder = Recorder(path, 0.0, {"source": "test"}, limit=5)
    with recorder._cond:  # hold the writer: everything waits in the queue
        batches = [[Processed(Reading("soil", float(i * 4 + j), 1.0), 1.0) for j in range(4)]
                   for i in range(3)]
        for batch in batches:
            recorder.write(batch)
    recorder.close()
    lines = lines_of(path)[1:]
    assert [x.get("raw") for x in lines[:4]] == [0.0, 1.0, 2.0, 3.0]
    assert lines[4]["gap"] == 8 and lines[4]["why"] == "recorder behind"


def sim_run(record, frames: str) -> None:
    result = run_main("--port", "sim", "--seed", "1", "--size", "640x360", "--frames", frames,
                      "--record", str(record))
    assert result.returncode == 0, result.stderr


def test_two_runs_are_two_sessions_and_replay_plays_one(tmp_path):
    record, again = tmp_path / "r.jsonl", tmp_path / "again.jsonl"
    sim_run(record, "10")
    sim_run(record, "20")
    lines = lines_of(record)
    heads = [i for i, x in enumerate(lines) if "session" in x]
    assert len(heads) == 2 and heads[0] == 0
    first = [(x["sensor"], x["raw"]) for x in lines[1:heads[1]]]
    second = [(x["sensor"], x["raw"]) for x in lines[heads[1] + 1:]]
    assert lines[0]["session"]["kind"] == "simulation"
    assert lines[0]["session"]["config"].endswith("exhibit.yaml")
    assert {(s, r) for _, s, r in load_recording(record, 1)} == set(first)
    assert {(s, r) for _, s, r in load_recording(record)} == set(second)  # the last
    result = run_main("--replay", str(record), "--session", "1", "--speed", "4",
                      "--record", str(again), "--size", "640x360", "--frames", "60")
    assert result.returncode == 0, result.stderr
    replayed = [(x["sensor"], x["raw"]) for x in lines_of(again) if "sensor" in x]
    assert sorted(replayed) == sorted(first)
    out = run_main("--replay", str(record), "--session", "3")
    assert out.returncode == 2
    assert "--session 3" in out.stderr and "sessions 1 to 2" in out.stderr
    out = run_main("--session", "1")
    assert out.returncode == 2 and "only applies to --replay" in out.stderr


def test_replay_skips_a_line_cut_off_at_the_end_with_a_warning(tmp_path, caplog):
    path = tmp_path / "r.jsonl"
    path.write_text('{"session": {"source": "x"}}\n'
                    '{"t": 0.1, "sensor": "light", "raw": 1}\n'
                    '{"t": 0.2, "sensor": "light", "raw": 2}\n'
                    '{"t": 0.3, "sensor": "li')
    with caplog.at_level("WARNING"):
        assert [r for _, _, r in load_recording(path)] == [1.0, 2.0]
    assert f"{path}:4: cut-off line skipped" in caplog.text
    result = run_main("--replay", str(path), "--size", "640x360", "--frames", "5")
    assert result.returncode == 0, result.stderr
    assert f"{path}:4: cut-off line skipped" in result.stderr


def test_a_run_cut_off_mid_line_is_closed_off_by_the_next_run(tmp_path, caplog):
    """A cut-off last line of a session (the next run appended after it) is skipped too;
    a broken line in the middle of a session is still an error."""
    path = tmp_path / "r.jsonl"
    path.write_text('{"t": 0.1, "sensor": "light", "raw": 1}\n{"t": 0.2, "sens')
    recorder = Recorder(path, 0.0, {"source": "next"})
    recorder.close()
    text = path.read_text()
    assert text.endswith('"sens\n{"session": {"source": "next", "kind": "live"}}\n')
    with caplog.at_level("WARNING"):
        assert [r for _, _, r in load_recording(path, 1)] == [1.0]
    assert f"{path}:2: cut-off line skipped" in caplog.text
    path.write_text('{"t": 0.1, "sensor": "light", "raw": 1}\n{"t": 0.2, "sens\n'
                    '{"t": 0.3, "sensor": "light", "raw": 3}\n')
    with pytest.raises(RecordingError, match=r":2: not a recorded reading"):
        load_recording(path)


def test_gap_lines_and_headers_are_not_readings_on_replay(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"session": {"source": "a"}}\n'
                    '{"t": 0.1, "sensor": "light", "raw": 1}\n'
                    '{"gap": 5, "why": "queue full", "t": 0.15}\n'
                    '{"t": 0.2, "sensor": "light", "raw": 2}\n')
    assert [r for _, _, r in load_recording(path)] == [1.0, 2.0]
