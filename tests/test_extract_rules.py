"""Rules of the extraction quality rounds: headline in <header>, repeated headline, body chrome, fast paths,
lead position, captions, Wayback toolbar, hidden heading labels, byline cleanup."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urljoin

import pytest
from lxml import etree

from extract import extract_page
from extract.authors import BYLINE_WORDS
from extract.body import Block
from extract.core import _is_page_navigation
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
        ("Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO", True),
        ("A woman grieves beside the body of her husband. (Rodrigo Abd, Associated Press / March 12, 2012)", True),
        ("Fot. Lukasz Nowaczyk / Agencja Gazeta", True),
        ("Never miss the latest news by signing up to our newsletter today!", True),
        ("Follow @PageSix", True),
        ("ALSO:", True),
        ("Recommended for You", True),
        ("Das Unternehmen will im Herbst neue Abonnenten werben und den Preis senken.", False),
        ("Die Stadt prüft die Kosten (Stand / Mai).", False),  # no picture credit in the parentheses
        ("Lesen Sie auch, was der Bürgermeister dazu sagt, denn er hat eine klare Meinung zur Halle.", False),
    ],
)
def test_body_chrome_lines(line: str, dropped: bool) -> None:
    inner = "".join([*PARAGRAPH_LIST[:4], f"<p>{line}</p>", *PARAGRAPH_LIST[4:]])
    body = f"<article><h1>Schwimmhalle wird doch saniert</h1><p>14. März 2013</p>{inner}</article>"
    record = extract_page(_page(body), "http://example.org/a.html", fetched_at=FETCHED)
    assert (line not in record.text) is dropped
    assert "Absatz 5" in record.text


def test_paragraph_that_is_one_link_is_a_teaser() -> None:
    teaser = '<p><a href="/b.html">Neue Ampel an der Hauptstraße kommt im Mai</a></p>'
    sentence = '<p><a href="/c.html">So schön winterlich ist es wie schon lange nicht mehr.</a></p>'
    inner = "".join([*PARAGRAPH_LIST[:3], teaser, sentence, *PARAGRAPH_LIST[3:]])
    body = f"<article><h1>Schwimmhalle wird doch saniert</h1>{inner}</article>"
    record = extract_page(_page(body), "http://example.org/a.html", fetched_at=FETCHED)
    assert "Neue Ampel" not in record.text
    assert "So schön winterlich" in record.text  # a linked sentence is text


def test_related_label_takes_its_list_along() -> None:
    item = "<li><a href='/b'>{0}</a> Der Kreis plant eine neue Umgehungsstraße, die Anwohner sind dagegen.</li>"
    related = f"<h3>Recommended for You</h3><ul>{item.format('Erstes Thema')}{item.format('Zweites Thema')}</ul>"
    body = f"<article><h1>Schwimmhalle wird doch saniert</h1>{PARAGRAPHS}{related}</article>"
    record = extract_page(_page(body), "http://example.org/a.html", fetched_at=FETCHED)
    assert "Erstes Thema" not in record.text
    assert "Absatz 5" in record.text


@pytest.mark.parametrize(
    ("lines", "navigation"),
    [
        (["1", "2", "next", "| single page"], True),
        (["Seite 1 | 2 | 3"], True),
        (["1", "2", "3"], True),
        (["Äpfel", "Birnen", "Kirschen"], False),
        (["2 Eier", "200 g Mehl", "1 Prise Salz"], False),
    ],
)
def test_page_navigation(lines: list[str], navigation: bool) -> None:
    element = etree.Element("list" if len(lines) > 1 else "p")
    assert _is_page_navigation(Block(element, lines)) is navigation


LEAD = "Die Stadt saniert die Schwimmhalle doch noch in diesem Jahr, obwohl das Geld knapp ist."


def test_marked_lead_far_below_the_headline_is_not_the_lead() -> None:
    bio = (
        '<div class="author-description">Anna Berger schreibt seit 2001 über die Stadtpolitik und das '
        "Vereinsleben.</div>"
    )
    body = f"<article><h1>Schwimmhalle wird doch saniert</h1>{PARAGRAPHS}{PARAGRAPHS}{bio}</article>"
    record = extract_page(_page(body), "http://example.org/a.html", fetched_at=FETCHED)
    assert record.lead is None or "Anna Berger" not in record.lead


def test_site_description_before_the_headline_is_not_the_lead() -> None:
    body = (
        '<header><p class="site-description">Nachrichten aus der Stadt und dem Umland, jeden Tag neu</p></header>'
        f'<article><h1>Schwimmhalle wird doch saniert</h1><p class="lead">{LEAD}</p>{PARAGRAPHS}</article>'
    )
    record = extract_page(_page(body), "http://example.org/a.html", fetched_at=FETCHED)
    assert record.lead == LEAD


def test_image_summary_is_not_the_lead() -> None:
    caption = (
        '<ul><li><img src="a.jpg"><div class="summary"><p>Feb. 2, 2013: Der Bürgermeister bei der Eröffnung der '
        "Halle.</p></div></li></ul>"
    )
    body = f"<article><h1>Schwimmhalle wird doch saniert</h1>{caption}{PARAGRAPHS}</article>"
    record = extract_page(_page(body), "http://example.org/a.html", fetched_at=FETCHED)
    assert record.lead is None or "Eröffnung" not in record.lead


def test_wayback_toolbar_is_not_page_text() -> None:
    toolbar = (
        '<div id="wm-ipp-base"><div id="wm-ipp"><p>These crawls are part of an effort to archive pages as they are '
        "created and archive the pages that they refer to.</p></div></div>Seitentext"
    )
    page = _page(f"{toolbar}<article><h1>Schwimmhalle wird doch saniert</h1>{PARAGRAPHS}</article>")
    tree = parse_html(page.decode())
    assert "crawls" not in tree.text_content()
    assert "Seitentext" in tree.text_content()  # the toolbar's tail is the page's


def test_screen_reader_label_is_not_part_of_the_headline() -> None:
    head = '<meta property="og:title" content="Energiewende und gesellschaftlicher Wandel">'
    body = (
        '<article><h1><span class="visuallyhidden">Headline:</span> Energiewende und gesellschaftlicher Wandel</h1>'
        f'<div class="title">Energiewende</div>{PARAGRAPHS}</article>'
    )
    record = extract_page(_page(body, head), "http://example.org/a.html", fetched_at=FETCHED)
    assert record.title == "Energiewende und gesellschaftlicher Wandel"


def test_headline_that_names_the_site_is_not_a_logo() -> None:
    head = "<title>Bundespolizei - Aktuelles - Bundespolizei stellt 9.087 unerlaubte Einreisen fest</title>"
    body = (
        "<nav><h3>Aktuelles</h3></nav><div><h3>Aktuelles</h3></div>"
        f"<article><h1>Bundespolizei stellt 9.087 unerlaubte Einreisen fest</h1>{PARAGRAPHS}</article>"
    )
    record = extract_page(_page(body, head), "https://www.bundespolizei.de/a.html", fetched_at=FETCHED)
    assert record.title == "Bundespolizei stellt 9.087 unerlaubte Einreisen fest"


def test_soft_hyphens_are_not_text() -> None:
    heading = "<h1>Schwimm\u00adhalle wird doch saniert</h1>"
    body = f"<article>{heading}<p>Die Schwimm\u00adhalle wird saniert.</p>{PARAGRAPHS}</article>"
    record = extract_page(_page(body), "http://example.org/a.html", fetched_at=FETCHED)
    assert record.title == "Schwimmhalle wird doch saniert"
    assert "\u00ad" not in record.text


def test_loose_text_with_a_link_beside_blocks_is_kept() -> None:
    loose = (
        '<section class="body"><h2>Aufbau und Inhalt</h2>Ein Blick in das Inhaltsverzeichnis '
        '(<a href="/toc.pdf">PDF</a>) zeigt aber: Hier bleiben kaum Fragen offen, das Buch deckt alles ab, was '
        "Praktiker zum Thema brauchen.<br><br>Den Abschluss bildet eine Übersicht der Rechtsprechung.</section>"
    )
    body = f"<article><h1>Schwimmhalle wird doch saniert</h1>{PARAGRAPHS}{loose}{PARAGRAPHS}</article>"
    record = extract_page(_page(body), "http://example.org/a.html", fetched_at=FETCHED)
    assert "(PDF) zeigt aber" in record.text


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
