"""Why a broker cannot be reached, in one sentence staff can act on.

paho-mqtt reports a failed connect attempt without its reason (`on_connect_fail` gets no
exception), so "not reachable" would cover a typo in the host, a stopped broker, a firewall
and a certificate the exhibit does not trust alike. When an attempt fails, the publisher and
the MQTT source ask `why_unreachable` once: it opens the same TCP (and TLS) connection
itself and names what went wrong. Standard library only.
"""

from __future__ import annotations

import socket
import ssl

TIMEOUT = 3.0
# CONNACK reason codes that mean "wrong or missing credentials": MQTT 3.1.1's 4 (bad user
# name or password) and 5 (not authorized), MQTT 5's 134 and 135 (the same two)
LOGIN_REFUSED = frozenset({4, 5, 134, 135})


def why_unreachable(host: str, port: int, tls: bool, ca_file: str | None = None,
                    cert_file: str | None = None, key_file: str | None = None,
                    timeout: float = TIMEOUT) -> tuple[str, str]:
    """(kind, reason): kind is "tls", "network" or "" when the connection opens now."""
    try:
        sock = socket.create_connection((host, port), timeout)
    except socket.gaierror:
        return "network", f"the host name {host} is not known"
    except ConnectionRefusedError:
        return "network", f"nothing listens on {host}:{port} (connection refused)"
    except TimeoutError:
        return "network", f"no answer from {host}:{port} within {timeout:g} s"
    except OSError as exc:
        return "network", f"{host}:{port}: {exc.strerror or exc}"
    with sock:
        if not tls:
            return "", ""
        try:
            context = ssl.create_default_context(cafile=ca_file)
            if cert_file:
                context.load_cert_chain(cert_file, key_file)
        except (OSError, ssl.SSLError) as exc:
            return "tls", f"the TLS files cannot be used ({exc})"
        try:
            with context.wrap_socket(sock, server_hostname=host):
                return "", ""
        except ssl.SSLCertVerificationError as exc:
            return "tls", (f"TLS: the broker's certificate is not trusted "
                           f"({exc.verify_message})")
        except ssl.SSLError as exc:
            return "tls", f"TLS handshake failed ({exc.reason or exc})"
        except OSError as exc:
            return "tls", f"TLS handshake failed ({exc.strerror or exc})"
