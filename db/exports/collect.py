"""Articles read for the migration exports: fields, slug, new path, tags, old URLs, translations, media."""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from db.export import article_batches
from db.exports.media import MediaIndex, is_attachment
from db.exports.slugs import assign_slugs
from db.models import Article, Entity, ImageRow, LinkRow, Mention, Page, Translation, UrlAlias

__all__ = ["ExportArticle", "ExportImage", "ExportLink", "ExportPlan", "article_path", "plan_export"]

BATCH_SIZE = 500
#: Most entity names kept as tags of one article (the most mentioned first).
MAX_TAGS = 25
UNDATED = "undated"


def article_path(published: datetime | None, slug: str) -> str:
    """``YEAR/MONTH/slug`` (month two digits) or ``undated/slug``: the article's place in every export.

    >>> article_path(datetime(2007, 11, 23, tzinfo=UTC), "clusterprozess")
    '2007/11/clusterprozess'
    """
    if published is None:
        return f"{UNDATED}/{slug}"
    return f"{published.year:04d}/{published.month:02d}/{slug}"


def local_published(published: datetime | None, offset_minutes: int | None) -> datetime | None:
    """The publication time in the UTC offset it was printed with (UTC when unknown)."""
    if published is None:
        return None
    zone = UTC if offset_minutes is None else timezone(timedelta(minutes=offset_minutes))
    return published.astimezone(zone)


@dataclass(slots=True)
class ExportImage:
    """An image of an article: its old URL, texts, and where the export points (new path or old URL)."""

    url: str
    alt: str
    caption: str
    new_url: str
    local: bool  # whether the file was downloaded (new_url is then /media/...)


@dataclass(slots=True)
class ExportLink:
    """An outbound link of an article; downloaded attachments point at their new path."""

    url: str
    text: str
    new_url: str
    attachment: bool


@dataclass(slots=True)
class ExportTranslation:
    """Another language version of an article, as stored, with its new path."""

    language: str
    url: str
    path: str
    article_id: int


@dataclass(slots=True)
class ExportArticle:
    """One article with everything the export formats need."""

    id: int
    url: str
    slug: str
    path: str  # YEAR/MONTH/slug or undated/slug
    title: str
    lead: str | None
    text: str
    html: str
    published: datetime | None  # in the printed offset (UTC when unknown)
    published_has_time: bool
    language: str | None
    category: str | None
    authors: list[str]
    tags: list[str]  # canonical entity names, most mentioned first
    entities: list[tuple[str, str]]  # (label, canonical name), as tags
    old_urls: list[str]  # every URL the article was seen under, canonical first
    url_map: dict[str, str] = field(default_factory=dict)  # old URL in the body/links -> new path
    translations: list[ExportTranslation] = field(default_factory=list)
    images: list[ExportImage] = field(default_factory=list)
    links: list[ExportLink] = field(default_factory=list)

    @property
    def new_path(self) -> str:
        """Root-relative URL on the new site, as in the redirect map: ``/2007/11/slug/``."""
        return f"/{self.path}/"

    @property
    def published_iso(self) -> str | None:
        """ISO 8601: the date alone when the time of day is unknown (as in the JSONL export)."""
        if self.published is None:
            return None
        return self.published.isoformat() if self.published_has_time else self.published.date().isoformat()


@dataclass
class ExportPlan:
    """Slugs and paths of every article (read once), and the media files known to exist."""

    slugs: dict[int, str]
    paths: dict[int, str]
    media: MediaIndex

    @property
    def article_count(self) -> int:
        """Number of articles to export."""
        return len(self.paths)


def plan_export(session: Session, media_dir: Path | None = None) -> ExportPlan:
    """Assign missing slugs (persisted in the caller's transaction) and compute every article's path."""
    slugs = assign_slugs(session)
    paths: dict[int, str] = {}
    for article_id, published, offset in session.execute(
        select(Article.id, Article.published, Article.published_offset_minutes)
    ):
        paths[article_id] = article_path(local_published(published, offset), slugs[article_id])
    media = MediaIndex(media_dir)
    media.add_stored(session.execute(select(ImageRow.url, ImageRow.local_path).where(ImageRow.local_path.is_not(None))))
    return ExportPlan(slugs, paths, media)


def iter_articles(session: Session, plan: ExportPlan) -> Iterator[ExportArticle]:
    """Every article by canonical URL, in batches (memory stays flat on large archives)."""
    for articles in article_batches(session, BATCH_SIZE):
        ids = [a.id for a in articles]
        entities = _entities(session, ids)
        old_urls = _old_urls(session, ids)
        translations = _translations(session, ids, plan)
        images = _images(session, ids, plan.media)
        links = _links(session, ids, plan.media)
        url_maps = _url_maps(session, articles, links, plan)
        for article in articles:
            named = entities.get(article.id, [])
            canonical = article.canonical_url
            yield ExportArticle(
                id=article.id,
                url=article.canonical_url,
                slug=plan.slugs[article.id],
                path=plan.paths[article.id],
                title=article.title or "",
                lead=article.lead or None,
                text=article.text or "",
                html=article.html or "",
                published=local_published(article.published, article.published_offset_minutes),
                published_has_time=article.published_has_time,
                language=article.language,
                category=article.category or None,
                authors=list(article.authors or []),
                tags=list(dict.fromkeys(name for _, name in named)),
                entities=named,
                old_urls=[article.canonical_url, *(u for u in old_urls.get(article.id, []) if u != canonical)],
                translations=translations.get(article.id, []),
                images=images.get(article.id, []),
                links=links.get(article.id, []),
                url_map=url_maps.get(article.id, {}),
            )
        session.expunge_all()


