"""What the HTML report shows, read from SQLite or PostgreSQL: counts, months, entities, pairs, runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, String, cast, extract, func, select, text
from sqlalchemy.orm import Session

from db.models import Article, Site
from db.queries import ArchiveStats, EntityCount, stats, top_entities
from db.runs import RunSummary, list_runs

#: Entity labels charted, in the order shown, with their heading.
LABELS: dict[str, str] = {"PER": "People", "ORG": "Organisations", "LOC": "Places"}
TOP_ENTITIES = 15  # bars per label chart
TOP_PAIRS = 40  # edges in the co-occurrence network
MAX_RUNS = 60  # newest crawl runs in the crawl-health chart


@dataclass(frozen=True, slots=True)
class LanguageMonth:
    """Articles published in one calendar month (UTC) in one language ("" when unknown)."""

    year: int
    month: int
    language: str
    articles: int


@dataclass(frozen=True, slots=True)
class EntityPair:
    """Two entities mentioned in the same ``articles`` articles (a before b by entity id)."""

    a_label: str
    a_name: str
    b_label: str
    b_name: str
    articles: int


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the report draws; ``runs`` oldest first."""

    database: str  # URL with the password hidden
    generated_at: datetime
    stats: ArchiveStats
    sites: list[str]
    first_published: datetime | None
    last_published: datetime | None
    months: list[LanguageMonth] = field(default_factory=list)
    top_entities: dict[str, list[EntityCount]] = field(default_factory=dict)  # label -> best first
    pairs: list[EntityPair] = field(default_factory=list)
    runs: list[RunSummary] = field(default_factory=list)


def articles_per_month_by_language(session: Session) -> list[LanguageMonth]:
    """Dated articles per calendar month (UTC) and language, in time order."""
    year, month = _year_month(session.get_bind().dialect.name)
    language = func.coalesce(Article.language, "")
    rows = session.execute(
        select(year.label("year"), month.label("month"), language.label("language"), func.count().label("n"))
        .where(Article.published.is_not(None))
        .group_by(year, month, language)
        .order_by(year, month, language)
    )
    return [LanguageMonth(int(row.year), int(row.month), str(row.language), int(row.n)) for row in rows]


def strongest_pairs(session: Session, *, top: int = TOP_PAIRS) -> list[EntityPair]:
    """The entity pairs sharing the most articles (view ``entity_cooccurrence``); ties: prominent first."""
    rows = session.execute(
        text(
            "SELECT c.entity_a_label, c.entity_a_name, c.entity_b_label, c.entity_b_name, c.article_count "
            "FROM entity_cooccurrence c "
            "JOIN entities ea ON ea.id = c.entity_a_id JOIN entities eb ON eb.id = c.entity_b_id "
            "ORDER BY c.article_count DESC, ea.mention_count + eb.mention_count DESC, "
            "c.entity_a_name, c.entity_b_name "
            "LIMIT :top"
        ),
        {"top": top},
    )
    return [EntityPair(row[0], row[1], row[2], row[3], int(row[4])) for row in rows]


def collect(session: Session, *, database: str, top: int = TOP_ENTITIES, pairs: int = TOP_PAIRS,
            runs: int = MAX_RUNS) -> ReportData:
    """Read everything the report shows, in one session."""
    first, last = session.execute(select(func.min(Article.published), func.max(Article.published))).one()
    return ReportData(
        database=database,
        generated_at=datetime.now(UTC),
        stats=stats(session, top=0),
        sites=list(session.execute(select(Site.base_url).order_by(Site.base_url)).scalars()),
        first_published=first,
        last_published=last,
        months=articles_per_month_by_language(session),
        top_entities={label: top_entities(session, label=label, top=top) for label in LABELS},
        pairs=strongest_pairs(session, top=pairs),
        runs=list(reversed(list_runs(session, limit=runs))),
    )


def to_json(data: ReportData) -> dict[str, Any]:
    """The data as the page's script reads it (plain JSON types, times as ISO 8601 strings)."""
    stats_ = data.stats
    return {
        "database": data.database,
        "generatedAt": _iso(data.generated_at),
        "counts": {
            "articles": stats_.articles,
            "pages": stats_.pages,
            "failedPages": stats_.failed_pages,
            "undatedArticles": stats_.undated_articles,
            "sites": len(data.sites),
        },
        "sites": data.sites,
        "firstPublished": _iso(data.first_published),
        "lastPublished": _iso(data.last_published),
        "perLanguage": stats_.per_language,
        "months": [{"year": m.year, "month": m.month, "language": m.language, "articles": m.articles}
                   for m in data.months],
        "labels": LABELS,
        "topEntities": {
            label: [{"name": e.name, "mentions": e.mentions, "articles": e.articles} for e in entities]
            for label, entities in data.top_entities.items()
        },
        "pairs": [{"a": {"label": p.a_label, "name": p.a_name}, "b": {"label": p.b_label, "name": p.b_name},
                   "articles": p.articles} for p in data.pairs],
        "runs": [
            {"id": r.id, "site": r.site, "status": r.status, "startedAt": _iso(r.started_at),
             "durationSeconds": r.duration_seconds, "fetched": r.fetched, "new": r.new, "changed": r.changed,
             "unchanged": r.unchanged, "failed": r.failed, "robotsSkipped": r.robots_skipped}
            for r in data.runs
        ],
    }


def _year_month(dialect: str) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """Year and month (UTC) of ``articles.published`` on this dialect."""
    if dialect == "postgresql":
        utc = func.timezone("UTC", Article.published)
        return cast(extract("year", utc), Integer), cast(extract("month", utc), Integer)
    # SQLite stores UTC text 'YYYY-MM-DD HH:MM:SS.ffffff' (db.types.UTCDateTime)
    stored = cast(Article.published, String)
    return cast(func.substr(stored, 1, 4), Integer), cast(func.substr(stored, 6, 2), Integer)


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
