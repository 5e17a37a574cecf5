"""Crawl runs as operators list them: newest first, with their counters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CrawlRun, Site


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
