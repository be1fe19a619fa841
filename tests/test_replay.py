"""`--replay`: a recording plays back as the source, in its original timing, and re-records
identically; a broken recording is a clear error."""

from __future__ import annotations

import json
import subprocess

from tests.conftest import ROOT, app_env, main_cmd


def write_recording(path, rows):
    path.write_text("".join(json.dumps({"t": t, "sensor": s, "raw": r, "value": 0}) + "\n"
                            for t, s, r in rows))


def run_main(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(main_cmd(*args), cwd=ROOT, env=app_env(), capture_output=True,
                          text=True, timeout=60)


def replayed(path):
    """The readings recorded in `path` (no session header, no gap lines)."""
    return [item for line in path.read_text().splitlines()
            if "sensor" in (item := json.loads(line))]


def test_replay_plays_the_recording_in_order_and_in_time(tmp_path):
    rows = [(0.5 + 0.1 * i, "soil" if i % 2 else "light", 300.0 + i) for i in range(12)]
    source, again = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_recording(source, rows)
    result = run_main("--replay", str(source), "--speed", "2", "--record", str(again),
                      "--windowed", "--size", "640x360", "--frames", "90")
    assert result.returncode == 0, result.stderr
    out = replayed(again)
    assert [(r["sensor"], r["raw"]) for r in out] == [(s, r) for _, s, r in rows]
    span = out[-1]["t"] - out[0]["t"]
    assert span >= (rows[-1][0] - rows[0][0]) / 2 * 0.9  # never faster than its timing
    assert '"kind": "replay"' in result.stderr


def test_replay_loops_when_asked(tmp_path):
    source, again = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_recording(source, [(0.0, "light", 1.0), (0.05, "light", 2.0)])
    result = run_main("--replay", str(source), "--loop", "--record", str(again),
                      "--windowed", "--size", "640x360", "--frames", "200")
    assert result.returncode == 0, result.stderr
    raws = [r["raw"] for r in replayed(again)]
    assert raws[:4] == [1.0, 2.0, 1.0, 2.0]


def test_a_broken_recording_names_file_and_line(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"t": 0, "sensor": "light", "raw": 1}\n{"t": 1, "sensor": "light"}\n')
    result = run_main("--replay", str(source))
    assert result.returncode == 2
    assert f"{source}:2: not a recorded reading" in result.stderr
    assert "Traceback" not in result.stderr


def test_replay_options_need_a_replay(tmp_path):
    result = run_main("--loop")
    assert result.returncode == 2 and "only apply to --replay" in result.stderr
    result = run_main("--replay", str(tmp_path / "x.jsonl"), "--port", "sim")
    assert result.returncode == 2 and "give only one" in result.stderr
