"""The exhibit's scenes: one module and one text file (de/en) each, found by name."""
