"""Typed records produced by extraction: one page in, one PageRecord out."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

EXTRACTOR_VERSION = "0.1.0"


class PageKind(enum.StrEnum):
    """What a fetched page is, for storage: only ARTICLE pages become articles."""

    ARTICLE = "article"
    LISTING = "listing"
    OTHER = "other"


class Field(enum.StrEnum):
    """Text field of an article that an entity mention points into."""

    TITLE = "title"
    LEAD = "lead"
    TEXT = "text"


#: Order of the text fields in an article; mentions sort by it, then by offset.
FIELD_ORDER: dict[Field, int] = {Field.TITLE: 0, Field.LEAD: 1, Field.TEXT: 2}


@dataclass(slots=True)
class EntityMention:
    """One entity found in one field; ``start``/``end`` are character offsets into that field."""

    text: str
    label: str  # PER | ORG | LOC
    field: Field
    start: int
    end: int
    canonical: str | None = None  # normalised name (full name for a surname alone, long form for an acronym)


@dataclass(slots=True)
class Link:
    """An outbound hyperlink found in the article body (absolute URL)."""

    url: str
    text: str = ""


@dataclass(slots=True)
class Image:
    """An image referenced by the article body (absolute URL)."""

    url: str
    alt: str = ""
    caption: str = ""
    local_path: str | None = None  # file below the media folder, set by crawler.media.MediaPipeline


@dataclass(slots=True)
class PageRecord:
    """Everything extraction learns from one fetched page.

    Strings are Unicode, whitespace-normalised; URLs are absolute.
    """

    url: str  # the URL the bytes came from (after redirects)
    canonical_url: str  # the article's identity: rel=canonical target, else the cleaned URL
    kind: PageKind
    title: str | None = None  # the article headline, not the site's <title>
    lead: str | None = None  # teaser/lead paragraph, kept once (never repeated in ``text``)
    text: str = ""  # body paragraphs joined by "\n", without the lead
    html: str = ""  # clean semantic HTML of lead + body (no layout tables, no scripts)
    published: datetime | None = None  # timezone-aware publication time (midnight UTC when only a date is known)
    published_raw: str | None = None  # the date exactly as printed on the page ("23. November 2007")
    published_has_time: bool = False  # whether ``published`` carries a real time of day
    language: str | None = None  # ISO 639-1
    category: str | None = None
    authors: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    translations: dict[str, str] = field(default_factory=dict)  # language -> absolute URL of that version
    alternate_urls: list[str] = field(default_factory=list)  # other URLs of the same article (print version, ...)
    is_print: bool = False  # a print/"Drucken" rendering of an article published elsewhere on the site
    part_of: str | None = None  # for page 2..n of a multi-page article: absolute URL of its first page
    continuation_urls: list[str] = field(default_factory=list)  # further pages of a multi-page article
    outlinks: list[str] = field(default_factory=list)  # every same-page hyperlink, for the crawler to follow
    entities: list[EntityMention] = field(default_factory=list)
    encoding: str | None = None  # charset the bytes were decoded with
    extractor_version: str = EXTRACTOR_VERSION

    def text_fields(self) -> list[tuple[Field, str]]:
        """The non-empty text fields (title, lead, text) that entity mentions point into."""
        values = ((Field.TITLE, self.title), (Field.LEAD, self.lead), (Field.TEXT, self.text))
        return [(field_name, value) for field_name, value in values if value]

    @property
    def word_count(self) -> int:
        """Number of words in lead and text."""
        return len(((self.lead or "") + " " + self.text).split())


class UnextractablePage(ValueError):  # noqa: N818 - the public name every stage and test uses
    """The bytes are not an HTML page that can be extracted (empty, binary, ...); the message says why."""
