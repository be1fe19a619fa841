"""The `csv` protocol decoder: rows of numbers, by column number or by header name.

A row's tail looks like a whole row, so besides never raising and counting every reject,
the decoder must never put a value on the wrong sensor, not even right after a reconnect.
"""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from exhibit.protocol import make_decoder
from exhibit.protocol.csv_lines import MAX_COLUMNS, CsvDecoder
from exhibit.reading import Reading
from tests.decoding import assert_bytewise_like_whole, pairs

COLUMNS = {"1": "light", "2": "soil", "3": "temp"}
NAMES = {"light": "light", "soil": "soil", "temp": "temp", "hum": "humidity"}
HEADER = b"light,soil,temp,hum\n"


def decoder(max_line: int = 128, columns: dict[str, str] = COLUMNS) -> CsvDecoder:
    dec = make_decoder("csv", columns, max_line)
    assert isinstance(dec, CsvDecoder)
    return dec



def decode(data: bytes, max_line: int = 128,
           columns: dict[str, str] = COLUMNS) -> tuple[CsvDecoder, list[Reading]]:
    dec = decoder(max_line, columns)
    return dec, dec.feed(data, 0.0)


def test_make_decoder_builds_the_csv_protocol() -> None:
    dec = decoder()
    assert dec.protocol == "csv"
    assert dec.stats.readings == 0 and dec.stats.bytes == 0


def test_numbered_columns_give_one_reading_each() -> None:
    dec, readings = decode(b"512,300,21.5\n")
    assert pairs(readings) == [("light", 512.0), ("soil", 300.0), ("temp", 21.5)]
    assert dec.stats.lines == 1 and dec.stats.readings == 3
    assert not dec.stats.rejects


@pytest.mark.parametrize("sep", [b",", b";", b"\t", b", ", b" ; ", b" ", b"   ", b"\t "])
def test_separators(sep: bytes) -> None:
    dec, readings = decode(b"1" + sep + b"-2.5" + sep + b"3e1\n")
    assert pairs(readings) == [("light", 1.0), ("soil", -2.5), ("temp", 30.0)]
    assert not dec.stats.rejects


def test_bare_numbers_are_one_column() -> None:
    dec, readings = decode(b"512\n  17 \n-3.25\n")
    assert pairs(readings) == [("light", 512.0), ("light", 17.0), ("light", -3.25)]
    assert not dec.stats.rejects


@pytest.mark.parametrize("line", [b"1;2\t3", b"1,2;3", b"1\t2,3", b"1 ;2\t 3"])
def test_separators_may_be_mixed(line: bytes) -> None:
    """As hobby sketches print them: ``Serial.print(';')`` here, ``'\\t'`` there."""
    dec, readings = decode(line + b"\n")
    assert pairs(readings) == [("light", 1.0), ("soil", 2.0), ("temp", 3.0)]
    assert not dec.stats.rejects


def test_a_decimal_comma_is_a_separator() -> None:
    """Documented, not wanted: it cannot be told apart. Arduino always prints a point."""
    _, readings = decode(b"21,5;40\n")
    assert pairs(readings) == [("light", 21.0), ("soil", 5.0), ("temp", 40.0)]


def test_spaces_only_separate_when_nothing_else_does() -> None:
    dec, readings = decode(b"1 2,3\n")
    assert pairs(readings) == [("soil", 3.0)]
    assert dec.stats.rejects["not_a_number"] == 1


@pytest.mark.parametrize("line", [b"1,2,3,", b"1;2;3;", b"1\t2\t3\t", b"1,2,3, "])
def test_one_trailing_separator_is_ignored(line: bytes) -> None:
    dec, readings = decode(line + b"\n")
    assert pairs(readings) == [("light", 1.0), ("soil", 2.0), ("temp", 3.0)]
    assert not dec.stats.rejects


@pytest.mark.parametrize("line, expected, empty", [
    (b"512,,21", [("light", 512.0), ("temp", 21.0)], 1),
    (b",300,21", [("soil", 300.0), ("temp", 21.0)], 1),
    (b"512, ,21", [("light", 512.0), ("temp", 21.0)], 1),
    (b";;21", [("temp", 21.0)], 2),
    (b"512,300,,", [("light", 512.0), ("soil", 300.0)], 1),
])
def test_empty_fields_give_no_reading_and_keep_the_columns(line: bytes, expected: list,
                                                           empty: int) -> None:
    dec, readings = decode(line + b"\n")
    assert pairs(readings) == expected
    assert dict(dec.stats.rejects) == {"empty_field": empty}


