"""Pure extraction: page bytes and URL in, a typed PageRecord out (no Scrapy, no I/O)."""

from extract.boilerplate import BoilerplateProfile
from extract.core import extract_page, merge_pages
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
    "BoilerplateProfile",
    "EntityMention",
    "Field",
    "Image",
    "Link",
    "PageKind",
    "PageRecord",
    "UnextractablePage",
    "extract_page",
    "merge_pages",
]
