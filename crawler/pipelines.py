"""Item pipelines, thin adapters in order: process the page, tag its entities, store it.

The work itself lives outside Scrapy: ``extract.processor.PageProcessor`` turns a FetchedPage into
records, ``crawler.tagging.BatchTagger`` tags them, ``db.storage.store_records`` writes them (batched
by ``crawler.store_batches``), and ``db.revise.finish_pass`` ends the crawl as it ends an import.
"""

from __future__ import annotations

import logging
import time
from typing import Self

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import FetchedPage, ProcessedPage
from crawler.resources import shared
from crawler.store_batches import PageStore
from crawler.tagging import BatchTagger
from extract import PageKind
from extract.entities import ModelNotAvailableError, model_available

logger = logging.getLogger(__name__)


def add_stage_time(crawler: Crawler, stage: str, started: float) -> None:
    """Add the time since ``started`` to the stage's total (stat ``nachlese/time/STAGE_ms``)."""
    assert crawler.stats is not None
    crawler.stats.inc_value(f"nachlese/time/{stage}_ms", round((time.perf_counter() - started) * 1000.0))


class ExtractPipeline:
    """Hand each FetchedPage to the crawl's page processor; the item becomes a ProcessedPage."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.processor = shared(crawler).processor

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_item(self, item: FetchedPage | ProcessedPage, spider: Spider | None = None) -> ProcessedPage:
        """Records (or the error why there are none) for the page; a ProcessedPage passes as it is."""
        if isinstance(item, ProcessedPage):
            return item
        started = time.perf_counter()
        try:
            return self.processor.process(item)
        finally:
            add_stage_time(self.crawler, "extract", started)


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
            raise NotConfigured  # tagging switched off (--no-entities): a choice, no warning
        models = dict(crawler.settings.getdict("NACHLESE_NER_MODELS"))
        return cls(crawler, models, crawler.settings.getint("NACHLESE_NER_BATCH_SIZE"),
                   crawler.settings.getint("NACHLESE_NER_WORKERS"))

    def open_spider(self, spider: Spider | None = None) -> None:
        """Start the tagging workers; a pipeline that cannot load fails here, before any page is fetched."""
        for language, name in self.models.items():
            if not model_available(name):
                raise ModelNotAvailableError(
                    f"spaCy pipeline {name!r} for {language!r} is not installed (NACHLESE_NER_MODELS)")
        settings = self.crawler.settings
        self.tagger = BatchTagger(self.models, workers=self.workers, batch_size=self.batch_size,
                                  batch_chars=settings.getint("NACHLESE_NER_BATCH_CHARS"),
                                  quiet_loggers=settings.getdict("NACHLESE_QUIET_LOGGERS"),
                                  log_level=str(settings.get("LOG_LEVEL", "INFO")))
        shared(self.crawler).tagger = self.tagger  # the end of the crawl tags revised pages with it

    def close_spider(self, spider: Spider | None = None) -> None:
        shared(self.crawler).tagger = None
        if self.tagger is not None:
            self.tagger.close()
            assert self.crawler.stats is not None
            self.crawler.stats.set_value("nachlese/time/entities_ms", round(self.tagger.busy_seconds * 1000))

    async def process_item(self, item: ProcessedPage, spider: Spider | None = None) -> ProcessedPage:
        if self.tagger is None:
            return item
        for record in item.records:
            if record.kind is not PageKind.ARTICLE:
                continue
            try:
                await self.tagger.tag(record)
            except Exception as exc:  # a tagger bug on one text: store the article without entities
                logger.error("Entity tagging failed for %s: %s", item.page.url, exc)
                record.entities = []
        return item


class StorePipeline:
    """Write each processed page to the crawl's database (``crawler.store_batches.PageStore``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store: PageStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        shared(crawler).database()  # no database, no crawl: a DatabaseError says why
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        self.store = PageStore.from_crawler(self.crawler)

    async def process_item(self, item: ProcessedPage, spider: Spider | None = None) -> ProcessedPage:
        """Store the page in the writer thread; the reactor keeps fetching meanwhile."""
        assert self.store is not None
        item.outcome = (await self.store.store(item)).value
        return item

    def close_spider(self, spider: Spider | None = None) -> None:
        """Drain the writer, then end the crawl like an import ends (db.revise.finish_pass)."""
        if self.store is not None:
            self.store.close()