def test_a_leading_tab_is_an_empty_first_column() -> None:
    """Stripping it as whitespace would move every value one sensor to the left."""
    dec, readings = decode(b"\t300\t21\n \t7\t8\n")
    assert pairs(readings) == [("soil", 300.0), ("temp", 21.0), ("soil", 7.0), ("temp", 8.0)]
    assert dict(dec.stats.rejects) == {"empty_field": 2}


def test_a_short_row_just_lacks_the_missing_columns() -> None:
    dec, readings = decode(b"512,300\n")
    assert pairs(readings) == [("light", 512.0), ("soil", 300.0)]
    assert not dec.stats.rejects


@pytest.mark.parametrize("value", [b"nan", b"NaN", b"inf", b"-inf", b"ovf", b"1e999", b"high",
                                   b"12abc", b"0x1F", b"1.2.3", b"true", b'"5"'])
def test_non_finite_and_words_are_rejected(value: bytes) -> None:
    dec, readings = decode(b"5," + value + b",7\n")
    assert pairs(readings) == [("light", 5.0), ("temp", 7.0)]
    assert dec.stats.rejects["not_a_number"] == 1


def test_unmapped_columns_are_counted_by_number() -> None:
    dec, readings = decode(b"1,2,3,4.9,-60\n5,6,7,5.0\n", columns={"2": "soil"})
    assert pairs(readings) == [("soil", 2.0), ("soil", 6.0)]
    assert dec.stats.unknown_keys == {"1": 2, "3": 2, "4": 2, "5": 1}
    assert dec.stats.rejects["unknown_key"] == 7


def test_two_sensors_may_read_the_same_column() -> None:
    _, readings = decode(b"light\n42\n", columns={"1": "raw", "light": "light"})
    assert pairs(readings) == [("raw", 42.0), ("light", 42.0)]


# -- headers ---------------------------------------------------------------------------------

def test_header_names_the_columns() -> None:
    dec, readings = decode(HEADER + b"512,300,21.5,40\n", columns=NAMES)
    assert pairs(readings) == [("light", 512.0), ("soil", 300.0), ("temp", 21.5),
                               ("humidity", 40.0)]
    assert not dec.stats.rejects
    assert dec.stats.headers == 1
    assert dec.stats.lines == 2
    snapshot = dec.stats.snapshot()
    assert snapshot["headers"] == 1
    assert snapshot["columns"] == ["light", "soil", "temp", "hum"]


def test_names_and_numbers_mix() -> None:
    _, readings = decode(b"a,temp,b\n1,2,3\n", columns={"temp": "temp", "3": "other"})
    assert pairs(readings) == [("temp", 2.0), ("other", 3.0)]


@pytest.mark.parametrize("header", [b"light;soil;temp;hum", b"light\tsoil\ttemp\thum",
                                    b" light , soil , temp , hum ", b"light,soil,temp,hum,"])
def test_header_separators(header: bytes) -> None:
    dec, readings = decode(header + b"\n1,2,3,4\n", columns=NAMES)
    assert [s for s, _ in pairs(readings)] == ["light", "soil", "temp", "humidity"]
    assert dec.stats.headers == 1 and not dec.stats.rejects


def test_named_sources_need_a_header() -> None:
    dec, readings = decode(b"512,300\n", columns={"light": "light", "soil": "soil"})
    assert readings == []
    assert dec.stats.unknown_keys == {"1": 1, "2": 1}


def test_a_new_header_replaces_the_old_one() -> None:
    """A board flashed with other firmware may reorder its columns."""
    dec, readings = decode(b"light,soil\n1,2\nsoil,light\n3,4\n", columns=NAMES)
    assert pairs(readings) == [("light", 1.0), ("soil", 2.0), ("soil", 3.0), ("light", 4.0)]
    assert dec.stats.headers == 2


def test_unmapped_columns_are_counted_by_header_name() -> None:
    dec, _ = decode(b"light,vcc,rssi\n1,4.9,-60\n1,5.0\n", columns=NAMES)
    assert dec.stats.unknown_keys == {"vcc": 2, "rssi": 1}


