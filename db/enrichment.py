"""Rows that hang off an article (entities/mentions, links, images, translations), replaced as a whole."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, select
from sqlalchemy.orm import Session

from db.models import Entity, ImageRow, LinkRow, Mention, Translation
from db.upsert import upsert_many
from extract.record import EntityMention, Field, PageRecord

logger = logging.getLogger(__name__)


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


_ENTITIES, _MENTIONS = _table(Entity), _table(Mention)
_LINKS, _IMAGES, _TRANSLATIONS = _table(LinkRow), _table(ImageRow), _table(Translation)

# Core statements on the tables, built once and executed with parameters: no ORM unit of work, and
# SQLAlchemy reuses their compiled form. A list of parameter sets is one executemany / multi-row INSERT.
_INSERT_MENTIONS = _MENTIONS.insert()
_INSERT_LINKS = _LINKS.insert()
_INSERT_IMAGES = _IMAGES.insert()
_INSERT_TRANSLATIONS = _TRANSLATIONS.insert()
_DELETE_ROWS = [
    delete(table).where(table.c.article_id == bindparam("article_id"))
    for table in (_MENTIONS, _LINKS, _IMAGES, _TRANSLATIONS)
]
_OLD_MENTION_COUNTS = (
    select(_ENTITIES.c.label, _ENTITIES.c.canonical_name, func.count())
    .select_from(_MENTIONS.join(_ENTITIES, _MENTIONS.c.entity_id == _ENTITIES.c.id))
    .where(_MENTIONS.c.article_id == bindparam("article_id"))
    .group_by(_ENTITIES.c.id, _ENTITIES.c.label, _ENTITIES.c.canonical_name)
)


def replace_enrichment(session: Session, article_id: int, record: PageRecord, *, fresh: bool = False) -> None:
    """Replace the article's mentions, links, images and translations with the record's.

    ``fresh``: the article was created in this transaction, so there is nothing to delete first.
    """
    replace_mentions(session, article_id, record, fresh=fresh)
    if not fresh:
        for statement in _DELETE_ROWS[1:]:
            session.execute(statement, {"article_id": article_id})
    if record.links:
        session.execute(
            _INSERT_LINKS,
            [
                {"article_id": article_id, "position": i, "url": link.url, "text": link.text}
                for i, link in enumerate(record.links)
            ],
        )
    if record.images:
        session.execute(
            _INSERT_IMAGES,
            [
                {
                    "article_id": article_id,
                    "position": i,
                    "url": img.url,
                    "alt": img.alt,
                    "caption": img.caption,
                    "local_path": img.local_path,
                }
                for i, img in enumerate(record.images)
            ],
        )
    if record.translations:
        session.execute(
            _INSERT_TRANSLATIONS,
            [
                {"article_id": article_id, "language": language, "target_url": url}
                for language, url in sorted(record.translations.items())
            ],
        )


def replace_mentions(session: Session, article_id: int, record: PageRecord, *, fresh: bool = False) -> None:
    """Replace the article's mentions; entity rows are shared and their ``mention_count`` kept exact.

    A fixed number of statements per article, whatever the number of mentions. For a new article
    two: one multi-row upsert of the entities that adds each entity's number of mentions to its
    ``mention_count`` (inserting the entities not seen before) and returns every id, and one
    multi-row insert of the mentions. Replacing mentions first counts and deletes the old ones and
    folds the difference into the same upsert. Entity rows are written in one global order (sorted
    keys), so concurrent writers cannot deadlock.
    """
    deltas: Counter[tuple[str, str]] = Counter()
    if not fresh:
        for label, name, count in session.execute(_OLD_MENTION_COUNTS, {"article_id": article_id}):
            deltas[(label, name)] -= count
        session.execute(_DELETE_ROWS[0], {"article_id": article_id})

    texts = {Field.TITLE: record.title or "", Field.LEAD: record.lead or "", Field.TEXT: record.text}
    mentions = [m for m in record.entities if _valid(m, record, texts)]
    keys = [(m.label, (m.canonical or m.text).strip()) for m in mentions]
    deltas.update(keys)  # Counter.update adds; keys of old mentions only keep their negative count
    if not deltas:
        return
    rows = upsert_many(
        session,
        Entity,
        [
            {"label": label, "canonical_name": name, "mention_count": delta}
            for (label, name), delta in sorted(deltas.items())
        ],
        keys=["label", "canonical_name"],
        increment=["mention_count"],
        returning=["id", "label", "canonical_name"],
    )
    if not mentions:
        return
    entity_ids = {(label, name): entity_id for entity_id, label, name in rows}
    session.execute(
        _INSERT_MENTIONS,
        [
            {
                "article_id": article_id,
                "entity_id": entity_ids[key],
                "field": str(mention.field),
                "start_offset": mention.start,
                "end_offset": mention.end,
                "text": mention.text,
            }
            for mention, key in zip(mentions, keys, strict=True)
        ],
    )


def _valid(mention: EntityMention, record: PageRecord, texts: dict[Field, str]) -> bool:
    """Whether the mention's offsets fit its field; a bad one is logged and dropped, not the article."""
    try:
        field_text = texts[Field(mention.field)]
    except ValueError:
        logger.warning("mention %r in %s: unknown field %r dropped", mention.text, record.url, mention.field)
        return False
    if not (0 <= mention.start <= mention.end <= len(field_text)) or not (mention.canonical or mention.text).strip():
        logger.warning(
            "mention %r in %s: offsets %s-%s outside %s (length %s) dropped",
            mention.text,
            record.url,
            mention.start,
            mention.end,
            mention.field,
            len(field_text),
        )
        return False
    return True
