"""Opening hours from `schedule:` in exhibit.yaml: open or closed at a given wall-clock time.

Outside the hours the show rests (a calm closed screen or black) while the readings keep
flowing. Pure logic on naive local `datetime`s, so tests cross opening, closing and
midnight on a simulated clock; `OpeningWatch` is what the frame loop asks every frame and
only recomputes when the cached next change is passed or the clock jumps back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from exhibit.quote import shown
from exhibit.validate import EASY_READ, Fields, staff_language

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CLOSED_SCREENS = ("calm", "black")
HORIZON_DAYS = 14  # how far ahead the next opening or closing is looked for
SPAN_EXAMPLE = '"10:00-19:00" or "10:00-13:00, 14:00-18:00"'
DATE_EXAMPLE = "2026-12-24 (or a range 2026-12-24..2027-01-06)"
_TIME = re.compile(r"(\d{1,2}):(\d{2})")

Span = tuple[int, int]  # minutes after midnight, start < end <= 24 * 60


@dataclass(frozen=True)
class Schedule:
    """Opening spans per weekday (0 = Monday; a day without spans is closed) and whole
    closed dates; `closed_screen` is what visitors see meanwhile (calm or black)."""

    hours: Mapping[int, tuple[Span, ...]]
    closed_dates: frozenset[date] = frozenset()
    closed_screen: str = "calm"

    def _spans(self, start: date, days: int) -> list[tuple[datetime, datetime]]:
        """Open intervals from `start` on for `days` days; touching ones merged (open until
        24:00 and again from 00:00 is one stretch)."""
        out: list[tuple[datetime, datetime]] = []
        for i in range(days):
            day = start + timedelta(days=i)
            if day in self.closed_dates:
                continue
            midnight = datetime.combine(day, time())
            for begin, end in self.hours.get(day.weekday(), ()):
                a, b = midnight + timedelta(minutes=begin), midnight + timedelta(minutes=end)
                if out and out[-1][1] == a:
                    out[-1] = (out[-1][0], b)
                else:
                    out.append((a, b))
        return out

    def state(self, at: datetime) -> tuple[bool, datetime | None]:
        """(open at `at`, when that next changes — None beyond `HORIZON_DAYS`)."""
        for begin, end in self._spans(at.date() - timedelta(days=1), HORIZON_DAYS + 2):
            if at < begin:
                return False, begin
            if at < end:
                limit = at + timedelta(days=HORIZON_DAYS)
                return True, end if end <= limit else None
        return False, None

    def is_open(self, at: datetime) -> bool:
        return self.state(at)[0]

    def next_change(self, at: datetime) -> datetime | None:
        """When it opens or closes next after `at` (None: not within two weeks)."""
        return self.state(at)[1]

    def describe(self, at: datetime, lang: str = "en") -> str:
        """One line for staff: "open until 19:00", "closed until Tue 10:00" (German with
        `lang="de"`: "geöffnet bis 19:00", "geschlossen bis Di 10:00")."""
        is_open, change = self.state(at)
        return describe(is_open, change, at, lang)


STAFF_WORDS = {
    "en": ("open", "closed", "until", "for the next {n} days",
           "closed, no opening in the next {n} days"),
    "de": ("geöffnet", "geschlossen", "bis", "für die nächsten {n} Tage",
           "geschlossen, keine Öffnung in den nächsten {n} Tagen"),
}
SHORT_DAYS = {"en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
              "de": ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")}


def describe(is_open: bool, change: datetime | None, at: datetime, lang: str = "en") -> str:
    lang = staff_language(lang)  # staff read German while visitors read Leichte Sprache
    opened, closed, until, ahead, none_ahead = STAFF_WORDS[lang]
    word = opened if is_open else closed
    if change is None:
        return f"{word} {ahead.format(n=HORIZON_DAYS)}" if is_open else \
            none_ahead.format(n=HORIZON_DAYS)
    return f"{word} {until} {clock_text(change, at, lang)}"


def clock_text(when: datetime, at: datetime, lang: str = "en") -> str:
    """"19:00" today, "24:00" at tonight's midnight, else "Tue 10:00" (within a week) or
    "Tue 2027-01-05 10:00"."""
    days = (when.date() - at.date()).days
    if days == 0:
        return when.strftime("%H:%M")
    if days == 1 and when.time() == time():
        return "24:00"
    day = SHORT_DAYS[staff_language(lang)][when.weekday()]
    return f"{day} {when:%H:%M}" if days < 7 else f"{day} {when:%Y-%m-%d %H:%M}"


WEEKDAY_NAMES = {"de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag",
                         "Samstag", "Sonntag"),
                 "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                        "Sunday")}
MONTH_NAMES = {"de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                      "September", "Oktober", "November", "Dezember"),
               "en": ("January", "February", "March", "April", "May", "June", "July",
                      "August", "September", "October", "November", "December")}


CLOSED_HEADLINE = {"de": "Geschlossen", "en": "Closed", EASY_READ: "Geschlossen"}


def reopen_sentence(opens: datetime | None, at: datetime, lang: str) -> str:
    """What the closed screen tells visitors: "Wir öffnen wieder am Dienstag um 10:00 Uhr."
    (today / tomorrow / a weekday within a week / with the date beyond). In Leichte Sprache
    (`ls`): "Wir öffnen am Dienstag um 10 Uhr wieder." — one short sentence, a plain hour."""
    if lang == EASY_READ:
        return _reopen_easy(opens, at)
    de = lang == "de"
    if opens is None:
        return "Wir öffnen bald wieder." if de else "We will open again soon."
    hm = f"{opens:%H:%M}"
    days = (opens.date() - at.date()).days
    if days <= 1:
        when = (("heute", "morgen")[days] if de else ("today", "tomorrow")[days])
        return f"Wir öffnen wieder {when} um {hm} Uhr." if de else \
            f"We open again {when} at {hm}."
    day = WEEKDAY_NAMES[lang][opens.weekday()]
    if days >= 7:
        month = MONTH_NAMES[lang][opens.month - 1]
        day += f", {opens.day}. {month}," if de else f", {opens.day} {month},"
    return f"Wir öffnen wieder am {day} um {hm} Uhr." if de else \
        f"We open again on {day} at {hm}."


def _reopen_easy(opens: datetime | None, at: datetime) -> str:
    if opens is None:
        return "Wir öffnen bald wieder."
    hour = f"{opens.hour} Uhr" if opens.minute == 0 else f"{opens:%H:%M} Uhr"
    days = (opens.date() - at.date()).days
    if days <= 1:
        return f"Wir öffnen {('heute', 'morgen')[days]} um {hour} wieder."
    day = WEEKDAY_NAMES["de"][opens.weekday()]
    if days >= 7:
        day += f", {opens.day}. {MONTH_NAMES['de'][opens.month - 1]},"
    return f"Wir öffnen am {day} um {hour} wieder."


@dataclass(frozen=True)
class HoursState:
    open: bool
    until: datetime | None  # the next change
    description: str        # for staff (diagnostics) and the log


ALWAYS_OPEN = HoursState(True, None, "always open")


class OpeningWatch:
    """The schedule's state, asked once per frame: recomputed only when the wall clock
    passes the cached next change, jumps back (NTP setting a Pi's clock at boot), or the
    schedule object changes (a reload); otherwise two comparisons."""

    def __init__(self) -> None:
        self.state: HoursState = ALWAYS_OPEN
        self._schedule: Schedule | None = None
        self._checked: datetime | None = None
        self._valid_until: datetime | None = None

    def update(self, schedule: Schedule | None, now: datetime) -> HoursState | None:
        """The new state when it is the first call or open/closed just changed, else None."""
        first = self._checked is None
        if not first and schedule is self._schedule and self._checked <= now and \
                (self._valid_until is None or now < self._valid_until):
            return None
        self._schedule, self._checked = schedule, now
        if schedule is None:
            self._valid_until = None
            state = ALWAYS_OPEN
        else:
            is_open, change = schedule.state(now)
            self._valid_until = change or now + timedelta(days=1)
            state = HoursState(is_open, change, describe(is_open, change, now))
        changed = first or state.open != self.state.open
        self.state = state
        return state if changed else None


# --- reading `schedule:` from exhibit.yaml -------------------------------------------
def parse_schedule(f: Fields) -> Schedule:
    """`f`: the `schedule` mapping. Every mistake names file, line and an example."""
    screen = f.string("closed_screen", "calm", choices=CLOSED_SCREENS)
    raw = f.required("hours", f"weekdays with their hours, e.g. tue-fri: {SPAN_EXAMPLE}")
    hours_f = Fields(f.doc, f.path + ("hours",), raw, _day_keys(raw))
    hours: dict[int, tuple[Span, ...]] = {}
    for key, value in hours_f.data.items():
        spans = _spans_of(hours_f, key, value)
        for day in _days_of(hours_f, key):
            if day in hours:
                raise hours_f.error(key, f"{hours_f.name(str(key))}: {DAYS[day]} is already "
                                    "given by another key; name each weekday once")
            hours[day] = spans
    if not any(hours.values()):
        raise f.error("hours", f"{f.name('hours')} opens on no day; give at least one "
                      f"weekday its hours, e.g. tue-fri: {SPAN_EXAMPLE} (or remove "
                      "schedule: to be always open)")
    return Schedule({d: s for d, s in hours.items() if s}, _closed_dates(f), screen)


def _day_keys(raw: Any) -> list:
    """All keys as allowed (each is checked by `_days_of`, with a better message)."""
    return list(raw) if isinstance(raw, dict) else []


def _days_of(f: Fields, key: Any) -> list[int]:
    """'mon', 'tue-fri', 'sat, sun', 'fri-mon' (wrapping) -> weekday numbers."""
    days: list[int] = []
    for part in str(key).lower().split(","):
        ends = [p.strip() for p in part.split("-")]
        if len(ends) > 2 or any(e not in DAYS for e in ends):
            raise f.error(key, f"{f.name(str(key))}: {shown(key)} is not a weekday; use "
                          f"{', '.join(DAYS)}, a range like tue-fri or a list like 'sat, sun'")
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        days += [(first + i) % 7 for i in range((last - first) % 7 + 1)]
    return days


def _spans_of(f: Fields, key: Any, value: Any) -> tuple[Span, ...]:
    name = f.name(str(key))
    if value is False or value is None:  # YAML reads off / no as false
        raise f.error(key, f"{name} is empty or false (YAML reads off and no as false); "
                      f"write closed, or the hours as {SPAN_EXAMPLE}")
    if isinstance(value, int) and not isinstance(value, bool):  # 10:00 → 600 in YAML 1.1
        raise f.error(key, f"{name} must be hours from-to in quotes, e.g. {SPAN_EXAMPLE}; "
                      f"got {shown(value)} (YAML reads 10:00 alone as a number)")
    parts = value if isinstance(value, list) else str(value).split(",")
    if [str(p).strip().lower() for p in parts] == ["closed"]:
        return ()
    spans = sorted(_span(f, key, str(p)) for p in parts)
    for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
        if b0 < a1:
            raise f.error(key, f"{name}: {_hm(a0)}-{_hm(a1)} and {_hm(b0)}-{_hm(b1)} overlap; "
                          "give each hour once, e.g. \"10:00-13:00, 14:00-18:00\"")
    return tuple(spans)


def _span(f: Fields, key: Any, text: str) -> Span:
    name = f.name(str(key))
    ends = [e.strip() for e in text.split("-")]
    if len(ends) != 2:
        raise f.error(key, f"{name} must be closed or hours from-to like {SPAN_EXAMPLE}; "
                      f"got {shown(text.strip())}")
    start, end = (_minutes(f, key, e) for e in ends)
    if start >= 24 * 60:
        raise f.error(key, f"{name}: a span cannot start at 24:00; got {shown(text.strip())}")
    if end <= start:
        raise f.error(key, f"{name}: {ends[1]} is not after {ends[0]}; a span ends later the "
                      "same day (past midnight: split it, e.g. fri: \"20:00-24:00\" and "
                      "sat: \"00:00-02:00\")")
    return start, end


def _minutes(f: Fields, key: Any, text: str) -> int:
    match = _TIME.fullmatch(text)
    hours, minutes = (int(match.group(1)), int(match.group(2))) if match else (99, 99)
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise f.error(key, f"{f.name(str(key))}: {shown(text)} is not a time; write HH:MM "
                      f"from 00:00 to 24:00, e.g. {SPAN_EXAMPLE}")
    return hours * 60 + minutes


def _closed_dates(f: Fields) -> frozenset[date]:
    raw = f.raw("closed_dates", [])
    if not isinstance(raw, list):
        raise f.error("closed_dates", f"{f.name('closed_dates')} must be a list of dates "
                      f"like [2026-12-24, 2026-12-25] (in brackets), got {shown(str(raw))}")
    dates: set[date] = set()
    for i, item in enumerate(raw):
        first, _, last = str(item).partition("..")
        try:
            a = _date(first)
            b = _date(last) if last else a
        except ValueError:
            raise f.doc.error(f.path + ("closed_dates", i), f"{f.name('closed_dates')}[{i}] "
                              f"must be a date like {DATE_EXAMPLE}; got {shown(item)}") \
                from None
        if b < a:
            raise f.doc.error(f.path + ("closed_dates", i), f"{f.name('closed_dates')}[{i}]: "
                              f"the range {shown(item)} ends before it starts")
        dates.update(a + timedelta(days=n) for n in range((b - a).days + 1))
    return frozenset(dates)


def _date(text: str) -> date:
    text = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(text)
    return date.fromisoformat(text)


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
