"""What the staff overlays say, in German and English (they follow the key L).

Staff texts only: visitors never see these. One table, so a missing translation is a
KeyError in the tests, not an empty line on the kiosk.
"""

from __future__ import annotations

from exhibit.validate import staff_language

TEXT: dict[str, dict[str, str]] = {
    # F1 help
    "help_title": {"de": "Tasten für das Personal", "en": "Staff keys"},
    "help": {"de": "diese Hilfe ein/aus", "en": "this help on/off"},
    "diagnostics": {"de": "Diagnose ein/aus", "en": "diagnostics on/off"},
    "next": {"de": "nächste Szene", "en": "next scene"},
    "previous": {"de": "vorige Szene", "en": "previous scene"},
    "jump": {"de": "Szene 1–10 der Liste zeigen", "en": "show scene 1–10 of the list"},
    "jump_more": {"de": "Szene 11–20 zeigen", "en": "show scene 11–20"},
    "touch": {"de": "Sensor 1–10 berühren (nur Simulation)",
              "en": "touch sensor 1–10 (simulation only)"},
    "touch_more": {"de": "Sensor 11–20 berühren (nur Simulation)",
                   "en": "touch sensor 11–20 (simulation only)"},
    "language": {"de": "Sprache: Deutsch / Englisch / Leichte Sprache",
                 "en": "language: German / English / easy-read German"},
    "calibration": {"de": "Kalibrieren", "en": "calibration"},
    "reload": {"de": "Konfiguration, Kalibrierung, Texte neu laden",
               "en": "reload configuration, calibration, texts"},
    "simulator": {"de": "Simulation ein/aus (statt Sensormodell)",
                  "en": "simulation on/off (instead of the sensor model)"},
    "close": {"de": "Overlay schließen", "en": "close the overlay"},
    "quit": {"de": "{keys} {seconds} s halten: beenden",
             "en": "hold {keys} for {seconds} s: quit"},
    "scenes": {"de": "Szenen (Strg+Nummer)", "en": "Scenes (Ctrl+number)"},
    "now": {"de": "(jetzt)", "en": "(now)"},
    # D diagnostics
    "diag_title": {"de": "Diagnose", "en": "Diagnostics"},
    "staff_only": {"de": "nur für das Personal", "en": "staff only"},
    "source": {"de": "Quelle", "en": "Source"},
    "rates": {"de": "Pro Sekunde", "en": "Per second"},
    "rejects": {"de": "Verworfen", "en": "Rejected"},
    "drops": {"de": "Verloren", "en": "Dropped"},
    "protocol": {"de": "Protokoll", "en": "Protocol"},
    "state_connected": {"de": "verbunden", "en": "connected"},
    "state_connecting": {"de": "verbindet", "en": "connecting"},
    "state_searching": {"de": "sucht das Sensormodell", "en": "searching for the board"},
    "state_stale": {"de": "verbunden, aber still", "en": "connected but silent"},
    "state_disconnected": {"de": "getrennt", "en": "disconnected"},
    "reconnects": {"de": "Neu verbunden", "en": "Reconnects"},
    "raw": {"de": "Letzte Zeilen vom Sensormodell", "en": "Last lines from the board"},
    "frames": {"de": "Bilder", "en": "Frames"},
    "memory": {"de": "Speicher", "en": "Memory"},
    "uptime": {"de": "Läuft seit", "en": "Up for"},
    "scene": {"de": "Szene", "en": "Scene"},
    "recording": {"de": "Aufzeichnung", "en": "Recording"},
    "platform": {"de": "Datenplattform", "en": "Data platform"},
    "log": {"de": "Log-Datei", "en": "Log file"},
    "failed": {"de": "Ausgefallen", "en": "Failed"},
    "visitor_stats": {"de": "Besucherstatistik", "en": "Visitor statistics"},
    "schedule": {"de": "Öffnungszeiten", "en": "Opening hours"},
    "last_reload": {"de": "Zuletzt neu geladen", "en": "Last reload"},
    "none": {"de": "keine", "en": "none"},
    "off": {"de": "aus", "en": "off"},
    "forced": {"de": "Simulation per Taste S", "en": "simulation by key S"},
    "stderr_only": {"de": "nur stderr", "en": "stderr only"},
    "bytes": {"de": "Bytes", "en": "bytes"},
    "lines": {"de": "Zeilen", "en": "lines"},
    "readings": {"de": "Messwerte", "en": "readings"},
    # why the scene is on (exhibit.director reason codes)
    "why_start": {"de": "Start", "en": "start"},
    "why_scene_option": {"de": "--scene beim Start", "en": "--scene at start"},
    "why_attract_loop": {"de": "Schleife", "en": "attract loop"},
    "why_touch": {"de": "Berührung an {detail}", "en": "touch on {detail}"},
    "why_idle_return": {"de": "Schleife, niemand berührt", "en": "loop again, idle"},
    "why_staff_key": {"de": "Personaltaste", "en": "staff key"},
    "why_failed": {"de": "{detail} fiel aus", "en": "{detail} failed"},
    # toasts
    "sim_on": {"de": "Simulation an: das Sensormodell bleibt verbunden, seine Werte ruhen",
               "en": "Simulation on: the board stays connected, its values are not used"},
    "sim_off": {"de": "Simulation aus: Live-Daten vom Sensormodell",
                "en": "Simulation off: live data from the board"},
    "sim_already": {"de": "Nichts umzuschalten: die Show läuft mit --port sim",
                    "en": "Nothing to switch: the show runs with --port sim"},
    "sim_replay": {"de": "Nichts umzuschalten: eine Aufzeichnung läuft (--replay)",
                   "en": "Nothing to switch: a recording plays (--replay)"},
    "always_open": {"de": "immer geöffnet (kein schedule:)",
                    "en": "always open (no schedule:)"},
    "closed": {"de": "Geschlossen (Öffnungszeiten): die Szenen kommen bei der Öffnung wieder",
               "en": "Closed (opening hours): the scenes come back at opening"},
    "no_scene": {"de": "Keine Szene {n} in der Liste", "en": "No scene {n} in the list"},
    "no_sensor": {"de": "Kein Sensor {n}", "en": "No sensor {n}"},
}
KEY_NAMES = {"de": {"Ctrl": "Strg", "PgDn": "Bild ab", "PgUp": "Bild auf"}, "en": {}}


def tr(key: str, lang: str, **values: object) -> str:
    text = TEXT[key][staff_language(lang)]  # German for staff while visitors read ls
    return text.format(**values) if values else text


def cap(text: str, lang: str) -> str:
    """A key cap in the language's keyboard names (Strg, Bild ab on German keyboards)."""
    for english, local in KEY_NAMES[staff_language(lang)].items():
        text = text.replace(english, local)
    return text
