"""A local HTTP server that misbehaves on purpose: errors, timeouts, resets, truncation, redirect loops, bombs."""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

ARTICLE = """<html><head><meta charset="iso-8859-1"><title>{title} - Testsite</title></head><body>
<table width="760"><tr><td width="150"><a href="/">Startseite</a></td><td>
<h1>{title}</h1><p><b>23. November 2007</b></p>
{paragraphs}
</td></tr></table></body></html>"""

#: Sentences the article bodies are drawn from; each page gets its own selection, so that site-level
#: boilerplate learning does not (rightly) remove text repeated on every page.
SENTENCES = [
    "Die Wirtschaftsförderung in {town} hat am Montag neue Zahlen vorgelegt.",
    "Demnach ist die Zahl der Beschäftigten in {town} im vergangenen Jahr um {n} Prozent gestiegen.",
    "Geschäftsführer Klaus Wurpts sprach von einem guten Jahr für die Unternehmen in {town}.",
    "Besonders die Häfen hätten vom wachsenden Umschlag profitiert, sagte er in {town}.",
    "Für das kommende Jahr erwartet die Verwaltung in {town} eine ähnliche Entwicklung.",
    "Risiken sieht sie vor allem bei den Energiepreisen und beim Fachkräftemangel in {town}.",
    "Der Rat der Stadt {town} will im Frühjahr über ein neues Gewerbegebiet von {n} Hektar beraten.",
    "Mehr als {n} Betriebe aus {town} und Umgebung haben sich an der Umfrage beteiligt.",
]
TOWNS = ["Leer", "Emden", "Papenburg", "Aurich", "Norden", "Weener", "Bunde", "Haren"]

LINKS = [
    "/ok", "/flaky-500", "/always-503", "/slow", "/reset", "/truncated", "/redirect-1", "/loop-a",
    "/offsite-redirect", "/gzip-bomb", "/not-found",
]


def article(title: str) -> bytes:
    """An article page whose body text is particular to its title."""
    seed = sum(title.encode("latin-1"))
    town = TOWNS[seed % len(TOWNS)]
    paragraphs = []
    for index in range(4):
        picked = [SENTENCES[(seed + index * 3 + k) % len(SENTENCES)] for k in range(3)]
        text = " ".join(sentence.format(town=town, n=seed % 50 + index + k) for k, sentence in enumerate(picked))
        paragraphs.append(f"<p>{title}, Teil {index + 1}: {text}</p>")
    return ARTICLE.format(title=title, paragraphs="\n".join(paragraphs)).encode("latin-1")


class FaultyHandler(BaseHTTPRequestHandler):
    """Serves the pages named in LINKS, each failing in its own way."""

    hits: ClassVar[Counter[str]] = Counter()
    slow_seconds: ClassVar[float] = 4.0

    def log_message(self, format: str, *args: object) -> None:
        return

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "text/html; charset=iso-8859-1", **(headers or {})}.items():
            self.send_header(name, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.hits[path] += 1
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})
        elif path == "/":
            links = "".join(f'<a href="{link}">{link}</a><br>' for link in LINKS)
            self._send(200, f"<html><body><h1>Index</h1>{links}</body></html>".encode())
        elif path in {"/ok", "/redirect-target"}:
            self._send(200, article("Gute Seite" if path == "/ok" else "Ziel der Weiterleitung"))
        elif path == "/flaky-500":
            if self.hits[path] <= 2:
                self._send(500, b"Internal Server Error")
            else:
                self._send(200, article("Wackelige Seite"))
        elif path == "/always-503":
            self._send(503, b"Service Unavailable", {"Retry-After": "0"})
        elif path == "/slow":
            time.sleep(self.slow_seconds)
            self._send(200, article("Langsame Seite"))
        elif path == "/reset":
            self.connection.shutdown(2)
            self.close_connection = True
        elif path == "/truncated":
            body = article("Abgeschnittene Seite")
            self._send(200, body[:200], {"Content-Length": str(len(body))})
            self.close_connection = True
        elif path.startswith("/redirect-"):
            step = int(path.rsplit("-", 1)[1])
            target = "/redirect-target" if step >= 3 else f"/redirect-{step + 1}"
            self._send(301, b"", {"Location": target})
        elif path == "/loop-a":
            self._send(302, b"", {"Location": "/loop-b"})
        elif path == "/loop-b":
            self._send(302, b"", {"Location": "/loop-a"})
        elif path == "/offsite-redirect":
            self._send(302, b"", {"Location": "http://offsite.invalid/elsewhere"})
        elif path == "/gzip-bomb":
            body = gzip.compress(b" " * (8 * 1024 * 1024))
            self._send(200, body, {"Content-Encoding": "gzip"})
        else:
            self._send(404, b"Not Found")


@contextmanager
def serve_handler(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Run a request handler on a random 127.0.0.1 port; yields the server's base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_faulty_site() -> Iterator[str]:
    """Run the faulty server on a random 127.0.0.1 port; yields its base URL."""
    FaultyHandler.hits.clear()
    with serve_handler(FaultyHandler) as url:
        yield url
