"""`main.py --stats-report FILE.html`: one self-contained page for the people who fund the
exhibit — inline CSS and SVG, no script, no network, no fonts or pictures to fetch, so it
opens offline, survives being e-mailed and prints on A4.

Charts: touches per day (bars), per sensor (horizontal bars), the busiest hours of the
week (weekday × hour heat map) and scene views. Each SVG has a <title> and <desc>, and a
data table under it (in <details>) for screen readers and for copying figures.
The colours are the exhibit's (`exhibit.render.palette`), on a light page for printing.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from exhibit.numbers import format_number
from exhibit.render import palette
from exhibit.stats.counter import TOUCH, VIEW
from exhibit.stats.read import StatsData
from exhibit.stats.words import TEXTS, WEEKDAYS, day_label, long_date

WIDTH = 760  # SVG user units; the page scales them to its width


def _hex(color: palette.Color) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color)


PAGE, CARD, INK = _hex(palette.INK), "#ffffff", _hex(palette.NIGHT)
SOFT = _hex(palette.PANEL_LINE)
TOUCH_BAR, VIEW_BAR = _hex(palette.TONES["ok"]), _hex(palette.SKY_DUSK)
ACCENT = _hex(palette.TONES["highlight"])
GRID = _hex(palette.mix(palette.INK, palette.NIGHT, 0.15))

CSS = f"""
*{{box-sizing:border-box}}
body{{margin:0;background:{PAGE};color:{INK};font:16px/1.45 "Noto Sans",system-ui,
  "Segoe UI",Roboto,Arial,sans-serif}}
header{{background:{INK};color:{PAGE};padding:28px 40px 22px;
  border-bottom:6px solid {ACCENT}}}
header h1{{margin:0;font-size:30px}} header p{{margin:4px 0 0;font-size:19px}}
main{{max-width:900px;margin:0 auto;padding:24px 24px 8px}}
.kpis{{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-bottom:18px}}
.kpi{{background:{CARD};border-radius:10px;padding:12px 16px}}
.kpi b{{display:block;font-size:26px;line-height:1.2;white-space:nowrap}}
.kpi span{{color:{SOFT};font-size:14px}}
section.chart{{background:{CARD};border-radius:10px;padding:16px 20px;margin-bottom:18px;
  break-inside:avoid;page-break-inside:avoid}}
h2{{font-size:19px;margin:0 0 8px}}
svg{{display:block;width:100%;height:auto}} svg text{{fill:{INK};font-size:13px;
  font-family:inherit}} svg .soft{{fill:{SOFT}}} svg .on-dark{{fill:{PAGE}}}
  svg .ink{{fill:{INK}}}
