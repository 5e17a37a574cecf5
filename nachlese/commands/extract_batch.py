"""`nachlese extract`: extract saved pages listed in a JSONL file, one JSON record per page on stdout.

A bad input line (not JSON, no "file", a file that cannot be read) is skipped with its line number on
stderr; the command goes on and exits 1 at the end when any line failed.
"""

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
from nachlese.errors import ExitCode

logger = logging.getLogger(__name__)


def read_page(path: Path) -> bytes:
    """The page's bytes; gzip files (by magic number) are decompressed."""
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


class BadLineError(ValueError):
    """An input line that is not a JSON object with a "file" string."""


def parse_line(line: str) -> dict[str, Any]:
    """One input line as ``{"file": PATH, "url": URL-or-absent}``; raise BadLineError saying what is wrong."""
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLineError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(entry, dict):
        raise BadLineError(f'expected an object {{"file": PATH, "url": URL}}, got {type(entry).__name__}')
    if not isinstance(entry.get("file"), str) or not entry["file"]:
        raise BadLineError('no "file" path in the object')
    if entry.get("url") is not None and not isinstance(entry["url"], str):
        raise BadLineError('"url" is not a string')
    return entry


def iter_inputs(stream: TextIO) -> Iterator[tuple[int, str]]:
    """Input lines with their line numbers; blank lines are skipped."""
    for number, line in enumerate(stream, 1):
        if line.strip():
            yield number, line


def extract_entry(entry: dict[str, Any], tagger: Any) -> dict[str, Any]:
    """The output object of one input entry; raises for a file that cannot be read or extracted."""
    path = Path(entry["file"])
    body = read_page(path)
    record: PageRecord = extract_page(body, entry.get("url") or path.absolute().as_uri())
    if tagger is not None and record.kind is PageKind.ARTICLE:
        tagger.tag([record])
    return {"file": entry["file"], **export_fields(record), "kind": record.kind.value}


def handle(args: argparse.Namespace) -> int:
    tagger = None
    if not args.no_entities:
        from extract.entities import EntityTagger  # noqa: PLC0415
        from nachlese.preflight import check_models  # noqa: PLC0415

        tagger = EntityTagger()
        check_models(tagger.models)
    failures = lines = 0
    source = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")  # noqa: SIM115
    with source:
        for number, line in iter_inputs(source):
            lines += 1
            try:
                out = extract_entry(parse_line(line), tagger)
            except (BadLineError, OSError, UnextractablePage, ValueError, EOFError) as exc:  # gzip: EOFError
                failures += 1
                reason = _reason(exc)
                print(f"nachlese extract: line {number}: {reason}; skipped", file=sys.stderr)
                if args.errors_as_records:
                    sys.stdout.write(json.dumps({"line": number, "error": reason}, ensure_ascii=False) + "\n")
                continue
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    if failures:
        logger.info("%d of %d input lines failed", failures, lines)
        return ExitCode.PARTIAL  # each failed line was named above, one line each
    return ExitCode.OK


def _reason(exc: BaseException) -> str:
    if isinstance(exc, BadLineError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return f"{type(exc).__name__}: {exc}"


def register(commands: Any) -> None:
    """Add the `extract` subcommand."""
    parser = commands.add_parser("extract", help="extract saved pages (JSONL of {file, url}) to JSON lines")
    parser.add_argument("--input", required=True, help="JSONL file with {\"file\": PATH, \"url\": URL}; - for stdin")
    parser.add_argument("--no-entities", action="store_true", help="skip entity tagging")
    parser.add_argument("--errors-as-records", action="store_true",
                        help='also write {"line": N, "error": ...} to stdout for each line that failed')
    parser.add_argument("--strict", action="store_true", help=argparse.SUPPRESS)  # old switch: exit 1 is the default
    parser.set_defaults(handler=handle)
