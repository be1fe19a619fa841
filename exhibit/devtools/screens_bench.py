"""`python -m exhibit.bench screens`: the render size's promise, measured side by side.

One run, the real display driver (SDL_VIDEODRIVER; dummy when unset): a 1920×1080 screen
drawn pixel for pixel, a 3840×2160 screen with `render_size: auto` (drawn at 1920×1080,
scaled by SDL's renderer), the same 4K screen `native`, and a control: 1080p with a 4K
frame's worth of memory copied after each present. Per scene the 95th
percentile of the frame's work (`FrameLoop.frame`), the ratio 4K-auto / 1080p (the budget:
within 1.2×), and per screen the present (`flip`: the scaling — the GPU's part on a kiosk,
software here). Uses `exhibit.selfcheck.measure`, the same measurement staff run.
"""

from __future__ import annotations

import os
import sys

SCREENS = (("1080p", (1920, 1080), "native"), ("4K auto", (3840, 2160), "auto"),
           ("4K native", (3840, 2160), "native"),
           ("1080p+copy", (1920, 1080), "native"))  # the control: see `_copy_a_4k_frame`


def _copy_a_4k_frame():
    """What presenting in software does to the caches, without the scaling: 33 MB copied
    after each frame. If 1080p then costs what 4K `auto` costs, the difference between
    them is the present's memory traffic (no GPU here), not our drawing."""
    import numpy as np

    source, target = np.zeros(3840 * 2160, np.uint32), np.zeros(3840 * 2160, np.uint32)

    def copy() -> None:
        target[:] = source
    return copy


def measure(frames: int = 90) -> dict:
    """{screen label: selfcheck figures} for the screens, in one process, paced at 60 fps
    as the show runs (frames drawn after a sleep find colder caches than back to back);
    a first, short pass at 1080p warms the process up and is not reported."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from exhibit.cli import parse_args
    from exhibit.selfcheck import measure as measure_screen
    from exhibit.show import prepare

    figures = {}
    for label, (w, h), render in (("warm-up", (1920, 1080), "native"), *SCREENS):
        options = parse_args(["--windowed", "--size", f"{w}x{h}", "--render-size", render])
        show = prepare(options)  # scenes keep caches of their own: a fresh show per screen
        control = _copy_a_4k_frame() if label.endswith("+copy") else None
        figures[label] = measure_screen(pygame, show, options,
                                        max(frames // 4, 2) if label == "warm-up" else frames,
                                        control, paced=True)
        pygame.display.quit()
    del figures["warm-up"]
    return figures


def main(frames: int = 90, as_json: bool = False) -> int:
    figures = measure(frames)
    if as_json:
        import json

        print(json.dumps(figures, indent=1))
        return 0
    labels = [label for label, _, _ in SCREENS]
    print(f"frame work per scene in ms, median / 95th percentile ({frames} frames a scene at "
          f"60 fps, each from its change on; driver {figures[labels[0]]['driver']})")
    print(f"{'scene':<16}" + "".join(f"{label:>15}" for label in labels)
          + f"{'auto/1080p':>14}")
    worst = 0.0
    for scene in figures[labels[0]]["work_ms"]:
        cells = [(figures[label]["work_median_ms"][scene], figures[label]["work_ms"][scene])
                 for label in labels]
        ratio = cells[1][0] / cells[0][0] if cells[0][0] else 0.0
        worst = max(worst, ratio)
        print(f"{scene:<16}" + "".join(f"{m:8.2f} /{p:5.1f}" for m, p in cells)
              + f"{ratio:12.2f}×")
    print(f"{'present (flip)':<16}" + "".join(
        f"{figures[label]['present_median_ms']:8.2f} /{figures[label]['present_p95_ms']:5.1f}"
        for label in labels))
    print(f"{'RSS MB':<16}" + "".join(f"{figures[label]['rss_mb'] or 0:15.0f}"
                                       for label in labels))
    print(f"worst 4K-auto / 1080p ratio of the medians: {worst:.2f}× (budget 1.2×); "
          "1080p+copy: 1080p with a 4K frame's 33 MB copied after each present, the "
          "control for the present's memory traffic")
    return 0


if __name__ == "__main__":
    sys.exit(main())
