"""The director on a virtual clock: attract order, jump on touch, dwell, idle return."""

from __future__ import annotations

from exhibit.director import ATTRACT, INTERACTIVE, MIN_DWELL, Director

PLAYLIST = ("overview", "street_lights", "trees")
SCENES = {"light": "street_lights", "motion": "street_lights", "soil": "trees"}


def make(**kw) -> Director:
    return Director(PLAYLIST, SCENES, seconds=10, idle_return=30, **kw)


def run(director: Director, seconds: float, dt: float = 1 / 60, touches=()) -> list[str]:
    """Advance in frames; touches are given in the first frame only. Returns scenes seen."""
    seen = [director.current]
    t = 0.0
    first = True
    while t < seconds - 1e-9:
        name = director.update(dt, touches if first else ())
        first = False
        t += dt
        if name != seen[-1]:
            seen.append(name)
    return seen


def test_attract_loop_plays_the_playlist_in_order_and_wraps():
    d = make()
    assert d.mode == ATTRACT
    assert run(d, 31) == ["overview", "street_lights", "trees", "overview"]


def test_progress_reports_position_and_share_of_time():
    d = make()
    run(d, 12.5)
    p = d.progress()
    assert (p.index, p.count) == (1, 3)
    assert 0.2 < p.fraction < 0.3


def test_touch_jumps_to_the_sensors_scene_in_the_same_frame():
    d = make()
    assert d.update(1 / 60, ["soil"]) == "trees"
    assert d.mode == INTERACTIVE


def test_touched_scene_stays_past_the_attract_time_then_returns_after_idle():
    d = make()
    d.update(1 / 60, ["soil"])
    assert run(d, 29) == ["trees"]  # longer than the 10 s attract slot
    seen = run(d, 2)
    assert seen == ["trees", "overview"]  # idle_return reached: attract resumes after trees
    assert d.mode == ATTRACT


def test_retouching_the_same_sensor_keeps_the_scene_and_resets_idle():
    d = make()
    d.update(1 / 60, ["soil"])
    switches = d.switches
    for _ in range(5):
        run(d, 20)
        d.update(1 / 60, ["soil"])
    assert d.current == "trees" and d.switches == switches
    assert d.in_scene > 60  # never restarted


def test_two_hands_do_not_ping_pong_between_scenes():
    d = make()
    d.update(1 / 60, ["soil"])
    seen = ["trees"]
    for i in range(60):  # both sensors touched alternately, ten times a second
        name = d.update(0.1, ["light" if i % 2 else "soil"])
        if name != seen[-1]:
            seen.append(name)
    # at most one switch per MIN_DWELL seconds
    assert len(seen) - 1 <= 6 / MIN_DWELL + 1


def test_touch_of_a_sensor_without_scene_is_ignored():
    d = make()
    assert d.update(1 / 60, ["co2"]) == "overview"
    assert d.mode == ATTRACT


def test_start_scene_is_shown_first_and_counts_as_interaction():
    d = make(start="trees")
    assert d.current == "trees"
    assert run(d, 20) == ["trees"]


def test_cycles_count_each_time_the_attract_loop_starts_over():
    d = make()
    run(d, 10 * 3 * 2 + 1)  # two whole rounds of three 10 s scenes
    assert d.cycles == 2
    d.update(1 / 60, ["soil"])  # a visitor: interactive scenes are no new round
    run(d, 29)
    assert d.cycles == 2


def test_every_sensor_a_scene_shows_brings_that_scene_up():
    from exhibit.show import prepare
    from exhibit.cli import parse_args

    show = prepare(parse_args([]))
    assert show.scene_for_sensor["light"] == "street_lights"
    assert show.scene_for_sensor["motion"] == "street_lights"  # shown there, not its own
    assert show.scene_for_sensor["soil"] == "trees"


def test_staff_keys_step_and_jump_like_a_touch_and_every_change_says_why():
    from exhibit.director import ATTRACT_LOOP, FAILED, IDLE_RETURN, SCENE_OPTION, START, \
        STAFF_KEY, TOUCH

    d = make()
    assert d.reason.code == START and make(start="trees").reason.code == SCENE_OPTION
    run(d, 10.5)
    assert (d.current, d.reason.code) == ("street_lights", ATTRACT_LOOP)
    assert d.step(-1) == "overview" and d.step(-1) == "trees"       # wraps backwards
    assert (d.mode, d.reason.code, str(d.reason)) == (INTERACTIVE, STAFF_KEY, "staff key")
    assert d.step(+1) == "overview"                                  # no dwell for staff
    assert d.jump(3) == "trees" and d.jump(4) is None and d.jump(0) is None
    assert d.current == "trees"
    run(d, 29)
    assert d.current == "trees"                                      # held like a touch …
    run(d, 1.5)
    assert (d.current, d.mode, d.reason.code) == ("overview", ATTRACT, IDLE_RETURN)
    run(d, 10.5, touches=("soil",))
    assert (d.reason.code, str(d.reason)) == (TOUCH, "touch on soil")
    d.drop("trees")
    assert (d.current, d.reason.code, str(d.reason)) == ("overview", FAILED, "trees failed")
