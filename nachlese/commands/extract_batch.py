"""`nachlese extract`: extract saved pages listed in a JSONL file, one JSON record per page on stdout."""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from extract import PageKind, PageRecord, UnextractablePage, extract_page
from extract.export_fields import export_fields

logger = logging.getLogger(__name__)


def read_page(path: Path) -> bytes:
    """The page's bytes; gzip files (by magic number) are decompressed."""
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def iter_inputs(stream: TextIO) -> Iterator[tuple[int, dict[str, Any]]]:
    """Parsed input lines with their line numbers; blank lines are skipped."""
    for number, line in enumerate(stream, 1):
        if line.strip():
            yield number, json.loads(line)


def handle(args: argparse.Namespace) -> int:
    tagger = None
    if not args.no_entities:
        from extract.entities import EntityTagger  # noqa: PLC0415

        tagger = EntityTagger()
    failures = 0
    source = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")  # noqa: SIM115
    with source:
        for number, entry in iter_inputs(source):
            out: dict[str, Any] = {"file": entry.get("file")}
            try:
                body = read_page(Path(entry["file"]))
                record: PageRecord = extract_page(body, entry.get("url") or Path(entry["file"]).as_uri())
                if tagger is not None and record.kind is PageKind.ARTICLE:
                    tagger.tag([record])
                out.update(export_fields(record))
                out["kind"] = record.kind.value
            except (OSError, KeyError, UnextractablePage, ValueError) as exc:
                failures += 1
                out["error"] = f"{type(exc).__name__}: {exc}"
                logger.warning("line %d: %s", number, out["error"])
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 1 if failures and args.strict else 0


def register(commands: Any) -> None:
    """Add the `extract` subcommand."""
    parser = commands.add_parser("extract", help="extract saved pages (JSONL of {file, url}) to JSON lines")
    parser.add_argument("--input", required=True, help="JSONL file with {\"file\": PATH, \"url\": URL}; - for stdin")
    parser.add_argument("--no-entities", action="store_true", help="skip entity tagging")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any page failed")
    parser.set_defaults(handler=handle)
