"""Filter specs: the frozen, checked form of one item of a sensor's ``filters:`` list.

`parse_filter` turns YAML (``{median: 5}``, ``{throttle: 500ms}``, …) into a `FilterSpec`
or raises ValueError with a message phrased to follow the item's config path, e.g.
``sensors.soil.filters[0]`` + `` needs median's window_size as …``. `FilterSpec.build`
makes the stateful filter objects of `exhibit.signals.filters`, one set per sensor.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from exhibit.quote import number_hint, shown
from exhibit.signals.filters import (
    MAX_WINDOW,
    Clamp,
    Delta,
    ExponentialMovingAverage,
    Filter,
    FilterChain,
    Median,
    Multiply,
    Offset,
    SlidingWindowMovingAverage,
    Throttle,
    Timeout,
)


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
    return ValueError(f"needs {what}, got {shown(value)}{number_hint(value)}; "
                      f"write {_FILTERS[name].example}")


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


__all__ = ["FILTER_NAMES", "FilterSpec", "build_chain", "parse_duration", "parse_filter",
           "timeout_of"]
