"""Re-extract and re-tag stored raw pages without the network: the offline ingest over the database itself."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Page, Site
from db.pages import decompress_body
from extract.fetched import FetchedPage
from nachlese.ingest import EntityTaggerLike, IngestSummary, ingest

logger = logging.getLogger(__name__)

#: Pages read from the database per session.
READ_BATCH = 200


class StoredPageSource:
    """A PageSource over one site's good stored pages (status < 400, body kept), in fetch order (304 rows as 200)."""

    def __init__(self, sessions: sessionmaker[Session], site_id: int) -> None:
        self.sessions = sessions
        self.site_id = site_id
        with sessions() as session:
            self.page_ids = list(session.execute(
                select(Page.id).where(Page.site_id == site_id, Page.body.is_not(None), Page.error.is_(None),
                                      Page.http_status < 400).order_by(Page.fetched_at, Page.id)
            ).scalars())

    @staticmethod
    def _source_page(page: Page) -> FetchedPage:
        headers = {"content-type": page.content_type} if page.content_type else {}
        for name, value in (("etag", page.etag), ("last-modified", page.last_modified)):
            if value:
                headers[name] = value
        status = page.http_status if page.http_status and page.http_status != 304 else 200  # a 304 kept the body
        return FetchedPage(page.url, status, decompress_body(page) or b"", page.fetched_at, headers)

    def __iter__(self) -> Iterator[FetchedPage]:
        for start in range(0, len(self.page_ids), READ_BATCH):
            with self.sessions() as session:
                pages = session.execute(
                    select(Page).where(Page.id.in_(self.page_ids[start:start + READ_BATCH])).order_by(
                        Page.fetched_at, Page.id)
                ).scalars().all()
                batch = [self._source_page(page) for page in pages]
            yield from batch



def reprocess(sessions: sessionmaker[Session], *, tagger: EntityTaggerLike | None, site: str | None = None,
              ) -> dict[str, IngestSummary]:
    """Reprocess every site (or the one whose base URL or host is ``site``); changed articles get versions.

    Run it while no crawl of the site is running: like any new run it marks interrupted runs aborted.
    """
    with sessions() as session:
        statement = select(Site.id, Site.base_url)
        if site:
            statement = statement.where((Site.base_url == site) | (Site.host == site))
        sites = list(session.execute(statement))
    return {base_url: ingest(sessions, StoredPageSource(sessions, site_id), tagger=tagger)
            for site_id, base_url in sites}


def outcome_summary(summary: IngestSummary) -> dict[str, Any]:
    """Counters of a pass as a plain dict (for the command line)."""
    counts = summary.counts
    return {"pages": counts.fetched, "new": counts.new, "changed": counts.changed, "unchanged": counts.unchanged,
            "failed": counts.failed}
