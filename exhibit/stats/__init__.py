"""Anonymous visitor statistics: touches per sensor and scene views per hour, kept in a
daily CSV next to the log, printed by `--stats` and drawn by `--stats-report`."""
