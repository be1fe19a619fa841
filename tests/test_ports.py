"""Finding the sensor model: USB ids, the hello, the same board after a replug."""

from __future__ import annotations

import os
import select
import threading

from exhibit.config import Device, UsbId
from exhibit.protocol import make_decoder
from exhibit.sources.ports import (AutoLocator, PortInfo, choose_board, is_pattern,
                                   pattern_lister, probe_hello)
from tests.apprunner import Pty

ARDUINO = UsbId(0x2341)
DEVICE = Device(usb_ids=(ARDUINO, UsbId(0x1A86, 0x7523)), hello_timeout=3.0)


def decoder():
    return make_decoder("lines", {"light": "light"}, 512)


class FakeBoard:
    """A board on a pty that answers `?` with a hello (after `boot_lines` of chatter)."""

    def __init__(self, answer: bytes | None, boot_lines: int = 0) -> None:
        self.pty = Pty()
        self.answer = answer
        self.boot_lines = boot_lines
        self.queries = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.pty.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.pty.master, 1024)
            except OSError:
                return
            for _ in range(data.count(b"?")):
                self.queries += 1
                for i in range(self.boot_lines):
                    self.pty.write(f"boot {i}\n".encode())
                if self.answer:
                    self.pty.write(self.answer)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(1)
        self.pty.close()


def test_probe_reads_the_hello_among_boot_chatter():
    board = FakeBoard(b"#hello sensorik-stadt 1.2 sensors=light,soil\r\n", boot_lines=3)
    try:
        assert probe_hello(board.pty.path, DEVICE, decoder) == "sensorik-stadt"
    finally:
        board.close()


def test_of_two_candidates_the_one_answering_for_our_model_is_chosen():
    other = FakeBoard(b"#hello weather-station 3.0\n")
    ours = FakeBoard(b"#hello sensorik-stadt 1.2 sensors=light\n")
    try:
        candidates = [PortInfo(other.pty.path, vid=0x2341, pid=0x43),
                      PortInfo(ours.pty.path, vid=0x1A86, pid=0x7523)]
        chosen = choose_board(candidates, DEVICE, decoder)
        assert chosen is not None and chosen.device == ours.pty.path
        assert other.queries >= 1  # it was asked, not skipped
    finally:
        other.close()
        ours.close()


def test_a_silent_second_board_is_not_taken():
    silent = FakeBoard(None)
    other = FakeBoard(b"#hello weather-station 3.0\n")
    fast = Device(usb_ids=DEVICE.usb_ids, hello_timeout=0.6)
    try:
        candidates = [PortInfo(silent.pty.path, vid=0x2341), PortInfo(other.pty.path, vid=0x2341)]
        assert choose_board(candidates, fast, decoder) is None
    finally:
        silent.close()
        other.close()


def test_a_single_candidate_is_taken_without_asking():
    only = PortInfo("/dev/ttyACM7", vid=0x2341, pid=0x43)
    assert choose_board([only], DEVICE, decoder) == only


def test_usb_ids_decide_what_is_a_candidate():
    assert PortInfo("a", vid=0x2341, pid=1).matches(DEVICE.usb_ids)
    assert PortInfo("b", vid=0x1A86, pid=0x7523).matches(DEVICE.usb_ids)
    assert not PortInfo("c", vid=0x1A86, pid=0x5523).matches(DEVICE.usb_ids)
    assert not PortInfo("d").matches(DEVICE.usb_ids)  # no USB ids at all (e.g. ttyS0)
    line = PortInfo("/dev/ttyACM0", "Arduino Uno", 0x2341, 0x43, "7543").line(DEVICE.usb_ids)
    assert "2341:0043" in line and "matches (Arduino)" in line and "7543" in line
    assert "no match" in PortInfo("/dev/ttyS0").line(DEVICE.usb_ids)


def test_after_a_replug_the_locator_finds_the_same_board_under_a_new_name():
    ports = [PortInfo("/dev/ttyACM0", vid=0x2341, pid=0x43, serial_number="A1")]
    locate = AutoLocator(DEVICE, decoder, lister=lambda: list(ports))
    assert locate() == "/dev/ttyACM0"
    ports[:] = []                                   # unplugged
    assert locate() is None
    ports[:] = [PortInfo("/dev/ttyACM1", vid=0x2341, pid=0x43, serial_number="B2"),
                PortInfo("/dev/ttyACM2", vid=0x2341, pid=0x43, serial_number="A1")]
    assert locate() == "/dev/ttyACM2"               # ours, not the other Arduino


def test_a_port_pattern_makes_every_matching_path_a_candidate_and_asks_each(tmp_path):
    other = FakeBoard(b"#hello weather-station 3.0\n")
    ours = FakeBoard(b"#hello sensorik-stadt 1.2 sensors=light\n")
    try:
        (tmp_path / "ttyA").symlink_to(other.pty.path)   # no USB ids behind either
        (tmp_path / "ttyB").symlink_to(ours.pty.path)
        (tmp_path / "notes.txt").write_text("not matched")
        pattern = str(tmp_path / "tty*")
        assert is_pattern(pattern) and not is_pattern("/dev/ttyACM0")
        assert not is_pattern("hwgrep://2341:*")
        locate = AutoLocator(DEVICE, decoder, pattern_lister(pattern), by_usb_ids=False)
        assert locate() == str(tmp_path / "ttyB") and other.queries >= 1
        assert locate() == str(tmp_path / "ttyB")        # the same path again, not asked
    finally:
        other.close()
        ours.close()