_REFERENCE = re.compile(r'(?:href|src)="([^"]+)"')


def _url_maps(
    session: Session, articles: list[Article], links: dict[int, list[ExportLink]], plan: ExportPlan
) -> dict[int, dict[str, str]]:
    """Old URL -> new path for every link, image and body reference that points at an exported article
    or a downloaded file (other URLs stay as they are)."""
    wanted: dict[int, set[str]] = {
        a.id: {html.unescape(u) for u in _REFERENCE.findall(a.html or "")} | {link.url for link in links.get(a.id, [])}
        for a in articles
    }
    every = sorted(set().union(*wanted.values())) if wanted else []
    targets: dict[str, int] = {}
    for start in range(0, len(every), BATCH_SIZE):
        chunk = every[start : start + BATCH_SIZE]
        aliases = select(UrlAlias.url, UrlAlias.article_id).where(UrlAlias.url.in_(chunk))
        targets.update((url, article_id) for url, article_id in session.execute(aliases))
        targets.update(
            (url, article_id)
            for article_id, url in session.execute(
                select(Article.id, Article.canonical_url).where(Article.canonical_url.in_(chunk))
            )
        )
    result: dict[int, dict[str, str]] = {}
    for article_id, urls in wanted.items():
        mapping: dict[str, str] = {}
        for url in urls:
            if url in targets and targets[url] in plan.paths:
                mapping[url] = f"/{plan.paths[targets[url]]}/"
            elif (new_path := plan.media.new_path(url)) is not None:
                mapping[url] = new_path
        result[article_id] = mapping
    return result


def _entities(session: Session, ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    rows = session.execute(
        select(Mention.article_id, Entity.label, Entity.canonical_name)
        .join(Entity, Entity.id == Mention.entity_id)
        .where(Mention.article_id.in_(ids))
    ).all()
    counts: dict[int, Counter[tuple[str, str]]] = defaultdict(Counter)
    for article_id, label, name in rows:
        counts[article_id][(label, name)] += 1
    return {
        article_id: [key for key, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0]))][:MAX_TAGS]
        for article_id, counter in counts.items()
    }


def _old_urls(session: Session, ids: list[int]) -> dict[int, list[str]]:
    """Aliases and fetched page URLs of each article, sorted."""
    found: dict[int, set[str]] = defaultdict(set)
    aliases = select(UrlAlias.article_id, UrlAlias.url).where(UrlAlias.article_id.in_(ids))
    for article_id, url in session.execute(aliases):
        found[article_id].add(url)
    for page_article_id, url in session.execute(select(Page.article_id, Page.url).where(Page.article_id.in_(ids))):
        if page_article_id is not None:
            found[page_article_id].add(url)
    return {article_id: sorted(urls) for article_id, urls in found.items()}


def _translations(session: Session, ids: list[int], plan: ExportPlan) -> dict[int, list[ExportTranslation]]:
    target = aliased(Article)
    rows = session.execute(
        select(Translation.article_id, Translation.language, target.canonical_url, target.id)
        .join(UrlAlias, UrlAlias.url == Translation.target_url)
        .join(target, target.id == UrlAlias.article_id)
        .where(Translation.article_id.in_(ids), target.id != Translation.article_id)
        .order_by(Translation.article_id, Translation.language)
    ).all()
    result: dict[int, list[ExportTranslation]] = defaultdict(list)
    for article_id, language, url, target_id in rows:
        result[article_id].append(ExportTranslation(language, url, plan.paths[target_id], target_id))
    return result


def _images(session: Session, ids: list[int], media: MediaIndex) -> dict[int, list[ExportImage]]:
    rows = session.execute(
        select(ImageRow).where(ImageRow.article_id.in_(ids)).order_by(ImageRow.article_id, ImageRow.position)
    ).scalars()
    result: dict[int, list[ExportImage]] = defaultdict(list)
    for row in rows:
        media.add_stored([(row.url, row.local_path)])
        new_path = media.new_path(row.url)
        result[row.article_id].append(
            ExportImage(row.url, row.alt or "", row.caption or "", new_path or row.url, new_path is not None)
        )
    return result


def _links(session: Session, ids: list[int], media: MediaIndex) -> dict[int, list[ExportLink]]:
    rows = session.execute(
        select(LinkRow).where(LinkRow.article_id.in_(ids)).order_by(LinkRow.article_id, LinkRow.position)
    ).scalars()
    result: dict[int, list[ExportLink]] = defaultdict(list)
    for row in rows:
        new_path = media.new_path(row.url) if is_attachment(row.url) else None
        result[row.article_id].append(ExportLink(row.url, row.text or "", new_path or row.url, new_path is not None))
    return result
