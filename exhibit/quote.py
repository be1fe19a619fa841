"""How a value someone wrote appears in an error message: as Python would write it, cut to
60 characters. One place, below config and signals, so every message quotes alike."""

from __future__ import annotations

from typing import Any


def shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
