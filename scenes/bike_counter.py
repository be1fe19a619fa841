"""Bike counter: every pass of the toy bike sends a cyclist over the counting loop, the
"Fahrradbarometer" beside the cycle lane rolls its digits up and greets the rider with
their number — one instrument, and the visitor's own pass reaches *Handeln*: the city shows
everyone today's count (the panel lights "act" while the greeting is up).

Follows FACTS.md 9: permanent counters are induction loops in the surface; the counts show
trends and set priorities for cycle-path building (Braunschweig) — said in the yaml's
sources and staff material; there are no official thresholds (9b), so the picture draws
none (the planning view that ranked invented streets is gone: the visitor's pass never
reached its marker).

The sensor is a counter: `view.total` (passes since the show started, surviving board
restarts) drives the display, `view.per_minute` the planning bar. New passes are found by
comparing `total` with the last one seen, so several passes in one frame send several riders.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from exhibit.numbers import format_number
from exhibit.render import kit, street
from exhibit.render import palette
from exhibit.render.canvas import Box, Canvas
from exhibit.render.vehicles import bike_sign, cyclist
from exhibit.render.widgets import Pulses, approach, corner_tag, ease_in_out, glow, pill
from exhibit.scene import Scene
from exhibit.world import SensorView, World

SENSOR = "bikes"

# Layout in design units, relative to the illustration's top-left corner.
HOUSES_GROUND = 500.0
LANE_TOP, LANE_BOTTOM = 530.0, 676.0     # the cycle lane, seen slightly from above
RIDE_GROUND = 622.0                      # where the riders' wheels touch the lane
RIDER_SIZE = 175.0
ROAD_TOP = 740.0                         # below: the road, covered by the call to action
POST_X, POST_W, POST_TOP, POST_FOOT = 255.0, 290.0, 150.0, 524.0
ANTENNA = (POST_X + 100.0, POST_TOP - 34.0)
DIGITS = 6                               # the display's width; a longer count shrinks
DIGIT_W, DIGIT_H, DIGIT_GAP, DIGITS_Y = 36.0, 66.0, 5.0, 300.0
LOOP = (POST_X - 85.0, 566.0, 170.0, 76.0)   # the loop's saw cut in the lane (x, y, w, h)
BANNER_Y, BANNER_SECONDS = 700.0, 3.0
RATE_FULL = 10.0              # per minute: the corner tag's bar full

RIDE_SPEED = 560.0            # design units per second
RIDER_GAP = 210.0             # between riders sent by passes that came together
MAX_RIDERS_AT_ONCE = 5        # a big jump (board restart, test) sends this many at most
MAX_WAITING = 6               # riders queued before the loop; more passes ride along
START_X, END_X = -110.0, 1270.0
ROLL_SECONDS = 0.45           # the display's digits roll this long per tick
WAVE_LIFE = 1.4
LED_SECONDS = 3.0             # the status light's slow breath while data comes in
JACKETS = (palette.TONES["info"], palette.TONES["notice"],
           palette.mix(palette.TONES["highlight"], palette.INK, 0.15),
           palette.mix(palette.TONES["act"], palette.INK, 0.2))
GREY = palette.INK_DIM
WINDOW = palette.mix(palette.NIGHT_DEEP, palette.SHADOW, 0.45)   # a digit's window on the display
DIGIT_STALE = palette.mix(GREY, palette.NIGHT_DEEP, 0.2)         # the last count, held without data
SAW_CUT = palette.mix(palette.ROAD, palette.NIGHT_DEEP, 0.3)     # the counting loop's saw cut


def is_live(view: SensorView | None) -> bool:
    return view is not None and view.fresh and view.total is not None


def grouped(n: int, lang: str) -> str:
    """A count as visitors read it: 12.345 in German, 12,345 in English."""
    return format_number(n, 0, lang, grouped=True)


@dataclass
class Rider:
    x: float
    number: int             # the display's count once this rider is over the loop
    jacket: palette.Color
    counted: bool = False


@dataclass
class CounterState:
    seen: int | None = None         # the last total seen; None: snap to the next one
    shown: int | None = None        # what the display shows (once a roll ends)
    roll_from: int = 0
    roll: float = 1.0               # 0..1 progress of the digits' roll
    riders: list[Rider] = field(default_factory=list)
    sent: int = 0                   # riders sent so far (picks the jacket)
    loop: float = 0.0               # eased glow of the loop while a wheel is over it
    flash: float = 0.0              # the display's frame lights up on a tick
    # a wave per tick of the display (not the base's `radio`, which is sent per reading)
    radio: Pulses = field(default_factory=lambda: Pulses(0.0, WAVE_LIFE))
    banner: int | None = None       # "you are cyclist no. N"
    banner_age: float = 99.0
    rate: float = 0.0               # eased passes per minute


class BikeCounter(Scene):
    LABELS = ("no_data", "per_minute", "today", "you_are")

    def reset(self) -> None:
        self.counter = CounterState()

    def greeting(self) -> bool:
        """The display has just counted a rider and greets them."""
        counter = self.counter
        return counter.banner is not None and counter.banner_age < BANNER_SECONDS

    def active_step(self, world: World) -> str:
        """Measure while the loop waits; act while the display shows a rider just counted
        (the city shows everyone today's count) — the visitor's own pass gets there."""
        return "act" if is_live(world.view(SENSOR)) and self.greeting() else "measure"

    def headline(self, world: World, lang: str) -> str:
        """The level's headline while the loop waits; the act step's sentence while the
        display greets a rider."""
        if self.active_step(world) == "act":
            return self.text.steps["act"][lang]
        return super().headline(world, lang)

    # --- update ----------------------------------------------------------------------
    def advance(self, dt: float, world: World) -> None:
        counter = self.counter
        view = world.view(SENSOR)
        if is_live(view):
            total = int(view.total)
            if counter.seen is None or total < counter.seen:   # first frame on screen: no riders
                counter.seen = counter.shown = total
                counter.roll = 1.0
                counter.riders.clear()
            elif total > counter.seen:
                self._send(counter.seen, total)
                counter.seen = total
            rate = view.per_minute or 0.0
        else:  # stale or missing: the lane calms down, the display keeps its last count
            if counter.riders:
                self._tick(counter.seen)
                counter.riders.clear()
            counter.banner = None
            rate = 0.0
        if self.snapping:
            counter.rate = rate
        counter.rate = approach(counter.rate, rate, dt, 0.35)
        counter.roll = min(counter.roll + dt / ROLL_SECONDS, 1.0)
        counter.flash = max(counter.flash - dt * 2.0, 0.0)
        counter.radio.update(dt)
        counter.banner_age += dt
        over = False
        for rider in counter.riders:
            rider.x += RIDE_SPEED * dt
            if not rider.counted and rider.x >= POST_X:
                rider.counted = True
                self._tick(rider.number)
                self._hello(rider.number)
            over = over or abs(rider.x - POST_X) < LOOP[2] / 2 + 30
        counter.riders = [r for r in counter.riders if r.x < END_X]
        counter.loop = approach(counter.loop, 1.0 if over else 0.0, dt, 0.08)

    def _send(self, old: int, new: int) -> None:
        """One rider per new pass (at most MAX_RIDERS_AT_ONCE, and MAX_WAITING in the queue;
        the last one carries the rest), queued behind any rider still on the way."""
        counter = self.counter
        waiting = [r for r in counter.riders if not r.counted]
        if len(waiting) >= MAX_WAITING:   # a flood of passes: the last in line carries them
            waiting[-1].number = new
            return
        n = new - old
        k = min(n, MAX_RIDERS_AT_ONCE, MAX_WAITING - len(waiting))
        x = min([START_X, *(r.x - RIDER_GAP for r in counter.riders)])
        for i in range(k):
            number = old + round(n * (i + 1) / k)
            counter.riders.append(Rider(x - i * RIDER_GAP, number,
                                        JACKETS[counter.sent % len(JACKETS)]))
            counter.sent += 1

    def _tick(self, number: int | None) -> None:
        """The display rolls to `number`; the post sends the count on by radio."""
        counter = self.counter
        if number is None or number == counter.shown:
            return
        counter.roll_from = counter.shown if counter.shown is not None else 0
        counter.shown, counter.roll = number, 0.0
        counter.flash = 1.0
        counter.radio.send()

    def _hello(self, number: int) -> None:
        counter = self.counter
        if counter.banner is not None and 0.35 < counter.banner_age < BANNER_SECONDS - 0.35:
            counter.banner_age = 0.35   # already up: just the new number, no second slide-in
        else:
            counter.banner_age = 0.0
        counter.banner = number

    # --- draw (relative to `area`) ---------------------------------------------------
    def draw(self, canvas: Canvas, area: Box, world: World) -> None:
        counter, lang, labels = self.counter, world.language, self.text.labels
        view = world.view(SENSOR)
        live = is_live(view)
        tone = palette.tone(view.level.tone if view.level else None) if live else GREY
        tone = palette.legible(tone, palette.PANEL) if live else tone   # digits, tag, banner
        canvas.draw_layer("bike_counter.street", area, lambda c: draw_static(c, area))
        if counter.loop >= 0.03:   # the loop's saw cut lights up under a wheel
            canvas.box(palette.mix(SAW_CUT, tone, counter.loop), LOOP, radius=10, width=6)
        self._display(canvas, live, tone, labels, lang)
        for rider in counter.riders:
            cyclist(canvas, rider.x, RIDE_GROUND, RIDER_SIZE, rider.jacket,
                    palette.mix(palette.METAL, palette.INK, 0.3), rider.x / 26.0)
        self._banner(canvas, tone, labels, lang)
        value = format_number(view.per_minute if live else None, 0, lang)
        corner_tag(canvas, area, labels["per_minute"][lang], value, tone,
                   min(counter.rate / RATE_FULL, 1.0) if live else None, widest="00")

    def _display(self, canvas: Canvas, live: bool, tone: palette.Color, labels, lang: str) -> None:
        counter = self.counter
        boxes = digit_boxes(counter.shown if counter.shown is not None else 0)
        face = (boxes[0][0] - 14, boxes[0][1] - 14,
                boxes[-1][0] + boxes[-1][2] - boxes[0][0] + 28, DIGIT_H + 28)
        if counter.flash > 0.02:
            glow(canvas, (face[0] + face[2] / 2, face[1] + face[3] / 2), 150, tone,
                 0.35 * counter.flash)
            canvas.box(palette.mix(palette.NIGHT_DEEP, tone, counter.flash), face, radius=12,
                       width=4)
        breath = 0.5 + 0.5 * math.sin(self.clock * math.tau / LED_SECONDS) if live else 0.0
        canvas.circle(palette.mix(palette.mix(tone, palette.NIGHT_DEEP, 0.6), tone, breath),
                      (POST_X + POST_W / 2 - 34, POST_TOP + 36), 7)
        canvas.text(labels["today"][lang], (POST_X, face[1] - 6), 34, palette.INK if live else GREY,
                    weight="bold", anchor="midbottom")
        lit = tone if live else DIGIT_STALE
        new, old = counter.shown or 0, counter.roll_from
        e = ease_in_out(counter.roll)
        high = max(new, old) if counter.roll < 1.0 else new
        for i, box in enumerate(boxes):
            k = len(boxes) - 1 - i               # the power of ten this column shows
            lead = k > 0 and 10 ** k > high      # a leading zero
            d_new, d_old = (new // 10 ** k) % 10, (old // 10 ** k) % 10
            canvas.box(WINDOW, box, radius=5)
            if lead:   # its window stays dark, like unlit segments (no text to read)
                continue
            if counter.roll >= 1.0 or d_new == d_old:
                canvas.text(str(d_new), (box[0] + box[2] / 2, box[1] + box[3] / 2),
                            digit_size(box), lit, weight="bold", anchor="center")
            else:   # rolls upwards, wrapping 9 → 0
                rolling_digit(canvas, box, d_old + ((d_new - d_old) % 10) * e, lit)
        kit.radio_waves(canvas, (ANTENNA[0], ANTENNA[1] - 8), counter.radio.progress, palette.INK,
                        reach=54)
        if not live:
            pill(canvas, labels["no_data"][lang], (POST_X, face[1] + face[3] + 14), 28, palette.INK,
                 palette.PANEL, anchor="midtop")

    def _banner(self, canvas: Canvas, tone: palette.Color, labels, lang: str) -> None:
        """'You are cyclist no. N': slides up under the lane for a moment after a pass."""
        counter = self.counter
        if counter.banner is None or counter.banner_age >= BANNER_SECONDS:
            return
        k = min(ease_in_out(counter.banner_age / 0.35),
                ease_in_out((BANNER_SECONDS - counter.banner_age) / 0.35))
        text = labels["you_are"][lang].format(n=grouped(counter.banner, lang))
        y, left = BANNER_Y + 30 * (1 - k), POST_X - 50
        if k < 0.6:   # sliding in or out: the bubble without its words
            w = canvas.text_width(text, 34, "bold") * (0.5 + 0.5 * k) + 40
            canvas.box(palette.mix(palette.NIGHT, tone, k), (left, y - 26, w, 52), radius=26)
            return
        pill(canvas, text, (left, y), 34, palette.NIGHT_DEEP, tone, anchor="midleft")
        tip = LOOP[1] + LOOP[3] + 6   # the tail points up at the loop that counted
        canvas.polygon(tone, [(left + 34, y - 20), (left + 64, y - 20), (POST_X, tip)])


def rolling_digit(canvas: Canvas, box: Box, pos: float, color: palette.Color) -> None:
    """Two glyphs sliding up through a digit's window (not logged as text: they are half
    hidden on purpose)."""
    base = math.floor(pos)
    frac = pos - base
    rect = canvas.rect(box)
    clip = canvas.surface.get_clip()
    canvas.surface.set_clip(rect.clip(clip))
    px = canvas.px(digit_size(box))
    for digit, shift in ((base % 10, -frac), ((base + 1) % 10, 1.0 - frac)):
        glyph = canvas.text_cache.render(str(digit), "bold", px, color)
        canvas.surface.blit(glyph, glyph.get_rect(center=(rect.centerx, rect.centery +
                                                          round(shift * rect.height))))
    canvas.surface.set_clip(clip)


def digit_boxes(count: int) -> list[Box]:
    """The display's digit windows, centred on the post; a longer count gets narrower ones."""
    n = max(DIGITS, len(str(count)))
    room = DIGITS * DIGIT_W + (DIGITS - 1) * DIGIT_GAP
    w = min(DIGIT_W, (room - (n - 1) * DIGIT_GAP) / n)
    left = POST_X - (n * w + (n - 1) * DIGIT_GAP) / 2
    return [(left + i * (w + DIGIT_GAP), DIGITS_Y, w, DIGIT_H) for i in range(n)]


