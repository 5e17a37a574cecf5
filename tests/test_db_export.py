"""JSON Lines export on SQLite and PostgreSQL: exact fields, date formats, translations, entity order."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.orm import Session, sessionmaker

from db.export import EXPORT_FIELDS, export_jsonl, iter_export_records
from db.models import CrawlRun
from db.storage import store_page
from extract.record import EntityMention, Field, PageRecord
from tests.db_fixtures import SITE, article, fetched

Factory = sessionmaker[Session]


def store(factory: Factory, db_run: CrawlRun, record: PageRecord, redirects: list[str] | None = None) -> None:
    with factory.begin() as session:
        store_page(session, db_run, fetched(record, redirect_urls=redirects or []), record)


def export(factory: Factory) -> list[dict[str, object]]:
    out = io.StringIO()
    with factory() as session:
        count = export_jsonl(session, out)
    lines = out.getvalue().splitlines()
    assert len(lines) == count
    return [json.loads(line) for line in lines]


def test_empty_database_exports_nothing(db_sessions: Factory) -> None:
    assert export(db_sessions) == []


def test_record_has_exactly_the_documented_fields(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article())
    [record] = export(db_sessions)
    assert tuple(record) == EXPORT_FIELDS
    assert record == {
        "url": SITE + "politik/merkel-1.html",
        "title": "Merkel besucht Berlin",
        "published": "2007-11-23",
        "language": "de",
        "lead": "Die Kanzlerin spricht über die Regierung.",
        "text": article().text,
        "authors": ["Hans Meier"],
        "category": "Politik",
        "translations": {},
        "entities": [
            {"text": "Merkel", "label": "PER", "field": "title", "start": 0, "end": 6},
            {"text": "Berlin", "label": "LOC", "field": "title", "start": 15, "end": 21},
            {"text": "Angela Merkel", "label": "PER", "field": "text", "start": 0, "end": 13},
            {"text": "Berlin", "label": "LOC", "field": "text", "start": 22, "end": 28},
        ],
    }


def test_published_with_time_has_offset_and_nulls(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(
        db_sessions,
        db_run,
        article(
            published=datetime(2009, 6, 4, 18, 30, tzinfo=UTC),
            published_has_time=True,
            lead=None,
            category=None,
            entities=[],
        ),
    )
    [record] = export(db_sessions)
    assert record["published"] == "2009-06-04T18:30:00+00:00"
    assert record["lead"] is None and record["category"] is None and record["entities"] == []


@pytest.mark.parametrize(
    ("published", "has_time", "expected"),
    [
        (datetime(2009, 3, 13, 14, 30, tzinfo=timezone(timedelta(hours=1))), True, "2009-03-13T14:30:00+01:00"),
        (datetime(2008, 7, 1, 9, 0, tzinfo=timezone(timedelta(hours=2))), True, "2008-07-01T09:00:00+02:00"),
        (datetime(2007, 11, 23, 0, 0, tzinfo=timezone(timedelta(hours=1))), False, "2007-11-23"),
    ],
)
def test_published_keeps_the_printed_offset(
    db_sessions: Factory, db_run: CrawlRun, published: datetime, has_time: bool, expected: str
) -> None:
    store(db_sessions, db_run, article(published=published, published_has_time=has_time))
    [record] = export(db_sessions)
    assert record["published"] == expected


def test_entities_are_ordered_by_field_then_start(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(
        db_sessions,
        db_run,
        article(
            entities=[
                EntityMention("Berlin", "LOC", Field.TEXT, 22, 28),
                EntityMention("Regierung", "ORG", Field.LEAD, 31, 40),
                EntityMention("Angela Merkel", "PER", Field.TEXT, 0, 13),
                EntityMention("Berlin", "LOC", Field.TITLE, 15, 21),
            ]
        ),
    )
    [record] = export(db_sessions)
    entities = record["entities"]
    assert isinstance(entities, list)
    assert [(e["field"], e["start"]) for e in entities] == [("title", 15), ("lead", 31), ("text", 0), ("text", 22)]


def test_translations_resolve_through_aliases_to_canonical(db_sessions: Factory, db_run: CrawlRun) -> None:
    english_alias = SITE + "index.php?lang=en&id=1"  # what the German page links to: a redirect
    store(
        db_sessions,
        db_run,
        article(
            "de/1.html",
            translations={
                "en": english_alias,
                "fr": SITE + "fr/1.html",  # fr never fetched: left out
            },
        ),
    )
    store(
        db_sessions,
        db_run,
        article(
            "en/1.html",
            language="en",
            title="Merkel visits Berlin",
            text="Angela Merkel met the mayor.",
            translations={"de": SITE + "de/1.html"},
            entities=[],
        ),
        redirects=[english_alias],
    )
    records = {r["url"]: r for r in export(db_sessions)}
    assert records[SITE + "de/1.html"]["translations"] == {"en": SITE + "en/1.html"}
    assert records[SITE + "en/1.html"]["translations"] == {"de": SITE + "de/1.html"}


def test_order_is_by_canonical_url_across_batches(db_sessions: Factory, db_run: CrawlRun, monkeypatch: object) -> None:
    import db.export  # noqa: PLC0415

    monkeypatch.setattr(db.export, "BATCH_SIZE", 2)  # type: ignore[attr-defined]
    for name in ("c", "a", "e", "b", "d"):
        store(db_sessions, db_run, article(f"{name}.html", text=f"Artikel {name} " * 5, entities=[]))
    with db_sessions() as session:
        assert [r["url"] for r in iter_export_records(session)] == [SITE + f"{n}.html" for n in "abcde"]
