"""The funders' report in a real browser: headless Chromium (Debian's, installed by
`.ci/run` through scripts/ci-packages.sh) opens the page `main.py --stats-report` made from
a scripted week of visits; every chart is there with its bars and cells, nothing is
fetched, the console stays clean, and it prints on A4. A page with a console error and a
missing picture must fail the same check (the check can fail)."""

from __future__ import annotations

import re
import subprocess
from datetime import date

from exhibit.devtools.visitday import write_visits
from exhibit.stats.read import load_stats
from exhibit.stats.report import heat_hours
from tests.conftest import ROOT, app_env, main_cmd, need
from tests.webdriver import Chromium

CHARTS = """
const out = {title: document.title, lang: document.documentElement.lang, charts: {},
             tables: document.querySelectorAll('details table').length};
for (const svg of document.querySelectorAll('svg[data-chart]')) {
  const box = svg.getBoundingClientRect();
  const marks = [...svg.querySelectorAll('rect.bar, rect.cell')];
  out.charts[svg.dataset.chart] = {
    width: box.width, height: box.height, title: svg.querySelector('title').textContent,
    bars: svg.querySelectorAll('rect.bar').length,
    cells: svg.querySelectorAll('rect.cell').length,
    drawn: marks.filter(m => m.getBoundingClientRect().width > 0).length};
}
return out;
"""


def test_the_report_renders_in_chromium_with_every_chart_and_a_clean_console(tmp_path):
    driver = need("chromedriver", "chromium-driver")
    browser = need("chromium", "chromium")
    visits = tmp_path / "visits"
    write_visits(visits, days=7, end=date(2026, 12, 6), seed=11)
    data = load_stats(visits)
    page = tmp_path / "report.html"
    done = subprocess.run(main_cmd("--stats", str(visits), "--stats-report", str(page),
                                   "--lang", "en"),
                          cwd=ROOT, env=app_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><title>bad</title><script>console.error('boom')</script>"
                   "<img src='missing.png' alt=''>")

    chrome = Chromium(driver, browser, tmp_path / "profile")
    try:
        chrome.open(page.as_uri())
        seen = chrome.script(CHARTS)
        problems = chrome.page_problems()
        pdf = chrome.print_pdf()
        chrome.open(bad.as_uri())
        control = chrome.page_problems()
    finally:
        chrome.close()

    assert seen["title"].startswith("Sensorik zum Anfassen – Visitor statistics")
    assert seen["lang"] == "en" and seen["tables"] == 4
    charts = seen["charts"]
    expected = {"per-day": ("bars", len(data.per_day("touch"))),
                "per-sensor": ("bars", len(data.per_name("touch"))),
                "week-hours": ("cells", 7 * len(heat_hours(data))),
                "scene-views": ("bars", len(data.per_name("view")))}
    assert set(charts) == set(expected)
    for name, (mark, count) in expected.items():
        chart = charts[name]
        assert chart["width"] > 300 and chart["height"] > 100, (name, chart)
        assert chart[mark] == count and count > 0, (name, chart, count)
        assert chart["title"], name
    assert charts["per-sensor"]["drawn"] == len(data.per_name("touch"))
    assert problems == []
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
    assert any("boom" in p for p in control), control  # the same check sees a console error
    assert any("missing.png" in p for p in control), control  # … and a failed load
