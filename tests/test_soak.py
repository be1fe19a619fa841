"""A short soak (`python -m exhibit.bench soak` for 11 s): main.py on a pty with 20 Hz
frames of every sensor, touches, garbage and two unplug/replug cycles, recording on, the
attract loop running. Every reading sent while plugged is decoded, every decoded one is
in the recording or counted as a gap, every garbage line is a counted reject, no
traceback; memory growth after warm-up is judged loosely (it cannot flake)."""

from __future__ import annotations

from exhibit.devtools.soak import run


def test_a_short_soak_accounts_for_every_reading(tmp_path):
    result = run(11, seed=3, unplug_every=3.5, touch_every=0.8, garbage_every=1.0,
                 workdir=tmp_path)
    print(result.table())  # run with -s to see the figures
    assert result.problems == [], result.table()
    diag = result.diagnostics
    assert result.replugs >= 2 and diag["reconnects"] == result.replugs
    assert result.frames_unplugged > 0 and result.garbage_lines > 0 and result.long_lines > 0
    assert diag["readings"] == result.readings_sent
    assert result.recorded + result.gaps + diag["recording"]["lost"] == diag["readings"]
    assert result.exceptions == [] and result.exit_code == 0
    assert result.touches >= 12  # every sensor touched at least once
    assert 0 < result.rss_warm and result.rss_growth_kb < 50 * 1024
