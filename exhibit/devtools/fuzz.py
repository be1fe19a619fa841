"""`python -m exhibit.bench fuzz [--inputs N] [--seed S]`: random bytes into every decoder and
into the YAML loader, with the checks that make it a proof rather than a smoke test.

Decoders (`lines`, `json`, `csv`, `firmata`). One input is a piece of noise — random bytes
of any value and length, or a valid line/message of the protocol mangled by bit flips,
truncation, duplicated separators, huge tokens, NULs, CR/LF mixes and cuts anywhere —
followed, every other time, by a valid frame carrying readings for the probe sensors
(``probe``, ``probe2``; Firmata: pins A5 and A3). A stream of inputs goes into one decoder
(a fresh one, with a random `max_line`, every `PER_DECODER` inputs) in random piece sizes
(1 byte up to several kB). Checked after every feed: no exception, the partial-line or SysEx
buffer at most `max_line` bytes, the counters bounded, every reading a finite float stamped
with its feed's time; at the end, the probe readings are exactly those the valid frames
carry, in order.

What "a valid frame in the noise" means, i.e. the recovery each decoder guarantees today:
- text protocols resync at the next line end (``\\n``, ``\\r\\n`` or a bare ``\\r``): a
  frame is a line end, the valid line, a line end. A valid line that follows garbage without
  a line end is part of that garbage line and may be lost; such inputs are not counted.
- `csv` columns are positional, so a numeric garbage row *is* a reading for whatever column
  the header maps. A csv frame therefore is: a header naming the probe columns, the row, and
  a header naming another configured column (``soil``), so rows in the noise never land on
  a probe column.
- Firmata resyncs at the next command byte (one with the high bit set), whatever message was
  unfinished: a frame is whole messages right after the noise, no separator needed.
- The noise never spells a probe's own name (``probe`` is replaced by ``prxbe``; for `json`
  also ``\\u`` escapes, which could spell it; for Firmata the probes' command bytes 0xE5 and
  0xE3): otherwise noise could carry probe readings of its own, legitimately.
- `reset()` (a reconnect, whose first line may be cut off) is not part of the fuzz: the
  decoders are fed as one long connection.

YAML: random bytes (decoded as UTF-8 with replacement, Latin-1, or with lone surrogates)
and mutated copies of the shipped `exhibit.yaml` and the scene files (random cuts,
duplicated and shuffled lines, inserted anchors, aliases, merge keys, brackets, tabs, tags,
directives, NULs) go into `load_yaml` as text (``yaml``) and as a file path (``yaml-file``,
bytes written as they are: invalid UTF-8 too). Only `ConfigError` may come out.

Any failure is reported with the seed and the first failing input (repr, truncated); the
same `--seed` and `--inputs` replay it exactly. `tests/test_fuzz.py` runs the same functions
with a few thousand inputs.
"""

from __future__ import annotations

import math
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from exhibit.protocol import Decoder, make_decoder
from exhibit.protocol.csv_lines import MAX_COLUMNS
from exhibit.protocol.stats import LAST_LINES, MAX_UNKNOWN_KEYS
from exhibit.yamlsource import ConfigError, load_yaml

ROOT = Path(__file__).resolve().parents[2]
PER_DECODER = 2_000   # inputs fed to one decoder before a fresh one (another max_line)
FRAME_EVERY = 2       # on average every other input carries a valid frame
MAX_REASONS = 16      # reject reasons are a small fixed set per decoder
SHOWN = 600           # characters of a failing input's repr that are printed
PROBES = ("probe", "probe2")
DECODER_TARGETS = ("lines", "json", "csv", "firmata")
YAML_TARGETS = ("yaml", "yaml-file")
TARGETS = DECODER_TARGETS + YAML_TARGETS

SOURCES = {
    "lines": {"probe": "probe", "probe2": "probe2", "soil": "soil", "light": "light"},
    "json": {"probe": "probe", "env.probe2": "probe2", "soil": "soil", "env.temp": "temp"},
    "csv": {"probe": "probe", "probe2": "probe2", "soil": "soil"},
    "firmata": {"A5": "probe", "A3": "probe2", "A0": "light", "D2": "motion"},
}


