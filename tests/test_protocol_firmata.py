"""The `firmata` decoder: a stock Arduino running StandardFirmata 2.5, bytes as it sends them.

A board that restarts mid-message, a cable pulled while a SysEx is under way, junk on the
line: the decoder must fall back in step at the next command byte, keep every complete
message exactly once, count every reject with a reason and never grow a buffer.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exhibit.protocol import make_decoder
from exhibit.protocol.firmata import FirmataDecoder, parse_pin
from exhibit.protocol.text import Hello
from exhibit.reading import Reading
from tests.decoding import assert_bytewise_like_whole, pairs

PINS = {"A0": "light", "A1": "soil", "D2": "motion", "d3": "button", "D9": "door"}


def decoder(pins: dict[str, str] = PINS, max_line: int = 128) -> FirmataDecoder:
    dec = make_decoder("firmata", pins, max_line)
    assert isinstance(dec, FirmataDecoder)
    return dec



def decode(data: bytes, pins: dict[str, str] = PINS,
           max_line: int = 128) -> tuple[FirmataDecoder, list[Reading]]:
    dec = decoder(pins, max_line)
    return dec, dec.feed(data, 0.0)


# -- messages as StandardFirmata 2.5 encodes them (Firmata protocol.md) ---------------------

def two_7bit(value: int) -> bytes:
    """A value up to 14 bits as LSB (bits 0-6), MSB (bits 7-13)."""
    return bytes([value & 0x7F, value >> 7 & 0x7F])


def analog(channel: int, value: int) -> bytes:
    return bytes([0xE0 | channel]) + two_7bit(value)


def digital(port: int, bits: int) -> bytes:
    """`bits`: bit n is pin 8·port+n."""
    return bytes([0x90 | port]) + two_7bit(bits)


def version(major: int = 2, minor: int = 5) -> bytes:
    return bytes([0xF9, major, minor])


def sysex(command: int, payload: bytes = b"") -> bytes:
    return bytes([0xF0, command]) + payload + b"\xF7"


def chars(text: str) -> bytes:
    """A string as Firmata sends it: each byte as an LSB/MSB pair."""
    return b"".join(two_7bit(c) for c in text.encode())


def firmware(name: str = "StandardFirmata.ino", major: int = 2, minor: int = 5) -> bytes:
    return sysex(0x79, bytes([major, minor]) + chars(name))


def string(text: str) -> bytes:
    return sysex(0x71, chars(text))


# Checked by hand against the spec rather than the helpers above.
BOOT = (b"\xF9\x02\x05"  # protocol version 2.5
        b"\xF0\x79\x02\x05"  # firmware 2.5, then "StandardFirmata.ino" as LSB/MSB pairs
        b"S\x00t\x00a\x00n\x00d\x00a\x00r\x00d\x00F\x00i\x00r\x00m\x00a\x00t\x00a\x00"
        b".\x00i\x00n\x00o\x00\xF7")


def test_helpers_encode_like_the_spec() -> None:
    assert analog(0, 511) == b"\xE0\x7F\x03"     # 3·128 + 127 = 511
    assert analog(1, 1023) == b"\xE1\x7F\x07"    # 7·128 + 127
    assert analog(2, 512) == b"\xE2\x00\x04"
    assert digital(0, 0b1000_0100) == b"\x90\x04\x01"  # D2 in the LSB, D7 in the MSB
    assert version() + firmware() == BOOT


def test_make_decoder_builds_the_firmata_protocol() -> None:
    dec = decoder()
    assert dec.protocol == "firmata"
    assert dec.hello is None
    assert dec.stats.bytes == 0 and dec.stats.readings == 0


# -- analog --------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "expected"), [
    (b"\xE0\x7F\x03", [("light", 511.0)]),
    (b"\xE1\x7F\x07", [("soil", 1023.0)]),
    (b"\xE0\x00\x00", [("light", 0.0)]),
    (b"\xE0\x7F\x7F", [("light", 16383.0)]),   # the largest 14-bit value
    (b"\xE0\x00\x04\xE1\x2A\x00", [("light", 512.0), ("soil", 42.0)]),
])
def test_literal_analog_messages(data: bytes, expected: list[tuple[str, float]]) -> None:
    dec, readings = decode(data)
    assert pairs(readings) == expected
    assert dec.stats.readings == len(expected)
    assert not dec.stats.rejects


def test_analog_readings_carry_time_and_show_in_last_lines() -> None:
    dec = decoder()
    first = dec.feed(analog(0, 700) + analog(1, 3)[:2], 1.5)
    second = dec.feed(analog(1, 3)[2:], 2.5)
    assert first == [Reading("light", 700.0, 1.5)]
    assert second == [Reading("soil", 3.0, 2.5)]
    assert dec.stats.lines == 2
    assert list(dec.stats.last_lines) == ["A0=700", "A1=3"]


def test_unmapped_analog_pins_are_counted_as_unknown() -> None:
    dec, readings = decode(analog(3, 10) + analog(0, 1) + analog(3, 11) + analog(15, 0))
    assert pairs(readings) == [("light", 1.0)]
    assert dec.stats.unknown_keys == {"A3": 2, "A15": 1}
    assert dec.stats.rejects == {"unknown_key": 3}
    assert dec.stats.lines == 4


# -- digital ---------------------------------------------------------------------------------

def test_first_port_report_gives_every_mapped_pin_on_it() -> None:
    dec, readings = decode(digital(0, 0b0000_0100))  # D2 high, D3 low
    assert pairs(readings) == [("motion", 1.0), ("button", 0.0)]
    assert list(dec.stats.last_lines) == ["port 0 = 00000100 (D2=1 D3=0)"]


def test_port_reports_give_readings_only_for_changed_pins() -> None:
    dec = decoder()
    dec.feed(digital(0, 0b0000_0100), 0.0)
    assert dec.feed(digital(0, 0b0001_0100), 1.0) == []  # only D4, unmapped, changed
    assert dec.feed(digital(0, 0b0000_0100), 2.0) == []
    assert dec.feed(digital(0, 0b0000_1000), 3.0) == [Reading("motion", 0.0, 3.0),
                                                       Reading("button", 1.0, 3.0)]
    assert dec.feed(digital(0, 0b0000_1100), 4.0) == [Reading("motion", 1.0, 4.0)]
    assert dec.stats.readings == 5
    assert dec.stats.lines == 5
    assert not dec.stats.rejects


def test_ports_are_eight_pins_each() -> None:
    _, readings = decode(digital(1, 0b10) + digital(1, 0b01) + digital(1, 0))
    assert pairs(readings) == [("door", 1.0), ("door", 0.0)]  # D9 is bit 1 of port 1


def test_pin_seven_travels_in_the_msb() -> None:
    _, readings = decode(b"\x90\x00\x01" + b"\x90\x7F\x00", pins={"D7": "gate", "D0": "x"})
    assert pairs(readings) == [("x", 0.0), ("gate", 1.0), ("x", 1.0), ("gate", 0.0)]


def test_unmapped_port_is_counted_as_unknown() -> None:
    dec, readings = decode(digital(2, 0xFF))
    assert readings == []
    assert dec.stats.unknown_keys == {"D16-D23": 1}
    assert list(dec.stats.last_lines) == ["port 2 = 11111111"]


# -- what the board says about itself -------------------------------------------------------

def test_boot_announcement_sets_hello_and_version() -> None:
    dec, readings = decode(BOOT)
    assert readings == []
    assert dec.hello == Hello(model="StandardFirmata.ino", version="2.5")
    assert dec.protocol_version == (2, 5)
    assert list(dec.stats.last_lines) == ["protocol version 2.5",
                                          "firmware StandardFirmata.ino 2.5"]
    assert dec.stats.lines == 2
    assert not dec.stats.rejects


def test_firmware_report_with_other_name_and_version() -> None:
    dec, _ = decode(firmware("StadtModell", 3, 12))
    assert dec.hello == Hello("StadtModell", "3.12")


def test_string_data_is_shown_as_text() -> None:
    dec, readings = decode(string("I2C: Too few bytes received") + analog(0, 5))
    assert pairs(readings) == [("light", 5.0)]
    assert list(dec.stats.last_lines) == ["string: I2C: Too few bytes received", "A0=5"]
    assert not dec.stats.rejects


def test_string_data_with_control_characters_and_a_null_stays_one_line() -> None:
    dec, _ = decode(sysex(0x71, chars("a\nb\x1b[2J") + two_7bit(0)))
    assert list(dec.stats.last_lines) == ["string: a?b?[2J"]


@pytest.mark.parametrize(("message", "shown"), [
    (sysex(0x6C, bytes([0, 1, 1, 1, 0x7F, 0x7F])),
     "sysex 0x6C capability response, 7 bytes, ignored"),
    (sysex(0x6A, bytes([0x7F, 0x7F, 0])), "sysex 0x6A analog mapping response, 4 bytes, ignored"),
    (sysex(0x10, b"\x01"), "sysex 0x10, 2 bytes, ignored"),
    (b"\xF0\xF7", "sysex (empty), 0 bytes, ignored"),
])
def test_other_sysex_is_skipped_and_counted(message: bytes, shown: str) -> None:
    dec, readings = decode(message + analog(1, 9))
    assert pairs(readings) == [("soil", 9.0)]
    assert dec.stats.rejects == {"sysex_ignored": 1}
    assert list(dec.stats.last_lines) == [shown, "A1=9"]


# -- junk and resynchronisation -------------------------------------------------------------

def test_stray_data_bytes_are_counted_under_one_reason() -> None:
    dec, readings = decode(b"hello\n" + analog(0, 1) + b"\x00" * 1000 + b"\xF7" + analog(0, 2))
    assert pairs(readings) == [("light", 1.0), ("light", 2.0)]
    assert dec.stats.rejects == {"stray_byte": 6 + 1000 + 1}


def test_a_command_byte_aborts_an_unfinished_message() -> None:
    dec, readings = decode(b"\xE0\x10" + analog(1, 5) + b"\xF0\x79\x02" + analog(0, 6)
                           + b"\x90" + version())
    assert pairs(readings) == [("soil", 5.0), ("light", 6.0)]
    assert dec.stats.rejects == {"truncated_message": 3}
    assert dec.hello is None
    assert dec.protocol_version == (2, 5)


def test_unknown_command_bytes_are_counted() -> None:
    dec, readings = decode(b"\x80\x01\x02" + b"\xFE" + analog(0, 3))
    assert pairs(readings) == [("light", 3.0)]
    assert dec.stats.rejects == {"unknown_command": 2, "stray_byte": 2}


def test_an_echoing_link_does_not_confuse_the_decoder() -> None:
    """On a loop:// URL our own set-up and keepalive come back; they are no readings."""
    dec = decoder()
    readings = dec.feed(dec.on_open() + dec.keepalive() + analog(0, 4), 0.0)
    assert pairs(readings) == [("light", 4.0)]
    assert dec.stats.rejects["ignored_command"] > 0


