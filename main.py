#!/usr/bin/env python3
"""Sensorik zum Anfassen – start the exhibit. `python main.py --help` lists the options."""

import sys

from exhibit.app import main

if __name__ == "__main__":
    sys.exit(main())
