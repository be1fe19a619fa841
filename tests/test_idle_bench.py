"""`python -m exhibit.bench idle`, very short: the real main.py runs, is measured from
/proc and its heartbeat, and ends cleanly. The figures are the bench's to print; here only
their shape and sanity (no CPU threshold: that would be a timing assertion)."""

from __future__ import annotations

from exhibit.devtools.idle_bench import measure


def test_the_idle_bench_reports_cpu_fps_and_memory_of_the_running_show():
    result = measure((640, 360), seconds=2.0, warmup=0.5)
    assert set(result) == {"size", "seconds", "cpu_percent", "fps", "rss_mb", "exit"}
    assert result["size"] == "640x360" and result["exit"] == 0
    assert 1.0 <= result["seconds"] <= 6.0
    assert 0.0 < result["cpu_percent"] < 200.0  # a share of one core; two threads could add
    assert 5.0 < result["fps"] < 70.0 and 20.0 < result["rss_mb"] < 2000.0
