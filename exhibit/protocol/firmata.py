"""StandardFirmata over USB: a stock Arduino sketch, no custom firmware needed.

The wire format (Firmata protocol 2.5, as StandardFirmata 2.5 sends it) is MIDI-like: a
command byte has the high bit set, data bytes (0x00–0x7F) follow, values travel as 7-bit
LSB/MSB pairs. What the board sends and this decoder reads:

- analog I/O ``0xE0|channel, lsb, msb``: a 14-bit value; channel n is pin An (A0 = 0), the
  Uno's raw 10-bit ADC counts 0..1023;
- digital I/O ``0x90|port, lsb, msb``: the 8 pins D(8·port)..D(8·port+7), pin 7 in the MSB;
- protocol version ``0xF9, major, minor``: the answer to `keepalive()`, and sent on boot;
- SysEx ``0xF0, command, data…, 0xF7``: REPORT_FIRMWARE (0x79: major, minor, then the name
  as LSB/MSB pairs) becomes `hello`; STRING_DATA (0x71, the board's error messages) is shown
  in `stats.last_lines`; every other SysEx is skipped and counted as ``sysex_ignored``.

Choices worth knowing:

- A digital reading is emitted for a mapped pin only when its value differs from the last
  one reported since `reset()` (the first report after a reset always counts). The board
  sends a whole port when any of its 8 pins changes, so a button on D3 must not fake a new
  motion reading on D2. StandardFirmata itself reports a port only on change, so a quiet
  digital pin produces no readings for as long as nothing changes.
- `stats.lines` counts complete messages of any kind, `stats.last_lines` shows them in short
  form (``A0=512``, ``port 0 = 00000100 (D2=1)``, ``firmware StandardFirmata.ino 2.5``).
- ``stray_byte`` counts data bytes outside any message, one by one (a single reason, so the
  counter grows, never the set of reasons). A command byte inside an unfinished message
  aborts it (``truncated_message``) and starts the new one: that is how the decoder falls
  back in step after a reconnect in mid-message. SysEx longer than `max_line` data bytes is
  dropped up to its 0xF7 (``sysex_too_long``).
- `on_open()` sets the board up: it starts with no pin reporting anything. An Uno resets
  when the port opens and its bootloader swallows whatever arrives in its first moments, so
  the set-up may be lost. Therefore, until every mapped input has reported after the last
  `reset()` or firmware report (the board announces its firmware on every boot, and answers
  the set-up's own firmware query), `keepalive()` repeats the whole set-up — it is
  idempotent — instead of just asking for the version. An input that can never report (A7
  on an Uno) only makes each keepalive a few bytes longer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from exhibit.protocol.stats import DecoderStats
from exhibit.protocol.text import Hello
from exhibit.reading import Reading
from exhibit.reading import new_tuple as _new

# Command bytes. For those below 0xF0 the low nibble is a channel (analog pin) or port.
DIGITAL_MESSAGE = 0x90        # | port: pins 0-6 bitmask, pin 7 bitmask
REPORT_ANALOG = 0xC0          # | channel: 1 = enable, 0 = disable
REPORT_DIGITAL = 0xD0         # | port: 1 = enable, 0 = disable
ANALOG_MESSAGE = 0xE0         # | channel: value bits 0-6, bits 7-13
START_SYSEX = 0xF0
SET_PIN_MODE = 0xF4           # pin, mode
SET_DIGITAL_PIN_VALUE = 0xF5  # pin, value
END_SYSEX = 0xF7
REPORT_VERSION = 0xF9         # query: alone; answer: major, minor

# SysEx commands: the first data byte after START_SYSEX.
STRING_DATA = 0x71
REPORT_FIRMWARE = 0x79
SAMPLING_INTERVAL = 0x7A
SYSEX_NAMES = {0x6A: "analog mapping response", 0x6C: "capability response",
               0x6E: "pin state response", 0x6F: "extended analog", 0x77: "I2C reply"}

PIN_MODE_INPUT = 0x00
ANALOG_PINS = 16   # A0..A15: the channel is a nibble of the command byte
DIGITAL_PINS = 70  # D0..D69: an Arduino Mega's pins
# 20 samples per second and pin: smooth enough for the animations, which filter the values
# anyway, at 40 % of the load the default 19 ms puts on the 57600 baud link and the reading
# queue. Digital pins are not sampled: the board sends a port as soon as it changes.
SAMPLING_INTERVAL_MS = 50

VERSION_QUERY = bytes([REPORT_VERSION])
FIRMWARE_QUERY = bytes([START_SYSEX, REPORT_FIRMWARE, END_SYSEX])

_IDLE = 0          # `_command` between messages
_SKIPPING = 0x100  # `_command` while dropping an over-long SysEx up to its END_SYSEX


def _data_bytes() -> list[int]:
    """Data bytes after each command byte, for the messages with a fixed length (0: none).
    Host commands (report, pin mode) only arrive when the link echoes what we send."""
    table = [0] * 256
    for base, count in ((DIGITAL_MESSAGE, 2), (REPORT_ANALOG, 1), (REPORT_DIGITAL, 1),
                        (ANALOG_MESSAGE, 2)):
        table[base:base + 16] = [count] * 16
    for command, count in ((SET_PIN_MODE, 2), (SET_DIGITAL_PIN_VALUE, 2), (REPORT_VERSION, 2)):
        table[command] = count
    return table


_DATA_BYTES = _data_bytes()

_PIN = re.compile(r"([AaDd])(0|[1-9][0-9]?)")


def _quoted(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def parse_pin(text: str) -> tuple[str, int]:
    """``"A0"`` → ``("A", 0)``, ``"d13"`` → ``("D", 13)``; anything else raises ValueError
    with a message that reads well after a config field name."""
    match = _PIN.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f'expected a pin A0..A15 or D0..D69 such as "A0" or "D2", '
                         f"got {_quoted(text)}")
    kind, number = match.group(1).upper(), int(match.group(2))
    limit = ANALOG_PINS if kind == "A" else DIGITAL_PINS
    if number >= limit:
        what = "analog" if kind == "A" else "digital"
        raise ValueError(f"{what} pins go from {kind}0 to {kind}{limit - 1}, "
                         f"got {_quoted(text)}")
    return kind, number


def _decode_text(pairs: bytes | bytearray) -> str:
    """Characters sent as LSB/MSB pairs (an odd last byte is ignored), fit for a screen."""
    codes = [pairs[i] | pairs[i + 1] << 7 for i in range(0, len(pairs) - 1, 2)]
    if all(code < 0x100 for code in codes):
        text = bytes(codes).decode("utf-8", errors="replace")
    else:
        text = "".join(map(chr, codes))
    return "".join(c if c.isprintable() else "?" for c in text.rstrip("\x00"))


class FirmataDecoder:
    """Bytes in, `Reading`s out, for a board running StandardFirmata; `sources` maps pin
    names (``A0``, ``d2``, …) to sensor ids."""

    protocol = "firmata"

    def __init__(self, sources: Mapping[str, str], max_line: int = 512) -> None:
        self.sources = dict(sources)
        self.max_line = max_line  # the longest SysEx kept, in data bytes
        self.stats = DecoderStats()
        self.hello: Hello | None = None
        self.protocol_version: tuple[int, int] | None = None  # as the board last reported
        self._analog: dict[int, str] = {}   # channel -> sensor id
        digital: dict[int, str] = {}        # pin -> sensor id
        names: dict[tuple[str, int], str] = {}
        for name, sensor in self.sources.items():
            pin = parse_pin(name)
            if pin in names:
                raise ValueError(f"{_quoted(name)} is the same pin as {_quoted(names[pin])}")
            names[pin] = name
            kind, number = pin
            (self._analog if kind == "A" else digital)[number] = sensor
        self._digital = digital
        # port -> ((bit, pin, sensor), …) for the mapped pins on that port, by pin
        self._ports: dict[int, tuple[tuple[int, int, str], ...]] = {
            port: tuple((pin % 8, pin, digital[pin]) for pin in sorted(digital)
                        if pin // 8 == port)
            for port in sorted({pin // 8 for pin in digital})}
        self._setup = self._build_setup()
        # The message being read: its command byte, or _IDLE / _SKIPPING. A fixed-length
        # message has at most two data bytes, so two ints follow it; only SysEx needs a buffer.
        self._command = _IDLE
        self._needed = 0    # data bytes still missing from a fixed-length message
        self._first = -1    # the first data byte of a two-byte message, once it is here
        self._buffer = bytearray()  # SysEx data, at most max_line bytes
        self._last_digital: dict[int, int] = {}  # pin -> last value reported since reset()
        self._silent: set[tuple[str, int]] = set()  # mapped inputs yet to report
        self._expect_reports()

    # --- the decoder interface ---------------------------------------------------------
    def feed(self, data: bytes, t: float) -> list[Reading]:
        stats = self.stats
        stats.bytes += len(data)
        readings: list[Reading] = []
        buffer, max_line = self._buffer, self.max_line
        command, needed, first = self._command, self._needed, self._first
        stray = 0
        for byte in data:
            if byte < 0x80:  # a data byte
                if needed == 2:  # the first of two
                    first, needed = byte, 1
                elif needed:  # the last data byte: the message is complete
                    if command & 0xF0 == ANALOG_MESSAGE:  # the common case
                        self._analog_message(command & 0x0F, first | byte << 7, t, readings)
                    else:
                        self._message(command, first, byte, t, readings)
                    command = needed = _IDLE
                elif command == START_SYSEX:
                    if len(buffer) < max_line:
                        buffer.append(byte)
                    else:
                        stats.reject("sysex_too_long")
                        buffer.clear()
                        command = _SKIPPING
                elif command == _IDLE:
                    stray += 1
            elif byte == END_SYSEX and command == START_SYSEX:
                self._sysex(buffer)
                buffer.clear()
                command = _IDLE
            elif byte == END_SYSEX and command == _SKIPPING:
                command = _IDLE
            else:  # a command byte starts a message, whatever was going on
                if command != _IDLE and command != _SKIPPING:
                    stats.reject("truncated_message")
                buffer.clear()
                needed, first = _DATA_BYTES[byte], -1
                if needed or byte == START_SYSEX:
                    command = byte
                elif byte == END_SYSEX:
                    command = _IDLE
                    stray += 1
                else:
                    command = _IDLE
                    stats.reject("unknown_command")
        self._command, self._needed, self._first = command, needed, first
        if stray:
            stats.rejects["stray_byte"] += stray
        return readings

    def reset(self) -> None:
        """A new connection: forget a partial message and the digital values reported."""
        self._command = self._needed = _IDLE
        self._first = -1
        self._buffer.clear()
        self._last_digital.clear()
        self._expect_reports()

    def on_open(self) -> bytes:
        """The set-up, in this order: ask for the firmware (the answer is `hello`), set the
        sampling interval, make the mapped digital pins inputs, then switch on reporting
        for each mapped analog pin and each port with a mapped digital pin (the board then
        sends their current values at once)."""
        return self._setup

    def keepalive(self) -> bytes:
        """Ask for the version, whose answer proves the board alive when no pin changes; the
        whole set-up again while a mapped input has not reported (see the module doc)."""
        return self._setup if self._silent else VERSION_QUERY

    # --- set-up ------------------------------------------------------------------------
    def _build_setup(self) -> bytes:
        interval = SAMPLING_INTERVAL_MS
        setup = bytearray(FIRMWARE_QUERY)
        setup += bytes([START_SYSEX, SAMPLING_INTERVAL, interval & 0x7F, interval >> 7 & 0x7F,
                        END_SYSEX])
        # INPUT, not INPUT_PULLUP (0x0B): every StandardFirmata version knows it (the pull-up
        # mode came with 2.5.0) and motion and ready-made sensor modules drive their output
        # themselves. A bare switch needs its own pull-up resistor. Analog pins need no mode:
        # StandardFirmata starts them as analog inputs (and D14..D19 on an Uno *are* A0..A5:
        # mapping one of those as digital turns its analog reports off).
        for pin in sorted(self._digital):
            setup += bytes([SET_PIN_MODE, pin, PIN_MODE_INPUT])
        for channel in sorted(self._analog):
            setup += bytes([REPORT_ANALOG | channel, 1])
        for port in self._ports:
            setup += bytes([REPORT_DIGITAL | port, 1])
        return bytes(setup)

    def _expect_reports(self) -> None:
        """From now on, keep repeating the set-up until every mapped input has reported."""
        self._silent = {("A", channel) for channel in self._analog}
        self._silent |= {("port", port) for port in self._ports}

    # --- messages ------------------------------------------------------------------------
    def _analog_message(self, channel: int, value: int, t: float,
                        readings: list[Reading]) -> None:
        stats = self.stats
        stats.lines += 1
        stats.last_lines.append(f"A{channel}={value}")
        sensor = self._analog.get(channel)
        if sensor is None:
            stats.unknown(f"A{channel}")
            return
        if self._silent:
            self._silent.discard(("A", channel))
        readings.append(_new(Reading, (sensor, float(value), t, False)))
        stats.readings += 1

    def _digital_message(self, port: int, value: int, t: float,
                         readings: list[Reading]) -> None:
        stats = self.stats
        stats.lines += 1
        pins = self._ports.get(port)
        if pins is None:
            stats.last_lines.append(f"port {port} = {value & 0xFF:08b}")
            stats.unknown(f"D{port * 8}-D{port * 8 + 7}")
            return
        self._silent.discard(("port", port))
        shown = []
        last = self._last_digital
        for bit, pin, sensor in pins:
            level = value >> bit & 1
            shown.append(f"D{pin}={level}")
            if last.get(pin) != level:
                last[pin] = level
                readings.append(_new(Reading, (sensor, float(level), t, False)))
                stats.readings += 1
        stats.last_lines.append(f"port {port} = {value & 0xFF:08b} ({' '.join(shown)})")

    def _message(self, command: int, first: int, last: int, t: float,
                 readings: list[Reading]) -> None:
        """A complete fixed-length message other than analog I/O; `first` is -1 when the
        message has only one data byte."""
        stats = self.stats
        if command & 0xF0 == DIGITAL_MESSAGE:
            self._digital_message(command & 0x0F, first | last << 7, t, readings)
        elif command == REPORT_VERSION:
            stats.lines += 1
            self.protocol_version = (first, last)
            stats.last_lines.append(f"protocol version {first}.{last}")
        else:
            stats.lines += 1
            data = f"{first} {last}" if first >= 0 else f"{last}"
            stats.last_lines.append(f"command 0x{command:02X} {data} ignored")
            stats.reject("ignored_command")

    def _sysex(self, data: bytearray) -> None:
        """A complete SysEx message; `data` is what came between 0xF0 and 0xF7."""
        stats = self.stats
        stats.lines += 1
        command = data[0] if data else None
        if command == REPORT_FIRMWARE and len(data) >= 3:
            name = _decode_text(data[3:]) or "Firmata"
            self.hello = Hello(model=name, version=f"{data[1]}.{data[2]}")
            stats.last_lines.append(f"firmware {name} {self.hello.version}")
            self._expect_reports()  # the board booted, or answers our set-up
        elif command == STRING_DATA:
            stats.last_lines.append(f"string: {_decode_text(data[1:])}")
        else:
            label = "(empty)" if command is None else f"0x{command:02X}"
            if command in SYSEX_NAMES:
                label += f" {SYSEX_NAMES[command]}"
            stats.last_lines.append(f"sysex {label}, {len(data)} bytes, ignored")
            stats.reject("sysex_ignored")