def test_a_single_name_is_a_header() -> None:
    dec, readings = decode(b"soil\n512\n", columns=NAMES)
    assert pairs(readings) == [("soil", 512.0)]
    assert dec.stats.headers == 1


@pytest.mark.parametrize("line", [b"ready", b"DHT,error", b"Starting;up"])
def test_words_naming_no_configured_column_are_status_text(line: bytes) -> None:
    """Hobby firmware prints status words; they must not replace the header in force."""
    dec, readings = decode(HEADER + line + b"\n1,2,3,4\n", columns=NAMES)
    assert len(readings) == 4
    assert dec.stats.rejects == {"not_a_header": 1}
    assert dec.stats.headers == 1


def test_without_named_sources_any_header_is_taken() -> None:
    """It cannot break numbered columns, and it names the unknown ones for staff."""
    dec, readings = decode(b"ready\nx,y,z,vcc\n1,2,3,4\n")
    assert pairs(readings) == [("light", 1.0), ("soil", 2.0), ("temp", 3.0)]
    assert dec.stats.headers == 2
    assert dec.stats.unknown_keys == {"vcc": 1}


@pytest.mark.parametrize("line", [b"light soil temp hum", b"nan,nan", b"inf", b"light,,soil",
                                  b"light,2nd", b"light,s\xc3\xb6il", b"light,so il"])
def test_lines_that_are_no_header(line: bytes) -> None:
    dec, _ = decode(line + b"\n", columns=NAMES)
    assert dec.stats.headers == 0
    assert dec.stats.rejects


def test_a_header_is_bounded() -> None:
    names = b",".join(b"c%d" % i for i in range(MAX_COLUMNS + 1))
    dec, _ = decode(names + b"\n", max_line=1024)
    assert dec.stats.rejects == {"too_many_columns": 1}
    assert dec.stats.headers == 0
    dec.feed(names.rsplit(b",", 1)[0] + b"\n", 0.0)
    assert dec.stats.headers == 1


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
def test_line_endings(end: bytes) -> None:
    dec, readings = decode(b"light,soil" + end + b"1,2" + end + b"3" + end, columns=NAMES)
    assert pairs(readings) == [("light", 1.0), ("soil", 2.0), ("light", 3.0)]
    assert dec.stats.lines == 3
    assert not dec.stats.rejects


MIXED_STREAM = (b"# board ready\r\nlight,soil,x\n512,300,1\r\n\x00\xff\xfe junk\n5x,7\r"
                b"1;;3\n" + b"9," * 100 + b"\nnan,8\r\n\n\n\t4\t5\nready\n6 7 8\n")


def test_stream_fed_byte_by_byte_decodes_identically() -> None:
    expected = assert_bytewise_like_whole(lambda: decoder(columns=NAMES), MIXED_STREAM)
    assert pairs(expected) == [("light", 512.0), ("soil", 300.0), ("soil", 7.0),
                               ("light", 1.0), ("soil", 8.0), ("soil", 4.0),
                               ("light", 6.0), ("soil", 7.0)]
    whole = decoder(columns=NAMES)
    whole.feed(MIXED_STREAM, 1.0)
    assert whole.stats.rejects["line_too_long"] == 1


@pytest.mark.parametrize("line", [b"# 1,2,3", b"#", b"   # status: ok", b"\t# tabbed"])
def test_comment_lines_are_not_readings(line: bytes) -> None:
    dec, readings = decode(line + b"\n4\n")
    assert pairs(readings) == [("light", 4.0)]
    assert not dec.stats.rejects


def test_hello_line_tells_who_the_board_is() -> None:
    dec, readings = decode(b"#hello sensorik-stadt 1.2 sensors=light,soil\n4,5\n")
    assert pairs(readings) == [("light", 4.0), ("soil", 5.0)]
    assert dec.hello is not None
    assert (dec.hello.model, dec.hello.version, dec.hello.sensors) == (
        "sensorik-stadt", "1.2", ("light", "soil"))


