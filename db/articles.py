"""Articles: find the article a record belongs to, create or update it, keep history and aliases.

The write path is Core statements on the tables, built once at import and executed with parameters
(SQLAlchemy reuses their compiled form): storing a new article is a fixed handful of statements,
whatever the number of URLs, mentions or links. Only an update of an existing article goes through
the ORM (it loads the row to compare it).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Integer,
    Table,
    Text,
    bindparam,
    cast,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from db.enrichment import replace_enrichment
from db.fts import FtsDoc, index_article
from db.identity import Fingerprints, candidate_urls, content_hash, enrichment_hash, fingerprints
from db.models import AliasKind, Article, ArticleVersion, Page, UrlAlias
from db.types import utcnow
from db.upsert import insert_ignore
from extract.record import PageRecord

logger = logging.getLogger(__name__)


class ArticleChange(enum.Enum):
    """What storing a record did to its article."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


_ARTICLES, _ALIASES, _PAGES, _VERSIONS = _table(Article), _table(UrlAlias), _table(Page), _table(ArticleVersion)

# Sources of the rows of _LOOKUP, in the order they decide which article a record is.
_BY_ALIAS, _BY_CANONICAL, _BY_CONTENT, _BY_TEXT, _PART_PAGE = range(5)


def _best_article(source: int, column: Any, wanted: str, *conditions: Any) -> Any:
    """The article of the site whose ``column`` equals the ``wanted`` parameter; non-print and oldest first."""
    best = (
        select(_ARTICLES.c.id)
        .where(_ARTICLES.c.site_id == bindparam("site_id"), column == bindparam(wanted), *conditions)
        .order_by(_ARTICLES.c.is_print_only, _ARTICLES.c.id)
        .limit(1)
        .subquery()
    )
    return select(_source(source), cast(null(), Text), best.c.id)


def _source(source: int) -> Any:
    return literal_column(str(source), Integer)


_URLS: Any = bindparam("urls", expanding=True)
_URL_OWNERS = (
    select(
        _source(_BY_ALIAS).label("source"), _ALIASES.c.url.label("url"), _ALIASES.c.article_id.label("article_id")
    ).where(_ALIASES.c.url.in_(_URLS)),
    select(_source(_BY_CANONICAL), _ARTICLES.c.canonical_url, _ARTICLES.c.id).where(
        _ARTICLES.c.canonical_url.in_(_URLS)
    ),
)
# Everything store_article needs to know before it writes, in one round trip: which article owns
# any of the record's URLs (and which URLs already have an alias), the best article with the same
# content or, for print matching, the same text (a NULL fingerprint parameter skips that search),
# and the fetched part pages not linked to an article yet that belong to this one.
_LOOKUP = union_all(
    *_URL_OWNERS,
    _best_article(_BY_CONTENT, _ARTICLES.c.content_fingerprint, "content_fingerprint"),
    _best_article(
        _BY_TEXT,
        _ARTICLES.c.text_fingerprint,
        "text_fingerprint",
        # an article is matched by text only to a print version; a print version to anything
        or_(_ARTICLES.c.is_print_only.is_(True), bindparam("any_print", type_=Boolean)),
    ),
    select(_source(_PART_PAGE), _PAGES.c.url, cast(null(), Integer)).where(
        or_(_PAGES.c.part_of.in_(_URLS), _PAGES.c.url.in_(bindparam("continuation_urls", expanding=True))),
        # "+ 0" keeps the planner off ix_pages_article_id: SQLite has no statistics and would walk every
        # page without an article (listings, failures) instead of looking the few URLs up
        (_PAGES.c.article_id + 0).is_(None),
        _PAGES.c.error.is_(None),
    ),
)
_LOOKUP_URLS = union_all(*_URL_OWNERS)
_INSERT_ARTICLE = _ARTICLES.insert().returning(_ARTICLES.c.id)
_INSERT_VERSION = _VERSIONS.insert()
_VERSION_HASH = select(_VERSIONS.c.content_hash).where(
    _VERSIONS.c.article_id == bindparam("article_id"), _VERSIONS.c.version == bindparam("version")
)
_LAST_VERSION_ROW = (
    select(_VERSIONS.c.id, _VERSIONS.c.version, _VERSIONS.c.fetched_at)
    .where(_VERSIONS.c.article_id == bindparam("article_id"))
    .order_by(_VERSIONS.c.version.desc())
    .limit(1)
)
_ALIAS_OWNERS = select(_ALIASES.c.url, _ALIASES.c.article_id).where(_ALIASES.c.url.in_(_URLS))
_LINK_PAGES = _PAGES.update().where(_PAGES.c.url.in_(_URLS))


