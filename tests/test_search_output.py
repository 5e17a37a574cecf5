"""`nachlese search` output: snippets on one line, `published` in the export's form (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.orm import Session, sessionmaker

from db.export import iter_export_records
from db.models import CrawlRun
from db.search import one_line, search
from db.storage import store_page
from tests.conftest import run_cli
from tests.db_fixtures import article, fetched

CET = timezone(timedelta(hours=1))
# paragraphs short enough that one snippet spans the newline between them
PARAGRAPHS = "Der Hafen wächst.\nIm Hafen liegen Schiffe.\nDer Hafen ist voll."


@pytest.fixture
def stored(db_sessions: sessionmaker[Session], db_run: CrawlRun) -> sessionmaker[Session]:
    """A date-only article and one printed with a time in CET, both with several paragraphs."""
    records = [
        article("de/datum.html", title="Hafen ohne Uhrzeit", text=PARAGRAPHS, entities=[],
                published=datetime(2007, 12, 5, tzinfo=UTC), published_has_time=False),
        article("de/uhrzeit.html", title="Hafen mit Uhrzeit", text=PARAGRAPHS, entities=[],
                published=datetime(2009, 3, 13, 14, 30, tzinfo=CET), published_has_time=True),
    ]
    with db_sessions.begin() as session:
        for record in records:
            store_page(session, db_run, fetched(record), record)
    return db_sessions


def test_published_is_written_as_the_export_writes_it(stored: sessionmaker[Session]) -> None:
    with stored() as session:
        exported = {record["url"]: record["published"] for record in iter_export_records(session)}
        found = {hit.url: hit.as_record()["published"] for hit in search(session, "Hafen")}
    assert found == exported
    assert sorted(found.values()) == ["2007-12-05", "2009-03-13T14:30:00+01:00"]


def test_snippets_are_one_line(stored: sessionmaker[Session]) -> None:
    with stored() as session:
        hits = search(session, "Hafen")
    assert hits
    for hit in hits:
        assert "\n" not in hit.snippet
        assert "[Hafen]" in hit.snippet
        assert "wächst. Im" in hit.snippet  # the paragraphs are joined by one space, not glued together


def test_cli_json_and_text_output(stored: sessionmaker[Session], db_url: str) -> None:
    result = run_cli("search", "--db", db_url, "Hafen", "--format", "json")
    published = sorted(hit["published"] for hit in json.loads(result.stdout))
    assert published == ["2007-12-05", "2009-03-13T14:30:00+01:00"]
    text = run_cli("search", "--db", db_url, "Hafen").stdout.splitlines()
    assert len(text) == 3 * 2  # title, URL and snippet per hit, each on its own line
    assert any("[2009-03-13T14:30:00+01:00, de]" in line for line in text)
    assert all(line.startswith(("  1. ", "  2. ", "     ")) for line in text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("a\nb", "a b"), ("  a \n\n b\t c ", "a b c"), ("", ""), ("[hit]…\r\nnext", "[hit]… next")],
)
def test_one_line(raw: str, expected: str) -> None:
    assert one_line(raw) == expected
