"""Pure extraction: page bytes and URL in, a typed PageRecord out (no Scrapy, no I/O)."""

from extract.record import (
    EXTRACTOR_VERSION,
    EntityMention,
    Field,
    Image,
    Link,
    PageKind,
    PageRecord,
    UnextractablePage,
)

__all__ = [
    "EXTRACTOR_VERSION",
    "EntityMention",
    "Field",
    "Image",
    "Link",
    "PageKind",
    "PageRecord",
    "UnextractablePage",
]
