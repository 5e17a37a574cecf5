"""Frontier URL hygiene: session ids and tracking parameters dropped, date-shaped traps recognised."""

from __future__ import annotations

import pytest

from crawler import settings
from crawler.urls import clean_url, date_pattern

DROP = settings.NACHLESE_DROP_QUERY_PARAMS


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
    assert clean_url(url, DROP) == expected


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
