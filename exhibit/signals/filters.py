"""ESPHome-style sensor filters, chained after calibration, one chain per sensor.

The config holds a frozen `FilterSpec` per list item of a sensor's ``filters:``; each signal
calls `FilterSpec.build` for its own stateful filter objects. A filter is called with a
value and the reading's arrival time ``t`` (seconds) and returns the value to pass on, or
None: the reading is dropped there and goes no further. Names and parameters follow
ESPHome (https://esphome.io/components/sensor/#sensor-filters):

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

`parse_filter` raises ValueError with messages phrased to follow the list item's config
path, e.g. ``sensors.soil.filters[0]`` + `` needs median's window_size as …``.
"""

from __future__ import annotations

import difflib
import math
import re
from bisect import bisect_left, insort
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

MAX_WINDOW = 10_000
RESYNC_EVERY = 4096  # sliding average: re-add the window exactly this often (float drift)


class Filter(Protocol):
    def __call__(self, value: float, t: float) -> float | None: ...

    def reset(self) -> None: ...


def shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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

    __slots__ = ("mid", "odd", "ordered", "size", "small", "window")

    def __init__(self, window_size: int, send_every: int = 1, send_first_at: int = 1) -> None:
        super().__init__(send_every, send_first_at)
        self.size = window_size
        self.mid, self.odd = window_size >> 1, bool(window_size & 1)
        self.small = window_size <= 32  # list.remove beats bisect + del on short lists
        self.window: deque[float] = deque()
        self.ordered: list[float] = []

    def __call__(self, value: float, t: float) -> float | None:
        if value != value:  # noqa: PLR0124 (NaN, the quick way)
            return None
        window, ordered = self.window, self.ordered
        window.append(value)
        if len(window) > self.size:  # the usual case: a full window
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
            m = self.mid
            return ordered[m] if self.odd else (ordered[m - 1] + ordered[m]) * 0.5
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

    def __init__(self, specs: Iterable[FilterSpec]) -> None:
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


# --- specs and parsing ----------------------------------------------------------------

@dataclass(frozen=True)
class FilterSpec:
    """One configured filter: its ESPHome name and its parameters as ``(key, value)`` pairs
    with every default filled in (so two specs that act alike compare equal)."""

    name: str
    params: tuple[tuple[str, Any], ...] = ()

    def build(self) -> Filter:
        """A fresh filter object (each sensor signal needs its own state)."""
        return _FILTERS[self.name].factory(**dict(self.params))

    def param(self, key: str, default: Any = None) -> Any:
        return dict(self.params).get(key, default)

    def __str__(self) -> str:
        """The YAML flow form, e.g. ``{median: {window_size: 5, send_every: 1, …}}``."""
        items = []
        for key, value in self.params:
            if value is None or (key == "percent"):
                continue
            if key == "min_value" and self.name == "delta":
                text = f"{value:g}%" if self.param("percent") else f"{value:g}"
            elif key == "seconds":
                text = f"{value:g}s" if value >= 1 else f"{value * 1000:g}ms"
            elif isinstance(value, bool):
                text = str(value).lower()
            else:
                text = f"{value:g}" if isinstance(value, float) else str(value)
            items.append((key, text))
        if len(items) == 1:
            return f"{{{self.name}: {items[0][1]}}}"
        return f"{{{self.name}: {{{', '.join(f'{k}: {v}' for k, v in items)}}}}}"


def build_chain(specs: Iterable[FilterSpec]) -> FilterChain:
    return FilterChain(specs)


def timeout_of(specs: Iterable[FilterSpec]) -> float | None:
    """The configured `timeout` in seconds (the shortest if several), None without one."""
    seconds = [spec.param("seconds") for spec in specs if spec.name == "timeout"]
    return min(seconds) if seconds else None


@dataclass(frozen=True)
class _Kind:
    factory: Callable[..., Filter]
    parse: Callable[[str, Any], tuple[tuple[str, Any], ...]]
    example: str


