"""How a value someone wrote appears in an error message: as Python would write it, cut to
60 characters, and what to write instead when YAML read a number as text. One place, below
config and signals, so every message quotes alike."""

from __future__ import annotations

import math
import re
from typing import Any


def shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# YAML 1.1 (PyYAML) reads e-notation as a number only with a dot and a signed exponent:
# 2.0e+2 is 200.0, but 2e2, 2.0e2 and 2e+2 stay text.
_E_NOTATION = re.compile(r"\s*([-+]?)([0-9]*\.?[0-9]*)[eE]([-+]?)([0-9]+)\s*")


def number_hint(value: Any) -> str:
    """'; YAML reads 2e2 as text, write 2.0e+2 …' when `value` is text that YAML 1.1 did not
    read as the number it looks like, else ''."""
    match = _E_NOTATION.fullmatch(value) if isinstance(value, str) else None
    if match is None or not any(c.isdigit() for c in match.group(2)):
        return ""
    sign, mantissa, exp_sign, exponent = match.groups()
    if "." not in mantissa:
        mantissa += ".0"
    elif mantissa.endswith("."):
        mantissa += "0"
    written = f"{sign}{mantissa}e{exp_sign or '+'}{exponent}"
    plain = f" or the plain number {float(written):g}" if math.isfinite(float(written)) else ""
    return (f"; YAML reads {value.strip()} as text: write {written} (a dot and a signed "
            f"exponent){plain}")
