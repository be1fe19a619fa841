"""Which scene is on: the attract loop, a jump on touch, the return after idle time.

Driven only by `dt` and the touches in each frame's `World`, so tests run it on a virtual
clock. It knows scenes by name and which sensor each one explains; it never imports one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ATTRACT, INTERACTIVE = "attract", "interactive"
MIN_DWELL = 2.0  # seconds a touched scene stays before another touch may switch away
# why the current scene is on (`Director.reason`): staff read it in the log and the D overlay
START, SCENE_OPTION, ATTRACT_LOOP, TOUCH = "start", "scene_option", "attract_loop", "touch"
IDLE_RETURN, STAFF_KEY, FAILED = "idle_return", "staff_key", "failed"
OPENING, RELOADED = "opening", "reloaded"


@dataclass(frozen=True)
class Reason:
    """Why a scene came on: `code` (one of the names above) and what it concerns (the
    touched sensor, the scene that failed). `str()` is the log's English wording."""

    code: str
    detail: str = ""

    def __str__(self) -> str:
        return {START: "start", SCENE_OPTION: "--scene", ATTRACT_LOOP: "attract loop",
                TOUCH: f"touch on {self.detail}",
                IDLE_RETURN: "attract loop again, no touch for a while",
                STAFF_KEY: "staff key", FAILED: f"{self.detail} failed",
                OPENING: "opening hours: open", RELOADED: "reloaded playlist"
                }.get(self.code, self.code)


@dataclass(frozen=True)
class Progress:
    index: int        # position of the current scene in the playlist
    count: int
    fraction: float   # of the current scene's time in the attract loop


class Director:
    """Chooses the current scene from the playlist and the visitors' touches."""

    def __init__(self, playlist: Sequence[str], scene_for_sensor: Mapping[str, str],
                 seconds: float, idle_return: float, start: str | None = None) -> None:
        if not playlist:
            raise ValueError("the playlist needs at least one scene")
        self.playlist = tuple(playlist)
        self.scene_for_sensor = dict(scene_for_sensor)
        self.seconds = seconds
        self.idle_return = idle_return
        self.current: str | None = start or self.playlist[0]
        self.mode = INTERACTIVE if start else ATTRACT
        self.reason = Reason(SCENE_OPTION if start else START)
        self.in_scene = 0.0      # seconds since the current scene came on
        self.idle = 0.0          # seconds since the last touch
        self.switches = 0
        self.cycles = 0          # times the attract loop has started over from the top

    def update(self, dt: float, touches: Sequence[str] = ()) -> str | None:
        """Advance by `dt` seconds with this frame's touches; return the current scene
        (None once every scene has been dropped)."""
        if not self.playlist:
            return None
        self.in_scene += dt
        self.idle += dt
        for sensor in touches:
            self._on_touch(sensor)
        if self.mode == INTERACTIVE and self.idle >= self.idle_return:
            self.mode = ATTRACT
            self._show(self._next_after(self.current), Reason(IDLE_RETURN))
        elif self.mode == ATTRACT and self.in_scene >= self.seconds:
            self._show(self._next_after(self.current), Reason(ATTRACT_LOOP))
        return self.current

    def restart(self) -> None:
        """Back to the top of the playlist in the attract loop (the show opening in the
        morning); scenes dropped as failed stay out."""
        if self.playlist:
            self.mode = ATTRACT
            self.current = self.playlist[0]
            self.reason = Reason(OPENING)
            self.in_scene = self.idle = 0.0

    def step(self, offset: int) -> str | None:
        """Staff: the scene `offset` places along the playlist (+1 next, -1 previous)."""
        if not self.playlist:
            return None
        here = self.playlist.index(self.current) if self.current in self.playlist else 0
        return self._staff(self.playlist[(here + offset) % len(self.playlist)])

    def jump(self, number: int) -> str | None:
        """Staff: scene `number` (1-based) of the playlist; None when there is no such
        scene (then nothing changes)."""
        if not 1 <= number <= len(self.playlist):
            return None
        return self._staff(self.playlist[number - 1])

    def _staff(self, name: str) -> str:
        """A staff change acts like a touch: interactive, the loop resumes after idle."""
        self.idle = 0.0
        self.mode = INTERACTIVE
        self._show(name, Reason(STAFF_KEY))
        return name

    def drop(self, name: str) -> str | None:
        """Take a scene that failed out of the show for the rest of the run: out of the
        playlist and the sensor map, so neither the loop nor a touch brings it back. When
        it was on, the scene after it comes on at once, in the attract loop; returns the
        current scene, None when no scene is left."""
        following = self._next_after(name) if name in self.playlist else None
        self.playlist = tuple(n for n in self.playlist if n != name)
        self.scene_for_sensor = {s: n for s, n in self.scene_for_sensor.items() if n != name}
        if not self.playlist:
            self.current = None
        elif self.current == name or self.current is None:
            self.mode = ATTRACT
            self._show(following if following in self.playlist else self.playlist[0],
                       Reason(FAILED, name))
        return self.current

    def reconfigure(self, playlist: Sequence[str], scene_for_sensor: Mapping[str, str],
                    seconds: float, idle_return: float) -> str | None:
        """Take a reloaded playlist: the current scene stays on (mode and time in it kept)
        while it is still in the playlist, else the first one comes on in the attract loop.
        Returns the current scene (None for an empty playlist)."""
        self.playlist = tuple(playlist)
        self.scene_for_sensor = dict(scene_for_sensor)
        self.seconds, self.idle_return = seconds, idle_return
        if not self.playlist:
            self.current = None
        elif self.current not in self.playlist:
            self.mode = ATTRACT
            self._show(self.playlist[0], Reason(RELOADED))
        return self.current

    def _on_touch(self, sensor: str) -> None:
        target = self.scene_for_sensor.get(sensor)
        if target is None:
            return
        self.idle = 0.0
        if target == self.current:
            self.mode = INTERACTIVE
            return
        if self.mode == INTERACTIVE and self.in_scene < MIN_DWELL:
            return  # two hands on two sensors must not make the screen flicker
        self.mode = INTERACTIVE
        self._show(target, Reason(TOUCH, sensor))

    def _show(self, name: str, reason: Reason) -> None:
        if name != self.current:
            self.reason = reason
            self.switches += 1
            if self.mode == ATTRACT and name == self.playlist[0]:
                self.cycles += 1
        self.current = name
        self.in_scene = 0.0

    def _next_after(self, name: str) -> str:
        if name not in self.playlist:
            return self.playlist[0]
        return self.playlist[(self.playlist.index(name) + 1) % len(self.playlist)]

    def progress(self) -> Progress:
        index = self.playlist.index(self.current) if self.current in self.playlist else 0
        return Progress(index, len(self.playlist), min(self.in_scene / self.seconds, 1.0))
