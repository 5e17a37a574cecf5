"""Full-text search over articles on SQLite (FTS5, bm25) and PostgreSQL (tsvector, ts_rank_cd)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session

from db.errors import SearchQueryError
from db.fts import PG_CONFIGS, PG_DEFAULT_CONFIG, SQLITE_FTS_TABLE
from db.query_syntax import ParsedQuery, parse, to_fts5, to_tsquery_sql
from db.types import UTCDateTime

HIGHLIGHT_START = "["
HIGHLIGHT_END = "]"
ELLIPSIS = "…"
SNIPPET_TOKENS = 16  # words around the hits in a snippet
MAX_LIMIT = 1000
# Column weights for SQLite's bm25 (title, lead, text); PostgreSQL weighs title A, lead B, text C.
BM25_WEIGHTS = (10.0, 5.0, 1.0)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article found; ``rank`` is larger for better hits; ``snippet`` marks hits with [ and ]."""

    url: str
    title: str | None
    published: datetime | None
    language: str | None
    rank: float
    snippet: str


def search(
    session: Session,
    query: str,
    *,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    entity: str | None = None,
    language: str | None = None,
    limit: int = 20,
) -> list[SearchHit]:
    """Articles matching ``query`` (syntax: db.query_syntax), best first.

    ``since``/``until`` bound the publication time (a date ``until`` includes that whole day); ``entity``
    keeps articles mentioning an entity of that canonical name or surface form (case-insensitive);
    ``language`` is an ISO 639-1 code. Raises SearchQueryError for a query that cannot be understood.
    """
    parsed = parse(query)
    if not 1 <= limit <= MAX_LIMIT:
        raise SearchQueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    filters, params = _filters(since, until, entity, language)
    params["limit"] = limit
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        sql = _sqlite_sql(parsed, filters, params)
    elif dialect == "postgresql":
        sql = _postgresql_sql(parsed, filters, params, language)
    else:
        raise NotImplementedError(f"no full-text search for {dialect}")
    statement = (
        text(sql)
        .bindparams(*(bindparam(name, type_=UTCDateTime()) for name in ("since", "until") if name in params))
        .columns(published=UTCDateTime())
    )
    try:
        rows = session.execute(statement, params).all()
    except SADatabaseError as exc:  # should not happen: every term is quoted; say so plainly if it does
        raise SearchQueryError(f"search query {query!r} was refused by the database: {exc.orig}") from None
    return [
        SearchHit(
            url=row.url,
            title=row.title,
            published=row.published,
            language=row.language,
            rank=float(row.rank),
            snippet=row.snippet or "",
        )
        for row in rows
    ]


def _filters(
    since: date | datetime | None, until: date | datetime | None, entity: str | None, language: str | None
) -> tuple[list[str], dict[str, Any]]:
    filters: list[str] = []
    params: dict[str, Any] = {}
    if since is not None:
        filters.append("a.published >= :since")
        params["since"] = _as_datetime(since)
    if until is not None:
        if isinstance(until, datetime):
            filters.append("a.published <= :until")
            params["until"] = _as_datetime(until)
        else:  # a whole day: everything before the next midnight
            filters.append("a.published < :until")
            params["until"] = _as_datetime(until + timedelta(days=1))
    if entity:
        filters.append(
            "EXISTS (SELECT 1 FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE m.article_id = a.id AND (lower(e.canonical_name) = lower(:entity) "
            "OR lower(m.text) = lower(:entity)))"
        )
        params["entity"] = entity.strip()
    if language:
        filters.append("lower(a.language) = lower(:language)")
        params["language"] = language.strip()
    return filters, params


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.min, tzinfo=UTC)


def _sqlite_sql(parsed: ParsedQuery, filters: list[str], params: dict[str, Any]) -> str:
    params.update(match=to_fts5(parsed), hl_start=HIGHLIGHT_START, hl_end=HIGHLIGHT_END, ellipsis=ELLIPSIS)
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    where = "".join(f" AND {f}" for f in filters)
    return (
        f"SELECT a.canonical_url AS url, a.title, a.published, a.language, "
        f"-bm25({SQLITE_FTS_TABLE}, {weights}) AS rank, "
        f"snippet({SQLITE_FTS_TABLE}, -1, :hl_start, :hl_end, :ellipsis, {SNIPPET_TOKENS}) AS snippet "
        f"FROM {SQLITE_FTS_TABLE} JOIN articles a ON a.id = {SQLITE_FTS_TABLE}.rowid "
        f"WHERE {SQLITE_FTS_TABLE} MATCH :match{where} "
        f"ORDER BY bm25({SQLITE_FTS_TABLE}, {weights}), a.canonical_url LIMIT :limit"
    )


def _postgresql_sql(parsed: ParsedQuery, filters: list[str], params: dict[str, Any], language: str | None) -> str:
    """Each article is matched with the query parsed under its own language's configuration."""
    configs = {lang: cfg for lang, cfg in PG_CONFIGS.items() if language is None or lang == language.lower()}
    branches: list[tuple[str, str, str]] = []  # (language condition, tsquery SQL, config literal)
    for n, (lang, cfg) in enumerate(sorted(configs.items())):
        literal = f"'{cfg}'::regconfig"
        branches.append((f"lower(a.language) = '{lang}'", to_tsquery_sql(parsed, literal, params, f"q{n}_"), literal))
    if language is None or language.lower() not in PG_CONFIGS:
        known = ", ".join(f"'{lang}'" for lang in sorted(PG_CONFIGS))
        literal = f"'{PG_DEFAULT_CONFIG}'::regconfig"
        branches.append(
            (
                f"(a.language IS NULL OR lower(a.language) NOT IN ({known}))",
                to_tsquery_sql(parsed, literal, params, "qs_"),
                literal,
            )
        )
    match = " OR ".join(f"({cond} AND a.search_vector @@ {tsq})" for cond, tsq, _ in branches)
    query_case = "CASE " + " ".join(f"WHEN {cond} THEN {tsq}" for cond, tsq, _ in branches) + " END"
    config_case = "CASE " + " ".join(f"WHEN {cond} THEN {lit}" for cond, _, lit in branches) + " END"
    params["headline_options"] = (
        f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_END}", MaxWords=30, MinWords=10, '
        f'MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
    )
    where = "".join(f" AND {f}" for f in filters)
    return (
        "SELECT hit.url, hit.title, hit.published, hit.language, hit.rank, "
        "ts_headline(hit.config, hit.body, hit.query, :headline_options) AS snippet FROM ("
        f"SELECT a.canonical_url AS url, a.title, a.published, a.language, "
        f"ts_rank_cd(a.search_vector, {query_case}) AS rank, {config_case} AS config, {query_case} AS query, "
        "coalesce(a.title, '') || ' — ' || coalesce(a.lead, '') || ' ' || a.text AS body "
        f"FROM articles a WHERE ({match}){where} "
        "ORDER BY rank DESC, a.canonical_url LIMIT :limit) AS hit ORDER BY hit.rank DESC, hit.url"
    )
