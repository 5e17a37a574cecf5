"""SQLAlchemy 2.0 typed models: sites, crawl runs, fetched pages, articles and what hangs off them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import UTCDateTime, utcnow

# Stable constraint names, so migrations can find (and drop) constraints on every dialect.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every nachlese table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {datetime: UTCDateTime()}  # noqa: RUF012 - SQLAlchemy API


class RunStatus(enum.StrEnum):
    """State of a crawl run."""

    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    ABORTED = "aborted"


class AliasKind(enum.StrEnum):
    """How a URL came to point at an article."""

    CANONICAL = "canonical"  # the article's canonical URL (current or former)
    URL = "url"  # the URL the bytes were fetched from
    REDIRECT = "redirect"  # a URL that redirected to the article
    ALTERNATE = "alternate"  # listed by the page as another URL of the article (print version, ...)
    PRINT = "print"  # the URL of a print rendering
    PART = "part"  # page 2..n of a multi-page article


class Site(Base):
    """A crawled website."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    base_url: Mapped[str] = mapped_column(Text, unique=True)  # scheme://host[:port]/ as given by the caller
    host: Mapped[str] = mapped_column(String(255), index=True)  # lowercased host name
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    runs: Mapped[list[CrawlRun]] = relationship(back_populates="site")


class CrawlRun(Base):
    """One crawl of one site, with its counters (filled by ``finish_run``)."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.RUNNING.value)
    fetched: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    changed: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    robots_skipped: Mapped[int] = mapped_column(default=0)
    duration_seconds: Mapped[float | None] = mapped_column(Float)

    site: Mapped[Site] = relationship(back_populates="runs")


class Page(Base):
    """The latest fetch of one URL: HTTP facts, the raw body (compressed) and what it became."""

    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    http_status: Mapped[int | None]
    fetched_at: Mapped[datetime]
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)  # the header value as sent
    content_type: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))  # sha256 hex of the raw body
    body: Mapped[bytes | None] = mapped_column(LargeBinary)  # raw body, compressed with ``body_compression``
    body_compression: Mapped[str | None] = mapped_column(String(8))  # "zlib"
    body_size: Mapped[int | None]  # uncompressed length in bytes
    encoding: Mapped[str | None] = mapped_column(String(40))  # charset extraction decoded with
    kind: Mapped[str | None] = mapped_column(String(16))  # PageKind value; NULL when nothing was extracted
    part_of: Mapped[str | None] = mapped_column(Text, index=True)  # page 2..n: URL of the article's first page
    error: Mapped[str | None] = mapped_column(Text)  # why the page failed; NULL for a good fetch


class Article(Base):
    """One article, whatever URLs it was seen under; fields come from its best (non-print) page."""

    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_site_id_content_fingerprint", "site_id", "content_fingerprint"),
        Index("ix_articles_site_id_text_fingerprint", "site_id", "text_fingerprint"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    slug: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[datetime | None] = mapped_column(index=True)
    published_offset_minutes: Mapped[int | None]  # UTC offset the time was printed with (export shows it)
    published_raw: Mapped[str | None] = mapped_column(Text)
    published_has_time: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(8), index=True)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    category: Mapped[str | None] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(default=0)
    extractor_version: Mapped[str] = mapped_column(String(32))
    content_fingerprint: Mapped[str] = mapped_column(String(40))  # sha1 of normalised title+lead+text
    text_fingerprint: Mapped[str] = mapped_column(String(40))  # sha1 of normalised lead+text (print matching)
    content_hash: Mapped[str] = mapped_column(String(64))  # sha256 of every stored field: change detection
    enrichment_hash: Mapped[str] = mapped_column(String(64))  # sha256 of entities/links/images/translations
    is_print_only: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    aliases: Mapped[list[UrlAlias]] = relationship(back_populates="article", passive_deletes=True)
    versions: Mapped[list[ArticleVersion]] = relationship(
        back_populates="article", passive_deletes=True, order_by="ArticleVersion.version"
    )
    mentions: Mapped[list[Mention]] = relationship(back_populates="article", passive_deletes=True)
    links: Mapped[list[LinkRow]] = relationship(passive_deletes=True, order_by="LinkRow.position")
    images: Mapped[list[ImageRow]] = relationship(passive_deletes=True, order_by="ImageRow.position")
    translations: Mapped[list[Translation]] = relationship(passive_deletes=True)


class UrlAlias(Base):
    """Every URL variant an article was seen under (canonical, print, session-id variants, redirects)."""

    __tablename__ = "url_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # AliasKind value
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship(back_populates="aliases")


class ArticleVersion(Base):
    """A snapshot of an article's text each time it was stored with different content (1 = first seen)."""

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    fetched_at: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")

    article: Mapped[Article] = relationship(back_populates="versions")


class Entity(Base):
    """A named entity, one row per (label, canonical name) across the database."""

    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("label", "canonical_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(16))  # PER | ORG | LOC
    canonical_name: Mapped[str] = mapped_column(Text)
    mention_count: Mapped[int] = mapped_column(default=0)  # number of rows in ``mentions``


class Mention(Base):
    """One occurrence of an entity in one field of an article; offsets index into that field."""

    __tablename__ = "mentions"
    __table_args__ = (
        CheckConstraint("field IN ('title', 'lead', 'text')", name="field"),
        CheckConstraint("start_offset >= 0 AND end_offset >= start_offset", name="offsets"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(8))
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # the surface form as written

    article: Mapped[Article] = relationship(back_populates="mentions")
    entity: Mapped[Entity] = relationship()


class LinkRow(Base):
    """An outbound link from an article body."""

    __tablename__ = "links"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]  # order in the article
    url: Mapped[str] = mapped_column(Text, index=True)
    text: Mapped[str] = mapped_column(Text, default="")


class ImageRow(Base):
    """An image referenced by an article body; ``local_path`` is set once the file is downloaded."""

    __tablename__ = "images"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    url: Mapped[str] = mapped_column(Text)
    alt: Mapped[str] = mapped_column(Text, default="")
    caption: Mapped[str] = mapped_column(Text, default="")
    local_path: Mapped[str | None] = mapped_column(Text)


class Translation(Base):
    """A link to the same article in another language; resolved to an article through url_aliases."""

    __tablename__ = "translations"
    __table_args__ = (UniqueConstraint("article_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    target_url: Mapped[str] = mapped_column(Text, index=True)
