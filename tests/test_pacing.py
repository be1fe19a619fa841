"""Frame pacing: the asked-for rate, one sleep per frame, no catch-up burst after a stall."""

from __future__ import annotations

from exhibit.kiosk.pacing import FramePacer


class FakeTime:
    """A monotonic clock that only moves when the show works or the pacer sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        self.sleeps.append(seconds)
        self.now += seconds + 0.0003  # a real sleep overshoots a little


def test_sixty_frames_take_one_second_with_one_sleep_each():
    t = FakeTime()
    pacer = FramePacer(t.clock, t.sleep)
    pacer.tick(60)
    start = t.now
    dts = []
    for _ in range(600):
        t.now += 0.004  # the frame's work
        dts.append(pacer.tick(60))
    assert abs((t.now - start) - 10.0) < 0.002  # 60.0 fps, not Clock.tick's 62.5
    assert len(t.sleeps) == 601  # it sleeps every frame, never spins
    assert abs(sum(dts) - (t.now - start)) < 1e-9


def test_a_stall_starts_a_fresh_schedule_instead_of_a_burst():
    t = FakeTime()
    pacer = FramePacer(t.clock, t.sleep)
    pacer.tick(60)
    t.now += 0.5  # a frame that took half a second
    assert abs(pacer.tick(60) - 0.5) < 0.001
    before = len(t.sleeps)
    for _ in range(3):
        t.now += 0.004
        pacer.tick(60)
    assert len(t.sleeps) == before + 3  # each following frame waits its turn again
