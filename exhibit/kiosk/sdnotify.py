"""systemd's notify protocol in a few lines, so the show needs no extra package.

`sd_notify(3)`: one datagram of `KEY=VALUE` lines to the AF_UNIX socket named in
`$NOTIFY_SOCKET` (a leading '@' means Linux's abstract namespace). Without the variable,
outside systemd, every call is a no-op; a failed send never raises (the show goes on).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping


class Notifier:
    """Sends state lines (`READY=1`, `WATCHDOG=1`, `STOPPING=1`) to systemd, if asked to."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        if address.startswith("@"):
            address = "\0" + address[1:]
        self.address = address or None
        self.watchdog_seconds = watchdog_seconds(env)

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def send(self, state: str) -> bool:
        """True when the datagram left; False without a socket or when it could not."""
        if self.address is None:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.connect(self.address)
                sock.sendall(state.encode())
        except OSError:
            return False
        return True


def watchdog_seconds(environ: Mapping[str, str]) -> float | None:
    """`WatchdogSec=` as systemd passes it (`WATCHDOG_USEC`), meant for this process when
    `WATCHDOG_PID` is absent or names it (as `sd_watchdog_enabled` checks); else None."""
    try:
        usec = int(environ.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    pid = environ.get("WATCHDOG_PID")
    if usec <= 0 or (pid and pid != str(os.getpid())):
        return None
    return usec / 1_000_000
