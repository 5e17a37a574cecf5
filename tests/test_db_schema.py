"""Migrations and engine errors: upgrade from empty, models match migrations, newer schemas refused."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from db.engine import make_engine, parse_url
from db.errors import (
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseUnavailableError,
    DatabaseURLError,
    SchemaOutdatedError,
    SchemaTooNewError,
)
from db.models import Base
from db.schema import check_current, current_revision, head_revision, include_object, upgrade
from tests.requirements import missing

TABLES = {
    "sites",
    "crawl_runs",
    "pages",
    "url_aliases",
    "articles",
    "article_versions",
    "entities",
    "mentions",
    "links",
    "images",
    "translations",
}
VIEWS = {"article_entities", "entity_cooccurrence", "articles_per_month"}


def test_upgrade_from_empty_creates_everything(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None
        with pytest.raises(SchemaOutdatedError, match="nachlese db upgrade"):
            check_current(engine)
        assert upgrade(engine) == head_revision()
        assert current_revision(engine) == head_revision()
        check_current(engine)
        assert upgrade(engine) == head_revision()  # idempotent
        inspector = inspect(engine)
        assert set(inspector.get_table_names()) >= TABLES
        assert set(inspector.get_view_names()) >= VIEWS
    finally:
        engine.dispose()


# the lower() indexes of migration 0004 are hand-made (db.schema.UNMODELLED_OBJECTS); SQLite's reflection says so
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_models_match_migrations(db_engine: Engine) -> None:
    with db_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": False})
        assert compare_metadata(context, Base.metadata) == []


def test_newer_schema_revision_is_refused(db_engine: Engine) -> None:
    with db_engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed9999'"))
    with pytest.raises(SchemaTooNewError, match=r"f00dfeed9999.*newer nachlese"):
        upgrade(db_engine)
    with pytest.raises(SchemaTooNewError):
        check_current(db_engine)


def test_plain_path_is_sqlite_with_pragmas(tmp_path: Path) -> None:
    engine = make_engine(str(tmp_path / "archive.sqlite"))
    try:
        assert engine.dialect.name == "sqlite"
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg2://nachlese:s3cret@localhost:notaport/db",
        "mysql://nachlese:s3cret@localhost/db",
        "postgresql+nosuchdriver://nachlese:s3cret@localhost/db",
        "   ",
    ],
)
def test_malformed_url_is_a_clear_error_without_password(url: str) -> None:
    with pytest.raises(DatabaseURLError) as caught:
        make_engine(url)
    assert "s3cret" not in str(caught.value)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("scheme", ["postgresql", "postgresql+psycopg", "postgresql+psycopg2"])
def test_unreachable_postgres_is_a_clear_error_without_password(scheme: str) -> None:
    url = f"{scheme}://nachlese:s3cret@127.0.0.1:{_closed_port()}/nachlese"
    with pytest.raises(DatabaseUnavailableError, match="cannot connect to postgresql") as caught:
        make_engine(url)
    assert "s3cret" not in str(caught.value)
    assert "***" in str(caught.value)


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailableError, match="does not exist"):
        make_engine(str(tmp_path / "no" / "such" / "dir" / "x.sqlite"))


def _migrated_file(tmp_path: Path) -> Path:
    path = tmp_path / "archive.sqlite"
    engine = make_engine(str(path))
    upgrade(engine)
    engine.dispose()
    return path


def test_read_only_sqlite_uri_is_a_clear_error(tmp_path: Path) -> None:
    path = _migrated_file(tmp_path)
    with pytest.raises(DatabaseReadOnlyError, match="read-only"):
        make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    engine = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true", readonly=True)  # reading is fine
    assert current_revision(engine) == head_revision()
    engine.dispose()


@pytest.fixture
def read_only_file(tmp_path: Path) -> Iterator[Path]:
    """A migrated SQLite file the current user cannot write (chmod, or chattr +i for root)."""
    path = _migrated_file(tmp_path)
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)
    if os.geteuid() != 0:
        path.chmod(0o444)
        tmp_path.chmod(0o555)
        yield path
        tmp_path.chmod(0o755)
        return
    result = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if result.returncode != 0:
        missing(f"cannot make a file read-only for root here: {result.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_read_only_sqlite_file_is_a_clear_error(read_only_file: Path) -> None:
    with pytest.raises(DatabaseReadOnlyError, match="read-only"):
        make_engine(str(read_only_file))


def test_locked_sqlite_is_a_clear_error(tmp_path: Path) -> None:
    path = _migrated_file(tmp_path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLockedError, match="locked"):
            make_engine(str(path), busy_timeout_ms=100)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_parse_url_keeps_urls_and_resolves_paths(tmp_path: Path) -> None:
    assert parse_url("sqlite:///x.db").database == "x.db"
    assert parse_url(str(tmp_path / "a.db")).database == str(tmp_path / "a.db")
    assert parse_url("postgresql+psycopg2://u:p@h/db").get_backend_name() == "postgresql"
