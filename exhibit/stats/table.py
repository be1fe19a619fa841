"""`main.py --stats`: the counts as a plain-text table for a terminal or an e-mail:
today, the last seven days per day, the most touched sensors and the scene views."""

from __future__ import annotations

from datetime import date, timedelta

from exhibit.numbers import format_number
from exhibit.stats.counter import TOUCH, VIEW
from exhibit.stats.read import StatsData
from exhibit.stats.words import TEXTS, day_label, long_date

TOP = 12  # sensors listed (the model has twelve)


def _n(value: int, lang: str) -> str:
    return format_number(value, 0, lang, grouped=True)


def _columns(rows: list[tuple[str, ...]], indent: str = "  ") -> list[str]:
    """Left-aligned first column, right-aligned numbers."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [indent + "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                               for i, cell in enumerate(row)).rstrip() for row in rows]


def stats_table(data: StatsData, today: date, lang: str, sensor_names: dict[str, str],
                scene_titles: dict[str, str]) -> str:
    t = TEXTS[lang]
    first, last = data.period()
    lines = [f"{t['title']} – {data.folder}",
             f"{t['period']}: {long_date(first, lang)} – {long_date(last, lang)}, "
             f"{len(data.files)} {t['files'][len(data.files) != 1]}"]
    if data.bad_lines:
        lines.append(f"{_n(data.bad_lines, lang)} {t['bad']}:")
        lines += [f"  {p}" for p in data.problems]
    touches_today = data.per_day(TOUCH, today, today)[today]
    views_today = data.per_day(VIEW, today, today)[today]
    lines += ["", f"{t['today']}, {long_date(today, lang)}: {_n(touches_today, lang)} "
                  f"{t['touches']}, {_n(views_today, lang)} {t['views']}", "", t["week"]]
    week_start = today - timedelta(days=6)
    touches = data.per_day(TOUCH, week_start, today)
    views = data.per_day(VIEW, week_start, today)
    rows = [(t["day"], t["touches"], t["views"])]
    rows += [(day_label(day, lang), _n(touches[day], lang), _n(views[day], lang))
             for day in touches]
    rows.append(("Σ", _n(sum(touches.values()), lang), _n(sum(views.values()), lang)))
    lines += _columns(rows)
    sensors = data.per_name(TOUCH)[:TOP]
    lines += ["", f"{t['top_sensors']} ({long_date(first, lang)} – {long_date(last, lang)})"]
    if sensors:
        rows = [(f"{i}. {sensor_names.get(sid, sid)} ({sid})", _n(count, lang))
                for i, (sid, count) in enumerate(sensors, 1)]
        lines += _columns(rows)
    else:
        lines.append(f"  0 {t['touches']}")
    scenes = data.per_name(VIEW)
    lines += ["", t["scene_views"]]
    if scenes:
        lines += _columns([(scene_titles.get(name, name), _n(count, lang))
                           for name, count in scenes])
    else:
        lines.append("  0")
    return "\n".join(lines)