def digit_size(box: Box) -> float:
    """Font size of a digit in its window: as tall as fits, narrower windows smaller."""
    return min(box[3] * 0.74, box[2] * 1.36)


def draw_static(canvas: Canvas, area: Box) -> None:
    """Sky, houses, the cycle lane with its loop, the counter post."""
    _, _, w, h = area
    kit.sky(canvas, (0, 0, w, HOUSES_GROUND), palette.SKY_DAY,
            palette.mix(palette.SKY_DAY, palette.INK, 0.45))
    kit.clouds(canvas, ((400, 110, 0.8), (120, 190, 0.6)))
    for i, (hx, hw, hh) in enumerate(((60, 200, 250), (270, 220, 200), (520, 240, 280),
                                      (760, 240, 230), (1000, 240, 270), (1180, 200, 220))):
        kit.building(canvas, hx, HOUSES_GROUND + 10, hw, hh + 10, palette.BUILDING[i % 3],
                     seed=i + 2, roof="gable" if i % 2 == 0 else "flat")
    for tx, size in ((410, 120), (880, 110)):
        kit.tree(canvas, tx, HOUSES_GROUND + 4, size,
                 palette.mix(palette.LEAF, palette.BUILDING[1], 0.6))
    canvas.box(palette.PAVEMENT, (0, HOUSES_GROUND, w, LANE_TOP - HOUSES_GROUND))
    for i in range(int(w // 96) + 1):
        canvas.box(palette.mix(palette.PAVEMENT, palette.NIGHT_DEEP, 0.15),
                   (i * 96 + 30, HOUSES_GROUND, 3, LANE_TOP - HOUSES_GROUND))
    lane = palette.mix(palette.ROAD, palette.TONES["act"],
                       0.2)        # the red-brown of German cycle lanes
    canvas.box(lane, (0, LANE_TOP, w, LANE_BOTTOM - LANE_TOP))
    for ey in (LANE_TOP + 4, LANE_BOTTOM - 10):
        canvas.box(palette.mix(lane, palette.INK, 0.45), (0, ey, w, 5))
    for sx in (640, 1000):
        bike_sign(canvas, sx, (LANE_TOP + LANE_BOTTOM) / 2, 100,
                  palette.mix(lane, palette.INK, 0.3), 6)
    canvas.box(palette.mix(palette.PAVEMENT, palette.INK, 0.3), (0, LANE_BOTTOM, w, 10))
    canvas.box(palette.PAVEMENT, (0, LANE_BOTTOM + 10, w, ROAD_TOP - LANE_BOTTOM - 10))
    kit.road(canvas, (0, ROAD_TOP, w, h - ROAD_TOP))
    # the loop's saw cut, its cable to the post, the post (a "Fahrradbarometer")
    lx, ly, lw, _ = LOOP
    canvas.box(SAW_CUT, LOOP, radius=10, width=6)
    canvas.line(SAW_CUT, (lx + lw - 20, ly), (POST_X + 40, POST_FOOT - 2), 5)
    street.counter_column(canvas, POST_X, POST_FOOT, POST_TOP, POST_W, ANTENNA)
    bike_sign(canvas, POST_X, POST_TOP + 56, 80, palette.INK_SOFT, 6)


SCENE = BikeCounter
