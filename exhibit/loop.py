"""One frame of the show, apart from the display, the clock and the events.

`app.run` calls `frame` once per display refresh; tests and `exhibit.bench` drive the same
object with their own clock and an off-screen canvas.
"""

from __future__ import annotations

from dataclasses import replace

from exhibit.director import Director
from exhibit.recorder import Recorder
from exhibit.render.canvas import Canvas
from exhibit.scene import Scene
from exhibit.signals.hub import SignalHub
from exhibit.sources import ReadingQueue, Source, SourceStatus
from exhibit.stage import Stage
from exhibit.world import World


class FrameLoop:
    """Drain readings, update signals, director and scene, draw: nothing here waits on I/O."""

    def __init__(self, show, source: Source, queue: ReadingQueue, canvas: Canvas, t0: float,
                 recorder: Recorder | None = None) -> None:
        config = show.config
        self.show = show
        self.source = source
        self.queue = queue
        self.canvas = canvas
        self.t0 = t0
        self.recorder = recorder
        self.hub = SignalHub(config.sensors)
        self.director = Director(show.playlist, show.scene_for_sensor, config.playlist.seconds,
                                 config.playlist.idle_return, show.start_scene)
        self.stage = Stage(show.frame_text)
        self.language = show.language
        self.current: str | None = None

    @property
    def scene(self) -> Scene:
        return self.show.scenes[self.director.current]

    def toggle_language(self) -> None:
        self.language = "en" if self.language == "de" else "de"

    def status(self) -> SourceStatus:
        """The source's status plus what the queue dropped on the way."""
        status = self.source.status()
        if self.queue.dropped:
            status = replace(status, stats={**status.stats, "dropped": self.queue.dropped})
        return status

    def diagnostics(self) -> dict:
        """Everything staff need to judge the serial link, as plain data."""
        status = self.status()
        return {"source": status.name, "kind": status.kind, "state": status.state,
                "detail": status.detail, "reconnects": status.reconnects,
                "dropped": self.queue.dropped, **status.stats}

    def frame(self, dt: float, now: float) -> World:
        """Advance by `dt` seconds to monotonic time `now` and draw onto the canvas."""
        processed = self.hub.feed(self.queue.drain(), keep=self.recorder is not None)
        if self.recorder is not None and processed:
            self.recorder.write(processed)
        world = self.hub.world(now, now - self.t0, self.status(), self.language)
        name = self.director.update(dt, world.touches)
        scene = self.show.scenes[name]
        if name != self.current:
            scene.on_show()
            self.current = name
        scene.update(dt, world)
        self.stage.update(dt, world, scene)
        self.stage.draw(self.canvas, scene, world, self.director.mode,
                        self.director.progress())
        return world
