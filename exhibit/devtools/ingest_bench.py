"""`python -m exhibit.bench ingest`: readings per second from bytes on a pty to calibrated
values, for each protocol, beside the two usual ways of reading a serial line in Python.

Each run gets the same kind of stream, written by a separate process into a real pty:
a frame of all eleven sensors per line (or the Firmata equivalent for six analog pins).
- `readline()` loop: pyserial's `readline`, split, float, calibrate — the common dashboard;
- `threaded.LineReader`: pyserial's reader thread with the same parsing in `handle_line`;
- ours: `SerialSource` (reader thread, decoder, bounded queue) and the main thread's
  `SignalHub` (calibrate, clamp, smooth, level, touch) — the whole per-reading pipeline.
A developer tool: with `exhibit.sources` and the app, the only code allowed to reach pyserial.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace

import serial
import serial.threaded

from exhibit.config import ExhibitConfig
from exhibit.protocol import make_decoder
from exhibit.signals.hub import SignalHub
from exhibit.sources.base import ReadingQueue
from exhibit.sources.serial_source import SerialSource

WRITER = """
import os, sys
fd, path = int(sys.argv[1]), sys.argv[2]
data = open(path, "rb").read()
view = memoryview(data)
while view:
    view = view[os.write(fd, view[:65536]):]
