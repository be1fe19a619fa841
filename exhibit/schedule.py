"""Opening hours from `schedule:` in exhibit.yaml: open or closed at a given wall-clock time.
(Filled in by the opening-hours work; a placeholder so the layer contracts name it.)"""