STREAM = (b"\x00\x01" + BOOT + analog(0, 511) + digital(0, 0b100) + string("hi")
          + sysex(0x6C, bytes(range(40))) + analog(3, 7) + b"\xE1\x05" + analog(1, 1023)
          + digital(1, 0b10) + b"\xF7\x42" + version(2, 6) + digital(0, 0b1000) + analog(0, 0))
STREAM_PAIRS = [("light", 511.0), ("motion", 1.0), ("button", 0.0), ("soil", 1023.0),
                ("door", 1.0), ("motion", 0.0), ("button", 1.0), ("light", 0.0)]


def test_stream_fed_whole_decodes_every_message_once() -> None:
    dec, readings = decode(STREAM)
    assert pairs(readings) == STREAM_PAIRS
    assert dec.hello == Hello("StandardFirmata.ino", "2.5")
    assert dec.protocol_version == (2, 6)
    assert dec.stats.rejects == {"stray_byte": 4, "sysex_ignored": 1, "unknown_key": 1,
                                 "truncated_message": 1}


def test_stream_fed_byte_by_byte_or_cut_once_anywhere_decodes_identically() -> None:
    """Every cut point, alone and all at once: one loop instead of 125 enumerated tests."""
    assert_bytewise_like_whole(decoder, STREAM, 0.0)
    whole, expected = decode(STREAM)
    for cut in range(1, len(STREAM)):
        split = decoder()
        got = split.feed(STREAM[:cut], 1.0) + split.feed(STREAM[cut:], 1.0)
        assert pairs(got) == pairs(expected), cut
        assert split.stats.snapshot() == whole.stats.snapshot(), cut
        assert split.hello == whole.hello, cut


