"""Sparkline history and counter rates on virtual time: buckets, gaps, trend, caching."""

from __future__ import annotations

import dataclasses
import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exhibit.signals.history import EMPTY, History, HistoryView, Rate


def feed(history: History, start: float, stop: float, rate: float, value) -> float:
    """Readings every 1/rate s in [start, stop), `value(t)` each; returns the last t."""
    t = start
    for i in range(round((stop - start) * rate)):
        t = start + i / rate
        history.add(value(t), t)
    return t


def data(view: HistoryView) -> list[float]:
    return [v for v in view.values.tolist() if not math.isnan(v)]


def test_bucket_mean_min_max_by_hand():
    h = History(span=10.0, bucket=1.0)
    for value, t in [(1.0, 0.1), (2.0, 0.2), (6.0, 0.9), (10.0, 1.0), (20.0, 1.5)]:
        h.add(value, t)
    view = h.view(1.6)
    assert len(view.values) == len(view.times) == 11  # 10 closed slots + the open bucket
    assert view.values[-2:].tolist() == [3.0, 15.0]
    assert np.isnan(view.values[:-2]).all()
    assert view.times[-2:].tolist() == [0.5, 1.5]  # bucket centres
    assert (view.minimum, view.maximum, view.latest) == (1.0, 20.0, 15.0)
    assert not view.empty


def test_min_and_max_are_single_readings_not_bucket_means():
    h = History(span=10.0, bucket=1.0)
    for value, t in [(0.0, 0.1), (100.0, 0.2), (50.0, 1.1)]:
        h.add(value, t)
    view = h.view(1.2)
    assert data(view) == [50.0, 50.0]
    assert (view.minimum, view.maximum) == (0.0, 100.0)


def test_one_kilohertz_for_three_minutes_keeps_exactly_the_span():
    h = History(span=120.0, bucket=1.0)
    closes = 0
    close = h._close

    def counting_close(old, new):
        nonlocal closes
        closes += 1
        close(old, new)

    h._close = counting_close
    t = np.arange(180_000) / 1000.0
    values = np.sin(t * 0.7) * 10 + (np.arange(180_000) % 7)
    for value, ti in zip(values.tolist(), t.tolist(), strict=True):
        h.add(value, ti)
    assert closes == 179  # numpy is touched once per bucket, never per reading
    view = h.view(179.9995)
    assert len(view.values) == 121 and not np.isnan(view.values).any()
    assert view.times[0] == 59.5 and view.times[-1] == 179.5
    k = np.floor(t).astype(int)
    expected = np.bincount(k, weights=values) / np.bincount(k)
    np.testing.assert_allclose(view.values, expected[59:180], rtol=1e-12)
    window = values[t >= 59.0]
    assert view.minimum == window.min() and view.maximum == window.max()


def test_silence_leaves_nan_buckets():
    h = History(span=10.0, bucket=1.0)
    feed(h, 0.0, 13.0, 10, lambda t: 5.0)  # buckets 0..12: the ring has wrapped
    feed(h, 16.0, 17.0, 10, lambda t: 9.0)  # bucket 16; 13, 14 and 15 stay silent
    view = h.view(16.95)
    assert view.times[-7:].tolist() == [10.5, 11.5, 12.5, 13.5, 14.5, 15.5, 16.5]
    assert np.isnan(view.values[-4:-1]).all()  # over the slots of buckets 3, 4 and 5
    assert view.values[:-4].tolist() == [5.0] * 7 and view.latest == 9.0


def test_a_silent_sensor_ages_out_of_the_window_as_frames_go_on():
    h = History(span=10.0, bucket=1.0)
    feed(h, 0.0, 2.0, 10, lambda t: 5.0)
    later = h.view(5.5)
    assert later.times[-1] == 5.5 and np.isnan(later.values[-4:]).all()
    assert later.latest == 5.0  # the sparkline ends where the readings stopped
    gone = h.view(11.5)  # bucket 1 was the last with data; the window starts at bucket 1
    assert data(gone) == [5.0] and gone.minimum == 5.0
    assert h.view(12.5).empty and h.view(12.5).minimum is None


def test_a_gap_of_exactly_the_span_keeps_the_oldest_bucket():
    h = History(span=10.0, bucket=1.0)
    h.add(5.0, 0.5)
    h.add(7.0, 10.5)
    assert h.view(10.5).values[[0, -1]].tolist() == [5.0, 7.0]


