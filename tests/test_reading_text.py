"""The reading view's text helpers and page loaders without a browser: highlights, sentences, diffs, timelines."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from datasette.database import QueryInterrupted

from db.engine import make_engine, make_sessionmaker
from db.schema import upgrade
from db.storage import get_or_create_site, start_run, store_page
from extract.record import PageKind, PageRecord
from nachlese.datasette import entity_page
from nachlese.datasette.article_page import load_article
from nachlese.datasette.entity_page import load_entity, timeline
from nachlese.datasette.found_on import build
from nachlese.datasette.text import Span, highlight, paragraph_changes, sentence_around, time_text, word_diff
from tests.db_fixtures import SITE, article, fetched


def link(entity_id: int) -> str:
    return f"/db/entities/{entity_id}"


def test_highlight_links_every_mention_and_splits_paragraphs() -> None:
    text = "Angela Merkel traf in Berlin den Bürgermeister.\nDie <Regierung> hörte zu."
    paragraphs = highlight(text, [Span(22, 28, 2, "LOC", "Berlin"), Span(0, 13, 1, "PER", "Angela Merkel")], link)
    assert [str(p) for p in paragraphs] == [
        '<a class="entity entity-PER" href="/db/entities/1" title="PER: Angela Merkel" data-entity="1">Angela Merkel'
        '</a> traf in <a class="entity entity-LOC" href="/db/entities/2" title="LOC: Berlin" data-entity="2">Berlin'
        "</a> den Bürgermeister.",
        "Die &lt;Regierung&gt; hörte zu.",  # the text is escaped
    ]


@pytest.mark.parametrize(
    ("spans", "linked"),
    [
        ([Span(0, 13, 1, "PER", "A"), Span(7, 13, 2, "PER", "B")], ["Angela Merkel"]),  # overlap: the first
        ([Span(7, 13, 2, "PER", "B"), Span(0, 13, 1, "PER", "A")], ["Angela Merkel"]),  # whatever the order
        ([Span(0, 99, 1, "PER", "A")], []),  # beyond the text: ignored
        ([Span(5, 5, 1, "PER", "A")], []),  # empty
    ],
)
def test_highlight_survives_overlapping_and_stale_mentions(spans: list[Span], linked: list[str]) -> None:
    html = "".join(highlight("Angela Merkel kam.", spans, link))
    assert html.count("<a ") == len(linked)
    for name in linked:
        assert f">{name}</a>" in html
    assert html.replace("</a>", "").endswith(" kam.")


@pytest.mark.parametrize(
    ("window", "mention", "expected"),
    [
        ("Erster Satz. Dann sagte Anneke de Vries, es geht. Danach mehr.", "Anneke de Vries",
         ("Dann sagte ", "Anneke de Vries", ", es geht.")),
        ("Absatz eins\nAnneke de Vries spricht. Weiter.", "Anneke de Vries", ("", "Anneke de Vries", " spricht.")),
        ("z. B. die Firma Meyer baut", "Meyer", ("z. B. die Firma ", "Meyer", " baut")),  # not a sentence end
        ("Am 5. März kam Dr. Meyer nach Leer. Dann ging er.", "Meyer", ("Am 5. März kam Dr. ", "Meyer", " nach Leer.")),
    ],
)
def test_sentence_around(window: str, mention: str, expected: tuple[str, str, str]) -> None:
    start = window.index(mention)
    found = sentence_around(window, start, start + len(mention))
    assert (found.before, found.mention, found.after) == expected


def test_sentence_around_cuts_long_sentences() -> None:
    window = "wort " * 100 + "Name" + " wort" * 100
    found = sentence_around(window, 500, 504)
    assert found.mention == "Name"
    assert found.before.startswith("…") and found.after.endswith("…")
    assert len(found.before) < 170 and len(found.after) < 170


def test_word_diff_and_paragraph_changes() -> None:
    assert str(word_diff("Der Hafen wächst.", "Der Hafen wächst stark.")) == (
        "Der Hafen <del>wächst.</del> <ins>wächst stark.</ins>")
    assert str(word_diff("a <b>", "a <c>")) == "a <del>&lt;b&gt;</del> <ins>&lt;c&gt;</ins>"
    changes = paragraph_changes("Eins.\nZwei.\nDrei.", "Eins.\nZwei!\nDrei.\nVier.")
    assert [str(change.diff) for change in changes] == ["<del>Zwei.</del> <ins>Zwei!</ins>", "<ins>Vier.</ins>"]
    assert paragraph_changes("Gleich.", "Gleich.") == []


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("2026-12-02 13:55:07.905526", "2026-12-02 13:55 UTC"), (None, ""), ("2026-12-02T14:55:00+01:00",
                                                                            "2026-12-02 13:55 UTC")],
)
def test_time_text(stored: str | None, shown: str) -> None:
    assert time_text(stored) == shown


def test_timeline_fills_empty_months_and_switches_to_years() -> None:
    periods, unit = timeline([("2007-11", 2, 1), ("2008-02", 1, 1)])
    assert unit == "month"
    assert [(p.period, p.mentions) for p in periods] == [("2007-11", 2), ("2007-12", 0), ("2008-01", 0),
                                                          ("2008-02", 1)]
    periods, unit = timeline([("2001-01", 3, 2), ("2001-05", 1, 1), ("2012-12", 4, 4)])
    assert unit == "year"
    assert periods[0].period == "2001" and (periods[0].mentions, periods[0].articles) == (4, 3)
    assert [p.period for p in periods][-1] == "2012" and len(periods) == 12
    assert timeline([]) == ([], "month")


class Results:
    """The part of Datasette's query results the loaders use."""

    def __init__(self, rows: list[sqlite3.Row]) -> None:
        self.rows = rows

    def first(self) -> sqlite3.Row | None:
        return self.rows[0] if self.rows else None

    def __iter__(self) -> Iterator[sqlite3.Row]:
        return iter(self.rows)


