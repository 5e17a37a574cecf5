"""Dialect-specific INSERT ... ON CONFLICT, all in this one place (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import Base

UpsertFn = Callable[[Table, Mapping[str, Any], Sequence[str], Sequence[str]], Any]


def _sqlite_upsert(table: Table, values: Mapping[str, Any], keys: Sequence[str], update: Sequence[str]) -> Any:
    return _on_conflict(sqlite.insert(table).values(**values), table, keys, update)


def _postgresql_upsert(table: Table, values: Mapping[str, Any], keys: Sequence[str], update: Sequence[str]) -> Any:
    return _on_conflict(postgresql.insert(table).values(**values), table, keys, update)


def _on_conflict(stmt: Any, table: Table, keys: Sequence[str], update: Sequence[str]) -> Any:
    """``ON CONFLICT (keys) DO UPDATE SET col = excluded.col`` (or DO NOTHING), returning the id.

    The SQLite and PostgreSQL insert constructs share this API, not a base class.
    """
    if update:
        stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_={col: stmt.excluded[col] for col in update})
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    return stmt.returning(table.c.id)


_UPSERTS: dict[str, UpsertFn] = {"sqlite": _sqlite_upsert, "postgresql": _postgresql_upsert}


def upsert(
    session: Session,
    model: type[Base],
    values: Mapping[str, Any],
    keys: Sequence[str],
    update: Sequence[str] = (),
) -> int | None:
    """Insert ``values`` into the model's table; on a conflict on the unique ``keys`` update the ``update`` columns.

    Returns the row id. With no ``update`` columns a conflicting row is left alone and None is
    returned (the caller looks the existing row up).
    """
    table = model.__table__
    assert isinstance(table, Table)
    build = _UPSERTS.get(session.get_bind().dialect.name)
    if build is None:
        raise NotImplementedError(f"no upsert for dialect {session.get_bind().dialect.name}")
    row_id = session.execute(build(table, values, keys, update)).scalar_one_or_none()
    return int(row_id) if row_id is not None else None


def insert_ignore(session: Session, model: type[Base], rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> None:
    """Insert many rows at once; rows whose unique ``keys`` already exist are left alone (in the given order)."""
    if not rows:
        return
    table = model.__table__
    assert isinstance(table, Table)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        statement: Any = sqlite.insert(table)
    elif dialect == "postgresql":
        statement = postgresql.insert(table)
    else:
        raise NotImplementedError(f"no upsert for dialect {dialect}")
    session.execute(statement.on_conflict_do_nothing(index_elements=list(keys)), list(rows))
