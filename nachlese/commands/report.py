"""`nachlese report`: write one self-contained HTML file with charts of a database (SQLite or PostgreSQL)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from db.exports.output import atomic_file
from nachlese.errors import UsageError
from nachlese.report.data import MAX_RUNS, TOP_ENTITIES, TOP_PAIRS


def handle(args: argparse.Namespace) -> int:
    from db.engine import parse_url  # noqa: PLC0415
    from nachlese.commands.analysis import read_session  # noqa: PLC0415
    from nachlese.commands.serve import sqlite_database_path  # noqa: PLC0415
    from nachlese.report.data import collect  # noqa: PLC0415
    from nachlese.report.render import render_html  # noqa: PLC0415

    out = Path(args.out)
    if out.is_dir():
        raise UsageError(f"{out} is a folder; give the path of the HTML file to write")
    if out.exists() and not args.force:
        raise UsageError(f"{out} exists; use --force to overwrite it")
    if not out.absolute().parent.is_dir():
        raise UsageError(f"cannot write {out}: folder {out.absolute().parent} does not exist")
    if not os.access(out.absolute().parent, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write {out}: folder {out.absolute().parent} is not writable")
    sqlite_database_path(args.db)  # an SQLite file must exist: opening it would create an empty one
    shown = parse_url(args.db).render_as_string(hide_password=True)
    with read_session(args.db) as session:
        data = collect(session, database=shown, top=args.top, pairs=args.pairs, runs=args.runs)
    if data.stats.articles == 0:
        print(f"nachlese report: the database {shown} holds no articles yet: crawl a site into it first "
              f"(nachlese crawl URL --db ...); no report written", file=sys.stderr)
        return 1
    page = render_html(data, title=args.title) if args.title else render_html(data)
    with atomic_file(out) as stream:  # a failed write (disk full, read-only) leaves no half file
        stream.write(page)
    print(f"report of {data.stats.articles} articles written to {out} ({len(page.encode()) // 1024 + 1} KB)",
          file=sys.stderr)
    return 0


def register(commands: Any) -> None:
    """Add the `report` subcommand."""
    parser = commands.add_parser(
        "report", help="write an HTML report with charts (articles per month, entities, crawl health)",
        description="Write ONE self-contained HTML file (no external resources) with charts of the database.",
    )
    parser.add_argument("out", metavar="OUT.html", help="the HTML file to write")
    parser.add_argument("--db", required=True, help="database URL or SQLite path")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument("--title", help="heading of the report (default: nachlese archive report)")
    parser.add_argument("--top", type=_positive, default=TOP_ENTITIES,
                        help=f"entities per label chart (default: {TOP_ENTITIES})")
    parser.add_argument("--pairs", type=_positive, default=TOP_PAIRS,
                        help=f"entity pairs in the co-occurrence network (default: {TOP_PAIRS})")
    parser.add_argument("--runs", type=_positive, default=MAX_RUNS,
                        help=f"newest crawl runs shown (default: {MAX_RUNS})")
    parser.set_defaults(handler=handle)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number
