"""Dialect-specific INSERT ... ON CONFLICT, all in this one place (SQLite and PostgreSQL).

The statements are built once per shape (dialect, table, key and update columns) and kept: the
values travel as execution parameters, so SQLAlchemy reuses its compiled form and cache key instead
of rebuilding the construct (and its ``excluded`` alias) for every row written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import Base

_INSERTS: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
_STATEMENTS: dict[tuple[Any, ...], Any] = {}


def on_conflict(
    dialect: str,
    model: type[Base],
    keys: Sequence[str],
    *,
    update: Sequence[str] = (),
    increment: Sequence[str] = (),
    returning: Sequence[str] = ("id",),
) -> Any:
    """``INSERT ... ON CONFLICT (keys) DO UPDATE SET col = excluded.col`` (or DO NOTHING) ``RETURNING ...``.

    ``update`` columns take the new value, ``increment`` columns add it to the stored one; with
    neither the conflicting row is left alone (and returns nothing). Execute it with the values as
    parameters (a list of them for many rows: one multi-row INSERT). Built once per shape.
    """
    shape = (dialect, model, tuple(keys), tuple(update), tuple(increment), tuple(returning))
    statement = _STATEMENTS.get(shape)
    if statement is not None:
        return statement
    build = _INSERTS.get(dialect)
    if build is None:
        raise NotImplementedError(f"no upsert for dialect {dialect}")
    table = model.__table__
    assert isinstance(table, Table)
    statement = build(table)
    if update or increment:
        changes = {col: statement.excluded[col] for col in update}
        changes.update({col: table.c[col] + statement.excluded[col] for col in increment})
        statement = statement.on_conflict_do_update(index_elements=list(keys), set_=changes)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(keys))
    if returning:
        statement = statement.returning(*(table.c[col] for col in returning), sort_by_parameter_order=False)
    _STATEMENTS[shape] = statement
    return statement


def dialect_name(session: Session) -> str:
    """The dialect of the session's database ("sqlite", "postgresql")."""
    return session.get_bind().dialect.name


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
    statement = on_conflict(dialect_name(session), model, keys, update=update)
    row_id = session.execute(statement, dict(values)).scalar_one_or_none()
    return int(row_id) if row_id is not None else None


def insert_ignore(
    session: Session,
    model: type[Base],
    rows: Sequence[Mapping[str, Any]],
    keys: Sequence[str],
    returning: Sequence[str] = (),
) -> Sequence[Sequence[Any]]:
    """Insert many rows in one statement; rows whose unique ``keys`` already exist are left alone.

    With ``returning`` columns, the inserted rows' values of them (in no particular order; the rows
    left alone return nothing).
    """
    if not rows:
        return []
    statement = on_conflict(dialect_name(session), model, keys, returning=returning)
    result = session.execute(statement, list(rows))
    return result.all() if returning else []


def upsert_many(
    session: Session,
    model: type[Base],
    rows: Sequence[Mapping[str, Any]],
    keys: Sequence[str],
    *,
    increment: Sequence[str],
    returning: Sequence[str],
) -> Sequence[Sequence[Any]]:
    """Insert many rows in one statement; on a conflict add the row's ``increment`` columns to the stored ones.

    Returns the ``returning`` columns of every row, inserted or updated (in no particular order).
    Rows are written in the given order: give them sorted by key, so concurrent writers lock in one
    global order.
    """
    if not rows:
        return []
    statement = on_conflict(dialect_name(session), model, keys, increment=increment, returning=returning)
    return session.execute(statement, list(rows)).all()
