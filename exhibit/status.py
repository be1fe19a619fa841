"""The connection status a frame reads: which kind of source feeds the show, and its state.

These are facts of the world (`World.source`), so they live beside it and know no I/O:
`exhibit.sources` sets them, the stage turns them into a badge, scenes may read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LIVE, SIMULATION, REPLAY = "live", "simulation", "replay"
# connecting: opening a given port · searching: no board found yet (auto) · connected ·
# stale: open but silent · disconnected: had a board, lost it; reopening with backoff
CONNECTING, SEARCHING, CONNECTED = "connecting", "searching", "connected"
STALE, DISCONNECTED = "stale", "disconnected"


@dataclass(frozen=True)
class SourceStatus:
    """A copy of a source's state for one frame: safe to read on the main thread."""

    kind: str                     # live | simulation | replay
    name: str                     # port, URL or "simulator"
    state: str = CONNECTED        # see the states above
    detail: str = ""              # last error, for the staff overlay
    reconnects: int = 0
    stats: dict = field(default_factory=dict)
    stand_in: bool = False        # simulated values fill in while the board is away
    recent: tuple[str, ...] = ()  # the last raw lines from the board, escaped (D overlay)
    platform: bool = False        # live values from a data platform (MQTT), not a board

    @property
    def connected(self) -> bool:
        return self.state == CONNECTED
