"""ESPHome-style sensor filters: values worked out by hand, send_every, chains, reset,
parse errors that show the expected form, and a few properties against simple oracles."""

from __future__ import annotations

import statistics
from itertools import pairwise

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from exhibit.signals import filters
from exhibit.signals.filter_specs import (
    FILTER_NAMES,
    FilterSpec,
    build_chain,
    parse_duration,
    parse_filter,
    timeout_of,
)
from exhibit.signals.filters import FilterChain, Timeout


def run(item, values, times=None):
    """Build the filter for one YAML list item and feed it values (t = 0, 1, 2, … s)."""
    f = parse_filter(item).build()
    times = times if times is not None else [float(i) for i in range(len(values))]
    return [f(float(v), t) for v, t in zip(values, times, strict=True)]


# --- every filter against numbers worked out by hand ---------------------------------

def test_offset_and_multiply():
    assert run({"offset": 2.5}, [1, -3]) == [3.5, -0.5]
    assert run({"multiply": 2}, [3, -1.5]) == [6.0, -3.0]
    assert run({"multiply": -0.5}, [4]) == [-2.0]


def test_clamp_limits_to_the_range():
    assert run({"clamp": {"min_value": 0, "max_value": 10}}, [-5, 5, 15, 0, 10]) == \
        [0.0, 5.0, 10.0, 0.0, 10.0]


def test_clamp_with_one_side_only():
    assert run({"clamp": {"min_value": 0}}, [-1, 1e9]) == [0.0, 1e9]
    assert run({"clamp": {"max_value": 3}}, [-1e9, 4]) == [-1e9, 3.0]


def test_clamp_ignore_out_of_range_drops_instead():
    item = {"clamp": {"min_value": 0, "max_value": 10, "ignore_out_of_range": True}}
    assert run(item, [-5, 5, 15, 10]) == [None, 5.0, None, 10.0]


def test_median_of_the_last_values_while_the_window_fills():
    # [5] -> 5; [5, 1] -> (1 + 5) / 2 = 3; [5, 1, 9] -> 5; [1, 9, 2] -> 2; [9, 2, 8] -> 8
    assert run({"median": 3}, [5, 1, 9, 2, 8]) == [5.0, 3.0, 5.0, 2.0, 8.0]


def test_median_of_an_even_window_is_the_mean_of_the_middle_two():
    # [5, 1, 9, 2] sorted 1 2 5 9 -> 3.5; [1, 9, 2, 7] sorted 1 2 7 9 -> 4.5
    assert run({"median": 4}, [5, 1, 9, 2, 7])[3:] == [3.5, 4.5]


def test_median_rejects_a_spike():
    assert run({"median": 5}, [10, 10, 900, 10, 10]) == [10.0, 10.0, 10.0, 10.0, 10.0]


def test_median_with_repeated_values_keeps_its_window_right():
    # windows: [2] [2 2] [2 2 7] [2 7 2] [7 2 2] [2 2 2]
    assert run({"median": 3}, [2, 2, 7, 2, 2, 2]) == [2.0, 2.0, 2.0, 2.0, 2.0, 2.0]
    # [7 7 1] -> 7; [7 1 1] -> 1
    assert run({"median": 3}, [7, 7, 1, 1])[2:] == [7.0, 1.0]


def test_median_large_window_uses_the_same_rule():
    values = list(range(40, 0, -1))  # 40, 39, …, 1
    out = run({"median": 35}, values)
    # last window: 35, 34, …, 1 -> median 18
    assert out[-1] == 18.0
    # after 35 values (40…6) the median is 23
    assert out[34] == 23.0


def test_median_send_every():
    # window 3, every 2nd value, the first at once: values 1, 3, 5 go out
    # 1: [5] -> 5;  3: [5, 1, 9] -> 5;  5: [9, 2, 8] -> 8
    assert run({"median": {"window_size": 3, "send_every": 2}}, [5, 1, 9, 2, 8]) == \
        [5.0, None, 5.0, None, 8.0]


