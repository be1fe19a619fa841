"""ESPHome-style sensor filters, chained after calibration, one chain per sensor.

The config holds a frozen `FilterSpec` (see `filter_specs`) per list item of a sensor's
``filters:``; each signal calls `FilterSpec.build` for its own stateful filter objects.
A filter is called with a value and the reading's arrival time ``t`` (seconds) and
returns the value to pass on, or None: the reading is dropped there and goes no further.
Names and parameters follow ESPHome (https://esphome.io/components/sensor/#sensor-filters):

=================================  ====================================================
``offset: 2.5``                    add
``multiply: 1.8``                  multiply
``clamp: {min_value, max_value}``  limit (either optional); ``ignore_out_of_range: true``
                                   drops values outside instead
``median: 5``                      median of the last N values (``window_size``,
                                   ``send_every``, ``send_first_at``)
``exponential_moving_average``     ``0.3`` or ``{alpha, send_every, send_first_at}``
``sliding_window_moving_average``  ``10`` or ``{window_size, send_every, send_first_at}``
``delta: 2`` / ``delta: "5%"``     pass a value only once it has moved at least that far
                                   from the last one passed
``throttle: 500ms``                at most one value per period
``timeout: 10s``                   no change; the sensor shows stale after that long
                                   without a value
=================================  ====================================================

These run for every reading (~300 k/s across all sensors at full speed), so each filter is
a small `__slots__` object whose `__call__` does a handful of operations: no numpy, no
allocation beyond a deque slot. Hot paths hold bound methods (``f.__call__``, or
`FilterChain.step`): CPython calls an instance of a Python class through a slot that costs
about 100 ns more than calling its bound method. Readings reach the filters as finite
floats (the decoders drop ``nan`` and ``inf``).

Parsing the YAML into `FilterSpec`s lives in `exhibit.signals.filter_specs`.
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections import deque
from collections.abc import Callable, Iterable
from typing import Protocol

MAX_WINDOW = 10_000
RESYNC_EVERY = 4096  # sliding average: re-add the window exactly this often (float drift)


class Buildable(Protocol):
    """What `FilterChain` needs of a spec (`filter_specs.FilterSpec`): a fresh filter."""

    def build(self) -> Filter: ...


class Filter(Protocol):
    def __call__(self, value: float, t: float) -> float | None: ...

    def reset(self) -> None: ...


# --- the filters ------------------------------------------------------------------------

class Offset:
    __slots__ = ("offset",)

    def __init__(self, value: float) -> None:
        self.offset = value

    def __call__(self, value: float, t: float) -> float | None:
        return value + self.offset

    def reset(self) -> None:
        pass


class Multiply:
    __slots__ = ("factor",)

    def __init__(self, value: float) -> None:
        self.factor = value

    def __call__(self, value: float, t: float) -> float | None:
        return value * self.factor

    def reset(self) -> None:
        pass


class Clamp:
    """Limit to [min_value, max_value]; with `ignore_out_of_range`, drop what lies outside."""

    __slots__ = ("drop", "high", "low")

    def __init__(self, min_value: float | None, max_value: float | None,
                 ignore_out_of_range: bool = False) -> None:
        self.low = -math.inf if min_value is None else min_value
        self.high = math.inf if max_value is None else max_value
        self.drop = ignore_out_of_range

    def __call__(self, value: float, t: float) -> float | None:
        if value < self.low:
            return None if self.drop else self.low
        if value > self.high:
            return None if self.drop else self.high
        return value

    def reset(self) -> None:
        pass


class _Every:
    """ESPHome's send_every/send_first_at count: the first result goes out after
    `send_first_at` values, then every `send_every`-th."""

    __slots__ = ("count", "every", "first")

    def __init__(self, send_every: int, send_first_at: int) -> None:
        self.every, self.first = send_every, send_first_at
        self.count = send_every - send_first_at

    def reset(self) -> None:
        self.count = self.every - self.first


class Median(_Every):
    """The median of the last `window_size` values (fewer while the window fills; an even
    count gives the mean of the middle two). A sorted copy of the window is kept up to date
    (insort, and remove the value that leaves), so no value is sorted twice. A NaN, which
    has no place in an order, is dropped."""

    __slots__ = ("ordered", "size", "small", "window")

    def __init__(self, window_size: int, send_every: int = 1, send_first_at: int = 1) -> None:
        super().__init__(send_every, send_first_at)
        self.size = window_size
        self.small = window_size <= 32  # list.remove beats bisect + del on short lists
        self.window: deque[float] = deque()
        self.ordered: list[float] = []

    def __call__(self, value: float, t: float) -> float | None:
        if value != value:  # noqa: PLR0124 (NaN, the quick way)
            return None
        window, ordered = self.window, self.ordered
        window.append(value)
        if len(window) > self.size:  # the usual case: a full window, one value leaves
            if self.small:
                ordered.remove(window.popleft())
            else:
                del ordered[bisect_left(ordered, window.popleft())]
        insort(ordered, value)
        count = self.count + 1
        if count < self.every:
            self.count = count
            return None
        self.count = 0
        n = len(ordered)
        m = n >> 1
        return ordered[m] if n & 1 else (ordered[m - 1] + ordered[m]) * 0.5

    def reset(self) -> None:
        _Every.reset(self)
        self.window.clear()
        self.ordered.clear()


class ExponentialMovingAverage(_Every):
    """y += alpha·(x − y); the first value passes unchanged."""

    __slots__ = ("alpha", "y")

    def __init__(self, alpha: float, send_every: int = 1, send_first_at: int = 1) -> None:
        super().__init__(send_every, send_first_at)
        self.alpha = alpha
        self.y: float | None = None

    def __call__(self, value: float, t: float) -> float | None:
        y = self.y
        self.y = y = value if y is None else y + self.alpha * (value - y)
        count = self.count + 1
        if count < self.every:
            self.count = count
            return None
        self.count = 0
        return y

    def reset(self) -> None:
        _Every.reset(self)
        self.y = None


class SlidingWindowMovingAverage(_Every):
    """The mean of the last `window_size` values (fewer while the window fills), kept as a
    running sum that is re-added exactly every `RESYNC_EVERY` values against float drift."""

    __slots__ = ("resync", "size", "total", "window")

    def __init__(self, window_size: int, send_every: int = 1, send_first_at: int = 1) -> None:
        super().__init__(send_every, send_first_at)
        self.size = window_size
        self.window: deque[float] = deque(maxlen=window_size)
        self.total = 0.0
        self.resync = RESYNC_EVERY

    def __call__(self, value: float, t: float) -> float | None:
        window = self.window
        if len(window) == self.size:
            total = self.total - window[0] + value
        else:
            total = self.total + value
        window.append(value)
        resync = self.resync - 1
        if resync:
            self.resync = resync
        else:
            self.resync, total = RESYNC_EVERY, math.fsum(window)
        self.total = total
        count = self.count + 1
        if count < self.every:
            self.count = count
            return None
        self.count = 0
        return total / len(window)

    def reset(self) -> None:
        _Every.reset(self)
        self.window.clear()
        self.total, self.resync = 0.0, RESYNC_EVERY


class Delta:
    """Pass a value only when it differs from the last passed one by at least `min_value`
    (with `percent`: that many percent of the last passed value); the first value passes.
    An unchanged value never passes, so ``delta: 0`` drops repeats."""

    __slots__ = ("last", "min_value", "percent", "threshold")

    def __init__(self, min_value: float, percent: bool = False) -> None:
        self.min_value, self.percent = min_value, percent
        self.last: float | None = None
        self.threshold = min_value

    def __call__(self, value: float, t: float) -> float | None:
        last = self.last
        if last is not None:
            diff = value - last if value > last else last - value
            if diff < self.threshold or not diff:
                return None
        self.last = value
        if self.percent:  # |value| × p / 100 keeps whole-number cases exact (not × 0.01 p)
            self.threshold = (value if value >= 0 else -value) * self.min_value / 100
        return value

    def reset(self) -> None:
        self.last, self.threshold = None, self.min_value


class Throttle:
    """At most one value per `seconds` of reading time; the first value passes. If time
    runs backwards (a replay starting over), the next value passes and the clock restarts."""

    __slots__ = ("last", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.last: float | None = None

    def __call__(self, value: float, t: float) -> float | None:
        last = self.last
        if last is None or t - last >= self.seconds or t < last:
            self.last = t
            return value
        return None

    def reset(self) -> None:
        self.last = None


class Timeout:
    """Passes every value; remembers when the last one came by. The signal reads
    `timeout_seconds` (or calls `stale`) to show the sensor stale after that long."""

    __slots__ = ("last_t", "timeout_seconds")

    def __init__(self, seconds: float) -> None:
        self.timeout_seconds = seconds
        self.last_t: float | None = None

    def __call__(self, value: float, t: float) -> float | None:
        self.last_t = t
        return value

    def stale(self, now: float) -> bool:
        return self.last_t is None or now - self.last_t > self.timeout_seconds

    def reset(self) -> None:
        self.last_t = None


class FilterChain:
    """Built filters applied in order; a value dropped by one goes no further.

    `step` is the fastest callable for the chain: the identity without filters, the one
    filter's bound method, else a loop over bound methods. Calling the chain itself works
    too, at the price of one more (slow) instance call.
    """

    __slots__ = ("filters", "step")

    def __init__(self, specs: Iterable[Buildable]) -> None:
        self.filters: tuple[Filter, ...] = tuple(spec.build() for spec in specs)
        calls = tuple(f.__call__ for f in self.filters)
        if not calls:
            self.step: Callable[[float, float], float | None] = _identity
        elif len(calls) == 1:
            self.step = calls[0]
        else:
            def step(value: float | None, t: float) -> float | None:
                for call in calls:
                    value = call(value, t)  # type: ignore[arg-type]
                    if value is None:
                        return None
                return value
            self.step = step

    def __call__(self, value: float, t: float) -> float | None:
        return self.step(value, t)

    def reset(self) -> None:
        for f in self.filters:
            f.reset()


def _identity(value: float, t: float) -> float | None:
    return value


__all__ = [
    "Clamp",
    "Delta",
    "ExponentialMovingAverage",
    "Filter",
    "FilterChain",
    "Median",
    "Multiply",
    "Offset",
    "SlidingWindowMovingAverage",
    "Throttle",
    "Timeout",
]
