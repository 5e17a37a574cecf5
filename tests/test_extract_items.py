"""News items on one page: split by structure, dated with precision, identified stably; pages decided by structure."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from extract import PageKind, extract_page
from extract.dates import Precision, find_printed_date, first_day_precision
from extract.item_records import item_url
from extract.items import find_items
from extract.lines import page_lines
from extract.parse import parse_html

PROSE = ("Die Mannschaft spielte am Sonntag in der Halle und gewann nach einem spannenden Spiel knapp, "
         "was die Zuschauer mit lautem Beifall belohnten.")


def _page(body: str, charset: str = "iso-8859-1") -> bytes:
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>Aktuelles</title></head><body>{body}</body></html>").encode("cp1252")


DATE_HEADLINES = _page("".join(
    f"<p><b>{day}. Oktober 2008: Meldung {day}</b></p><p>{PROSE}</p><p>Zweiter Absatz {day}. {PROSE}</p>"
    for day in (3, 12, 24)))
BOLD_UNDERLINED_DATED = _page("<h2>Die Saison 2006/07</h2>" + "".join(
    f"<p><b><u>{n}. Spieltag ({day:02d}.03.07)</u></b></p><table><tr><td>A</td><td>812</td></tr>"
    f"<tr><td>B</td><td>790</td></tr><tr><td>C</td><td>801</td></tr></table><p>{PROSE}</p><p>D. Bernsee</p>"
    for n, day in ((3, 25), (2, 18), (1, 11))))
RULED_ANCHORED = _page("".join(
    f'<a name="{n}"></a><h3>Bericht Nummer {n}</h3><p>{PROSE}</p><p><i>Uli Muster, K13</i></p><hr>'
    for n in (1, 2, 3)))
NEWS_SHEET = _page(
    "<table><tr><td><p><strong><big>Gemeinde Nachrichten</big></strong><br><font size=6>May 2007</font></p>"
    + "".join(f"<font size=4><b>HEADING {n}<br></b></font>{PROSE}<br>" for n in ("ONE", "TWO", "THREE"))
    + "</td></tr></table>")
ARTICLE_WITH_SUBHEADINGS = _page(
    f"<h1>Ein langer Bericht vom Turnier</h1><p>{PROSE} {PROSE}</p><p>{PROSE}</p>"
    + "".join(f"<h3>Abschnitt {n}</h3><p>{PROSE}</p>" for n in (1, 2, 3)))
GALLERY = _page("<h2>Bilder vom Fest</h2><table><tr>" + "".join(
    f'<td><img src="bild{n}.jpg" width="160" height="120"><br>Bild {n}</td>' for n in range(8)) + "</tr></table>")


@pytest.mark.parametrize(("html", "titles"), [
    (DATE_HEADLINES, ["Meldung 3", "Meldung 12", "Meldung 24"]),
    (BOLD_UNDERLINED_DATED, ["3. Spieltag (25.03.07)", "2. Spieltag (18.03.07)", "1. Spieltag (11.03.07)"]),
    (RULED_ANCHORED, ["Bericht Nummer 1", "Bericht Nummer 2", "Bericht Nummer 3"]),
    (NEWS_SHEET, ["HEADING ONE", "HEADING TWO", "HEADING THREE"]),
], ids=["date-colon-headline", "bold-underlined-dated", "rules-and-anchors", "dated-news-sheet"])
def test_pages_of_items_yield_one_record_per_item(html: bytes, titles: list[str]) -> None:
    record = extract_page(html, "http://example.org/news.htm")
    assert record.kind is PageKind.ITEMS
    assert record.decision and "items" in record.decision
    assert [item.title for item in record.items] == titles
    for item in record.items:
        assert item.kind is PageKind.ARTICLE
        assert PROSE in item.text
        assert item.canonical_url.startswith("http://example.org/news.htm#")


def test_item_dates_keep_the_printed_string_and_precision() -> None:
    dated = extract_page(DATE_HEADLINES, "http://example.org/news.htm").items[0]
    assert (dated.published.date().isoformat(), dated.published_raw, dated.published_precision) == (
        "2008-10-03", "3. Oktober 2008", "day")
    sheet = extract_page(NEWS_SHEET, "http://example.org/news.htm").items
    dates = {(item.published.date().isoformat(), item.published_precision) for item in sheet if item.published}
    assert dates == {("2007-05-01", "month")} and len(sheet) == 3
    assert all(item.published_raw == "May 2007" for item in sheet)


def test_data_tables_and_signatures_stay_out_of_the_item_text() -> None:
    items = extract_page(BOLD_UNDERLINED_DATED, "http://example.org/s.htm").items
    assert all("812" not in item.text and "D. Bernsee" not in item.text for item in items)
    assert all(item.authors == ["D. Bernsee"] for item in items)


def test_anchors_give_the_identity_else_a_content_key() -> None:
    ruled = extract_page(RULED_ANCHORED, "http://example.org/r.htm").items
    assert [item.canonical_url for item in ruled] == [f"http://example.org/r.htm#{n}" for n in (1, 2, 3)]
    first = extract_page(DATE_HEADLINES, "http://example.org/a.htm").items[0]
    edited_html = DATE_HEADLINES.replace(b"belohnten.</p><p><b>12.", b"belohnten, sehr.</p><p><b>12.")
    assert edited_html != DATE_HEADLINES
    edited = extract_page(edited_html, "http://example.org/a.htm").items[0]
    assert first.canonical_url == edited.canonical_url  # a small edit later in the text keeps the identity
    assert first.canonical_url.startswith("http://example.org/a.htm#item-")


@pytest.mark.parametrize(("html", "kind", "reason"), [
    (ARTICLE_WITH_SUBHEADINGS, PageKind.ARTICLE, "article"),
    (GALLERY, PageKind.OTHER, "gallery"),
], ids=["article-with-subheadings", "gallery"])
def test_single_articles_and_galleries_are_not_split(html: bytes, kind: PageKind, reason: str) -> None:
    record = extract_page(html, "http://example.org/page.htm")
    assert record.kind is kind and not record.items
    assert record.decision and record.decision.startswith(reason)


def test_an_archive_url_alone_does_not_make_a_page_of_items_a_listing() -> None:
    record = extract_page(DATE_HEADLINES, "http://example.org/archiv/archiv-2008.htm")
    assert record.kind is PageKind.ITEMS and len(record.items) == 3


def test_find_items_needs_two_items() -> None:
    one = _page(f"<p><b>3. Oktober 2008: Nur eine Meldung</b></p><p>{PROSE}</p>")
    assert find_items(page_lines(parse_html(one.decode("cp1252"))), "de") is None


@pytest.mark.parametrize(("text", "iso", "precision"), [
    ("Announced: March 2, 2006", "2006-03-02", Precision.DAY),
    ("Date: 12 May 2004", "2004-05-12", Precision.DAY),
    ("3. Oktober 2008:", "2008-10-03", Precision.DAY),
    ("Dezember 2005", "2005-12", Precision.MONTH),
    ("MARCH 2012", "2012-03", Precision.MONTH),
    ("Studienfahrt (9.7. - 11.7.79)", "1979-07-09", Precision.DAY),
    ("20.3. - 3.4.1999", "1999-03-20", Precision.DAY),
])
def test_printed_dates_with_precision(text: str, iso: str, precision: Precision) -> None:
    found = find_printed_date(text, "en" if "Announced" in text or "MARCH" in text else "de", month_only=True)
    assert found is not None and found.iso() == iso and found.precision is precision


@pytest.mark.parametrize(("text", "url", "day", "precision"), [
    ("Pressemitteilung ohne Datum", "http://example.org/news/2004/results.htm", (2004, 1, 1), Precision.YEAR),
    ("Rundbrief Dezember 2005", "http://example.org/rundbrief.htm", (2005, 12, 1), Precision.MONTH),
    ("Ohne Datum", "http://example.org/2005/12/brief.htm", (2005, 12, 1), Precision.MONTH),
    ("Am 1. Dezember 2005 eröffnet", "http://example.org/2005/12/brief.htm", (2005, 12, 1), Precision.DAY),
])
def test_a_first_of_the_month_counts_as_a_day_only_when_printed(
        text: str, url: str, day: tuple[int, int, int], precision: Precision) -> None:
    """htmldate answers the 1st for a month or year it found alone (a URL's /2004/): no invented day."""
    tree = parse_html(f"<html><body><p>{text}</p></body></html>")
    assert first_day_precision(datetime(*day, tzinfo=UTC), url, tree) is precision


def test_item_url_strips_a_fragment_of_the_page() -> None:
    items = find_items(page_lines(parse_html(RULED_ANCHORED.decode("cp1252"))), "de")
    assert items is not None
    assert item_url("http://example.org/r.htm#top", items.items[1]) == "http://example.org/r.htm#2"


def test_a_page_that_marks_its_one_article_is_not_searched_for_items() -> None:
    """HTML5 pages say where their article is (<main>, one <article>): its sub-sections stay one article."""
    body = DATE_HEADLINES.decode("cp1252").replace("<body>", "<body><main>").replace("</body>", "</main></body>")
    record = extract_page(body.encode("cp1252"), "http://example.org/news.htm")
    assert record.kind is not PageKind.ITEMS and not record.items


@pytest.mark.parametrize(("body", "title"), [
    ("<p><b><font size=5>Neuer Vorstand gewählt</font></b></p><p>" + PROSE + "</p><p>" + PROSE + "</p>",
     "Neuer Vorstand gewählt"),
    ("<p><font size=2>Der Pressesprecher:</font></p><p><b>Zwei Medaillen in Flims</b></p><p>" + PROSE + "</p>",
     "Zwei Medaillen in Flims"),
    ("<p><u>" + PROSE + "</u></p><font size=+3>Ein Flugzeug aus der Werkstatt</font><br><b>By Jane Doe</b>"
     "<p>" + PROSE + "</p>", "Ein Flugzeug aus der Werkstatt"),
], ids=["bold-headline", "after-a-kicker", "largest-font-not-notice-or-byline"])
def test_a_stale_title_gives_way_to_the_printed_headline(body: str, title: str) -> None:
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
            f"<title>Einladung zur 43. Sitzung</title></head><body>{body}<p>{PROSE} {PROSE} {PROSE}</p>"
            "</body></html>").encode("cp1252")
    assert extract_page(html, "http://example.org/bericht.htm").title == title


def test_an_address_block_does_not_head_an_item() -> None:
    address = "<b>Schule am See<br>Hauptstraße 5<br>12345 Seedorf<br></b>"
    html = _page("".join(
        f"<p><b>Meldung {n}<br></b><i>By: Jane Doe {n}</i><br>{PROSE}<br>{address}</p>" for n in (1, 2, 3)))
    titles = [item.title for item in extract_page(html, "http://example.org/n.htm").items]
    assert titles == ["Meldung 1", "Meldung 2", "Meldung 3"]


def test_a_chronicle_of_dated_entries_is_no_article() -> None:
    """A school's chronicle: one dated entry per line, as a page or as sections of dated headings."""
    entries = "".join(f"<p>Am {day}. Oktober fuhr die Klasse {day}a nach München zur Besichtigung des Museums.</p>"
                      for day in range(1, 13))
    record = extract_page(_page(f"<h2>Aus dem Tagebuch der Schule</h2>{entries}"), "http://example.org/chron.htm")
    assert record.kind is PageKind.OTHER and record.decision and record.decision.startswith("chronicle")
    assert not record.items
