"""The article page of `nachlese serve`: one `articles` row read with its mentions, versions, URLs, images."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from db.dates import from_sqlite_text, published_iso
from nachlese.datasette.text import ParagraphChange, Span, highlight, paragraph_changes

#: Mention fields in reading order.
FIELDS = ("title", "lead", "text")


@dataclass(frozen=True, slots=True)
class LanguageVersion:
    """Another language version of the article: the stored article it resolves to, or only the linked URL."""

    language: str
    url: str
    article_id: int | None
    title: str | None


@dataclass(frozen=True, slots=True)
class Version:
    """One stored version and what changed since the one before (empty for the first)."""

    number: int
    fetched_at: str | None
    title_change: Markup | None
    lead_change: Markup | None
    text_changes: list[ParagraphChange]


@dataclass(frozen=True, slots=True)
class SeenUnder:
    """A URL the article was seen under, with the latest fetch of it when that page was fetched."""

    url: str
    kind: str
    http_status: int | None
    fetched_at: str | None
    error: str | None


@dataclass(frozen=True, slots=True)
class ArticleImage:
    """An image of the article body."""

    url: str
    alt: str
    caption: str
    local_path: str | None


@dataclass(frozen=True, slots=True)
class LinkedArticle:
    """Another stored article (that links to this one)."""

    article_id: int
    title: str | None
    language: str | None


@dataclass(slots=True)
class ArticlePage:
    """Everything the article template shows."""

    article_id: int
    title: Markup
    title_text: str
    published: str | None  # the export's ISO form
    published_raw: str | None
    language: str | None
    authors: list[str]
    category: str | None
    lead: list[Markup]
    text: list[Markup]
    word_count: int
    canonical_url: str
    site: str | None
    site_id: int
    labels: dict[str, int]  # label -> mentions in the article
    language_versions: list[LanguageVersion] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    seen_under: list[SeenUnder] = field(default_factory=list)
    linked_from: list[LinkedArticle] = field(default_factory=list)
    images: list[ArticleImage] = field(default_factory=list)


_ARTICLE = """
SELECT a.id, a.site_id, s.base_url AS site, a.canonical_url, a.title, a.lead, a.text, a.published,
       a.published_offset_minutes, a.published_raw, a.published_has_time, a.language, a.authors, a.category,
       a.word_count
