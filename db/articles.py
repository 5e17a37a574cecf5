"""Articles: find the article a record belongs to, create or update it, keep history and aliases."""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from db.enrichment import replace_enrichment
from db.fts import FtsDoc, index_article
from db.identity import (
    candidate_urls,
    content_fingerprint,
    content_hash,
    enrichment_hash,
    fingerprint_usable,
    text_fingerprint,
)
from db.models import AliasKind, Article, ArticleVersion, Page, UrlAlias
from db.types import utcnow
from db.upsert import upsert
from extract.record import PageRecord

logger = logging.getLogger(__name__)


class ArticleChange(enum.Enum):
    """What storing a record did to its article."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


def article_id_for_urls(session: Session, urls: Iterable[str]) -> int | None:
    """The article any of ``urls`` belongs to (the first URL that is known wins), or None."""
    ordered = list(dict.fromkeys(u for u in urls if u))
    if not ordered:
        return None
    found: dict[str, int] = {
        url: article_id
        for url, article_id in session.execute(
            select(UrlAlias.url, UrlAlias.article_id).where(UrlAlias.url.in_(ordered))
        )
    }
    for url, article_id in session.execute(
        select(Article.canonical_url, Article.id).where(Article.canonical_url.in_(ordered))
    ):
        found.setdefault(url, article_id)
    return next((found[u] for u in ordered if u in found), None)


def add_aliases(session: Session, article_id: int, urls: Iterable[tuple[str, AliasKind]]) -> None:
    """Point each URL at the article; a URL already pointing at another article is left there (logged)."""
    for url, kind in urls:
        values = {"url": url, "article_id": article_id, "kind": kind.value, "created_at": utcnow()}
        if upsert(session, UrlAlias, values, keys=["url"]) is None:
            owner = session.execute(select(UrlAlias.article_id).where(UrlAlias.url == url)).scalar_one()
            if owner != article_id:
                logger.warning("URL %s belongs to article %s, not re-pointed to %s", url, owner, article_id)


def store_article(
    session: Session, site_id: int, record: PageRecord, redirect_urls: list[str], fetched_at: datetime
) -> tuple[int, ArticleChange]:
    """Create or update the article of an ARTICLE record (not a part page); return its id and the change."""
    candidates = candidate_urls(record, redirect_urls)
    fingerprint = content_fingerprint(record.title, record.lead, record.text)
    article = _find(session, site_id, [url for url, _ in candidates], fingerprint, record)
    if article is None:
        article = _create(session, site_id, record, fingerprint, fetched_at)
        change = ArticleChange.NEW
    else:
        change = _update(session, article, record, fingerprint, fetched_at)
    add_aliases(session, article.id, candidates)
    _adopt_parts(session, article.id, [url for url, _ in candidates], record.continuation_urls)
    return article.id, change


def _find(session: Session, site_id: int, urls: list[str], fingerprint: str, record: PageRecord) -> Article | None:
    article_id = article_id_for_urls(session, urls)
    if article_id is not None:
        return session.get(Article, article_id)
    if fingerprint_usable(record.title, record.lead, record.text):
        same_content = session.execute(
            select(Article)
            .where(Article.site_id == site_id, Article.content_fingerprint == fingerprint)
            .order_by(Article.is_print_only, Article.id)
            .limit(1)
        ).scalar_one_or_none()
        if same_content is not None:
            return same_content
    if not fingerprint_usable(None, record.lead, record.text):
        return None
    # A print version often decorates the title ("Druckversion: ..."): between a print version and
    # an article, the same lead + text is enough.
    same_text = select(Article).where(
        Article.site_id == site_id, Article.text_fingerprint == text_fingerprint(record.lead, record.text)
    )
    if not record.is_print:
        same_text = same_text.where(Article.is_print_only.is_(True))
    return session.execute(same_text.order_by(Article.is_print_only, Article.id).limit(1)).scalar_one_or_none()


def _create(session: Session, site_id: int, record: PageRecord, fingerprint: str, fetched_at: datetime) -> Article:
    now = utcnow()
    article = Article(
        site_id=site_id,
        canonical_url=record.canonical_url,
        is_print_only=record.is_print,
        created_at=now,
        extractor_version=record.extractor_version,
        content_fingerprint=fingerprint,
        text_fingerprint="",
        content_hash="",
        enrichment_hash="",
    )
    _apply_fields(article, record, fingerprint, now)
    article.enrichment_hash = enrichment_hash(record)
    session.add(article)
    session.flush()
    _add_version(session, article, fetched_at, first=True)
    replace_enrichment(session, article.id, record, fresh=True)
    index_article(session, article.id, article.language, _fts_doc(article), None)
    return article


def _update(
    session: Session, article: Article, record: PageRecord, fingerprint: str, fetched_at: datetime
) -> ArticleChange:
    if record.is_print and not article.is_print_only:
        return ArticleChange.UNCHANGED  # a print rendering never overwrites the real article
    takeover = article.is_print_only and not record.is_print
    new_hash = content_hash(record)
    content_changed = new_hash != article.content_hash
    if content_changed or takeover:
        old_doc, old_language = _fts_doc(article), article.language
        _apply_fields(article, record, fingerprint, utcnow())
        if takeover:
            logger.info("article %s: print version replaced by %s", article.id, record.canonical_url)
            article.canonical_url = record.canonical_url
            article.is_print_only = False
        session.flush()
        if content_changed:
            _add_version(session, article, fetched_at)
        if old_language != article.language or old_doc != _fts_doc(article):
            index_article(session, article.id, article.language, _fts_doc(article), old_doc)
    new_enrichment = enrichment_hash(record)
    if content_changed or takeover or new_enrichment != article.enrichment_hash:
        replace_enrichment(session, article.id, record)
        article.enrichment_hash = new_enrichment
        session.flush()
    return ArticleChange.CHANGED if content_changed or takeover else ArticleChange.UNCHANGED


def _apply_fields(article: Article, record: PageRecord, fingerprint: str, now: datetime) -> None:
    published = record.published
    if published is not None and published.tzinfo is None:
        logger.warning("naive publication time %s for %s taken as UTC", published, record.url)
        published = published.replace(tzinfo=UTC)
    article.title = record.title
    article.lead = record.lead
    article.text = record.text
    article.html = record.html
    article.published = published
    offset = published.utcoffset() if published is not None else None
    article.published_offset_minutes = int(offset.total_seconds() // 60) if offset is not None else None
    article.published_raw = record.published_raw
    article.published_has_time = record.published_has_time
    article.language = record.language
    article.authors = list(record.authors)
    article.category = record.category
    article.word_count = record.word_count
    article.extractor_version = record.extractor_version
    article.content_fingerprint = fingerprint
    article.text_fingerprint = text_fingerprint(record.lead, record.text)
    article.content_hash = content_hash(record)
    article.updated_at = now


def _add_version(session: Session, article: Article, fetched_at: datetime, *, first: bool = False) -> None:
    last = 0 if first else session.execute(
        select(func.max(ArticleVersion.version)).where(ArticleVersion.article_id == article.id)
    ).scalar_one()
    session.add(
        ArticleVersion(
            article_id=article.id,
            version=(last or 0) + 1,
            fetched_at=fetched_at,
            content_hash=article.content_hash,
            title=article.title,
            lead=article.lead,
            text=article.text,
        )
    )
    session.flush()


def _adopt_parts(session: Session, article_id: int, urls: list[str], continuation_urls: list[str]) -> None:
    """Link already fetched pages that are further parts of this article.

    Those whose ``part_of`` is one of the article's URLs, and those the article lists as continuation.
    URLs not fetched yet get no alias: a part page must arrive with ``part_of`` to be recognised.
    """
    part_urls = list(
        session.execute(
            select(Page.url).where(
                or_(Page.part_of.in_(urls), Page.url.in_(continuation_urls)),
                Page.article_id.is_(None),
                Page.error.is_(None),
            )
        ).scalars()
    )
    if part_urls:
        add_aliases(session, article_id, [(url, AliasKind.PART) for url in part_urls])
        session.execute(update(Page).where(Page.url.in_(part_urls)).values(article_id=article_id))


def _fts_doc(article: Article) -> FtsDoc:
    return FtsDoc(title=article.title, lead=article.lead, text=article.text)