@dataclass(slots=True)
class _Found:
    """What _LOOKUP found for a record."""

    article_id: int | None = None
    alias_owners: dict[str, int] = field(default_factory=dict)  # URL -> article, for URLs with an alias row
    part_urls: list[str] = field(default_factory=list)


def article_id_for_urls(session: Session, urls: Iterable[str]) -> int | None:
    """The article any of ``urls`` belongs to (the first URL that is known wins), or None."""
    ordered = list(dict.fromkeys(u for u in urls if u))
    if not ordered:
        return None
    return _first_owner(ordered, session.execute(_LOOKUP_URLS, {"urls": ordered}))


def _first_owner(ordered: list[str], rows: Iterable[tuple[int, str | None, int | None]]) -> int | None:
    """The owner of the first URL of ``ordered`` that rows of _BY_ALIAS/_BY_CANONICAL name (an alias wins)."""
    found: dict[str, int] = {}
    for _, url, article_id in sorted((row for row in rows if row[0] <= _BY_CANONICAL), key=lambda row: row[0]):
        if url is not None and article_id is not None:
            found.setdefault(url, article_id)
    return next((found[u] for u in ordered if u in found), None)


def add_aliases(
    session: Session,
    article_id: int,
    urls: Iterable[tuple[str, AliasKind]],
    owners: Mapping[str, int] | None = None,
) -> None:
    """Point each URL at the article; a URL already pointing at another article is left there (logged).

    ``owners``: the URLs known to have an alias already (URL -> article), which are not written again.
    """
    now = utcnow()
    pending: dict[str, dict[str, Any]] = {}
    for url, kind in urls:
        owner = owners.get(url) if owners is not None else None
        if owner is not None:
            _check_owner(url, owner, article_id)
        elif url not in pending:
            pending[url] = {"url": url, "article_id": article_id, "kind": kind.value, "created_at": now}
    if not pending:
        return
    inserted = {url for (url,) in insert_ignore(session, UrlAlias, list(pending.values()), ["url"], returning=["url"])}
    taken = [url for url in pending if url not in inserted]
    if taken:  # aliased meanwhile (or not known to ``owners``): say so when it is another article's
        current = {url: owner for url, owner in session.execute(_ALIAS_OWNERS, {"urls": taken})}
        for url in taken:
            if url in current:
                _check_owner(url, current[url], article_id)


def _check_owner(url: str, owner: int, article_id: int) -> None:
    if owner != article_id:
        logger.warning("URL %s belongs to article %s, not re-pointed to %s", url, owner, article_id)


def store_article(
    session: Session,
    site_id: int,
    record: PageRecord,
    redirect_urls: list[str],
    fetched_at: datetime,
    *,
    revised_since: datetime | None = None,
) -> tuple[int, ArticleChange]:
    """Create or update the article of an ARTICLE record (not a part page); return its id and the change.

    ``revised_since``: the record replaces one stored from the same fetch by the pass that started then
    (db/revise.py); a version that pass wrote is replaced rather than followed by another.
    """
    candidates = candidate_urls(record, redirect_urls)
    prints = fingerprints(record)
    found = _find(session, site_id, [url for url, _ in candidates], prints, record)
    if found.article_id is None:
        article_id = _create(session, site_id, record, prints, fetched_at)
        change = ArticleChange.NEW
    else:
        article_id = found.article_id
        change = _update(session, article_id, record, prints, fetched_at, revised_since=revised_since)
    add_aliases(session, article_id, candidates, found.alias_owners)
    _adopt_parts(session, article_id, found.part_urls)
    return article_id, change