@settings(max_examples=200, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=len(STREAM)), max_size=30))
def test_stream_cut_into_any_pieces_decodes_identically(cuts: list[int]) -> None:
    """Readings, every stats counter and the hello match the stream fed whole, however it
    is cut into many pieces."""
    whole, _ = decode(STREAM)
    bounds = sorted({0, len(STREAM), *cuts})
    dec = decoder()
    got = [r for a, b in pairwise(bounds) for r in dec.feed(STREAM[a:b], 0.0)]
    assert pairs(got) == STREAM_PAIRS
    assert dec.stats.snapshot() == whole.stats.snapshot()
    assert dec.hello == whole.hello


# -- over-long SysEx -----------------------------------------------------------------------

@pytest.mark.parametrize("chunk", [1, 7, 64, 10_000])
def test_over_long_sysex_is_dropped_and_the_next_message_decodes(chunk: int) -> None:
    data = string("x" * 50) + analog(0, 8) + sysex(0x6C, bytes(100)) + b"\x00\x00" + analog(1, 9)
    dec = decoder(max_line=32)
    readings: list[Reading] = []
    for i in range(0, len(data), chunk):
        readings.extend(dec.feed(data[i:i + chunk], 0.0))
        assert len(dec._buffer) <= 32
    assert pairs(readings) == [("light", 8.0), ("soil", 9.0)]
    assert dec.stats.rejects == {"sysex_too_long": 2, "stray_byte": 2}
    assert dec.stats.lines == 2  # dropped messages are not counted as received


