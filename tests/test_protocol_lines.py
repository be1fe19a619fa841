"""The `lines` protocol decoder: what a real board (or a loose cable) sends must never crash it.

Boards restart mid-line, USB drops bytes and hobby firmware prints status text; the decoder
must keep every good pair, count every reject with a reason and never grow a buffer.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exhibit.protocol import make_decoder
from exhibit.protocol.lines import KeyValueDecoder
from exhibit.protocol.stats import LAST_LINES, MAX_UNKNOWN_KEYS
from exhibit.reading import Reading
from tests.decoding import assert_bytewise_like_whole, pairs

KEYS = {"soil": "soil", "light": "light", "temp": "temp", "hum": "humidity"}


def decoder(max_line: int = 128, keys: dict[str, str] = KEYS) -> KeyValueDecoder:
    dec = make_decoder("lines", keys, max_line)
    assert isinstance(dec, KeyValueDecoder)
    return dec



def decode(data: bytes, max_line: int = 128) -> tuple[KeyValueDecoder, list[Reading]]:
    dec = decoder(max_line)
    return dec, dec.feed(data, 0.0)


def test_make_decoder_builds_the_lines_protocol() -> None:
    dec = decoder()
    assert dec.protocol == "lines"
    assert dec.stats.readings == 0 and dec.stats.bytes == 0


def test_good_line_gives_one_reading_per_pair() -> None:
    dec, readings = decode(b"soil=512 light=230 temp=21.5\n")
    assert pairs(readings) == [("soil", 512.0), ("light", 230.0), ("temp", 21.5)]
    assert dec.stats.lines == 1
    assert dec.stats.readings == 3
    assert not dec.stats.rejects


def test_protocol_key_maps_to_the_sensor_id() -> None:
    """`hum` on the wire belongs to the sensor called `humidity` in the config."""
    _, readings = decode(b"hum=40\n")
    assert pairs(readings) == [("humidity", 40.0)]


def test_negative_and_exponent_values() -> None:
    _, readings = decode(b"temp=-4.5 light=1e2 soil=+7\n")
    assert pairs(readings) == [("temp", -4.5), ("light", 100.0), ("soil", 7.0)]


def test_numbers_python_would_stretch_to_are_not_readings() -> None:
    """float() takes 1_5 and Arabic-Indic digits; a garbled line must not become a value."""
    dec, readings = decode("soil=1_5 light=\u0661\u0665 temp=21.5\n".encode())
    assert pairs(readings) == [("temp", 21.5)]
    assert dec.stats.rejects["not_a_number"] == 2
    from exhibit.protocol.text import parse_number  # what the csv and json decoders use

    assert parse_number("1_5") is parse_number("\u0661\u0665") is None
    assert parse_number(" 15 ") == 15.0


@pytest.mark.parametrize("line", [
    b"soil:512 light:230",           # Arduino Serial Plotter label:value
    b"soil: 512 light: 230",
    b"soil : 512  light :230",
    b"soil = 512 light= 230",
    b"  soil=512\tlight=230  ",
])
def test_colons_and_spaces_around_the_separator(line: bytes) -> None:
    dec, readings = decode(line + b"\n")
    assert pairs(readings) == [("soil", 512.0), ("light", 230.0)]
    assert not dec.stats.rejects


@pytest.mark.parametrize("sep", [b" ", b",", b";", b", ", b" ; ", b"\t", b",,"])
def test_pair_separators(sep: bytes) -> None:
    dec, readings = decode(b"soil=1" + sep + b"light=2" + sep + b"temp=3\n")
    assert pairs(readings) == [("soil", 1.0), ("light", 2.0), ("temp", 3.0)]
    assert not dec.stats.rejects


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
def test_line_endings(end: bytes) -> None:
    dec, readings = decode(b"soil=1" + end + b"light=2" + end)
    assert pairs(readings) == [("soil", 1.0), ("light", 2.0)]
    assert dec.stats.lines == 2
    assert not dec.stats.rejects


def test_crlf_split_between_feeds_is_one_line_end() -> None:
    dec = decoder()
    first = dec.feed(b"soil=1\r", 0.0)
    second = dec.feed(b"\nlight=2\r\n", 0.0)
    assert pairs(first) == [("soil", 1.0)]
    assert pairs(second) == [("light", 2.0)]
    assert dec.stats.lines == 2 and not dec.stats.rejects


MIXED_STREAM = (b"soil=512 light=230\r\n# board ready\nsoil=5x temp=20\r"
                b"\x00\xff\xfe junk\nfoo=1 soil=3;light=4,temp=5\n"
                + b"x" * 300 + b"\nhum=\xc3\xa4 hum=40\r\n\n\ntemp=nan soil=9\n")


def test_stream_fed_byte_by_byte_decodes_identically() -> None:
    expected = assert_bytewise_like_whole(decoder, MIXED_STREAM)
    assert pairs(expected) == [("soil", 512.0), ("light", 230.0), ("temp", 20.0),
                               ("soil", 3.0), ("light", 4.0), ("temp", 5.0),
                               ("humidity", 40.0), ("soil", 9.0)]


def test_partial_line_keeps_good_pairs_and_counts_bad_ones() -> None:
    dec, readings = decode(b"soil=1 light=abc bogus temp=2,=5;hum=\n")
    assert pairs(readings) == [("soil", 1.0), ("temp", 2.0)]
    assert dec.stats.rejects["not_a_number"] == 2   # light=abc, hum=
    assert dec.stats.rejects["not_a_pair"] == 2     # bogus, =5
    assert dec.stats.rejects["line_without_reading"] == 0
    assert dec.stats.readings == 2


@pytest.mark.parametrize("line", [b"hum= temp=21", b"hum: temp: 21", b"hum=\ttemp=21"])
def test_empty_value_does_not_swallow_the_next_pair(line: bytes) -> None:
    """A DHT22 read failure prints `hum=` with nothing; the next sensor must still count."""
    dec, readings = decode(line + b"\n")
    assert pairs(readings) == [("temp", 21.0)]
    assert dec.stats.rejects["not_a_number"] == 1


def test_garbled_bytes_are_rejected_and_the_next_line_decodes() -> None:
    dec, readings = decode(b"\x00\xff\xfe\x81so\xc3il=\x80\x07 \x1b[2J\nsoil=42\n")
    assert pairs(readings) == [("soil", 42.0)]
    assert dec.stats.rejects["line_without_reading"] == 1
    assert sum(dec.stats.rejects.values()) >= 2  # the bad tokens are counted too


@pytest.mark.parametrize("value", [b"nan", b"NaN", b"inf", b"-inf", b"Infinity", b"1e999",
                                   b"high", b"12abc", b"0x1F", b"1.2.3"])
def test_non_finite_and_words_are_rejected(value: bytes) -> None:
    dec, readings = decode(b"soil=" + value + b" light=7\n")
    assert pairs(readings) == [("light", 7.0)]
    assert dec.stats.rejects["not_a_number"] == 1


def test_unknown_keys_are_counted_and_listed() -> None:
    dec, readings = decode(b"vcc=4.9 soil=1 vcc=5.0 rssi=-60\n")
    assert pairs(readings) == [("soil", 1.0)]
    assert dec.stats.unknown_keys == {"vcc": 2, "rssi": 1}
    assert dec.stats.rejects["unknown_key"] == 3
    assert dec.stats.snapshot()["unknown_keys"] == {"vcc": 2, "rssi": 1}


def test_unknown_key_list_is_capped() -> None:
    """A board spraying random names must not grow the stats without bound."""
    dec = decoder()
    extra = 10
    for i in range(MAX_UNKNOWN_KEYS + extra):
        dec.feed(f"k{i}=1\n".encode(), 0.0)
    dec.feed(b"k0=1\n", 0.0)  # an already listed name still counts as itself
    unknown = dec.stats.unknown_keys
    assert len([k for k in unknown if k != "(other)"]) == MAX_UNKNOWN_KEYS
    assert unknown["(other)"] == extra
    assert unknown["k0"] == 2
    assert dec.stats.rejects["unknown_key"] == MAX_UNKNOWN_KEYS + extra + 1


@pytest.mark.parametrize("line", [b"# soil=1 light=2", b"#", b"   # status: ok"])
def test_comment_lines_are_not_readings(line: bytes) -> None:
    dec, readings = decode(line + b"\nsoil=3\n")
    assert pairs(readings) == [("soil", 3.0)]
    assert not dec.stats.rejects
    assert list(dec.stats.last_lines)[0] == line.decode().strip()


@pytest.mark.parametrize("chunk", [1, 7, 64, 10_000])
def test_over_long_line_is_dropped_and_the_next_line_decodes(chunk: int) -> None:
    data = b"soil=" + b"1" * 100 + b"\nlight=5\n"
    dec = decoder(max_line=32)
    readings: list[Reading] = []
    for i in range(0, len(data), chunk):
        readings.extend(dec.feed(data[i:i + chunk], 0.0))
        assert len(dec.framer._buffer) <= 32
    assert pairs(readings) == [("light", 5.0)]
    assert dec.stats.rejects["line_too_long"] == 1
    assert dec.stats.lines == 1  # the dropped line is not counted as a received line


def test_line_of_exactly_max_line_bytes_is_kept() -> None:
    max_line = 32
    fits = b"soil=" + b"0" * (max_line - 6) + b"7"
    assert len(fits) == max_line
    dec, readings = decode(fits + b"\n" + fits + b"0\n", max_line=max_line)
    assert pairs(readings) == [("soil", 7.0)]
    assert dec.stats.rejects["line_too_long"] == 1


def test_reset_drops_a_partial_line() -> None:
    """After a reconnect the board's half line must not glue onto its first new line."""
    dec = decoder()
    assert dec.feed(b"soil=1", 0.0) == []
    dec.reset()
    assert pairs(dec.feed(b"light=2\n", 0.0)) == [("light", 2.0)]
    assert not dec.stats.rejects


