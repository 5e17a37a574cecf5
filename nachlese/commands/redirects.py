"""`nachlese redirects`: the old site's URLs mapped to the articles' new paths (csv, nginx, apache)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from nachlese.commands.export import check_output, write_session
from nachlese.errors import UsageError


def handle(args: argparse.Namespace) -> int:
    from db.exports.collect import iter_articles, plan_export  # noqa: PLC0415
    from db.exports.output import atomic_file  # noqa: PLC0415
    from db.exports.redirects import redirects_for, render_apache, render_csv, render_nginx  # noqa: PLC0415

    out = Path(args.out)
    check_output(out, folder=False, force=args.force)
    media_dir = Path(args.media) if args.media else None
    if media_dir is not None and not media_dir.is_dir():
        raise UsageError(f"--media {media_dir}: no such folder")
    render = {"csv": render_csv, "nginx": render_nginx, "apache": render_apache}[args.format]
    with write_session(args.db) as session:
        plan = plan_export(session, media_dir)
        if plan.article_count == 0:
            print(f"nachlese redirects: the database {args.db} holds no articles; nothing written", file=sys.stderr)
            return 1
        with atomic_file(out, newline="") as stream:
            count = render(redirects_for(iter_articles(session, plan), args.target_base), stream)
    print(f"{count} redirects written to {out} ({args.format})", file=sys.stderr)
    return 0


def register(commands: Any) -> None:
    """Add the `redirects` subcommand."""
    parser = commands.add_parser(
        "redirects", help="redirect map from old URLs to the exported articles' new paths",
        description="Every URL an article was seen under (canonical, print, session and parameter variants, "
                    "redirects, page 2..n) and every downloaded media file, mapped to the new path that the "
                    "markdown/html/wxr exports give it. See docs/migration.md.",
    )
    parser.add_argument("out", metavar="OUT", help="output file")
    parser.add_argument("--db", required=True, help="database URL or SQLite path")
    parser.add_argument("--format", choices=["csv", "nginx", "apache"], default="csv")
    parser.add_argument("--force", action="store_true", help="overwrite an existing output file")
    parser.add_argument("--media", metavar="DIR", default=None, help="folder of downloaded media (crawl --media)")
    parser.add_argument("--target-base", metavar="URL", default="",
                        help="prefix of the new paths, e.g. https://new.example.org (default: root-relative)")
    parser.set_defaults(handler=handle)
