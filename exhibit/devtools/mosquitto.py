"""A Mosquitto of our own on loopback, for the platform tests and benches.

Debian's `mosquitto` with a config file in a temp dir: a free port on 127.0.0.1, optional
per-user passwords (`mosquitto_passwd`) and optional TLS with a throwaway CA and server
certificate made by `openssl`. `stop`/`kill` and `start` keep the port, as a broker
restarted by its service would. Started as root, mosquitto would drop to its own user, who
cannot read the temp dir, so it is told to stay the user it is.
"""

from __future__ import annotations

import getpass
import shutil
import socket
import subprocess
import time
from pathlib import Path

APT = "sudo apt install mosquitto mosquitto-clients openssl"


def missing() -> list[str]:
    """The tools this needs that are not installed."""
    return [tool for tool in ("mosquitto", "mosquitto_passwd", "openssl")
            if shutil.which(tool) is None]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificates(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path, Path]:
    """A CA and a server certificate for `host` signed by it: (ca.crt, server.crt, .key)."""
    ca_key, ca = folder / "ca.key", folder / "ca.crt"
    key, csr, cert = folder / "server.key", folder / "server.csr", folder / "server.crt"
    ext = folder / "server.ext"
    ext.write_text(f"subjectAltName=IP:{host},DNS:localhost\n")
    for args in (
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca,
         "-days", "2", "-subj", "/CN=Sensorik test CA"],
        ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr,
         "-subj", f"/CN={host}"],
        ["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
         "-out", cert, "-days", "2", "-extfile", ext],
    ):
        subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True)
    return ca, cert, key


class Mosquitto:
    """Debian's mosquitto on 127.0.0.1 and a free port, with a config of its own."""

    def __init__(self, folder: Path, users: dict[str, str] | None = None,
                 tls: bool = False) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.port = free_port()
        self.users = dict(users or {})
        self.ca_file: Path | None = None
        lines = [f"listener {self.port} 127.0.0.1", "persistence false",
                 f"user {getpass.getuser()}"]
        if tls:
            self.ca_file, cert, key = make_certificates(folder)
            lines += [f"cafile {self.ca_file}", f"certfile {cert}", f"keyfile {key}"]
        if self.users:  # per-exhibit credentials, as the README's "What to secure" advises
            passwd = folder / "passwd"
            passwd.write_text("")
            for user, password in self.users.items():
                subprocess.run(["mosquitto_passwd", "-b", str(passwd), user, password],
                               check=True, capture_output=True)
            lines += ["allow_anonymous false", f"password_file {passwd}"]
        else:
            lines.append("allow_anonymous true")
        self.conf = folder / "mosquitto.conf"
        self.conf.write_text("\n".join(lines) + "\n")
        self.log = folder / "mosquitto.log"
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"{'mqtts' if self.ca_file else 'mqtt'}://127.0.0.1:{self.port}"

    def start(self, timeout: float = 10.0) -> Mosquitto:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(["mosquitto", "-c", str(self.conf)],
                                         stdout=log, stderr=subprocess.STDOUT)
        end = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mosquitto ended: {self.log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return self
            except OSError:
                if time.monotonic() > end:
                    raise RuntimeError(f"mosquitto not listening after {timeout} s") from None
                time.sleep(0.02)

    def stop(self) -> None:
        """End it as its service would (SIGTERM)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def kill(self) -> None:
        """Pull its plug (SIGKILL): no goodbye to any client."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def publish(self, topic: str, payload: str | bytes, retain: bool = False) -> None:
        """One message at QoS 1, as the first user when there are users."""
        from paho.mqtt import publish

        auth = None
        if self.users:
            user, password = next(iter(self.users.items()))
            auth = {"username": user, "password": password}
        tls = {"ca_certs": str(self.ca_file)} if self.ca_file else None
        publish.single(topic, payload, qos=1, retain=retain, hostname="127.0.0.1",
                       port=self.port, auth=auth, tls=tls)

    def __enter__(self) -> Mosquitto:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.kill()
