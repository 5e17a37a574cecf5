"""`nachlese db upgrade|current`: create or migrate the database schema."""

from __future__ import annotations

import argparse
from typing import Any


def handle_upgrade(args: argparse.Namespace) -> int:
    from db.engine import make_engine  # noqa: PLC0415
    from db.schema import current_revision, upgrade  # noqa: PLC0415

    engine = make_engine(args.db)
    try:
        upgrade(engine)
        print(f"database at revision {current_revision(engine)}")
    finally:
        engine.dispose()
    return 0


def register(commands: Any) -> None:
    """Add the `db` subcommand group."""
    parser = commands.add_parser("db", help="database schema management")
    actions = parser.add_subparsers(dest="db_command", required=True)
    upgrade = actions.add_parser("upgrade", help="create the schema or migrate it to the newest revision")
    upgrade.add_argument("--db", required=True, help="database URL or SQLite path")
    upgrade.set_defaults(handler=handle_upgrade)