def test_a_gap_longer_than_the_span_resets_cleanly():
    h = History(span=10.0, bucket=1.0)
    feed(h, 0.0, 10.0, 10, lambda t: 100.0 + t)
    h.add(1.0, 200.0)
    view = h.view(200.5)
    assert data(view) == [1.0]
    assert (view.minimum, view.maximum, view.latest, view.trend) == (1.0, 1.0, 1.0, 0.0)
    feed(h, 201.0, 205.0, 10, lambda t: 2.0)  # and it fills again as before
    assert data(h.view(205.0)) == [1.0, 2.0, 2.0, 2.0, 2.0]


def test_backwards_time_counts_in_the_open_bucket():
    h = History(span=10.0, bucket=1.0)
    h.add(1.0, 4.2)
    h.add(3.0, 5.5)
    h.add(8.0, 5.1)   # earlier, same bucket
    h.add(100.0, 4.0)  # earlier than the open bucket: closed buckets stay as they were
    view = h.view(5.6)
    assert view.values[-2:].tolist() == [1.0, 37.0]


def test_nan_values_and_times_do_not_corrupt():
    h = History(span=10.0, bucket=1.0)
    h.add(5.0, math.nan)  # no bucket to put it in yet: dropped
    assert h.view(0.0) is EMPTY
    h.add(2.0, 0.5)
    h.add(math.nan, 0.6)
    h.add(4.0, math.nan)  # a bad timestamp on a good value: the open bucket takes it
    h.add(6.0, math.inf)
    h.add(math.nan, math.nan)
    view = h.view(0.7)
    assert data(view) == [4.0] and (view.minimum, view.maximum) == (2.0, 6.0)
    assert h.view(math.nan).values[-1] == 4.0


def test_trend_of_a_rising_line_in_units_per_minute():
    h = History()
    t = feed(h, 0.0, 90.0, 100, lambda t: 20.0 + 0.1 * t)  # +6 per minute
    assert h.view(t).trend == pytest.approx(6.0, rel=1e-9)


def test_trend_of_flat_noise_is_near_zero():
    h = History()
    rng = random.Random(7)
    t = feed(h, 0.0, 90.0, 100, lambda t: 20.0 + rng.gauss(0, 1))
    assert abs(h.view(t).trend) < 0.5  # its standard error here is about 0.13 per minute


def test_trend_follows_the_last_half_minute_only():
    h = History()
    feed(h, 0.0, 60.0, 100, lambda t: 0.5 * t)  # rose, then levelled off 40 s ago
    t = feed(h, 60.0, 100.0, 100, lambda t: 30.0)
    assert h.view(t).trend == pytest.approx(0.0, abs=1e-9)


def test_trend_needs_three_complete_buckets_and_ignores_the_open_one():
    h = History()
    feed(h, 0.0, 3.0, 10, lambda t: t)  # buckets 0 and 1 complete, 2 open
    assert h.view(2.9).trend == 0.0
    h.add(3.0, 3.0)  # bucket 2 complete: means 0.45, 1.45, 2.45 rise by 1 a second
    assert h.view(3.0).trend == pytest.approx(60.0)
    h.add(-1000.0, 3.5)  # a wild reading in the open bucket does not swing the arrow
    assert h.view(3.5).trend == pytest.approx(60.0)


def test_views_are_read_only():
    h = History()
    feed(h, 0.0, 3.0, 10, lambda t: t)
    for view in (h.view(3.0), EMPTY):
        for array in (view.values, view.times):
            assert not array.flags.writeable
            with pytest.raises(ValueError):
                array[0:1] = 1.0
        with pytest.raises(dataclasses.FrozenInstanceError):
            view.trend = 1.0
    assert EMPTY.empty and EMPTY.minimum is None and len(EMPTY.values) == 0


def test_view_is_cached_until_something_changes():
    h = History()
    feed(h, 0.0, 3.0, 10, lambda t: 1.0)
    first = h.view(2.9)
    assert h.view(2.9) is first and h.view(2.99) is first  # same bucket, no new reading
    h.add(3.0, 2.95)
    second = h.view(2.95)
    assert second is not first and second.latest == pytest.approx((10 * 1.0 + 3.0) / 11)
    assert first.values[-1] == 1.0  # an earlier frame's view never changes
    assert second.times is first.times  # same window: the times array is shared
    assert h.view(3.2) is not second  # the window moved on while the sensor was silent


def test_views_compare_by_identity_instead_of_raising():
    h = History()
    h.add(1.0, 0.0)
    assert h.view(0.0) == h.view(0.0) and h.view(0.0) != EMPTY


