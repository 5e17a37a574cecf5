"""Bad input never raises anything but UnextractablePage: empty, binary, huge, deeply nested, broken bytes."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

import pytest

from extract import PageKind, PageRecord, UnextractablePage, extract_page, merge_pages
from extract.parse import parse_html

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
_PARAGRAPH = b"<p>Ein Absatz mit etwas Text, der sich sehr oft wiederholt, damit die Seite gross wird.</p>\n"


def _run(body: bytes, headers: dict[str, str] | None = None) -> PageRecord | None:
    try:
        return extract_page(body, "http://example.org/page.html", headers, fetched_at=FETCHED)
    except UnextractablePage:
        return None


UNEXTRACTABLE = "unextractable"


@pytest.mark.parametrize(
    ("name", "body", "headers", "expected", "detail"),
    [
        # expected: UNEXTRACTABLE with the reason's start, or the record's kind with text it must hold
        ("empty", b"", None, UNEXTRACTABLE, "empty body"),
        ("binary png as html", b"\x89PNG\r\n\x1a\n" + os.urandom(4096), {"Content-Type": "text/html"},
         UNEXTRACTABLE, "binary data"),
        ("random bytes", bytes(range(256)) * 64, None, UNEXTRACTABLE, "binary data"),
        (
            "nested 10000 divs",
            b"<html><body>" + b"<div>" * 10_000 + b"tief" + b"</div>" * 10_000 + b"</body></html>",
            None, PageKind.OTHER, "",
        ),
        ("nested 10000 unclosed tags", b"<html><body>" + b"<b><i><span>" * 3_400 + b"text", None, PageKind.OTHER, ""),
        (
            "invalid utf-8",
            b'<html><head><meta charset="utf-8"></head><body><p>\xff\xfe\xc3\x28 kaputt \xe2\x82</p>' + _PARAGRAPH * 20,
            None, PageKind.ARTICLE, "kaputt",
        ),
        ("nul bytes and truncation", b"<html><body><p>Warning: include(\x00\x00) failed in <b>/var/www/", None,
         PageKind.OTHER, "failed in"),
        (
            "broken markup",
            b"<html><body><table><tr><td><p>Text<td></table></p></div></span><<<>>>&&&;" + _PARAGRAPH * 5,
            None, PageKind.OTHER, "",
        ),
        ("no html at all", b"%%%%%%%%%%%%", None, UNEXTRACTABLE, "not HTML"),
        (
            "xml declaration with encoding",
            b'<?xml version="1.0" encoding="iso-8859-1"?><html><body>' + _PARAGRAPH * 10 + b"</body></html>",
            None, PageKind.OTHER, "Ein Absatz mit etwas Text",
        ),
        ("script only", b"<html><head><script>var x = '<p>nein</p>';</script></head></html>", None,
         PageKind.OTHER, ""),
        ("frameset without frames", b"<html><frameset></frameset></html>", None, PageKind.OTHER, ""),
    ],
)
def test_bad_input_degrades(name: str, body: bytes, headers: dict[str, str] | None, expected: PageKind | str,
                            detail: str) -> None:
    """Each bad input ends as it should: refused with its reason, or a well-formed record of the right kind."""
    if expected == UNEXTRACTABLE:
        with pytest.raises(UnextractablePage, match=f"^{detail}"):
            extract_page(body, "http://example.org/page.html", headers, fetched_at=FETCHED)
        return
    record = extract_page(body, "http://example.org/page.html", headers, fetched_at=FETCHED)
    assert record.kind is expected, name
    assert record.url == record.canonical_url == "http://example.org/page.html"
    assert record.encoding
    assert detail in record.text
    assert "<script" not in record.html and "nein" not in record.text


@pytest.mark.slow
def test_twenty_megabyte_page_is_capped() -> None:
    body = b"<html><body>" + _PARAGRAPH * (20_000_000 // len(_PARAGRAPH)) + b"</body></html>"
    assert len(body) >= 19_000_000
    start = time.perf_counter()
    record = _run(body, {"Content-Type": "text/html; charset=utf-8"})
    assert time.perf_counter() - start < 120
    assert record is not None and record.kind in set(PageKind)


def test_empty_and_binary_give_reasons() -> None:
    with pytest.raises(UnextractablePage, match="empty"):
        extract_page(b"", "http://example.org/")
    with pytest.raises(UnextractablePage, match="binary"):
        extract_page(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
            "http://example.org/logo.html",
            {"Content-Type": "text/html"},
        )


def test_php_error_page_without_content_is_unextractable() -> None:
    html = (
        b"<html><head><title>Anfahrt\n<body><b>Warning</b>: include(/var/www/inc/a.inc.php): failed to open stream:"
        b" No such file or directory in <b>/var/www/a.php</b> on line <b>14</b><br />\x00\x00"
        b"<!-- Warning: mysql_connect(): Can't connect to MySQL server on 'localhost' (10061) --></tab"
    )
    with pytest.raises(UnextractablePage, match="server error output"):
        extract_page(html, "http://example.org/anfahrt.html")


def test_unclosed_title_does_not_swallow_the_page() -> None:
    tree = parse_html("<html><head><title>Anfahrt\n<body><p>Text <a href='x.html'>Link</a></p></body></html>")
    assert tree.findtext(".//title") == "Anfahrt"
    assert [anchor.get("href") for anchor in tree.iter("a")] == ["x.html"]


def test_continuation_markers_are_dropped_when_merging() -> None:
    first = PageRecord(url="http://e.org/a?id=6", canonical_url="http://e.org/a?id=6", kind=PageKind.ARTICLE,
                       text="Erster Teil.\nLesen Sie weiter auf Seite 2", continuation_urls=["http://e.org/a?id=6&p=2"])
    second = PageRecord(url="http://e.org/a?id=6&p=2", canonical_url="http://e.org/a?id=6&p=2",
                        kind=PageKind.ARTICLE, text="(Fortsetzung)\nZweiter Teil.", part_of="http://e.org/a?id=6")
    assert merge_pages([first, second]).text == "Erster Teil.\nZweiter Teil."
