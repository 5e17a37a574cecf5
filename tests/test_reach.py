"""Reach: <select> menus whose option values are pages, image maps, frames, and the site's old host name."""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse

from crawler.spiders.news import host_aliases, option_links, with_host_alias
from nachlese.commands.crawl import parse_host_aliases
from nachlese.errors import UsageError
from tests.conftest import run_cli

MENU = b"""<html><body><form><select name="jahr" onchange="parent.info.location=this.value">
<option value="">Schuljahr w\xe4hlen</option><option value="79/79_mbr.htm">1979/80</option>
<option value="../80/fahr_idx.htm">Lehrfahrten</option><option value="3">drei</option>
<option value="http://www.old-name.de/news.htm">News</option></select></form>
<map name="m"><area href="team.htm" shape="rect" coords="0,0,10,10"></map></body></html>"""


def test_option_values_that_name_pages_are_links() -> None:
    response = HtmlResponse("http://127.0.0.1:8000/int/auswahl.htm", body=MENU, encoding="cp1252")
    assert option_links(response) == ["http://127.0.0.1:8000/int/79/79_mbr.htm",
                                      "http://127.0.0.1:8000/80/fahr_idx.htm", "http://www.old-name.de/news.htm"]


@pytest.mark.parametrize(("url", "expected"), [
    ("http://www.old-name.de/news.htm?id=3", "http://127.0.0.1:8000/news.htm?id=3"),
    ("https://old-name.de/a/b.htm", "http://127.0.0.1:8000/a/b.htm"),
    ("http://elsewhere.org/x.htm", "http://elsewhere.org/x.htm"),
])
def test_links_to_an_old_host_name_lead_to_the_new_host(url: str, expected: str) -> None:
    aliases = host_aliases({"www.old-name.de": "127.0.0.1:8000", "old-name.de": "127.0.0.1:8000"})
    assert with_host_alias(url, aliases) == expected


def test_host_alias_setting_as_text_and_option() -> None:
    assert host_aliases("www.a.de=127.0.0.1:80, a.de=127.0.0.1:80") == {"www.a.de": "127.0.0.1:80",
                                                                       "a.de": "127.0.0.1:80"}
    assert parse_host_aliases(["WWW.A.de=localhost:8080"]) == {"www.a.de": "localhost:8080"}


@pytest.mark.parametrize("value", ["www.a.de", "=new", "http://a.de/=new", "a.de="])
def test_a_malformed_host_alias_is_a_usage_error(value: str) -> None:
    with pytest.raises(UsageError, match="--host-alias"):
        parse_host_aliases([value])


FIXTURE = Path(__file__).resolve().parent / "fixtures" / "reach"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def reach_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(FIXTURE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_crawl_reaches_frames_iframes_image_maps_menus_and_the_old_host(reach_site: str, tmp_path: Path) -> None:
    """From the frameset alone: both frames, the iframe, the <area>, the <select> value and, with
    --host-alias, the absolute link to the site's old host name."""
    database = tmp_path / "reach.sqlite"
    run_cli("crawl", f"http://{reach_site}/index.htm", "--db", f"sqlite:///{database}", "--delay", "0",
            "--no-entities", "--set", "ROBOTSTXT_OBEY=False", "--host-alias", f"www.alter-verein.de={reach_site}")
    with sqlite3.connect(database) as connection:
        fetched = {urlsplit(url).path for (url,) in connection.execute("SELECT url FROM pages WHERE error IS NULL")}
    assert {"/menu.htm", "/start.htm", "/kasten.htm", "/bilder.htm", "/jahr2007.htm", "/aktuell.htm"} <= fetched
