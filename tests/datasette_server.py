"""A running `nachlese serve` for tests: start it on a free port, fetch pages and rows, stop it with Ctrl-C."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from tests.conftest import ROOT

START_TIMEOUT_S = 60


@dataclass
class Server:
    """A running `nachlese serve`: its process and the database page URL it printed."""

    process: subprocess.Popen[str]
    url: str  # http://127.0.0.1:PORT/DBNAME
    stdout_lines: queue.Queue[str]  # what it printed after the first line, filled while it runs

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT``: the base of the root-relative links in its pages."""
        parts = urllib.parse.urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    def follow(self, href: str) -> tuple[int, bytes]:
        """GET a link as a page gives it (root-relative or absolute); (status, body)."""
        try:
            with urllib.request.urlopen(urllib.parse.urljoin(self.origin, href), timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def printed(self) -> str:
        """Everything it printed on stdout after the URL line so far."""
        lines = []
        while not self.stdout_lines.empty():
            lines.append(self.stdout_lines.get_nowait())
        return "".join(lines)

    def get(self, path: str, **params: str) -> tuple[int, bytes]:
        """GET url + path with query parameters; (status, body), HTTP errors included."""
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        try:
            with urllib.request.urlopen(self.url + path + query, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def rows(self, path: str, **params: str) -> list[dict[str, Any]]:
        """The rows of a table, view or canned query as JSON objects (asserts HTTP 200)."""
        status, body = self.get(f"{path}.json", _shape="objects", **params)
        assert status == 200, body[:2000]
        return list(json.loads(body)["rows"])


def start_server(database_url: str, *extra: str) -> Server:
    """Start `nachlese serve --port 0`, read the URL it prints, wait until it answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "nachlese.cli", "serve", "--db", database_url, "--port", "0", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    lines: queue.Queue[str] = queue.Queue()
    stdout = process.stdout
    assert stdout is not None

    def read_lines() -> None:
        for line in stdout:
            lines.put(line)

    threading.Thread(target=read_lines, daemon=True).start()
    try:
        first = lines.get(timeout=START_TIMEOUT_S)
    except queue.Empty:
        process.kill()
        raise AssertionError(f"nachlese serve printed nothing:\n{process.communicate()[1][-3000:]}") from None
    assert first.startswith("Serving "), first
    server = Server(process, first.split()[-1], lines)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            if server.get(".json")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    raise AssertionError(f"nachlese serve did not answer at {server.url}")


def stop(server: Server) -> tuple[int, str]:
    """Ctrl-C the server; its exit status and what it wrote to stderr."""
    server.process.send_signal(signal.SIGINT)
    try:
        _, stderr = server.process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        raise AssertionError("nachlese serve did not stop on Ctrl-C") from None
    return server.process.returncode, stderr
