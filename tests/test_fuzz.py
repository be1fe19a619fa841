"""The fuzz of `python -m exhibit.bench fuzz`, small: random bytes and mangled lines into every
decoder, hostile texts and files into `load_yaml`. No exception, bounded buffers, and every
valid frame in the noise decoded to exactly its readings; YAML lets only ConfigError out.

A fuzz that cannot fail proves nothing, so planted bugs must make it fail, with the input.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exhibit.devtools import fuzz
from exhibit.protocol import text
from exhibit.yamlsource import ConfigError


@pytest.mark.parametrize("protocol", fuzz.DECODER_TARGETS)
def test_every_valid_frame_in_the_noise_decodes_exactly_once(protocol: str) -> None:
    result = fuzz.fuzz_decoder(protocol, 800, seed=2026)
    assert result.exceptions == 0 and result.violations == 0, result.first_failure
    assert result.embedded > 300  # the property reached its check
    assert result.recovered == result.embedded, result.first_failure


@pytest.mark.parametrize("as_file", [False, True], ids=["text", "file"])
def test_only_config_error_comes_out_of_load_yaml(as_file: bool) -> None:
    result = fuzz.fuzz_yaml(300 if not as_file else 100, seed=2026, as_file=as_file)
    assert result.exceptions == 0, result.first_failure
    assert 0 < result.refused < result.inputs  # both refused and loaded inputs were made


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_any_seed_passes(seed: int) -> None:
    for protocol in fuzz.DECODER_TARGETS:
        result = fuzz.fuzz_decoder(protocol, 60, seed)
        assert not result.failed, f"seed {seed}: {result.first_failure}"
    assert not fuzz.fuzz_yaml(15, seed).failed


def test_the_split_gives_every_target_inputs_and_no_more_than_asked() -> None:
    for total in (100, 4_000, 1_000_000):
        split = fuzz.split(total)
        assert set(split) == set(fuzz.TARGETS) and min(split.values()) >= 1
        assert sum(split.values()) <= max(total, len(fuzz.TARGETS))


# --- the fuzz catches planted bugs ------------------------------------------------------------

def test_it_catches_a_framer_that_never_resyncs_after_an_over_long_line(monkeypatch) -> None:
    take = text.LineFramer._take

    def sticky(self, piece, lines, end):  # stays in "discarding" past the line end
        discarding = self._discarding
        take(self, piece, lines, end)
        self._discarding = self._discarding or (end and discarding)

    monkeypatch.setattr(text.LineFramer, "_take", sticky)
    result = fuzz.fuzz_decoder("lines", 400, seed=1)
    assert result.failed and result.recovered < result.embedded
    assert "probe readings differ" in result.first_failure


def test_it_catches_an_unbounded_buffer(monkeypatch) -> None:
    def unbounded(self, piece, lines, end):
        self._buffer += piece
        if end:
            if self._buffer:
                lines.append(bytes(self._buffer))
            self._buffer.clear()

    monkeypatch.setattr(text.LineFramer, "_take", unbounded)
    result = fuzz.fuzz_decoder("json", 400, seed=1)
    assert result.violations and "buffer of" in result.first_failure


def test_a_failure_exits_nonzero_with_the_seed_and_the_input(monkeypatch, capsys) -> None:
    def escapes(path, text=None):
        if text is not None and "x" in text:
            raise KeyError("planted")
        raise ConfigError(str(path), None, "refused")

    monkeypatch.setattr(fuzz, "load_yaml", escapes)
    assert fuzz.main(500, seed=5) == 1
    err = capsys.readouterr().err
    assert "FAILED yaml: KeyError: 'planted'; input: '" in err
    assert "--inputs 500 --seed 5" in err
