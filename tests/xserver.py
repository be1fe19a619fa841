"""A real X server (Xvfb) for the tests that must see the app as a visitor's screen does,
and the two things a window manager would do to a window: find it, and ask it to close
(the WM_DELETE_WINDOW message Alt+F4 or a title bar's × sends).

A missing tool skips the test with the apt command (`tests.conftest.need`), never in CI.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import time

from tests.conftest import need


class Xvfb:
    """An X server on a free display number, 1920×1080, torn down at the end."""

    def __init__(self, size: str = "1920x1080x24") -> None:
        need("Xvfb", "xvfb")
        read, write = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", size,
                                      "-nolisten", "tcp"], pass_fds=(write,),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        assert number, "Xvfb did not start"
        self.display = f":{number}"

    def env(self, base: dict[str, str]) -> dict[str, str]:
        env = dict(base, DISPLAY=self.display, SDL_VIDEODRIVER="x11")
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def xdotool(self, *args: str) -> str:
        need("xdotool", "xdotool")
        done = subprocess.run(["xdotool", *args], env=dict(os.environ, DISPLAY=self.display),
                              capture_output=True, text=True, timeout=20)
        return done.stdout.strip()

    def window(self, window_class: str = "sensorik-kiosk", deadline: float = 20.0) -> int:
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            found = self.xdotool("search", "--class", window_class).split()
            if found:
                return int(found[-1])
            time.sleep(0.1)
        raise AssertionError(f"no window of class {window_class!r} on {self.display}")

    def close_window(self, window: int) -> None:
        """Send WM_DELETE_WINDOW, as a window manager does for Alt+F4 or its close button."""
        x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XInternAtom.restype = ctypes.c_ulong
        x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int,
                                   ctypes.c_long, ctypes.c_void_p]
        x11.XFlush.argtypes = x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        display = x11.XOpenDisplay(self.display.encode())
        assert display, f"cannot open {self.display}"
        try:
            event = _ClientMessage(type=33, send_event=1, display=display, window=window,
                                   message_type=x11.XInternAtom(display, b"WM_PROTOCOLS", 0),
                                   format=32)
            event.data[0] = x11.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
            event.data[1] = 0  # CurrentTime
            assert x11.XSendEvent(display, window, 0, 0, ctypes.byref(event))
            x11.XFlush(display)
        finally:
            x11.XCloseDisplay(display)

    def screenshot(self, path) -> None:
        """The whole screen as PNG (ImageMagick's import), for people to look at."""
        if shutil.which("import"):
            subprocess.run(["import", "-display", self.display, "-window", "root", str(path)],
                           timeout=20, check=False)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


class _ClientMessage(ctypes.Structure):
    """XClientMessageEvent, padded to the size of XEvent (24 longs)."""

    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong),
                ("send_event", ctypes.c_int), ("display", ctypes.c_void_p),
                ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5),
                ("pad", ctypes.c_long * 12)]
