"""Anonymous visitor statistics: the counter (live touches only, hours, views), the daily
CSV store (midnight, crash safety, a disk that fails), the reader (untrusted lines), and
the two commands and the counting through main.py as subprocesses."""

from __future__ import annotations

import logging
import subprocess
import time
from datetime import date, datetime

import pytest

from exhibit.config import load_config
from exhibit.devtools.visitday import write_visits
from exhibit.stats.counter import StatsRow, VisitorCounter
from exhibit.stats.read import load_stats
from exhibit.stats.store import HEADER, CsvStatsStore, stats_file
from exhibit.status import LIVE, REPLAY, SIMULATION, SourceStatus
from exhibit.world import World
from tests.apprunner import RunningApp
from tests.conftest import ROOT, app_env, main_cmd

LIVE_BOARD = SourceStatus(LIVE, "/dev/ttyACM0")


class ListStore:
    """A store that keeps the rows it gets: the counter's side of the interface."""

    def __init__(self) -> None:
        self.rows: list[StatsRow] = []
        self.closed = False

    def append(self, rows) -> None:
        self.rows += rows

    def close(self) -> None:
        self.closed = True

    def describe(self, now) -> str:
        return "list"


def world(source=LIVE_BOARD, touches=()) -> World:
    return World(0.0, {}, source, touches=tuple(touches))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_only_a_live_board_counts_touches_views_always_and_by_the_hour():
    store = ListStore()
    counter = VisitorCounter(store)
    counter.frame(world(touches=["soil"]), "overview", at("2026-12-07T13:59:58"))
    counter.frame(world(touches=["soil", "water"]), "trees", at("2026-12-07T13:59:59"))
    counter.frame(world(touches=["soil"]), "trees", at("2026-12-07T14:00:00"))  # next hour
    for source in (SourceStatus(SIMULATION, "simulator"), SourceStatus(REPLAY, "rec.jsonl"),
                   SourceStatus(LIVE, "/dev/ttyACM0", stand_in=True)):
        counter.frame(world(source, ["water"]), "trees", at("2026-12-07T14:00:01"))
    counter.frame(world(touches=["water"]), "trees", at("2026-12-07T14:00:02"),
                  counting=False)  # outside the opening hours (the loop says so)
    assert store.rows == []  # nothing handed over before a minute of wall time
    counter.frame(world(), "trees", at("2026-12-07T14:00:58"))
    assert counter.touches == 4 and store.rows == [
        StatsRow(at("2026-12-07T13:00"), "touch", "soil", 2),
        StatsRow(at("2026-12-07T13:00"), "touch", "water", 1),
        StatsRow(at("2026-12-07T13:00"), "view", "overview", 1),
        StatsRow(at("2026-12-07T13:00"), "view", "trees", 1),
        StatsRow(at("2026-12-07T14:00"), "touch", "soil", 1)]
    assert store.rows[0].csv() == "2026-12-07T13:00,touch,soil,2"
    counter.frame(world(), None, at("2026-12-07T14:01:00"))     # all scenes failed
    counter.frame(world(), "trees", at("2026-12-07T14:01:01"))  # back: a new view
    counter.close()
    assert store.rows[-1] == StatsRow(at("2026-12-07T14:00"), "view", "trees", 1)
    assert store.closed


def test_rows_go_to_the_file_of_their_day_and_duplicates_are_summed(tmp_path):
    store = CsvStatsStore(tmp_path)
    counter = VisitorCounter(store)
    counter.frame(world(touches=["bikes"]), "bike_counter", at("2026-12-07T23:59:30"))
    counter.frame(world(touches=["bikes"]), "bike_counter", at("2026-12-08T00:00:40"))
    counter.close()  # both days in one flush after midnight
    # a second run of the show (after a crash) appends to the same file, same hour
    again = VisitorCounter(CsvStatsStore(tmp_path))
    again.frame(world(touches=["bikes"]), "bike_counter", at("2026-12-08T00:05:00"))
    again.close()
    day1 = stats_file(tmp_path, date(2026, 12, 7)).read_text().splitlines()
    day2 = stats_file(tmp_path, date(2026, 12, 8)).read_text().splitlines()
    assert day1 == [HEADER, "2026-12-07T23:00,touch,bikes,1",
                    "2026-12-07T23:00,view,bike_counter,1"]
    assert day2 == [HEADER, "2026-12-08T00:00,touch,bikes,1",
                    "2026-12-08T00:00,touch,bikes,1", "2026-12-08T00:00,view,bike_counter,1"]
    data = load_stats(tmp_path)
    assert data.per_day("touch") == {date(2026, 12, 7): 1, date(2026, 12, 8): 2}
    assert data.per_name("view") == [("bike_counter", 2)]
    assert data.bad_lines == 0