FROM articles a LEFT JOIN sites s ON s.id = a.site_id
WHERE a.id = :id
"""
_MENTIONS = """
SELECT m.field, m.start_offset, m.end_offset, m.entity_id, e.label, e.canonical_name
FROM mentions m JOIN entities e ON e.id = m.entity_id
WHERE m.article_id = :id
ORDER BY m.field, m.start_offset
"""
# links from this article to its other language versions, and from those back to it
_LANGUAGE_VERSIONS = """
SELECT t.language, t.target_url AS url, target.id AS article_id, target.title
FROM translations t
LEFT JOIN url_aliases u ON u.url = t.target_url
LEFT JOIN articles target ON target.id = u.article_id
WHERE t.article_id = :id
UNION
SELECT source.language, source.canonical_url, source.id, source.title
FROM translations t
JOIN url_aliases u ON u.url = t.target_url
JOIN articles source ON source.id = t.article_id
WHERE u.article_id = :id AND source.id != :id
"""
_VERSIONS = """
SELECT version, fetched_at, title, lead, text FROM article_versions WHERE article_id = :id ORDER BY version
"""
_SEEN_UNDER = """
SELECT u.url, u.kind, p.http_status, p.fetched_at, p.error
FROM url_aliases u LEFT JOIN pages p ON p.url = u.url
WHERE u.article_id = :id
UNION
SELECT p.url, coalesce(p.kind, 'page'), p.http_status, p.fetched_at, p.error
FROM pages p
WHERE p.article_id = :id AND p.url NOT IN (SELECT url FROM url_aliases WHERE article_id = :id)
ORDER BY 2, 1
"""
_LINKED_FROM = """
SELECT DISTINCT source.id, source.title, source.language
FROM url_aliases u
JOIN links l ON l.url = u.url
JOIN articles source ON source.id = l.article_id
WHERE u.article_id = :id AND source.id != :id
ORDER BY source.published, source.id
"""
_IMAGES = "SELECT url, alt, caption, local_path FROM images WHERE article_id = :id ORDER BY position"


def _authors(value: Any) -> list[str]:
    if not value:
        return []
    try:
        names = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return [str(value)]
    return [str(name) for name in names] if isinstance(names, list) else [str(names)]


def _versions(rows: list[Any]) -> list[Version]:
    versions: list[Version] = []
    previous: Any = None
    for row in rows:
        title_change = lead_change = None
        text_changes: list[ParagraphChange] = []
        if previous is not None:
            if (previous["title"] or "") != (row["title"] or ""):
                title_change = paragraph_changes(previous["title"] or "", row["title"] or "")[0].diff
            if (previous["lead"] or "") != (row["lead"] or ""):
                lead_change = Markup("<br>").join(
                    change.diff for change in paragraph_changes(previous["lead"] or "", row["lead"] or ""))
            text_changes = paragraph_changes(previous["text"] or "", row["text"] or "")
        versions.append(Version(row["version"], row["fetched_at"], title_change, lead_change, text_changes))
        previous = row
    return versions


async def load_article(db: Any, article_id: int, entity_url: Callable[[int], str]) -> ArticlePage | None:
    """The article page of ``article_id`` from the Datasette database ``db``; None when there is no such article."""
    row = (await db.execute(_ARTICLE, {"id": article_id})).first()
    if row is None:
        return None
    spans: dict[str, list[Span]] = {name: [] for name in FIELDS}
    labels: dict[str, int] = {}
    for mention in await db.execute(_MENTIONS, {"id": article_id}):
        spans.setdefault(mention["field"], []).append(Span(
            mention["start_offset"], mention["end_offset"], mention["entity_id"], mention["label"],
            mention["canonical_name"]))
        labels[mention["label"]] = labels.get(mention["label"], 0) + 1
    title_text = row["title"] or "(untitled)"
    title = highlight(title_text, spans["title"] if row["title"] else [], entity_url)
    language_versions: dict[tuple[str, int | None, str], LanguageVersion] = {}
    for version in await db.execute(_LANGUAGE_VERSIONS, {"id": article_id}):
        unresolved_url = version["url"] if version["article_id"] is None else ""
        key = (version["language"] or "?", version["article_id"], unresolved_url)
        language_versions.setdefault(key, LanguageVersion(
            version["language"] or "?", version["url"], version["article_id"], version["title"]))
    page = ArticlePage(
        article_id=article_id,
        title=title[0] if title else Markup(),
        title_text=title_text,
        published=published_iso(from_sqlite_text(row["published"]), row["published_offset_minutes"],
                                bool(row["published_has_time"])),
        published_raw=row["published_raw"],
        language=row["language"],
        authors=_authors(row["authors"]),
        category=row["category"],
        lead=highlight(row["lead"] or "", spans["lead"], entity_url),
        text=highlight(row["text"] or "", spans["text"], entity_url),
        word_count=row["word_count"] or 0,
        canonical_url=row["canonical_url"],
        site=row["site"],
        site_id=row["site_id"],
        labels=dict(sorted(labels.items())),
        language_versions=sorted(language_versions.values(), key=lambda v: (v.language, v.url)),
        versions=_versions(list(await db.execute(_VERSIONS, {"id": article_id}))),
        seen_under=[SeenUnder(r["url"], r["kind"], r["http_status"], r["fetched_at"], r["error"])
                    for r in await db.execute(_SEEN_UNDER, {"id": article_id})],
        linked_from=[LinkedArticle(r["id"], r["title"], r["language"])
                     for r in await db.execute(_LINKED_FROM, {"id": article_id})],
        images=[ArticleImage(r["url"], r["alt"] or "", r["caption"] or "", r["local_path"])
                for r in await db.execute(_IMAGES, {"id": article_id})],
    )
    return page
