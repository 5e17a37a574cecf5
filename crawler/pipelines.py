"""Item pipelines, one job each: extract the page, tag its entities, store it (thin adapters)."""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import PageItem
from crawler.middlewares import site_base_url
from crawler.store_batches import BatchWriter, PendingPage
from crawler.tagging import BatchTagger
from crawler.urls import normalise_record_urls
from extract import PageKind, PageRecord, UnextractablePage, extract_page, merge_pages
from extract.boilerplate import BoilerplateProfile
from extract.entities import ModelNotAvailableError, model_available

logger = logging.getLogger(__name__)

#: Most parts of one multi-page article that are fetched and merged.
MAX_ARTICLE_PARTS = 20


def add_stage_time(crawler: Crawler, stage: str, started: float) -> None:
    """Add the time since ``started`` to the stage's total (stat ``nachlese/time/STAGE_ms``)."""
    assert crawler.stats is not None
    crawler.stats.inc_value(f"nachlese/time/{stage}_ms", round((time.perf_counter() - started) * 1000.0))


class ExtractPipeline:
    """Turn each fetched page into a PageRecord; a page that cannot be extracted gets an error instead."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.min_pages = crawler.settings.getint("NACHLESE_BOILERPLATE_MIN_PAGES")
        self.drop_params = crawler.settings.getlist("NACHLESE_DROP_QUERY_PARAMS")
        self.profiles: dict[str, BoilerplateProfile] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _profile(self, url: str) -> BoilerplateProfile:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        if host not in self.profiles:
            self.profiles[host] = BoilerplateProfile(min_site_pages=self.min_pages)
        return self.profiles[host]

    def _extract(self, item: PageItem) -> PageRecord:
        return extract_page(item.body, item.url, item.headers, fetched_at=item.fetched_at,
                            site_profile=self._profile(item.url), learn=True)

    async def process_item(self, item: PageItem, spider: Spider | None = None) -> PageItem:
        """Extract ``item`` in place; errors become ``item.error`` so the store pipeline records them."""
        if item.error is not None:
            return item
        if item.status >= 400:
            item.error = f"HTTP {item.status}"
            return item
        if item.status == 304:  # not modified: the stored record stands
            return item
        started = time.perf_counter()
        try:
            record = self._extract(item)
        except UnextractablePage as exc:
            item.error = f"unextractable: {exc}"
            logger.warning("Skipped %s: %s", item.url, exc)
            return item
        except Exception as exc:  # a bug on one page must never end the crawl
            item.error = f"extraction failed: {type(exc).__name__}: {exc}"
            logger.exception("Extraction failed for %s", item.url)
            return item
        finally:
            add_stage_time(self.crawler, "extract", started)
        record = normalise_record_urls(record, self.drop_params)
        if record.kind is PageKind.ARTICLE and record.continuation_urls and record.part_of is None:
            record = normalise_record_urls(await self._merge_parts(record), self.drop_params)
        item.record = record
        return item

    async def _merge_parts(self, first: PageRecord) -> PageRecord:
        """Fetch pages 2..n of a multi-page article through Scrapy (throttled, robots.txt) and merge."""
        parts = [first]
        for url in first.continuation_urls[:MAX_ARTICLE_PARTS]:
            try:
                assert self.crawler.engine is not None
                response = await self.crawler.engine.download_async(Request(url))
                headers = {k.decode("latin-1").lower(): b", ".join(v).decode("latin-1")
                           for k, v in response.headers.items()}
                if response.status >= 400:
                    raise UnextractablePage(f"HTTP {response.status}")
                parts.append(extract_page(response.body, response.url, headers, site_profile=self._profile(url)))
            except Exception as exc:
                logger.warning("Part %s of %s not merged: %s", url, first.url, exc)
        return merge_pages(parts) if len(parts) > 1 else first


class EntityPipeline:
    """Tag PER/ORG/LOC in article records, batched, in worker processes (the reactor keeps fetching)."""

    def __init__(self, crawler: Crawler, models: dict[str, str], batch_size: int, workers: int) -> None:
        self.crawler = crawler
        self.models = models
        self.batch_size = batch_size
        self.workers = workers
        self.tagger: BatchTagger | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NACHLESE_ENTITIES_ENABLED"):
            raise NotConfigured("entity tagging disabled (NACHLESE_ENTITIES_ENABLED=False)")
        models = dict(crawler.settings.getdict("NACHLESE_NER_MODELS"))
        return cls(crawler, models, crawler.settings.getint("NACHLESE_NER_BATCH_SIZE"),
                   crawler.settings.getint("NACHLESE_NER_WORKERS"))

    def open_spider(self, spider: Spider | None = None) -> None:
        """Start the tagging workers; a pipeline that cannot load fails here, before any page is fetched."""
        for language, name in self.models.items():
            if not model_available(name):
                raise ModelNotAvailableError(
                    f"spaCy pipeline {name!r} for {language!r} is not installed (NACHLESE_NER_MODELS)")
        self.tagger = BatchTagger(self.models, workers=self.workers, batch_size=self.batch_size)

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.tagger is not None:
            self.tagger.close()
            assert self.crawler.stats is not None
            self.crawler.stats.set_value("nachlese/time/entities_ms", round(self.tagger.busy_seconds * 1000))

    async def process_item(self, item: PageItem, spider: Spider | None = None) -> PageItem:
        record = item.record
        if record is None or self.tagger is None:
            return item
        articles = [record] if record.kind is PageKind.ARTICLE else list(record.items)  # news items are articles
        if not articles:
            return item
        try:
            await asyncio.gather(*(self.tagger.tag(article) for article in articles))
        except Exception as exc:  # a tagger bug on one text: store the article without entities
            logger.error("Entity tagging failed for %s: %s", item.url, exc)
            for article in articles:
                article.entities = []
        return item


class StorePipeline:
    """Write each page (and its article, entities, links) to the database: batched, one savepoint per page."""

    def __init__(self, database_url: str, crawler: Crawler) -> None:
        self.database_url = database_url
        self.crawler = crawler
        self.engine: Any = None
        self.session_factory: Any = None
        self.runs: dict[str, Any] = {}
        self.writer: ThreadPoolExecutor | None = None
        self.resume = crawler.settings.getbool("NACHLESE_RESUME")
        self.distributed = bool(crawler.settings.get("NACHLESE_REDIS_URL"))
        self.attempts = max(1, crawler.settings.getint("NACHLESE_STORE_ATTEMPTS"))
        self.batch_size = crawler.settings.getint("NACHLESE_STORE_BATCH_SIZE")
        self.batches: BatchWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        url = crawler.settings.get("NACHLESE_DATABASE_URL")
        if not url:
            raise NotConfigured("NACHLESE_DATABASE_URL is not set")
        return cls(url, crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        from db.engine import make_engine, make_sessionmaker  # noqa: PLC0415
        from db.schema import upgrade  # noqa: PLC0415

        self.engine = make_engine(self.database_url)
        upgrade(self.engine)
        self.session_factory = make_sessionmaker(self.engine)
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nachlese-store")
        self.batches = BatchWriter(self.session_factory, self._store_in_session, self._batch_size())

    def _batch_size(self) -> int:
        """NACHLESE_STORE_BATCH_SIZE, or by default 50 pages a transaction on SQLite and 1 on PostgreSQL."""
        if self.batch_size > 0:
            return self.batch_size
        return 50 if self.engine.dialect.name == "sqlite" else 1

    def _run_for(self, url: str) -> Any:
        """The crawl run of the URL's site: started on first use, or the interrupted one on --resume."""
        from db.frontier import open_run  # noqa: PLC0415

        base = site_base_url(url)
        if base not in self.runs:
            with self.session_factory.begin() as session:
                run = open_run(session, base, resume=self.resume, abort_stale=not self.distributed)
                session.expunge(run)
            self.runs[base] = run
        return self.runs[base]

    async def process_item(self, item: PageItem, spider: Spider | None = None) -> PageItem:
        """Store the page in the writer thread; the reactor keeps fetching meanwhile."""
        from db.storage import FetchedPage  # noqa: PLC0415

        stats = self.crawler.stats
        assert stats is not None
        fetched = FetchedPage(
            url=item.url,
            status=item.status,
            headers=item.headers,
            body=item.body,
            fetched_at=item.fetched_at or datetime.now(UTC),
            redirect_urls=item.redirect_urls,
        )
        try:
            outcome = await self._store_with_retries(item, fetched)
        except Exception as exc:  # the database kept failing: log loudly, the page is refetched next run
            logger.error("Could not store %s after %d attempts: %s", item.url, self.attempts, exc)
            stats.inc_value("nachlese/store_error")
            item.outcome = "failed"
            item.error = item.error or f"store failed: {type(exc).__name__}: {exc}"
            return item
        item.outcome = str(outcome.value if hasattr(outcome, "value") else outcome)
        stats.inc_value(f"nachlese/{item.outcome}")
        now = time.time()
        if stats.get_value("nachlese/first_stored_at") is None:
            stats.set_value("nachlese/first_stored_at", now)
        stats.set_value("nachlese/last_stored_at", now)  # the end of the crawl's work, before idle waits
        return item

    def _store_in_session(self, session: Any, payload: tuple[PageItem, Any]) -> Any:
        """Store one page inside the batch's open transaction (writer thread)."""
        from db.storage import store_page  # noqa: PLC0415

        item, fetched = payload
        return store_page(session, self._run_for(item.url), fetched, item.record, item.error)

    def _flush(self) -> None:
        """Write the pages queued so far (writer thread); the time counted is the time spent storing."""
        assert self.batches is not None
        started = time.perf_counter()
        try:
            self.batches.flush()
        finally:
            add_stage_time(self.crawler, "store", started)

    async def _store_with_retries(self, item: PageItem, fetched: Any) -> Any:
        """A locked, busy or racing database is retried with backoff, without blocking the reactor."""
        assert self.writer is not None and self.batches is not None
        loop = asyncio.get_running_loop()
        delay = 0.5
        for attempt in range(1, self.attempts + 1):
            future: asyncio.Future[Any] = loop.create_future()
            self.batches.add(PendingPage((item, fetched), future, loop, prepare=partial(self._run_for, item.url)))
            self.writer.submit(self._flush)
            try:
                return await future
            except Exception as exc:
                if attempt == self.attempts:
                    raise
                logger.warning("Storing %s failed (attempt %d/%d), retrying in %.1f s: %s",
                               item.url, attempt, self.attempts, delay, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 8.0)
        raise AssertionError("unreachable")

    def close_spider(self, spider: Spider | None = None) -> None:
        from db.storage import finish_run  # noqa: PLC0415

        stats = self.crawler.stats
        assert stats is not None
        counts = {key.removeprefix("nachlese/"): value for key, value in stats.get_stats().items()
                  if key.startswith("nachlese/") and isinstance(value, int)}
        counts["fetched"] = int(stats.get_value("response_received_count", 0) or 0)
        counts["robots_skipped"] = int(stats.get_value("robotstxt/forbidden", 0) or 0)
        if self.writer is not None:
            self.writer.shutdown(wait=True)
        try:
            if counts.get("new", 0) or counts.get("changed", 0):
                self._harmonise_site_names()
            with self.session_factory.begin() as session:
                for run in self.runs.values():
                    finish_run(session, run, counts)
        finally:
            self.engine.dispose()

    def _harmonise_site_names(self) -> None:
        """Site-wide name consistency over each crawled site (NACHLESE_SITE_NAMES_ENABLED); a failure is logged."""
        from db.site_entities import harmonise_sites  # noqa: PLC0415

        settings, stats = self.crawler.settings, self.crawler.stats
        assert stats is not None
        if not (settings.getbool("NACHLESE_SITE_NAMES_ENABLED") and settings.getbool("NACHLESE_ENTITIES_ENABLED")):
            return
        started = time.perf_counter()
        changes = harmonise_sites(self.session_factory, [run.site_id for run in self.runs.values()],
                                  languages=set(settings.getdict("NACHLESE_NER_MODELS")))
        stats.inc_value("nachlese_site_names/relabelled", changes.relabelled)
        stats.inc_value("nachlese_site_names/added", changes.added)
        add_stage_time(self.crawler, "site_names", started)
