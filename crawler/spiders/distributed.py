"""The `news` spider for distributed crawls: scrapy-redis shares its queue; idle workers poll, wait, then stop."""

from __future__ import annotations

import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.reactor import CallLaterOnce

from crawler.spiders.news import NewsSpider


class DistributedNewsSpider(NewsSpider):
    """NewsSpider whose workers stay up while other workers may still add requests to the shared queue.

    The request queue and duplicate filter live in Redis (scrapy-redis Scheduler and RFPDupeFilter, see
    `distributed_settings`); every worker yields the start URLs and the shared filter keeps one copy.
    A worker with an empty queue asks Redis again every ``NACHLESE_DISTRIBUTED_POLL_SECONDS`` (other
    workers' pages add requests) and closes after ``NACHLESE_DISTRIBUTED_IDLE_SECONDS`` without work.
    """

    name = "news-distributed"  # its own name: Scrapy warns about two spiders called "news"
    poll: CallLaterOnce[None]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DistributedNewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider._idle_since = None
        spider.poll = CallLaterOnce(spider._ask_for_requests)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_activity, signal=signals.request_scheduled)
        crawler.signals.connect(spider.on_queue_empty, signal=signals.scheduler_empty)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider

    def on_activity(self, *args: Any, **kwargs: Any) -> None:
        self._idle_since: float | None = None

    def on_idle(self) -> None:
        """Keep the worker alive for a while: another worker's pages may still add requests."""
        now = time.monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if now - self._idle_since < self.settings.getfloat("NACHLESE_DISTRIBUTED_IDLE_SECONDS"):
            raise DontCloseSpider

    def on_queue_empty(self) -> None:
        """The shared queue gave nothing: look again soon instead of at Scrapy's 5-second heartbeat."""
        self.poll.schedule(self.settings.getfloat("NACHLESE_DISTRIBUTED_POLL_SECONDS"))

    def _ask_for_requests(self) -> None:
        """Wake the engine's request loop (the same call Scrapy's heartbeat makes)."""
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and slot.closing is None:
            slot.nextcall.schedule()

    def on_closed(self) -> None:
        self.poll.cancel()
