"""`nachlese export`: write the stored articles out in a migration format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from nachlese.errors import UsageError


def handle(args: argparse.Namespace) -> int:
    from db.export import export_jsonl  # noqa: PLC0415

    from db.engine import make_engine, make_sessionmaker  # noqa: PLC0415

    out = Path(args.out)
    if out.exists() and out.is_dir():
        raise UsageError(f"{out} is a folder; jsonl needs a file path")
    if out.exists() and not args.force:
        raise UsageError(f"{out} exists; use --force to overwrite it")
    engine = make_engine(args.db)
    try:
        with make_sessionmaker(engine).begin() as session:
            tmp = out.with_name(out.name + ".part")
            with tmp.open("w", encoding="utf-8") as stream:
                count = export_jsonl(session, stream)
            tmp.replace(out)
    finally:
        engine.dispose()
    if count == 0:
        print(f"nachlese export: the database {args.db} holds no articles", file=sys.stderr)
        out.unlink()
        return 1
    print(f"{count} articles written to {out}", file=sys.stderr)
    return 0


def register(commands: Any) -> None:
    """Add the `export` subcommand."""
    parser = commands.add_parser("export", help="export stored articles (jsonl)")
    parser.add_argument("out", metavar="OUT", help="output file")
    parser.add_argument("--db", required=True, help="database URL or SQLite path")
    parser.add_argument("--format", choices=["jsonl"], default="jsonl")
    parser.add_argument("--force", action="store_true", help="overwrite an existing output")
    parser.set_defaults(handler=handle)