def _find(session: Session, site_id: int, urls: list[str], prints: Fingerprints, record: PageRecord) -> _Found:
    """Which article the record is: by URL, else by content, else (print matching) by text; see docs/schema.md."""
    params = {
        "urls": urls,
        "continuation_urls": list(record.continuation_urls),
        "site_id": site_id,
        "content_fingerprint": prints.content if prints.content_usable else None,
        "text_fingerprint": prints.text if prints.text_usable else None,
        "any_print": record.is_print,
    }
    rows = session.execute(_LOOKUP, params).all()
    found = _Found()
    by_content = by_text = None
    for source, url, article_id in rows:
        if source == _BY_ALIAS and url is not None and article_id is not None:
            found.alias_owners[url] = article_id
        elif source == _BY_CONTENT:
            by_content = article_id
        elif source == _BY_TEXT:
            by_text = article_id
        elif source == _PART_PAGE and url is not None:
            found.part_urls.append(url)
    found.article_id = _first_owner(urls, rows)
    if found.article_id is None:
        found.article_id = by_content if by_content is not None else by_text
    return found


def _create(session: Session, site_id: int, record: PageRecord, prints: Fingerprints, fetched_at: datetime) -> int:
    now = utcnow()
    values = _fields(record, prints, now)
    values.update(
        site_id=site_id,
        canonical_url=record.canonical_url,
        is_print_only=record.is_print,
        created_at=now,
        enrichment_hash=enrichment_hash(record),
    )
    article_id: int = session.execute(_INSERT_ARTICLE, values).scalar_one()
    _add_version(session, article_id, values, fetched_at, first=True)
    replace_enrichment(session, article_id, record, fresh=True)
    index_article(session, article_id, record.language, FtsDoc(record.title, record.lead, record.text), None)
    return article_id


def _update(
    session: Session,
    article_id: int,
    record: PageRecord,
    prints: Fingerprints,
    fetched_at: datetime,
    *,
    revised_since: datetime | None = None,
) -> ArticleChange:
    article = session.get(Article, article_id)
    if article is None:
        raise LookupError(f"article {article_id} vanished while storing {record.url}")
    replace_version = revised_since is not None and _same_instant(article.updated_at, revised_since, at_least=True)
    if record.is_print and not article.is_print_only:
        return ArticleChange.UNCHANGED  # a print rendering never overwrites the real article
    takeover = article.is_print_only and not record.is_print
    values = _fields(record, prints, utcnow())
    content_changed = values["content_hash"] != article.content_hash
    if content_changed or takeover:
        old_doc, old_language = _fts_doc(article), article.language
        for name, value in values.items():
            setattr(article, name, value)
        if takeover:
            logger.info("article %s: print version replaced by %s", article.id, record.canonical_url)
            article.canonical_url = record.canonical_url
            article.is_print_only = False
        session.flush()
        if content_changed:  # a print copy stored earlier in this pass is a placeholder: its version is replaced
            _add_version(session, article.id, values, fetched_at, replace_same_fetch=replace_version,
                         replace_placeholder=replace_version and takeover)
        if old_language != article.language or old_doc != _fts_doc(article):
            index_article(session, article.id, article.language, _fts_doc(article), old_doc)
    new_enrichment = enrichment_hash(record)
    if content_changed or takeover or new_enrichment != article.enrichment_hash:
        replace_enrichment(session, article.id, record)
        article.enrichment_hash = new_enrichment
        session.flush()
    if replace_version and takeover:  # the print copy was this pass's placeholder: new in this pass, counted so
        return ArticleChange.UNCHANGED
    return ArticleChange.CHANGED if content_changed or takeover else ArticleChange.UNCHANGED


