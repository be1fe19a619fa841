"""The appliance around the show: the staff quit chord, the heartbeat and systemd's
watchdog, the launcher that restarts a crashed or frozen show, its calm error screen, the
rotating log and the udev rule for the board. Nothing here imports pyserial; the launcher
imports no pygame (it must keep running when the show cannot)."""