details{{margin-top:8px;color:{SOFT};font-size:14px}} summary{{cursor:pointer}}
table{{border-collapse:collapse;margin-top:6px;color:{INK}}}
th,td{{padding:2px 10px;text-align:right;border-bottom:1px solid {GRID}}}
th:first-child,td:first-child{{text-align:left}}
footer{{max-width:900px;margin:0 auto;padding:4px 24px 28px;color:{SOFT};font-size:14px}}
@page{{size:A4;margin:12mm}}
@media print{{body{{background:#fff;font-size:12pt}} header{{padding:14px 20px}}
  main{{padding:12px 0 0;max-width:none}} section.chart,.kpi{{border:1px solid {GRID}}}
  *{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}}}
@media (max-width:640px){{.kpis{{grid-template-columns:repeat(2,1fr)}}}}
"""


def _n(value: float, lang: str) -> str:
    return format_number(value, 0, lang, grouped=True)


def _svg(chart: str, height: float, title: str, desc: str, body: list[str]) -> str:
    return (f'<svg data-chart="{chart}" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
            f'aria-labelledby="{chart}-t {chart}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{chart}-t">{escape(title)}</title><desc id="{chart}-d">'
            f'{escape(desc)}</desc>{"".join(body)}</svg>')


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]], summary: str) -> str:
    cells = "".join(f"<th scope=col>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return (f"<details><summary>{escape(summary)}</summary><table><thead><tr>{cells}</tr>"
            f"</thead><tbody>{body}</tbody></table></details>")


def _step(top: int) -> int:
    """A round grid step giving 3–6 lines up to `top`."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000):
        if top / step <= 5:
            return step
    return max(1, top // 5)


def day_bars(days: dict[date, int], lang: str, title: str) -> str:
    """Vertical bars, one per day; the axis labels thin out for long periods."""
    left, bottom, top, height = 56, 46, 14, 260
    plot_h = height - bottom - top
    peak = max(days.values(), default=0) or 1
    step = _step(peak)
    scale_top = -(-peak // step) * step
    slot = (WIDTH - left - 8) / max(len(days), 1)
    every = max(1, round(len(days) / 14))
    body = []
    for value in range(0, scale_top + 1, step):
        y = top + plot_h * (1 - value / scale_top)
        body.append(f'<line x1="{left}" x2="{WIDTH - 4}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="{GRID}"/><text x="{left - 8}" y="{y + 4:.1f}" '
                    f'text-anchor="end" class="soft">{_n(value, lang)}</text>')
    for i, (day, count) in enumerate(days.items()):
        h = plot_h * count / scale_top
        x = left + i * slot + slot * 0.15
        label = day_label(day, lang)
        body.append(f'<rect class="bar" x="{x:.1f}" y="{top + plot_h - h:.1f}" '
                    f'width="{slot * 0.7:.1f}" height="{h:.1f}" rx="3" fill="{TOUCH_BAR}">'
                    f'<title>{escape(label)}: {_n(count, lang)}</title></rect>')
        if i % every == 0:
            for j, part in enumerate(label.split(" ")):
                body.append(f'<text x="{x + slot * 0.35:.1f}" y="{height - bottom + 18 + j * 15}"'
                            f' text-anchor="middle">{escape(part)}</text>')
    desc = ", ".join(f"{day_label(d, lang)}: {_n(c, lang)}" for d, c in days.items())
    return _svg("per-day", height, title, desc, body)


def name_bars(chart: str, items: list[tuple[str, int]], lang: str, title: str,
              color: str) -> str:
    """Horizontal bars with the name on the left and the count at the bar's end."""
    label_w, row, pad = 230, 30, 6
    height = max(len(items), 1) * row + pad * 2
    peak = max((c for _, c in items), default=0) or 1
    room = WIDTH - label_w - 70
    body = []
    for i, (name, count) in enumerate(items):
        y = pad + i * row
        w = max(room * count / peak, 2 if count else 0)
        body.append(f'<text x="{label_w - 10}" y="{y + row / 2 + 5:.1f}" text-anchor="end">'
                    f'{escape(name)}</text><rect class="bar" x="{label_w}" y="{y + 4}" '
                    f'width="{w:.1f}" height="{row - 8}" rx="3" fill="{color}"><title>'
                    f'{escape(name)}: {_n(count, lang)}</title></rect><text '
                    f'x="{label_w + w + 8:.1f}" y="{y + row / 2 + 5:.1f}">{_n(count, lang)}'
                    f'</text>')
    desc = ", ".join(f"{name}: {_n(count, lang)}" for name, count in items)
    return _svg(chart, height, title, desc, body)


def heat_hours(data: StatsData) -> range:
    """The hours the heat map shows: from the first to the last hour with a touch."""
    hours = [hour.hour for hour, kind, _ in data.counts if kind == TOUCH] or \
        [hour.hour for hour, _, _ in data.counts]
    return range(min(hours), max(hours) + 1)


def _heat(share: float) -> palette.Color:
    """Paper for none, through the dusk blue to the night blue for the busiest hour."""
    if share <= 0:
        return palette.mix(palette.INK, palette.NIGHT, 0.05)
    if share < 0.5:
        return palette.mix(palette.mix(palette.INK, palette.SKY_DAY, 0.35), palette.SKY_DUSK,
                           share * 2)
    return palette.mix(palette.SKY_DUSK, palette.NIGHT, share * 2 - 1)


def _luminance(color: palette.Color) -> float:
    """WCAG relative luminance, to choose dark or light text on a cell."""
    def channel(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def heat_map(cells: dict[tuple[int, int], int], hours: range, lang: str, title: str) -> str:
    """Weekday rows × hour columns, darker = more touches, the count written in the cell."""
    left, top, gap = 48, 26, 3
    cell_w = (WIDTH - left) / len(hours)
    cell_h = 34
    height = top + 7 * cell_h + 4
    peak = max(cells.values(), default=0) or 1
    body = []
    for j, hour in enumerate(hours):
        body.append(f'<text x="{left + (j + 0.5) * cell_w:.1f}" y="17" text-anchor="middle" '
                    f'class="soft">{hour}</text>')
    for day in range(7):
        y = top + day * cell_h
        body.append(f'<text x="{left - 8}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="end">'
                    f'{WEEKDAYS[lang][day]}</text>')
        for j, hour in enumerate(hours):
            count = cells.get((day, hour), 0)
            share = count / peak
            fill = _heat(share)
            x = left + j * cell_w
            body.append(f'<rect class="cell" x="{x + gap / 2:.1f}" y="{y + gap / 2:.1f}" '
                        f'width="{cell_w - gap:.1f}" height="{cell_h - gap:.1f}" rx="3" '
                        f'fill="{_hex(fill)}"><title>{WEEKDAYS[lang][day]} {hour}:00–'
                        f'{hour + 1}:00: {_n(count, lang)}</title></rect>')
            if count and cell_w >= 34:
                css = "on-dark" if _luminance(fill) < 0.2 else "ink"
                body.append(f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h / 2 + 4:.1f}" '
                            f'text-anchor="middle" class="{css}">{_n(count, lang)}</text>')
    busiest = sorted(cells.items(), key=lambda item: -item[1])[:3]
    desc = "; ".join(f"{WEEKDAYS[lang][d]} {h}:00: {_n(c, lang)}" for (d, h), c in busiest)
    return _svg("week-hours", height, title, desc, body)


def report_html(data: StatsData, lang: str, exhibit: str, sensor_names: dict[str, str],
                scene_titles: dict[str, str], made: datetime) -> str:
    """The whole page as one string (`data` must not be empty)."""
    t = TEXTS[lang]
    first, last = data.period()
    period = f"{long_date(first, lang)} – {long_date(last, lang)}"
    days = data.per_day(TOUCH)
    sensors = [(sensor_names.get(sid, sid), n) for sid, n in data.per_name(TOUCH)]
    scenes = [(scene_titles.get(name, name), n) for name, n in data.per_name(VIEW)]
    cells = data.week_hours(TOUCH)
    hours = heat_hours(data)
    busiest = max(cells.items(), key=lambda item: item[1], default=None)
    busiest_text = "–" if busiest is None else \
        f"{WEEKDAYS[lang][busiest[0][0]]} {busiest[0][1]}–{busiest[0][1] + 1} " \
        f"{'Uhr' if lang == 'de' else 'h'}"
    kpis = [(t["total_touches"], _n(data.total(TOUCH), lang)),
            (t["total_views"], _n(data.total(VIEW), lang)),
            (t["days"], _n(len({hour.date() for hour, _, _ in data.counts}), lang)),
            (t["busiest_hour"], busiest_text)]
    week_rows = [(WEEKDAYS[lang][d], *(_n(cells.get((d, h), 0), lang) for h in hours))
                 for d in range(7)]
    sections = [
        (t["per_day"], day_bars(days, lang, t["per_day"]),
         _table((t["day"], t["touches"]),
                [(day_label(d, lang), _n(c, lang)) for d, c in days.items()], t["data"])),
        (t["per_sensor"], name_bars("per-sensor", sensors, lang, t["per_sensor"], TOUCH_BAR),
         _table((t["sensor"], t["touches"]), [(s, _n(c, lang)) for s, c in sensors],
                t["data"])),
        (t["busiest"], heat_map(cells, hours, lang, t["busiest"]),
         _table((t["weekday"], *(str(h) for h in hours)), week_rows, t["data"])),
        (t["scene_views"], name_bars("scene-views", scenes, lang, t["scene_views"],
                                     VIEW_BAR),
         _table((t["scene"], t["views"]), [(s, _n(c, lang)) for s, c in scenes], t["data"])),
    ]
    kpi_html = "".join(f'<div class="kpi"><b>{escape(v)}</b><span>{escape(k)}</span></div>'
                       for k, v in kpis)
    section_html = "".join(f'<section class="chart"><h2>{escape(h)}</h2>{svg}{table}'
                           f'</section>' for h, svg, table in sections)
    made_text = long_date(made.date(), lang)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<title>{escape(exhibit)} – {escape(t["title"])} {escape(period)}</title>'
            f'<style>{CSS}</style></head><body><header><h1>{escape(exhibit)}</h1>'
            f'<p>{escape(t["title"])} · {escape(period)}</p></header><main>'
            f'<div class="kpis">{kpi_html}</div>{section_html}</main><footer>'
            f'<p>{escape(t["about"])}</p><p>{escape(t["made"])} {made_text}.</p></footer>'
            f'</body></html>\n')
