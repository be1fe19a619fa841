"""`python -m exhibit.bench screens`: the render size's promise, measured side by side.

One run, three screens, the real display driver (SDL_VIDEODRIVER; dummy when unset): a
1920×1080 screen drawn pixel for pixel, a 3840×2160 screen with `render_size: auto` (drawn
at 1920×1080, scaled by SDL's renderer), and the same 4K screen `native`. Per scene the 95th
percentile of the frame's work (`FrameLoop.frame`), the ratio 4K-auto / 1080p (the budget:
within 1.2×), and per screen the present (`flip`: the scaling — the GPU's part on a kiosk,
software here). Uses `exhibit.selfcheck.measure`, the same measurement staff run.
"""

from __future__ import annotations

import os
import sys

SCREENS = (("1080p", (1920, 1080), "native"), ("4K auto", (3840, 2160), "auto"),
           ("4K native", (3840, 2160), "native"))


def measure(frames: int = 90) -> dict:
    """{screen label: selfcheck figures} for the three screens, in one process."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from exhibit.cli import parse_args
    from exhibit.selfcheck import measure as measure_screen
    from exhibit.show import prepare

    show = prepare(parse_args([]))
    figures = {}
    for label, (w, h), render in SCREENS:
        options = parse_args(["--windowed", "--size", f"{w}x{h}", "--render-size", render])
        figures[label] = measure_screen(pygame, show, options, frames)
        pygame.display.quit()
    return figures


def main(frames: int = 90) -> int:
    figures = measure(frames)
    labels = [label for label, _, _ in SCREENS]
    print(f"frame work per scene, 95th percentile in ms ({frames} frames a scene, driver "
          f"{figures[labels[0]]['driver']})")
    print(f"{'scene':<16}" + "".join(f"{label:>11}" for label in labels) + f"{'auto/1080p':>12}")
    worst = 0.0
    for scene, base in figures[labels[0]]["work_ms"].items():
        row = [figures[label]["work_ms"][scene] for label in labels]
        ratio = row[1] / base if base else 0.0
        worst = max(worst, ratio)
        print(f"{scene:<16}" + "".join(f"{v:11.2f}" for v in row) + f"{ratio:11.2f}×")
    print(f"{'present (flip)':<16}" + "".join(f"{figures[label]['present_p95_ms']:11.2f}"
                                               for label in labels))
    print(f"{'RSS MB':<16}" + "".join(f"{figures[label]['rss_mb'] or 0:11.0f}"
                                       for label in labels))
    print(f"worst 4K-auto / 1080p ratio: {worst:.2f}× (budget 1.2×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
