"""A live board with the simulator standing in while it is away.

Visitors should always see a living city: while the board is unplugged (or not found yet)
simulated values fill in, clearly badged; when it comes back, live data takes over by
itself. Stand-in readings are marked so they are never recorded as measurements.
"""

from __future__ import annotations

from dataclasses import replace

from exhibit.sources.base import ReadingQueue, Source
from exhibit.status import CONNECTED, LIVE, STALE, SourceStatus
from exhibit.sources.serial_source import SerialSource
from exhibit.sources.simulator import SimulatorSource


class LiveWithStandIn(Source):
    kind = LIVE

    def __init__(self, live: SerialSource, stand_in: SimulatorSource) -> None:
        super().__init__(live.name)
        self.live = live
        self.stand_in = stand_in
        stand_in.stand_in_when = self.board_away

    def board_away(self) -> bool:
        return self.live.status().state not in (CONNECTED, STALE)

    def start(self, queue: ReadingQueue) -> None:
        self.live.start(queue)
        self.stand_in.start(queue)

    def stop(self, timeout: float = 2.0) -> None:
        self.live.stop(timeout)
        self.stand_in.stop(timeout)

    def touch(self, sensor_id: str) -> bool:
        return self.board_away() and self.stand_in.touch(sensor_id)

    def status(self) -> SourceStatus:
        status = self.live.status()
        return replace(status, stand_in=status.state not in (CONNECTED, STALE))
