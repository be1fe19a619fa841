"""`python -m exhibit.bench all --json --quick`: every benchmark runs (shortened) and its
figures come out as one JSON document on stdout — the smoke run of the benches, which
docs/PERFORMANCE.md is written from. No timing is asserted, only that each figure is
there and sane."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT, app_env


def test_bench_all_json_reports_every_figure_with_the_machine():
    run = subprocess.run([sys.executable, "-m", "exhibit.bench", "all", "--json", "--quick"],
                         cwd=ROOT, env=app_env(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout)  # the tables went to stderr, stdout is only JSON
    assert {"machine", "frame", "screens", "latency", "ingest", "idle", "memory"} <= set(report)
    assert report["machine"]["cores"] >= 1 and report["machine"]["pygame_ce"]
    frame = report["frame"]["1920x1080"]
    assert len(frame) >= 10 and all(0 < row["p50"] <= row["max"] for row in frame.values())
    screens = report["screens"]
    assert screens["4K auto"]["render"] == [1920, 1080] and screens["4K auto"]["screen"] == [
        3840, 2160]
    assert screens["4K native"]["render"] == [3840, 2160]
    assert set(screens["1080p"]["work_ms"]) == set(frame)
    assert report["latency"]["arrived"] > 0 and report["latency"]["latency_ms"]["median"] > 0
    assert all(rate > 0 for rate in report["ingest"].values())
    idle = report["idle"]
    assert idle["exit"] == 0 and 0 < idle["cpu_percent"] < 200 and 5 < idle["fps"] < 70
    memory = report["memory"]["192x108"]
    assert memory["peak_mb"] >= memory["startup_mb"] > 0 and memory["per_scene"]
