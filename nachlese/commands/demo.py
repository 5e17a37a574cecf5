"""`nachlese demo`: serve the bundled legacy demo site on 127.0.0.1 and crawl it into SQLite."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

from nachlese.commands.crawl import add_crawl_options, crawl_settings, parse_model_options, run_crawl


def print_database_summary(database_url: str) -> None:
    """What the database holds now: articles per language, dates, entities, one line per article."""
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
    for record in records:
        print(f"  {record['published'] or '?':<25} {record['language'] or '?'}  {record['title']}")


def handle(args: argparse.Namespace) -> int:
    from nachlese.demo_server import serve_demo_site  # noqa: PLC0415

    with serve_demo_site() as server:
        print(f"Demo legacy site served at {server.url}", file=sys.stderr)
        settings = crawl_settings(
            args.db, delay=0.0 if args.delay is None else args.delay, max_pages=args.max_pages,
            entities=not args.no_entities, ner_models=parse_model_options(args.ner_model),
            overrides_text=args.overrides, media_dir=args.media, log_level=args.log_level,
        )
        run_crawl([server.url], settings)
    print_database_summary(args.db)
    return 0


def register(commands: Any) -> None:
    """Add the `demo` subcommand."""
    parser = commands.add_parser("demo", help="crawl the bundled demo legacy site into SQLite")
    parser.add_argument("--db", default="sqlite:///demo.sqlite", help="database URL (default: demo.sqlite)")
    add_crawl_options(parser)
    parser.set_defaults(handler=handle)
