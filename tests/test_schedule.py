"""Opening hours: `schedule:` read with file:line errors, open/closed and the next change on a
simulated clock (opening, closing, midnight, closed dates), the frame loop resting while
closed, and the real app crossing an opening."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import datetime, timedelta

import pygame
import pytest

from exhibit.config import load_config
from exhibit.schedule import OpeningWatch, reopen_sentence
from exhibit.wallclock import WallClock
from exhibit.yamlsource import ConfigError
from tests.conftest import ROOT, app_env, main_cmd

BASE = (ROOT / "exhibit.yaml").read_text()
WEEK = """
schedule:
  closed_screen: calm
  hours:
    mon: closed
    tue-thu: "10:00-19:00"
    fri: "10:00-13:00, 14:00-24:00"
    sat, sun: "00:00-02:00, 10:00-16:00"
  closed_dates: [2026-12-24, "2026-12-31..2027-01-01"]
"""


def schedule_of(text: str):
    return load_config(ROOT / "exhibit.yaml", BASE + text).schedule


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_the_documented_example_and_the_shapes_it_allows_parse():
    example = re.search(r"^# schedule:\n(?:#   .*\n)+", BASE, re.M).group(0)
    documented = schedule_of("\n" + re.sub(r"^# ?", "", example, flags=re.M))
    assert documented.closed_screen == "calm" and 0 not in documented.hours
    assert documented.hours[5] == ((600, 780), (840, 1080))
    assert {d.isoformat() for d in documented.closed_dates} == {
        "2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"}
    s = schedule_of(WEEK)
    assert sorted(s.hours) == [1, 2, 3, 4, 5, 6] and s.hours[4] == ((600, 780), (840, 1440))
    wrapping = schedule_of('\nschedule: {closed_screen: black, hours: {fri-mon: ["10:00-12:00"]}}')
    assert sorted(wrapping.hours) == [0, 4, 5, 6] and wrapping.closed_screen == "black"
    assert load_config(ROOT / "exhibit.yaml", BASE).schedule is None  # absent: always open


BAD = [  # (the schedule's lines, the line of the mistake among them, what the fix says)
    ('  hours: {mon: off}', 1, "write closed"),
    ('  hours: {mon: 10:00}', 1, "in quotes"),
    ('  hours: {mo: "10:00-12:00"}', 1, "not a weekday; use mon, tue"),
    ('  hours: {mon: "10:00-09:00"}', 1, "09:00 is not after 10:00"),
    ('  hours: {mon: "10:00-13:00, 12:00-14:00"}', 1, "overlap"),
    ('  hours: {mon: "10:00-25:00"}', 1, "'25:00' is not a time"),
    ('  hours: {mon: "10-12"}', 1, "'10' is not a time"),
    ('  hours: {mon: closed, sat-sun: closed}', 1, "opens on no day"),
    ('  hours: {mon-fri: "10:00-12:00", fri: closed}', 1, "fri is already given"),
    ('  closed_screen: dark\n  hours: {mon: "10:00-12:00"}', 1, "one of: calm, black"),
    ('  hours: {mon: "10:00-12:00"}\n  closed_dates: [christmas]', 2, "must be a date like"),
    ('  hours: {mon: "10:00-12:00"}\n  closed_dates: [2026-13-01]', 2, "'2026-13-01'"),
    ('  hours: {mon: "10:00-12:00"}\n  closed_dates: ["2026-12-31..2026-12-24"]', 2,
     "ends before it starts"),
    ('  hours: {mon: "10:00-12:00"}\n  opening: 1', 2, "unknown key schedule.opening"),
]


def test_each_mistake_names_the_file_the_line_and_the_fix():
    above = (BASE + "\n\nschedule:\n").count("\n")  # lines before the schedule's first
    for lines, line, says in BAD:
        with pytest.raises(ConfigError) as caught:
            schedule_of("\n\nschedule:\n" + lines)
        error = caught.value
        assert error.file.endswith("exhibit.yaml") and error.line == above + line and \
            says in error.message, (lines, str(error))


def test_open_and_next_change_agree_with_a_minute_by_minute_walk():
    """Ten days on a 10-minute grid from a Sunday night: every answer of is_open and
    next_change against the spans written out by hand (midnight, 24:00 running on into
    Saturday's 00:00-02:00, a closed Monday, closed dates starting at midnight)."""
    s = schedule_of(WEEK)
    spans = {1: [(600, 1140)], 2: [(600, 1140)], 3: [(600, 1140)],
             4: [(600, 780), (840, 1440)], 5: [(0, 120), (600, 960)], 6: [(0, 120), (600, 960)]}
    closed = {at("2026-12-24").date(), at("2026-12-31").date(), at("2027-01-01").date()}

    def by_hand(t: datetime) -> bool:
        m = t.hour * 60 + t.minute
        return t.date() not in closed and any(a <= m < b for a, b in spans.get(t.weekday(), []))

    start = at("2026-12-20 22:00")  # Sunday
    grid = [start + timedelta(minutes=10 * i) for i in range(10 * 144)]
    truth = [by_hand(t) for t in grid]
    flips = [i for i in range(1, len(grid)) if truth[i] != truth[i - 1]]
    for i, t in enumerate(grid[:-300]):
        following = next(j for j in flips if j > i)
        assert (s.is_open(t), s.next_change(t)) == (truth[i], grid[following]), t
    # the same facts in words, as staff and visitors read them
    assert s.describe(at("2026-12-21 12:00")) == "closed until Tue 10:00"  # closed Monday
    assert s.describe(at("2026-12-21 12:00"), "de") == "geschlossen bis Di 10:00"  # D in German
    assert s.describe(at("2026-12-22 10:00")) == "open until 19:00"
    assert s.describe(at("2026-12-25 23:00")) == "open until Sat 02:00"  # across midnight
    assert s.describe(at("2026-12-23 18:00")) == "open until 19:00"
    assert s.next_change(at("2026-12-23 19:00")) == at("2026-12-25 10:00")  # 24th closed
    assert s.next_change(at("2026-12-30 18:59")) == at("2026-12-30 19:00")
    assert s.next_change(at("2026-12-30 19:00")) == at("2027-01-02 00:00")  # 31st, 1st closed
    opens = at("2026-12-22 10:00")
    assert [reopen_sentence(opens, at(day), "de") for day in
            ("2026-12-22 08:00", "2026-12-21 20:00", "2026-12-19 20:00", "2026-12-14 20:00")] \
        == ["Wir öffnen wieder heute um 10:00 Uhr.", "Wir öffnen wieder morgen um 10:00 Uhr.",
            "Wir öffnen wieder am Dienstag um 10:00 Uhr.",
            "Wir öffnen wieder am Dienstag, 22. Dezember, um 10:00 Uhr."]
    assert reopen_sentence(opens, at("2026-12-19 20:00"), "en") == \
        "We open again on Tuesday at 10:00."


def test_the_watch_recomputes_only_at_a_change_or_a_clock_jump():
    s = schedule_of(WEEK)
    calls = []

    class Counting:
        def state(self, t):
            calls.append(t)
            return s.state(t)

    counting, watch = Counting(), OpeningWatch()
    t = at("2026-12-22 09:59:00")
    assert watch.update(counting, t).open is False  # the first answer: the state at start
    changes = []
    for _ in range(60 * 120):  # two minutes at 60 fps
        t += timedelta(seconds=1 / 60)
        if (state := watch.update(counting, t)) is not None:
            changes.append((t, state.description))
    assert len(calls) == 2 and [c[1] for c in changes] == ["open until 19:00"]
    assert changes[0][0] - at("2026-12-22 10:00") < timedelta(seconds=1 / 30)
    assert watch.update(counting, at("2026-12-22 09:00")).open is False  # NTP set it back
    assert len(calls) == 3


@pytest.fixture(scope="module")
def show(pygame_ready):
    from exhibit.cli import parse_args
    from exhibit.show import prepare

    return prepare(parse_args(["--lang", "en"]))


def run_loop(show, schedule, start: str, size=(640, 360)):
    """FrameLoop on a simulated wall clock that runs on the virtual time `t[0]` (the
    simulator thread never runs; readings are fed by hand)."""
    from exhibit.loop import FrameLoop
    from exhibit.render.canvas import Canvas
    from exhibit.render.text import TextCache
    from exhibit.sources.base import ReadingQueue
    from exhibit.sources.simulator import SimulatorSource

    show.config = replace(show.config, schedule=schedule)
    t = [0.0]
    queue = ReadingQueue()
    source = SimulatorSource(show.config.sensors, seed=3)
    loop = FrameLoop(show, source, queue, Canvas(pygame.Surface(size), TextCache()), 0.0,
                     wall=WallClock(at(start), 1.0, monotonic=lambda: t[0]))
    loop.prewarm(0.0)
    return loop, source, queue, t


def test_the_loop_rests_while_closed_and_opens_fresh(show):
    from exhibit.director import ATTRACT
    from exhibit.reading import Reading

    s = schedule_of(WEEK)
    loop, source, queue, t = run_loop(show, s, "2026-12-22 09:59:50")
    assert loop.closed and loop.diagnostics()["schedule"] == "closed until 10:00"
    soil = show.config.sensors["soil"]
    loop.director.update(0.0)

    def frames(seconds: float, soil_value: float = 52) -> None:
        for _ in range(round(seconds * 60)):
            t[0] += 1 / 60
            queue.put_many([Reading("soil", soil.to_raw(soil_value), t[0])])
            loop.frame(1 / 60, t[0])

    frames(1)
    closed = pygame.surfarray.array3d(loop.canvas.surface).copy()
    frames(3, soil_value=8)  # a dry soil "touch" while closed: no scene switch
    assert loop.closed and loop.director.current == "overview" and loop.current is None
    assert loop.hub.world(t[0], t[0], loop.status(), "de").sensors["soil"].value < 20  # read
    assert loop.hub.world(t[0], t[0], loop.status(), "de").sensors["soil"].touched
    loop.director.mode, loop.language = "interactive", "de"  # as if left over from before
    frames(7)  # 10:00:01
    assert not loop.closed and loop.diagnostics()["schedule"] == "open until 19:00"
    assert (loop.director.current, loop.director.mode, loop.language) == \
        ("overview", ATTRACT, "en")
    frames(1)
    shown = pygame.surfarray.array3d(loop.canvas.surface)
    assert (closed != shown).any(axis=2).mean() > 0.3  # the show, not the closed screen
    night = (closed == (20, 33, 61)).all(axis=2).mean()  # palette.NIGHT
    ink = (closed > 200).all(axis=2).mean()  # palette.INK: its words
    assert night > 0.8 and ink > 0.005  # calm: the night screen with its text

    loop, *_ = run_loop(show, s, "2026-12-22 12:00:00")  # a restart in the middle
    assert not loop.closed  # of the day shows the show from the first frame

    black = replace(s, closed_screen="black")
    loop, *_ = run_loop(show, black, "2026-12-22 19:00:00")
    loop.frame(1 / 60, 1 / 60)
    assert loop.closed_black and not pygame.surfarray.array3d(loop.canvas.surface).any()


def test_the_real_app_crosses_an_opening_and_rests_when_closed(tmp_path, pygame_ready):
    """main.py started 2 s before opening: closed, then open, the show in the last frame;
    started on the evening before a closed holiday: the calm closed screen, and it stays."""
    config = tmp_path / "exhibit.yaml"
    config.write_text(BASE + WEEK)
    runs = {}
    for name, start, frames in (("opening", "2026-12-22T09:59:58", 40),
                                ("evening", "2026-12-23T19:30", 3)):
        shot = tmp_path / f"{name}.png"
        done = subprocess.run(main_cmd("--config", str(config), "--windowed", "--size",
                                       "1280x720", "--port", "sim", "--simulate-time", start,
                                       "--time-speed", "1", "--frames", str(frames),
                                       "--screenshot", str(shot)),
                              env=app_env(), capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        picture = pygame.surfarray.array3d(pygame.image.load(str(shot)))
        runs[name] = (done.stderr, (picture == (20, 33, 61)).all(axis=2).mean())
    log, night = runs["opening"]
    assert "wall clock simulated from Tue 2026-12-22 09:59:58, ×1" in log
    closed_at = log.index("closed (opening hours) until Tue 2026-12-22 10:00")
    assert log.index("open (opening hours) until Tue 2026-12-22 19:00") > closed_at
    assert night < 0.5  # the show: a city, cards, a panel
    log, night = runs["evening"]
    assert "closed (opening hours) until Fri 2026-12-25 10:00" in log  # the 24th is closed
    assert "open (opening hours)" not in log and night > 0.8  # the calm closed screen
