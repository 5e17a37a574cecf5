"""The item a spider hands to the pipelines: one fetched page, and what the pipelines learn of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from extract.record import PageRecord


@dataclass(slots=True)
class PageItem:
    """One fetched URL (or one that failed to fetch), passed through extract -> entities -> store."""

    url: str
    status: int = 0  # HTTP status; 0 when no response arrived
    headers: dict[str, str] = field(default_factory=dict)  # response headers, lower-case names
    body: bytes = field(default=b"", repr=False)
    fetched_at: datetime | None = None
    redirect_urls: list[str] = field(default_factory=list)  # URLs that redirected to ``url``
    depth: int = 0
    error: str | None = None  # why the page could not be fetched or extracted
    record: PageRecord | None = field(default=None, repr=False)  # set by the extract pipeline
    outcome: str | None = None  # set by the store pipeline (new, changed, unchanged, page_only, failed)
