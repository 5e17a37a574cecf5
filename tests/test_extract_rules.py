"""Rules of the extraction quality round: headline in <header>, repeated headline, body chrome, fast paths."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urljoin

import pytest

from extract import extract_page
from extract.authors import BYLINE_WORDS
from extract.lead import LEAD_WORDS
from extract.links import _absolute
from extract.meta import BREADCRUMB_WORDS
from extract.parse import TextStats, hinted_elements, parse_html

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
PARAGRAPH_LIST = [
    f"<p>Absatz {index}: Der Gemeinderat hat am Dienstag lange über den neuen Haushalt beraten und am Ende "
    "mit knapper Mehrheit beschlossen, die Schwimmhalle doch noch in diesem Jahr zu sanieren.</p>"
    for index in range(6)
]
PARAGRAPHS = "".join(PARAGRAPH_LIST)


def _page(body: str, head: str = "") -> bytes:
    return (
        f'<html lang="de"><head><meta charset="utf-8"><title>Stadtbote</title>{head}</head><body>{body}</body></html>'
    ).encode()


def test_headline_inside_header_is_used_when_it_matches_the_meta_title() -> None:
    head = '<meta property="og:title" content="Schwimmhalle wird doch saniert">'
    body = (
        '<header><h1 class="logo">Stadtbote Online</h1></header>'
        f"<article><header><h1>Schwimmhalle wird doch saniert</h1></header>{PARAGRAPHS}</article>"
    )
    record = extract_page(_page(body, head), "http://example.org/a.html", fetched_at=FETCHED)
    assert record.title == "Schwimmhalle wird doch saniert"


def test_page_header_heading_without_a_meta_match_is_not_the_title() -> None:
    head = '<meta property="og:title" content="Schwimmhalle wird doch saniert">'
    body = f"<header><h1>Lokales / Politik</h1></header><article>{PARAGRAPHS}</article>"
    record = extract_page(_page(body, head), "http://example.org/a.html", fetched_at=FETCHED)
    assert record.title == "Schwimmhalle wird doch saniert"


def test_headline_repeated_after_the_dateline_is_dropped() -> None:
    head = '<meta property="og:title" content="Schwimmhalle wird doch saniert">'
    body = f"<div><p>14. März 2013</p><h2>Schwimmhalle wird doch saniert</h2>{PARAGRAPHS}</div>"
    record = extract_page(_page(body, head), "http://example.org/a.html", fetched_at=FETCHED)
    assert record.title == "Schwimmhalle wird doch saniert"
    assert "Schwimmhalle wird doch saniert" not in record.text
    assert "Absatz 0" in record.text


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("Lesen Sie auch: Neue Ampel an der Hauptstraße", True),
        ("Read more: Council approves new budget", True),
        ("Foto: Sascha Klahn", True),
        ("AFP / MARCO BERTORELLO", True),
        ("Getty Images", True),
        ("Weitere US-Zellprojekte im Aufbau", False),  # a real subheading
        ("Lesen Sie auch, was der Bürgermeister dazu sagt, denn er hat eine klare Meinung zur Halle.", False),
    ],
)
def test_body_chrome_lines(line: str, dropped: bool) -> None:
    inner = "".join([*PARAGRAPH_LIST[:3], f"<p>{line}</p>", *PARAGRAPH_LIST[3:]])
    body = f"<article><h1>Schwimmhalle wird doch saniert</h1>{inner}</article>"
    record = extract_page(_page(body), "http://example.org/a.html", fetched_at=FETCHED)
    assert (line not in record.text) is dropped
    assert "Absatz 5" in record.text


def test_posted_and_updated_list_is_not_body_text() -> None:
    body = (
        "<article><h1>Schwimmhalle wird doch saniert</h1>"
        "<ul><li>Last Updated: 3:56 PM, April 19, 2013</li><li>Posted: 3:54 PM, April 19, 2013</li></ul>"
        f"{PARAGRAPHS}</article>"
    )
    record = extract_page(_page(body), "http://example.org/a.html", fetched_at=FETCHED)
    assert "Posted:" not in record.text
    assert "Absatz 0" in record.text


@pytest.mark.parametrize(
    ("href", "base"),
    [
        ("http://a.example", "http://b.example/x"),
        ("https://a.example/x/y.html?q=1&r=2", "http://b.example/"),
        ("/x/y.html?a=1", "http://b.example/q/r"),
        ("/x", "http://B.example:8080/z?q#f"),
        ("/a/../b", "http://b.example/"),
        ("//c.example/x", "http://b.example/"),
        ("x.html", "http://b.example/dir/page.html"),
    ],
)
def test_fast_absolute_urls_match_urljoin(href: str, base: str) -> None:
    expected = urljoin(base, href)
    if expected.count("/") == 2:
        expected += "/"
    assert _absolute(href, base) == expected.split("#")[0]


def test_hinted_elements_from_text_stats_match_the_tree_pass() -> None:
    tree = parse_html(
        '<html><head><meta class="author"></head><body class="author"><div class="Byline">Von A</div>'
        '<p id="teaser-text">Lead</p><nav class="breadcrumb">X</nav><div class="other">Y</div></body></html>'
    )
    words = (BYLINE_WORDS, LEAD_WORDS, BREADCRUMB_WORDS)
    assert hinted_elements(tree, *words, stats=TextStats(tree)) == hinted_elements(tree, *words)
    assert len(hinted_elements(tree, *words)) == 3
