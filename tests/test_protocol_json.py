"""The `json` protocol decoder: one object per line, from ArduinoJson or a hand-written sketch.

Like the `lines` decoder it must keep every good value, count every reject with a reason,
never raise and never grow a buffer, whatever a loose cable or a half-finished sketch sends.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exhibit.protocol import make_decoder
from exhibit.protocol.json_lines import MAX_DEPTH, JsonDecoder
from exhibit.reading import Reading
from tests.decoding import assert_bytewise_like_whole, pairs

KEYS = {"light": "light", "soil": "soil", "env.temp": "temp", "env.hum": "humidity"}


def decoder(max_line: int = 256, keys: dict[str, str] = KEYS) -> JsonDecoder:
    dec = make_decoder("json", keys, max_line)
    assert isinstance(dec, JsonDecoder)
    return dec



def decode(data: bytes, max_line: int = 256,
           keys: dict[str, str] = KEYS) -> tuple[JsonDecoder, list[Reading]]:
    dec = decoder(max_line, keys)
    return dec, dec.feed(data, 0.0)


def test_make_decoder_builds_the_json_protocol() -> None:
    dec = decoder()
    assert dec.protocol == "json"
    assert dec.stats.readings == 0 and dec.stats.bytes == 0


def test_good_line_gives_one_reading_per_mapped_number() -> None:
    dec, readings = decode(b'{"light": 512, "soil": 300}\n')
    assert pairs(readings) == [("light", 512.0), ("soil", 300.0)]
    assert all(type(r.raw) is float for r in readings)
    assert dec.stats.lines == 1 and dec.stats.readings == 2
    assert not dec.stats.rejects


def test_nested_values_are_addressed_by_dotted_path() -> None:
    dec, readings = decode(b'{"light": 512, "env": {"temp": 21.5, "hum": 40}}\n')
    assert pairs(readings) == [("light", 512.0), ("temp", 21.5), ("humidity", 40.0)]
    assert not dec.stats.rejects


def test_a_dotted_key_matches_like_a_nested_one() -> None:
    _, readings = decode(b'{"env.temp": 19}\n')
    assert pairs(readings) == [("temp", 19.0)]


def test_negative_fraction_and_exponent_values() -> None:
    _, readings = decode(b'{"light": -4.5, "soil": 1e2, "env": {"temp": -0.25E1}}\n')
    assert pairs(readings) == [("light", -4.5), ("soil", 100.0), ("temp", -2.5)]


def test_spaces_and_key_order_do_not_matter() -> None:
    _, readings = decode(b'  {  "soil":7 ,"light" :  8 }  \n')
    assert pairs(readings) == [("soil", 7.0), ("light", 8.0)]


@pytest.mark.parametrize("value", [b'"21.5"', b'"high"', b"true", b"false", b"null", b"[1]",
                                   b'{"x": 1}', b"NaN", b"Infinity", b"-Infinity", b"1e999",
                                   b"-1e999", b"1" * 400])
def test_a_mapped_value_that_is_no_finite_number_is_rejected(value: bytes) -> None:
    """Quoted numbers too: a board that sends them has a bug staff should see."""
    dec, readings = decode(b'{"light": ' + value + b', "soil": 7}\n', max_line=512)
    assert pairs(readings) == [("soil", 7.0)]
    assert dec.stats.rejects["not_a_number"] == 1
    assert dec.stats.rejects["line_without_reading"] == 0


@pytest.mark.parametrize("line", [b'{"light": 5', b'{"light": 5}}', b"{'light': 5}",
                                  b'{"light": 5,}', b"light=5", b"\x00\xff\xfe", b"{",
                                  b'{"light": 5} {"soil": 6}', b'{"light": 0x1F}'])
def test_invalid_json_is_rejected_and_the_next_line_decodes(line: bytes) -> None:
    dec, readings = decode(line + b'\n{"soil": 1}\n')
    assert pairs(readings) == [("soil", 1.0)]
    assert dec.stats.rejects["invalid_json"] == 1
    assert dec.stats.rejects["line_without_reading"] == 1


@pytest.mark.parametrize("line", [b"[512, 300]", b"512", b'"light"', b"null", b"true",
                                  b'[{"light": 5}]'])
def test_json_that_is_no_object_is_rejected(line: bytes) -> None:
    dec, readings = decode(line + b"\n")
    assert readings == []
    assert dec.stats.rejects["not_an_object"] == 1
    assert dec.stats.rejects["line_without_reading"] == 1


def test_an_empty_object_is_a_line_without_reading() -> None:
    dec, readings = decode(b"{}\n")
    assert readings == []
    assert dict(dec.stats.rejects) == {"line_without_reading": 1}


def test_unknown_numeric_leaves_are_listed_by_dotted_path() -> None:
    dec, readings = decode(b'{"vcc": 4.9, "light": 1, "env": {"temp": 2, "pressure": 1013},'
                           b' "net": {"wifi": {"rssi": -60}}}\n')
    assert pairs(readings) == [("light", 1.0), ("temp", 2.0)]
    assert dec.stats.unknown_keys == {"vcc": 1, "env.pressure": 1, "net.wifi.rssi": 1}
    assert dec.stats.rejects["unknown_key"] == 3


def test_unmapped_words_flags_and_lists_are_ignored_silently() -> None:
    """A board name or a status flag is no sensor the config could have meant."""
    dec, readings = decode(b'{"board": "stadt", "ok": true, "err": null, "hist": [1, 2],'
                           b' "light": 3}\n')
    assert pairs(readings) == [("light", 3.0)]
    assert not dec.stats.rejects and not dec.stats.unknown_keys


def test_unmapped_non_finite_numbers_count_as_unknown_keys() -> None:
    dec, _ = decode(b'{"vcc": NaN, "light": 1}\n')
    assert dec.stats.unknown_keys == {"vcc": 1}


def nested(depth: int, leaf: str = '{"v": 1}') -> str:
    """An object `depth` levels deep (the line's own object is level 1) with `v` inside."""
    text = leaf
    for level in range(depth - 1):
        text = f'{{"k{depth - 2 - level}": {text}}}'
    return text


def test_values_down_to_the_depth_cap_are_read() -> None:
    path = ".".join(f"k{i}" for i in range(MAX_DEPTH - 1)) + ".v"
    line = nested(MAX_DEPTH)
    assert json.loads(line)  # the helper builds valid JSON
    dec, readings = decode(line.encode() + b"\n", keys={path: "deep"})
    assert pairs(readings) == [("deep", 1.0)]
    assert not dec.stats.rejects


def test_objects_past_the_depth_cap_are_counted_not_walked() -> None:
    dec, readings = decode(nested(MAX_DEPTH + 1).encode() + b"\n", max_line=512,
                           keys={"light": "light"})
    assert readings == []
    assert dec.stats.rejects["too_deep"] == 1
    assert not dec.stats.unknown_keys


def test_pathological_nesting_with_a_huge_max_line_does_not_raise() -> None:
    depth = 200_000
    dec, readings = decode(b"[" * depth + b"]" * depth + b'\n{"light": 1}\n',
                           max_line=2 * depth + 16)
    assert pairs(readings) == [("light", 1.0)]
    assert dec.stats.rejects["invalid_json"] == 1


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
def test_line_endings(end: bytes) -> None:
    dec, readings = decode(b'{"soil": 1}' + end + b'{"light": 2}' + end)
    assert pairs(readings) == [("soil", 1.0), ("light", 2.0)]
    assert dec.stats.lines == 2
    assert not dec.stats.rejects


MIXED_STREAM = (b'{"light": 512, "env": {"temp": 21.5}}\r\n# board ready\n{"soil": "5"}\r'
                b'\x00\xff\xfe junk\n[1, 2]\n{"vcc": 5, "soil": 3, "env": {"hum": 40}}\n'
                + b"x" * 300 + b'\n{"light": \xc3\xa4}\r\n\n\n{"light": NaN, "soil": 9}\n')


def test_stream_fed_byte_by_byte_decodes_identically() -> None:
    expected = assert_bytewise_like_whole(decoder, MIXED_STREAM)
    assert pairs(expected) == [("light", 512.0), ("temp", 21.5), ("soil", 3.0),
                               ("humidity", 40.0), ("soil", 9.0)]
    whole = decoder()
    whole.feed(MIXED_STREAM, 1.0)
    assert whole.stats.rejects["line_too_long"] == 1


@pytest.mark.parametrize("line", [b"# soil=1 light=2", b"#", b'   # {"light": 1}'])
def test_comment_lines_are_not_readings(line: bytes) -> None:
    dec, readings = decode(line + b'\n{"soil": 3}\n')
    assert pairs(readings) == [("soil", 3.0)]
    assert not dec.stats.rejects
    assert dec.stats.last_lines[0] == line.decode().strip()


def test_hello_line_tells_who_the_board_is() -> None:
    dec, readings = decode(b'#hello sensorik-stadt 1.2 sensors=light,soil\n{"light": 4}\n')
    assert pairs(readings) == [("light", 4.0)]
    assert dec.hello is not None
    assert (dec.hello.model, dec.hello.version, dec.hello.sensors) == (
        "sensorik-stadt", "1.2", ("light", "soil"))
    assert dec.on_open() == b"?\n"


@pytest.mark.parametrize("chunk", [1, 7, 64, 10_000])
def test_over_long_line_is_dropped_and_the_next_line_decodes(chunk: int) -> None:
    data = b'{"light": ' + b"1" * 100 + b'}\n{"soil": 5}\n'
    dec = decoder(max_line=32)
    readings: list[Reading] = []
    for i in range(0, len(data), chunk):
        readings.extend(dec.feed(data[i:i + chunk], 0.0))
        assert len(dec.framer._buffer) <= 32
    assert pairs(readings) == [("soil", 5.0)]
    assert dec.stats.rejects["line_too_long"] == 1
    assert dec.stats.lines == 1


# -- the first line after reset() -------------------------------------------------------------

LINES = [b'{"light": 512, "soil": 300}',
         b'{"light": 512, "env": {"temp": 21.5, "hum": 40}, "soil": 7}',
         b'{"env": {"temp": -3}, "note": "a {\\"b\\": 1} }", "light": 1}',
         b'{ "light" : 5 , "soil" : { "x" : 1 } }']


@pytest.mark.parametrize("line", LINES)
def test_every_tail_end_of_a_line_after_reset_is_dropped_as_cut_off(line: bytes) -> None:
    """pyserial discards what came before the port opened: the first line may start
    anywhere. Each tail is dropped and counted, and the whole line after it decodes."""
    whole, readings = decode(line + b"\n")
    expected = pairs(readings)
    assert expected
    for cut in range(1, len(line)):
        dec = decoder()
        dec.reset()
        first = dec.feed(line[cut:] + b"\n", 0.0)
        second = dec.feed(line + b"\n", 0.0)
        assert first == [], line[cut:]
        assert pairs(second) == expected
        assert dec.stats.rejects == whole.stats.rejects + Counter(cut_off_first_line=1)


def test_a_whole_first_line_after_reset_is_kept() -> None:
    dec = decoder()
    dec.reset()
    assert pairs(dec.feed(b'{"light": 1}\n', 0.0)) == [("light", 1.0)]
    assert not dec.stats.rejects


def test_only_the_first_line_after_reset_is_checked() -> None:
    dec = decoder()
    dec.reset()
    dec.feed(b'"soil": 3}\n[1]\n', 0.0)
    assert dict(dec.stats.rejects) == {"cut_off_first_line": 1, "not_an_object": 1,
                                       "line_without_reading": 1}


def test_reset_drops_a_partial_line() -> None:
    dec = decoder()
    assert dec.feed(b'{"soil": 1, ', 0.0) == []
    dec.reset()
    assert pairs(dec.feed(b'{"light": 2}\n', 0.0)) == [("light", 2.0)]
    assert not dec.stats.rejects


def test_readings_carry_the_time_of_the_feed_that_completed_the_line() -> None:
    dec = decoder()
    first = dec.feed(b'{"soil": 1}\n{"light": ', 1.5)
    second = dec.feed(b'2}\n{"soil": 3}\n', 2.5)
    assert first == [Reading("soil", 1.0, 1.5)]
    assert second == [Reading("light", 2.0, 2.5), Reading("soil", 3.0, 2.5)]


# -- properties ------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(chunks=st.lists(st.binary(max_size=300), max_size=30),
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


# Mostly objects with the mapped keys among random ones ("env" for the nested "env.temp"):
# with random keys only, not one of 300 examples gave a reading, so "readings are finite"
# was never put to the test.
JSON_KEY = st.sampled_from(["light", "soil", "env", "temp", "hum"]) | st.text(max_size=6)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(JSON_KEY, children, max_size=4),
    max_leaves=20)
