"""The benchmark's synthetic site: deterministic, ISO-8859-1, fully linked, 80/20 German/English, served right."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import deque
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import lxml.html
import pytest

from crawler import settings
from testsite.server import SiteServer
from testsite.sitegen import ENCODING, MAX_WORDS, MIN_WORDS, Site

PAGES = 30
BASE = "http://bench.invalid/"
META_CHARSET = re.compile(rb'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', re.I)
GERMAN_WORDS = re.compile(r"\b(der|die|das|und|nicht|sich|mit)\b")
ENGLISH_WORDS = re.compile(r"\b(the|and|of|to|with|from|has)\b")


@pytest.fixture(scope="module")
def site() -> Site:
    return Site(PAGES)


def body_of(site: Site, target: str) -> bytes:
    """The bytes of a page that must exist."""
    page = site.render(target)
    assert page is not None, f"no page at {target}"
    return page.body


def on_site_links(body: bytes, target: str) -> set[str]:
    """Path-and-query of every <a href> on the page that stays on the site (javascript: links left out)."""
    tree = lxml.html.document_fromstring(body)
    found = set()
    for href in tree.xpath("//a/@href"):
        url = urljoin(BASE + target.lstrip("/"), href)
        parts = urlsplit(url)
        if parts.scheme == "http" and parts.netloc == urlsplit(BASE).netloc:
            found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl_depths(site: Site, start: str = "/", *, only: re.Pattern[str] | None = None) -> dict[str, int]:
    """Breadth-first link depth of every page reachable from ``start`` (optionally only matching targets)."""
    depths = {start: 0}
    queue = deque([start])
    while queue:
        target = queue.popleft()
        page = site.render(target)
        assert page is not None, f"dead link to {target}"
        for link in on_site_links(page.body, target):
            if link not in depths and (only is None or only.search(link)):
                depths[link] = depths[target] + 1
                queue.append(link)
    return depths


def test_the_site_has_exactly_the_pages_asked_for(site: Site) -> None:
    assert len(site.targets()) == PAGES
    assert len(set(site.targets())) == PAGES
    assert all(len(Site(n).targets()) == n for n in range(10, 60))


def test_generation_is_deterministic(site: Site) -> None:
    again = Site(PAGES)
    for target in site.targets():
        first, second = site.render(target), again.render(target)
        assert first is not None and second is not None
        assert first.body == second.body, target
    other_seed = Site(PAGES, seed=1)
    assert any(body_of(site, t) != body_of(other_seed, t) for t in site.targets())


def test_pages_are_latin1_and_declare_it(site: Site) -> None:
    umlaut_pages = 0
    for target in site.targets():
        page = site.render(target)
        assert page is not None
        assert META_CHARSET.search(page.body), target
        text = page.body.decode(ENCODING)  # never fails for latin-1; the point is the bytes below
        assert "Ã" not in text, f"UTF-8 bytes in {target}"
        try:
            page.body.decode("utf-8")
        except UnicodeDecodeError:
            umlaut_pages += 1
    assert umlaut_pages >= PAGES * 0.8  # real ISO-8859-1 bytes (ä = 0xE4), not UTF-8 or ASCII only


def test_every_page_is_reachable_from_the_start_page(site: Site) -> None:
    depths = crawl_depths(site)
    assert set(depths) == set(site.targets())
    assert max(depths.values()) < settings.DEPTH_LIMIT


@pytest.mark.slow
def test_archive_pagination_keeps_a_large_site_shallow() -> None:
    large = Site(10_000)
    depths = crawl_depths(large, only=re.compile(r"^/(archiv\.php|$)"))
    assert len(depths) == large.listings + 1
    assert max(depths.values()) + 1 < settings.DEPTH_LIMIT  # +1: the articles a listing links to


def test_german_and_english_articles_are_80_20(site: Site) -> None:
    languages = {"de": 0, "en": 0}
    for number in range(1, site.articles + 1):
        meta = site.article(number)
        page = site.render(meta.target)
        assert page is not None and page.kind == "article" and page.language == meta.language
        body = " ".join(site.body_paragraphs(number))
        german, english = len(GERMAN_WORDS.findall(body)), len(ENGLISH_WORDS.findall(body))
        assert (german > 3 * english) if meta.language == "de" else (english > 3 * german), meta.target
        languages[meta.language] += 1
    assert languages["en"] / site.articles == pytest.approx(0.2, abs=0.02)


def test_articles_have_the_designed_length_and_print_their_date(site: Site) -> None:
    for number in range(1, site.articles + 1):
        meta = site.article(number)
        words = len(meta.lead.split()) + sum(len(p.split()) for p in site.body_paragraphs(number))
        assert MIN_WORDS <= words <= MAX_WORDS, (meta.target, words)
        page = site.render(meta.target)
        assert page is not None
        text = lxml.html.document_fromstring(page.body).text_content()
        assert meta.published_raw in text
        assert meta.title in text


def test_translations_link_each_other(site: Site) -> None:
    linked = [(n, other) for n in range(1, site.articles + 1) if (other := site.article(n).translation) is not None]
    assert linked
    for number, other in linked:
        assert site.article(other).translation == number
        target = site.article(number).target
        assert site.article(other).target in on_site_links(body_of(site, target), target)


def test_server_answers_robots_validators_and_404(site: Site) -> None:
    with SiteServer(site) as server:
        robots = RobotFileParser(server.url + "robots.txt")
        robots.read()
        assert robots.can_fetch("nachlese", server.url + "meldung.php?id=1")
        with urllib.request.urlopen(server.url + "meldung.php?id=1") as response:
            assert response.headers["Content-Type"] == "text/html; charset=ISO-8859-1"
            etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
            assert response.read() == body_of(site, "/meldung.php?id=1")
        assert etag and modified
        for validator in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
            request = urllib.request.Request(server.url + "meldung.php?id=1", headers=validator)
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(request)
            assert answer.value.code == 304
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(server.url + "meldung.php?id=99999")
        assert missing.value.code == 404
        assert server.counts == {"robots": 1, "pages": 1, "not_modified": 2, "missing": 1}
