"""Sitemaps and feeds are read safely: URLs out, no entity expansion, size caps on compressed bodies."""

from __future__ import annotations

import gzip

import pytest

from crawler.feeds import FeedTooLargeError, sitemaps_from_robots, urls_from_xml

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://a.de/news/artikel.php?id=1</loc><lastmod>2007-11-23</lastmod></url>
<url><loc>http://a.de/news/artikel.php?id=2</loc></url></urlset>"""

RSS = """<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Wirtschaft</title>
<link>http://a.de/</link><item><title>Über den Hafen</title><link>http://a.de/news/artikel.php?id=3</link>
<guid isPermaLink="false">id-3</guid></item></channel></rss>""".encode("latin-1")

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<link rel="self" href="http://a.de/atom.xml"/><entry><title>t</title><link href="http://a.de/a/4.html"/></entry></feed>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<urlset><url><loc>http://a.de/&lol4;</loc></url></urlset>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>http://a.de/&xxe;</loc></url></urlset>"""


@pytest.mark.parametrize(
    ("body", "kind", "urls"),
    [
        (SITEMAP, "urlset", ["http://a.de/news/artikel.php?id=1", "http://a.de/news/artikel.php?id=2"]),
        (gzip.compress(SITEMAP), "urlset", ["http://a.de/news/artikel.php?id=1", "http://a.de/news/artikel.php?id=2"]),
        (RSS, "feed", ["http://a.de/", "http://a.de/news/artikel.php?id=3"]),
        (ATOM, "feed", ["http://a.de/a/4.html"]),
        (b"<html><body>not xml", "unknown", []),
    ],
)
def test_urls_from_xml(body: bytes, kind: str, urls: list[str]) -> None:
    assert urls_from_xml(body) == (kind, urls)


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entities_are_never_expanded(body: bytes) -> None:
    _kind, urls = urls_from_xml(body)
    assert all(len(url) < 100 and "root:" not in url and "lollol" not in url for url in urls)


def test_gzip_bomb_is_capped() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    with pytest.raises(FeedTooLargeError):
        urls_from_xml(bomb, limit=1_000_000)


def test_sitemaps_from_robots() -> None:
    robots = b"User-agent: *\nDisallow: /intern/\nSitemap: http://a.de/sitemap.xml\nsitemap:http://a.de/s2.xml.gz\n"
    assert sitemaps_from_robots(robots) == ["http://a.de/sitemap.xml", "http://a.de/s2.xml.gz"]