@dataclass
class Result:
    """What one target's fuzz found."""

    target: str
    inputs: int = 0
    seconds: float = 0.0
    exceptions: int = 0
    violations: int = 0        # a bound or a reading's form broken (no exception)
    embedded: int = 0          # valid frames put into the noise
    recovered: int = 0         # of those, decoded to exactly their readings
    refused: int = 0           # YAML: ConfigError
    first_failure: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.exceptions or self.violations or self.embedded != self.recovered)

    def fail(self, what: str, data: object) -> None:
        if not self.first_failure:
            text = repr(data)
            if len(text) > SHOWN:
                text = text[:SHOWN] + f"… ({len(text)} characters)"
            self.first_failure = f"{what}; input: {text}"


# --- noise ------------------------------------------------------------------------------------

def _value(rng: random.Random) -> bytes:
    """A number as a board might print it; `float()` of it is the reading."""
    kind = rng.randrange(4)
    if kind == 0:
        return b"%d" % rng.randrange(-100_000, 100_000)
    if kind == 1:
        return b"%.*f" % (rng.randrange(4), rng.uniform(-1000, 1000))
    if kind == 2:
        return repr(rng.uniform(-1e6, 1e6)).encode()
    return b"%de%d" % (rng.randrange(1, 99), rng.randrange(-5, 6))


def _text_line(protocol: str, rng: random.Random, keys: tuple[str, ...]
               ) -> tuple[bytes, list[float]]:
    """A valid line of a text protocol for `keys` (json: the first at the top, the others
    in ``env``; csv: one column each), and the values it carries, in order."""
    values = [_value(rng) for _ in keys]
    floats = [float(v) for v in values]
    if protocol == "lines":
        seps = (b" ", b",", b";", b", ", b"\t")
        return rng.choice(seps).join(k.encode() + rng.choice((b"=", b":", b": ")) + v
                                     for k, v in zip(keys, values)), floats
    if protocol == "json":
        inner = b", ".join(b'"%s": %s' % (k.encode(), v) for k, v in zip(keys[1:], values[1:]))
        return (b'{"%s": %s, "env": {%s}, "name": "x"}' % (keys[0].encode(), values[0], inner),
                floats)
    return rng.choice((b",", b";", b"\t")).join(values), floats


LINE_ENDS = (b"\n", b"\r\n", b"\r")


def analog(channel: int, value: int) -> bytes:
    return bytes([0xE0 | channel, value & 0x7F, value >> 7 & 0x7F])


def _firmata_message(rng: random.Random) -> bytes:
    """Any valid message a board sends, on any pin (the noise's raw material)."""
    kind = rng.randrange(5)
    if kind == 0:
        return analog(rng.randrange(16), rng.randrange(16384))
    if kind == 1:
        return bytes([0x90 | rng.randrange(16), rng.randrange(128), rng.randrange(2)])
    if kind == 2:
        return bytes([0xF9, 2, 5])
    name = "StandardFirmata.ino".encode()
    body = b"".join(bytes([c & 0x7F, c >> 7]) for c in name)
    if kind == 3:
        return bytes([0xF0, 0x79, 2, 5]) + body + b"\xF7"
    return bytes([0xF0, 0x71]) + body + b"\xF7"


def mutate(data: bytes, rng: random.Random, separators: bytes) -> bytes:
    """`data` with one to four random mutations."""
    buf = bytearray(data)
    for _ in range(rng.randrange(1, 5)):
        op = rng.randrange(10)
        at = rng.randrange(len(buf) + 1)
        if op == 0 and buf:                       # bit flip
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1:                             # truncation, either end
            buf = buf[:at] if rng.random() < 0.5 else buf[at:]
        elif op == 2 and separators:              # duplicated separator
            buf[at:at] = bytes([rng.choice(separators)]) * rng.randrange(2, 6)
        elif op == 3:                             # huge token
            buf[at:at] = rng.choice((b"9", b"a", b"=", b"{", b"\x80")) * rng.randrange(100, 3000)
        elif op == 4:                             # NUL
            buf[at:at] = b"\x00" * rng.randrange(1, 4)
        elif op == 5:                             # CR/LF mixes
            buf[at:at] = bytes(rng.choice(b"\r\n") for _ in range(rng.randrange(1, 4)))
        elif op == 6:                             # random bytes
            buf[at:at] = rng.randbytes(rng.randrange(1, 40))
        elif op == 7 and buf:                     # a byte replaced by any value
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        elif op == 8:                             # duplicate a slice
            j = rng.randrange(at, len(buf) + 1)
            buf[j:j] = buf[at:j]
        elif op == 9 and buf:                     # cut a slice out
            j = rng.randrange(at, len(buf) + 1)
            del buf[at:j]
    return bytes(buf)


