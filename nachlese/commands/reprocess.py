"""`nachlese reprocess`: re-run extraction and entity tagging over the stored raw pages, offline."""

from __future__ import annotations

import argparse
import json
from typing import Any

from nachlese.commands.crawl import parse_model_options


def handle(args: argparse.Namespace) -> int:
    from db.engine import make_engine, make_sessionmaker  # noqa: PLC0415
    from db.schema import upgrade  # noqa: PLC0415
    from extract.entities import EntityTagger  # noqa: PLC0415
    from nachlese.reprocess import outcome_summary, reprocess  # noqa: PLC0415
    from nachlese.sessions import require_database  # noqa: PLC0415

    require_database(args.db)  # it re-extracts stored pages: an empty new database would be a silent no-op
    engine = make_engine(args.db)
    try:
        upgrade(engine)
        tagger = None if args.no_entities else EntityTagger(parse_model_options(args.ner_model))
        results = reprocess(make_sessionmaker(engine), tagger=tagger, site=args.site)
    finally:
        engine.dispose()
    print(json.dumps({site: outcome_summary(result) for site, result in results.items()}, indent=1))
    return 0


def register(commands: Any) -> None:
    """Add the `reprocess` subcommand."""
    parser = commands.add_parser("reprocess", help="re-extract and re-tag stored pages (no network)")
    parser.add_argument("--db", required=True, help="database URL or SQLite path")
    parser.add_argument("--site", help="only this site (base URL or host)")
    parser.add_argument("--no-entities", action="store_true", help="keep the stored entities' tagging off")
    parser.add_argument("--ner-model", action="append", default=[], metavar="LANG=MODEL",
                        help="spaCy pipeline for a language (repeatable)")
    parser.set_defaults(handler=handle)
