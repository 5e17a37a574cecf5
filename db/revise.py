"""The end of a pass: pages whose records were provisional are extracted again and stored in place.

A crawl and an import both end with ``revise_provisional``: the page processor names the pages whose
records may still change (see extract/processor.py), their stored bodies are read back, extracted
with each site's final boilerplate profile, multi-page articles are joined with their stored further
pages, and the new records replace the old ones (same fetch, so the article keeps one version).
Nothing is fetched again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from db.frontier import SiteRuns
from db.models import CrawlRun, RunStatus
from db.pages import stored_page
from db.site_entities import harmonise_sites
from db.storage import RunCounts, StoreOutcome, store_records
from extract.processor import PageProcessor, ProcessedPage, Provisional
from extract.record import PageKind, PageRecord
from extract.site_names import SiteNameChanges
from extract.urls import site_key

__all__ = ["PassEnd", "Revision", "finish_pass", "revise_provisional"]

logger = logging.getLogger(__name__)

#: Pages read, extracted and tagged together.
REVISE_BATCH = 16

#: Tags the ARTICLE records given (sets their ``entities``); None: no entity tagging.
TagRecords = Callable[[Sequence[PageRecord]], None]


def revise_provisional(
    sessions: sessionmaker[Session],
    processor: PageProcessor,
    run_for: Callable[[str], CrawlRun],
    tag: TagRecords | None = None,
) -> Revision:
    """Extract the processor's provisional pages again from their stored bodies and store the new records.

    ``run_for``: the crawl run a page's URL is stored under. Deferred pages get their articles now (their
    outcomes are counted); revisable ones replace what the pass stored (counted when first stored). A
    page that is not stored (it failed) or cannot be stored again is logged and left as it is.
    """
    pending = processor.provisional()
    revision = Revision()
    for start in range(0, len(pending), REVISE_BATCH):
        batch = _redo(sessions, processor, pending[start:start + REVISE_BATCH])
        if tag is not None:
            _tag(tag, [record for _, page in batch for record in page.records if record.kind is PageKind.ARTICLE])
        for provisional, processed in batch:
            if processed.error is not None or not processed.records:
                continue
            try:
                with sessions.begin() as session:
                    outcome = store_records(session, run_for(processed.page.url), processed.page,
                                            processed.records, revision=True)
            except Exception:  # one page must not stop the others; its first record stands
                logger.exception("Could not store the revised record of %s", processed.page.url)
                continue
            revision.revised += 1
            if provisional.deferred:
                revision.outcomes.setdefault(site_key(processed.page.url), []).append(outcome)
    logger.info("Revised %d of %d provisional pages", revision.revised, len(pending))
    return revision


@dataclass(slots=True)
class Revision:
    """What ``revise_provisional`` stored: how many pages, and the outcomes of deferred ones by site key."""

    revised: int = 0
    outcomes: dict[str, list[StoreOutcome]] = field(default_factory=dict)


@dataclass(slots=True)
class PassEnd:
    """What the end of a pass did: pages revised, the site-wide name step's changes."""

    revised: int = 0
    site_names: SiteNameChanges = field(default_factory=SiteNameChanges)
    outcomes: dict[str, list[StoreOutcome]] = field(default_factory=dict)  # deferred pages' outcomes by site


def finish_pass(
    sessions: sessionmaker[Session],
    processor: PageProcessor,
    runs: SiteRuns,
    counts: dict[str, RunCounts],
    *,
    tag: TagRecords | None = None,
    site_names_languages: Collection[str] | None = None,
    site_names: bool = False,
) -> PassEnd:
    """End a crawl or an import: revise provisional pages, run the site-wide name step, finish each site's run.

    ``counts``: each site's counters by site key (the deferred pages' outcomes are added).
    ``site_names``: run the site-wide name step (db.site_entities) over the sites that got new or
    changed articles; it never fails the pass.
    """
    end = PassEnd()
    status = RunStatus.FAILED
    try:
        revision = revise_provisional(sessions, processor, runs.for_url, tag)
        end.revised, end.outcomes = revision.revised, revision.outcomes
        for key, outcomes in revision.outcomes.items():  # deferred pages: fetched was counted, not the article
            site = counts.setdefault(key, RunCounts())
            fetched = site.fetched
            for outcome in outcomes:
                site.add(outcome)
            site.fetched = fetched
        changed = [run.site_id for key, run in runs.runs.items()
                   if (c := counts.get(key)) is not None and (c.new or c.changed)]
        if site_names and changed:
            end.site_names = harmonise_sites(sessions, changed, languages=site_names_languages)
        status = RunStatus.FINISHED
    finally:
        runs.finish(counts, status)
    return end


def _redo(sessions: sessionmaker[Session], processor: PageProcessor, pending: Sequence[Provisional],
          ) -> list[tuple[Provisional, ProcessedPage]]:
    with sessions() as session:
        loaded = []
        for provisional in pending:
            page = stored_page(session, provisional.url)
            if page is None:
                continue
            page.redirect_urls = list(provisional.redirect_urls)
            parts = [part for url in processor.parts_of(provisional.url) if (part := stored_page(session, url))]
            loaded.append((provisional, page, parts))
    return [(provisional, processor.redo(page, parts)) for provisional, page, parts in loaded]


def _tag(tag: TagRecords, records: list[PageRecord]) -> None:
    if not records:
        return
    try:
        tag(records)
    except Exception as exc:  # as when the page was first stored: the articles keep no entities
        logger.error("Entity tagging failed for revised pages: %s", exc)
        for record in records:
            record.entities = []