NUMBERISH = st.integers() | st.floats() | JSON_VALUE
MAPPED = st.fixed_dictionaries({}, optional={
    "light": NUMBERISH, "soil": NUMBERISH, "x": JSON_VALUE,
    "env": st.fixed_dictionaries({}, optional={"temp": NUMBERISH, "hum": NUMBERISH})
    | JSON_VALUE})
JSON_TEXT = (MAPPED | st.dictionaries(JSON_KEY, JSON_VALUE, max_size=5) | JSON_VALUE
             ).map(json.dumps)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(JSON_TEXT, max_size=5))
def test_any_json_never_raises_and_readings_are_finite(lines: list[str]) -> None:
    dec = decoder(max_line=65536)
    for line in lines:
        for reading in dec.feed(line.encode() + b"\n", 0.0):
            assert math.isfinite(reading.raw)
    assert dec.stats.lines == len(lines)


GARBAGE = st.binary(max_size=200).map(
    lambda b: b.replace(b"\n", b"").replace(b"\r", b"")).filter(lambda b: b"probe" not in b)


@settings(max_examples=200, deadline=None)
@given(garbage=st.lists(GARBAGE, min_size=1, max_size=12),
       ends=st.lists(st.sampled_from([b"\n", b"\r\n", b"\r"]), min_size=12, max_size=12),
       cuts=st.lists(st.integers(min_value=0, max_value=3000), max_size=20))