def _scrub(protocol: str, noise: bytes) -> bytes:
    """Noise that cannot spell a probe reading of its own (see the module doc)."""
    if protocol == "firmata":
        return noise.replace(b"\xE5", b"\xE4").replace(b"\xE3", b"\xE4")
    while b"probe" in noise:
        noise = noise.replace(b"probe", b"prxbe")
    if protocol == "json":
        while b"\\u" in noise:
            noise = noise.replace(b"\\u", b"\\_")
    return noise


def noise(protocol: str, rng: random.Random) -> bytes:
    """Random bytes, or a valid line (message) of the protocol mangled; not yet scrubbed
    (`_scrub` goes over the whole run of noise between two frames: ``pr`` + ``obe=1`` is
    ``probe=1``)."""
    if rng.random() < 0.4:
        size = rng.choice((rng.randrange(8), rng.randrange(300), rng.randrange(3000)))
        raw = rng.randbytes(size)
    elif protocol == "firmata":
        raw = b"".join(_firmata_message(rng) for _ in range(rng.randrange(1, 4)))
        raw = mutate(raw, rng, b"\xF0\xF7\xE0\x90")
    else:
        keys = rng.choice((PROBES, ("soil", "light", "temp"), ("soil",)))
        raw, _ = _text_line(protocol, rng, keys)
        if rng.random() < 0.3:
            raw = rng.choice(LINE_ENDS) + raw + rng.choice(LINE_ENDS)
        raw = mutate(raw, rng, b"=:,; \t{}\"")
    return raw


def frame(protocol: str, rng: random.Random) -> tuple[bytes, list[tuple[str, float]]]:
    """A valid frame, ready to follow any noise, and the readings it carries."""
    if protocol == "firmata":
        values = [rng.randrange(16384) for _ in PROBES]
        data = analog(5, values[0]) + analog(3, values[1])
        if rng.random() < 0.3:
            data = analog(5, values[0]) + _scrub("firmata", _firmata_message(rng)) + \
                analog(3, values[1])
        return data, [(p, float(v)) for p, v in zip(PROBES, values)]
    end = rng.choice(LINE_ENDS)
    line, values = _text_line(protocol, rng, PROBES)
    if protocol == "csv":
        sep = rng.choice((b",", b";"))
        line = sep.join(p.encode() for p in PROBES) + end + line + end + b"soil"
    return rng.choice(LINE_ENDS) + line + end, list(zip(PROBES, values))


# --- decoders ---------------------------------------------------------------------------------

def _check(dec: Decoder, protocol: str, max_line: int) -> str | None:
    """A bound the decoder broke, or None."""
    buffer = dec._buffer if protocol == "firmata" else dec.framer._buffer  # type: ignore
    if len(buffer) > max_line:
        return f"buffer of {len(buffer)} bytes, max_line {max_line}"
    stats = dec.stats
    if len(stats.unknown_keys) > MAX_UNKNOWN_KEYS + 1:
        return f"{len(stats.unknown_keys)} unknown keys kept"
    if len(stats.rejects) > MAX_REASONS:
        return f"{len(stats.rejects)} reject reasons: {sorted(stats.rejects)}"
    if len(stats.last_lines) > LAST_LINES:
        return f"{len(stats.last_lines)} last lines kept"
    if protocol == "csv" and len(dec._header) > MAX_COLUMNS:  # type: ignore[attr-defined]
        return f"a header of {len(dec._header)} columns kept"  # type: ignore[attr-defined]
    return None


