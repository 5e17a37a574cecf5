"""Field extraction on real bytes: title, lead once, dates, authors, language, kind, URLs, print, merge."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from extract import PageKind, PageRecord, extract_page, merge_pages
from extract.authors import clean_names
from extract.dates import parse_printed, plausible, to_aware, url_month
from extract.language import detect_language
from extract.links import is_language_home
from extract.title import clean_title
from extract.urls import canonical_url as clean_url

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
LEGACY_URL = "http://www.stadt.example/artikel.php?id=7&PHPSESSID=0123456789abcdef0123456789abcdef&utm_source=nl"


@pytest.fixture(scope="module")
def legacy() -> PageRecord:
    body = (FIXTURES / "legacy-article.html").read_bytes()
    return extract_page(body, LEGACY_URL, {"Content-Type": "text/html; charset=iso-8859-1"}, fetched_at=FETCHED)


def test_legacy_article_fields(legacy: PageRecord) -> None:
    assert legacy.kind is PageKind.ARTICLE
    assert legacy.title == "Neue Brücke über die Hase wird im Frühjahr eröffnet"
    assert legacy.published == datetime(2009, 3, 13, 13, 30, tzinfo=UTC)  # 14:30 Europe/Berlin (CET)
    assert legacy.published_raw == "Freitag, 13. März 2009, 14:30 Uhr"
    assert legacy.published_has_time
    assert legacy.authors == ["Max Mustermann", "Erika Musterfrau"]
    assert legacy.category == "Lokales"
    assert legacy.language == "de"
    assert legacy.encoding == "cp1252"
    assert legacy.canonical_url == "http://www.stadt.example/artikel.php?id=7"
    assert legacy.alternate_urls == ["http://www.stadt.example/artikel.php?druck=1&id=7"]  # in fetch form
    assert [link.url for link in legacy.links] == ["http://www.example-stadt.de/bruecke/"]
    assert not legacy.is_print


def test_legacy_lead_is_kept_once(legacy: PageRecord) -> None:
    lead = "Nach zwei Jahren Bauzeit ist die neue Fußgängerbrücke über die Hase fast fertig."
    assert legacy.lead is not None and legacy.lead.startswith(lead)
    assert lead not in legacy.text
    assert legacy.text.startswith("Die Baukosten liegen")
    assert legacy.html.count(lead) == 1


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Startseite",
        "Ein toller Service",
        "Aktuelle Meldungen",
        "Stadtrat beschließt",
        "Letzte Aktualisierung",
        "Weitere Informationen",
        "Drucken",
        "Rubrik:",
        "Von Max Mustermann",
        "2009 Stadtnachrichten",
    ],
)
def test_legacy_text_has_no_boilerplate(legacy: PageRecord, boilerplate: str) -> None:
    assert boilerplate not in f"{legacy.title}\n{legacy.lead}\n{legacy.text}"


def test_legacy_html_is_clean(legacy: PageRecord) -> None:
    for forbidden in ("<table", "<font", "<td", "<script", "onclick", "javascript:"):
        assert forbidden not in legacy.html
    assert legacy.html.startswith("<p>")


def test_outlinks_are_absolute_and_deduplicated(legacy: PageRecord) -> None:
    assert len(legacy.outlinks) == len(set(legacy.outlinks))
    assert all(url.startswith("http") for url in legacy.outlinks)
    assert "http://www.stadt.example/kontakt.html" in legacy.outlinks


@pytest.mark.parametrize(
    ("printed", "language", "expected", "has_time"),
    [
        ("23. November 2007", "de", datetime(2007, 11, 23, tzinfo=UTC), False),
        ("Freitag, 13. März 2009, 14:30 Uhr", "de", datetime(2009, 3, 13, 13, 30, tzinfo=UTC), True),
        ("23.11.2007", "de", datetime(2007, 11, 23, tzinfo=UTC), False),
        ("23.11.07", "de", datetime(2007, 11, 23, tzinfo=UTC), False),
        ("Nov 23, 2007", "en", datetime(2007, 11, 23, tzinfo=UTC), False),
        ("November 23, 2007", "en", datetime(2007, 11, 23, tzinfo=UTC), False),
        ("Mittwoch, 5. Dezember 2007", "de", datetime(2007, 12, 5, tzinfo=UTC), False),
        ("2009-06-01 08:15", "de", datetime(2009, 6, 1, 6, 15, tzinfo=UTC), True),  # CEST
    ],
)
def test_printed_dates(printed: str, language: str, expected: datetime, has_time: bool) -> None:
    parsed = parse_printed(printed, language)
    assert parsed is not None
    assert to_aware(parsed[0], parsed[1], language) == expected
    assert parsed[1] is has_time


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (datetime(1989, 12, 31, tzinfo=UTC), False),
        (datetime(2007, 1, 1, tzinfo=UTC), True),
        (datetime(2027, 1, 1, tzinfo=UTC), False),
    ],
)
def test_date_plausibility_window(value: datetime, ok: bool) -> None:
    assert plausible(value, FETCHED) is ok


def _page(body: str, head: str = "") -> bytes:
    return (f'<html lang="de"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>').encode()


ARTICLE_TEXT = (
    "<p>"
    + ("Die Gemeinde hat am Dienstag den neuen Haushalt beschlossen und mehr Geld für Schulen und Straßen eingeplant. ")
    * 6
    + "</p>"
)


def test_update_date_next_to_headline_is_not_the_publication_date() -> None:
    body = (
        f"<h1>Haushalt für das Jahr 2008 beschlossen</h1><p>Aktualisiert: 02.01.2008</p>"
        f"<p>Erschienen am 14.09.2007</p>{ARTICLE_TEXT}<div>Letzte Aktualisierung: 02.01.2008</div>"
    )
    record = extract_page(_page(body), "http://example.org/a.html", fetched_at=FETCHED)
    assert record.published == datetime(2007, 9, 14, tzinfo=UTC)
    assert record.published_raw == "14.09.2007"


def test_date_next_to_headline_wins_over_footer() -> None:
    body = (
        f"<h1>Haushalt für das Jahr 2008 beschlossen</h1><p>14. September 2007</p>{ARTICLE_TEXT}"
        "<div>Letzte Aktualisierung: 02.01.2008</div>"
    )
    record = extract_page(_page(body), "http://example.org/a.html", fetched_at=FETCHED)
    assert record.published == datetime(2007, 9, 14, tzinfo=UTC)
    assert record.published_raw == "14. September 2007"
    assert not record.published_has_time


def test_printed_date_must_agree_with_the_url_date() -> None:
    body = (
        "<h1>Haushalt für das Jahr 2008 beschlossen</h1><p>Zuletzt gelesen: 14. September 2007</p>"
        f"{ARTICLE_TEXT}"
    )
    record = extract_page(_page(body), "http://example.org/2008/01/02/a.html", fetched_at=FETCHED)
    assert record.published == datetime(2008, 1, 2, tzinfo=UTC)  # htmldate reads the URL


def test_ambiguous_numeric_date_follows_the_metadata_order() -> None:
    head = '<meta property="article:published_time" content="2020-10-02T08:00:00Z">'
    body = f"<h1>Student halls too full to be safe, experts warn</h1><p>02/10/2020</p>{ARTICLE_TEXT}"
    html = _page(body, head).replace(b'lang="de"', b'lang="en"')
    record = extract_page(html, "http://example.org/a.html", fetched_at=FETCHED)
    assert record.published is not None and record.published.date() == datetime(2020, 10, 2).date()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/2016/01/some-post/", (2016, 1)),
        ("https://web.archive.org/web/20160820205919/http://example.org/2016/01/x/", (2016, 1)),
        ("https://example.org/news-20191005-title", (2019, 10)),
        ("https://example.org/artikel.php?id=6", None),
        ("https://example.org/p/123456789", None),
    ],
)
def test_url_month(url: str, expected: tuple[int, int] | None) -> None:
    assert url_month(url) == expected


def test_future_date_is_rejected() -> None:
    body = f"<h1>Haushalt für das Jahr 2008 beschlossen</h1><p>14. September 2031</p>{ARTICLE_TEXT}"
    record = extract_page(_page(body), "http://example.org/a.html", fetched_at=FETCHED)
    assert record.published is None or record.published <= FETCHED


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Von Max Mustermann", ["Max Mustermann"]),
        ("Autor: Anna Berger", ["Anna Berger"]),
        ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"]),
        ("Jane Doe, John Smith", ["Jane Doe", "John Smith"]),
        ("Redaktion", []),
        ("Email the author", []),
        ("max@example.org", []),
        ("Von Hinrich Janssen | 28. September 2007", ["Hinrich Janssen"]),
        ("Von", []),  # the label alone; the name is in the next element
        ("Geschrieben vonElisa Marvena", ["Elisa Marvena"]),
        ("Publicado por Alberto González", ["Alberto González"]),
        ("Evan HalperStaff Writer", ["Evan Halper"]),
        ("Christoph Hein Chefredakteur", ["Christoph Hein"]),
        ("David Brand and Ramsey KhalifehPublished Nov 8", ["David Brand", "Ramsey Khalifeh"]),
        ("Perry Bacon Jr.", ["Perry Bacon Jr."]),
        ("Textor Müller", ["Textor Müller"]),
        ("BBNTEAM", ["BBNTEAM"]),
    ],
)
def test_author_names_are_split_and_cleaned(raw: str, names: list[str]) -> None:
    assert clean_names(raw) == names


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        (
            "Die Stadt hat den neuen Haushalt beschlossen und mehr Geld für die Schulen und die Straßen eingeplant, "
            "sagte der Bürgermeister am Dienstag nach der Sitzung des Rates, die bis in den Abend dauerte.",
            "en",
            "de",
        ),
        (
            "The city council has approved the new budget and set aside more money for the schools and the roads, "
            "the mayor said on Tuesday after a meeting of the council that went on until the evening.",
            "de",
            "en",
        ),
        ("Kurzer Text", "de", "de"),
        (
            "The city council has approved the new budget and set aside more money for the schools and the roads, "
            "the mayor said on Tuesday after a meeting of the council that went on until the evening.",
            None,
            "en",
        ),
    ],
)
def test_declared_language_is_checked_against_the_text(text: str, declared: str | None, expected: str) -> None:
    assert detect_language(text, declared) == expected


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("http://Example.org/artikel.php?id=5&PHPSESSID=abc123", "http://example.org/artikel.php?id=5"),
        ("http://example.org/a.php?utm_source=nl&utm_medium=email&id=7", "http://example.org/a.php?id=7"),
        ("http://example.org/news;jsessionid=A1B2C3?id=9&sort=date", "http://example.org/news?id=9"),
        ("http://example.org/archiv.php?seite=1", "http://example.org/archiv.php"),
        ("http://example.org/index.html", "http://example.org/"),
        ("http://example.org/a.php?id=3&sid=deadbeef#top", "http://example.org/a.php?id=3"),
    ],
)
def test_url_cleaning_drops_sessions_and_tracking(url: str, clean: str) -> None:
    assert clean_url(url) == clean


def test_rel_canonical_on_same_site_wins_other_site_ignored() -> None:
    same = extract_page(
        _page(ARTICLE_TEXT, '<link rel="canonical" href="/artikel.php?id=5">'),
        "http://example.org/artikel.php?id=5&sid=1",
        fetched_at=FETCHED,
    )
    assert same.canonical_url == "http://example.org/artikel.php?id=5"
    other = extract_page(
        _page(ARTICLE_TEXT, '<link rel="canonical" href="http://spam.example.com/x">'),
        "http://example.org/artikel.php?id=5&sid=1",
        fetched_at=FETCHED,
    )
    assert other.canonical_url == "http://example.org/artikel.php?id=5"


def test_translations_from_hreflang_and_language_switch() -> None:
    head = (
        '<link rel="alternate" hreflang="fr" href="/fr/a.html"><link rel="alternate" hreflang="de" href="/de/a.html">'
    )
    body = '<div><b>Deutsch</b> | <a href="/en/a.html">English</a></div>' + ARTICLE_TEXT
    record = extract_page(_page(body, head), "http://example.org/de/a.html", fetched_at=FETCHED)
    assert record.translations == {"fr": "http://example.org/fr/a.html", "en": "http://example.org/en/a.html"}


@pytest.mark.parametrize(
    ("url", "home"),
    [
        ("http://a.de/", True),
        ("http://a.de/en/", True),
        ("http://a.de/de-at/", True),
        ("http://a.de/english/", True),
        ("http://a.de/index_en.html", True),
        ("http://a.de/en/index.html", True),
        ("http://a.de/?lang=en", True),
        ("http://a.de/ok", False),
        ("http://a.de/xy.html", False),
        ("http://a.de/news/", False),
        ("http://a.de/en/news/a.html", False),
        ("http://a.de/index.php?id=5", False),
        ("http://a.de/news/artikel.php?id=5&lang=en", False),
    ],
)
def test_start_pages_are_recognised_by_url(url: str, home: bool) -> None:
    assert is_language_home(url) is home


@pytest.mark.parametrize(
    ("page_url", "switch_href", "expected"),
    [
        # the other language's start page is not a translation of an article...
        ("http://example.org/news/artikel.php?id=4", "/en/", {}),
        ("http://example.org/news/artikel.php?id=4", "/index_en.html", {}),
        ("http://example.org/news/artikel.php?id=4", "/?lang=en", {}),
        ("http://example.org/de/news/a.html", "/english/", {}),
        # ...but it is the translation of a start page, and an article's own translation always counts
        ("http://example.org/", "/en/", {"en": "http://example.org/en/"}),
        ("http://example.org/de/", "/en/index.html", {"en": "http://example.org/en/index.html"}),
        (
            "http://example.org/news/artikel.php?id=4",
            "/news/artikel.php?id=4&lang=en",
            {"en": "http://example.org/news/artikel.php?id=4&lang=en"},
        ),
    ],
)
def test_language_switch_to_a_start_page_is_no_article_translation(
    page_url: str, switch_href: str, expected: dict[str, str]
) -> None:
    body = f'<div><b>Deutsch</b> | <a href="{switch_href}">English</a></div>' + ARTICLE_TEXT
    assert extract_page(_page(body), page_url, fetched_at=FETCHED).translations == expected


@pytest.mark.parametrize(
    ("url", "body_attrs", "title", "is_print"),
    [
        ("http://example.org/artikel.php?id=3&druck=1", "", "Artikel", True),
        ("http://example.org/print.php?id=3", "", "Artikel", True),
        ("http://example.org/artikel.php?id=3", ' onload="window.print()"', "Artikel", True),
        ("http://example.org/artikel.php?id=3", "", "Druckversion: Artikel", True),
        ("http://example.org/artikel.php?id=3", "", "Artikel", False),
    ],
)
def test_print_version_detection(url: str, body_attrs: str, title: str, is_print: bool) -> None:
    html = (
        f'<html><head><meta charset="utf-8"><title>{title}</title></head><body{body_attrs}>{ARTICLE_TEXT}</body></html>'
    )
    assert extract_page(html.encode(), url, fetched_at=FETCHED).is_print is is_print


@pytest.mark.parametrize(
    ("body", "url", "kind"),
    [
        (
            f"<h1>Haushalt für das Jahr 2008 beschlossen</h1><p>14. September 2007</p>{ARTICLE_TEXT}",
            "http://example.org/artikel.php?id=1",
            PageKind.ARTICLE,
        ),
        (
            "".join(
                f'<p><b><a href="/a{n}">Meldung Nummer {n} aus der Region</a></b><br>0{n}.03.2009<br>'
                f'Kurzer Anrisstext zur Meldung. <a href="/a{n}">mehr &raquo;</a></p>'
                for n in range(1, 7)
            ),
            "http://example.org/news/archiv.php",
            PageKind.LISTING,
        ),
        # a start page that shows one dated story in full is still the start page, not that article
        (
            f"<h1>Haushalt für das Jahr 2008 beschlossen</h1><p>14. September 2007</p>{ARTICLE_TEXT}"
            + "".join(f'<a href="/artikel.php?id={n}">Meldung {n}</a> ' for n in range(12)),
            "http://example.org/",
            PageKind.LISTING,
        ),
        (
            f"<h1>Haushalt für das Jahr 2008 beschlossen</h1><p>14. September 2007</p>{ARTICLE_TEXT}"
            + "".join(f'<a href="/artikel.php?id={n}">Meldung {n}</a> ' for n in range(12)),
            "http://example.org/artikel.php?id=1",
            PageKind.ARTICLE,
        ),
        (
            "<h1>Impressum</h1><p>Verantwortlich: Max Mustermann, Musterstraße 1, 12345 Musterstadt</p>",
            "http://example.org/impressum.html",
            PageKind.OTHER,
        ),
        (
            '<form action="/send"><input name="n"></form><p>Schreiben Sie uns: <a href="mailto:a@b.de">a@b.de</a></p>',
            "http://example.org/kontakt.html",
            PageKind.OTHER,
        ),
    ],
)
def test_page_kind(body: str, url: str, kind: PageKind) -> None:
    assert extract_page(_page(body), url, fetched_at=FETCHED).kind is kind


def test_frameset_is_other_and_exposes_frames() -> None:
    html = (
        b'<html><head><title>Site</title></head><frameset cols="150,*"><frame src="nav.html">'
        b'<frame src="/content/start.html"></frameset></html>'
    )
    record = extract_page(html, "http://example.org/index.html", fetched_at=FETCHED)
    assert record.kind is PageKind.OTHER
    assert "http://example.org/nav.html" in record.outlinks
    assert "http://example.org/content/start.html" in record.outlinks


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Neue Brücke eröffnet - Stadtnachrichten", "Stadtnachrichten", "Neue Brücke eröffnet"),
        ("Stadtnachrichten | Neue Brücke eröffnet", "Stadtnachrichten", "Neue Brücke eröffnet"),
        ("Brücke: Eröffnung im April – Stadtnachrichten", "Stadtnachrichten", "Brücke: Eröffnung im April"),
        ("Druckversion: Neue Brücke eröffnet", "x", "Neue Brücke eröffnet"),
    ],
)
def test_site_name_is_stripped_from_title(title: str, site: str, expected: str) -> None:
    assert clean_title(title, [site]) == expected


def _multipage(page: int) -> bytes:
    nav = (
        '<p>Seite <b>1</b> | <a href="/a.php?id=6&amp;seite=2">2</a></p>'
        if page == 1
        else ('<p>Seite <a href="/a.php?id=6">1</a> | <b>2</b></p>')
    )
    text = (
        "Erster Teil des langen Artikels über die Windenergie an der Küste. " * 8
        if page == 1
        else "Zweiter Teil des langen Artikels mit weiteren Einzelheiten zum Bau. " * 8
    )
    return _page(f"<h1>Windenergie: Zulieferer rüsten sich</h1><p>16. November 2007</p><p>{text}</p>{nav}")


def test_multi_page_article_is_linked_and_merged() -> None:
    first = extract_page(_multipage(1), "http://example.org/a.php?id=6", fetched_at=FETCHED)
    second = extract_page(_multipage(2), "http://example.org/a.php?id=6&seite=2", fetched_at=FETCHED)
    assert first.continuation_urls == ["http://example.org/a.php?id=6&seite=2"]
    assert second.part_of == "http://example.org/a.php?id=6"
    merged = merge_pages([second, first])
    assert merged.url == first.url
    assert "Erster Teil" in merged.text and "Zweiter Teil" in merged.text
    assert merged.text.index("Erster Teil") < merged.text.index("Zweiter Teil")
    assert "Seite" not in merged.text
    assert merged.part_of is None
    assert merged.published == datetime(2007, 11, 16, tzinfo=UTC)


def test_real_page_from_benchmark() -> None:
    body = (FIXTURES / "cnn-android-2013.html").read_bytes()
    record = extract_page(
        body, "http://www.cnn.com/2013/09/04/tech/mobile/android-kitkat/index.html", fetched_at=FETCHED
    )
    assert record.kind is PageKind.ARTICLE
    assert record.title == "New version of Android sweetened by KitKat"
    assert record.published is not None and record.published.date().isoformat() == "2013-09-04"
    assert record.language == "en"
    assert "KitKat" in record.text