def test_median_send_first_at():
    # first at the 2nd value, then every 2nd: 2: [5, 1] -> 3;  4: [1, 9, 2] -> 2
    item = {"median": {"window_size": 3, "send_every": 2, "send_first_at": 2}}
    assert run(item, [5, 1, 9, 2, 8]) == [None, 3.0, None, 2.0, None]


def test_median_drops_nan():
    f = parse_filter({"median": 3}).build()
    assert f(1.0, 0) == 1.0
    assert f(float("nan"), 1) is None
    assert f(3.0, 2) == 2.0


def test_exponential_moving_average():
    # 10; 10 + .5 (20 - 10) = 15; 15 + .5 (20 - 15) = 17.5; 17.5 + .5 (0 - 17.5) = 8.75
    assert run({"exponential_moving_average": 0.5}, [10, 20, 20, 0]) == [10.0, 15.0, 17.5, 8.75]
    # 0; 0 + .25·8 = 2; 2 + .25·6 = 3.5
    assert run({"exponential_moving_average": {"alpha": 0.25}}, [0, 8, 8]) == [0.0, 2.0, 3.5]


def test_exponential_moving_average_alpha_one_passes_values():
    assert run({"exponential_moving_average": 1}, [3, 9, 1]) == [3.0, 9.0, 1.0]


def test_exponential_moving_average_send_every_keeps_averaging_between():
    item = {"exponential_moving_average": {"alpha": 0.5, "send_every": 2}}
    assert run(item, [10, 20, 20, 0]) == [10.0, None, 17.5, None]


def test_sliding_window_moving_average():
    # 3; (3+6)/2 = 4.5; (3+6+9)/3 = 6; (6+9+12)/3 = 9; (9+12+0)/3 = 7
    assert run({"sliding_window_moving_average": 3}, [3, 6, 9, 12, 0]) == \
        [3.0, 4.5, 6.0, 9.0, 7.0]


def test_sliding_window_moving_average_send_every():
    # window 2, first at the 3rd value, then every 3rd: 3: (2+3)/2 = 2.5; 6: (5+6)/2 = 5.5
    item = {"sliding_window_moving_average":
            {"window_size": 2, "send_every": 3, "send_first_at": 3}}
    assert run(item, [1, 2, 3, 4, 5, 6]) == [None, None, 2.5, None, None, 5.5]


def test_sliding_window_moving_average_recovers_from_float_drift():
    # 1e16 + 1 == 1e16 in floats: the running sum loses the 1 while the big value is in
    # the window and is 1 short afterwards, until it is re-added exactly
    f = parse_filter({"sliding_window_moving_average": 2}).build()
    f(1e16, 0)
    for i in range(filters.RESYNC_EVERY + 2):
        last = f(1.0, i)
    assert last == 1.0


def test_delta_passes_the_first_and_then_changes_of_at_least_d():
    # 10 first; 11 (1) no; 12 (2) yes; 13.9 (1.9) no; 14 (2) yes; 10 (4) yes
    assert run({"delta": 2}, [10, 11, 12, 13.9, 14, 10]) == [10.0, None, 12.0, None, 14.0, 10.0]


def test_delta_measures_from_the_last_passed_value_not_the_last_seen():
    # creeping up by 1 from 0: 1, 2 are dropped, 3 has moved 3 from 0
    assert run({"delta": 3}, [0, 1, 2, 3, 4]) == [0.0, None, None, 3.0, None]


def test_delta_zero_drops_repeats_only():
    assert run({"delta": 0}, [5, 5, 6, 6, 5]) == [5.0, None, 6.0, None, 5.0]


def test_delta_percent_of_the_last_passed_value():
    # 100 first (10 % -> 10); 105 no; 110 yes (-> 11); 100 (10) no; 99 (11) yes (-> 9.9);
    # 90 (9) no; 89 (10) yes
    assert run({"delta": "10%"}, [100, 105, 110, 100, 99, 90, 89]) == \
        [100.0, None, 110.0, None, 99.0, None, 89.0]


def test_delta_percent_around_zero_and_negative():
    # from 0 every change is at least 0 %; from -50, 10 % is 5
    assert run({"delta": "10%"}, [0, 0, 0.001]) == [0.0, None, 0.001]
    assert run({"delta": "10%"}, [-50, -54, -55]) == [-50.0, None, -55.0]