def test_over_long_sysex_cut_short_by_a_command_byte() -> None:
    dec, readings = decode(b"\xF0" + bytes(100) + analog(0, 1), max_line=32)
    assert pairs(readings) == [("light", 1.0)]
    assert dec.stats.rejects == {"sysex_too_long": 1}


def test_sysex_of_exactly_max_line_bytes_is_kept() -> None:
    name = "N" * 14
    report = firmware(name)
    assert len(report) - 2 == 31  # command, major, minor and 14 pairs between F0 and F7
    dec, _ = decode(report + firmware(name + "X"), max_line=31)
    assert dec.hello == Hello(name, "2.5")
    assert dec.stats.rejects == {"sysex_too_long": 1}


# -- reset ---------------------------------------------------------------------------------

def test_reset_drops_a_partial_message() -> None:
    """After a reconnect the board's half message must not glue onto new bytes."""
    dec = decoder()
    assert dec.feed(b"\xE0\x7F", 0.0) == []
    dec.reset()
    assert pairs(dec.feed(b"\x03" + analog(0, 7), 0.0)) == [("light", 7.0)]
    assert dec.stats.rejects == {"stray_byte": 1}


def test_reset_drops_a_partial_sysex() -> None:
    dec = decoder()
    dec.feed(b"\xF0\x79\x02\x05S\x00", 0.0)
    dec.reset()
    dec.feed(b"t\x00\xF7" + analog(1, 2), 0.0)
    assert dec.hello is None
    assert dec.stats.rejects == {"stray_byte": 3}


def test_reset_ends_skipping_an_over_long_sysex() -> None:
    dec = decoder(max_line=16)
    dec.feed(b"\xF0" + bytes(40), 0.0)
    dec.reset()
    assert pairs(dec.feed(analog(0, 3), 0.0)) == [("light", 3.0)]


def test_reset_forgets_the_digital_values() -> None:
    dec = decoder()
    dec.feed(digital(0, 0b100), 0.0)
    assert dec.feed(digital(0, 0b100), 0.0) == []
    dec.reset()
    assert pairs(dec.feed(digital(0, 0b100), 0.0)) == [("motion", 1.0), ("button", 0.0)]


def test_byte_count_includes_everything_received() -> None:
    dec, _ = decode(b"\x00\xff" + STREAM + b"\xE0")
    assert dec.stats.bytes == len(STREAM) + 3


# -- what we send -----------------------------------------------------------------------------

def test_on_open_for_the_example_mapping() -> None:
    dec = decoder({"A0": "light", "A1": "soil", "D2": "motion"})
    assert dec.on_open() == (b"\xF0\x79\xF7"          # query firmware
                             b"\xF0\x7A\x32\x00\xF7"  # sampling interval 50 ms
                             b"\xF4\x02\x00"          # D2: INPUT
                             b"\xC0\x01\xC1\x01"      # report A0, A1
                             b"\xD0\x01")             # report port 0 (D0-D7)


def test_on_open_sorts_pins_and_enables_each_port_once() -> None:
    dec = decoder({"D13": "a", "a5": "b", "d8": "c", "A2": "d", "D2": "e", "D9": "f",
                   "D69": "g"})
    assert dec.on_open() == (b"\xF0\x79\xF7" b"\xF0\x7A\x32\x00\xF7"
                             b"\xF4\x02\x00\xF4\x08\x00\xF4\x09\x00\xF4\x0D\x00\xF4\x45\x00"
                             b"\xC2\x01\xC5\x01"
                             b"\xD0\x01\xD1\x01\xD8\x01")


def test_on_open_without_pins_still_asks_for_the_firmware() -> None:
    assert decoder({}).on_open() == b"\xF0\x79\xF7\xF0\x7A\x32\x00\xF7"


def test_keepalive_asks_for_the_version_once_every_input_has_reported() -> None:
    dec = decoder({"A0": "light", "A1": "soil", "D2": "motion"})
    assert dec.keepalive() == dec.on_open()  # the set-up may have been lost in the reset
    dec.feed(analog(0, 1) + analog(0, 2) + digital(0, 0), 0.0)
    assert dec.keepalive() == dec.on_open()  # A1 has not reported yet
    dec.feed(analog(1, 1), 0.0)
    assert dec.keepalive() == b"\xF9"


