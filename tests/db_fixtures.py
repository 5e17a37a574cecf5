"""Database fixtures (a pytest plugin): each test gets a fresh, migrated SQLite file and PostgreSQL schema.

PostgreSQL comes from NACHLESE_TEST_POSTGRES_URL (see scripts/services.sh). Without it the PostgreSQL
half is skipped locally, but fails when CI=true: CI must never silently skip it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, make_sessionmaker
from db.models import CrawlRun
from db.schema import upgrade
from db.storage import FetchedPage, get_or_create_site, start_run
from extract.record import EntityMention, Field, PageKind, PageRecord
from tests.requirements import missing

POSTGRES_ENV = "NACHLESE_TEST_POSTGRES_URL"
SITE = "http://news.example.org/"


def postgres_admin_url() -> str:
    """The PostgreSQL test URL, or skip (locally) / fail (CI) when it is not configured."""
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    missing(f'PostgreSQL: {POSTGRES_ENV} is not set (run: eval "$(bash scripts/services.sh)")')


@contextmanager
def fresh_postgres_schema(prefix: str = "test") -> Iterator[str]:
    """URL of a new, empty schema on the PostgreSQL test server (dropped afterwards)."""
    admin_url = postgres_admin_url()
    schema = f"{prefix}_{uuid.uuid4().hex[:16]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(admin_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh, empty database: an SQLite file, or a new schema on the PostgreSQL test server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'nachlese.sqlite'}"
        return
    with fresh_postgres_schema() as url:
        yield url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a fresh schema on the PostgreSQL test server (for tests that need PostgreSQL itself)."""
    with fresh_postgres_schema() as url:
        yield url


@pytest.fixture
def db_engine(db_url: str) -> Iterator[Engine]:
    """An engine on the fresh database, migrated to head."""
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def db_sessions(db_engine: Engine) -> sessionmaker[Session]:
    """The session factory callers use: ``with db_sessions.begin() as session``."""
    return make_sessionmaker(db_engine)


@pytest.fixture
def db_run(db_sessions: sessionmaker[Session]) -> CrawlRun:
    """A running crawl of SITE."""
    with db_sessions.begin() as session:
        site = get_or_create_site(session, SITE)
        return start_run(session, site)


def article(path: str = "politik/merkel-1.html", **changes: object) -> PageRecord:
    """An ARTICLE record of SITE built by hand; keyword arguments override fields."""
    url = SITE + path
    record = PageRecord(
        url=url,
        canonical_url=url,
        kind=PageKind.ARTICLE,
        title="Merkel besucht Berlin",
        lead="Die Kanzlerin spricht über die Regierung.",
        text="Angela Merkel traf in Berlin den Bürgermeister.\nDie Regierungen Europas hörten zu.",
        html="<p>Die Kanzlerin spricht.</p>",
        published=datetime(2007, 11, 23, tzinfo=UTC),
        published_raw="23. November 2007",
        published_has_time=False,
        language="de",
        category="Politik",
        authors=["Hans Meier"],
        entities=[
            EntityMention("Merkel", "PER", Field.TITLE, 0, 6, canonical="Angela Merkel"),
            EntityMention("Berlin", "LOC", Field.TITLE, 15, 21),
            EntityMention("Angela Merkel", "PER", Field.TEXT, 0, 13),
            EntityMention("Berlin", "LOC", Field.TEXT, 22, 28),
        ],
    )
    for name, value in changes.items():
        setattr(record, name, value)
    return record


def fetched(record_or_url: PageRecord | str, *, status: int = 200, body: bytes | None = None, **kw: Any) -> FetchedPage:
    """A FetchedPage for a record (its URL) or a URL, with a small HTML body."""
    url = record_or_url if isinstance(record_or_url, str) else record_or_url.url
    page_body = body if body is not None else f"<html><body>{url}</body></html>".encode()
    return FetchedPage(url=url, status=status, body=page_body, **kw)
