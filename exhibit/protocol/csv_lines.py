"""The `csv` protocol: one row of numbers per line, ``512,300,21.5``.

What data loggers, spreadsheets and sketches printing ``Serial.print(v); Serial.print(',');``
send. Fields are separated by commas, semicolons or tabs, mixed as a sketch happens to print
them (``512;300\t1``); spaces around a field do not matter. A line without any of them is
split at runs of spaces, which covers the Arduino Serial Plotter's ``512 300 21.5`` and a
bare ``512``. One trailing separator is ignored (``512,300,`` has two columns), because
sketches that print one after every value are common. A decimal comma cannot be told from a
separator: ``21,5;40`` is three columns. Arduino's `Serial.print` always prints a point;
only a hand-made file could have one.

Sources are column references: ``"1"``, ``"2"``, … (1-based) always work; a name works once a
header has named the columns. A header is a line of names only, separated like a row
(``light,soil,temp``; a single name also counts, space-separated words do not: that is how
status text looks). It counts in `CsvStats.headers`, not as a reject, and is kept until the
next header, across `reset()`: a board that does not restart on connect never repeats it.
A line of names that names none of the configured columns (``ready``, ``DHT,error``) is
status text, rejected as ``not_a_header``; the header in force stays.

Rejects: ``empty_field`` (``512,,21``: no reading for that column), ``not_a_number`` (words,
``nan``, ``inf``, Arduino's ``ovf``), ``too_many_columns`` (a header past `MAX_COLUMNS`
names); unmapped columns are unknown keys, by header name or column number.

The first line after `reset()`. pyserial discards what arrived before the port opened, so the
first line may be the tail end of a row, and a tail end of a row looks like a whole row:
- a header is always accepted;
- if the column count is known (from a header, or the widest clean row so far, also before
  the reset), a row with fewer columns is cut off and dropped (``cut_off_first_line``);
  a row with at least as many columns can only have lost the front of its first field, so
  that one value is dropped (``cut_off_first_field``) and the others are read;
- if nothing is known yet, the first data row is dropped (``cut_off_first_line``): it may
  lack whole columns, which would put values on the wrong sensors.
So a board, and a test, must send its header, a ``#`` line or one row to spare first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from exhibit.protocol.stats import DecoderStats
from exhibit.protocol.text import TextDecoder, parse_number
from exhibit.reading import Reading
from exhibit.reading import new_tuple as _new

MAX_COLUMNS = 64  # names a header may give: a header is remembered, so it must be bounded

_BLANKS = " \r\n\x0b\x0c"  # whitespace to strip at a line's start: all but the tab
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")


def has_separator(text: str) -> bool:
    """Whether the line has a comma, semicolon or tab; if not, runs of spaces separate."""
    return "," in text or ";" in text or "\t" in text


def split_row(text: str) -> list[str]:
    """The fields of a line, without the one trailing separator sketches like to print."""
    if not has_separator(text):
        return text.split()
    # str.replace returns the very string when there is nothing to replace: cheap.
    fields = text.replace(";", ",").replace("\t", ",").split(",")
    if len(fields) > 1 and not fields[-1].strip():
        fields.pop()
    return fields


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def header_names(text: str, fields: list[str]) -> tuple[str, ...] | None:
    """The column names if the line is a header: names only (``nan`` and ``inf`` are
    values, not names), separated by separators or standing alone."""
    if len(fields) > 1 and not has_separator(text):
        return None
    names = tuple(field.strip() for field in fields)
    for name in names:
        if not _NAME.fullmatch(name) or _is_float(name):
            return None
    return names


@dataclass
class CsvStats(DecoderStats):
    """`DecoderStats` plus the header: how often one came and which columns it named."""

    headers: int = 0
    columns: tuple[str, ...] = ()

    def snapshot(self) -> dict:
        return {**super().snapshot(), "headers": self.headers, "columns": list(self.columns)}


class CsvDecoder(TextDecoder):
    """Bytes in, `Reading`s out, for one row of numbers per line."""

    protocol = "csv"
    stats_class = CsvStats
    stats: CsvStats

    def __init__(self, sources: Mapping[str, str], max_line: int = 512) -> None:
        super().__init__(sources, max_line)
        self._numbered: dict[int, list[str]] = {}  # 0-based column -> sensor ids
        self._named: dict[str, list[str]] = {}     # column name -> sensor ids
        for source, sensor in self.sources.items():
            if source.isascii() and source.isdigit():
                if int(source) >= 1:
                    self._numbered.setdefault(int(source) - 1, []).append(sensor)
            else:
                self._named.setdefault(source, []).append(sensor)
        self._header: tuple[str, ...] = ()
        self._by_column: dict[int, tuple[str, ...]] = {}
        self._columns = 0  # fields a whole row has, as far as known; 0: nothing known
        self._resolve()

    # --- lines -------------------------------------------------------------------------
    def clean(self, text: str) -> str:
        """A leading tab is an empty first column, not whitespace to strip."""
        return text.rstrip().lstrip(_BLANKS)

    def decode_first(self, text: str, t: float) -> list[Reading] | None:
        """After connecting: a header is fine; a row with too few columns is a tail end;
        a whole-width row may still have lost the start of its first field."""
        fields = split_row(text)
        if self._take_if_header(text, fields):
            return None
        if self.looks_cut_off(text):
            self.stats.reject("cut_off_first_line")
            return None
        self.stats.reject("cut_off_first_field")
        return self._decode_row(fields, t, start=1)

    def looks_cut_off(self, text: str) -> bool:
        """Whether the first row after connecting may lack whole columns: it has fewer than
        a whole row, or nothing is known about whole rows yet."""
        return not self._columns or len(split_row(text)) < self._columns

    def decode_text(self, text: str, t: float) -> list[Reading] | None:
        """A data row's readings; a header line is taken and holds none."""
        fields = split_row(text)
        if self._take_if_header(text, fields):
            return None
        return self._decode_row(fields, t)

    def _take_if_header(self, text: str, fields: list[str]) -> bool:
        if text[0].isalpha() or text[0] == "_":
            names = header_names(text, fields)
            if names is not None:
                self._take_header(names)
                return True
        return False

    # --- rows and columns --------------------------------------------------------------
    def _decode_row(self, fields: list[str], t: float, start: int = 0) -> list[Reading]:
        stats, by_column = self.stats, self._by_column
        readings = []
        clean = True  # only numbers and empty fields: the row tells how wide a row is
        for index in range(start, len(fields)):
            field = fields[index]
            value = parse_number(field)
            if value is None:
                if not field or field.isspace():
                    stats.reject("empty_field")
                    continue
                clean = False
                if index in by_column:
                    stats.reject("not_a_number")
                else:
                    stats.unknown(self._column_name(index))
                continue
            sensors = by_column.get(index)
            if sensors is None:
                stats.unknown(self._column_name(index))
                continue
            for sensor in sensors:
                readings.append(_new(Reading, (sensor, value, t, False)))
        if clean and len(fields) > self._columns:
            self._columns = len(fields)
        return readings

    def _take_header(self, names: tuple[str, ...]) -> None:
        stats = self.stats
        if len(names) > MAX_COLUMNS:
            stats.reject("too_many_columns")
            return
        if self._named and self._named.keys().isdisjoint(names):
            stats.reject("not_a_header")
            return
        self._header = names
        self._columns = len(names)
        stats.headers += 1
        stats.columns = names
        self._resolve()

    def _resolve(self) -> None:
        """Column index -> sensor ids, from the numbered sources and the header's names."""
        by_column = {index: list(sensors) for index, sensors in self._numbered.items()}
        for name, sensors in self._named.items():
            if name in self._header:
                by_column.setdefault(self._header.index(name), []).extend(sensors)
        self._by_column = {index: tuple(sensors) for index, sensors in by_column.items()}

    def _column_name(self, index: int) -> str:
        """How the config would refer to a column: its header name, else its number."""
        return self._header[index] if index < len(self._header) else str(index + 1)
