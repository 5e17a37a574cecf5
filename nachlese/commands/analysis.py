"""Analyst commands: `search`, `stats`, `entities` and `runs` over a database."""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from nachlese.sessions import existing_database_session


def read_session(database_url: str) -> AbstractContextManager[Session]:
    """A read-only transaction on an existing, current database."""
    return existing_database_session(database_url, readonly=True)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def emit_json(value: Any) -> None:
    """Print dataclasses/lists of them as JSON."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    elif isinstance(value, list):
        value = [dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v for v in value]  # type: ignore[arg-type]
    print(json.dumps(value, ensure_ascii=False, indent=1, default=_json_default))


def handle_search(args: argparse.Namespace) -> int:
    from db.search import one_line, search  # noqa: PLC0415

    with read_session(args.db) as session:
        hits = search(session, args.query, since=args.since, until=args.until, entity=args.entity,
                      language=args.language, limit=args.limit)
    if args.format == "json":
        emit_json([hit.as_record() for hit in hits])
        return 0
    if not hits:
        print("no articles found")
    for number, hit in enumerate(hits, 1):
        title = one_line(hit.title or "(untitled)")
        print(f"{number:>3}. {title}  [{hit.published_iso or 'undated'}, {hit.language or '?'}]")
        print(f"     {hit.url}")
        print(f"     {hit.snippet}")
    return 0


def handle_stats(args: argparse.Namespace) -> int:
    from db.queries import stats  # noqa: PLC0415

    with read_session(args.db) as session:
        result = stats(session, top=args.top)
    if args.format == "json":
        emit_json(result)
        return 0
    print(f"{result.articles} articles, {result.pages} pages ({result.failed_pages} failed), "
          f"{result.undated_articles} undated articles")
    print("per language: " + ", ".join(f"{k or '?'}={v}" for k, v in sorted(result.per_language.items())))
    years: dict[int, int] = {}
    for month in result.per_month:
        years[month.year] = years.get(month.year, 0) + month.articles
    for year, count in sorted(years.items()):
        months = " ".join(f"{m.month:02d}:{m.articles}" for m in result.per_month if m.year == year)
        print(f"  {year}: {count:>5}   {months}")
    for label, entities in sorted(result.top_entities.items()):
        print(f"top {label}: " + ", ".join(f"{e.name} ({e.mentions})" for e in entities))
    return 0


def handle_entities(args: argparse.Namespace) -> int:
    from db.queries import top_entities  # noqa: PLC0415

    with read_session(args.db) as session:
        rows = top_entities(session, label=args.label, top=args.top)
    if args.format == "json":
        emit_json(rows)
        return 0
    for row in rows:
        print(f"{row.label:<4} {row.mentions:>6} mentions {row.articles:>5} articles  {row.name}")
    return 0


def handle_runs(args: argparse.Namespace) -> int:
    from db.runs import list_runs  # noqa: PLC0415

    with read_session(args.db) as session:
        runs = list_runs(session, site=args.site, limit=args.limit)
    if args.format == "json":
        # "fetched" is the column's old name; "pages" says what it counts (the pages the run stored)
        emit_json([{**dataclasses.asdict(run), "pages": run.fetched} for run in runs])
        return 0
    print(f"{'run':>4}  {'started (UTC)':<19}  {'status':<9} {'secs':>7} {'pages':>7} {'new':>5} "
          f"{'changed':>7} {'already':>7} {'failed':>6} {'robots':>6}  site")
    for run in runs:
        seconds = f"{run.duration_seconds:.1f}" if run.duration_seconds is not None else "-"
        print(f"{run.id:>4}  {run.started_at:%Y-%m-%d %H:%M:%S}  {run.status:<9} {seconds:>7} {run.fetched:>7} "
              f"{run.new:>5} {run.changed:>7} {run.unchanged:>7} {run.failed:>6} {run.robots_skipped:>6}  {run.site}")
    return 0


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {value!r}") from None


def _add(commands: Any, name: str, help_text: str, handler: Callable[[argparse.Namespace], int]) -> Any:
    parser = commands.add_parser(name, help=help_text)
    parser.add_argument("--db", required=True, help="database URL or SQLite path")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.set_defaults(handler=handler)
    return parser


def register(commands: Any) -> None:
    """Add `search`, `stats`, `entities` and `runs`."""
    search = _add(commands, "search", "full-text search over the articles", handle_search)
    search.add_argument("query", help='words, "a phrase", OR, -word, prefix*')
    search.add_argument("--since", type=_day, help="published on or after YYYY-MM-DD")
    search.add_argument("--until", type=_day, help="published on or before YYYY-MM-DD")
    search.add_argument("--entity", help="only articles mentioning this entity")
    search.add_argument("--language", help="ISO 639-1 code, e.g. de")
    search.add_argument("--limit", type=int, default=20)
    stats = _add(commands, "stats", "articles per year/month and language, top entities", handle_stats)
    stats.add_argument("--top", type=int, default=10, help="entities listed per label")
    entities = _add(commands, "entities", "the most mentioned entities", handle_entities)
    entities.add_argument("--label", choices=["PER", "ORG", "LOC"])
    entities.add_argument("--top", type=int, default=20)
    runs = _add(commands, "runs", "crawl runs with their counts, newest first", handle_runs)
    runs.add_argument("--site", help="only this site (base URL or host)")
    runs.add_argument("--limit", type=int, default=50)
