"""Rows that hang off an article (entities/mentions, links, images, translations), replaced as a whole."""

from __future__ import annotations

import logging
from collections import Counter

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from db.models import Entity, ImageRow, LinkRow, Mention, Translation
from db.upsert import upsert
from extract.record import EntityMention, Field, PageRecord

logger = logging.getLogger(__name__)


def replace_enrichment(session: Session, article_id: int, record: PageRecord) -> None:
    """Replace the article's mentions, links, images and translations with the record's."""
    replace_mentions(session, article_id, record)
    session.execute(delete(LinkRow).where(LinkRow.article_id == article_id))
    session.execute(delete(ImageRow).where(ImageRow.article_id == article_id))
    session.execute(delete(Translation).where(Translation.article_id == article_id))
    session.add_all(
        LinkRow(article_id=article_id, position=i, url=link.url, text=link.text) for i, link in enumerate(record.links)
    )
    session.add_all(
        ImageRow(article_id=article_id, position=i, url=img.url, alt=img.alt, caption=img.caption,
                 local_path=img.local_path)
        for i, img in enumerate(record.images)
    )
    session.add_all(
        Translation(article_id=article_id, language=language, target_url=url)
        for language, url in sorted(record.translations.items())
    )
    session.flush()


def replace_mentions(session: Session, article_id: int, record: PageRecord) -> None:
    """Replace the article's mentions; entity rows are shared and their ``mention_count`` kept exact."""
    old_counts = session.execute(
        select(Mention.entity_id, func.count()).where(Mention.article_id == article_id).group_by(Mention.entity_id)
    ).all()
    for entity_id, count in sorted(old_counts):
        session.execute(update(Entity).where(Entity.id == entity_id).values(mention_count=Entity.mention_count - count))
    session.execute(delete(Mention).where(Mention.article_id == article_id))

    mentions = [m for m in record.entities if _valid(m, record)]
    keys = [(m.label, (m.canonical or m.text).strip()) for m in mentions]
    # rows are locked in one global order, so concurrent writers cannot deadlock on shared entities
    entity_ids = {key: _entity_id(session, *key) for key in sorted(set(keys))}
    new_counts: Counter[int] = Counter()
    for mention, key in zip(mentions, keys, strict=True):
        entity_id = entity_ids[key]
        new_counts[entity_id] += 1
        session.add(
            Mention(
                article_id=article_id,
                entity_id=entity_id,
                field=str(mention.field),
                start_offset=mention.start,
                end_offset=mention.end,
                text=mention.text,
            )
        )
    for entity_id, count in sorted(new_counts.items()):
        session.execute(update(Entity).where(Entity.id == entity_id).values(mention_count=Entity.mention_count + count))
    session.flush()


def _entity_id(session: Session, label: str, canonical_name: str) -> int:
    values = {"label": label, "canonical_name": canonical_name, "mention_count": 0}
    entity_id = upsert(session, Entity, values, keys=["label", "canonical_name"], update=["label"])
    assert entity_id is not None
    return entity_id


def _valid(mention: EntityMention, record: PageRecord) -> bool:
    """Whether the mention's offsets fit its field; a bad one is logged and dropped, not the article."""
    texts = {Field.TITLE: record.title or "", Field.LEAD: record.lead or "", Field.TEXT: record.text}
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
