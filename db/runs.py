"""Crawl runs as operators list them: newest first, with their counters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import CrawlRun, Page, Site


@dataclass(frozen=True, slots=True)
class RunSummary:
    """One crawl run of one site."""

    id: int
    site: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    duration_seconds: float | None
    fetched: int
    new: int
    changed: int
    unchanged: int
    failed: int
    robots_skipped: int


def list_runs(session: Session, *, site: str | None = None, limit: int = 50) -> list[RunSummary]:
    """The newest ``limit`` runs, optionally of one site (base URL or host)."""
    statement = select(CrawlRun, Site.base_url).join(Site, Site.id == CrawlRun.site_id)
    if site:
        statement = statement.where((Site.base_url == site) | (Site.host == site))
    rows = session.execute(statement.order_by(CrawlRun.id.desc()).limit(limit)).all()
    return [
        RunSummary(
            id=run.id, site=base_url, status=run.status, started_at=run.started_at, finished_at=run.finished_at,
            duration_seconds=run.duration_seconds, fetched=run.fetched, new=run.new, changed=run.changed,
            unchanged=run.unchanged, failed=run.failed, robots_skipped=run.robots_skipped,
        )
        for run, base_url in rows
    ]


def copies_in_run(session: Session, run_ids: list[int]) -> int:
    """Pages of these runs that are one more URL of an article another page of the same run already is
    (print versions, session or parameter variants, redirect aliases): pages linked to an article, minus
    the distinct articles. Exact while the runs are the newest (a later run takes its pages over)."""
    if not run_ids:
        return 0
    statement = (select(Page.run_id, func.count(Page.id), func.count(Page.article_id.distinct()))
                 .where(Page.run_id.in_(run_ids), Page.article_id.is_not(None), Page.part_of.is_(None),
                        Page.error.is_(None))
                 .group_by(Page.run_id))
    return sum(int(pages) - int(articles) for _, pages, articles in session.execute(statement))
