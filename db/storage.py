"""Storage API for the crawler: sites, runs, and ``store_page`` — pure functions on the caller's session."""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from db.articles import ArticleChange, add_aliases, article_id_for_urls, store_article, store_item
from db.models import AliasKind, CrawlRun, Page, RunStatus, Site
from db.pages import (
    FetchedPage,
    conditional_headers,
    write_failed_page,
    write_not_modified,
    write_page,
)
from db.types import utcnow
from db.upsert import upsert
from extract.record import PageKind, PageRecord

__all__ = [
    "FetchedPage",
    "RunCounts",
    "StoreOutcome",
    "conditional_headers",
    "finish_run",
    "get_or_create_site",
    "mark_failed",
    "start_run",
    "store_page",
]

logger = logging.getLogger(__name__)

_PAGES = Page.__table__
assert isinstance(_PAGES, Table)
# Core, built once: executed with {"page_id": ..., "article_id": ...} it sets the page's article.
_LINK_PAGE = _PAGES.update().where(_PAGES.c.id == bindparam("page_id"))


class StoreOutcome(enum.StrEnum):
    """What ``store_page`` did with a fetched page."""

    NEW = "new"  # a new article
    CHANGED = "changed"  # an existing article with different content (a new version was kept)
    UNCHANGED = "unchanged"  # an existing article, same content (or a 304, or a print copy of it)
    PAGE_ONLY = "page_only"  # stored as a page only: listing, other, part 2..n of an article
    FAILED = "failed"  # the fetch or the extraction failed; the page row says why


@dataclass(slots=True)
class RunCounts:
    """Counters of a crawl run; ``add`` one outcome per fetched page, then hand to ``finish_run``."""

    fetched: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    robots_skipped: int = 0

    def add(self, outcome: StoreOutcome) -> None:
        """Count one fetched page by its outcome."""
        self.fetched += 1
        if outcome is StoreOutcome.NEW:
            self.new += 1
        elif outcome is StoreOutcome.CHANGED:
            self.changed += 1
        elif outcome is StoreOutcome.UNCHANGED:
            self.unchanged += 1
        elif outcome is StoreOutcome.FAILED:
            self.failed += 1


_COUNT_FIELDS = ("fetched", "new", "changed", "unchanged", "failed", "robots_skipped")


def normalise_base_url(base_url: str) -> tuple[str, str]:
    """``(base_url, host)`` with scheme and host lowercased and a path of at least "/"."""
    parts = urlsplit(base_url.strip())
    if not parts.scheme or not parts.hostname:
        raise ValueError(f"site base URL needs a scheme and a host: {base_url!r}")
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", "", "")), parts.hostname.lower()


def get_or_create_site(session: Session, base_url: str) -> Site:
    """The site row for ``base_url`` (created when new)."""
    url, host = normalise_base_url(base_url)
    upsert(session, Site, {"base_url": url, "host": host, "created_at": utcnow()}, keys=["base_url"])
    return session.execute(select(Site).where(Site.base_url == url)).scalar_one()


def start_run(session: Session, site: Site) -> CrawlRun:
    """Open a crawl run for ``site`` (status running)."""
    run = CrawlRun(site_id=site.id, started_at=utcnow(), status=RunStatus.RUNNING.value)
    session.add(run)
    session.flush()
    return run


def finish_run(
    session: Session,
    run: CrawlRun,
    counts: RunCounts | Mapping[str, int],
    status: RunStatus = RunStatus.FINISHED,
) -> CrawlRun:
    """Close a run: store its counters, end time, duration and status; return the stored row."""
    row = session.get(CrawlRun, run.id)
    if row is None:
        raise LookupError(f"crawl run {run.id} does not exist")
    for name in _COUNT_FIELDS:
        value = counts.get(name, 0) if isinstance(counts, Mapping) else getattr(counts, name)
        setattr(row, name, int(value))
    row.finished_at = utcnow()
    row.duration_seconds = (row.finished_at - row.started_at).total_seconds()
    row.status = status.value
    session.flush()
    return row


def store_page(
    session: Session,
    run: CrawlRun,
    fetched: FetchedPage,
    record: PageRecord | None,
    error: str | None = None,
) -> StoreOutcome:
    """Store one fetched page and, for an ARTICLE record, its article, in the caller's transaction.

    ``error`` or an HTTP status of 400 and above marks the fetch as failed (the record, if any, is not
    stored: an error page is no article). A 304 keeps the stored body. See docs/schema.md for the
    identity rules that decide which article a record is.
    """
    if error is not None or fetched.status >= 400:
        reason = error or f"HTTP {fetched.status}"
        write_failed_page(session, run, fetched.url, fetched.status, reason, fetched_at=fetched.fetched_at)
        return StoreOutcome.FAILED
    if fetched.status == 304:
        write_not_modified(session, run, fetched)
        return StoreOutcome.UNCHANGED

    page_id = write_page(
        session,
        run,
        fetched,
        kind=record.kind.value if record else None,
        encoding=record.encoding if record else None,
        part_of=record.part_of if record else None,
        decision=record.decision if record else None,
    )
    if record is not None and record.items:
        return _store_items(session, run, record, fetched)
    if record is None or record.kind != PageKind.ARTICLE:
        return StoreOutcome.PAGE_ONLY
    if record.part_of:
        _store_part(session, page_id, record, fetched)
        return StoreOutcome.PAGE_ONLY

    article_id, change = store_article(session, run.site_id, record, fetched.redirect_urls, fetched.fetched_at)
    session.execute(_LINK_PAGE, {"page_id": page_id, "article_id": article_id})
    return {
        ArticleChange.NEW: StoreOutcome.NEW,
        ArticleChange.CHANGED: StoreOutcome.CHANGED,
        ArticleChange.UNCHANGED: StoreOutcome.UNCHANGED,
    }[change]


def _store_items(session: Session, run: CrawlRun, record: PageRecord, fetched: FetchedPage) -> StoreOutcome:
    """A page of several news items: each item is an article (the page row stays a page); the strongest change."""
    changes = {store_item(session, run.site_id, item, fetched.fetched_at)[1] for item in record.items}
    if ArticleChange.NEW in changes:
        return StoreOutcome.NEW
    return StoreOutcome.CHANGED if ArticleChange.CHANGED in changes else StoreOutcome.UNCHANGED


def mark_failed(session: Session, run: CrawlRun, url: str, status: int | None, reason: str) -> StoreOutcome:
    """Record that ``url`` could not be fetched or extracted (``status`` None when no answer came)."""
    write_failed_page(session, run, url, status, reason, fetched_at=utcnow())
    return StoreOutcome.FAILED


def _store_part(session: Session, page_id: int, record: PageRecord, fetched: FetchedPage) -> None:
    """Page 2..n: link the page and its URLs to the article of its first page, if that is known yet."""
    assert record.part_of is not None
    article_id = article_id_for_urls(session, [record.part_of])
    if article_id is None:
        logger.debug("part page %s: article %s not stored yet", record.url, record.part_of)
        return
    urls = [record.url, fetched.url, *fetched.redirect_urls]
    add_aliases(session, article_id, [(url, AliasKind.PART) for url in dict.fromkeys(urls)])
    session.execute(_LINK_PAGE, {"page_id": page_id, "article_id": article_id})
