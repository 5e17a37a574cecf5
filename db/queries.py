"""Read-only summaries for people: archive statistics, top entities, entities seen together."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, distinct, func, select, text
from sqlalchemy.orm import Session

from db.models import Article, Entity, Mention, Page

TOP_PER_LABEL = 10


@dataclass(frozen=True, slots=True)
class MonthCount:
    """Articles published in one calendar month (UTC)."""

    year: int
    month: int
    articles: int


@dataclass(frozen=True, slots=True)
class EntityCount:
    """An entity with how often it is mentioned and in how many articles."""

    label: str
    name: str
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class ArchiveStats:
    """What is in the database: counts, articles per month and language, top entities per label."""

    articles: int
    pages: int
    failed_pages: int
    undated_articles: int
    per_month: list[MonthCount] = field(default_factory=list)
    per_language: dict[str, int] = field(default_factory=dict)  # "" for unknown language
    top_entities: dict[str, list[EntityCount]] = field(default_factory=dict)  # label -> best first


def stats(session: Session, *, top: int = TOP_PER_LABEL) -> ArchiveStats:
    """Counts of the archive (articles per year/month from the ``articles_per_month`` view)."""
    per_month = [
        MonthCount(int(row.year), int(row.month), int(row.article_count))
        for row in session.execute(
            text("SELECT year, month, article_count FROM articles_per_month ORDER BY year, month")
        )
    ]
    per_language = {
        language or "": int(count)
        for language, count in session.execute(
            select(Article.language, func.count()).group_by(Article.language).order_by(Article.language)
        )
    }
    labels = session.execute(
        select(Entity.label).where(Entity.mention_count > 0).distinct().order_by(Entity.label)
    ).scalars()
    return ArchiveStats(
        articles=_count(session, select(func.count()).select_from(Article)),
        pages=_count(session, select(func.count()).select_from(Page)),
        failed_pages=_count(session, select(func.count()).select_from(Page).where(Page.error.is_not(None))),
        undated_articles=_count(session, select(func.count()).select_from(Article).where(Article.published.is_(None))),
        per_month=per_month,
        per_language=per_language,
        top_entities={label: top_entities(session, label=label, top=top) for label in list(labels)},
    )


def top_entities(session: Session, label: str | None = None, top: int = 20) -> list[EntityCount]:
    """The most mentioned entities (of one label, or all), best first; ties by name."""
    articles = func.count(distinct(Mention.article_id))
    statement = (
        select(Entity.label, Entity.canonical_name, Entity.mention_count, articles)
        .join(Mention, Mention.entity_id == Entity.id)
        .where(Entity.mention_count > 0)
        .group_by(Entity.id, Entity.label, Entity.canonical_name, Entity.mention_count)
        .order_by(Entity.mention_count.desc(), articles.desc(), Entity.canonical_name)
        .limit(top)
    )
    if label is not None:
        statement = statement.where(Entity.label == label)
    return [EntityCount(row[0], row[1], int(row[2]), int(row[3])) for row in session.execute(statement)]


def cooccurring(session: Session, name: str, *, top: int = 20) -> list[EntityCount]:
    """Entities appearing in the same articles as the entity called ``name`` (``articles`` = shared ones)."""
    rows = session.execute(
        text(
            "SELECT entity_b_label AS label, entity_b_name AS name, article_count FROM entity_cooccurrence "
            "WHERE entity_a_name = :name "
            "UNION ALL "
            "SELECT entity_a_label, entity_a_name, article_count FROM entity_cooccurrence "
            "WHERE entity_b_name = :name "
            "ORDER BY article_count DESC, name LIMIT :top"
        ),
        {"name": name, "top": top},
    )
    return [EntityCount(row.label, row.name, 0, int(row.article_count)) for row in rows]


def _count(session: Session, statement: Select[Any]) -> int:
    return int(session.execute(statement).scalar_one())
