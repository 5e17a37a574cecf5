"""The ``pages`` table: one row per fetched URL, written by upsert; failed and not-modified fetches."""

from __future__ import annotations

import hashlib
import zlib
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CrawlRun, Page
from db.upsert import upsert
from extract.fetched import FetchedPage

__all__ = ["FetchedPage", "compress_body", "conditional_headers", "decompress_body", "stored_page", "write_page"]

BODY_COMPRESSION = "zlib"
ZLIB_LEVEL = 6


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


def stored_page(session: Session, url: str) -> FetchedPage | None:
    """The last good fetch of ``url`` as stored, body included (status 200 for a 304 row), or None."""
    page = session.execute(select(Page).where(Page.url == url, Page.error.is_(None))).scalar_one_or_none()
    if page is None:
        return None
    body = decompress_body(page)
    if body is None:
        return None
    headers = {name: value for name, value in (("content-type", page.content_type), ("etag", page.etag),
                                               ("last-modified", page.last_modified)) if value}
    status = page.http_status if page.http_status and page.http_status != 304 else 200  # a 304 kept the 200 body
    return FetchedPage(url=page.url, status=status, body=body, fetched_at=page.fetched_at, headers=headers)
