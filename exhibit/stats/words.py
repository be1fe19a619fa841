"""The words of the statistics table and report, in German and English, and the names
staff read for sensor ids (`name:` in exhibit.yaml) and scene names (each scene's title in
``scenes/<name>.yaml``, read as text: no scene module is imported)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from exhibit.config import ExhibitConfig
from exhibit.yamlsource import ConfigError, load_yaml

SCENE_DIR = Path(__file__).resolve().parents[2] / "scenes"

WEEKDAYS = {"de": ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"),
            "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}

TEXTS = {
    "de": {
        "title": "Besucherstatistik", "period": "Zeitraum", "touches": "Berührungen",
        "views": "Szenen gezeigt", "today": "Heute", "week": "Diese Woche (letzte 7 Tage)",
        "day": "Tag", "sensor": "Sensor", "scene": "Szene", "rank": "Platz",
        "top_sensors": "Am häufigsten berührte Sensoren", "scene_views": "Szenen gezeigt",
        "per_day": "Berührungen pro Tag", "per_sensor": "Berührungen pro Sensor",
        "busiest": "Wann am meisten los ist (Berührungen nach Wochentag und Stunde)",
        "hour": "Stunde", "weekday": "Wochentag", "data": "Daten als Tabelle",
        "total_touches": "Berührungen insgesamt", "total_views": "Szenen gezeigt insgesamt",
        "days": "Tage mit Daten", "busiest_hour": "Meistbesuchte Stunde",
        "about": "Anonym gezählt: nur Berührungen pro Sensor und gezeigte Szenen pro "
                 "Stunde – keine Kamera, keine personenbezogenen Daten. Berührungen zählen "
                 "nur mit angeschlossenem Sensormodell, nie in der Simulation.",
        "made": "Erstellt am", "files": ("Datei", "Dateien"),
        "bad": "unlesbare Zeilen übersprungen",
        "none": "Keine Besucherstatistik in {folder}: {why}",
        "why": "dort liegt keine stats-JJJJ-MM-TT.csv mit Daten (gezählt wird, während die "
               "Ausstellung mit dem Sensormodell läuft, außer bei kiosk.stats: false).",
        "report_written": "Bericht geschrieben: {path}",
    },
    "en": {
        "title": "Visitor statistics", "period": "Period", "touches": "touches",
        "views": "scene views", "today": "Today", "week": "This week (last 7 days)",
        "day": "Day", "sensor": "Sensor", "scene": "Scene", "rank": "Rank",
        "top_sensors": "Most touched sensors", "scene_views": "Scene views",
        "per_day": "Touches per day", "per_sensor": "Touches per sensor",
        "busiest": "Busiest hours of the week (touches by weekday and hour)",
        "hour": "Hour", "weekday": "Weekday", "data": "Data as a table",
        "total_touches": "Touches in total", "total_views": "Scene views in total",
        "days": "Days with data", "busiest_hour": "Busiest hour",
        "about": "Counted anonymously: only touches per sensor and scenes shown per hour – "
                 "no camera, no personal data. Touches count only with the sensor model "
                 "connected, never in the simulation.",
        "made": "Made on", "files": ("file", "files"), "bad": "unreadable lines skipped",
        "none": "No visitor statistics in {folder}: {why}",
        "why": "there is no stats-YYYY-MM-DD.csv with data (counting runs while the "
               "exhibit runs with the sensor model, unless kiosk.stats: false).",
        "report_written": "Report written: {path}",
    },
}


def day_label(day: date, lang: str) -> str:
    """`Mo 07.12.` / `Mon 12-07`: short enough for a chart axis."""
    weekday = WEEKDAYS[lang][day.weekday()]
    return f"{weekday} {day:%d.%m.}" if lang == "de" else f"{weekday} {day:%m-%d}"


def long_date(day: date, lang: str) -> str:
    return f"{day:%d.%m.%Y}" if lang == "de" else day.isoformat()


def sensor_names(config: ExhibitConfig | None, lang: str) -> dict[str, str]:
    """Sensor id -> its name in `lang` from exhibit.yaml (ids not in it stay ids)."""
    if config is None:
        return {}
    return {sid: sensor.name.get(lang) or sid for sid, sensor in config.sensors.items()}


def scene_titles(names: Iterable[str], lang: str, scene_dir: Path = SCENE_DIR) -> dict[str, str]:
    """Scene name -> its title in `lang`; a scene whose texts cannot be read keeps its name."""
    titles = {}
    for name in names:
        try:
            doc = load_yaml(scene_dir / f"{name}.yaml")
            title = doc.data.get("title", {}) if isinstance(doc.data, dict) else {}
            text = title.get(lang) if isinstance(title, dict) else None
        except (ConfigError, OSError):
            text = None
        titles[name] = text.strip() if isinstance(text, str) and text.strip() else name
    return titles


def exhibit_title(lang: str, path: Path = SCENE_DIR / "_frame.yaml") -> str:
    """The exhibit's name as the show's calm fallback screen writes it (`_frame.yaml`)."""
    try:
        doc = load_yaml(path)
        title = doc.data.get("fallback_title", {}) if isinstance(doc.data, dict) else {}
        text = title.get(lang) if isinstance(title, dict) else None
    except (ConfigError, OSError):
        text = None
    return text.strip() if isinstance(text, str) and text.strip() else "Sensorik zum Anfassen"
