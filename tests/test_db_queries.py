"""Statistics, top entities and the analyst views on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from db.models import CrawlRun
from db.queries import EntityCount, MonthCount, cooccurring, stats, top_entities
from db.storage import mark_failed, store_page
from extract.record import EntityMention, Field, PageRecord
from tests.db_fixtures import SITE, article, fetched

Factory = sessionmaker[Session]


def store(factory: Factory, db_run: CrawlRun, record: PageRecord) -> None:
    with factory.begin() as session:
        store_page(session, db_run, fetched(record), record)


@pytest.fixture
def corpus(db_sessions: Factory, db_run: CrawlRun) -> Factory:
    """Merkel+Berlin (Nov 2007), Merkel+Hamburg (Nov 2007), Müller (May 2008, en), one undated, one failure."""
    store(db_sessions, db_run, article("1.html"))
    store(
        db_sessions,
        db_run,
        article(
            "2.html",
            title="Merkel in Hamburg",
            text="Angela Merkel sprach in Hamburg lange.",
            published=datetime(2007, 11, 30, 23, 30, tzinfo=UTC),
            published_has_time=True,
            entities=[
                EntityMention("Merkel", "PER", Field.TITLE, 0, 6, canonical="Angela Merkel"),
                EntityMention("Hamburg", "LOC", Field.TITLE, 10, 17),
            ],
        ),
    )
    store(
        db_sessions,
        db_run,
        article(
            "3.html",
            title="Müller trifft",
            text="Thomas Müller trifft zweimal für Bayern.",
            language="en",
            published=datetime(2008, 5, 1, tzinfo=UTC),
            entities=[EntityMention("Thomas Müller", "PER", Field.TEXT, 0, 13)],
        ),
    )
    store(
        db_sessions,
        db_run,
        article(
            "4.html",
            title="Ohne Datum",
            text="Ein Text ohne Datum und ohne Namen.",
            published=None,
            language=None,
            entities=[],
        ),
    )
    with db_sessions.begin() as session:
        mark_failed(session, db_run, SITE + "broken.html", 500, "HTTP 500")
    return db_sessions


def test_stats(corpus: Factory) -> None:
    with corpus() as session:
        result = stats(session)
    assert (result.articles, result.pages, result.failed_pages, result.undated_articles) == (4, 5, 1, 1)
    assert result.per_month == [MonthCount(2007, 11, 2), MonthCount(2008, 5, 1)]
    assert result.per_language == {"": 1, "de": 2, "en": 1}
    assert set(result.top_entities) == {"LOC", "PER"}
    assert result.top_entities["PER"][0] == EntityCount("PER", "Angela Merkel", 3, 2)


def test_top_entities(corpus: Factory) -> None:
    with corpus() as session:
        assert top_entities(session, top=2) == [
            EntityCount("PER", "Angela Merkel", 3, 2),
            EntityCount("LOC", "Berlin", 2, 1),
        ]
        assert [e.name for e in top_entities(session, label="LOC")] == ["Berlin", "Hamburg"]
        assert top_entities(session, label="ORG") == []


def test_cooccurrence(corpus: Factory) -> None:
    with corpus() as session:
        together = cooccurring(session, "Angela Merkel")
    assert {(e.name, e.articles) for e in together} == {("Berlin", 1), ("Hamburg", 1)}


def test_views(corpus: Factory) -> None:
    with corpus() as session:
        rows = session.execute(
            text(
                "SELECT canonical_url, label, canonical_name, field, start_offset, end_offset, mention_text "
                "FROM article_entities WHERE canonical_name = 'Hamburg'"
            )
        ).all()
        assert [tuple(r) for r in rows] == [(SITE + "2.html", "LOC", "Hamburg", "title", 10, 17, "Hamburg")]
        pairs = session.execute(
            text(
                "SELECT entity_a_name, entity_b_name, article_count FROM entity_cooccurrence "
                "ORDER BY entity_a_name, entity_b_name"
            )
        ).all()
        assert {frozenset((a, b)) for a, b, _ in pairs} == {
            frozenset(("Angela Merkel", "Berlin")),
            frozenset(("Angela Merkel", "Hamburg")),
        }
        months = session.execute(text("SELECT year, month, article_count FROM articles_per_month ORDER BY 1, 2"))
        assert [tuple(r) for r in months] == [(2007, 11, 2), (2008, 5, 1)]
