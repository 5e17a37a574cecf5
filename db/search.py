"""Full-text search over articles on SQLite (FTS5, bm25) and PostgreSQL (tsvector, ts_rank).

Both rank every match but read only narrow data to do it (SQLite: the FTS5 index and a covering index for
the filters; PostgreSQL: the ``article_search`` table), keep the best ``limit``, and only for those read the
article row and build the snippet (FTS5 snippet(), PostgreSQL ts_headline()).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Executable, bindparam, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session

from db.dates import published_iso
from db.errors import SearchQueryError
from db.fts import PG_CONFIGS, PG_DEFAULT_CONFIG, PG_SEARCH_TABLE, SQLITE_FTS_TABLE, pg_config
from db.query_syntax import ParsedQuery, parse, to_fts5, to_tsquery_sql
from db.types import UTCDateTime

HIGHLIGHT_START = "["
HIGHLIGHT_END = "]"
ELLIPSIS = "…"
SNIPPET_TOKENS = 16  # words around the hits in a snippet
MAX_LIMIT = 1000
# Column weights for SQLite's bm25 (title, lead, text); PostgreSQL weighs title A, lead B, text C.
BM25_WEIGHTS = (10.0, 5.0, 1.0)
# ts_rank normalisation on PostgreSQL: 1 divides by 1 + log(document length), as bm25 discounts long texts.
PG_RANK_NORMALIZATION = 1


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article found; ``rank`` is larger for better hits; ``snippet`` (one line) marks hits with [ and ].

    ``published_iso`` is the publication time as the JSONL export writes it (db.dates.published_iso): the
    date alone when the page printed no time, else the time in the offset it was printed with.
    """

    url: str
    title: str | None
    published: datetime | None
    language: str | None
    rank: float
    snippet: str
    published_iso: str | None = None

    def as_record(self) -> dict[str, Any]:
        """The hit for JSON output: ``published`` in the export's form."""
        return {"url": self.url, "title": self.title, "published": self.published_iso, "language": self.language,
                "rank": self.rank, "snippet": self.snippet}


def one_line(text: str) -> str:
    """Every run of whitespace (newlines between paragraphs included) as one space.

    >>> one_line("end of one paragraph.\n[Start] of the next")
    'end of one paragraph. [Start] of the next'
    """
    return " ".join(text.split())


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
    if not 1 <= limit <= MAX_LIMIT:
        raise SearchQueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    dialect, parsed, filters, params = _prepare(session, query, since, until, entity, language)
    params["limit"] = limit
    if dialect == "sqlite":
        sql = _sqlite_sql(parsed, filters, params)
    else:
        sql = _postgresql_sql(parsed, filters, params, language)
    rows = _execute(session, query, sql, params)
    return [
        SearchHit(
            url=row.url,
            title=row.title,
            published=row.published,
            language=row.language,
            rank=float(row.rank),
            snippet=one_line(row.snippet or ""),
            published_iso=published_iso(row.published, row.published_offset_minutes, bool(row.published_has_time)),
        )
        for row in rows
    ]


def count_matches(
    session: Session,
    query: str,
    *,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    entity: str | None = None,
    language: str | None = None,
) -> int:
    """How many articles :func:`search` with these arguments would find without a limit."""
    dialect, parsed, filters, params = _prepare(session, query, since, until, entity, language)
    if dialect == "sqlite":
        sql = f"SELECT COUNT(*) AS n {_sqlite_matches(parsed, filters, params)}"
    else:
        branches = _postgresql_branches(parsed, filters, params, language)
        sql = "SELECT COUNT(*) AS n FROM (" + " UNION ALL ".join(f"SELECT 1 {m}" for _, _, m in branches) + ") c"
    return int(_execute(session, query, sql, params, hits=False)[0].n)


def _prepare(  # noqa: PLR0917 - the filters of search(), passed on as they came
    session: Session,
    query: str,
    since: date | datetime | None,
    until: date | datetime | None,
    entity: str | None,
    language: str | None,
) -> tuple[str, ParsedQuery, list[str], dict[str, Any]]:
    parsed = parse(query)
    dialect = session.get_bind().dialect.name
    if dialect not in {"sqlite", "postgresql"}:
        raise NotImplementedError(f"no full-text search for {dialect}")
    filters, params = _filters(dialect, since, until, entity, language)
    return dialect, parsed, filters, params


def _execute(session: Session, query: str, sql: str, params: dict[str, Any], *, hits: bool = True) -> list[Any]:
    clause = text(sql).bindparams(
        *(bindparam(name, type_=UTCDateTime()) for name in ("since", "until") if name in params)
    )
    statement: Executable = clause.columns(published=UTCDateTime()) if hits else clause
    try:
        return list(session.execute(statement, params).all())
    except SADatabaseError as exc:  # should not happen: every term is quoted; say so plainly if it does
        raise SearchQueryError(f"search query {query!r} was refused by the database: {exc.orig}") from None


