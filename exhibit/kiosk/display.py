"""The kiosk's display: which SDL video driver, waiting for a display that is not up yet,
the fullscreen window without cursor or screen saver, and following a screen that changes
size. With `exhibit.app` the only code that calls `pygame.display` (main thread only)."""

from __future__ import annotations

import logging
import os
import time

from exhibit.cli import Options, UsageError
from exhibit.sizes import render_size_for

log = logging.getLogger("exhibit")
WINDOW_CLASS = "sensorik-kiosk"  # X11 WM_CLASS and Wayland app_id of the show's window

# SDL 2's video drivers by name, for when the SDL library cannot be asked (see below)
SDL_VIDEO_DRIVERS = ("x11", "wayland", "kmsdrm", "rpi", "vivante", "directfb", "offscreen",
                     "dummy", "evdev", "windows", "winrt", "cocoa", "uikit", "android",
                     "haiku", "emscripten", "riscos", "qnx", "vita", "psp", "ps2", "n3ds",
                     "os2", "ngage")
DISPLAY_RETRY = 2.0           # seconds between tries to open a display that is not up yet
DISPLAY_NOTE_EVERY = 60.0     # the "no display yet" line: at once, then at most this often


def _sdl(pygame):
    """The SDL library pygame ships (or the system's), for the few things pygame does not
    ask it: its video drivers, the renderer of the window. None if it cannot be loaded."""
    import ctypes
    import ctypes.util
    import glob

    here = os.path.dirname(pygame.__file__)
    found = (glob.glob(os.path.join(here, "..", "pygame_ce.libs", "libSDL2-*"))
             + glob.glob(os.path.join(here, ".dylibs", "libSDL2*"))
             + glob.glob(os.path.join(here, "SDL2.dll")))
    for path in filter(None, [*found, ctypes.util.find_library("SDL2")]):
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


def video_drivers(pygame) -> list[str]:
    """The video drivers the SDL under pygame was built with (lower case). Asked from the
    library pygame ships (SDL_GetVideoDriver needs no init); SDL 2's names if it cannot be."""
    import ctypes

    sdl = _sdl(pygame)
    try:
        sdl.SDL_GetVideoDriver.restype = ctypes.c_char_p
        sdl.SDL_GetVideoDriver.argtypes = [ctypes.c_int]
        names = [sdl.SDL_GetVideoDriver(i) for i in range(sdl.SDL_GetNumVideoDrivers())]
    except AttributeError:  # also: sdl is None
        return list(SDL_VIDEO_DRIVERS)
    if names and all(names):
        return [name.decode().lower() for name in names]
    return list(SDL_VIDEO_DRIVERS)


def renderer_info(pygame) -> tuple[str, bool, bool] | None:
    """(name, accelerated, vsync) of the SDL renderer that scales the show (SCALED mode),
    or None when there is none (the show fills the screen pixel for pixel)."""
    import ctypes
    import warnings

    class Info(ctypes.Structure):
        _fields_ = [("name", ctypes.c_char_p), ("flags", ctypes.c_uint32),
                    ("num_texture_formats", ctypes.c_uint32),
                    ("texture_formats", ctypes.c_uint32 * 16),
                    ("max_texture_width", ctypes.c_int), ("max_texture_height", ctypes.c_int)]

    sdl = _sdl(pygame)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            window_id = pygame.Window.from_display_module().id
        sdl.SDL_GetWindowFromID.restype = ctypes.c_void_p
        sdl.SDL_GetWindowFromID.argtypes = [ctypes.c_uint32]
        sdl.SDL_GetRenderer.restype = ctypes.c_void_p
        sdl.SDL_GetRenderer.argtypes = [ctypes.c_void_p]
        sdl.SDL_GetRendererInfo.argtypes = [ctypes.c_void_p, ctypes.POINTER(Info)]
        renderer = sdl.SDL_GetRenderer(sdl.SDL_GetWindowFromID(window_id))
        info = Info()
        if not renderer or sdl.SDL_GetRendererInfo(renderer, ctypes.byref(info)) != 0:
            return None
    except (AttributeError, pygame.error):
        return None
    return (info.name or b"?").decode(), bool(info.flags & 0x2), bool(info.flags & 0x4)


