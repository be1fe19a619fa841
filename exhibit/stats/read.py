"""Reading the stats files back: every ``stats-*.csv`` of a folder, summed per hour.

The files are untrusted (copied around, edited, cut off by a crash): a file over
`MAX_FILE_BYTES` is skipped, a line that is not ``hour,kind,name,count`` is counted and
the first few are named (file:line), and nothing raises. Rows for the same hour, kind and
name are summed: the writer appends a row per minute and flush.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from exhibit.stats.counter import KINDS, TOUCH, VIEW
from exhibit.stats.store import HEADER

MAX_FILE_BYTES = 4 * 1024 * 1024  # a busy day is ~0.2 MB (24 h × 60 flushes × 23 names)
MAX_COUNT = 1_000_000             # per row: more in one minute is no visitor
PROBLEMS_SHOWN = 5
FILE_NAME = re.compile(r"stats-\d{4}-\d{2}-\d{2}\.csv")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


@dataclass
class StatsData:
    """All counts of a folder: (hour, kind, name) -> count, and what was wrong on the way."""

    folder: Path
    counts: Counter = field(default_factory=Counter)
    files: list[Path] = field(default_factory=list)
    bad_lines: int = 0
    problems: list[str] = field(default_factory=list)  # the first few, "file:line: why"

    def problem(self, text: str) -> None:
        if len(self.problems) < PROBLEMS_SHOWN:
            self.problems.append(text)

    @property
    def empty(self) -> bool:
        return not self.counts

    def total(self, kind: str) -> int:
        return sum(n for (_, k, _), n in self.counts.items() if k == kind)

    def period(self) -> tuple[date, date] | None:
        days = [hour.date() for hour, _, _ in self.counts]
        return (min(days), max(days)) if days else None

    def per_day(self, kind: str = TOUCH, first: date | None = None,
                last: date | None = None) -> dict[date, int]:
        """Every day from `first` to `last` (default: the period), zero included."""
        period = self.period()
        if period is None and (first is None or last is None):
            return {}
        first = first or period[0]
        last = last or period[1]
        days = {first + timedelta(d): 0 for d in range((last - first).days + 1)}
        for (hour, k, _), n in self.counts.items():
            if k == kind and hour.date() in days:
                days[hour.date()] += n
        return days

    def per_name(self, kind: str, first: date | None = None,
                 last: date | None = None) -> list[tuple[str, int]]:
        """Sensors (touch) or scenes (view), most first, within the days given."""
        sums: Counter = Counter()
        for (hour, k, name), n in self.counts.items():
            if k == kind and (first is None or hour.date() >= first) \
                    and (last is None or hour.date() <= last):
                sums[name] += n
        return sorted(sums.items(), key=lambda item: (-item[1], item[0]))

    def week_hours(self, kind: str = TOUCH) -> dict[tuple[int, int], int]:
        """(weekday 0=Monday, hour 0–23) -> count, summed over all weeks."""
        cells: Counter = Counter()
        for (hour, k, _), n in self.counts.items():
            if k == kind:
                cells[(hour.weekday(), hour.hour)] += n
        return dict(cells)


def load_stats(folder: str | Path) -> StatsData:
    """Every stats-YYYY-MM-DD.csv in `folder`; never raises (problems are in the result)."""
    data = StatsData(Path(folder))
    try:
        names = sorted(p for p in data.folder.iterdir() if FILE_NAME.fullmatch(p.name))
    except OSError as exc:
        data.problem(f"cannot read the folder ({exc.strerror or exc})")
        return data
    hours: dict[str, datetime | str] = {}  # the same hour is in ~60 rows: parse it once
    for path in names:
        _load_file(path, data, hours)
    return data


def _load_file(path: Path, data: StatsData, hours: dict[str, datetime | str]) -> None:
    try:
        if not path.is_file():
            return
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            data.problem(f"{path}: skipped, {size:,} bytes is more than a stats file holds "
                         f"({MAX_FILE_BYTES:,} at most)")
            return
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        data.problem(f"{path}: cannot read it ({exc.strerror or exc})")
        return
    data.files.append(path)
    text = raw.decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line == HEADER:
            continue
        why = _add_row(line, data.counts, hours)
        if why:
            data.bad_lines += 1
            data.problem(f"{path.name}:{number}: {why}")


def _hour(when: str) -> datetime | str:
    """The hour a row's first field names, or why it names none."""
    try:
        hour = datetime.strptime(when, "%Y-%m-%dT%H:%M")
    except ValueError:
        return f"the hour {when[:40]!r} is not like 2026-12-07T14:00"
    return f"the hour {when!r} is not on the full hour" if hour.minute else hour


def _add_row(line: str, counts: Counter, hours: dict[str, datetime | str]) -> str | None:
    """Add one row; returns why it is not a row, None when it was added."""
    parts = line.split(",")
    if len(parts) != 4:
        return "expected hour,kind,name,count"
    when, kind, name, count = (p.strip() for p in parts)
    hour = hours.get(when)
    if hour is None:
        hour = hours[when] = _hour(when[:64])
    if isinstance(hour, str):
        return hour
    if kind not in KINDS:
        return f"the kind {kind[:40]!r} is neither {TOUCH} nor {VIEW}"
    if not NAME.fullmatch(name):
        return f"the name {name[:40]!r} is no sensor or scene id"
    if not (len(count) <= 7 and count.isascii() and count.isdigit()
            and int(count) <= MAX_COUNT):
        return f"the count {count[:40]!r} is not a whole number from 0 to {MAX_COUNT:,}"
    counts[(hour, kind, name)] += int(count)
    return None
