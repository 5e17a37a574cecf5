"""Rows that hang off an article (entities/mentions, links, images, translations), replaced as a whole."""

from __future__ import annotations

import logging
from collections import Counter

from sqlalchemy import Table, bindparam, delete, func, select
from sqlalchemy.orm import Session

from db.models import Entity, ImageRow, LinkRow, Mention, Translation
from db.upsert import insert_ignore
from extract.record import EntityMention, Field, PageRecord

logger = logging.getLogger(__name__)


def replace_enrichment(session: Session, article_id: int, record: PageRecord, *, fresh: bool = False) -> None:
    """Replace the article's mentions, links, images and translations with the record's.

    ``fresh``: the article was created in this transaction, so there is nothing to delete first.
    """
    replace_mentions(session, article_id, record, fresh=fresh)
    if not fresh:
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


def replace_mentions(session: Session, article_id: int, record: PageRecord, *, fresh: bool = False) -> None:
    """Replace the article's mentions; entity rows are shared and their ``mention_count`` kept exact.

    A few statements per article, whatever the number of mentions: one bulk upsert of the entities,
    one lookup of their ids, one bulk insert of the mentions, one bulk count update. Entity rows are
    touched in one global order (sorted keys / ids), so concurrent writers cannot deadlock.
    """
    entities, mentions_table = Entity.__table__, Mention.__table__
    assert isinstance(entities, Table) and isinstance(mentions_table, Table)
    if not fresh:
        old_counts = session.execute(
            select(Mention.entity_id, func.count()).where(Mention.article_id == article_id).group_by(Mention.entity_id)
        ).all()
        session.execute(delete(Mention).where(Mention.article_id == article_id))
        _add_to_counts(session, entities, {entity_id: -count for entity_id, count in old_counts})

    mentions = [m for m in record.entities if _valid(m, record)]
    keys = [(m.label, (m.canonical or m.text).strip()) for m in mentions]
    if not mentions:
        session.flush()
        return
    distinct = sorted(set(keys))
    insert_ignore(session, Entity, [{"label": label, "canonical_name": name, "mention_count": 0}
                                    for label, name in distinct], keys=["label", "canonical_name"])
    entity_ids: dict[tuple[str, str], int] = {}
    names = sorted({name for _, name in distinct})
    for chunk in range(0, len(names), 500):  # stay below the bound-parameter limits
        wanted = Entity.canonical_name.in_(names[chunk:chunk + 500])
        rows = session.execute(select(Entity.id, Entity.label, Entity.canonical_name).where(wanted)).all()
        entity_ids.update({(label, name): entity_id for entity_id, label, name in rows})
    new_counts: Counter[int] = Counter(entity_ids[key] for key in keys)
    session.execute(
        mentions_table.insert(),
        [
            {"article_id": article_id, "entity_id": entity_ids[key], "field": str(mention.field),
             "start_offset": mention.start, "end_offset": mention.end, "text": mention.text}
            for mention, key in zip(mentions, keys, strict=True)
        ],
    )
    _add_to_counts(session, entities, dict(new_counts))
    session.flush()


def _add_to_counts(session: Session, entities: Table, deltas: dict[int, int]) -> None:
    """``mention_count += delta`` for each entity id, in id order, as one executemany."""
    if not deltas:
        return
    session.execute(
        entities.update().where(entities.c.id == bindparam("entity_id"))
        .values(mention_count=entities.c.mention_count + bindparam("delta")),
        [{"entity_id": entity_id, "delta": delta} for entity_id, delta in sorted(deltas.items())],
    )


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