def test_delta_mapping_form():
    assert parse_filter({"delta": {"min_value": 2}}) == parse_filter({"delta": 2})
    assert parse_filter({"delta": {"min_value": "5%"}}) == parse_filter({"delta": "5%"})


def test_throttle_passes_at_most_one_value_per_period():
    times = [0.0, 0.2, 0.5, 0.9, 1.0, 1.49]
    assert run({"throttle": "500ms"}, [1, 2, 3, 4, 5, 6], times) == \
        [1.0, None, 3.0, None, 5.0, None]


def test_throttle_restarts_when_time_runs_backwards():
    assert run({"throttle": 1}, [1, 2, 3, 4], [10.0, 10.5, 0.0, 0.5]) == [1.0, None, 3.0, None]


def test_throttle_long_period():
    assert run({"throttle": "1min"}, [1, 2, 3], [0.0, 59.9, 60.0]) == [1.0, None, 3.0]


@pytest.mark.parametrize(("text", "seconds"), [
    (3, 3.0), (0.25, 0.25), ("500ms", 0.5), ("2s", 2.0), ("1min", 60.0), ("1h", 3600.0),
    ("1.5 s", 1.5), ("250 ms", 0.25), ("100us", 1e-4), ("2sec", 2.0), (".5s", 0.5), ("10", 10.0),
])
def test_durations(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["fast", "5 minutes", "-1s", "1e3ms", "", True, None, [1]])
def test_not_durations(text):
    assert parse_duration(text) is None


def test_timeout_passes_values_and_remembers_when():
    f = parse_filter({"timeout": "10s"}).build()
    assert isinstance(f, Timeout)
    assert f.timeout_seconds == 10.0
    assert f.stale(0.0)
    assert [f(1.5, 3.0), f(2.5, 4.0)] == [1.5, 2.5]
    assert f.last_t == 4.0
    assert not f.stale(14.0)
    assert f.stale(14.01)
    f.reset()
    assert f.last_t is None


def test_timeout_mapping_form_and_numbers():
    assert parse_filter({"timeout": {"timeout": "1min"}}).build().timeout_seconds == 60.0
    assert parse_filter({"timeout": 2.5}).build().timeout_seconds == 2.5


def test_timeout_of():
    specs = [parse_filter(i) for i in ({"median": 5}, {"timeout": "30s"}, {"delta": 1})]
    assert timeout_of(specs) == 30.0
    assert timeout_of([parse_filter({"median": 5})]) is None
    assert timeout_of([]) is None
    assert timeout_of([parse_filter({"timeout": "30s"}), parse_filter({"timeout": "5s"})]) == 5.0
    assert timeout_of(iter(specs)) == 30.0


# --- chains, state and specs ----------------------------------------------------------

def test_chain_applies_specs_in_order():
    specs = [parse_filter(i) for i in ({"multiply": 2}, {"offset": 1},
                                       {"clamp": {"max_value": 10}}, {"delta": 3})]
    chain = build_chain(specs)
    # ×2 +1: 3 5 7 9 11 -> clamp: 3 5 7 9 10 -> delta 3: 3 (first), 5 no, 7 yes, 9 no, 10 yes
    assert [chain(v, i) for i, v in enumerate([1.0, 2.0, 3.0, 4.0, 5.0])] == \
        [3.0, None, 7.0, None, 10.0]
    # the other way round: delta 3 on 1…5 passes 1 and 4, then clamp, +1, ×2: 4 and 10
    chain = build_chain(specs[::-1])
    assert [chain(v, i) for i, v in enumerate([1.0, 2.0, 3.0, 4.0, 5.0])] == \
        [4.0, None, None, 10.0, None]


def test_a_dropped_value_goes_no_further():
    # the throttle never sees the value delta dropped at t = 1.0, so at t = 1.5 a full
    # second has passed since the last value it saw (t = 0)
    chain = FilterChain([parse_filter({"delta": 5}), parse_filter({"throttle": 1})])
    assert chain(0.0, 0.0) == 0.0
    assert chain(1.0, 1.0) is None
    assert chain(10.0, 1.5) == 10.0


