"""Staff texts of the calibration mode (German and English) and how numbers read.

Not visitor texts: staff see them in the calibration overlay only.
"""

from __future__ import annotations


from exhibit.calibration.mode import (
    ACCEPTED,
    NOTHING_TO_SAVE,
    NOT_ACCEPTED,
    NOT_CALIBRATABLE,
    SAVED,
    SAVE_FAILED,
)
from exhibit.calibration.proposal import (
    BANDS_KEPT,
    HYSTERESIS_WIDE,
    NO_CHANGE,
    NO_READINGS,
    ONE_BAND,
    OVERLAP,
    WITHIN_NOISE,
)
from exhibit.validate import staff_language

ARROWS = "↑↓"  # drawn as triangles: the shipped font has no arrow glyphs
BACKSPACE, SPACE = "cap_backspace", "cap_space"  # key caps named in the language

TEXT: dict[str, dict[str, str]] = {
    "title": {"de": "Kalibrierung", "en": "Calibration"},
    "staff": {"de": "nur für Personal", "en": "staff only"},
    "pending": {"de": "{n} übernommen, noch nicht gespeichert",
                "en": "{n} accepted, not saved yet"},
    # table
    "col_sensor": {"de": "Sensor", "en": "Sensor"},
    "col_raw": {"de": "roh", "en": "raw"},
    "col_value": {"de": "Wert", "en": "value"},
    "col_level": {"de": "Stufe", "en": "level"},
    "col_touched": {"de": "berührt", "en": "touched"},
    "col_baseline": {"de": "Ruhewert", "en": "baseline"},
    "col_deviation": {"de": "Abweichung", "en": "deviation"},
    "col_threshold": {"de": "Schwelle", "en": "threshold"},
    "col_status": {"de": "Status", "en": "status"},
    "yes": {"de": "ja", "en": "yes"},
    "no_data": {"de": "keine Daten", "en": "no data"},
    "status_accepted": {"de": "übernommen", "en": "accepted"},
    "status_saved": {"de": "gespeichert", "en": "saved"},
    "status_counter": {"de": "Zähler", "en": "counter"},
    # steps
    "step_rest": {"de": "1  Ruhe", "en": "1  Rest"},
    "step_touch": {"de": "2  Berühren", "en": "2  Touch"},
    "step_review": {"de": "3  Prüfen", "en": "3  Review"},
    "rest_title": {"de": "Sensor nicht berühren", "en": "Leave the sensor alone"},
    "rest_body": {"de": "Hände weg vom Modell: Jetzt wird der Ruhebereich gemessen.",
                  "en": "Hands off the model: this measures the resting range."},
    "touch_title": {"de": "Jetzt berühren!", "en": "Touch it now!"},
    "touch_body": {"de": "So berühren, wie es Besucher tun, und halten, bis die Aufnahme "
                         "fertig ist.",
                   "en": "Touch it the way visitors do, and hold until the recording is "
                         "done."},
    "simulated_hand": {"de": "Simulation: Der Simulator legt die Hand auf.",
                       "en": "Simulation: the simulator plays the hand."},
    "ready": {"de": "Enter oder Leertaste: Aufnahme starten ({s} s)",
              "en": "Enter or Space: start recording ({s} s)"},
    "settle": {"de": "Gleich geht es los …", "en": "Starting …"},
    "recording": {"de": "Aufnahme {t} von {s} s", "en": "Recording {t} of {s} s"},
    "rest": {"de": "Ruhe", "en": "Rest"},
    "touched": {"de": "Berührt", "en": "Touched"},
    "stats": {"de": "Mittel {mean}  ·  σ {std}  ·  {low} bis {high}  ·  {n} Werte",
              "en": "mean {mean}  ·  σ {std}  ·  {low} to {high}  ·  {n} values"},
    "no_samples": {"de": "noch keine Werte", "en": "no values yet"},
    # review
    "good": {"de": "Gut unterscheidbar", "en": "Clearly distinguishable"},
    "bad": {"de": "Nicht unterscheidbar – wird nicht gespeichert",
            "en": "Not distinguishable – will not be saved"},
    NO_READINGS: {"de": "Zu wenige Messwerte: Sendet der Sensor?",
                    "en": "Too few readings: is the sensor sending?"},
    NO_CHANGE: {"de": "Berührt und Ruhe ergeben denselben Wert.",
                  "en": "Touched and rest give the same value."},
    WITHIN_NOISE: {"de": "Der berührte Mittelwert liegt im Rauschen der Ruhe (unter 4 σ).",
                     "en": "The touched mean lies within the rest noise (under 4 σ)."},
    OVERLAP: {"de": "Ruhe- und Berührt-Bereich überlappen.",
                "en": "The rest and touched ranges overlap."},
    ONE_BAND: {"de": "Nur eine Stufe: Die Stufen bleiben, wie sie sind.",
                 "en": "One level only: the levels stay as they are."},
    BANDS_KEPT: {"de": "Die Berührung überspringt schon eine ganze Stufe: Stufen bleiben.",
                   "en": "The touch already crosses a whole level: levels stay."},
    HYSTERESIS_WIDE: {"de": "Hysterese ist groß: Die Stufe wechselt evtl. nicht sicher.",
                        "en": "Hysteresis is wide: the level may not switch reliably."},
    "measured": {"de": "Gemessen", "en": "Measured"},
    "proposal": {"de": "Vorschlag", "en": "Proposal"},
    "before": {"de": "bisher", "en": "now"},
    "after": {"de": "neu", "en": "new"},
    "row_delta": {"de": "Berührschwelle", "en": "touch threshold"},
    "row_direction": {"de": "Richtung", "en": "direction"},
    "row_hysteresis": {"de": "Hysterese", "en": "hysteresis"},
    "dir_up": {"de": "steigt", "en": "up"},
    "dir_down": {"de": "fällt", "en": "down"},
    "dir_either": {"de": "beides", "en": "either"},
    # messages
    SAVED: {"de": "Gespeichert in {d} – die Show nutzt die neuen Werte.",
              "en": "Saved to {d} – the show uses the new values."},
    SAVE_FAILED: {"de": "Nicht gespeichert: {d}", "en": "Not saved: {d}"},
    NOTHING_TO_SAVE: {"de": "Nichts zu speichern: Kein Vorschlag weicht von den Werten ab.",
                        "en": "Nothing to save: no proposal differs from the current values."},
    NOT_CALIBRATABLE: {"de": "{d} ist ein Zähler: Jede Zunahme ist eine Berührung.",
                         "en": "{d} is a counter: every increase is a touch."},
    ACCEPTED: {"de": "{d} übernommen. S speichert alle übernommenen Vorschläge.",
                 "en": "{d} accepted. S saves every accepted proposal."},
    NOT_ACCEPTED: {"de": "{d}: nicht unterscheidbar, nicht übernommen. R wiederholt.",
                     "en": "{d}: not distinguishable, not accepted. R repeats."},
    # keys
    "key_select": {"de": "Sensor wählen", "en": "select sensor"},
    "key_calibrate": {"de": "kalibrieren", "en": "calibrate"},
    "key_save": {"de": "speichern", "en": "save"},
    "key_abort": {"de": "abbrechen (nichts wird geändert)", "en": "abort (nothing changes)"},
    "key_leave": {"de": "beenden", "en": "leave"},
    "key_start": {"de": "Aufnahme starten", "en": "start recording"},
    "key_back": {"de": "zurück", "en": "back"},
    "key_accept": {"de": "übernehmen", "en": "accept"},
    "key_repeat": {"de": "wiederholen", "en": "repeat"},
    "key_accept_save": {"de": "übernehmen und speichern", "en": "accept and save"},
    "key_language": {"de": "English", "en": "Deutsch"},
    BACKSPACE: {"de": "Rücktaste", "en": "Backspace"},
    SPACE: {"de": "Leertaste", "en": "Space"},
}



def tr(key: str, lang: str, **values: object) -> str:
    text = TEXT[key][staff_language(lang)]  # German for staff while visitors read ls
    return text.format(**values) if values else text
