"""The last minutes of a sensor, downsampled for sparklines, min/max and a trend arrow.

Readings arrive at 10–1000 per second but a sparkline has about a hundred pixels, so each
sensor keeps one point per `bucket` seconds in a numpy ring. `History.add` runs for every
reading, so it only does plain float arithmetic on the open bucket; numpy is touched when a
bucket closes (at most once per `bucket` seconds). `History.view` runs once per frame and
returns a cached, read-only `HistoryView` unless something changed since the last frame.

Bucket `k` holds readings with `k * bucket <= t < (k + 1) * bucket`, so buckets line up across
sensors. Nothing here reads a clock: readings bring their timestamps, frames pass `now`.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

TREND_SECONDS = 30.0  # the trend arrow follows the last half minute, not the whole window


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False, slots=True)
class HistoryView:
    """A sensor's recent past as of one frame; shared between frames, so never mutated.

    `eq=False`: views hold arrays, so `==` compares identity instead of raising, and a
    `SensorView` holding one still compares cheaply.
    """

    times: np.ndarray             # bucket centres in seconds (the readings' clock), oldest first
    values: np.ndarray            # bucket means, NaN where the sensor was silent
    minimum: float | None = None  # lowest single reading in the window (not the lowest mean)
    maximum: float | None = None
    trend: float = 0.0            # units per minute over the last ~30 s of complete buckets
    latest: float | None = None   # the newest bucket mean: where the sparkline ends

    @property
    def empty(self) -> bool:
        """Nothing to draw: no reading yet, or none within the window."""
        return self.latest is None


EMPTY = HistoryView(_frozen(np.empty(0)), _frozen(np.empty(0)))


class History:
    """One sensor's ring of `span / bucket` closed buckets plus the open one.

    The ring is stored twice over (slot `i` and `i + n` hold the same bucket), so any run of
    consecutive buckets is one contiguous slice: a view copies and reduces without gathering.
    A silent sensor leaves NaN buckets, so its sparkline shows a break instead of a line drawn
    straight across the gap; a silence longer than the span leaves nothing of the old data.
    """

    def __init__(self, span: float = 120.0, bucket: float = 1.0) -> None:
        if not 0 < bucket <= span < math.inf:  # NaN fails this too
            raise ValueError(f"History needs span >= bucket > 0, got span={span}, "
                             f"bucket={bucket}")
        self.span, self.bucket = span, bucket
        self._n = n = round(span / bucket)
        self._means, self._lows, self._highs = (np.full(2 * n, np.nan) for _ in range(3))
        self._offsets = (np.arange(-n, 1) + 0.5) * bucket  # bucket centres before the end
        self._k: int | None = None  # index of the open bucket; None before the first reading
        self._end = -math.inf       # where the open bucket ends: the hot path's only test
        self._sum, self._count, self._lo, self._hi = 0.0, 0, math.inf, -math.inf
        self._trend_n = trend_n = min(max(3, round(TREND_SECONDS / bucket)), n)
        self._trend_x = [i * bucket for i in range(trend_n)]
        self._view_key: tuple = ()
        self._view = EMPTY
        self._frame_key: tuple = ()
        self._frame: tuple = ()
        self._trend_key: tuple = ()
        self._trend = 0.0

    def add(self, value: float, t: float) -> None:
        """Take one reading. Runs for every reading: no numpy, no allocation, no call
        unless a bucket closes. NaN values are dropped; a `t` before the open bucket's start
        (clock hiccup, reordered readings) is counted in the open bucket."""
        if value != value:  # noqa: PLR0124 -- NaN, without a call: this runs per reading
            return
        if not t < self._end and not self._roll(t):
            return
        self._sum += value
        self._count += 1
        if value < self._lo:  # noqa: PLR1730 -- a compare is cheaper than calling min()
            self._lo = value
        if value > self._hi:  # noqa: PLR1730
            self._hi = value

    def _roll(self, t: float) -> bool:
        """Close the open bucket and open the one `t` falls in; False: drop the reading."""
        if not math.isfinite(t):  # no bucket for it: keep it in the open one, if any
            return self._k is not None
        k, old = math.floor(t / self.bucket), self._k
        if old is not None:
            k = max(k, old + 1)  # t / bucket may round down onto the open bucket's index
            self._close(old, k)
        self._k, self._end = k, (k + 1) * self.bucket
        self._sum, self._count, self._lo, self._hi = 0.0, 0, math.inf, -math.inf
        return True

    def _close(self, old: int, new: int) -> None:
        """Write bucket `old` into the ring and NaN the silent buckets up to `new`."""
        n, means, lows, highs = self._n, self._means, self._lows, self._highs
        gap = new - old - 1
        if gap >= n:  # silent for longer than the span: nothing old stays
            for array in (means, lows, highs):
                array.fill(np.nan)
            return
        slot = old % n
        mean = self._sum / self._count
        means[slot] = means[slot + n] = mean
        lows[slot] = lows[slot + n] = self._lo
        highs[slot] = highs[slot + n] = self._hi
        start = (old + 1) % n
        for begin, stop in ((start, min(start + gap, n)), (0, start + gap - n)):
            if stop > begin:
                for array in (means, lows, highs):
                    array[begin:stop] = array[begin + n:stop + n] = np.nan

    def view(self, now: float) -> HistoryView:
        """The window of `span / bucket + 1` buckets ending at `now`'s bucket.

        Cached: a frame with no new reading and no new bucket gets the previous object.
        Does not close the open bucket, so readings stamped before `now` that arrive late
        still land in their bucket.
        """
        k_open = self._k
        if k_open is None:
            return EMPTY
        k_now = math.floor(now / self.bucket) if math.isfinite(now) else k_open
        k_end = max(k_now, k_open)
        key = (k_end, k_open, self._count)
        if key == self._view_key:
            return self._view
        if key[:2] != self._frame_key:
            self._frame, self._frame_key = self._build_frame(k_end, k_open), key[:2]
        times, template, pos, low, high = self._frame
        values = template.copy()
        latest = None
        if pos >= 0:  # the open bucket is in the window (and is the newest data there)
            latest = values[pos] = self._sum / self._count
            low, high = min(low, self._lo), max(high, self._hi)
        # complete buckets only: a partial bucket of few readings would make the arrow jitter
        trend_key = (k_end, k_open, self._count if k_open < k_end else -1)
        if trend_key != self._trend_key:
            recent = values[-1 - self._trend_n:-1].tolist()
            self._trend, self._trend_key = self._fit(recent), trend_key
        values.flags.writeable = False
        self._view = HistoryView(times, values, None if low == math.inf else low,
                                 None if high == -math.inf else high, self._trend, latest)
        self._view_key = key
        return self._view

    def _build_frame(self, k_end: int, k_open: int) -> tuple:
        """What a view needs from the closed buckets; changes once per bucket, not per frame."""
        n, d = self._n, k_end - k_open
        template = np.full(n + 1, np.nan)
        low, high = math.inf, -math.inf
        if d < n:  # some closed buckets are still inside the window
            start = k_end % n  # ring slot of bucket k_end - n, the window's oldest
            window = slice(start, start + n - d)
            template[:n - d] = self._means[window]
            low = float(np.fmin.reduce(self._lows[window], initial=math.inf))  # NaN-safe
            high = float(np.fmax.reduce(self._highs[window], initial=-math.inf))
        times = _frozen(self._offsets + k_end * self.bucket)
        return times, template, n - d, low, high

    def _fit(self, y: list[float]) -> float:
        """Least-squares slope of the bucket means in units per minute; 0.0 below 3 points.

        Plain floats: for 30 points this beats numpy's per-call overhead. Means are shifted
        by the first one, so large readings (air pressure in hPa) keep their precision.
        """
        m, y0, sx, sy, sxx, sxy = 0, None, 0.0, 0.0, 0.0, 0.0
        for x, v in zip(self._trend_x, y, strict=True):
            if v - v == 0.0:  # finite: NaN marks silence; inf would poison the sums
                if y0 is None:
                    y0 = v
                v -= y0
                m, sx, sy, sxx, sxy = m + 1, sx + x, sy + v, sxx + x * x, sxy + x * v
        if m < 3:
            return 0.0
        slope = (m * sxy - sx * sy) / (m * sxx - sx * sx) * 60.0
        return slope if math.isfinite(slope) else 0.0


class Rate:
    """Traffic from a cumulative counter (bike counter, parking changes): per minute and total.

    Boards count from 0 again after a restart, so a drop is read as a restart (the new count
    is what happened since), never as negative traffic. Increases are kept in `resolution`
    bins, so memory stays bounded however fast the counter ticks.
    """

    def __init__(self, window: float = 60.0, resolution: float = 1.0) -> None:
        self.window, self.resolution = window, resolution
        self.total = 0.0  # increases since start, across restarts
        self.restarts = 0
        self._last: float | None = None
        self._bins: deque[list[float]] = deque()  # [bin index, increase], oldest first

    def add(self, count: float, t: float) -> None:
        """Take a counter reading (the board's running count, not a difference)."""
        last = self._last
        if count != count or count == last:  # noqa: PLR0124 -- NaN, or an unchanged repeat
            return
        self._last = count
        if last is None:  # the first reading sets the baseline; its count is not traffic
            return
        if count < last:
            self.restarts += 1
            increase = max(count, 0.0)
        else:
            increase = count - last
        if not increase:
            return
        self.total += increase
        bins = self._bins
        k = math.floor(t / self.resolution) if math.isfinite(t) else None
        if bins and (k is None or k <= bins[-1][0]):  # same bin, or t went backwards
            bins[-1][1] += increase
        elif k is not None:
            bins.append([k, increase])
            self._prune(t)

    def _prune(self, now: float) -> None:
        bins, edge = self._bins, now - self.window
        while bins and (bins[0][0] + 1) * self.resolution <= edge:
            bins.popleft()

    def per_minute(self, now: float) -> float:
        """Increases within the last `window` seconds, scaled to one minute.

        Not extrapolated: ten seconds after start-up with 3 bikes this says 3, not 18.
        """
        if math.isfinite(now):
            self._prune(now)
        return sum(b[1] for b in self._bins) * 60.0 / self.window