def test_invalid_spans_are_refused():
    for span, bucket in [(1.0, 0.0), (1.0, 2.0), (math.inf, 1.0), (math.nan, 1.0)]:
        with pytest.raises(ValueError, match="span >= bucket > 0"):
            History(span=span, bucket=bucket)


def test_rate_per_minute_and_total_through_a_restart():
    rate = Rate()
    rate.add(40.0, 0.0)  # the board had counted before we started: not traffic
    for t, count in [(1.0, 40.0), (5.0, 41.0), (5.5, 43.0), (10.0, 45.0), (10.1, 45.0)]:
        rate.add(count, t)
    assert rate.total == 5.0 and rate.per_minute(10.0) == 5.0
    rate.add(0.0, 20.0)  # the board restarted
    rate.add(2.0, 21.0)
    assert rate.restarts == 1 and rate.total == 7.0 and rate.per_minute(21.0) == 7.0
    rate.add(math.nan, 22.0)
    rate.add(3.0, 22.0)  # the NaN neither broke the baseline nor counted
    assert rate.total == 8.0
    assert rate.per_minute(75.0) == 3.0  # the first five fell out of the last minute
    assert rate.per_minute(90.0) == 0.0 and rate.total == 8.0


def test_rate_restart_straight_into_counts():
    rate = Rate()
    rate.add(500.0, 0.0)
    rate.add(3.0, 1.0)  # restarted and three bikes passed before the first report
    assert (rate.total, rate.restarts) == (3.0, 1)


def test_rate_keeps_one_bin_per_resolution_however_fast_it_counts():
    rate = Rate(window=60.0, resolution=1.0)
    for i in range(120_000):
        rate.add(float(i), i / 1000.0)
    assert len(rate._bins) <= 61
    assert rate.per_minute(119.999) == pytest.approx(60_000, rel=0.02)


def oracle(readings: list[tuple[float, float]], now: float, span: float, bucket: float):
    """The window recomputed from every reading kept: what History must agree with."""
    n = round(span / bucket)
    end = math.floor(now / bucket)
    window = {k: [] for k in range(end - n, end + 1)}
    for value, t in readings:
        window.get(math.floor(t / bucket), []).append(value)
    means = [sum(vs) / len(vs) if vs else math.nan for vs in window.values()]
    seen = [v for vs in window.values() for v in vs]
    return means, (min(seen) if seen else None), (max(seen) if seen else None)


@settings(max_examples=300, deadline=None)
@given(span=st.sampled_from([(10.0, 1.0), (4.0, 0.5), (3.0, 0.25)]),
       readings=st.lists(st.tuples(st.integers(-50, 50).map(float),
                                   st.integers(0, 120).map(lambda i: i / 8),
                                   st.booleans()), min_size=1, max_size=150))
def test_views_agree_with_recomputing_from_every_reading(span, readings):
    h = History(*span)
    kept: list[tuple[float, float]] = []
    t = 0.0
    for value, dt, look in readings:
        t += dt
        h.add(value, t)
        kept.append((value, t))
        if look:
            view = h.view(t)
            means, low, high = oracle(kept, t, *span)
            np.testing.assert_array_equal(view.values, means)
            assert (view.minimum, view.maximum) == (low, high)


values = st.floats(allow_nan=True, allow_infinity=True)
steps = st.floats(min_value=0.0, max_value=400.0)


@settings(max_examples=300, deadline=None)
@given(span=st.sampled_from([(10.0, 1.0), (120.0, 1.0), (3.0, 0.5), (5.0, 5.0)]),
       readings=st.lists(st.tuples(values, steps, st.booleans()), max_size=200))
def test_any_readings_never_raise_and_stay_bounded(span, readings):
    h = History(*span)
    limit = round(span[0] / span[1]) + 1
    t = 1000.0
    for value, dt, look in readings:
        t += dt
        h.add(value, t)
        if look:
            view = h.view(t)
            assert len(view.values) == len(view.times) <= limit
            assert not view.values.flags.writeable and not view.times.flags.writeable
            assert view.empty == (view.latest is None)
            assert math.isfinite(view.trend)
            if view.minimum is not None and view.maximum is not None:
                assert view.minimum <= view.maximum


@settings(max_examples=200, deadline=None)
@given(readings=st.lists(st.tuples(values, steps), max_size=100))
def test_any_counter_readings_never_raise_or_go_negative(readings):
    rate = Rate()
    t = 0.0
    for count, dt in readings:
        t += dt
        rate.add(count, t)
        per_minute = rate.per_minute(t)
        assert per_minute >= 0.0 or math.isnan(per_minute)
    assert rate.total >= 0.0 or math.isnan(rate.total)
