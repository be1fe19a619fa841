"""Sensorik zum Anfassen – the exhibit engine (everything but the scenes)."""

import os

# Before any module imports pygame: its greeting would be the first line in every log.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
