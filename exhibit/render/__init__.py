"""Drawing on the 1920×1080 design grid: `Canvas`, `TextCache`, layouts, palette, widgets
and the city drawing kit (`kit`, `street`, `vehicles`, `townmap`). Knows pixels, not data:
it imports nothing of the engine outside this package."""
