"""A real headless Chromium for tests, driven through chromedriver's W3C HTTP API with
urllib (no selenium): open a page, run a script in it, read its console, print it.

`page_problems` is the check a page must pass: no SEVERE browser log entry (console
errors, failed loads — chromedriver 156 answers `POST /session/{id}/se/log`; older ones
`/log`) and no resource fetched at all (a self-contained page loads nothing)."""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]
START_SECONDS = 20.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Chromium:
    """chromedriver on a free port with one browser session; `close` ends both."""

    def __init__(self, driver: str, browser: str | None, profile: Path) -> None:
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.session: str | None = None
        try:
            self._wait_ready()
            options = {"args": [*ARGS, f"--user-data-dir={profile}"]}
            if browser:
                options["binary"] = browser
            value = self._call("POST", "/session", {"capabilities": {"alwaysMatch": {
                "browserName": "chrome", "goog:chromeOptions": options,
                "goog:loggingPrefs": {"browser": "ALL"}}}})
            self.session = value["sessionId"]
        except BaseException:
            self.close()
            raise

    def _wait_ready(self) -> None:
        end = time.monotonic() + START_SECONDS
        while True:
            try:
                if self._call("GET", "/status").get("ready"):
                    return
            except (OSError, ValueError):
                pass
            if self.proc.poll() is not None or time.monotonic() > end:
                raise RuntimeError(f"chromedriver did not start (exit {self.proc.poll()})")
            time.sleep(0.05)

    def _call(self, method: str, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return json.load(answer)["value"]
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")[:500]
            raise RuntimeError(f"{method} {path}: HTTP {exc.code}: {detail}") from None

    def _session(self, method: str, path: str, body: dict | None = None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def open(self, url: str) -> None:
        self._session("POST", "/url", {"url": url})

    def script(self, source: str, *args):
        return self._session("POST", "/execute/sync", {"script": source, "args": list(args)})

    def browser_log(self) -> list[dict]:
        """The console entries since the last call (the driver hands each out once)."""
        try:
            return self._session("POST", "/se/log", {"type": "browser"})
        except RuntimeError as exc:
            if "HTTP 404" not in str(exc):
                raise
            return self._session("POST", "/log", {"type": "browser"})

    def page_problems(self) -> list[str]:
        """Console errors and failed loads, and anything the page fetched at all."""
        problems = [f"{e['level']} {e.get('source', '')}: {e['message']}"
                    for e in self.browser_log() if e["level"] == "SEVERE"]
        fetched = self.script("return performance.getEntriesByType('resource')"
                              ".map(e => e.name)")
        problems += [f"fetched {url}" for url in fetched]
        return problems

    def print_pdf(self) -> bytes:
        """The page printed on A4 (W3C print), as PDF bytes."""
        data = self._session("POST", "/print", {"page": {"width": 21.0, "height": 29.7},
                                                "background": True})
        return base64.b64decode(data)

    def close(self) -> None:
        try:
            if self.session is not None:
                self._call("DELETE", f"/session/{self.session}")
        except (OSError, RuntimeError):
            pass
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
