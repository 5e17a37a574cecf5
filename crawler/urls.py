"""Frontier traps: date-shaped URLs (calendars, day archives) by their shape. URL cleaning is extract.urls."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

_DATE_VALUE = re.compile(r"(?:19|20)\d\d(?:[-/._]?(?:0?[1-9]|1[0-2]))(?:[-/._]?\d{1,2})?$")
_DATE_PATH = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])(?:/|$)")
_DIGITS = re.compile(r"\d+")


def date_pattern(url: str) -> str | None:
    """The URL's shape when it carries a date-like value (calendar, day archive), else None.

    >>> date_pattern("http://a.de/kalender.php?monat=2007-11")
    'a.de/kalender.php?monat=#'
    >>> date_pattern("http://a.de/news/artikel.php?id=12") is None
    True
    """
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    dated = any(_DATE_VALUE.match(value) for _, value in query) or bool(_DATE_PATH.search(parts.path))
    if not dated:
        return None
    keys = "&".join(f"{key}=#" for key, _ in sorted(query))
    shape = _DIGITS.sub("#", parts.netloc + parts.path)
    return shape + ("?" + keys if keys else "")
