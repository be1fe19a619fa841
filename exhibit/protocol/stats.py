"""Counters a decoder keeps so staff can see what the board really sends."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field

MAX_UNKNOWN_KEYS = 32
LAST_LINES = 20


@dataclass
class DecoderStats:
    """Written by one reader thread; read by the main thread as a copy (`snapshot`)."""

    bytes: int = 0
    lines: int = 0
    readings: int = 0
    rejects: Counter[str] = field(default_factory=Counter)
    unknown_keys: Counter[str] = field(default_factory=Counter)
    last_lines: deque[str] = field(default_factory=lambda: deque(maxlen=LAST_LINES))

    def reject(self, reason: str) -> None:
        self.rejects[reason] += 1

    def unknown(self, key: str) -> None:
        """Count an unmapped key; past a cap new names only count as 'other'."""
        if key in self.unknown_keys or len(self.unknown_keys) < MAX_UNKNOWN_KEYS:
            self.unknown_keys[key] += 1
        else:
            self.unknown_keys["(other)"] += 1
        self.reject("unknown_key")

    def snapshot(self) -> dict:
        return {"bytes": self.bytes, "lines": self.lines, "readings": self.readings,
                "rejects": dict(self.rejects), "unknown_keys": dict(self.unknown_keys),
                "last_lines": list(self.last_lines)}
