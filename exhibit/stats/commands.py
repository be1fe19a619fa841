"""The two staff commands over the stats files: `--stats [DIR]` prints a table,
`--stats-report FILE.html` writes the page for funders. Both read only `exhibit.yaml`
(for the sensors' names) and the CSV files; no scene is imported, no window opened."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from exhibit.cli import EXIT_OK, Options
from exhibit.config import ExhibitConfig
from exhibit.stats.read import StatsData, load_stats
from exhibit.stats.report import report_html
from exhibit.stats.table import stats_table
from exhibit.stats.words import TEXTS, exhibit_title, scene_titles, sensor_names
from exhibit.validate import staff_language

EXIT_NO_DATA = 1  # --stats-report with nothing to report: no page written


def run_stats_command(options: Options, config: ExhibitConfig, folder: Path,
                      now: datetime) -> int:
    """`--stats` or `--stats-report`, reading the stats files in `folder`."""
    lang = staff_language(options.lang or config.language)  # reports: German for ls
    data = load_stats(folder)
    if data.empty:
        print(_nothing(data, lang), file=sys.stderr if options.stats_report else sys.stdout)
        return EXIT_NO_DATA if options.stats_report else EXIT_OK
    names = sensor_names(config, lang)
    titles = scene_titles({name for _, kind, name in data.counts if kind == "view"}, lang)
    if options.stats_report is None:
        try:
            print(stats_table(data, now.date(), lang, names, titles), flush=True)
        except BrokenPipeError:  # `--stats | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    page = report_html(data, lang, exhibit_title(lang), names, titles, now)
    try:
        write_atomically(options.stats_report, page)
    except OSError as exc:
        print(f"main.py: --stats-report {options.stats_report}: cannot write it "
              f"({exc.strerror or exc}); choose a writable folder with space", file=sys.stderr)
        return 2
    print(TEXTS[lang]["report_written"].format(path=options.stats_report))
    for problem in data.problems:
        print(f"  {problem}")
    return EXIT_OK


def _nothing(data: StatsData, lang: str) -> str:
    why = data.problems[0] if data.problems else TEXTS[lang]["why"]
    return TEXTS[lang]["none"].format(folder=data.folder, why=why)


def write_atomically(path: Path, text: str) -> None:
    """A half-written page never replaces a good one (full disk): temp file, then rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
