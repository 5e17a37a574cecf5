"""Make a site's stored mentions agree on each name's label (extract.site_names over the database, streamed)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection, Iterable, Iterator

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from db.enrichment import replace_mentions
from db.locks import advisory_key
from db.models import Article, Entity, Mention, Translation, UrlAlias
from extract.record import EntityMention, Field, PageKind, PageRecord
from extract.site_names import (
    SiteNameChanges,
    apply_site_names,
    clear_labels,
    connected_groups,
    decide_names,
    translation_overrides,
)

logger = logging.getLogger(__name__)

#: Articles read per query while streaming a site.
READ_BATCH = 500

_FIELDS = {str(field_name): field_name for field_name in Field}


def harmonise_site_entities(
    session: Session, site_id: int, *, languages: Collection[str] | None = None
) -> SiteNameChanges:
    """Relabel and add the site's mentions so each name has the label the site gives it.

    ``languages``: only articles in these languages take part (those with an NER pipeline); None: all.
    Idempotent; runs in the caller's transaction. On PostgreSQL a transaction-scoped advisory lock
    per site makes concurrent callers (distributed workers ending together) take turns.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(f"site-names:{site_id}")})
    article_ids = site_article_ids(session, site_id, languages)
    labels = clear_labels(_label_votes(session, article_ids))
    names, pending = decide_names(labels, site_records(session, article_ids))
    groups = language_version_groups(session, site_id, article_ids)
    versions = translation_overrides(groups, _group_mentions(session, groups), names.labels)
    pending = sorted(set(pending) | set(versions))
    total = SiteNameChanges()
    for article_id, record in site_records(session, pending):
        changes = apply_site_names(record, names, versions.get(article_id))
        if changes:
            replace_mentions(session, article_id, record)
            total += changes
    if total:
        logger.info("site %s: %d mentions relabelled, %d added (%d fragments replaced) in %d articles",
                    site_id, total.relabelled, total.added, total.replaced, total.articles)
    return total


def harmonise_sites(
    sessions: sessionmaker[Session], site_ids: Iterable[int], *, languages: Collection[str] | None = None
) -> SiteNameChanges:
    """:func:`harmonise_site_entities` for each site in its own transaction; a failing site is logged, not raised.

    For the end of a crawl or an import: the pages are stored, only the consistency step is lost.
    """
    total = SiteNameChanges()
    for site_id in site_ids:
        try:
            with sessions.begin() as session:
                total += harmonise_site_entities(session, site_id, languages=languages)
        except Exception:
            logger.exception("Site-wide name consistency failed for site %s", site_id)
    return total


def site_article_ids(session: Session, site_id: int, languages: Collection[str] | None = None) -> list[int]:
    """Ids of the site's articles (in these languages), in id order."""
    query = select(Article.id).where(Article.site_id == site_id)
    if languages is not None:
        query = query.where(Article.language.in_(sorted(languages)))
    return list(session.execute(query.order_by(Article.id)).scalars())


def language_version_groups(session: Session, site_id: int, article_ids: list[int]) -> list[list[int]]:
    """The site's articles (of ``article_ids``) that are language versions of each other, linked either way.

    A translation link resolves to an article through url_aliases, as everywhere (docs/schema.md).
    """
    taking_part = set(article_ids)
    rows = session.execute(
        select(Translation.article_id, UrlAlias.article_id)
        .join(UrlAlias, UrlAlias.url == Translation.target_url)
        .join(Article, Article.id == Translation.article_id)
        .where(Article.site_id == site_id)
    )
    return connected_groups((source, target) for source, target in rows
                            if source != target and source in taking_part and target in taking_part)


def _group_mentions(session: Session, groups: list[list[int]]) -> dict[int, list[tuple[str, str]]]:
    """(text as written, label) of every mention of the grouped articles, per article."""
    ids = sorted(article_id for group in groups for article_id in group)
    mentions: dict[int, list[tuple[str, str]]] = {}
    for start in range(0, len(ids), READ_BATCH):
        rows = session.execute(
            select(Mention.article_id, Mention.text, Entity.label)
            .join(Entity, Mention.entity_id == Entity.id)
            .where(Mention.article_id.in_(ids[start : start + READ_BATCH]))
        )
        for article_id, surface, label in rows:
            mentions.setdefault(article_id, []).append((surface, label))
    return mentions


def _label_votes(session: Session, article_ids: list[int]) -> dict[str, Counter[str]]:
    """Per mention text, the number of the articles tagging it with each label (counted in SQL)."""
    votes: dict[str, Counter[str]] = {}
    for start in range(0, len(article_ids), READ_BATCH):
        batch = article_ids[start : start + READ_BATCH]
        rows = session.execute(
            select(Mention.text, Entity.label, func.count(func.distinct(Mention.article_id)))
            .join(Entity, Mention.entity_id == Entity.id)
            .where(Mention.article_id.in_(batch))
            .group_by(Mention.text, Entity.label)
        )
        for name, label, articles in rows:
            votes.setdefault(name, Counter())[label] += articles
    return votes


def site_records(session: Session, article_ids: list[int]) -> Iterator[tuple[int, PageRecord]]:
    """(article id, the article as a record carrying its stored mentions), in batches."""
    for start in range(0, len(article_ids), READ_BATCH):
        batch = article_ids[start : start + READ_BATCH]
        mentions: dict[int, list[EntityMention]] = {}
        rows = session.execute(
            select(Mention.article_id, Mention.field, Mention.start_offset, Mention.end_offset, Mention.text,
                   Entity.label, Entity.canonical_name)
            .join(Entity, Mention.entity_id == Entity.id)
            .where(Mention.article_id.in_(batch))
            .order_by(Mention.article_id, Mention.id)
        )
        for article_id, field_name, mention_start, mention_end, surface, label, canonical in rows:
            mentions.setdefault(article_id, []).append(EntityMention(
                text=surface, label=label, field=_FIELDS[field_name], start=mention_start, end=mention_end,
                canonical=canonical))
        articles = session.execute(
            select(Article.id, Article.canonical_url, Article.title, Article.lead, Article.text, Article.language)
            .where(Article.id.in_(batch))
            .order_by(Article.id)
        )
        for article_id, canonical_url, title, lead, body, language in articles:
            yield article_id, PageRecord(url=canonical_url, canonical_url=canonical_url, kind=PageKind.ARTICLE,
                                         title=title, lead=lead, text=body or "", language=language,
                                         entities=mentions.get(article_id, []))
