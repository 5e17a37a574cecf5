"""What the crawler asks of earlier fetches: validators for conditional requests, bodies for resuming."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CrawlRun, Page, RunStatus, Site
from db.pages import decompress_body


@dataclass(slots=True, frozen=True)
class StoredFetch:
    """The last good fetch of a URL as stored: HTTP validators, status, type, run and raw body."""

    url: str
    run_id: int | None
    http_status: int | None
    etag: str | None
    last_modified: str | None
    content_type: str | None
    body: bytes


def stored_fetch(session: Session, url: str) -> StoredFetch | None:
    """The stored good fetch of ``url`` with its body, or None (never fetched, failed, or no body kept)."""
    page = session.execute(select(Page).where(Page.url == url, Page.error.is_(None))).scalar_one_or_none()
    if page is None:
        return None
    body = decompress_body(page)
    if body is None:
        return None
    return StoredFetch(
        url=page.url, run_id=page.run_id, http_status=page.http_status, etag=page.etag,
        last_modified=page.last_modified, content_type=page.content_type, body=body,
    )


@dataclass(slots=True, frozen=True)
class StoredValidators:
    """What a conditional request needs of the last good fetch of a URL (no body)."""

    run_id: int | None
    etag: str | None
    last_modified: str | None


def stored_validators(session: Session, url: str) -> StoredValidators | None:
    """ETag, Last-Modified and run of the stored good fetch of ``url`` with a body, or None."""
    row = session.execute(
        select(Page.run_id, Page.etag, Page.last_modified)
        .where(Page.url == url, Page.error.is_(None), Page.body.is_not(None))
    ).one_or_none()
    return None if row is None else StoredValidators(row.run_id, row.etag, row.last_modified)


def interrupted_run(session: Session, base_url: str) -> int | None:
    """Id of the newest run of the site that never finished (killed or crashed), or None."""
    return session.execute(
        select(CrawlRun.id)
        .join(Site, Site.id == CrawlRun.site_id)
        .where(Site.base_url == base_url, CrawlRun.status == RunStatus.RUNNING.value)
        .order_by(CrawlRun.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def open_run(session: Session, base_url: str, *, resume: bool, abort_stale: bool = True) -> CrawlRun:
    """The run to record a crawl of ``base_url`` under.

    With ``resume`` the site's interrupted run continues; otherwise interrupted runs are marked aborted
    and a new run starts (unless ``abort_stale`` is False: distributed workers run side by side).
    """
    from db.storage import get_or_create_site, start_run  # noqa: PLC0415

    site = get_or_create_site(session, base_url)
    stale = session.execute(
        select(CrawlRun).where(CrawlRun.site_id == site.id, CrawlRun.status == RunStatus.RUNNING.value)
        .order_by(CrawlRun.id.desc())
    ).scalars().all()
    if resume and stale:
        for older in stale[1:]:
            older.status = RunStatus.ABORTED.value
        session.flush()
        return stale[0]
    if abort_stale:
        for run in stale:
            run.status = RunStatus.ABORTED.value
        session.flush()
    return start_run(session, site)
