"""A live board with the simulator standing in while it is away, or while staff want it.

Visitors should always see a living city: while the board is unplugged (or not found yet)
simulated values fill in, clearly badged; when it comes back, live data takes over by
itself. Stand-in readings are marked so they are never recorded as measurements.

Staff can also force the simulator (key S, `force_simulation`): the board stays open and
its counters keep counting for the D overlay, but its readings stop at a gate before the
queue; the status then says `simulation`, so the badge does too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from exhibit.reading import Reading
from exhibit.sources.base import ReadingQueue, Source
from exhibit.status import CONNECTED, LIVE, SIMULATION, STALE, SourceStatus
from exhibit.sources.mqtt_source import MqttSource
from exhibit.sources.serial_source import SerialSource
from exhibit.sources.simulator import SimulatorSource


class _Gate:
    """What the board's reader thread puts its readings into: the queue, unless closed."""

    def __init__(self, queue: ReadingQueue, open_: Callable[[], bool]) -> None:
        self.queue = queue
        self.open = open_

    def put_many(self, readings: list[Reading]) -> None:
        if self.open():
            self.queue.put_many(readings)


class LiveWithStandIn(Source):
    kind = LIVE

    def __init__(self, live: SerialSource | MqttSource, stand_in: SimulatorSource) -> None:
        super().__init__(live.name)
        self.live = live
        self.stand_in = stand_in
        stand_in.stand_in_when = self.simulating

    def board_away(self) -> bool:
        return self.live.status().state not in (CONNECTED, STALE)

    def simulating(self) -> bool:
        return self.forced_simulation or self.board_away()

    def force_simulation(self, on: bool) -> bool:
        self.forced_simulation = on  # read by both threads; a bool swap is atomic
        return True

    def start(self, queue: ReadingQueue) -> None:
        self.live.start(_Gate(queue, lambda: not self.forced_simulation))  # type: ignore[arg-type]
        self.stand_in.start(queue)

    def stop(self, timeout: float = 2.0) -> None:
        self.live.stop(timeout)
        self.stand_in.stop(timeout)

    def touch(self, sensor_id: str) -> bool:
        return self.simulating() and self.stand_in.touch(sensor_id)

    def status(self) -> SourceStatus:
        status = self.live.status()
        if self.forced_simulation:  # the board's own facts stay, for the D overlay
            return replace(status, kind=SIMULATION, stand_in=False)
        return replace(status, stand_in=status.state not in (CONNECTED, STALE))