def test_a_full_disk_or_a_blocked_folder_costs_one_log_line_and_nothing_else(tmp_path,
                                                                             caplog):
    full = tmp_path / "full"
    full.mkdir()
    stats_file(full, date(2026, 12, 7)).symlink_to("/dev/full")  # every write: ENOSPC
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")  # unwritable even for root
    for folder, why in ((full, "No space left on device"), (blocked, "")):
        caplog.clear()
        store = CsvStatsStore(folder)
        with caplog.at_level(logging.INFO, "exhibit.stats"):
            for minute in range(3):  # three flushes, one line
                store.append([StatsRow(at("2026-12-07T10:00"), "touch", "soil", minute + 1)])
            store.close()
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1 and why in errors[0] and "the show goes on" in errors[0]
        assert len(caplog.records) == 1  # not a line per flush, nor one more at the end
        assert store.lost == 3 and store.written == 0
        assert "not writable" in store.describe(at("2026-12-07T10:00"))


def test_the_reader_counts_bad_lines_and_skips_oversized_files(tmp_path):
    stats_file(tmp_path, date(2026, 12, 5)).write_bytes(
        b"hour,kind,name,count\n2026-12-05T10:00,touch,soil,2\n"
        b"2026-12-05T10:30,touch,soil,1\n"         # not on the hour
        b"2026-12-05T11:00,smell,soil,1\n"         # no such kind
        b"2026-12-05T11:00,touch,../etc,1\n"       # no id
        b"2026-12-05T11:00,touch,soil,\xc2\xb2\n"  # a digit to str.isdigit, not to us
        b"2026-12-05T11:00,touch,soil,99999999999999999999\n"
        b"\xff\xfe garbage\n2026-12-05T12:00,touch,soil,3\n2026-12-05T12:00,tou")  # crash
    stats_file(tmp_path, date(2026, 12, 4)).write_bytes(b"x" * (4 * 1024 * 1024 + 1))
    (tmp_path / "notes.csv").write_text("not ours")
    data = load_stats(tmp_path)
    assert data.per_name("touch") == [("soil", 5)]
    assert data.bad_lines == 7
    assert "stats-2026-12-04.csv: skipped" in data.problems[0]
    assert data.problems[1].startswith("stats-2026-12-05.csv:3: the hour")
    assert [p.name for p in data.files] == ["stats-2026-12-05.csv"]


def test_kiosk_stats_false_is_read_and_anything_else_is_refused(tmp_path):
    text = (ROOT / "exhibit.yaml").read_text()
    off = text.replace("kiosk: {quit_chord: ctrl+shift+q, quit_hold: 2}",
                       "kiosk: {quit_chord: ctrl+shift+q, quit_hold: 2, stats: false}")
    assert off != text and not load_config(tmp_path / "e.yaml", off).kiosk.stats
    assert load_config(ROOT / "exhibit.yaml").kiosk.stats
    with pytest.raises(Exception, match=r"e.yaml:\d+: kiosk.stats must be true"):
        load_config(tmp_path / "e.yaml", off.replace("stats: false", "stats: maybe"))


def _main(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(main_cmd(*args), cwd=ROOT, env=app_env(), capture_output=True,
                          text=True, timeout=60)


def test_stats_prints_the_week_and_the_top_sensor_by_name_and_the_report_needs_data(
        tmp_path):
    visits = tmp_path / "visits"
    write_visits(visits, days=7, end=date(2026, 12, 6), seed=3)
    data = load_stats(visits)
    top_sensor = data.per_name("touch")[0][0]
    english = load_config(ROOT / "exhibit.yaml").sensors[top_sensor].name["en"]
    done = _main("--stats", str(visits), "--lang", "en", "--simulate-time", "2026-12-06T19:00")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert f"1. {english} ({top_sensor})" in done.stdout
    assert f"{data.total('touch'):,}" in next(line for line in lines if line.startswith("  Σ"))
    assert "Today, 2026-12-06:" in done.stdout and "Traceback" not in done.stderr

    empty = tmp_path / "empty"
    empty.mkdir()
    page = tmp_path / "report.html"
    done = _main("--stats", str(empty), "--stats-report", str(page))
    assert done.returncode == 1 and not page.exists()
    assert done.stderr.strip().count("\n") == 0 and str(empty) in done.stderr
    assert "stats-" in done.stderr and "Traceback" not in done.stderr


def test_a_touch_on_the_live_board_is_counted_in_todays_file(tmp_path):
    logs = tmp_path / "logs"
    app = RunningApp(tmp_path, extra=("--log-dir", str(logs)))  # the attract loop: a touch
    # brings its scene at once
    app.wait_for_log(": connected")
    cycles = 0
    while not app.count_log("touch on soil") and cycles < 5:  # a pty may hiccup at start
        cycles += 1
        for value in [385] * 30 + [480] * 30 + [385] * 10:  # soil at rest, dry pot, back
            app.write(f"soil={value}\n".encode())
            time.sleep(0.02)
        time.sleep(0.3)
    app.wait_for_log("touch on soil")
    assert app.stop() == 0, "".join(app.log)
    today = datetime.now()
    rows = load_stats(logs)
    assert [name for name, _ in rows.per_name("touch")] == ["soil"]
    assert 1 <= rows.total("touch") <= cycles
    assert ("trees", 1) in rows.per_name("view")
    expected = stats_file(logs, today.date())
    assert app.diagnostics()["visitor_stats"] == str(expected) or today.hour == 0
