"""The ``pages`` table: one row per fetched URL, written by upsert; failed and not-modified fetches."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CrawlRun, Page
from db.types import utcnow
from db.upsert import upsert

BODY_COMPRESSION = "zlib"
ZLIB_LEVEL = 6


@dataclass(slots=True)
class FetchedPage:
    """What the crawler fetched for one URL: HTTP facts and the raw bytes.

    ``etag``/``last_modified``/``content_type`` default to the matching header in ``headers``.
    ``redirect_urls`` are the URLs that redirected to ``url``, in order.
    """

    url: str
    status: int
    body: bytes = b""
    fetched_at: datetime = field(default_factory=utcnow)
    headers: Mapping[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    redirect_urls: list[str] = field(default_factory=list)

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


def compress_body(body: bytes) -> bytes:
    """Compress a raw body for the ``pages.body`` column."""
    return zlib.compress(body, ZLIB_LEVEL)


def decompress_body(page: Page) -> bytes | None:
    """The raw body of a stored page, or None when none was kept."""
    if page.body is None:
        return None
    if page.body_compression == BODY_COMPRESSION:
        return zlib.decompress(page.body)
    if page.body_compression is None:
        return page.body
    raise ValueError(f"unknown body compression {page.body_compression!r} for {page.url}")


def write_page(
    session: Session,
    run: CrawlRun,
    fetched: FetchedPage,
    *,
    kind: str | None,
    encoding: str | None,
    part_of: str | None,
    decision: str | None = None,
) -> int:
    """Insert or replace the page row for ``fetched.url`` with a good fetch; return the page id."""
    values: dict[str, Any] = {
        "url": fetched.url,
        "site_id": run.site_id,
        "run_id": run.id,
        "http_status": fetched.status,
        "fetched_at": fetched.fetched_at,
        "etag": fetched.effective_etag,
        "last_modified": fetched.effective_last_modified,
        "content_type": fetched.effective_content_type,
        "content_hash": hashlib.sha256(fetched.body).hexdigest(),
        "body": compress_body(fetched.body),
        "body_compression": BODY_COMPRESSION,
        "body_size": len(fetched.body),
        "encoding": encoding,
        "kind": kind,
        "error": None,
        "part_of": part_of,
        "decision": decision,
    }
    return _upsert_page(session, values, [k for k in values if k != "url"])


def write_failed_page(
    session: Session, run: CrawlRun, url: str, status: int | None, reason: str, *, fetched_at: datetime
) -> int:
    """Record a failed fetch; a body kept from an earlier good fetch of the URL stays (it is the rescue)."""
    values: dict[str, Any] = {
        "url": url,
        "site_id": run.site_id,
        "run_id": run.id,
        "http_status": status,
        "fetched_at": fetched_at,
        "error": reason,
    }
    return _upsert_page(session, values, [k for k in values if k != "url"])


def write_not_modified(session: Session, run: CrawlRun, fetched: FetchedPage) -> int:
    """Record a 304 answer: the stored body is still current, only the fetch time and validators move."""
    values: dict[str, Any] = {
        "url": fetched.url,
        "site_id": run.site_id,
        "run_id": run.id,
        "http_status": fetched.status,
        "fetched_at": fetched.fetched_at,
    }
    update = ["run_id", "fetched_at"]
    for column, value in (("etag", fetched.effective_etag), ("last_modified", fetched.effective_last_modified)):
        if value is not None:
            values[column] = value
            update.append(column)
    return _upsert_page(session, values, update)


def _upsert_page(session: Session, values: dict[str, Any], update: list[str]) -> int:
    page_id = upsert(session, Page, values, keys=["url"], update=update)
    assert page_id is not None  # an update on conflict always returns the row
    return page_id


def conditional_headers(session: Session, url: str) -> dict[str, str]:
    """Request headers for a conditional re-fetch of ``url`` (If-None-Match / If-Modified-Since)."""
    row = session.execute(
        select(Page.etag, Page.last_modified).where(Page.url == url, Page.error.is_(None))
    ).one_or_none()
    if row is None:
        return {}
    headers: dict[str, str] = {}
    if row.etag:
        headers["If-None-Match"] = row.etag
    if row.last_modified:
        headers["If-Modified-Since"] = row.last_modified
    return headers
