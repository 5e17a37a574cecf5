"""FetchedPage: the one type for a fetched page, whichever road it came by (crawl, mirror, WARC, database)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

__all__ = ["FetchedPage"]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class FetchedPage:
    """What was fetched for one URL: HTTP facts and the raw bytes (or why nothing arrived).

    ``headers``: response headers as received (looked up case-insensitively by ``header``).
    ``redirect_urls``: URLs that led to ``url`` (redirects, or the URL as linked before cleaning), in order.
    ``error``: set when no response arrived (DNS, timeout, reset); ``status`` is then 0.
    ``etag``/``last_modified``/``content_type`` default to the matching header.
    """

    url: str
    status: int = 0
    body: bytes = field(default=b"", repr=False)
    fetched_at: datetime = field(default_factory=_now)
    headers: Mapping[str, str] = field(default_factory=dict)
    redirect_urls: list[str] = field(default_factory=list)
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    def header(self, name: str) -> str | None:
        """A response header, looked up case-insensitively."""
        wanted = name.lower()
        return next((value for key, value in self.headers.items() if key.lower() == wanted), None)

    @property
    def effective_etag(self) -> str | None:
        """``etag``, else the ETag header."""
        return self.etag if self.etag is not None else self.header("ETag")

    @property
    def effective_last_modified(self) -> str | None:
        """``last_modified``, else the Last-Modified header."""
        return self.last_modified if self.last_modified is not None else self.header("Last-Modified")

    @property
    def effective_content_type(self) -> str | None:
        """``content_type``, else the Content-Type header."""
        return self.content_type if self.content_type is not None else self.header("Content-Type")

    def lower_headers(self) -> dict[str, str]:
        """The headers with lower-case names (what extraction reads)."""
        headers = {key.lower(): value for key, value in self.headers.items()}
        if self.content_type is not None:
            headers.setdefault("content-type", self.content_type)
        return headers
