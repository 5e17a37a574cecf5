"""Engine and session factory: URLs or plain paths in, a checked Engine out, readable errors."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from db.errors import (
    DatabaseError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DatabaseUnavailableError,
    DatabaseURLError,
)

logger = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT_MS = 5000  # how long an SQLite writer waits for another writer's lock
DEFAULT_CONNECT_TIMEOUT_S = 5  # how long to wait for a PostgreSQL server to answer


def parse_url(url: str) -> URL:
    """Turn a SQLAlchemy URL or a plain file path (-> SQLite) into a URL; raise DatabaseURLError."""
    text = url.strip()
    if not text:
        raise DatabaseURLError("empty database URL: give a SQLAlchemy URL or a path to an SQLite file")
    if "://" not in text:
        if text == ":memory:":
            return URL.create("sqlite")
        return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))
    try:
        parsed = make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseURLError(f"malformed database URL {_redact(text)!r}: {exc}") from None
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise DatabaseURLError(
            f"unsupported database {parsed.get_backend_name()!r} in "
            f"{parsed.render_as_string(hide_password=True)}: use sqlite:/// or postgresql+psycopg2://"
        )
    return parsed


def make_engine(
    url: str,
    *,
    readonly: bool = False,
    check: bool = True,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    echo: bool = False,
) -> Engine:
    """Create an Engine for ``url`` (SQLAlchemy URL or SQLite file path).

    SQLite connections get WAL journaling (readers never block the writer), enforced foreign keys and a
    busy timeout; transactions are opened by an explicit ``BEGIN`` so a session is one real transaction
    (``store_page`` writes first, so concurrent writers queue on the busy timeout).
    With ``check`` the database is contacted once now, so a wrong URL, an unreachable server,
    a read-only or locked file fails here with a :class:`DatabaseError` that says what is wrong.
    ``readonly`` skips the write probe (for searching a copy you may not write).
    """
    parsed = parse_url(url)
    shown = parsed.render_as_string(hide_password=True)
    kwargs: dict[str, Any] = {"echo": echo}
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_path(parsed, shown)
        kwargs["connect_args"] = {"timeout": busy_timeout_ms / 1000}
    else:
        kwargs["pool_pre_ping"] = True
        if parsed.get_driver_name() in {"psycopg2", "psycopg"} and "connect_timeout" not in parsed.query:
            kwargs["connect_args"] = {"connect_timeout": DEFAULT_CONNECT_TIMEOUT_S}
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError, ArgumentError) as exc:
        raise DatabaseURLError(f"cannot use database URL {shown}: {exc}") from None
    if engine.dialect.name == "sqlite":
        _install_sqlite_hooks(engine, busy_timeout_ms, readonly)
    if check:
        check_connection(engine, write=not readonly)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """A session factory for callers: ``with Session.begin() as session: store_page(session, ...)``.

    Objects stay usable after commit (``expire_on_commit=False``), so a ``CrawlRun`` from one
    transaction can be handed to ``store_page`` in the next.
    """
    return sessionmaker(engine, expire_on_commit=False)


def check_connection(engine: Engine, *, write: bool = True) -> None:
    """Connect once; with ``write`` also prove we may write. Raise a DatabaseError saying why not."""
    try:
        with engine.connect() as conn:
            if write and engine.dialect.name == "sqlite":
                # A real write, rolled back: the only way to learn that a file is read-only or locked.
                with conn.begin() as trans:
                    conn.exec_driver_sql("CREATE TABLE _nachlese_write_probe (x INTEGER)")
                    trans.rollback()
            else:
                conn.exec_driver_sql("SELECT 1")
    except SADatabaseError as exc:
        raise translate_error(exc, engine.url) from None


def translate_error(exc: SADatabaseError, url: URL) -> DatabaseError:
    """Map a driver error to a DatabaseError with a readable message (password hidden)."""
    shown = url.render_as_string(hide_password=True)
    orig = exc.orig
    detail = _first_line(str(orig) if orig is not None else str(exc))
    if url.password:
        detail = detail.replace(str(url.password), "***")
    if isinstance(orig, sqlite3.Error):
        name = getattr(orig, "sqlite_errorname", "")
        if name.startswith("SQLITE_READONLY") or "readonly" in detail:
            return DatabaseReadOnlyError(f"SQLite database {url.database} is read-only: {detail}")
        if name.startswith("SQLITE_BUSY") or "locked" in detail:
            return DatabaseLockedError(
                f"SQLite database {url.database} is locked by another process (waited for the busy timeout): {detail}"
            )
        if name.startswith("SQLITE_CANTOPEN"):
            return DatabaseUnavailableError(f"cannot open SQLite database {url.database}: {detail}")
        if name.startswith("SQLITE_NOTADB"):
            return DatabaseError(f"{url.database} is not an SQLite database: {detail}")
        return DatabaseError(f"SQLite error on {url.database}: {detail}")
    if isinstance(exc, OperationalError):
        return DatabaseUnavailableError(f"cannot connect to {shown}: {detail}")
    return DatabaseError(f"database error on {shown}: {detail}")


def _check_sqlite_path(url: URL, shown: str) -> None:
    database = url.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    parent = Path(database).parent
    if not parent.is_dir():
        raise DatabaseUnavailableError(f"cannot create SQLite database {shown}: directory {parent} does not exist")


def _install_sqlite_hooks(engine: Engine, busy_timeout_ms: int, readonly: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            if not readonly:
                try:
                    cursor.execute("PRAGMA journal_mode = WAL")
                except sqlite3.OperationalError as exc:  # read-only file: reported by check_connection
                    logger.debug("cannot switch %s to WAL: %s", engine.url.database, exc)
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def _redact(text: str) -> str:
    """Hide the password of a URL-like string that SQLAlchemy could not parse."""
    scheme, sep, rest = text.partition("://")
    if not sep or "@" not in rest:
        return text
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else text
