"""The crawl's storage: pages wait for one writer thread and go to the database in batches, a savepoint each."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from scrapy.crawler import Crawler
from sqlalchemy.orm import Session, sessionmaker

from crawler.resources import shared
from extract.processor import ProcessedPage

if TYPE_CHECKING:
    from db.storage import StoreOutcome

logger = logging.getLogger(__name__)

#: stores one page inside an open session (the page's savepoint) and returns its outcome
StoreOne = Callable[[Session, Any], Any]


@dataclass
class PendingPage:
    """A page waiting to be stored and the future its pipeline call awaits."""

    payload: Any
    future: asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop
    prepare: Callable[[], object] | None = field(default=None)


class BatchWriter:
    """Collects pages and writes whatever has queued up in one transaction (runs in one writer thread).

    Each page is stored inside its own SAVEPOINT: a page that fails rolls back alone and its caller gets
    the exception (and may retry), while the other pages of the batch are committed. Outcomes are handed
    back only after the commit, so a page counts as stored only once it is durable. Nothing waits for a
    batch to fill: a batch is what arrived while the previous one was being written, at most ``size``.
    """

    def __init__(self, sessions: sessionmaker[Session], store_one: StoreOne, size: int) -> None:
        self.sessions = sessions
        self.store_one = store_one
        self.size = max(1, size)
        self.queue: deque[PendingPage] = deque()
        self.lock = threading.Lock()
        self.batches = 0

    def add(self, page: PendingPage) -> None:
        """Queue a page (any thread); a later ``flush`` in the writer thread stores it."""
        with self.lock:
            self.queue.append(page)

    def _take(self) -> list[PendingPage]:
        with self.lock:
            count = min(self.size, len(self.queue))
            return [self.queue.popleft() for _ in range(count)]

    def flush(self) -> int:
        """Store one batch of queued pages (writer thread); returns how many it took (0: an earlier flush had them)."""
        batch = self._take()
        if not batch:
            return 0
        ready: list[PendingPage] = []
        for page in batch:  # work that needs its own transaction (a new crawl run) comes first
            try:
                if page.prepare is not None:
                    page.prepare()
                ready.append(page)
            except Exception as exc:
                _resolve(page, error=exc)
        outcomes: list[tuple[PendingPage, Any, BaseException | None]] = []
        try:
            with self.sessions.begin() as session:
                for page in ready:
                    try:
                        with session.begin_nested():
                            outcome = self.store_one(session, page.payload)
                        outcomes.append((page, outcome, None))
                    except Exception as exc:  # only this page's savepoint is rolled back
                        outcomes.append((page, None, exc))
        except Exception as exc:  # the commit (or BEGIN) failed: nothing of the batch is stored
            for page in ready:
                _resolve(page, error=exc)
            return len(batch)
        self.batches += 1
        for page, outcome, error in outcomes:
            _resolve(page, result=outcome, error=error)
        return len(batch)


def _resolve(page: PendingPage, *, result: Any = None, error: BaseException | None = None) -> None:
    """Hand the outcome to the awaiting coroutine, in its event loop's thread."""

    def settle() -> None:
        if page.future.done():
            return
        if error is not None:
            page.future.set_exception(error)
        else:
            page.future.set_result(result)

    page.loop.call_soon_threadsafe(settle)


def batch_size_for(dialect: str, setting: int) -> int:
    """NACHLESE_STORE_BATCH_SIZE, or by default 50 pages a transaction on SQLite and 1 on PostgreSQL."""
    if setting > 0:
        return setting
    return 50 if dialect == "sqlite" else 1


