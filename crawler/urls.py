"""URL hygiene for the frontier: drop session ids and tracking tags, and spot date-shaped URL traps."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from extract.record import PageRecord

_DATE_VALUE = re.compile(r"(?:19|20)\d\d(?:[-/._]?(?:0?[1-9]|1[0-2]))(?:[-/._]?\d{1,2})?$")
_DATE_PATH = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])(?:/|$)")
_DIGITS = re.compile(r"\d+")


def _dropped(key: str, patterns: Iterable[str]) -> bool:
    lowered = key.lower()
    for pattern in patterns:
        wanted = pattern.lower()
        if wanted.endswith("*") and lowered.startswith(wanted[:-1]):
            return True
        if lowered == wanted:
            return True
    return False


def clean_url(url: str, drop_params: Iterable[str] = ()) -> str:
    """Canonical form of ``url`` for deduplication: no fragment, sorted query, no session/tracking params.

    >>> clean_url("http://a.de/x.php?id=3&PHPSESSID=ab12#top", ["phpsessid"])
    'http://a.de/x.php?id=3'
    """
    drop = list(drop_params)
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _dropped(k, drop)]
    path = re.sub(r";jsessionid=[^/?#]*", "", parts.path, flags=re.IGNORECASE)
    rebuilt = urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


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


def normalise_record_urls(record: PageRecord, drop_params: Iterable[str] = ()) -> PageRecord:
    """Put every URL of a record into the frontier's canonical form, so stored URLs compare equal.

    The crawler fetches cleaned URLs (sorted query, no session ids); links the extractor found on the page
    (print versions, translations, further pages) are written as the site wrote them.
    """
    drop = list(drop_params)

    def clean(url: str) -> str:
        return clean_url(url, drop) if url.startswith(("http://", "https://")) else url

    record.canonical_url = clean(record.canonical_url)
    record.alternate_urls = list(dict.fromkeys(clean(url) for url in record.alternate_urls))
    record.continuation_urls = list(dict.fromkeys(clean(url) for url in record.continuation_urls))
    record.translations = {language: clean(url) for language, url in record.translations.items()}
    if record.part_of:
        record.part_of = clean(record.part_of)
    for item in record.items:  # news items: PAGE#FRAGMENT, the page part cleaned like the page
        page, _, fragment = item.canonical_url.partition("#")
        item.canonical_url = item.url = f"{clean(page)}#{fragment}" if fragment else clean(page)
    return record
