"""Crawl progress on the terminal (a line every few seconds, a summary at the end), start URL checks, quiet logs."""

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
    stored = pages_stored(stats)

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
        # HTTP responses received: robots.txt, sitemaps, feeds, redirects and retried answers included
        "fetched": fetched,
        # pages this crawl wrote to the pages table (each URL once): new + changed + unchanged + pages_only + failed
        "pages": stored,
        "start_urls": count("nachlese/start_urls"),
        "start_urls_reached": count("nachlese/start_urls_reached"),
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


#: The store outcomes (``nachlese/<outcome>`` stats) that each wrote one row of the pages table.
STORED_OUTCOMES = ("new", "changed", "unchanged", "page_only", "failed")


def pages_stored(stats: dict[str, object]) -> int:
    """Pages the crawl wrote (one per store outcome); crawl_runs.fetched, `runs` and the summary show this."""
    return sum(int(value) for key in STORED_OUTCOMES
               if isinstance(value := stats.get(f"nachlese/{key}", 0), int | float))


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
            raise NotConfigured  # no message: Scrapy would log one as a warning
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
            f"[nachlese] {f['pages']} pages stored: {f['new']} new articles, {f['changed']} changed, "
            f"{f['unchanged']} already stored, {f['pages_only']} other pages, {f['failed']} failed; "
            f"{f['pages_per_second']} responses/s\n"
        )
        self.stream.flush()

    def spider_closed(self, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        f = self._figures()
        assert self.crawler.stats is not None
        if self.crawler.stats.get_value("nachlese/start_urls_failed") and not f["start_urls_reached"]:
            return  # nothing was crawled: the caller (or StartURLCheck) says why in one line
        how = {"finished": "finished", "shutdown": "interrupted", "closespider_pagecount": "stopped at --max-pages"}
        self.stream.write(
            f"[nachlese] crawl {how.get(reason, reason)} in {f['seconds']} s: {f['pages']} pages stored: "
            f"{f['new']} new articles, {f['changed']} changed, {self._already_stored(int(f['unchanged']))}, "
            f"{f['pages_only']} other pages (listings, parts 2..n), {f['failed']} failed; "
            f"{f['fetched']} HTTP responses; {f['robots_skipped']} URLs blocked by robots.txt, "
            f"{f['trap_skipped']} trap URLs skipped; site-wide names: {f['site_names_added']} mentions added, "
            f"{f['site_names_relabelled']} relabelled\n"
        )
        self.stream.flush()

    def _already_stored(self, unchanged: int) -> str:
        """"N already stored" split into pages unchanged since an earlier crawl and copies within this one."""
        copies = self._copies()
        if copies is None or not unchanged:
            return f"{unchanged} already stored"
        copies = min(copies, unchanged)
        return (f"{unchanged} already stored ({unchanged - copies} unchanged since an earlier crawl, {copies} "
                "copies of an article of this crawl: print versions, other URLs)")

    def _copies(self) -> int | None:
        """Pages of this crawl's runs that repeat an article another of its pages is (None: not known)."""
        store = next((pipe for pipe in _pipelines(self.crawler) if type(pipe).__name__ == "StorePipeline"), None)
        page_store = getattr(store, "store", None)  # crawler.store_batches.PageStore, once the store opened
        runs = [run.id for run in page_store.runs.runs.values()] if page_store is not None else []
        if not runs:
            return None
        from db.engine import make_engine, make_sessionmaker  # noqa: PLC0415
        from db.runs import copies_in_run  # noqa: PLC0415

        try:
            engine = make_engine(self.crawler.settings["NACHLESE_DATABASE_URL"], readonly=True)
        except Exception:  # the summary goes on without the split
            logger.debug("cannot count copies", exc_info=True)
            return None
        try:
            with make_sessionmaker(engine)() as session:
                return copies_in_run(session, runs)
        except Exception:
            logger.debug("cannot count copies", exc_info=True)
            return None
        finally:
            engine.dispose()


def _pipelines(crawler: Crawler) -> tuple[Any, ...]:
    engine = crawler.engine
    return tuple(getattr(engine.scraper.itemproc, "middlewares", ())) if engine is not None else ()


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
            raise NotConfigured  # the caller holds the lock, or a distributed worker wants none (no warning)
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


#: Why a start URL failed when neither an answer nor an error came for it.
NO_ANSWER = "no answer: blocked by robots.txt, or the crawl stopped first"

#: Answers that send the crawler on to another URL (a 304 is an answer: the stored page is current).
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class QuietLogs:
    """Holds third-party chatter and per-page failure lines back (NACHLESE_QUIET_LOGGERS) at the crawl's level.

    Also in crawls started by `scrapy crawl` or scrapyd; `nachlese` does the same for every command
    (`--debug` or LOG_LEVEL=DEBUG keeps everything).
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from crawler.logs import quiet_deprecations, quiet_loggers  # noqa: PLC0415

        level = crawler.settings.get("LOG_LEVEL", "INFO")
        quiet_loggers(crawler.settings.getdict("NACHLESE_QUIET_LOGGERS"), level)
        quiet_deprecations(crawler.settings.getlist("NACHLESE_QUIET_DEPRECATIONS"), level)
        return cls()


class StartURLCheck:
    """Records which start URLs answered (HTTP status below 400, after redirects) and why the others did not.

    Stats: ``nachlese/start_urls``, ``nachlese/start_urls_reached`` and ``nachlese/start_urls_failed``
    (a list of "URL (reason)"). `nachlese crawl` turns a start URL that failed into exit status 3; crawls
    started otherwise (scrapy crawl, scrapyd) get an error line in the log.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.reasons: dict[str, str | None] = {}  # start URL -> None (reached) or why not (yet)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if crawler.settings.get("NACHLESE_REDIS_URL"):
            # distributed workers share one duplicate filter: the start URLs are fetched by whichever comes first
            raise NotConfigured
        check = cls(crawler)
        crawler.signals.connect(check.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(check.response_received, signal=signals.response_received)
        crawler.signals.connect(check.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(check.spider_closed, signal=signals.spider_closed)
        return check

    def spider_opened(self, spider: Spider) -> None:
        from crawler.options import url_options  # noqa: PLC0415
        from extract.urls import fetch_url  # noqa: PLC0415

        options = url_options(self.crawler.settings)
        for url in getattr(spider, "start_urls", []):
            self.reasons[fetch_url(url, options)] = NO_ANSWER
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("nachlese/start_urls", len(self.reasons))

    def _start_url(self, url: str, redirects: list[str]) -> str | None:
        for candidate in (redirects[0] if redirects else None, url):
            if candidate in self.reasons and self.reasons[candidate] is not None:
                return candidate
        return None

    def response_received(self, response: Any, request: Any) -> None:
        start = self._start_url(request.url, list(request.meta.get("redirect_urls", [])))
        if start is None or response.status in REDIRECT_STATUSES:
            return  # not a start URL (or reached already), or a redirect still being followed
        self.reasons[start] = None if response.status < 400 else f"HTTP {response.status}"

    def item_scraped(self, item: Any) -> None:
        """A start URL that got no response at all (refused, timeout, DNS): the spider's error says why."""
        error = getattr(item, "error", None)
        start = self._start_url(str(getattr(item, "url", "")), [])
        if start is not None and error and not getattr(item, "status", 0):
            self.reasons[start] = str(error)

    def failed(self, *, attempted_only: bool = False) -> list[str]:
        """The start URLs not reached, each with its reason (``attempted_only``: those that got an answer)."""
        return [f"{url} ({why})" for url, why in self.reasons.items()
                if why is not None and not (attempted_only and why == NO_ANSWER)]

    def spider_closed(self, reason: str) -> None:
        # a crawl stopped by a limit (--max-pages, CLOSESPIDER_*) may not have come to every start URL
        failed = self.failed(attempted_only=reason.startswith("closespider"))
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("nachlese/start_urls_reached", len(self.reasons) - len(self.failed()))
        stats.set_value("nachlese/start_urls_failed", failed)
        if failed and reason != "shutdown" and not self.crawler.settings.getbool("NACHLESE_COMMAND_LINE"):
            logger.error("start URL not reachable: %s", "; ".join(failed))
