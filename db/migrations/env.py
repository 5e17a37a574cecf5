"""Alembic environment: runs migrations on a connection handed in by db.schema, or on NACHLESE_DB_URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy.engine import Connection

from db.models import Base
from db.schema import include_object

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Use the connection from db.schema.upgrade, else connect to NACHLESE_DB_URL (alembic CLI)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from db.engine import make_engine  # noqa: PLC0415 - only the CLI path needs an engine

    url = config.get_main_option("sqlalchemy.url") or os.environ.get("NACHLESE_DB_URL")
    if not url:
        raise SystemExit("set NACHLESE_DB_URL (or sqlalchemy.url) to the database to migrate")
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported: the full-text objects differ per dialect")
run_migrations_online()
