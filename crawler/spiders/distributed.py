"""The `news` spider for distributed crawls: scrapy-redis shares its queue; idle workers wait, then stop."""

from __future__ import annotations

import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider

from crawler.spiders.news import NewsSpider


class DistributedNewsSpider(NewsSpider):
    """NewsSpider whose workers stay up while other workers may still add requests to the shared queue.

    The request queue and duplicate filter live in Redis (scrapy-redis Scheduler and RFPDupeFilter, see
    `distributed_settings`); every worker yields the start URLs and the shared filter keeps one copy.
    A worker closes after ``NACHLESE_DISTRIBUTED_IDLE_SECONDS`` with an empty queue.
    """

    name = "news"

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DistributedNewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider._idle_since = None
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_activity, signal=signals.request_scheduled)
        return spider

    def on_activity(self, *args: Any, **kwargs: Any) -> None:
        self._idle_since: float | None = None

    def on_idle(self) -> None:
        """Keep the worker alive for a while: another worker's pages may still add requests."""
        now = time.monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if now - self._idle_since < self.settings.getfloat("NACHLESE_DISTRIBUTED_IDLE_SECONDS", 8.0):
            raise DontCloseSpider