def fuzz_decoder(protocol: str, inputs: int, seed: int) -> Result:
    """`inputs` pieces of noise, every other one followed by a valid frame, into decoders
    of `protocol`; see the module doc for what is checked."""
    rng = random.Random(f"{seed}/{protocol}")
    result = Result(protocol)
    sources = SOURCES[protocol]
    sensors = set(sources.values())
    start = time.perf_counter()
    done = 0
    while done < inputs:
        max_line = rng.choice((128, 256, 512, rng.randrange(128, 2048)))
        dec = make_decoder(protocol, sources, max_line)
        if protocol == "csv":  # rows before the first header must have no probe column
            dec.feed(b"soil\n", 0.0)
        expected: list[tuple[str, float]] = []
        got: list[tuple[str, float]] = []
        frames = 0
        framed: list[bytes] = []  # each frame with the noise before it, for the report
        batch = min(PER_DECODER, inputs - done)
        stream = bytearray()
        run = b""  # the noise since the last frame
        for _ in range(batch):
            run += noise(protocol, rng)
            if rng.randrange(FRAME_EVERY) == 0:
                data, readings = frame(protocol, rng)
                piece = _scrub(protocol, run) + data
                expected += readings
                frames += 1
                framed.append(piece)
                stream += piece
                run = b""
        stream += _scrub(protocol, run)
        done += batch
        result.inputs += batch
        pos, t = 0, 0.0
        failed = False
        while pos < len(stream):
            size = rng.choice((1, rng.randrange(1, 16), rng.randrange(1, 600),
                               rng.randrange(1, 8000)))
            chunk = bytes(stream[pos:pos + size])
            pos += size
            t += 1.0
            try:
                readings = dec.feed(chunk, t)
            except Exception as exc:  # noqa: BLE001 - the fuzz counts what escapes
                result.exceptions += 1
                result.fail(f"{protocol}: {type(exc).__name__}: {exc} (feeding bytes "
                            f"{pos - size}..{pos} of a decoder's stream)", chunk)
                failed = True
                break
            for r in readings:
                if r.sensor not in sensors or type(r.raw) is not float \
                        or not math.isfinite(r.raw) or r.t != t:
                    result.violations += 1
                    result.fail(f"{protocol}: reading {r!r} from a feed at t={t}", chunk)
                if r.sensor in PROBES:
                    got.append((r.sensor, r.raw))
            problem = _check(dec, protocol, max_line)
            if problem:
                result.violations += 1
                result.fail(f"{protocol}: {problem}", chunk)
                failed = True
                break
        result.embedded += frames
        if not failed and got == expected:
            result.recovered += frames
        elif not failed:
            same = _matching_frames(got, expected)
            result.recovered += same
            lost = framed[min(same, len(framed) - 1)]
            result.fail(f"{protocol}: probe readings differ (first: got "
                        f"{_first_difference(got, expected)}; max_line {max_line}); "
                        f"frame {same} of a decoder's {frames} with its noise (cut into "
                        "other pieces)", lost)
    result.seconds = time.perf_counter() - start
    return result


def _matching_frames(got: list, expected: list) -> int:
    """Frames (two readings each) recovered before the first difference."""
    same = 0
    for a, b in zip(got, expected):
        if a != b:
            break
        same += 1
    return same // len(PROBES)


def _first_difference(got: list, expected: list) -> str:
    for i, (a, b) in enumerate(zip(got, expected)):
        if a != b:
            return f"reading {i}: {a} where {b} was sent"
    return f"{len(got)} readings where {len(expected)} were sent"


# --- YAML -------------------------------------------------------------------------------------

INSERTS = ("&a ", "*a", "&b [", "*b", "<<: *a\n", "[", "]", "{", "}", "\t",
           "!!python/object:os.system ", "!foo ", "!!binary ", "!!set ", "? ", "- ", ": ",
           "|\n", ">-\n", "%YAML 1.1\n",
           "%TAG ! tag:x,2000:\n", "---\n", "...\n", "\x00", "\ufeff", "'", '"', "#", "\\",
           "\u2028", "\x85", "\ud800", "1e999", "0x", "2026-13-45", "~", "&a [*a]",
           "a: &x [*x]\n", "\n" * 3, " " * 17)


def _yaml_corpus() -> list[str]:
    files = [ROOT / "exhibit.yaml", *sorted((ROOT / "scenes").glob("*.yaml"))]
    return [path.read_text(encoding="utf-8") for path in files if path.exists()]


def yaml_input(rng: random.Random, corpus: list[str]) -> str:
    """A random text, or a mutated window (sometimes all) of a real file."""
    if rng.random() < 0.25 or not corpus:
        raw = rng.randbytes(rng.choice((rng.randrange(16), rng.randrange(400))))
        how = rng.randrange(3)
        if how == 0:
            return raw.decode("utf-8", "replace")
        if how == 1:
            return raw.decode("latin-1")
        return raw.decode("utf-8", "surrogateescape")
    lines = rng.choice(corpus).splitlines(keepends=True)
    if rng.random() < 0.9:  # a window: whole files cost ~10 ms each to parse
        a = rng.randrange(len(lines))
        lines = lines[a:a + rng.randrange(1, 40)]
    for _ in range(rng.randrange(1, 6)):
        op = rng.randrange(5)
        i = rng.randrange(len(lines) + 1)
        if op == 0:
            lines.insert(i, rng.choice(lines) if lines else "x\n")          # duplicated line
        elif op == 1 and lines:
            del lines[i:i + rng.randrange(1, 4)]                             # lines cut out
        elif op == 2 and len(lines) > 1:
            j = rng.randrange(len(lines))
            lines[i % len(lines)], lines[j] = lines[j], lines[i % len(lines)]  # swapped
        else:                                                                # inserted token
            text = "".join(lines)
            at = rng.randrange(len(text) + 1)
            lines = [text[:at] + rng.choice(INSERTS) + text[at:]]
    text = "".join(lines)
    if rng.random() < 0.3:
        text = text[:rng.randrange(len(text) + 1)]                           # random cut
    return text


