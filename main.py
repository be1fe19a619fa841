#!/usr/bin/env python3
"""Sensorik zum Anfassen – start the exhibit. `python main.py --help` lists the options."""

import sys

if __name__ == "__main__":
    try:
        from exhibit.app import main

        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl+C before the show's own handler, or in a tool run
        print("main.py: interrupted", file=sys.stderr)
        sys.exit(130)
