"""The staff calibration mode (key C), in one place.

- `mode`: the state machine — pages, recordings of rest and touch (pure);
- `proposal`: what it proposes from the two recordings (pure maths);
- `overlay_file`: `calibration.yaml`, read as a checked overlay on `exhibit.yaml` and
  written atomically beside it (the only file the frame loop writes);
- `view`, `parts`, `texts`: the overlay's pages, their drawing pieces, the staff texts.

The show's config never reads the overlay itself: `exhibit.show.prepare` composes them.
"""
