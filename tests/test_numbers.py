"""One number formatter for every language: what visitors read."""

from __future__ import annotations

from exhibit.numbers import format_number


def test_decimal_comma_in_german_point_in_english():
    assert format_number(21.5, 1, "de") == "21,5" and format_number(21.5, 1, "en") == "21.5"
    assert format_number(1.4142, 1, "de") == "1,4" and format_number(181.2, 0, "en") == "181"


def test_no_minus_zero_and_a_dash_without_a_number():
    assert format_number(-0.04, 1, "de") == "0,0" and format_number(-0.4, 0, "en") == "0"
    assert format_number(None, 1, "de") == "–" and format_number(float("nan"), 1, "en") == "–"


def test_grouped_counts_and_trimmed_decimals():
    assert format_number(12345, 0, "de", grouped=True) == "12.345"
    assert format_number(12345, 0, "en", grouped=True) == "12,345"
    assert format_number(0.5, 3, "de", trim=True) == "0,5"
    assert format_number(40.0, 3, "en", trim=True) == "40"
    assert format_number(100, 0, "en", trim=True) == "100"
    assert format_number(-0.0001, 3, "en", trim=True) == "0"


def test_percentile_is_the_nearest_rank_whatever_the_order():
    from exhibit.numbers import percentile

    values = [9.0, 1.0, 5.0, 3.0, 7.0, 2.0, 8.0, 4.0, 6.0, 10.0]
    assert percentile(values, 0.5) == 6.0 and percentile(values, 0.0) == 1.0
    assert percentile(values, 0.99) == percentile(values, 1.0) == 10.0