@pytest.mark.parametrize("chunk", [1, 7, 64, 10_000])
def test_over_long_line_is_dropped_and_the_next_line_decodes(chunk: int) -> None:
    data = b"1," * 50 + b"\n5,6\n"
    dec = decoder(max_line=32)
    readings: list[Reading] = []
    for i in range(0, len(data), chunk):
        readings.extend(dec.feed(data[i:i + chunk], 0.0))
        assert len(dec.framer._buffer) <= 32
    assert pairs(readings) == [("light", 5.0), ("soil", 6.0)]
    assert dec.stats.rejects["line_too_long"] == 1
    assert dec.stats.lines == 1


def test_readings_carry_the_time_of_the_feed_that_completed_the_line() -> None:
    dec = decoder()
    first = dec.feed(b"1\n2,", 1.5)
    second = dec.feed(b"3\n4\n", 2.5)
    assert first == [Reading("light", 1.0, 1.5)]
    assert second == [Reading("light", 2.0, 2.5), Reading("soil", 3.0, 2.5),
                      Reading("light", 4.0, 2.5)]


# -- the first line after reset() -------------------------------------------------------------

def test_knowing_nothing_the_first_row_after_reset_is_dropped() -> None:
    """``21.5`` could be the tail of ``512,300,21.5``: read as column 1 it would be wrong."""
    dec = decoder()
    dec.reset()
    assert dec.feed(b"21.5\n", 0.0) == []
    assert pairs(dec.feed(b"512,300,21.5\n", 0.0)) == [("light", 512.0), ("soil", 300.0),
                                                      ("temp", 21.5)]
    assert dict(dec.stats.rejects) == {"cut_off_first_line": 1}


@pytest.mark.parametrize("first", [b"light,soil\n", b"#hello stadt 1.0\n", b"# booting\n"])
def test_a_header_or_comment_first_keeps_the_first_row(first: bytes) -> None:
    """That is how a board, or a test, gets its first row read after connecting."""
    dec = decoder()
    dec.reset()
    readings = dec.feed(first + b"1,2\n", 0.0)
    assert pairs(readings) == [("light", 1.0), ("soil", 2.0)]
    assert not dec.stats.rejects


def test_a_header_right_after_reset_is_always_taken() -> None:
    dec = decoder(columns=NAMES)
    dec.feed(b"light,soil,temp\n1,2,3\n", 0.0)
    dec.reset()
    dec.feed(b"soil\n5\n", 0.0)
    assert dec.stats.headers == 2 and dec.stats.columns == ("soil",)
    assert not dec.stats.rejects


def test_the_header_outlives_a_reset() -> None:
    """A board that does not restart on connect never sends its header again."""
    dec = decoder(columns=NAMES)
    dec.feed(b"soil,light\n", 0.0)
    dec.reset()
    dec.feed(b"#hello stadt 1.0\n", 0.0)
    assert pairs(dec.feed(b"1,2\n", 0.0)) == [("soil", 1.0), ("light", 2.0)]


def test_a_row_with_fewer_columns_than_known_is_cut_off() -> None:
    dec = decoder()
    dec.feed(b"512,300,21.5\n", 0.0)
    dec.reset()
    assert dec.feed(b"300,21.5\n", 0.0) == []
    assert pairs(dec.feed(b"1,2,3\n", 0.0)) == [("light", 1.0), ("soil", 2.0), ("temp", 3.0)]
    assert dec.stats.rejects == {"cut_off_first_line": 1}


def test_a_row_as_wide_as_known_loses_only_its_first_value() -> None:
    """``12,300,21.5`` may be the tail of ``512,300,21.5``; the other columns are whole."""
    dec = decoder()
    dec.feed(b"512,300,21.5\n", 0.0)
    dec.reset()
    assert pairs(dec.feed(b"12,300,21.5\n", 0.0)) == [("soil", 300.0), ("temp", 21.5)]
    assert dec.stats.rejects == {"cut_off_first_field": 1}


def test_the_widest_clean_row_sets_the_expected_width() -> None:
    """A row whose trailing empty columns were stripped must not lower the width."""
    dec = decoder()
    dec.feed(b"1\t2\t3\n4\t\t\n5,x\n", 0.0)
    dec.reset()
    assert dec.feed(b"2\t3\n", 0.0) == []
    assert dec.stats.rejects["cut_off_first_line"] == 1