def _fields(record: PageRecord, prints: Fingerprints, now: datetime) -> dict[str, Any]:
    """The article columns that come from the record (for a new row, or set on an existing one)."""
    published = record.published
    if published is not None and published.tzinfo is None:
        logger.warning("naive publication time %s for %s taken as UTC", published, record.url)
        published = published.replace(tzinfo=UTC)
    offset = published.utcoffset() if published is not None else None
    return {
        "title": record.title,
        "lead": record.lead,
        "text": record.text,
        "html": record.html,
        "published": published,
        "published_offset_minutes": int(offset.total_seconds() // 60) if offset is not None else None,
        "published_raw": record.published_raw,
        "published_has_time": record.published_has_time,
        "language": record.language,
        "authors": list(record.authors),
        "category": record.category,
        "word_count": record.word_count,
        "extractor_version": record.extractor_version,
        "content_fingerprint": prints.content,
        "text_fingerprint": prints.text,
        "content_hash": content_hash(record),
        "updated_at": now,
    }


def _add_version(
    session: Session,
    article_id: int,
    values: Mapping[str, Any],
    fetched_at: datetime,
    *,
    first: bool = False,
    replace_same_fetch: bool = False,
    replace_placeholder: bool = False,
) -> None:
    """Keep a snapshot of the article's (new) content, numbered after the last one.

    ``replace_same_fetch``: when the last version comes from the same fetch (``fetched_at``), the page
    was extracted again at the end of the pass that wrote it (db/revise.py): its snapshot is replaced.
    ``replace_placeholder``: the last snapshot is a print rendering stored earlier in this pass that stood
    in for the article until the article itself was stored (print-only takeover); the article's snapshot
    takes its place, so a print page fetched before its article (or a multi-page article joined at the end
    of the pass) adds no version.
    """
    content = {"content_hash": values["content_hash"], "title": values["title"], "lead": values["lead"],
               "text": values["text"]}
    last = None
    if not first:
        last = session.execute(_LAST_VERSION_ROW, {"article_id": article_id}).one_or_none()
        if replace_placeholder and last is not None:
            session.execute(_VERSIONS.update().where(_VERSIONS.c.id == last.id), {**content, "fetched_at": fetched_at})
            return
        if replace_same_fetch and last is not None and _same_instant(last.fetched_at, fetched_at):
            earlier = session.execute(_VERSION_HASH, {"article_id": article_id, "version": last.version - 1})
            if earlier.scalar_one_or_none() == content["content_hash"]:  # back to what it was before the pass
                session.execute(_VERSIONS.delete().where(_VERSIONS.c.id == last.id))
            else:
                session.execute(_VERSIONS.update().where(_VERSIONS.c.id == last.id), content)
            return
    number = 0 if last is None else int(last.version)
    session.execute(
        _INSERT_VERSION,
        {"article_id": article_id, "version": number + 1, "fetched_at": fetched_at, **content},
    )


def _same_instant(stored: datetime | None, other: datetime, *, at_least: bool = False) -> bool:
    """Whether a stored time is ``other`` (or, ``at_least``, not before it); SQLite drops the zone."""
    if stored is None:
        return False
    if stored.tzinfo is None:
        stored = stored.replace(tzinfo=UTC)
    if other.tzinfo is None:
        other = other.replace(tzinfo=UTC)
    return stored >= other if at_least else stored == other


def _adopt_parts(session: Session, article_id: int, part_urls: list[str]) -> None:
    """Link the already fetched pages that are further parts of this article (found by _find).

    Those whose ``part_of`` is one of the article's URLs, and those the article lists as continuation.
    URLs not fetched yet get no alias: a part page must arrive with ``part_of`` to be recognised.
    """
    if part_urls:
        add_aliases(session, article_id, [(url, AliasKind.PART) for url in part_urls])
        session.execute(_LINK_PAGES, {"urls": part_urls, "article_id": article_id})


def _fts_doc(article: Article) -> FtsDoc:
    return FtsDoc(title=article.title, lead=article.lead, text=article.text)