class PageStore:
    """The crawl's storage: a writer thread storing ProcessedPage values in batches, with retries, per site.

    Each site's pages go under its crawl run (``db.frontier.SiteRuns``) and its counts
    (``crawler.resources.SiteAccounts``); ``close`` drains the writer and ends the crawl with
    ``db.revise.finish_pass`` (provisional pages again, multi-page articles joined, site-wide names,
    each run finished with its own counts), as an import ends.
    """

    def __init__(self, crawler: Crawler) -> None:
        from db.frontier import SiteRuns  # noqa: PLC0415

        self.crawler = crawler
        self.parts = shared(crawler)
        database = self.parts.database()
        settings = crawler.settings
        self.sessions = database.sessions
        self.runs = SiteRuns(database.sessions, resume=settings.getbool("NACHLESE_RESUME"),
                             abort_stale=not settings.get("NACHLESE_REDIS_URL"))
        self.attempts = max(1, settings.getint("NACHLESE_STORE_ATTEMPTS"))
        size = batch_size_for(database.engine.dialect.name, settings.getint("NACHLESE_STORE_BATCH_SIZE"))
        self.batches = BatchWriter(database.sessions, self._store_in_session, size)
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nachlese-store")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageStore:
        return cls(crawler)

    def _store_in_session(self, session: Session, page: ProcessedPage) -> Any:
        """Store one page inside the batch's open transaction (writer thread)."""
        from db.storage import store_records  # noqa: PLC0415

        return store_records(session, self.runs.for_url(page.page.url), page.page, page.records, page.error,
                             deferred=page.deferred)

    def _flush(self) -> None:
        """Write the pages queued so far (writer thread); the time counted is the time spent storing."""
        started = time.perf_counter()
        try:
            self.batches.flush()
        finally:
            _add_ms(self.crawler, "store", started)

    async def store(self, page: ProcessedPage) -> StoreOutcome:
        """Store ``page`` (retried with backoff while the database is locked or busy); its outcome."""
        from db.storage import StoreOutcome  # noqa: PLC0415

        stats = self.crawler.stats
        assert stats is not None
        try:
            outcome = await self._with_retries(page)
        except Exception as exc:  # the database kept failing: log loudly, the page is refetched next run
            logger.error("Could not store %s after %d attempts: %s", page.page.url, self.attempts, exc)
            stats.inc_value("nachlese/store_error")
            page.error = page.error or f"store failed: {type(exc).__name__}: {exc}"
            outcome = StoreOutcome.FAILED
        else:
            stats.inc_value(f"nachlese/{outcome.value}")
        self.parts.accounts.stored(page.page.url, outcome)
        now = time.time()
        if stats.get_value("nachlese/first_stored_at") is None:
            stats.set_value("nachlese/first_stored_at", now)
        stats.set_value("nachlese/last_stored_at", now)  # the end of the crawl's work, before idle waits
        return outcome

    async def _with_retries(self, page: ProcessedPage) -> StoreOutcome:
        loop = asyncio.get_running_loop()
        delay = 0.5
        for attempt in range(1, self.attempts + 1):
            future: asyncio.Future[Any] = loop.create_future()
            self.batches.add(PendingPage(page, future, loop, prepare=partial(self.runs.for_url, page.page.url)))
            self.writer.submit(self._flush)
            try:
                outcome: StoreOutcome = await future
                return outcome
            except Exception as exc:
                if attempt == self.attempts:
                    raise
                logger.warning("Storing %s failed (attempt %d/%d), retrying in %.1f s: %s",
                               page.page.url, attempt, self.attempts, delay, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 8.0)
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Drain the writer, then end the crawl (db.revise.finish_pass); the stats get what it did."""
        from db.revise import finish_pass  # noqa: PLC0415

        self.writer.shutdown(wait=True)
        settings, stats = self.crawler.settings, self.crawler.stats
        assert stats is not None
        tagger = self.parts.tagger
        started = time.perf_counter()
        end = finish_pass(
            self.sessions, self.parts.processor, self.runs, self.parts.accounts.counts,
            tag=tagger.tag_now if tagger is not None else None,
            site_names=settings.getbool("NACHLESE_SITE_NAMES_ENABLED") and tagger is not None,
            site_names_languages=set(settings.getdict("NACHLESE_NER_MODELS")),
        )
        stats.set_value("nachlese/revised", end.revised)
        for outcomes in end.outcomes.values():  # deferred pages, counted page_only when first stored
            for outcome in outcomes:
                if outcome.value != "page_only":  # their article was stored just now
                    stats.inc_value(f"nachlese/{outcome.value}")
                    stats.inc_value("nachlese/page_only", -1)
        stats.inc_value("nachlese_site_names/relabelled", end.site_names.relabelled)
        stats.inc_value("nachlese_site_names/added", end.site_names.added)
        _add_ms(self.crawler, "site_names", started)


def _add_ms(crawler: Crawler, stage: str, started: float) -> None:
    assert crawler.stats is not None
    crawler.stats.inc_value(f"nachlese/time/{stage}_ms", round((time.perf_counter() - started) * 1000.0))
