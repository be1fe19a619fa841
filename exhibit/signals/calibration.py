"""Raw counts to calibrated units, and back.

A sensor's config names reference points measured against a trusted instrument:

- ``calibrate_linear: [[520, 0], [260, 100]]`` — the line through two points; with three or
  more points the least-squares line (ESPHome's default ``method: least_squares``);
- ``calibrate_linear: {datapoints: [[r, v], …], method: least_squares | exact}`` —
  ESPHome's long form; ``exact`` joins every point by straight segments;
- ``calibrate_table: [[r, v], …]`` — piecewise linear through every point, for sensors that
  are not linear (an LDR divider, a thermistor).

Piecewise calibrations are sorted by raw and continue their first and last segment beyond
the table. Their values must strictly rise or strictly fall, because the simulator turns
calibrated values back into raw counts with `Calibration.inverse`.

`Calibration.__call__` runs for every reading: hold the bound method (``calibrate =
cal.__call__``), which CPython calls much faster than the instance itself, or, when `slope`
is set (the calibration is one line), inline ``raw * slope + offset``. Messages of the
`ValueError`s are phrased to follow the config path, e.g.
``sensors.soil.calibrate_linear needs at least two [raw, value] points, …``.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from exhibit.quote import number_hint, shown

KINDS = ("linear", "least_squares", "exact", "table")
CALIBRATION_KEYS = ("calibrate_linear", "calibrate_table")
METHODS = ("least_squares", "exact")
EXAMPLE = "[[520, 0], [260, 100]]"

Point = tuple[float, float]


def _pt(point: Point) -> str:
    return f"[{point[0]:g}, {point[1]:g}]"


@dataclass(frozen=True, slots=True)
class Calibration:
    """How raw counts become units: one line, or straight segments through a table.

    `kind` is ``linear`` (the line through two points), ``least_squares`` (the line
    fitted to three or more), ``exact`` or ``table`` (segments through every point, sorted
    by raw). `slope` and `offset` are set when the calibration is a single line (value =
    raw × slope + offset) and None otherwise.
    """

    kind: str
    points: tuple[Point, ...]
    slope: float | None = field(init=False, default=None)
    offset: float | None = field(init=False, default=None)
    _raws: tuple[float, ...] = field(init=False, default=(), repr=False, compare=False)
    _values: tuple[float, ...] = field(init=False, default=(), repr=False, compare=False)
    _slopes: tuple[float, ...] = field(init=False, default=(), repr=False, compare=False)
    _keys: tuple[float, ...] = field(init=False, default=(), repr=False, compare=False)
    _inv_raws: tuple[float, ...] = field(init=False, default=(), repr=False, compare=False)
    _inv_slopes: tuple[float, ...] = field(init=False, default=(), repr=False, compare=False)
    _last: int = field(init=False, default=0, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"has unknown calibration kind {self.kind!r}; known kinds: "
                             f"{', '.join(KINDS)}")
        points = _check_points(self.points)
        set_ = object.__setattr__
        if self.kind in ("linear", "least_squares"):
            if self.kind == "linear" and len(points) != 2:
                raise ValueError(f"needs exactly two [raw, value] points for a line, e.g. "
                                 f"{EXAMPLE}, got {len(points)}")
            slope, offset = _fit_line(points)
            set_(self, "points", points)
            set_(self, "slope", slope)
            set_(self, "offset", offset)
            return
        points = tuple(sorted(points))
        _check_monotonic(points)
        raws = tuple(r for r, _ in points)
        values = tuple(v for _, v in points)
        slopes = tuple((values[i + 1] - values[i]) / (raws[i + 1] - raws[i])
                       for i in range(len(points) - 1))
        rising = values[1] > values[0]
        inv = points if rising else points[::-1]
        keys = tuple(v for _, v in inv)
        inv_raws = tuple(r for r, _ in inv)
        inv_slopes = tuple((inv_raws[i + 1] - inv_raws[i]) / (keys[i + 1] - keys[i])
                           for i in range(len(inv) - 1))
        set_(self, "points", points)
        for name, value in (("_raws", raws), ("_values", values), ("_slopes", slopes),
                            ("_keys", keys), ("_inv_raws", inv_raws),
                            ("_inv_slopes", inv_slopes), ("_last", len(points) - 1)):
            set_(self, name, value)
        if len(points) == 2:  # one segment is one line: take the fast path
            set_(self, "slope", slopes[0])
            set_(self, "offset", values[0] - raws[0] * slopes[0])

    @classmethod
    def linear(cls, slope: float, offset: float = 0.0) -> Calibration:
        """value = raw × slope + offset, exactly (no round trip through two points)."""
        if not (_is_number(slope) and _is_number(offset)) or slope == 0:
            raise ValueError(f"needs a finite, non-zero slope and a finite offset, got "
                             f"slope {slope!r}, offset {offset!r}")
        cal = cls("linear", ((0.0, float(offset)), (1.0, float(offset) + float(slope))))
        object.__setattr__(cal, "slope", float(slope))
        object.__setattr__(cal, "offset", float(offset))
        return cal

    def __call__(self, raw: float) -> float:
        slope = self.slope
        if slope is not None:
            return raw * slope + self.offset  # type: ignore[operator]
        raws = self._raws
        # the segment holding raw; the end segments continue beyond the table
        i = bisect_right(raws, raw, 1, self._last) - 1
        return self._values[i] + (raw - raws[i]) * self._slopes[i]

    def inverse(self, value: float) -> float:
        """The raw count that calibrates to `value` (the simulator plays sensors this way)."""
        slope = self.slope
        if slope is not None:
            return (value - self.offset) / slope  # type: ignore[operator]
        keys = self._keys
        i = bisect_right(keys, value, 1, self._last) - 1
        return self._inv_raws[i] + (value - keys[i]) * self._inv_slopes[i]


def parse_calibration(key: str, arg: Any) -> Calibration:
    """One sensor's ``calibrate_linear`` or ``calibrate_table`` value from YAML.

    Raises ValueError with a message that follows the config path, e.g.
    ``sensors.soil.calibrate_linear`` + `` needs at least two [raw, value] points, …``.
    """
    if key == "calibrate_table":
        return Calibration("table", _points(arg, "calibrate_table"))
    if key != "calibrate_linear":
        raise ValueError(f"is an unknown calibration {key!r}; use one of: "
                         f"{', '.join(CALIBRATION_KEYS)}")
    method = "least_squares"
    if isinstance(arg, dict):
        unknown = [k for k in arg if k not in ("datapoints", "method")]
        if unknown:
            raise ValueError(f"has unknown key {shown(unknown[0])}; allowed: datapoints, "
                             "method (e.g. {datapoints: [[520, 0], [260, 100]], "
                             "method: exact})")
        if "datapoints" not in arg:
            raise ValueError("needs datapoints, e.g. {datapoints: [[520, 0], [260, 100]], "
                             "method: least_squares}")
        method = arg.get("method", "least_squares")
        if method not in METHODS:
            raise ValueError(f"needs method {' or '.join(METHODS)}, got {shown(method)}")
        arg = arg["datapoints"]
    points = _points(arg, "calibrate_linear")
    if method == "exact":
        return Calibration("exact", points)
    return Calibration("linear" if len(points) == 2 else "least_squares", points)


def _points(arg: Any, key: str) -> tuple[Point, ...]:
    """A YAML list of ``[raw, value]`` pairs (or ESPHome's ``"raw -> value"`` strings)."""
    if not isinstance(arg, (list, tuple)) or len(arg) < 2:
        hint = " (or {datapoints: […], method: exact})" if key == "calibrate_linear" else ""
        raise ValueError(f"needs at least two [raw, value] points, e.g. {EXAMPLE}{hint}, "
                         f"got {shown(arg)}")
    points = []
    for i, item in enumerate(arg):
        if isinstance(item, str) and "->" in item:  # ESPHome's "MEASURED -> TRUTH"
            item = [_float_text(part) for part in item.split("->", 1)]
        if not (isinstance(item, (list, tuple)) and len(item) == 2
                and all(_is_number(x) for x in item)):
            parts = item if isinstance(item, (list, tuple)) else [item]
            hint = next((number_hint(x) for x in parts if number_hint(x)), "")
            raise ValueError(f"needs each point as [raw, value] with two finite numbers, e.g. "
                             f"[520, 0]; point [{i}] is {shown(arg[i])}{hint}")
        points.append((float(item[0]), float(item[1])))
    return tuple(points)


def _float_text(text: str) -> Any:
    try:
        return float(text.strip())
    except ValueError:
        return text


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _check_points(points: Any) -> tuple[Point, ...]:
    """Finite [raw, value] pairs, at least two, every raw value once."""
    try:
        points = tuple((float(r), float(v)) for r, v in points)
    except (TypeError, ValueError):
        raise ValueError(f"needs [raw, value] points, e.g. {EXAMPLE}, got {shown(points)}") \
            from None
    if len(points) < 2:
        raise ValueError(f"needs at least two [raw, value] points, e.g. {EXAMPLE}, "
                         f"got {shown([list(p) for p in points])}")
    for i, (r, v) in enumerate(points):
        if not (math.isfinite(r) and math.isfinite(v)):
            raise ValueError(f"needs each point as [raw, value] with two finite numbers, "
                             f"e.g. [520, 0]; point [{i}] is {_pt((r, v))}")
    seen: dict[float, Point] = {}
    for p in points:
        if p[0] in seen:
            raise ValueError(f"needs a different raw value in every point, but {_pt(seen[p[0]])} "
                             f"and {_pt(p)} both have raw {p[0]:g}")
        seen[p[0]] = p
    return points


def _fit_line(points: tuple[Point, ...]) -> tuple[float, float]:
    """The line through two points, or the least-squares line through more."""
    if len(points) == 2:
        (r0, v0), (r1, v1) = points
        slope = (v1 - v0) / (r1 - r0)
        offset = v0 - r0 * slope
    else:
        n = len(points)
        rm = math.fsum(r for r, _ in points) / n
        vm = math.fsum(v for _, v in points) / n
        sxx = math.fsum((r - rm) ** 2 for r, _ in points)
        sxy = math.fsum((r - rm) * (v - vm) for r, v in points)
        slope = sxy / sxx
        offset = vm - slope * rm
    if slope == 0 or not (math.isfinite(slope) and math.isfinite(offset)):
        shown_points = "[" + ", ".join(_pt(p) for p in points) + "]"
        raise ValueError(f"gives every raw reading the same value (slope {slope:g}), so "
                         f"nothing could be measured; the points need different values, "
                         f"e.g. {EXAMPLE}, got {shown_points}")
    return slope, offset


def _check_monotonic(points: tuple[Point, ...]) -> None:
    """Sorted by raw, the values must strictly rise or strictly fall (else no inverse)."""
    rising = points[1][1] > points[0][1]
    for a, b in pairwise(points):
        if b[1] == a[1] or (b[1] > a[1]) != rising:
            trend = "rise" if rising else "fall"
            breaks = "stays at" if b[1] == a[1] else ("falls to" if rising else "rises to")
            raise ValueError(f"needs values that strictly {trend} as raw grows (so raw counts "
                             f"can be worked out from a value), but from {_pt(a)} to {_pt(b)} "
                             f"the value {breaks} {b[1]:g}")


__all__ = ["CALIBRATION_KEYS", "KINDS", "METHODS", "Calibration", "parse_calibration"]