def test_chain_step_matches_the_chain():
    for items in ((), ({"offset": 1},), ({"median": 3}, {"exponential_moving_average": 0.5})):
        a = FilterChain([parse_filter(i) for i in items])
        b = FilterChain([parse_filter(i) for i in items])
        values = [4.0, 8.0, 1.0, 9.0, 9.0]
        assert [a(v, i) for i, v in enumerate(values)] == \
            [b.step(v, i) for i, v in enumerate(values)]
    assert FilterChain([]).step(7.0, 0.0) == 7.0
    # median 3 then ema .5: 4 -> 4; [4 8] 6 -> 5; [4 8 1] 4 -> 4.5
    chain = FilterChain([parse_filter({"median": 3}),
                         parse_filter({"exponential_moving_average": 0.5})])
    assert [chain.step(v, 0.0) for v in (4.0, 8.0, 1.0)] == [4.0, 5.0, 4.5]


@pytest.mark.parametrize("item", [
    {"median": {"window_size": 3, "send_every": 2}},
    {"exponential_moving_average": {"alpha": 0.5, "send_every": 3}},
    {"sliding_window_moving_average": {"window_size": 2, "send_every": 2}},
    {"delta": 2}, {"delta": "10%"}, {"throttle": 1}, {"timeout": 5},
    {"clamp": {"min_value": 0}}, {"offset": 1}, {"multiply": 3},
])
def test_reset_starts_over(item):
    values, times = [5.0, 1.0, 9.0, 2.0, 8.0], [0.0, 0.2, 0.4, 0.6, 0.8]
    f = parse_filter(item).build()
    first = [f(v, t) for v, t in zip(values, times, strict=True)]
    f.reset()
    assert [f(v, t) for v, t in zip(values, times, strict=True)] == first
    assert first == run(item, values, times)


def test_chain_reset_resets_every_filter():
    chain = build_chain([parse_filter({"exponential_moving_average": 0.5}),
                         parse_filter({"throttle": 10})])
    assert chain(10.0, 0.0) == 10.0
    assert chain(20.0, 1.0) is None
    chain.reset()
    assert chain(20.0, 2.0) == 20.0  # first value again, unsmoothed and not throttled


def test_each_build_has_its_own_state():
    spec = parse_filter({"exponential_moving_average": 0.5})
    a, b = spec.build(), spec.build()
    assert a(10.0, 0) == 10.0
    assert b(20.0, 0) == 20.0
    assert a(20.0, 1) == 15.0


def test_specs_are_frozen_hashable_and_normalised():
    short = parse_filter({"median": 5})
    assert short == parse_filter({"median": {"window_size": 5}})
    assert short == parse_filter({"median": {"window_size": 5, "send_every": 1,
                                             "send_first_at": 1}})
    assert short == FilterSpec("median", (("window_size", 5), ("send_every", 1),
                                          ("send_first_at", 1)))
    assert short != parse_filter({"median": 7})
    assert len({short, parse_filter({"median": 5}), parse_filter({"delta": 1})}) == 2
    with pytest.raises(AttributeError):
        short.name = "delta"  # type: ignore[misc]
    assert short.param("window_size") == 5
    assert short.param("nope", 3) == 3


@pytest.mark.parametrize(("item", "params"), [
    ({"median": None}, (("window_size", 5), ("send_every", 1), ("send_first_at", 1))),
    ({"sliding_window_moving_average": {}},
     (("window_size", 15), ("send_every", 1), ("send_first_at", 1))),
    ({"exponential_moving_average": None},
     (("alpha", 0.1), ("send_every", 1), ("send_first_at", 1))),
    ({"clamp": {"max_value": 5}},
     (("min_value", None), ("max_value", 5.0), ("ignore_out_of_range", False))),
    ({"throttle": "250ms"}, (("seconds", 0.25),)),
    ({"delta": "5%"}, (("min_value", 5.0), ("percent", True))),
    ({"offset": -3}, (("value", -3.0),)),
])
def test_defaults(item, params):
    assert parse_filter(item).params == params


