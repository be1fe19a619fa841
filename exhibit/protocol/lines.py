"""The default line protocol: ``soil=512 light=230 temp=21.5`` — one frame per line.

Pairs are separated by spaces, commas or semicolons; ``:`` works for ``=`` (so the Arduino
Serial Plotter's ``label:value`` format decodes too). Lines end in ``\\n``, ``\\r\\n`` or a
bare ``\\r``. Lines starting with ``#`` are comments or status and never readings.

Framing, comments, the hello and the cut-off first line are handled by `TextDecoder`.
"""

from __future__ import annotations

import re

from exhibit.protocol.text import TextDecoder
from exhibit.reading import Reading
from exhibit.reading import new_tuple as _new

# "temp: 21.5" — spaces around = or : join key and value, unless what follows is already
# the next pair ("hum= temp=21" keeps temp when hum's value is missing). Rare, so checked
# with quick substring tests before the (slower) substitution.
_AROUND_EQUALS = re.compile(r"\s*([=:])\s*(?![A-Za-z_][A-Za-z0-9_.\-]*\s*[=:])")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")


def _tokens(text: str) -> list[str]:
    """The line's key=value tokens, with ``:`` written as ``=``."""
    if "= " in text or " =" in text or ": " in text or " :" in text or "\t" in text:
        text = _AROUND_EQUALS.sub(lambda m: m.group(1), text)
    if ":" in text:
        text = text.replace(":", "=")
    return text.replace(",", " ").replace(";", " ").split()


class KeyValueDecoder(TextDecoder):
    """Bytes in, `Reading`s out, for the ``key=value`` line protocol.

    The hot path uses str methods rather than a regex per token: at full speed this runs
    for every reading (about 4× faster, see `python -m exhibit.bench ingest`).
    """

    protocol = "lines"

    def looks_cut_off(self, text: str) -> bool:
        """A tail end starts inside a key or a value: its first token is no known pair."""
        tokens = _tokens(text)
        if not tokens:
            return True
        key, sep, _ = tokens[0].partition("=")
        return not sep or key not in self.sources

    def decode_text(self, text: str, t: float) -> list[Reading]:
        sources = self.sources
        readings: list[Reading] = []
        append = readings.append
        plain = text.isascii()  # one check a line; a token is looked at only when not
        for token in _tokens(text):
            key, sep, value_text = token.partition("=")
            sensor = sources.get(key) if sep else None
            if sensor is None:
                self._reject_token(key, sep)
                continue
            # float() also takes 1_5 and non-ASCII digits: from a garbled line those would
            # be believable wrong readings, so only plain ASCII numbers count
            if "_" in value_text or not (plain or value_text.isascii()):
                self.stats.reject("not_a_number")
                continue
            try:
                value = float(value_text)
            except ValueError:
                self.stats.reject("not_a_number")
                continue
            if value - value:  # NaN or an infinity (for finite values this is 0.0)
                self.stats.reject("not_a_number")
                continue
            append(_new(Reading, (sensor, value, t, False)))
        return readings

    def _reject_token(self, key: str, sep: str) -> None:
        if sep and _KEY.fullmatch(key):
            self.stats.unknown(key)
        else:
            self.stats.reject("not_a_pair")