def _filters(
    dialect: str,
    since: date | datetime | None,
    until: date | datetime | None,
    entity: str | None,
    language: str | None,
) -> tuple[list[str], dict[str, Any]]:
    """Conditions on ``f``, a row with ``published`` and ``language`` (SQLite: the covering index
    ix_articles_search_filter of ``articles``; PostgreSQL: ``article_search``), and their values."""
    filters: list[str] = []
    params: dict[str, Any] = {}
    if since is not None:
        filters.append("f.published >= :since")
        params["since"] = _as_datetime(since)
    if until is not None:
        if isinstance(until, datetime):
            filters.append("f.published <= :until")
            params["until"] = _as_datetime(until)
        else:  # a whole day: everything before the next midnight
            filters.append("f.published < :until")
            params["until"] = _as_datetime(until + timedelta(days=1))
    if language:
        # article_search keeps the language lower-cased (and has statistics on the column, not on lower())
        column = "lower(f.language)" if dialect == "sqlite" else "f.language"
        filters.append(f"{column} = lower(:language)")
        params["language"] = language.strip()
    if entity:
        # the articles mentioning the entity, found once through the lower() indexes (migration 0004);
        # on SQLite "+" keeps the planner from handing each of them to FTS5 as a rowid to look up
        article_id = "+f.id" if dialect == "sqlite" else "f.article_id"
        filters.append(
            f"{article_id} IN (SELECT m.article_id FROM mentions m WHERE lower(m.text) = lower(:entity) "
            "UNION SELECT m.article_id FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE lower(e.canonical_name) = lower(:entity))"
        )
        params["entity"] = entity.strip()
    return filters, params


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.min, tzinfo=UTC)


def _sqlite_matches(parsed: ParsedQuery, filters: list[str], params: dict[str, Any]) -> str:
    """FROM and WHERE of the matching articles: ``fts`` the FTS5 row, ``f`` the covering index (if filtered).

    The filters read ix_articles_search_filter (id, language, published), never the wide article rows.
    """
    params["match"] = to_fts5(parsed)
    join = " CROSS JOIN articles f INDEXED BY ix_articles_search_filter ON f.id = fts.rowid" if filters else ""
    where = "".join(f" AND {condition}" for condition in filters)
    return f"FROM {SQLITE_FTS_TABLE} AS fts{join} WHERE {SQLITE_FTS_TABLE} MATCH :match{where}"


def _sqlite_sql(parsed: ParsedQuery, filters: list[str], params: dict[str, Any]) -> str:
    """Rank every match with bm25 and keep the best ``limit``; only those get a snippet and their article row.

    The snippets come from a second use of the FTS5 table, one rowid lookup per hit (bm25 must not be
    used there: it would count the matches of every term again for each lookup).
    """
    params.update(hl_start=HIGHLIGHT_START, hl_end=HIGHLIGHT_END, ellipsis=ELLIPSIS)
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    return (
        f"WITH hit AS (SELECT fts.rowid AS id, bm25({SQLITE_FTS_TABLE}, {weights}) AS score "
        f"{_sqlite_matches(parsed, filters, params)} ORDER BY score, fts.rowid LIMIT :limit) "
        "SELECT a.canonical_url AS url, a.title, a.published, a.published_offset_minutes, a.published_has_time, "
        "a.language, -hit.score AS rank, "
        f"snippet({SQLITE_FTS_TABLE}, -1, :hl_start, :hl_end, :ellipsis, {SNIPPET_TOKENS}) AS snippet "
        f"FROM hit CROSS JOIN {SQLITE_FTS_TABLE} CROSS JOIN articles a "
        f"WHERE {SQLITE_FTS_TABLE} MATCH :match AND {SQLITE_FTS_TABLE}.rowid = hit.id AND a.id = hit.id "
        "ORDER BY hit.score, hit.id"
    )


def _postgresql_branches(
    parsed: ParsedQuery, filters: list[str], params: dict[str, Any], language: str | None
) -> list[tuple[str, str, str]]:
    """(regconfig literal, tsquery SQL, FROM and WHERE) for each text search configuration to search.

    Each article is matched with the query parsed under its own language's configuration; a branch reads
    only ``article_search`` (narrow rows, vectors in the heap) through its configuration's partial GIN index.
    """
    configs = sorted(set(PG_CONFIGS.values()) | {PG_DEFAULT_CONFIG})
    if language:
        configs = [pg_config(language.strip())]
    where = "".join(f" AND {condition}" for condition in filters)
    branches = []
    for n, config in enumerate(configs):
        literal = f"'{config}'::regconfig"
        tsquery = to_tsquery_sql(parsed, literal, params, f"q{n}_")
        matches = f"FROM {PG_SEARCH_TABLE} f WHERE f.config = {literal} AND f.document @@ {tsquery}{where}"
        branches.append((literal, tsquery, matches))
    return branches


def _postgresql_sql(parsed: ParsedQuery, filters: list[str], params: dict[str, Any], language: str | None) -> str:
    """Rank with ts_rank on the stored weighted vector; the best ``limit`` get their article row and a headline."""
    branches = [
        f"SELECT f.article_id AS id, {literal} AS config, {tsquery} AS query, "
        f"ts_rank(f.document, {tsquery}, {PG_RANK_NORMALIZATION}) AS rank {matches}"
        for literal, tsquery, matches in _postgresql_branches(parsed, filters, params, language)
    ]
    params["headline_options"] = (
        f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_END}", MaxWords=30, MinWords=10, '
        f'MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
    )
    return (
        "WITH hit AS (" + " UNION ALL ".join(branches) + " ORDER BY rank DESC, id LIMIT :limit) "
        "SELECT a.canonical_url AS url, a.title, a.published, a.published_offset_minutes, a.published_has_time, "
        "a.language, hit.rank, "
        "ts_headline(hit.config, coalesce(a.title, '') || ' — ' || coalesce(a.lead, '') || ' ' || a.text, "
        "hit.query, :headline_options) AS snippet "
        "FROM hit JOIN articles a ON a.id = hit.id ORDER BY hit.rank DESC, hit.id"
    )
