"""`nachlese export`: write the stored articles out in a migration format (jsonl, csv, markdown, html, wxr)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nachlese.errors import UsageError
from nachlese.sessions import existing_database_session

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from db.exports.collect import ExportArticle, ExportPlan

FILE_FORMATS = ("jsonl", "csv", "wxr")
FOLDER_FORMATS = ("markdown", "html")
FORMATS = ("jsonl", "csv", "markdown", "html", "wxr")


def check_output(out: Path, *, folder: bool, force: bool) -> None:
    """Refuse outputs that would destroy something without --force, or cannot be written at all."""
    if folder:
        if out.exists() and not out.is_dir():
            raise UsageError(f"{out} is a file; this format writes a folder")
        if out.is_dir() and any(out.iterdir()) and not force:
            raise UsageError(f"{out} exists and is not empty; use --force to replace it")
    else:
        if out.is_dir():
            raise UsageError(f"{out} is a folder; this format writes one file")
        if out.exists() and not force:
            raise UsageError(f"{out} exists; use --force to overwrite it")
    parent = out.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write {out}: {parent} is not a writable folder")


def write_session(database_url: str) -> AbstractContextManager[Session]:
    """A transaction on an existing, current database (exports persist new slugs in it)."""
    return existing_database_session(database_url, readonly=False)


def copy_media(articles: Iterator[ExportArticle], plan: ExportPlan, folder: Path) -> Iterator[ExportArticle]:
    """Pass the articles on, copying each downloaded image/attachment into ``folder/media/``."""
    from db.exports.media import MEDIA_PREFIX  # noqa: PLC0415

    for article in articles:
        urls = [image.url for image in article.images if image.local]
        urls += [link.url for link in article.links if link.attachment]
        for url in urls:
            source, relpath = plan.media.source(url), plan.media.relpath(url)
            if source is not None and relpath is not None:
                target = folder / MEDIA_PREFIX / relpath
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
        yield article


def _export(args: argparse.Namespace, session: Session, out: Path) -> int:
    from db.exports.collect import iter_articles, plan_export  # noqa: PLC0415
    from db.exports.output import atomic_file, atomic_folder  # noqa: PLC0415
    from db.models import Site  # noqa: PLC0415

    media_dir = Path(args.media) if args.media else None
    if media_dir is not None and not media_dir.is_dir():
        raise UsageError(f"--media {media_dir}: no such folder")
    plan = plan_export(session, media_dir)
    if plan.article_count == 0:
        return 0
    articles = iter_articles(session, plan)
    if args.format in FOLDER_FORMATS:
        writer: Callable[[Any, Path], int]
        if args.format == "markdown":
            from db.exports.markdown import export_markdown as writer  # noqa: PLC0415
        else:
            from db.exports.html import export_html as writer  # noqa: PLC0415
        with atomic_folder(out) as folder:
            return writer(copy_media(articles, plan, folder), folder)
    if args.format == "csv":
        from db.exports.csvfile import export_csv  # noqa: PLC0415

        with atomic_file(out, newline="") as stream:
            return export_csv(articles, stream, excel=args.excel)
    from db.exports.wxr import export_wxr  # noqa: PLC0415

    site_url = args.site_url or session.query(Site.base_url).order_by(Site.id).limit(1).scalar() or "http://localhost/"
    with atomic_file(out) as stream:
        return export_wxr(articles, stream, site_url=site_url, first_attachment_id=max(plan.paths) + 1,
                          media_url=args.media_url)


def _export_jsonl(session: Session, out: Path) -> int:
    from db.export import export_jsonl  # noqa: PLC0415
    from db.exports.output import atomic_file  # noqa: PLC0415
    from db.models import Article  # noqa: PLC0415

    if session.query(Article.id).limit(1).scalar() is None:
        return 0
    with atomic_file(out) as stream:
        return export_jsonl(session, stream)


def handle(args: argparse.Namespace) -> int:
    out = Path(args.out)
    check_output(out, folder=args.format in FOLDER_FORMATS, force=args.force)
    with write_session(args.db) as session:
        count = _export_jsonl(session, out) if args.format == "jsonl" else _export(args, session, out)
    if count == 0:
        print(f"nachlese export: the database {args.db} holds no articles; nothing written", file=sys.stderr)
        return 1
    print(f"{count} articles written to {out} ({args.format})", file=sys.stderr)
    return 0


def register(commands: Any) -> None:
    """Add the `export` subcommand."""
    parser = commands.add_parser(
        "export", help="export stored articles (jsonl, csv, markdown, html, wxr)",
        description="Write every stored article in a migration format. markdown and html write a folder "
                    "(YEAR/MONTH/slug.md|.html), the others one file. See docs/migration.md.",
    )
    parser.add_argument("out", metavar="OUT", help="output file (jsonl, csv, wxr) or folder (markdown, html)")
    parser.add_argument("--db", required=True, help="database URL or SQLite path")
    parser.add_argument("--format", choices=FORMATS, default="jsonl")
    parser.add_argument("--force", action="store_true", help="overwrite an existing output (file or folder)")
    parser.add_argument("--media", metavar="DIR", default=None,
                        help="folder of downloaded media (crawl --media): files found there are exported "
                             "(copied to OUT/media/ for markdown and html) and referenced by their new path")
    parser.add_argument("--media-url", metavar="URL", default=None,
                        help="wxr: URL where the exported media/ folder can be fetched by the WordPress importer "
                             "(default: attachments point at their original URLs)")
    parser.add_argument("--site-url", metavar="URL", default=None,
                        help="wxr: the channel link / wp:base_site_url (default: the first crawled site)")
    parser.add_argument("--excel", action="store_true",
                        help="csv: UTF-8 with a byte order mark, and formula-like cells prefixed with ' (for Excel)")
    parser.set_defaults(handler=handle)
