"""What a pass asks of earlier fetches and runs: validators for conditional requests, the run of each site."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import CrawlRun, Page, RunStatus, Site
from extract.urls import site_key

if TYPE_CHECKING:
    from db.storage import RunCounts


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


class SiteRuns:
    """The crawl run of each site of one pass (a crawl or an import), opened on first use, finished together."""

    def __init__(self, sessions: sessionmaker[Session], *, resume: bool = False, abort_stale: bool = True) -> None:
        self.sessions = sessions
        self.resume = resume
        self.abort_stale = abort_stale
        self.runs: dict[str, CrawlRun] = {}

    def for_url(self, url: str) -> CrawlRun:
        """The run of the URL's site (``site_key``): started now, or the interrupted one on resume."""
        key = site_key(url)
        run = self.runs.get(key)
        if run is None:
            with self.sessions.begin() as session:
                run = open_run(session, key, resume=self.resume, abort_stale=self.abort_stale)
                session.expunge(run)
            self.runs[key] = run
        return run

    def finish(self, counts: Mapping[str, RunCounts], status: RunStatus = RunStatus.FINISHED) -> None:
        """Close every run with its own site's counters (``counts`` by site key; a site not there counts 0)."""
        from db.storage import RunCounts, finish_run  # noqa: PLC0415

        with self.sessions.begin() as session:
            for key, run in self.runs.items():
                finish_run(session, run, counts.get(key) or RunCounts(), status)
