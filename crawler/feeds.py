"""Safe reading of sitemaps, RSS/Atom feeds and robots.txt Sitemap lines: URLs out, no entity expansion."""

from __future__ import annotations

import gzip
import io
import logging
import re

from lxml import etree

logger = logging.getLogger(__name__)

#: Largest sitemap or feed read, after decompression (the sitemap protocol allows 50 MB).
MAX_XML_BYTES = 50 * 1024 * 1024
#: Most URLs taken from one sitemap or feed.
MAX_URLS = 50_000

_SITEMAP_LINE = re.compile(rb"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class FeedTooLargeError(ValueError):
    """A sitemap or feed is larger than MAX_XML_BYTES once decompressed."""


def sitemaps_from_robots(body: bytes) -> list[str]:
    """The `Sitemap:` URLs listed in a robots.txt."""
    return [match.decode("utf-8", "replace") for match in _SITEMAP_LINE.findall(body)]


def maybe_gunzip(body: bytes, limit: int = MAX_XML_BYTES) -> bytes:
    """Decompress a gzip body (by magic number) with a size cap, so a gzip bomb stops at ``limit``."""
    if body[:2] != b"\x1f\x8b":
        if len(body) > limit:
            raise FeedTooLargeError(f"XML body of {len(body)} bytes exceeds {limit}")
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise FeedTooLargeError(f"gzip body expands beyond {limit} bytes")
    return data


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, recover=True, remove_comments=True)


def urls_from_xml(body: bytes, limit: int = MAX_XML_BYTES) -> tuple[str, list[str]]:
    """``(kind, urls)`` of a sitemap index ("sitemapindex"), URL set ("urlset"), RSS/Atom feed ("feed").

    Entities are never expanded (no billion laughs), no DTD or network access; unknown XML gives
    ``("unknown", [])``.
    """
    data = maybe_gunzip(body, limit)
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        logger.warning("Unreadable XML: %s", exc)
        return "unknown", []
    if root is None:
        return "unknown", []
    tag = etree.QName(root).localname.lower()
    urls: list[str] = []
    if tag in {"sitemapindex", "urlset"}:
        for element in root.iter():
            if isinstance(element.tag, str) and etree.QName(element).localname == "loc" and element.text:
                urls.append(element.text.strip())
        return tag, urls[:MAX_URLS]
    if tag in {"rss", "rdf", "feed"}:
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            name = etree.QName(element).localname
            if name == "link":
                href = element.get("href") or (element.text or "").strip()
                rel = element.get("rel", "alternate")
                if href and rel == "alternate":
                    urls.append(href)
            elif name == "guid" and element.get("isPermaLink", "true") == "true" and element.text:
                urls.append(element.text.strip())
        return "feed", list(dict.fromkeys(urls))[:MAX_URLS]
    return "unknown", []
