"""JSON Lines export: one article per line, fixed fields, ordered by canonical URL."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, timedelta, timezone
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from db.models import Article, Entity, Mention, Translation, UrlAlias

EXPORT_FIELDS = (
    "url",
    "title",
    "published",
    "language",
    "lead",
    "text",
    "authors",
    "category",
    "translations",
    "entities",
)
BATCH_SIZE = 500
_FIELD_ORDER = {"title": 0, "lead": 1, "text": 2}


def article_batches(session: Session, batch_size: int = BATCH_SIZE) -> Iterator[list[Article]]:
    """Every article by canonical URL, in batches (keyset pagination: memory stays flat on large archives)."""
    after: str | None = None
    while True:
        statement = select(Article).order_by(Article.canonical_url).limit(batch_size)
        if after is not None:
            statement = statement.where(Article.canonical_url > after)
        articles = list(session.execute(statement).scalars())
        if not articles:
            return
        yield articles
        after = articles[-1].canonical_url


def iter_export_records(session: Session) -> Iterator[dict[str, Any]]:
    """Every article as an export dict (keys: EXPORT_FIELDS), by canonical URL, read in batches."""
    for articles in article_batches(session):
        ids = [a.id for a in articles]
        entities = _entities(session, ids)
        translations = _translations(session, ids)
        for article in articles:
            yield {
                "url": article.canonical_url,
                "title": article.title,
                "published": _published(article),
                "language": article.language,
                "lead": article.lead or None,
                "text": article.text,
                "authors": list(article.authors or []),
                "category": article.category or None,
                "translations": translations.get(article.id, {}),
                "entities": entities.get(article.id, []),
            }
        session.expunge_all()  # keep memory flat on large archives


def export_jsonl(session: Session, out: TextIO) -> int:
    """Write every article as one JSON line to ``out``; return the number of lines."""
    count = 0
    for record in iter_export_records(session):
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=False))
        out.write("\n")
        count += 1
    return count


def _published(article: Article) -> str | None:
    """ISO 8601: a date when only the day is known, else the datetime with the offset it was printed with."""
    if article.published is None:
        return None
    offset = article.published_offset_minutes
    published = article.published.astimezone(UTC if offset is None else timezone(timedelta(minutes=offset)))
    return published.isoformat() if article.published_has_time else published.date().isoformat()


def _entities(session: Session, article_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = session.execute(
        select(Mention.article_id, Mention.text, Entity.label, Mention.field, Mention.start_offset, Mention.end_offset)
        .join(Entity, Entity.id == Mention.entity_id)
        .where(Mention.article_id.in_(article_ids))
    ).all()
    result: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.article_id, _FIELD_ORDER.get(r.field, 9), r.start_offset, r.end_offset)):
        result[row.article_id].append(
            {"text": row.text, "label": row.label, "field": row.field, "start": row.start_offset, "end": row.end_offset}
        )
    return result


def _translations(session: Session, article_ids: list[int]) -> dict[int, dict[str, str]]:
    """language -> canonical URL of the translated article, for targets that resolve to a stored article."""
    target = aliased(Article)
    rows = session.execute(
        select(Translation.article_id, Translation.language, target.canonical_url)
        .join(UrlAlias, UrlAlias.url == Translation.target_url)
        .join(target, target.id == UrlAlias.article_id)
        .where(Translation.article_id.in_(article_ids), target.id != Translation.article_id)
        .order_by(Translation.article_id, Translation.language)
    ).all()
    result: dict[int, dict[str, str]] = defaultdict(dict)
    for article_id, language, url in rows:
        result[article_id][language] = url
    return result