def parse_filter(item: Any) -> FilterSpec:
    """One item of a sensor's ``filters:`` list: ``{name: shorthand}`` or
    ``{name: {param: value, …}}``."""
    if not isinstance(item, dict) or len(item) != 1:
        extra = ""
        if isinstance(item, dict) and len(item) > 1:
            extra = "; give each filter its own list item, e.g. [{median: 5}, {delta: 2}]"
        raise ValueError(f"must be one filter such as {{median: 5}} or {{throttle: 500ms}}, "
                         f"got {shown(item)}{extra}")
    (name, arg), = item.items()
    kind = _FILTERS.get(name) if isinstance(name, str) else None
    if kind is None:
        close = difflib.get_close_matches(str(name), FILTER_NAMES, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(f"uses unknown filter {shown(name)}{hint}; known filters: "
                         f"{', '.join(FILTER_NAMES)}")
    return FilterSpec(name, kind.parse(name, arg))


def _fail(name: str, what: str, value: Any) -> ValueError:
    return ValueError(f"needs {what}, got {shown(value)}; write {_FILTERS[name].example}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) \
        and math.isfinite(value)


def _number(name: str, key: str, value: Any, *, minimum: float | None = None,
            above: float | None = None, maximum: float | None = None) -> float:
    bounds = [f"{op} {limit:g}" for op, limit in ((">=", minimum), (">", above),
                                                   ("<=", maximum)) if limit is not None]
    form = "a number" + (" " + " and ".join(bounds) if bounds else "")
    if not _is_number(value) or (minimum is not None and value < minimum) \
            or (above is not None and value <= above) \
            or (maximum is not None and value > maximum):
        raise _fail(name, f"{name}'s {key} as {form}", value)
    return float(value)


def _whole(name: str, key: str, value: Any, maximum: int = MAX_WINDOW) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise _fail(name, f"{name}'s {key} as a whole number from 1 to {maximum}", value)
    return value


def _mapping(name: str, arg: Any, allowed: tuple[str, ...]) -> dict[str, Any]:
    if arg is None:
        arg = {}
    if not isinstance(arg, dict):
        raise _fail(name, f"{name} as a mapping of {', '.join(allowed)}", arg)
    for key in arg:
        if key not in allowed:
            raise ValueError(f"gives {name} an unknown setting {shown(key)}; allowed: "
                             f"{', '.join(allowed)}; write {_FILTERS[name].example}")
    return arg


_DURATION = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*(us|ms|s|sec|min|h)?\s*$")
_UNITS = {"us": 1e-6, "ms": 1e-3, None: 1.0, "s": 1.0, "sec": 1.0, "min": 60.0, "h": 3600.0}
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*%\s*$")


def parse_duration(value: Any) -> float | None:
    """Seconds from a number (seconds) or a text such as ``500ms``, ``2s``, ``1min``,
    ``1h``; None if `value` is neither."""
    if _is_number(value):
        return float(value)
    if isinstance(value, str) and (m := _DURATION.match(value)):
        return float(m.group(1)) * _UNITS[m.group(2)]
    return None


def _seconds(name: str, key: str, value: Any) -> float:
    seconds = parse_duration(value)
    if seconds is None or seconds <= 0:
        what = name if key == name else f"{name}'s {key}"
        raise _fail(name, f"{what} as a time > 0 such as 500ms, 2s or 1min (a plain number "
                    "counts seconds)", value)
    return seconds


def _parse_scalar(name: str, arg: Any) -> tuple[tuple[str, Any], ...]:
    return (("value", _number(name, "value", arg)),)


def _parse_clamp(name: str, arg: Any) -> tuple[tuple[str, Any], ...]:
    m = _mapping(name, arg, ("min_value", "max_value", "ignore_out_of_range"))
    low = None if m.get("min_value") is None else _number(name, "min_value", m["min_value"])
    high = None if m.get("max_value") is None else _number(name, "max_value", m["max_value"])
    if low is None and high is None:
        raise _fail(name, "clamp with min_value, max_value or both", arg)
    if low is not None and high is not None and low > high:
        raise ValueError(f"needs clamp's min_value <= max_value, got min_value {low:g} and "
                         f"max_value {high:g}; write {_FILTERS[name].example}")
    drop = m.get("ignore_out_of_range", False)
    if not isinstance(drop, bool):
        raise _fail(name, "clamp's ignore_out_of_range as true or false", drop)
    return (("min_value", low), ("max_value", high), ("ignore_out_of_range", drop))


def _window_parser(default_size: int) -> Callable[[str, Any], tuple[tuple[str, Any], ...]]:
    def parse(name: str, arg: Any) -> tuple[tuple[str, Any], ...]:
        if arg is None or isinstance(arg, dict):
            m = _mapping(name, arg, ("window_size", "send_every", "send_first_at"))
        else:
            m = {"window_size": arg}
        size = _whole(name, "window_size", m.get("window_size", default_size))
        return (("window_size", size),) + _send(name, m)
    return parse


def _send(name: str, m: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    every = _whole(name, "send_every", m.get("send_every", 1), maximum=1_000_000)
    first = _whole(name, "send_first_at", m.get("send_first_at", 1), maximum=1_000_000)
    if first > every:
        raise ValueError(f"needs {name}'s send_first_at <= send_every, got send_first_at "
                         f"{first} and send_every {every}; write {_FILTERS[name].example}")
    return (("send_every", every), ("send_first_at", first))


def _parse_ema(name: str, arg: Any) -> tuple[tuple[str, Any], ...]:
    if arg is None or isinstance(arg, dict):
        m = _mapping(name, arg, ("alpha", "send_every", "send_first_at"))
    else:
        m = {"alpha": arg}
    alpha = _number(name, "alpha", m.get("alpha", 0.1), above=0, maximum=1)
    return (("alpha", alpha),) + _send(name, m)


def _parse_delta(name: str, arg: Any) -> tuple[tuple[str, Any], ...]:
    if isinstance(arg, dict):
        m = _mapping(name, arg, ("min_value",))
        if "min_value" not in m:
            raise _fail(name, "delta's min_value", arg)
        arg = m["min_value"]
    if isinstance(arg, str) and (match := _PERCENT.match(arg)):
        return (("min_value", float(match.group(1))), ("percent", True))
    if _is_number(arg) and arg >= 0:
        return (("min_value", float(arg)), ("percent", False))
    raise _fail(name, 'delta as a number >= 0 or a percentage such as "5%"', arg)


def _parse_time(key: str) -> Callable[[str, Any], tuple[tuple[str, Any], ...]]:
    def parse(name: str, arg: Any) -> tuple[tuple[str, Any], ...]:
        if isinstance(arg, dict):
            m = _mapping(name, arg, (key,))
            if key not in m:
                raise _fail(name, f"{name}'s {key}", arg)
            arg = m[key]
        return (("seconds", _seconds(name, key, arg)),)
    return parse


_MEDIAN = "{median: 5} or {median: {window_size: 5, send_every: 1}}"
_FILTERS: dict[str, _Kind] = {
    "offset": _Kind(Offset, _parse_scalar, "{offset: 2.5}"),
    "multiply": _Kind(Multiply, _parse_scalar, "{multiply: 1.8}"),
    "clamp": _Kind(Clamp, _parse_clamp, "{clamp: {min_value: 0, max_value: 100}}"),
    "median": _Kind(Median, _window_parser(5), _MEDIAN),
    "exponential_moving_average": _Kind(
        ExponentialMovingAverage, _parse_ema,
        "{exponential_moving_average: 0.3} or "
        "{exponential_moving_average: {alpha: 0.3, send_every: 1}}"),
    "sliding_window_moving_average": _Kind(
        SlidingWindowMovingAverage, _window_parser(15),
        "{sliding_window_moving_average: 10} or "
        "{sliding_window_moving_average: {window_size: 10, send_every: 1}}"),
    "delta": _Kind(Delta, _parse_delta, '{delta: 2} or {delta: "5%"}'),
    "throttle": _Kind(Throttle, _parse_time("throttle"), "{throttle: 500ms} or {throttle: 2s}"),
    "timeout": _Kind(Timeout, _parse_time("timeout"), "{timeout: 10s}"),
}
FILTER_NAMES: tuple[str, ...] = tuple(_FILTERS)


__all__ = [
    "FILTER_NAMES",
    "Clamp",
    "Delta",
    "ExponentialMovingAverage",
    "Filter",
    "FilterChain",
    "FilterSpec",
    "Median",
    "Multiply",
    "Offset",
    "SlidingWindowMovingAverage",
    "Throttle",
    "Timeout",
    "build_chain",
    "parse_duration",
    "parse_filter",
    "timeout_of",
]
