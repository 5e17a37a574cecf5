"""Frontier URL hygiene: session ids and tracking parameters dropped, date-shaped traps recognised."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from crawler.options import default_processor_options
from crawler.spiders.news import raw_links
from crawler.urls import date_pattern
from extract.urls import fetch_url

OPTIONS = default_processor_options().urls  # what crawler/settings.py sets


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://a.de/news/artikel.php?id=3&PHPSESSID=0123456789abcdef0123456789abcdef",
         "http://a.de/news/artikel.php?id=3"),
        ("http://a.de/news/artikel.php?lang=en&id=3", "http://a.de/news/artikel.php?id=3&lang=en"),
        ("http://a.de/x.html?utm_source=feed&utm_medium=rss#comments", "http://a.de/x.html"),
        ("http://a.de/x.jsp;jsessionid=ABC123?id=1", "http://a.de/x.jsp?id=1"),
        ("http://a.de/x.php?sid=77&page=2", "http://a.de/x.php?page=2"),
        ("http://a.de/x.php?id=3", "http://a.de/x.php?id=3"),
    ],
)
def test_clean_url(url: str, expected: str) -> None:
    assert fetch_url(url, OPTIONS) == expected


@pytest.mark.parametrize(
    ("url", "dated"),
    [
        ("http://a.de/kalender.php?monat=2007-11", True),
        ("http://a.de/kalender.php?monat=2031-01", True),
        ("http://a.de/archiv/2007/11/", True),
        ("http://a.de/news/artikel.php?id=12", False),
        ("http://a.de/news/archiv.php?seite=3", False),
        ("http://a.de/", False),
    ],
)
def test_date_pattern_detection(url: str, dated: bool) -> None:
    assert (date_pattern(url) is not None) is dated


def test_calendar_months_share_one_pattern() -> None:
    assert date_pattern("http://a.de/kalender.php?monat=2007-11") == date_pattern(
        "http://a.de/kalender.php?monat=1999-02"
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (b"<title>Anfahrt\n<a href='function.include'>x</a>", ["http://a.de/alt/function.include"]),
        (b"<a href=\"javascript:void(0)\" onclick=\"window.open('druck.php?id=3')\">Drucken</a>",
         ["http://a.de/alt/druck.php?id=3"]),
        (b"<!-- <a href=/alt/alt.html>alt</a> -->", ["http://a.de/alt/alt.html"]),
        (b"<td onclick=\"location.href='/news/artikel.php?id=4&amp;lang=en'\">", ["http://a.de/news/artikel.php?id=4&lang=en"]),
        (b"<a href=\"mailto:x@a.de\">m</a><a href='#top'>t</a>", []),
    ],
)
def test_raw_links_find_targets_parsers_miss(html: bytes, expected: list[str]) -> None:
    response = HtmlResponse("http://a.de/alt/anfahrt.html", body=html, encoding="latin-1")
    assert raw_links(response) == expected
