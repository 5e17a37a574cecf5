"""New articles are found through sitemaps (robots.txt Sitemap lines) and RSS/Atom feeds, not only links."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.faulty_server import article, serve_handler

PAGES: dict[str, tuple[str, bytes]] = {
    "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /intern/\nSitemap: /karte.xml\n"),
    "/": ("text/html; charset=iso-8859-1", b"<html><head><title>Start</title>"
          b'<link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>'
          b'<body><h1>Start</h1><a href="/verlinkt">Verlinkt</a></body></html>'),
    "/karte.xml": ("application/xml", b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                   b"<url><loc>{base}aus-karte-gemeldet</loc></url></urlset>"),
    "/rss.xml": ("application/rss+xml", b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                 b"<item><title>t</title><link>{base}aus-rss-gemeldet</link></item></channel></rss>"),
    "/verlinkt": ("text/html; charset=iso-8859-1", article("Verlinkte Meldung")),
    "/aus-karte-gemeldet": ("text/html; charset=iso-8859-1", article("Meldung aus der Sitemap")),
    "/aus-rss-gemeldet": ("text/html; charset=iso-8859-1", article("Meldung aus dem Feed")),
}


class Handler(BaseHTTPRequestHandler):
    """Serves PAGES; the sitemap and feed name absolute URLs of this server."""

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        host, port = self.server.server_address[:2]
        page = PAGES.get(self.path)
        if page is None:
            self.send_response(404)
            self.end_headers()
            return
        content_type, body = page
        body = body.replace(b"{base}", f"http://{host!s}:{port}/".encode())
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def discovery_site() -> Iterator[str]:
    with serve_handler(Handler) as url:
        yield url


def test_sitemap_and_feed_articles_are_crawled(discovery_site: str, tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite"
    run_cli("crawl", discovery_site, "--db", f"sqlite:///{database}", "--delay", "0", "--no-entities")
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT canonical_url FROM articles")
        articles = {row[0].removeprefix(discovery_site) for row in rows}
        pages = {row[0].removeprefix(discovery_site) for row in connection.execute("SELECT url FROM pages")}
    assert {"verlinkt", "aus-karte-gemeldet", "aus-rss-gemeldet"} <= articles
    assert "karte.xml" not in pages and "rss.xml" not in pages  # discovery documents are not stored as pages