def test_reset_ends_discarding_an_over_long_line() -> None:
    dec = decoder(max_line=16)
    dec.feed(b"x" * 40, 0.0)
    dec.reset()
    assert pairs(dec.feed(b"soil=8\n", 0.0)) == [("soil", 8.0)]


def test_last_lines_keeps_the_twenty_most_recent() -> None:
    assert LAST_LINES == 20
    dec = decoder()
    for i in range(25):
        dec.feed(f"soil={i}\r\n".encode(), 0.0)
    expected = [f"soil={i}" for i in range(5, 25)]
    assert list(dec.stats.last_lines) == expected
    assert dec.stats.snapshot()["last_lines"] == expected


def test_readings_carry_the_time_of_the_feed_that_completed_the_line() -> None:
    dec = decoder()
    first = dec.feed(b"soil=1\nlight=", 1.5)
    second = dec.feed(b"2\ntemp=3\n", 2.5)
    assert first == [Reading("soil", 1.0, 1.5)]
    assert second == [Reading("light", 2.0, 2.5), Reading("temp", 3.0, 2.5)]


def test_byte_count_includes_everything_received() -> None:
    dec, _ = decode(b"soil=1\r\n\x00\xff" + b"y" * 500 + b"\n")
    assert dec.stats.bytes == 8 + 2 + 500 + 1