sys.stdin.read()  # keep the master open until the reader is done
"""
FIRMATA_PINS = 6


@dataclass(frozen=True)
class Result:
    method: str
    readings: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.readings / self.seconds


def _frames(config: ExhibitConfig, protocol: str, count: int) -> tuple[bytes, int]:
    """`count` frames of every sensor in `protocol`; returns bytes and readings per frame."""
    sensors = list(config.sensors.values())
    out = bytearray()
    if protocol == "csv":  # a header first: a decoder that knows the columns keeps line one
        out += ",".join(s.key for s in sensors).encode() + b"\n"
    for i in range(count):
        raws = [round(s.to_raw(s.low + (s.high - s.low) * ((i * 7 + j * 13) % 100) / 100), 1)
                for j, s in enumerate(sensors)]
        if protocol == "lines":
            out += " ".join(f"{s.key}={r:g}" for s, r in zip(sensors, raws)).encode() + b"\n"
        elif protocol == "json":
            out += json.dumps({s.key: r for s, r in zip(sensors, raws)}).encode() + b"\n"
        elif protocol == "csv":
            out += ",".join(f"{r:g}" for r in raws).encode() + b"\n"
        else:  # firmata: analog messages for A0..A5, 10-bit counts
            for pin in range(FIRMATA_PINS):
                value = (i * 37 + pin * 101) % 1024
                out += bytes((0xE0 | pin, value & 0x7F, value >> 7))
    per_frame = FIRMATA_PINS if protocol == "firmata" else len(sensors)
    return bytes(out), per_frame


def _sources(config: ExhibitConfig, protocol: str) -> dict[str, str]:
    if protocol == "csv":
        return {str(i + 1): sid for i, sid in enumerate(config.sensors)}
    if protocol == "firmata":
        return {f"A{i}": sid for i, sid in enumerate(list(config.sensors)[:FIRMATA_PINS])}
    return config.sources("lines")


class _Stream:
    """A pty whose master side a child process fills with `data`."""

    def __init__(self, data: bytes, tmpdir: str) -> None:
        self.master, self.slave = os.openpty()
        self.path = os.ttyname(self.slave)
        blob = os.path.join(tmpdir, "stream.bin")
        with open(blob, "wb") as f:
            f.write(data)
        self.blob = blob
        self.child: subprocess.Popen | None = None

    def start(self) -> None:
        self.child = subprocess.Popen([sys.executable, "-c", WRITER, str(self.master), self.blob],
                                      pass_fds=(self.master,), stdin=subprocess.PIPE)

    def close(self) -> None:
        if self.child is not None:
            self.child.stdin.close()
            self.child.wait(10)
        os.close(self.master)
        os.close(self.slave)


def _naive_parse(line: bytes, by_key, hub_values: list) -> int:
    n = 0
    for pair in line.decode("ascii", "replace").split():
        key, _, text = pair.partition("=")
        sensor = by_key.get(key)
        if sensor is not None:
            hub_values.append(sensor.to_value(float(text)))
            n += 1
    return n


def bench_readline(config: ExhibitConfig, stream: _Stream, expected: int) -> Result:
    by_key = {s.key: s for s in config.sensors.values()}
    values: list[float] = []
    port = serial.Serial(stream.path, 115200, timeout=1)
    stream.start()
    start, got = time.perf_counter(), 0
    while got < expected:
        line = port.readline()
        if not line:
            break
        got += _naive_parse(line, by_key, values)
    seconds = time.perf_counter() - start
    port.close()
    return Result("pyserial readline() loop", got, seconds)


def bench_line_reader(config: ExhibitConfig, stream: _Stream, expected: int) -> Result:
    by_key = {s.key: s for s in config.sensors.values()}
    values: list[float] = []
    done = threading.Event()

    class Reader(serial.threaded.LineReader):
        TERMINATOR = b"\n"
        got = 0

        def handle_packet(self, packet: bytes) -> None:  # skip LineReader's str decoding step
            Reader.got += _naive_parse(packet, by_key, values)
            if Reader.got >= expected:
                done.set()

    port = serial.Serial(stream.path, 115200, timeout=1)
    start = time.perf_counter()
    with serial.threaded.ReaderThread(port, Reader):
        stream.start()
        done.wait(120)
        seconds = time.perf_counter() - start
    return Result("pyserial threaded.LineReader", Reader.got, seconds)


def bench_ours(config: ExhibitConfig, protocol: str, stream: _Stream, expected: int) -> Result:
    decoder = make_decoder(protocol, _sources(config, protocol), config.device.max_line)
    device = replace(config.device, protocol=protocol, reconnect_after=30.0)
    source = SerialSource(stream.path, device, decoder)
    queue = ReadingQueue(maxlen=1 << 16)
    hub = SignalHub(config.sensors)
    source.start(queue)
    while not source.status().connected:
        time.sleep(0.001)
    stream.start()
    start, got = time.perf_counter(), 0
    deadline = start + 120
    while got < expected and time.perf_counter() < deadline:
        batch = queue.drain()
        if batch:
            hub.feed(batch)
            got += len(batch)
        else:
            time.sleep(0.0005)
    seconds = time.perf_counter() - start
    source.stop()
    dropped = f", {queue.dropped} dropped" if queue.dropped else ""
    return Result(f"ours: {protocol} (decode + signals{dropped})", got, seconds)


def _once(bench, data: bytes, tmp: str) -> Result:
    stream = _Stream(data, tmp)
    try:
        return bench(stream)
    finally:
        stream.close()


def run(config: ExhibitConfig, frames: int, baseline_frames: int, rounds: int = 3
        ) -> list[Result]:
    """Every method once per round, rounds interleaved, then each method's median: the
    machine's load drifts between runs (±30 %), and interleaving lets every method see the
    same drift."""
    import tempfile

    methods = []
    data, per = _frames(config, "lines", baseline_frames)
    for bench in (bench_readline, bench_line_reader):
        methods.append((lambda stream, b=bench, n=baseline_frames * per: b(config, stream, n),
                        data))
    for protocol in ("lines", "json", "csv", "firmata"):
        data, per = _frames(config, protocol, frames)
        methods.append((lambda stream, p=protocol, n=frames * per: bench_ours(config, p,
                                                                            stream, n), data))
    runs: list[list[Result]] = [[] for _ in methods]
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(rounds):
            for i, (bench, data) in enumerate(methods):
                runs[i].append(_once(bench, data, tmp))
    return [sorted(r, key=lambda x: x.rate)[len(r) // 2] for r in runs]


def report(results: list[Result]) -> None:
    base = results[0].rate
    print("ingest: readings per second, bytes on a pty -> calibrated values "
          "(median of 3 interleaved rounds)")
    print(f"{'method':<52}{'readings':>10}{'per s':>12}{'× readline':>12}")
    for r in results:
        print(f"{r.method:<52}{r.readings:>10}{r.rate:>12,.0f}{r.rate / base:>12.1f}")
