"""Touch detection on synthetic signals: noise, drift, spikes, warm-up, real-looking touches."""

from __future__ import annotations

import math
import random

import pytest

from exhibit.signals.touch import RELEASE, TOUCH, TouchConfig, TouchDetector

RATE = 20.0  # readings per second, like the sensor model


def resting(seconds: float, rng: random.Random, *, level: float = 100.0, noise: float = 3.0,
            drift: float = 30.0, warmup: float = 20.0, rate: float = RATE):
    """A resting sensor: noise, a slow 10-minute drift and a warm-up creep over the hour."""
    n = int(seconds * rate)
    for i in range(n):
        t = i / rate
        yield t, (level + drift * math.sin(2 * math.pi * t / 600) + warmup * t / 3600
                  + rng.gauss(0, noise))


def run(detector: TouchDetector, samples) -> list[tuple[float, str]]:
    events = []
    for t, value in samples:
        event = detector.update(value, t)
        if event:
            events.append((t, event))
    return events


def test_an_hour_of_noisy_drifting_rest_gives_no_touch():
    detector = TouchDetector(TouchConfig(delta=40))
    assert run(detector, resting(3600, random.Random(1))) == []
    assert detector.touches == 0


def test_single_sample_spikes_are_not_touches():
    rng = random.Random(2)
    samples = list(resting(600, rng))
    for i in range(100, len(samples), 997):  # a spike every ~50 s, one sample long
        t, value = samples[i]
        samples[i] = (t, value + 200)
    assert run(TouchDetector(TouchConfig(delta=40)), samples) == []


@pytest.mark.parametrize("rate", [20.0, 100.0, 1000.0])
def test_a_touch_is_detected_within_100_ms_of_reaching_the_threshold(rate):
    detector = TouchDetector(TouchConfig(delta=40, direction="down"))
    rng = random.Random(3)
    samples = list(resting(60, rng, drift=0, warmup=0, rate=rate))
    run(detector, samples)
    t0 = 60.0
    events = run(detector, ((t0 + i / rate, 20 + rng.gauss(0, 2)) for i in range(int(rate))))
    assert [e for _, e in events] == [TOUCH]
    assert events[0][0] - t0 <= 0.1


def test_a_long_wobbly_touch_counts_once_and_releases_with_hysteresis():
    detector = TouchDetector(TouchConfig(delta=40, direction="down"))
    rng = random.Random(4)
    run(detector, resting(60, rng, drift=0, warmup=0))
    # a hand that hovers around the threshold for 30 s: 100 - 40 = 60 is the line
    hovering = ((60 + i / RATE, 58 + 8 * math.sin(i / 7) + rng.gauss(0, 2))
                for i in range(int(30 * RATE)))
    events = run(detector, hovering)
    assert [e for _, e in events] == [TOUCH]
    back = ((90 + i / RATE, 100 + rng.gauss(0, 2)) for i in range(int(5 * RATE)))
    assert [e for _, e in run(detector, back)] == [RELEASE]


def test_cooldown_keeps_a_quick_second_dip_from_counting_again():
    detector = TouchDetector(TouchConfig(delta=10, cooldown=1.0, min_time=0.0))
    seq = [(0.0, 0.0), (0.1, 0.0), (0.2, 20.0), (0.3, 0.0), (0.5, 20.0), (1.0, 20.0),
           (1.35, 20.0)]
    events = run(detector, seq)
    assert events == [(0.2, TOUCH), (0.3, RELEASE), (1.35, TOUCH)]


def test_direction_is_respected():
    for direction, value, expect in (("up", 150.0, [TOUCH]), ("up", 50.0, []),
                                     ("down", 50.0, [TOUCH]), ("either", 50.0, [TOUCH])):
        detector = TouchDetector(TouchConfig(delta=40, direction=direction, min_time=0.0))
        detector.update(100.0, 0.0)
        assert [e for _, e in run(detector, [(0.05, value), (0.1, value)])] == expect


def test_min_time_must_hold_before_a_touch_counts():
    detector = TouchDetector(TouchConfig(delta=10, min_time=0.3))
    events = run(detector, [(0.0, 0.0), (0.1, 20.0), (0.3, 20.0), (0.39, 20.0), (0.41, 20.0)])
    assert events == [(0.41, TOUCH)]


def test_the_baseline_rests_while_touched_and_a_new_normal_is_taken_over():
    detector = TouchDetector(TouchConfig(delta=10, min_time=0.0, max_touch=30.0))
    detector.update(0.0, 0.0)
    assert detector.update(50.0, 0.1) == TOUCH
    for i in range(1, 200):  # 20 s with the value held high: baseline frozen
        detector.update(50.0, 0.1 + i * 0.1)
    assert detector.baseline == pytest.approx(0.0)
    events = run(detector, ((20 + i * 0.1, 50.0) for i in range(150)))
    assert [e for _, e in events] == [RELEASE]  # after max_touch: a lamp, not a hand
    assert detector.baseline == pytest.approx(50.0)
    assert run(detector, ((40 + i * 0.1, 50.0) for i in range(100))) == []


def test_slow_warm_up_is_followed_by_the_baseline():
    detector = TouchDetector(TouchConfig(delta=5))
    ramp = ((i / RATE, 20 + 10 * (i / RATE) / 600) for i in range(int(600 * RATE)))
    assert run(detector, ramp) == []  # +10 over ten minutes is warm-up, not a touch
    assert detector.baseline == pytest.approx(30, abs=0.5)
