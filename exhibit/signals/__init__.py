"""From raw readings to what a frame shows.

- `calibration`: raw counts → units (two-point line, least squares, piecewise table);
- `filters`: the ESPHome-style chain (median, moving averages, delta, throttle, …);
- `touch`: resting baseline and touch/release detection;
- `history`: a ring buffer per sensor for sparklines, min, max and trend;
- `hub`: `SignalHub`, which runs them per reading and freezes a `World` per frame.

The step modules import nothing from the engine but `exhibit.quote` (how error messages
quote a value), so `exhibit.config` can use their parsers without an import cycle; `hub`
sits above config and `world` (see ARCHITECTURE.md, "Layers").
"""