# -- properties ------------------------------------------------------------------------------

# Random bytes alone never formed a reading (0 of 300 examples), so the checks on readings
# never ran: well-formed and half-formed pairs are mixed in among them.
PAIRS = st.sampled_from([b"soil=5\n", b"light: 12.5 temp=-3\r\n", b"hum=nan soil=1e3\n",
                         b"soil=", b"=7\n", b"temp=21", b"\n", b"soil=1e999\n"])


@settings(max_examples=300, deadline=None)
@given(chunks=st.lists(st.binary(max_size=300) | PAIRS, max_size=30),
       max_line=st.integers(min_value=16, max_value=256))
def test_any_bytes_never_raise_and_the_buffer_stays_bounded(chunks: list[bytes],
                                                            max_line: int) -> None:
    dec = decoder(max_line=max_line)
    for t, chunk in enumerate(chunks):
        for reading in dec.feed(chunk, float(t)):
            assert reading.sensor in KEYS.values()
            assert math.isfinite(reading.raw)
            assert reading.t == float(t)
        assert len(dec.framer._buffer) <= max_line
    assert dec.stats.bytes == sum(map(len, chunks))


GARBAGE = st.binary(max_size=200).map(
    lambda b: b.replace(b"\n", b"").replace(b"\r", b"")).filter(lambda b: b"probe" not in b)


@settings(max_examples=200, deadline=None)
@given(garbage=st.lists(GARBAGE, min_size=1, max_size=12),
       ends=st.lists(st.sampled_from([b"\n", b"\r\n", b"\r"]), min_size=12, max_size=12),
       cuts=st.lists(st.integers(min_value=0, max_value=3000), max_size=20))
def test_valid_lines_among_garbage_decode_exactly_once(garbage: list[bytes], ends: list[bytes],
                                                       cuts: list[int]) -> None:
    """Whatever junk precedes it, a complete good line after a line end is never lost."""
    stream = b"".join(junk + ends[i] + b"probe=%d" % i + ends[-1 - i]
                      for i, junk in enumerate(garbage))
    dec = decoder(max_line=64, keys={"probe": "probe", "soil": "soil"})
    readings: list[Reading] = []
    bounds = sorted({0, len(stream), *(c for c in cuts if c < len(stream))})
    for start, stop in zip(bounds, bounds[1:]):
        readings.extend(dec.feed(stream[start:stop], 0.0))
    probes = [r.raw for r in readings if r.sensor == "probe"]
    assert probes == [float(i) for i in range(len(garbage))]
