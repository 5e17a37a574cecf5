"""What the components of one crawl share: one database, the page processor, each site's counts.

Components ask ``shared(crawler)`` in ``from_crawler``; the first asker creates it. The database is
opened once (one engine, one schema upgrade) for the site lock, the stored-page middleware and the
pipelines, and disposed when the engine stops. ``nachlese crawl`` opens it before Scrapy starts (it
takes the site locks first) and hands it over with ``attach_database``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.crawler import Crawler
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from crawler.options import processor_options
from db.engine import make_engine, make_sessionmaker
from db.errors import DatabaseURLError
from db.schema import upgrade
from db.storage import RunCounts, StoreOutcome
from extract.processor import PageProcessor
from extract.urls import site_key

if TYPE_CHECKING:
    from crawler.tagging import BatchTagger

__all__ = ["CrawlDatabase", "CrawlShared", "SiteAccounts", "attach_database", "shared"]

logger = logging.getLogger(__name__)

_ATTRIBUTE = "_nachlese_shared"


class CrawlDatabase:
    """One engine and session factory for a crawl; the schema is upgraded once, when it is opened."""

    def __init__(self, url: str) -> None:
        if not url or not url.strip():
            raise DatabaseURLError(
                "NACHLESE_DATABASE_URL is empty: a crawl stores into a database (a SQLAlchemy URL or an SQLite path)")
        self.engine: Engine = make_engine(url)
        upgrade(self.engine)
        self.sessions: sessionmaker[Session] = make_sessionmaker(self.engine)

    def dispose(self) -> None:
        """Close the engine's connections."""
        self.engine.dispose()


@dataclass
class SiteAccounts:
    """Each site's counters of one crawl (keyed by ``site_key``): what its run records when the crawl ends."""

    counts: dict[str, RunCounts] = field(default_factory=dict)

    def of(self, url: str) -> RunCounts:
        """The counters of the URL's site."""
        return self.counts.setdefault(site_key(url), RunCounts())

    def stored(self, url: str, outcome: StoreOutcome) -> None:
        """One stored page's outcome; the run's ``fetched`` column counts the pages it stored (``pages`` in
        the crawl summary and in ``nachlese runs``), not every HTTP response."""
        self.of(url).add(outcome)

    def robots_skipped(self, url: str) -> None:
        """A URL of the site that robots.txt forbids."""
        self.of(url).robots_skipped += 1


@dataclass
class CrawlShared:
    """The crawl's shared parts (see the module docstring)."""

    crawler: Crawler
    processor: PageProcessor
    accounts: SiteAccounts = field(default_factory=SiteAccounts)
    tagger: BatchTagger | None = None  # set by the entity pipeline while it runs
    _database: CrawlDatabase | None = None
    _database_attached: bool = False  # opened by the caller, who disposes it

    def database(self) -> CrawlDatabase:
        """The crawl's database, opened on first use; raises a DatabaseError when there is none or it fails."""
        if self._database is None:
            self._database = CrawlDatabase(str(self.crawler.settings.get("NACHLESE_DATABASE_URL") or ""))
        return self._database

    def _engine_stopped(self) -> None:
        if self._database is not None and not self._database_attached:
            self._database.dispose()
            self._database = None


def shared(crawler: Crawler) -> CrawlShared:
    """The crawl's shared parts (created by the first component that asks)."""
    found = getattr(crawler, _ATTRIBUTE, None)
    if isinstance(found, CrawlShared):
        return found
    created = CrawlShared(crawler, PageProcessor(processor_options(crawler.settings)))
    setattr(crawler, _ATTRIBUTE, created)
    crawler.signals.connect(created._engine_stopped, signal=signals.engine_stopped)
    return created


def attach_database(crawler: Crawler, database: CrawlDatabase) -> None:
    """Give the crawl a database opened already (``nachlese crawl`` opens it to take the site locks)."""
    parts = shared(crawler)
    parts._database, parts._database_attached = database, True