def fuzz_yaml(inputs: int, seed: int, as_file: bool = False) -> Result:
    """`inputs` random and mutated texts into `load_yaml`; only ConfigError may come out."""
    target = "yaml-file" if as_file else "yaml"
    rng = random.Random(f"{seed}/{target}")
    corpus = _yaml_corpus()
    result = Result(target)
    slowest = 0.0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.yaml"
        for _ in range(inputs):
            text = yaml_input(rng, corpus)
            data: str | bytes = text
            if as_file:  # lone surrogates become bytes that are no UTF-8
                data = text.encode("utf-8", "surrogatepass") if rng.random() < 0.8 \
                    else rng.randbytes(rng.randrange(300))
                path.write_bytes(data)
            began = time.perf_counter()
            try:
                if as_file:
                    load_yaml(path)
                else:
                    load_yaml("fuzz.yaml", text)
            except ConfigError:
                result.refused += 1
            except Exception as exc:  # noqa: BLE001 - the fuzz counts what escapes
                result.exceptions += 1
                result.fail(f"{target}: {type(exc).__name__}: {exc}", data)
            slowest = max(slowest, time.perf_counter() - began)
            result.inputs += 1
    result.seconds = time.perf_counter() - start
    result.notes.append(f"{target}: {result.refused:,} refused as ConfigError, "
                        f"{result.inputs - result.refused - result.exceptions:,} loaded; "
                        f"slowest input {slowest * 1000:.0f} ms")
    return result


# --- the whole run ----------------------------------------------------------------------------

def split(total: int) -> dict[str, int]:
    """Inputs per target: YAML (~100× dearer per input) gets 1 % as text and 0.2 % as files."""
    yaml_text, yaml_file = max(total // 100, 1), max(total // 500, 1)
    each = max((total - yaml_text - yaml_file) // len(DECODER_TARGETS), 1)
    return {**{p: each for p in DECODER_TARGETS}, "yaml": yaml_text, "yaml-file": yaml_file}


def run_target(target: str, inputs: int, seed: int) -> Result:
    if target in DECODER_TARGETS:
        return fuzz_decoder(target, inputs, seed)
    return fuzz_yaml(inputs, seed, as_file=target == "yaml-file")


def run(total: int, seed: int, out: Callable[[str], None] = print) -> list[Result]:
    out(f"fuzz: {total:,} inputs, seed {seed}")
    out(f"{'target':<11}{'inputs':>10}{'inputs/s':>10}{'exceptions':>12}{'violations':>12}"
        f"{'embedded':>10}{'recovered':>11}")
    results = []
    for target, inputs in split(total).items():
        r = run_target(target, inputs, seed)
        results.append(r)
        rate = r.inputs / r.seconds if r.seconds else 0.0
        yaml_target = target in YAML_TARGETS
        out(f"{target:<11}{r.inputs:>10,}{rate:>10,.0f}{r.exceptions:>12}{r.violations:>12}"
            f"{'-' if yaml_target else f'{r.embedded:,}':>10}"
            f"{'-' if yaml_target else f'{r.recovered:,}':>11}")
    for r in results:
        for note in r.notes:
            out(f"  {note}")
    return results


def main(total: int, seed: int | None) -> int:
    """The bench's `fuzz` subcommand; returns the exit status."""
    if seed is None:
        seed = random.SystemRandom().randrange(1_000_000)
    results = run(total, seed)
    failed = [r for r in results if r.failed]
    for r in failed:
        print(f"FAILED {r.first_failure}", file=sys.stderr)
    if failed:
        print(f"reproduce: python -m exhibit.bench fuzz --inputs {total} --seed {seed}",
              file=sys.stderr)
        return 1
    print(f"no failure (seed {seed})")
    return 0