def check_video_driver(pygame) -> None:
    """A `SDL_VIDEODRIVER` this SDL does not have can never open: a usage error at once,
    not a retry forever (SDL reads a comma-separated list and tries each in turn)."""
    setting = os.environ.get("SDL_VIDEODRIVER", "").strip()
    if not setting:
        return
    known = video_drivers(pygame)
    unknown = [name for name in setting.split(",") if name.strip().lower() not in known]
    if unknown:
        raise UsageError(f"SDL_VIDEODRIVER={setting}: this SDL has no video driver "
                         f"{', '.join(map(repr, unknown))}; choose one of {', '.join(known)} "
                         "(on a kiosk usually x11, wayland or kmsdrm), or unset it to let SDL "
                         "choose")


def wait_for_display(pygame, options: Options, stop, render="native"):
    """Open the window or screen; while there is none yet (a kiosk that boots before its
    display is up) try again every 2 s, saying so once and then at most once a minute.
    Returns None when a stop signal comes first."""
    next_note = 0.0
    while not stop.is_set():
        try:
            init_display(pygame)
            return open_display(pygame, options.windowed, options.size, render)
        except pygame.error as exc:
            pygame.display.quit()
            now = time.monotonic()
            if now >= next_note:
                next_note = now + DISPLAY_NOTE_EVERY
                driver = os.environ.get("SDL_VIDEODRIVER") or "SDL's choice"
                log.warning("no display yet (%s: %s); retrying every %g s (said again at "
                            "most once a minute)", driver, exc, DISPLAY_RETRY)
            stop.wait(DISPLAY_RETRY)
    return None


def init_display(pygame) -> None:
    """`pygame.display.init()`, with the window's class (X11 WM_CLASS, Wayland app_id) set
    first, as SDL reads it then: for window rules (labwc, cage) and the tests."""
    for hint in ("SDL_VIDEO_X11_WMCLASS", "SDL_VIDEO_WAYLAND_WMCLASS"):
        os.environ[hint] = WINDOW_CLASS  # pygame would name it after argv[0] (main.py)
    pygame.display.init()


def screen_size(pygame, windowed: bool, size: tuple[int, int] | None) -> tuple[int, int]:
    """What the show fills: `size` if given, else the window's default or the desktop."""
    if size:
        return tuple(size)
    return (1280, 720) if windowed else tuple(pygame.display.get_desktop_sizes()[0])


def open_display(pygame, windowed: bool, size: tuple[int, int] | None = None,
                 render="native", vsync: bool = True):
    """The window (`windowed`: resizable) or the kiosk's fullscreen at the screen's own
    size (or `size`): cursor hidden, screen saver and blanking held off. The show and the
    launcher's error screen open theirs here.

    When `render` (see `render_size_for`) is smaller than the screen, the surface is the
    render size and SDL's renderer scales it to the screen (pygame's SCALED mode: on a
    Raspberry Pi the GPU does it, with vsync where the driver gives it)."""
    pygame.display.set_allow_screensaver(False)  # SDL's hint; also idle-inhibit on Wayland
    screen = screen_size(pygame, windowed, size)
    drawn = render_size_for(render, screen)
    if not windowed:
        pygame.mouse.set_visible(False)
    if drawn != screen:
        surface = _open_scaled(pygame, windowed, drawn, vsync)
        if windowed or _fills_the_screen(pygame, screen):
            return surface
        log.warning("the scaled window did not become fullscreen (%s: no window manager?); "
                    "drawing at the screen's own size %dx%d instead", _driver(pygame), *screen)
    if windowed:
        return pygame.display.set_mode(screen, pygame.RESIZABLE)
    surface = pygame.display.set_mode(screen, pygame.FULLSCREEN)
    if surface.get_size() != screen:  # e.g. the dummy driver ignores fullscreen sizes
        surface = pygame.display.set_mode(screen, pygame.NOFRAME)
    return surface


def _driver(pygame) -> str:
    try:
        return pygame.display.get_driver()
    except pygame.error:
        return "?"