@pytest.mark.parametrize("item", [
    {"offset": 2.5}, {"multiply": -1.5}, {"clamp": {"min_value": 0, "max_value": 100}},
    {"clamp": {"max_value": 5, "ignore_out_of_range": True}}, {"median": 5},
    {"median": {"window_size": 7, "send_every": 4, "send_first_at": 3}},
    {"exponential_moving_average": 0.3}, {"sliding_window_moving_average": 10},
    {"delta": 2}, {"delta": "5%"}, {"throttle": "500ms"}, {"timeout": "10s"},
])
def test_str_is_yaml_that_parses_back(item):
    spec = parse_filter(item)
    assert parse_filter(yaml.safe_load(str(spec))) == spec


def test_filter_names_cover_the_registry():
    assert FILTER_NAMES == ("offset", "multiply", "clamp", "median",
                            "exponential_moving_average", "sliding_window_moving_average",
                            "delta", "throttle", "timeout")
    for name in FILTER_NAMES:
        with pytest.raises(ValueError, match=rf"write \{{{name}: "):
            parse_filter({name: [1, 2]})


# --- parse errors: what was wrong and the expected form -------------------------------

@pytest.mark.parametrize(("item", "fragments"), [
    (5, ["must be one filter", "{median: 5}", "got 5"]),
    ("median", ["must be one filter", "got 'median'"]),
    ([{"median": 5}], ["must be one filter"]),
    ({}, ["must be one filter", "got {}"]),
    ({"median": 5, "delta": 1}, ["its own list item", "[{median: 5}, {delta: 2}]"]),
    ({"medain": 5}, ["unknown filter 'medain'", "did you mean 'median'", "known filters: offset"]),
    ({"lambda": "x"}, ["unknown filter 'lambda'", "timeout"]),
    ({3: 4}, ["unknown filter 3"]),
    ({"offset": "2"}, ["offset's value as a number", "got '2'", "{offset: 2.5}"]),
    ({"offset": None}, ["offset's value as a number", "got None"]),
    ({"multiply": True}, ["multiply's value as a number", "{multiply: 1.8}"]),
    ({"multiply": float("nan")}, ["multiply's value as a number"]),
    ({"clamp": 5}, ["clamp as a mapping", "{clamp: {min_value: 0, max_value: 100}}"]),
    ({"clamp": {}}, ["min_value, max_value or both", "{clamp: {min_value: 0"]),
    ({"clamp": None}, ["min_value, max_value or both"]),
    ({"clamp": {"min_value": 5, "max_value": 1}}, ["min_value <= max_value",
                                                    "min_value 5 and max_value 1"]),
    ({"clamp": {"min_value": "low"}}, ["clamp's min_value as a number", "got 'low'"]),
    ({"clamp": {"max": 3}}, ["unknown setting 'max'", "allowed: min_value, max_value"]),
    ({"clamp": {"max_value": 3, "ignore_out_of_range": "yes"}},
     ["ignore_out_of_range as true or false"]),
    ({"median": 0}, ["median's window_size as a whole number from 1 to 10000", "got 0",
                     "{median: 5} or {median: {window_size: 5, send_every: 1}}"]),
    ({"median": 2.5}, ["whole number", "got 2.5"]),
    ({"median": 10_001}, ["from 1 to 10000"]),
    ({"median": "5"}, ["whole number", "got '5'"]),
    ({"median": {"windowsize": 5}}, ["median an unknown setting 'windowsize'",
                                     "allowed: window_size, send_every, send_first_at"]),
    ({"median": {"send_every": 0}}, ["median's send_every as a whole number"]),
    ({"median": {"send_every": 2, "send_first_at": 3}},
     ["send_first_at <= send_every", "send_first_at 3 and send_every 2"]),
    ({"exponential_moving_average": 0}, ["alpha as a number > 0 and <= 1", "got 0",
                                         "{exponential_moving_average: 0.3}"]),
    ({"exponential_moving_average": 1.5}, ["alpha as a number > 0 and <= 1", "got 1.5"]),
    ({"exponential_moving_average": {"alpha": 0.3, "window_size": 3}},
     ["unknown setting 'window_size'", "allowed: alpha, send_every, send_first_at"]),
    ({"sliding_window_moving_average": -3},
     ["window_size as a whole number", "{sliding_window_moving_average: 10}"]),
    ({"delta": -1}, ['a number >= 0 or a percentage such as "5%"', "got -1",
                     '{delta: 2} or {delta: "5%"}']),
    ({"delta": "5 percent"}, ["percentage", "got '5 percent'"]),
    ({"delta": "-5%"}, ["percentage"]),
    ({"delta": None}, ["percentage", "got None"]),
    ({"delta": {"max_value": 5}}, ["unknown setting 'max_value'", "allowed: min_value"]),
    ({"delta": {}}, ["delta's min_value"]),
    ({"throttle": "fast"}, ["throttle as a time > 0 such as 500ms, 2s or 1min",
                            "got 'fast'", "{throttle: 500ms}"]),
    ({"throttle": 0}, ["throttle as a time > 0", "got 0"]),
    ({"throttle": "-1s"}, ["throttle as a time > 0"]),
    ({"throttle": None}, ["throttle as a time > 0", "got None"]),
    ({"timeout": "soon"}, ["timeout as a time > 0", "{timeout: 10s}"]),
    ({"timeout": {"timeout": "10s", "value": "last"}},
     ["unknown setting 'value'", "allowed: timeout"]),
    ({"timeout": {}}, ["timeout's timeout", "{timeout: 10s}"]),
])
def test_parse_errors_name_the_expected_form(item, fragments):
    with pytest.raises(ValueError) as info:
        parse_filter(item)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message


