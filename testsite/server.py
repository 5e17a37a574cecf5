"""Serve a synthetic benchmark site on 127.0.0.1 (random port): robots.txt allowing all, ETag, Last-Modified."""

from __future__ import annotations

import argparse
import contextlib
import logging
import threading
from collections import Counter
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Protocol, Self

from nachlese.demo_server import HitCounter, send_answer

__all__ = ["PageSource", "ServedPage", "SiteServer"]

logger = logging.getLogger(__name__)

ROBOTS_TXT = b"User-agent: *\nDisallow:\n"
MISSING_KEPT = 20


class ServedPage(Protocol):
    """What the server needs of a page (``sitegen.Page`` has it)."""

    @property
    def body(self) -> bytes: ...
    @property
    def last_modified(self) -> datetime: ...
    @property
    def charset_in_header(self) -> bool: ...
    @property
    def etag(self) -> str: ...


class PageSource(Protocol):
    """Renders the page at a path with query, or None for a 404 (``sitegen.Site`` is one)."""

    def render(self, target: str) -> ServedPage | None: ...


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], source: PageSource) -> None:
        super().__init__(address, _Handler)
        self.source = source
        self.counts: Counter[str] = Counter()
        self.hits = HitCounter()
        self.missing: list[str] = []  # the first MISSING_KEPT paths answered with 404
        self.lock = threading.Lock()

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """A client that hangs up mid-request (a crawl being stopped) is no error worth a traceback."""
        logger.debug("request from %s ended early", client_address, exc_info=True)

    def count(self, what: str, path: str | None = None) -> None:
        with self.lock:
            self.counts[what] += 1
            if path is not None and len(self.missing) < MISSING_KEPT:
                self.missing.append(path)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the Apache of the time
    server: _Server
    server_version = "Apache/2.0.63 (Unix)"

    def version_string(self) -> str:
        return self.server_version

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        self._respond(head=False)

    def _send(self, status: int, body: bytes, headers: dict[str, str], *, head: bool) -> None:
        send_answer(self, status, body, headers, with_body=not head)

    def _respond(self, *, head: bool) -> None:
        self.server.hits.count(self.path)
        if self.path == "/robots.txt":
            self.server.count("robots")
            self._send(200, ROBOTS_TXT, {"Content-Type": "text/plain"}, head=head)
            return
        page = self.server.source.render(self.path)
        if page is None:
            self.server.count("missing", self.path)
            self._send(404, b"<html><body><h1>Not Found</h1></body></html>",
                       {"Content-Type": "text/html; charset=iso-8859-1"}, head=head)
            return
        headers = {
            "Content-Type": "text/html; charset=ISO-8859-1" if page.charset_in_header else "text/html",
            "ETag": page.etag,
            "Last-Modified": format_datetime(page.last_modified, usegmt=True),
        }
        if self._not_modified(page):
            self.server.count("not_modified")
            self._send(304, b"", headers, head=head)
            return
        self.server.count("pages")
        self._send(200, page.body, headers, head=head)

    def _not_modified(self, page: ServedPage) -> bool:
        """True when the request's validators (If-None-Match first, else If-Modified-Since) match."""
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            return page.etag in {tag.strip() for tag in tags.split(",")} or tags.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return page.last_modified <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s " + format, self.address_string(), *args)


class SiteServer:
    """A page source served on a background thread; use as a context manager.

    ``counts`` tells how many requests were answered: ``pages`` (200), ``not_modified`` (304),
    ``missing`` (404) and ``robots``.
    """

    def __init__(self, source: PageSource, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = _Server((host, port), source)
        self._thread = threading.Thread(target=self._server.serve_forever, name="bench-site", daemon=True)

    @property
    def url(self) -> str:
        """The start URL, e.g. ``http://127.0.0.1:41234/``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def counts(self) -> Counter[str]:
        """Requests answered so far, by outcome (a copy)."""
        with self._server.lock:
            return Counter(self._server.counts)

    @property
    def hits(self) -> Counter[str]:
        """Requests answered so far, per path and query as sent (a copy)."""
        return self._server.hits.snapshot()

    @property
    def missing(self) -> list[str]:
        """The first paths the site had no page for (a copy)."""
        with self._server.lock:
            return list(self._server.missing)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def main() -> None:
    """`python -m testsite.server --pages N`: serve a site until interrupted."""
    from testsite.sitegen import DEFAULT_SEED, Site  # noqa: PLC0415 - only the command line needs it

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000, help="pages of the site (default: 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    args = parser.parse_args()
    with SiteServer(Site(args.pages, seed=args.seed), port=args.port) as server:
        print(f"serving {args.pages} pages at {server.url} (Ctrl-C ends)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
