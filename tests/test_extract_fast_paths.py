"""CPU fast paths of the extraction give exactly what the plain form of each test gives (issue #3: extraction
time next to trafilatura's): first-match lookups, attribute lists of TextStats, one-pass meta readers, the
htmldate skip when the printed date is settled."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import lxml.html
import pytest
from lxml import etree

import extract.dates
from extract import extract_page
from extract.authors import byline_candidates
from extract.language import STOPWORDS, declared_language, stopword_scores
from extract.links import canonical_url
from extract.meta import _CATEGORY_WORD, _has_category_label
from extract.parse import MAX_ELEMENTS, TextStats, find_first, normalize_space, parse_html, title_text
from extract.title import _headline_classed, meta_titles

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
ARTICLE_TEXT = (
    "<p>"
    + "Die Gemeinde hat am Dienstag den neuen Haushalt beschlossen und mehr Geld für Schulen und Straßen eingeplant. "
    * 6
    + "</p>"
)
PAGE = """<html lang="de-DE"><head>
<meta http-equiv="Content-LANGUAGE" content="en"><meta name="Language"><meta name="dc.language" content="fr">
<meta property="og:locale" content="it_IT"><meta itemprop="headline" name="title" content="Meta-Headline">
<meta property="og:url" content="http://example.org/og"><link rel="canonical" href="/kanonisch">
<meta name="twitter:title" content="Twitter-Titel"><meta property="og:title" content="OG-Titel">
<title itemprop="headline">Seitentitel</title><base href="http://example.org/basis/">
</head><body class="page">
<header class="site-header"><span class="site-title">Stadtbote</span></header>
<div id="main"><h1 class="entry-title" itemprop="headline">Haushalt beschlossen</h1>
<span class="byline" rel="author">Von Jens Oltmanns</span><a rel="author" href="/a">Anna Berg</a>
<div itemprop="author"><b>Karl Brandt</b></div><p class="Headline-Box">Kasten</p>
<svg><title>Grafik</title></svg><div itemprop="headline">Zweite Zeile</div><body>innen</body></div>
</body></html>"""


@pytest.fixture(scope="module")
def tree() -> lxml.html.HtmlElement:
    return parse_html(PAGE)


def test_find_first_is_the_first_descendant_match(tree: lxml.html.HtmlElement) -> None:
    roots = [tree, *tree.iter()]
    for root in roots:
        for tag, attribute in (("body", None), ("title", None), ("base", "href"), ("b", None), ("meta", "content")):
            path = f".//{tag}" if attribute is None else f".//{tag}[@{attribute}]"
            assert find_first(root, tag, attribute) is root.find(path)
        assert title_text(root) == root.findtext(".//title")
    fragment = lxml.html.fromstring("<div><p>x</p><section><body>y</body></section><body>z</body></div>")
    assert find_first(fragment, "body") is fragment.find(".//body")


def test_text_stats_lists_the_attributed_elements_in_document_order(tree: lxml.html.HtmlElement) -> None:
    stats = TextStats(tree)
    expected = [element for element in tree.iter() if {"class", "id", "itemprop", "rel"} & set(element.attrib)]
    assert stats.attributed == expected
    assert stats.root is tree


def test_meta_titles_headline_classes_and_bylines_match_the_xpath_forms(tree: lxml.html.HtmlElement) -> None:
    stats = TextStats(tree)
    assert meta_titles(tree, stats) == meta_titles(tree)
    assert meta_titles(tree) == ["OG-Titel", "Twitter-Titel", "Meta-Headline", "Seitentitel", "Grafik"]
    body = tree.find(".//body")
    for root in (tree, body, tree.find(".//div")):
        assert _headline_classed(root, stats) == _headline_classed(root)
    assert byline_candidates(tree, None, None, stats) == byline_candidates(tree, None)
    assert byline_candidates(tree, None)[:3] == ["Von Jens Oltmanns", "Anna Berg", "Karl Brandt"]
    other = parse_html("<html><body><h2 class='title'>Anderer Baum</h2></body></html>")
    assert _headline_classed(other, stats) == _headline_classed(other)  # stats of another tree are not used


def test_one_pass_meta_readers_match_the_xpaths(tree: lxml.html.HtmlElement) -> None:
    xpaths = (
        './/meta[translate(@http-equiv, "CONTENT-LANGUAGE", "content-language")="content-language"]/@content',
        './/meta[@name="language" or @name="Language" or @name="content-language" or @name="dc.language"'
        ' or @name="DC.language"]/@content',
        './/meta[@property="og:locale"]/@content',
    )
    declared = [str(value) for xpath in xpaths for value in tree.xpath(xpath)]
    assert declared == ["en", "fr", "it_IT"]
    assert declared_language(tree, None) == "de"
    assert declared_language(parse_html(PAGE.replace(' lang="de-DE"', "")), None) == "en"
    assert canonical_url(tree, "http://example.org/seite.html") == "http://example.org/kanonisch"
    without_link = parse_html(PAGE.replace('<link rel="canonical" href="/kanonisch">', ""))
    assert canonical_url(without_link, "http://example.org/seite.html") == "http://example.org/og"


@pytest.mark.parametrize(
    "text",
    ["Rubrik: Sport", "RESSORT :Politik", "category\n\t: x", "die Sektion: nein", "Kategorien: ja", "section", ""],
)
def test_category_label_test_matches_the_regex(text: str) -> None:
    assert _has_category_label(text.lower()) is (_CATEGORY_WORD.search(text.lower()) is not None)


def test_normalize_space_drops_invisible_marks_in_any_text() -> None:
    latin = "Straßen\u00adbau in Köln " * 500  # Latin-1 text with soft hyphens
    assert normalize_space(latin) == " ".join(("Straßenbau in Köln " * 500).split())
    wide = "„Zitat“\u200b mit\u2060 Marken\ufeff"
    assert normalize_space(wide) == "„Zitat“ mit Marken"
    assert normalize_space("Grüße\u00a0aus  Köln") == "Grüße aus Köln"


def test_stopword_scores_count_each_language() -> None:
    text = "Der Hund und die Katze sind nicht the best of friends, aber sie leben in einem Haus"
    words = [word.casefold() for word in re.findall(r"[^\W\d_]+", text)]
    expected = {code: sum(1 for word in words if word in stops) / len(words) for code, stops in STOPWORDS.items()}
    assert stopword_scores(text) == expected
    assert list(stopword_scores(text)) == list(STOPWORDS)


def test_large_trees_are_still_bounded() -> None:
    tree = parse_html("<html><body>" + "<p><b>x</b>" * (MAX_ELEMENTS // 2 + 5_000) + "</body></html>")
    assert sum(1 for _ in tree.iter()) == MAX_ELEMENTS
    assert etree.tostring(parse_html("<p>x" * 5_000)).count(b"<p>") == 5_000


def _count_htmldate(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    calls: list[bool] = []
    original = extract.dates.htmldate_date

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(bool(kwargs.get("extensive", True)))
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extract.dates, "htmldate_date", counting)
    return calls


def _page(body: str, head: str = "", lang: str = "de") -> bytes:
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>Stadtbote</title>{head}</head>'
        f"<body>{body}</body></html>"
    ).encode()


def test_a_settled_printed_date_needs_no_htmldate(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_htmldate(monkeypatch)
    head = '<meta property="article:published_time" content="2007-09-20T08:00:00Z">'
    body = f"<h1>Haushalt für das Jahr 2008 beschlossen</h1><p>14. September 2007</p>{ARTICLE_TEXT}"
    record = extract_page(_page(body, head), "http://example.org/a.html", fetched_at=FETCHED)
    assert calls == []
    assert record.published == datetime(2007, 9, 14, tzinfo=UTC)  # printed beats metadata, as before
    assert record.published_raw == "14. September 2007"


@pytest.mark.parametrize(
    ("printed", "head", "expected"),
    [
        # two printed days: the metadata picks the one it confirms
        (
            "<p>14. September 2007</p><p>Erschienen am 15. September 2007</p>",
            '<meta property="article:published_time" content="2007-09-15T08:00:00Z">',
            datetime(2007, 9, 15, tzinfo=UTC),
        ),
        # an ambiguous numeric date: the metadata decides the reading
        (
            "<p>02/10/2020</p>",
            '<meta property="article:published_time" content="2020-10-02T08:00:00Z">',
            datetime(2020, 10, 2, tzinfo=UTC),
        ),
    ],
)
def test_an_open_printed_date_still_asks_htmldate(
    monkeypatch: pytest.MonkeyPatch, printed: str, head: str, expected: datetime
) -> None:
    calls = _count_htmldate(monkeypatch)
    body = f"<h1>Student halls too full to be safe, experts warn</h1>{printed}{ARTICLE_TEXT}"
    record = extract_page(_page(body, head, lang="en"), "http://example.org/a.html", fetched_at=FETCHED)
    assert calls and calls[0] is False  # the metadata read first
    assert record.published is not None and record.published.date() == expected.date()