def test_keepalive_repeats_the_set_up_after_the_board_restarts() -> None:
    dec = decoder({"A0": "light"})
    dec.feed(analog(0, 1), 0.0)
    assert dec.keepalive() == b"\xF9"
    dec.feed(BOOT, 0.0)  # it rebooted: nothing is reported any more
    assert dec.keepalive() == dec.on_open()
    dec.feed(analog(0, 1), 0.0)
    assert dec.keepalive() == b"\xF9"
    dec.reset()
    assert dec.keepalive() == dec.on_open()


def test_keepalive_without_pins_is_the_version_query() -> None:
    assert decoder({}).keepalive() == b"\xF9"


# -- pins ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "pin"), [
    ("A0", ("A", 0)), ("a15", ("A", 15)), ("D0", ("D", 0)), ("d13", ("D", 13)),
    ("D69", ("D", 69)), ("A7", ("A", 7)),
])
def test_parse_pin_accepts(text: str, pin: tuple[str, int]) -> None:
    assert parse_pin(text) == pin


@pytest.mark.parametrize(("text", "message"), [
    ("A16", 'analog pins go from A0 to A15, got "A16"'),
    ("D70", 'digital pins go from D0 to D69, got "D70"'),
    ("X3", 'expected a pin A0..A15 or D0..D69 such as "A0" or "D2", got "X3"'),
    ("", 'got ""'),
    ("A", 'got "A"'),
    ("A-1", 'got "A-1"'),
    ("A01", 'got "A01"'),
    (" A0", 'got " A0"'),
    ("A0\n", 'got "A0\n"'),
    ("13", 'got "13"'),
    ("A1.0", 'got "A1.0"'),
    ("pin2", 'got "pin2"'),
    ("\uff210", 'got "\uff210"'),  # a full-width A
    (13, "got 13"),
    (None, "got None"),
])
def test_parse_pin_rejects_with_a_clear_message(text: object, message: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_pin(text)  # type: ignore[arg-type]
    assert message in str(error.value)


def test_bad_or_repeated_pins_fail_at_construction() -> None:
    with pytest.raises(ValueError, match='got "A99"'):
        FirmataDecoder({"A0": "light", "A99": "soil"})
    with pytest.raises(ValueError, match='"A0" is the same pin as "a0"'):
        FirmataDecoder({"a0": "light", "A0": "soil"})


# -- properties ------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(chunks=st.lists(st.binary(max_size=300), max_size=30),
       max_line=st.integers(min_value=16, max_value=256))
def test_any_bytes_never_raise_and_the_buffer_stays_bounded(chunks: list[bytes],
                                                            max_line: int) -> None:
    dec = decoder(max_line=max_line)
    for t, chunk in enumerate(chunks):
        for reading in dec.feed(chunk, float(t)):
            assert reading.sensor in PINS.values()
            assert reading.raw == int(reading.raw) and 0 <= reading.raw <= 16383
            assert reading.t == float(t)
        assert len(dec._buffer) <= max_line
    assert dec.stats.bytes == sum(map(len, chunks))


GARBAGE = st.binary(max_size=200).filter(lambda b: b"\xE5" not in b)


@settings(max_examples=300, deadline=None)
@given(garbage=st.lists(GARBAGE, min_size=1, max_size=12),
       cuts=st.lists(st.integers(min_value=0, max_value=3000), max_size=20))
def test_valid_messages_among_garbage_decode_exactly_once(garbage: list[bytes],
                                                          cuts: list[int]) -> None:
    """Whatever junk precedes it, a complete message is never lost: it starts with a
    command byte, and a command byte always starts a message."""
    values = [i * 997 % 16384 for i in range(len(garbage))]
    stream = b"".join(junk + analog(5, value) for junk, value in zip(garbage, values))
    dec = decoder({"A5": "probe", "A0": "light", "D2": "motion"}, max_line=64)
    bounds = sorted({0, len(stream), *(c for c in cuts if c < len(stream))})
    readings = [r for a, b in pairwise(bounds) for r in dec.feed(stream[a:b], 0.0)]
    assert [r.raw for r in readings if r.sensor == "probe"] == values


@settings(max_examples=100, deadline=None)
@given(junk=st.binary(max_size=100))
def test_boot_after_junk_still_sets_hello(junk: bytes) -> None:
    dec, _ = decode(junk + BOOT)
    assert dec.hello == Hello("StandardFirmata.ino", "2.5")
