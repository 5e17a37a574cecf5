"""`nachlese site-names`: run the site-wide name step on stored articles, as a crawl does when it ends."""

from __future__ import annotations

import argparse
import json
from typing import Any


def handle(args: argparse.Namespace) -> int:
    from sqlalchemy import select  # noqa: PLC0415

    from crawler import settings as crawl_settings  # noqa: PLC0415
    from db.engine import make_engine, make_sessionmaker  # noqa: PLC0415
    from db.locks import SiteLock  # noqa: PLC0415
    from db.models import Site  # noqa: PLC0415
    from db.schema import upgrade  # noqa: PLC0415
    from db.site_entities import harmonise_site_entities  # noqa: PLC0415
    from nachlese.errors import UsageError  # noqa: PLC0415
    from nachlese.sessions import require_database  # noqa: PLC0415

    languages = set(args.language or crawl_settings.NACHLESE_NER_MODELS)
    require_database(args.db)  # the step works on stored articles: never create an empty database for it
    engine = make_engine(args.db)
    results: dict[str, dict[str, int]] = {}
    try:
        upgrade(engine)
        sessions = make_sessionmaker(engine)
        with sessions() as session:
            statement = select(Site.id, Site.base_url).order_by(Site.id)
            if args.site:
                statement = statement.where((Site.base_url == args.site) | (Site.host == args.site))
            sites = list(session.execute(statement))
        if args.site and not sites:
            raise UsageError(f"no site {args.site!r} in {args.db} (give its base URL or host)")
        for site_id, base_url in sites:
            with SiteLock(engine, base_url), sessions.begin() as session:
                changes = harmonise_site_entities(session, site_id, languages=languages)
            results[base_url] = {"relabelled": changes.relabelled, "added": changes.added,
                                 "fragments_replaced": changes.replaced, "articles_changed": changes.articles}
    finally:
        engine.dispose()
    print(json.dumps(results, indent=1))
    return 0


def register(commands: Any) -> None:
    """Add the `site-names` subcommand."""
    parser = commands.add_parser(
        "site-names", help="make each site's mentions agree on a name's label (the step a crawl ends with)")
    parser.add_argument("--db", required=True, help="database URL or SQLite path")
    parser.add_argument("--site", help="only this site (base URL or host)")
    parser.add_argument("--language", action="append", metavar="LANG",
                        help="articles in this language take part (repeatable; default: the NER model languages)")
    parser.set_defaults(handler=handle)