def test_error_messages_follow_a_config_path():
    # phrased to read on from "sensors.soil.filters[0] "
    for item in (5, {"medain": 3}, {"median": 0}, {"clamp": {}}, {"median": {"x": 1}}):
        with pytest.raises(ValueError) as info:
            parse_filter(item)
        first = str(info.value).split()[0]
        assert first in ("must", "uses", "needs", "gives"), str(info.value)


# --- properties against simple oracles ------------------------------------------------

values_st = st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=60)


@given(values_st, st.integers(1, 20))
def test_median_matches_statistics_median(values, n):
    f = parse_filter({"median": n}).build()
    for i, v in enumerate(values):
        assert f(v, i) == statistics.median(values[max(0, i - n + 1):i + 1])


@given(values_st, st.integers(1, 20))
def test_sliding_average_matches_the_mean(values, n):
    f = parse_filter({"sliding_window_moving_average": n}).build()
    for i, v in enumerate(values):
        window = values[max(0, i - n + 1):i + 1]
        assert f(v, i) == pytest.approx(statistics.fmean(window), rel=1e-9, abs=1e-6)


@given(values_st, st.integers(1, 6), st.integers(1, 6))
def test_send_every_emits_at_the_configured_counts(values, every, first):
    first = min(first, every)
    item = {"sliding_window_moving_average": {"window_size": 3, "send_every": every,
                                              "send_first_at": first}}
    out = run(item, values)
    sent = [i + 1 for i, v in enumerate(out) if v is not None]
    assert sent == [k for k in range(1, len(values) + 1) if k >= first
                    and (k - first) % every == 0]


@given(values_st, st.floats(0, 1000))
def test_delta_passes_exactly_the_big_enough_changes(values, d):
    out = run({"delta": d}, values)
    last = None
    for v, o in zip(values, out, strict=True):
        if last is None or (abs(v - last) >= d and v != last):
            assert o == v
            last = v
        else:
            assert o is None


@given(st.lists(st.floats(0, 5), min_size=1, max_size=60), st.floats(0.01, 2))
def test_throttle_spacing(gaps, period):
    times, t = [], 0.0
    for gap in gaps:
        t += gap
        times.append(t)
    out = run({"throttle": period}, [1.0] * len(times), times)
    passed = [t for t, o in zip(times, out, strict=True) if o is not None]
    assert passed[0] == times[0]
    assert all(b - a >= period for a, b in pairwise(passed))
    # and nothing was dropped that was already a full period after the last pass
    last = None
    for t, o in zip(times, out, strict=True):
        if o is None:
            assert t - last < period
        else:
            last = t
