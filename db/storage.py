"""Storage API for the crawler: sites, runs, and ``store_page`` — pure functions on the caller's session."""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from db.articles import ArticleChange, add_aliases, article_id_for_urls, store_article
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
    "store_records",
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
    """``store_records`` for a page with at most one record."""
    return store_records(session, run, fetched, [record] if record is not None else [], error)


#: Which outcome a page with several records reports (the most telling one).
_OUTCOME_RANK = (StoreOutcome.NEW, StoreOutcome.CHANGED, StoreOutcome.UNCHANGED, StoreOutcome.PAGE_ONLY)


def store_records(
    session: Session,
    run: CrawlRun,
    fetched: FetchedPage,
    records: Sequence[PageRecord],
    error: str | None = None,
    *,
    deferred: bool = False,
    revision: bool = False,
) -> StoreOutcome:
    """Store one fetched page and each ARTICLE record of it as an article, in the caller's transaction.

    ``records``: what the page processor made of the page, the page's own record first (its kind,
    encoding and ``part_of`` describe the page row); a page holding several items has one record per
    item. ``error`` or an HTTP status of 400 and above marks the fetch as failed (no record is stored:
    an error page is no article). A 304 keeps the stored body. See docs/schema.md for the identity rules
    that decide which article a record is. The page row links to the article of its first record.
    ``deferred``: store the page row only; its articles are stored when the pass ends (db/revise.py).
    ``revision``: the records replace the ones this run stored for the same fetch (db/revise.py): an
    article version the run wrote is replaced, not followed by another.
    """
    if error is not None or fetched.status >= 400 or fetched.error is not None:
        reason = error or fetched.error or f"HTTP {fetched.status}"
        write_failed_page(session, run, fetched.url, fetched.status or None, reason, fetched_at=fetched.fetched_at)
        return StoreOutcome.FAILED
    if fetched.status == 304:
        write_not_modified(session, run, fetched)
        return StoreOutcome.UNCHANGED

    own = records[0] if records else None
    page_id = write_page(
        session,
        run,
        fetched,
        kind=own.kind.value if own else None,
        encoding=own.encoding if own else None,
        part_of=own.part_of if own else None,
    )
    if deferred:
        return StoreOutcome.PAGE_ONLY
    revised_since = run.started_at if revision else None
    outcomes = [_store_record(session, run, page_id, fetched, record, linked=index > 0, revised_since=revised_since)
                for index, record in enumerate(records)]
    return min(outcomes, key=_OUTCOME_RANK.index, default=StoreOutcome.PAGE_ONLY)


def _store_record(
    session: Session,
    run: CrawlRun,
    page_id: int,
    fetched: FetchedPage,
    record: PageRecord,
    *,
    linked: bool,
    revised_since: datetime | None,
) -> StoreOutcome:
    """One record of a stored page: an article (linked to the page unless ``linked``), a part, or nothing."""
    if record.kind != PageKind.ARTICLE:
        return StoreOutcome.PAGE_ONLY
    if record.part_of:
        _store_part(session, page_id, record, fetched)
        return StoreOutcome.PAGE_ONLY
    article_id, change = store_article(session, run.site_id, record, fetched.redirect_urls, fetched.fetched_at,
                                       revised_since=revised_since)
    if not linked:
        session.execute(_LINK_PAGE, {"page_id": page_id, "article_id": article_id})
    return {
        ArticleChange.NEW: StoreOutcome.NEW,
        ArticleChange.CHANGED: StoreOutcome.CHANGED,
        ArticleChange.UNCHANGED: StoreOutcome.UNCHANGED,
    }[change]


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
