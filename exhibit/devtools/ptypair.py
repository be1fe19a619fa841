"""A pseudo-terminal pair standing in for a board's USB serial port: the soak and the tests
write to the master side, the app opens the slave by its path; closing both is pulling the
cable."""

from __future__ import annotations

import fcntl
import os
import select
import sys
import termios


class Pty:
    """A pseudo-terminal pair; the app opens the slave by its path (or a link to it)."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        self.path = os.ttyname(self.slave)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def pending(self) -> int:
        """Bytes written but not yet read by the app."""
        buf = fcntl.ioctl(self.slave, termios.FIONREAD, b"\0\0\0\0")
        return int.from_bytes(buf, sys.byteorder)

    def discard_input(self) -> None:
        """Read what the app wrote to the board (the `?` hello query) so it never fills."""
        while select.select([self.master], [], [], 0)[0]:
            try:
                if not os.read(self.master, 4096):
                    return
            except OSError:
                return

    def close(self) -> None:
        for fd in (self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass
