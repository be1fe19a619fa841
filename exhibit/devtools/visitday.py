"""`python -m exhibit.devtools.visitday DIR [--days 7] [--end 2026-12-06] [--seed N]`:
a scripted week of plausible visits written as stats files, for the report and its tests.

The visits go through the real pieces on a simulated wall clock: the `Director` of the
show (playlist, `seconds`, `idle_return` and each scene's sensor from `exhibit.yaml` and
the scene texts) decides what is on screen second by second, the real `VisitorCounter`
counts the touches of a live board and the scenes that come on, and `CsvStatsStore`
writes ``stats-YYYY-MM-DD.csv`` into DIR as in the running show (flushed each simulated
minute). The script: the show runs 9:45–18:15 on the days it is open (Tuesday to Sunday,
closed on Mondays); visitors come 10–18, most in the afternoon, twice as many on Saturday,
a school class at 11 on Tuesday; each visitor touches a few sensors, some more often
than others (the flood gauge, the trees and the bike counter are the favourites).

Render the report and look at it (the closing note's picture):
    python -m exhibit.devtools.visitday /tmp/visits --seed 7
    ./run --stats /tmp/visits --stats-report /tmp/visits/report.html
    chromium --headless --screenshot=docs/stats-report.png --window-size=1000,2200 \\
        file:///tmp/visits/report.html
"""

from __future__ import annotations

import argparse
import math
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from exhibit.config import ExhibitConfig, load_config
from exhibit.director import Director
from exhibit.scene import SCENE_DIR, load_scene_text
from exhibit.stats.counter import VisitorCounter
from exhibit.stats.store import CsvStatsStore
from exhibit.status import LIVE, SourceStatus
from exhibit.world import World

ROOT = Path(__file__).resolve().parents[2]
SHOW_HOURS = (time(9, 45), time(18, 15))  # the kiosk is on a little before and after
OPEN_FROM, OPEN_TO = 10, 18
CLOSED_WEEKDAYS = {0}  # Monday
DAY_FACTOR = {1: 1.0, 2: 0.9, 3: 1.0, 4: 1.2, 5: 2.1, 6: 1.5}  # Tue … Sun
HOUR_SHAPE = {10: 0.5, 11: 0.8, 12: 0.9, 13: 0.7, 14: 1.0, 15: 1.2, 16: 1.1, 17: 0.7}
VISITORS_PER_HOUR = 9.0
SCHOOL_CLASS = (1, 11, 24)  # Tuesday, 11:00, 24 pupils
FAVOURITES = {"water": 5.0, "soil": 4.5, "bikes": 4.0, "light": 3.5, "bin": 3.0,
              "co2": 2.6, "noise": 2.5, "parking": 2.2, "road": 1.8, "temp": 1.4,
              "motion": 1.2, "humidity": 0.8}
STEP = 1.0  # simulated seconds per director step


def scene_for_sensor(config: ExhibitConfig) -> dict[str, str]:
    """Each playlist scene's own (first) sensor -> the scene, as the show maps touches."""
    mapping: dict[str, str] = {}
    for name in config.playlist.scenes:
        sensors = load_scene_text(name, SCENE_DIR / f"{name}.yaml").sensors
        if sensors:
            mapping.setdefault(sensors[0], name)
    return mapping


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: fine for the small means of visitors per hour."""
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def day_touches(day: date, sensors: list[str], rng: random.Random) -> list[tuple[float, str]]:
    """(seconds after the show starts, sensor) for every touch of one day, in order."""
    if day.weekday() in CLOSED_WEEKDAYS:
        return []
    start = datetime.combine(day, SHOW_HOURS[0])
    weights = [FAVOURITES.get(s, 1.0) for s in sensors]
    touches = []
    for hour in range(OPEN_FROM, OPEN_TO):
        visitors = _poisson(rng, VISITORS_PER_HOUR * DAY_FACTOR[day.weekday()]
                            * HOUR_SHAPE.get(hour, 0.5))
        if (day.weekday(), hour) == SCHOOL_CLASS[:2]:
            visitors += SCHOOL_CLASS[2]
        hour_start = (datetime.combine(day, time(hour)) - start).total_seconds()
        for _ in range(visitors):
            t = hour_start + rng.uniform(0, 3300)
            for sensor in dict.fromkeys(rng.choices(sensors, weights, k=rng.randint(1, 5))):
                for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
                    touches.append((t, sensor))
                    t += rng.uniform(4, 25)
    return sorted(touches)


def simulate_day(day: date, counter: VisitorCounter, director: Director,
                 sensors: list[str], rng: random.Random) -> int:
    """Run one day's show through the director and the counter; returns its touches."""
    touches = day_touches(day, sensors, rng)
    if not touches and day.weekday() in CLOSED_WEEKDAYS:
        return 0
    start = datetime.combine(day, SHOW_HOURS[0])
    seconds = (datetime.combine(day, SHOW_HOURS[1]) - start).total_seconds()
    live = SourceStatus(LIVE, "visitday")
    i, t = 0, 0.0
    while t < seconds:
        now_touching = []
        while i < len(touches) and touches[i][0] <= t:
            now_touching.append(touches[i][1])
            i += 1
        scene = director.update(STEP, now_touching)
        world = World(t, {}, live, touches=tuple(now_touching))
        counter.frame(world, scene, start + timedelta(seconds=t))
        t += STEP
    counter.frame(World(t, {}, live), None, start + timedelta(seconds=t))  # the show ends
    counter.flush()
    return len(touches)


def write_visits(folder: Path, days: int = 7, end: date | None = None, seed: int = 7,
                 config_path: Path = ROOT / "exhibit.yaml") -> int:
    """Write `days` scripted days ending at `end` (default yesterday) into `folder`."""
    config = load_config(config_path)
    rng = random.Random(seed)
    end = end or date.today() - timedelta(days=1)
    mapping = scene_for_sensor(config)
    sensors = [s for s in config.sensors if s in mapping]
    store = CsvStatsStore(folder, batches=0)  # unbounded: a week's minutes come in a second
    counter = VisitorCounter(store)
    total = 0
    for offset in range(days - 1, -1, -1):
        director = Director(config.playlist.scenes, mapping, config.playlist.seconds,
                            config.playlist.idle_return)
        total += simulate_day(end - timedelta(days=offset), counter, director, sensors, rng)
    counter.close()
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exhibit.devtools.visitday",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where the stats-*.csv files go")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--end", type=date.fromisoformat, help="last day (default yesterday)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    total = write_visits(args.folder, args.days, args.end, args.seed)
    print(f"{total} touches on {args.days} days written to {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
