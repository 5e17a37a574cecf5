"""Sessions on an existing, current database for the commands that read (or annotate) what crawls stored."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from nachlese.errors import UsageError


def require_database(database_url: str) -> None:
    """Refuse a plain SQLite path that names no file: commands that work on stored pages must not create one."""
    from db.engine import parse_url  # noqa: PLC0415

    url = parse_url(database_url)
    sqlite_file = url.get_backend_name() == "sqlite" and url.database not in {None, "", ":memory:"}
    if sqlite_file and not Path(str(url.database)).is_file():
        raise UsageError(f"no database at {url.database}")


@contextmanager
def existing_database_session(database_url: str, *, readonly: bool = True) -> Iterator[Session]:
    """One transaction on a database that exists and has the current schema (never creates one)."""
    from db.engine import make_engine, make_sessionmaker  # noqa: PLC0415
    from db.schema import check_current  # noqa: PLC0415

    require_database(database_url)
    engine = make_engine(database_url, readonly=readonly)
    try:
        check_current(engine)
        with make_sessionmaker(engine).begin() as session:
            yield session
    finally:
        engine.dispose()