def test_reset_drops_a_partial_line() -> None:
    dec = decoder()
    dec.feed(b"7,8,9\n5,", 0.0)
    dec.reset()
    assert pairs(dec.feed(b"#\n1,2\n", 0.0)) == [("light", 1.0), ("soil", 2.0)]
    assert not dec.stats.rejects


# -- properties ------------------------------------------------------------------------------

# Random bytes alone never formed a reading (0 of 300 examples), so the checks on readings
# never ran: rows, a header and half rows are mixed in among them.
ROWS = st.sampled_from([b"1,2,3\n", HEADER, b"5;-2.5\t3e1\r\n", b"7,", b",8\n", b"\n",
                        b"nan,1e999,4\n", b"light,soil\n"])


@settings(max_examples=300, deadline=None)
@given(chunks=st.lists(st.binary(max_size=300) | ROWS, max_size=30),
       max_line=st.integers(min_value=16, max_value=256),
       named=st.booleans())
def test_any_bytes_never_raise_and_the_buffer_stays_bounded(chunks: list[bytes], max_line: int,
                                                            named: bool) -> None:
    columns = NAMES if named else COLUMNS
    dec = decoder(max_line=max_line, columns=columns)
    for t, chunk in enumerate(chunks):
        for reading in dec.feed(chunk, float(t)):
            assert reading.sensor in columns.values()
            assert math.isfinite(reading.raw)
            assert reading.t == float(t)
        assert len(dec.framer._buffer) <= max_line
        assert len(dec.stats.columns) <= MAX_COLUMNS
    assert dec.stats.bytes == sum(map(len, chunks))


def _no_digits(data: bytes) -> bool:
    return not any(ch.isdecimal() for ch in data.decode("utf-8", errors="replace"))


GARBAGE = st.binary(max_size=200).map(
    lambda b: b.replace(b"\n", b"").replace(b"\r", b"")).filter(_no_digits)


@settings(max_examples=200, deadline=None)
@given(garbage=st.lists(GARBAGE, min_size=1, max_size=12),
       ends=st.lists(st.sampled_from([b"\n", b"\r\n", b"\r"]), min_size=12, max_size=12),
       cuts=st.lists(st.integers(min_value=0, max_value=3000), max_size=20))
def test_valid_lines_among_garbage_decode_exactly_once(garbage: list[bytes], ends: list[bytes],
                                                       cuts: list[int]) -> None:
    """Junk without digits can give no reading, so every probe reading is a probe row's."""
    stream = b"".join(junk + ends[i] + b"0,%d,x" % i + ends[-1 - i]
                      for i, junk in enumerate(garbage))
    dec = decoder(max_line=64, columns={"2": "probe"})
    readings: list[Reading] = []
    bounds = sorted({0, len(stream), *(c for c in cuts if c < len(stream))})
    for start, stop in pairwise(bounds):
        readings.extend(dec.feed(stream[start:stop], 0.0))
    assert [r.raw for r in readings] == [float(i) for i in range(len(garbage))]


ROW = st.lists(st.integers(-10**5, 10**5) | st.floats(-1e6, 1e6, allow_nan=False),
               min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(row=ROW, sep=st.sampled_from([",", ";", "\t", " ", ", "]), cut=st.integers(0, 120),
       header=st.booleans())
def test_a_cut_off_first_row_never_gives_a_wrong_value(row: list[float], sep: str, cut: int,
                                                       header: bool) -> None:
    """Whatever the board was sending when the port opened, no value lands on the wrong
    sensor, and the next whole row decodes completely."""
    names = [f"c{i}" for i in range(len(row))]
    columns = {name: name for name in names} if header else {str(i + 1): f"c{i}"
                                                              for i in range(len(row))}
    line = sep.join(repr(v) for v in row).encode()
    assume(cut < len(line))  # an empty first line is no line: the next one would be first
    truth = [(f"c{i}", float(v)) for i, v in enumerate(row)]
    dec = decoder(max_line=256, columns=columns)
    dec.feed((",".join(names) + "\n").encode() if header else line + b"\n", 0.0)
    dec.reset()
    first = pairs(dec.feed(line[cut:] + b"\n", 0.0))
    assert all(reading in truth for reading in first)
    assert pairs(dec.feed(line + b"\n", 0.0)) == truth