def _fills_the_screen(pygame, screen: tuple[int, int], wait: float = 1.0) -> bool:
    """Whether the scaled fullscreen window really covers `screen`. On X11 SDL's
    "fullscreen desktop" needs a window manager: on a bare X server the window stays at the
    render size in the middle while SDL draws as if it were full size (the picture cut to
    its middle quarter). Asked from the X server itself (XGetGeometry), for up to `wait`
    seconds while a window manager settles; other drivers (Wayland, KMS) are trusted."""
    info = pygame.display.get_wm_info()
    if _driver(pygame) != "x11" or "window" not in info or "display" not in info:
        return True
    import ctypes
    import ctypes.util

    try:
        xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        capsule = ctypes.pythonapi.PyCapsule_GetPointer
        capsule.restype, capsule.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
        display = capsule(info["display"], b"display")
        xlib.XGetGeometry.argtypes = [ctypes.c_void_p, ctypes.c_ulong] + [ctypes.c_void_p] * 7
    except (OSError, AttributeError, ValueError, TypeError):
        return True  # cannot ask: trust SDL
    values = [ctypes.c_ulong(), *(ctypes.c_int() for _ in range(2)),
              *(ctypes.c_uint() for _ in range(4))]
    end = time.monotonic() + wait
    while True:
        pygame.event.pump()
        pygame.display.flip()
        if xlib.XGetGeometry(display, info["window"], *map(ctypes.byref, values)) and \
                (values[3].value, values[4].value) == tuple(screen):
            return True
        if time.monotonic() >= end:
            return False
        time.sleep(0.05)


def _open_scaled(pygame, windowed: bool, drawn: tuple[int, int], vsync: bool):
    import warnings

    flags = pygame.SCALED | (pygame.RESIZABLE if windowed else pygame.FULLSCREEN)
    with warnings.catch_warnings(record=True) as caught:  # "no fast renderer available"
        warnings.simplefilter("always")
        try:
            surface = pygame.display.set_mode(drawn, flags, vsync=int(vsync))
        except pygame.error:  # no vsync from this driver: SDL's clock paces instead
            surface = pygame.display.set_mode(drawn, flags)
    for warning in caught:
        log.info("scaling %dx%d to the screen: %s (SDL)", *drawn, warning.message)
    return surface


class DisplayWatch:
    """Notices a screen that changed size and hands back a display at the new size, so the
    show is laid out again instead of stretched or cut: a TV switched off and on that
    renegotiates HDMI (sometimes falling back to 1024×768), a window staff resize.

    SDL reports the change as an event; in fullscreen the desktop size is also compared
    every `CHECK_EVERY` seconds (one cheap SDL call), for drivers that send no event.
    """

    CHECK_EVERY = 2.0
    EVENTS = ("VIDEORESIZE", "WINDOWSIZECHANGED", "WINDOWRESIZED", "WINDOWDISPLAYCHANGED")

    def __init__(self, pygame, options: Options, screen, render="native") -> None:
        self.pygame = pygame
        self.options = options
        self.render = render
        # the screen the show fills; a scaled surface differs from it (SDL scales, also
        # when staff resize a scaled window), a native one is the screen
        shown = screen_size(pygame, options.windowed, options.size)
        self.scaled = screen.get_size() != shown  # also False after a scaled fallback
        self.size = shown if self.scaled else screen.get_size()
        self.events = {getattr(pygame, name) for name in self.EVENTS if hasattr(pygame, name)}
        self.follow_desktop = not options.windowed and options.size is None
        self.since_check = 0.0
        self.changed = False

    def event(self, event) -> None:
        if event.type in self.events:
            self.changed = True

    def poll(self, dt: float):
        """A new display surface when the size changed since the last call, else None."""
        pygame = self.pygame
        self.since_check += dt
        wanted = None
        if self.follow_desktop and (self.changed or self.since_check >= self.CHECK_EVERY):
            self.since_check = 0.0
            desktop = tuple(pygame.display.get_desktop_sizes()[0])
            if desktop != self.size:
                wanted = desktop
        if self.changed and wanted is None and not self.scaled:
            surface = pygame.display.get_surface()
            if surface is not None and surface.get_size() != self.size:
                wanted = surface.get_size()
        self.changed = False
        if wanted is None:
            return None
        log.info("display changed from %dx%d to %dx%d: laying the show out again",
                 *self.size, *wanted)
        screen = open_display(pygame, self.options.windowed, wanted, self.render)
        self.scaled = screen.get_size() != wanted
        self.size = wanted if self.scaled else screen.get_size()
        return screen