class Database:
    """An SQLite file queried as Datasette's Database is; ``slow`` SQL raises QueryInterrupted (a time-out)."""

    def __init__(self, path: Path, slow: str | None = None) -> None:
        self.connection = sqlite3.connect(path)
        self.connection.row_factory = sqlite3.Row
        self.slow = slow

    async def execute(self, sql: str, params: dict[str, Any] | None = None) -> Results:
        if sql == self.slow:
            raise QueryInterrupted(None, sql, params)
        return Results(self.connection.execute(sql, params or {}).fetchall())


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    path = tmp_path / "one.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with make_sessionmaker(engine).begin() as session:
        record = article()
        store_page(session, start_run(session, get_or_create_site(session, SITE)), fetched(record), record)
    engine.dispose()
    return path


def test_loaders_read_a_stored_article_and_entity(stored: Path) -> None:
    db = Database(stored)
    page = asyncio.run(load_article(db, 1, link))
    assert page is not None
    assert page.title_text == "Merkel besucht Berlin" and page.published == "2007-11-23"
    assert page.authors == ["Hans Meier"] and page.labels == {"LOC": 2, "PER": 2}
    assert page.title.count("<a ") == 2 and "".join(page.text).count("<a ") == 2
    merkel = db.connection.execute("SELECT id FROM entities WHERE canonical_name = 'Angela Merkel'").fetchone()[0]
    entity = asyncio.run(load_entity(db, merkel))
    assert entity is not None
    assert (entity.mention_count, entity.article_count) == (2, 1)
    assert {name.text for name in entity.names} == {"Merkel", "Angela Merkel"}
    assert entity.companions and entity.companions[0].name == "Berlin"
    assert [context.mention for context in entity.articles[0].contexts] == ["Merkel", "Angela Merkel"]
    assert asyncio.run(load_article(db, 99, link)) is None and asyncio.run(load_entity(db, 99)) is None


def test_entity_page_survives_a_time_out_of_its_companions(stored: Path) -> None:
    db = Database(stored, slow=entity_page._COMPANIONS)
    entity = asyncio.run(load_entity(db, 1))
    assert entity is not None and entity.companions is None
    assert entity.mention_count >= 1  # the rest of the page is there


def test_found_on_maps_listing_links_to_articles(stored: Path) -> None:
    engine = make_engine(f"sqlite:///{stored}")
    listings = {
        "archiv.html": b'<a href="politik/merkel-1.html?PHPSESSID=0123456789abcdef0123456789abcdef">Merkel</a>',
        "leer.html": b'<a href="impressum.html">Impressum</a>',
        "kaputt.html": b"<a href='politik/merkel-1.html'>x</a>",
    }
    with make_sessionmaker(engine).begin() as session:
        run = start_run(session, get_or_create_site(session, SITE))
        for name, body in listings.items():
            record = PageRecord(url=SITE + name, canonical_url=SITE + name, kind=PageKind.LISTING)
            store_page(session, run, fetched(record, body=b"<html><body>" + body + b"</body></html>"), record)
    engine.dispose()
    connection = sqlite3.connect(stored)
    connection.execute("UPDATE pages SET body = x'00ff' WHERE url = ?", (SITE + "kaputt.html",))  # not zlib
    index = build(connection)
    assert index.listings_read == 2  # the broken page is skipped with a warning
    assert index.for_article(1) == [SITE + "archiv.html"]  # the session id dropped, as the crawl drops it
    assert index.for_article(2) == []
