"""Crawl progress on the terminal: a line every few seconds and a summary when the crawl ends."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any, Self, TextIO

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger(__name__)


def summarise(stats: dict[str, object], elapsed: float) -> dict[str, float | int]:
    """The figures an operator wants from Scrapy's stats: pages, articles, errors, rate."""

    def count(key: str) -> int:
        value = stats.get(key, 0)
        return int(value) if isinstance(value, int | float) else 0

    fetched = count("response_received_count")
    def milliseconds(stage: str) -> float:
        value = stats.get(f"nachlese/time/{stage}_ms", 0.0)
        return float(value) if isinstance(value, int | float) else 0.0

    def unix_time(name: str) -> float:
        value = stats.get(f"nachlese/{name}")
        return round(value, 3) if isinstance(value, float) else 0.0

    stage_ms = {
        f"{stage}_ms_per_page": round(milliseconds(stage) / fetched, 2) if fetched else 0.0
        for stage in ("extract", "entities", "store", "site_names")
    }
    return {
        "fetched": fetched,
        "new": count("nachlese/new"),
        "changed": count("nachlese/changed"),
        "unchanged": count("nachlese/unchanged"),
        "pages_only": count("nachlese/page_only"),
        "failed": count("nachlese/failed") + count("nachlese/store_error"),
        "robots_skipped": count("robotstxt/forbidden"),
        "trap_skipped": count("nachlese/trap_skipped"),
        # mentions changed by the site-wide name consistency step at the end of the crawl
        "site_names_relabelled": count("nachlese_site_names/relabelled"),
        "site_names_added": count("nachlese_site_names/added"),
        "seconds": round(elapsed, 1),
        "pages_per_second": round(fetched / elapsed, 2) if elapsed > 0 else 0.0,
        **stage_ms,
        # Unix times of the first and last stored page (0: none); distributed workers wait idle after the last
        "first_stored_at": unix_time("first_stored_at"),
        "last_stored_at": unix_time("last_stored_at"),
    }


class CrawlProgress:
    """Writes progress lines to stderr while the crawl runs and a summary at its end."""

    def __init__(self, crawler: Crawler, interval: float, stream: TextIO = sys.stderr) -> None:
        self.crawler = crawler
        self.interval = interval
        self.stream = stream
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("NACHLESE_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("progress lines disabled (NACHLESE_PROGRESS_INTERVAL=0)")
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def _figures(self) -> dict[str, float | int]:
        assert self.crawler.stats is not None
        return summarise(self.crawler.stats.get_stats(), time.monotonic() - self.started)

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.interval, now=False)

    def report(self) -> None:
        """One progress line."""
        f = self._figures()
        self.stream.write(
            f"[nachlese] {f['fetched']} pages fetched, {f['new'] + f['changed']} articles stored "
            f"({f['unchanged']} unchanged), {f['failed']} errors, {f['pages_per_second']} pages/s\n"
        )
        self.stream.flush()

    def spider_closed(self, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        f = self._figures()
        self.stream.write(
            f"[nachlese] crawl finished ({reason}) in {f['seconds']} s: {f['fetched']} pages fetched, "
            f"{f['new']} new and {f['changed']} changed articles, {f['unchanged']} unchanged, "
            f"{f['pages_only']} non-article pages, {f['failed']} failed, "
            f"{f['robots_skipped']} blocked by robots.txt, {f['trap_skipped']} trap URLs skipped; "
            f"site-wide names: {f['site_names_added']} mentions added, {f['site_names_relabelled']} relabelled\n"
        )
        self.stream.flush()


class SiteLockGuard:
    """Takes the one-crawl-per-site lock for crawls not started by `nachlese crawl` (scrapy crawl, scrapyd).

    `nachlese crawl` takes the lock itself before Scrapy starts (so it can say so and exit 2) and sets
    NACHLESE_LOCK_HELD; distributed workers share the site on purpose and take none.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.locks: list[Any] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if crawler.settings.getbool("NACHLESE_LOCK_HELD") or crawler.settings.get("NACHLESE_REDIS_URL"):
            raise NotConfigured("the site lock is held by the caller or not wanted")
        guard = cls(crawler)
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def spider_opened(self, spider: Spider) -> None:
        from crawler.resources import shared  # noqa: PLC0415
        from db.locks import CrawlLockedError, SiteLock  # noqa: PLC0415
        from extract.urls import site_key  # noqa: PLC0415

        engine = shared(self.crawler).database().engine  # the crawl's one database
        try:
            for base in sorted({site_key(url) for url in getattr(spider, "start_urls", [])}):
                lock = SiteLock(engine, base)
                lock.acquire()
                self.locks.append(lock)
        except CrawlLockedError as exc:
            logger.error("%s", exc)
            assert self.crawler.engine is not None
            self.crawler.engine.close_spider(spider, "locked")

    def spider_closed(self, spider: Spider) -> None:
        for lock in self.locks:
            lock.release()
