"""Staff tools over the running show: keys, the help (F1) and diagnostics (D) overlays,
live reload (R) and the simulator switch (S). Above the frame loop, below the app."""
