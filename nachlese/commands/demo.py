"""`nachlese demo`: serve the bundled legacy demo site on 127.0.0.1 and crawl it into SQLite."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from nachlese.commands.crawl import (
    add_crawl_options,
    crawl_exit,
    crawl_settings,
    parse_model_options,
    preflight,
    run_crawl,
)


def _published_key(record: dict[str, Any]) -> tuple[bool, str, str]:
    """Articles by date (the day first, undated last), then by title."""
    published = record["published"] or ""
    return (not published, published[:10], record["title"] or "")


def print_database_summary(database_url: str) -> None:
    """What the database holds now: articles per language, dates, entities, one line per article by date."""
    from db.engine import make_engine, make_sessionmaker  # noqa: PLC0415
    from db.export import iter_export_records  # noqa: PLC0415

    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine).begin() as session:
            records = list(iter_export_records(session))
    finally:
        engine.dispose()
    languages = Counter(r["language"] for r in records)
    labels = Counter(e["label"] for r in records for e in r["entities"])
    print(f"\n{len(records)} articles stored in {database_url}")
    print("  languages: " + ", ".join(f"{k}={v}" for k, v in sorted(languages.items(), key=str)))
    print("  entity mentions: " + ", ".join(f"{k}={v}" for k, v in sorted(labels.items())))
    print(f"  with translations: {sum(1 for r in records if r['translations'])}")
    for record in sorted(records, key=_published_key):
        print(f"  {(record['published'] or 'undated')[:10]:<10}  {record['language'] or '?'}  {record['title']}")
    print(next_commands(database_url))


def next_commands(database_url: str) -> str:
    """The commands to try next on the demo database."""
    db = database_url
    return "\n".join([
        "",
        "Try next:",
        f"  .venv/bin/nachlese search Clusterprozess --db {db}",
        f"  .venv/bin/nachlese stats --db {db}",
        f"  .venv/bin/nachlese entities --db {db} --top 10",
        f"  .venv/bin/nachlese runs --db {db}",
        f"  .venv/bin/nachlese serve --db {db}",
        f"  .venv/bin/nachlese report --db {db} report.html",
        f"  .venv/bin/nachlese export --db {db} --format html out-html",
    ])


def handle(args: argparse.Namespace) -> int:
    from nachlese.demo_server import serve_demo_site  # noqa: PLC0415

    with serve_demo_site() as server:
        settings = crawl_settings(
            args.db, delay=0.0 if args.delay is None else args.delay, max_pages=args.max_pages,
            entities=not args.no_entities, ner_models=parse_model_options(args.ner_model),
            overrides_text=args.overrides, media_dir=args.media, log_level=args.log_level,
        )
        preflight([server.url], settings)
        print(f"Demo legacy site served at {server.url}", file=sys.stderr)
        outcome = run_crawl([server.url], settings)
    code = crawl_exit(outcome, fail_on_errors=args.fail_on_errors)
    print_database_summary(args.db)
    return code


def register(commands: Any) -> None:
    """Add the `demo` subcommand."""
    parser = commands.add_parser("demo", help="crawl the bundled demo legacy site into SQLite")
    parser.add_argument("--db", default="sqlite:///demo.sqlite", help="database URL (default: demo.sqlite)")
    add_crawl_options(parser)
    parser.set_defaults(handler=handle)