def test_valid_lines_among_garbage_decode_exactly_once(garbage: list[bytes], ends: list[bytes],
                                                       cuts: list[int]) -> None:
    stream = b"".join(junk + ends[i] + b'{"probe": %d, "x": "}{"}' % i + ends[-1 - i]
                      for i, junk in enumerate(garbage))
    dec = decoder(max_line=64, keys={"probe": "probe", "light": "light"})
    readings: list[Reading] = []
    bounds = sorted({0, len(stream), *(c for c in cuts if c < len(stream))})
    for start, stop in pairwise(bounds):
        readings.extend(dec.feed(stream[start:stop], 0.0))
    probes = [r.raw for r in readings if r.sensor == "probe"]
    assert probes == [float(i) for i in range(len(garbage))]


@settings(max_examples=200, deadline=None)
@given(values=st.dictionaries(st.sampled_from(["light", "soil", "vcc"]),
                              st.integers(-10**6, 10**6) | st.floats(allow_nan=False,
                                                                     allow_infinity=False),
                              min_size=1),
       cut=st.integers(min_value=1, max_value=200))
def test_a_cut_off_first_line_never_gives_a_reading(values: dict[str, float], cut: int) -> None:
    line = json.dumps(values).encode()
    dec = decoder()
    dec.reset()
    assert dec.feed(line[cut:] + b"\n", 0.0) == []
    second = dec.feed(line + b"\n", 0.0)
    assert pairs(second) == [(k, float(v)) for k, v in values.items() if k in KEYS]
