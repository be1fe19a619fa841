"""What every source shares: the bounded queue to the main thread and the reader thread.

A source owns one reader thread. The thread only reads bytes, decodes and enqueues; the
main thread drains the queue once per frame. Nothing here touches pygame or a port, so
the frame loop may import this module without pulling in pyserial.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable

from exhibit.reading import Reading
from exhibit.status import LIVE, SourceStatus


class ReadingQueue:
    """Bounded FIFO across the thread boundary: when full, the oldest reading goes first.

    Dropping the oldest keeps the screen current after a stall; every drop is counted.
    """

    def __init__(self, maxlen: int = 4096) -> None:
        self._items: deque[Reading] = deque()
        self._maxlen = maxlen
        self._lock = threading.Lock()
        self.dropped = 0
        self.dropped_stand_in = 0  # of `dropped`: simulated while the board was away

    def put_many(self, readings: Iterable[Reading]) -> None:
        with self._lock:
            items = self._items
            items.extend(readings)
            excess = len(items) - self._maxlen
            if excess > 0:
                stand_in = 0
                for _ in range(excess):
                    stand_in += items.popleft()[3]  # Reading.stand_in
                self.dropped += excess
                self.dropped_stand_in += stand_in

    def dropped_measured(self) -> int:
        """Dropped readings that were not stand-in values (the recorder counts them)."""
        with self._lock:
            return self.dropped - self.dropped_stand_in

    def drain(self) -> list[Reading]:
        with self._lock:
            items = list(self._items)
            self._items.clear()
        return items

    def __len__(self) -> int:
        return len(self._items)


class Source:
    """Base for sources: a named reader thread with a stop event."""

    kind = LIVE
    forced_simulation = False  # staff switched a board's show to the simulator (key S)

    def __init__(self, name: str) -> None:
        self.name = name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._queue: ReadingQueue | None = None

    def start(self, queue: ReadingQueue) -> None:
        self._queue = queue
        self._thread = threading.Thread(target=self._run, name=f"source:{self.name}",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def touch(self, sensor_id: str) -> bool:
        """Pretend a visitor touched a sensor; only the simulator can."""
        return False

    def force_simulation(self, on: bool) -> bool:
        """Staff key S: show the simulated sensor model instead of the board (`on`), or
        the board again. Only a board with a stand-in can; returns whether it switched."""
        return False

    def status(self) -> SourceStatus:
        raise NotImplementedError

    def _run(self) -> None:
        raise NotImplementedError
