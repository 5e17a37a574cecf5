"""Re-extract and re-tag stored raw pages without the network, updating articles in place with versions."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import CrawlRun, Page, RunStatus, Site
from db.pages import FetchedPage, decompress_body
from db.storage import RunCounts, StoreOutcome, finish_run, start_run, store_page
from extract import PageKind, PageRecord, UnextractablePage, extract_page, merge_pages
from extract.boilerplate import BoilerplateProfile
from extract.entities import EntityTagger

logger = logging.getLogger(__name__)

#: Stored pages of a site observed to learn its boilerplate before re-extracting.
PROFILE_SAMPLE_PAGES = 300


@dataclass(slots=True)
class ReprocessResult:
    """What a reprocessing pass did, per outcome."""

    counts: RunCounts = field(default_factory=RunCounts)
    errors: int = 0


def _stored_pages(session: Session, site_id: int, *, run_id: int | None, limit: int | None) -> list[int]:
    statement = select(Page.id).where(
        Page.site_id == site_id, Page.body.is_not(None), Page.error.is_(None), Page.http_status < 400,
    )
    if run_id is not None:
        statement = statement.where(Page.run_id == run_id)
    statement = statement.order_by(Page.fetched_at, Page.id)
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.execute(statement).scalars())


def _fetched(page: Page) -> FetchedPage:
    body = decompress_body(page) or b""
    headers = {"content-type": page.content_type} if page.content_type else {}
    return FetchedPage(url=page.url, status=page.http_status or 200, body=body, fetched_at=page.fetched_at,
                       headers=headers, etag=page.etag, last_modified=page.last_modified,
                       content_type=page.content_type)


def learn_profile(session: Session, site_id: int, sample: int = PROFILE_SAMPLE_PAGES) -> BoilerplateProfile:
    """A boilerplate profile of the site learnt from up to ``sample`` of its stored pages."""
    profile = BoilerplateProfile()
    ids = _stored_pages(session, site_id, run_id=None, limit=None)
    step = max(1, len(ids) // sample)
    for page_id in ids[::step][:sample]:
        page = session.get(Page, page_id)
        if page is not None:
            profile.observe(decompress_body(page) or b"", page.url)
        session.expunge_all()
    return profile


def _extract(session: Session, page: Page, profile: BoilerplateProfile) -> PageRecord:
    fetched = _fetched(page)
    record = extract_page(fetched.body, page.url, fetched.headers, fetched_at=page.fetched_at, site_profile=profile)
    if record.kind is PageKind.ARTICLE and record.continuation_urls and record.part_of is None:
        parts = [record]
        for url in record.continuation_urls:
            part = session.execute(select(Page).where(Page.url == url, Page.error.is_(None))).scalar_one_or_none()
            if part is not None and part.body is not None:
                part_fetched = _fetched(part)
                parts.append(extract_page(part_fetched.body, part.url, part_fetched.headers,
                                          fetched_at=part.fetched_at, site_profile=profile))
        if len(parts) > 1:
            record = merge_pages(parts)
    return record


def _batches(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def reprocess_site(
    sessions: sessionmaker[Session],
    site_id: int,
    *,
    tagger: EntityTagger | None,
    run_id: int | None = None,
    limit: int | None = None,
    batch_size: int = 32,
) -> ReprocessResult:
    """Re-extract (and re-tag) a site's stored pages; changed articles get a new version, nothing is fetched.

    ``run_id``/``limit`` restrict the pass to the first pages stored by one run (the crawl's own refinement
    pass, for pages extracted before the boilerplate profile had learnt enough).
    """
    result = ReprocessResult()
    with sessions.begin() as session:
        profile = learn_profile(session, site_id)
        page_ids = _stored_pages(session, site_id, run_id=run_id, limit=limit)
        site = session.get(Site, site_id)
        assert site is not None
        run = start_run(session, site)
        session.expunge(run)
    for batch in _batches(page_ids, batch_size):
        work: list[tuple[FetchedPage, PageRecord | None, str | None]] = []
        with sessions() as session:
            for page_id in batch:
                page = session.get(Page, page_id)
                if page is None:
                    continue
                try:
                    work.append((_fetched(page), _extract(session, page, profile), None))
                except UnextractablePage as exc:
                    work.append((_fetched(page), None, f"unextractable: {exc}"))
                except Exception as exc:  # one bad page never stops the pass
                    logger.exception("Re-extraction failed for %s", page.url)
                    work.append((_fetched(page), None, f"extraction failed: {type(exc).__name__}: {exc}"))
        if tagger is not None:
            articles = [record for _, record, _ in work if record is not None and record.kind is PageKind.ARTICLE]
            tagger.tag(articles)
        for fetched, record, error in work:
            try:
                with sessions.begin() as session:
                    outcome = store_page(session, run, fetched, record, error)
            except Exception:
                logger.exception("Could not store %s", fetched.url)
                result.errors += 1
                continue
            result.counts.add(outcome)
    with sessions.begin() as session:
        finish_run(session, run, result.counts, RunStatus.FINISHED)
    return result


def reprocess(sessions: sessionmaker[Session], *, tagger: EntityTagger | None, site: str | None = None,
              ) -> dict[str, ReprocessResult]:
    """Reprocess every site (or the one whose base URL or host is ``site``)."""
    with sessions() as session:
        statement = select(Site.id, Site.base_url)
        if site:
            statement = statement.where((Site.base_url == site) | (Site.host == site))
        sites = list(session.execute(statement))
    return {base_url: reprocess_site(sessions, site_id, tagger=tagger) for site_id, base_url in sites}


def outcome_summary(result: ReprocessResult) -> dict[str, Any]:
    """Counters of a pass as a plain dict (for the command line)."""
    counts = result.counts
    return {"pages": counts.fetched, "new": counts.new, "changed": counts.changed, "unchanged": counts.unchanged,
            "failed": counts.failed, "errors": result.errors}


__all__ = ["CrawlRun", "ReprocessResult", "StoreOutcome", "learn_profile", "reprocess", "reprocess_site"]
