"""`nachlese import-mirror` and `nachlese import-warc`: offline copies of a site, stored as a crawl would."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nachlese.errors import UsageError

if TYPE_CHECKING:
    from nachlese.ingest import EntityTaggerLike, PageSource


def _tagger(args: argparse.Namespace) -> EntityTaggerLike | None:
    """The spaCy tagger for the chosen models; a missing model is refused before anything is stored."""
    if args.no_entities:
        return None
    from extract.entities import EntityTagger, ModelNotAvailableError, model_available  # noqa: PLC0415
    from nachlese.commands.crawl import parse_model_options  # noqa: PLC0415

    models = parse_model_options(args.ner_model)
    for language, name in models.items():
        if not model_available(name):
            raise ModelNotAvailableError(
                f"spaCy pipeline {name!r} for {language!r} is not installed (use --ner-model or --no-entities)")
    return EntityTagger(models)


def _run(args: argparse.Namespace, source: PageSource, sites: list[str]) -> int:
    from db.engine import make_engine, make_sessionmaker  # noqa: PLC0415
    from db.locks import SiteLock  # noqa: PLC0415
    from db.schema import upgrade  # noqa: PLC0415
    from nachlese.ingest import ingest  # noqa: PLC0415

    tagger = _tagger(args)
    engine = make_engine(args.db)
    with ExitStack() as stack:
        stack.callback(engine.dispose)
        upgrade(engine)
        for site in sorted(set(sites)):
            stack.enter_context(SiteLock(engine, site))
        summary = ingest(make_sessionmaker(engine), source, tagger=tagger)
    counts = {name: getattr(summary.counts, name) for name in ("fetched", "new", "changed", "unchanged", "failed")}
    names = {"site_names_added": summary.site_names.added, "site_names_relabelled": summary.site_names.relabelled}
    print(json.dumps({**counts, "skipped": summary.skipped, **names, "runs": summary.run_ids}), file=sys.stdout)
    return 0


def handle_mirror(args: argparse.Namespace) -> int:
    from extract.urls import site_key  # noqa: PLC0415
    from nachlese.ingest import MirrorSource  # noqa: PLC0415

    folder = Path(args.dir)
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder")
    try:
        source = MirrorSource(folder, args.base_url)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not source.files:
        raise UsageError(f"{folder} holds no HTML pages of {args.base_url}")
    return _run(args, source, [site_key(args.base_url)])


def handle_warc(args: argparse.Namespace) -> int:
    from extract.urls import site_key  # noqa: PLC0415
    from nachlese.ingest import WarcSource  # noqa: PLC0415

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        source = WarcSource(path)
    except Exception as exc:  # warcio raises ArchiveLoadFailed and friends for non-WARC input
        raise UsageError(f"{path} is not a readable WARC file: {exc}") from None
    if not source.offsets:
        raise UsageError(f"{path} holds no HTML responses")
    return _run(args, source, [site_key(url) for url in source.offsets])


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, help="database URL or SQLite path (created/upgraded)")
    parser.add_argument("--no-entities", action="store_true", help="skip entity tagging")
    parser.add_argument("--ner-model", action="append", default=[], metavar="LANG=MODEL",
                        help="spaCy pipeline for a language, e.g. de=de_core_news_lg (repeatable)")


def register(commands: Any) -> None:
    """Add the `import-mirror` and `import-warc` subcommands."""
    mirror = commands.add_parser(
        "import-mirror", help="import a wget --mirror folder as if it had been crawled",
        description="Every HTML file of a wget mirror (DIR/host/path, artikel.php?id=3 or "
                    "artikel.php%%3Fid=3.html) is mapped back to its URL, extracted, tagged and stored.",
    )
    mirror.add_argument("dir", metavar="DIR", help="the mirror folder (wget's output folder or the host folder)")
    mirror.add_argument("--base-url", required=True, help="the site's URL, e.g. http://www.example.org/")
    _common(mirror)
    mirror.set_defaults(handler=handle_mirror)

    warc = commands.add_parser(
        "import-warc", help="import the HTML responses of a WARC file as if they had been crawled",
        description="Response records with an HTML body are extracted, tagged and stored; 3xx responses "
                    "become old URLs (aliases) of their targets.",
    )
    warc.add_argument("file", metavar="FILE", help="a .warc or .warc.gz file")
    _common(warc)
    warc.set_defaults(handler=handle_warc)
