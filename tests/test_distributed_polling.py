"""An idle distributed worker asks the shared queue again soon, not only at Scrapy's 5-second heartbeat."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.test import get_crawler

from crawler.spiders.distributed import DistributedNewsSpider


class RecordingCall:
    """Stands in for the engine's CallLaterOnce: counts schedule() calls."""

    def __init__(self) -> None:
        self.scheduled = 0

    def schedule(self, delay: float = 0) -> None:
        self.scheduled += 1


def make_spider(**settings: Any) -> DistributedNewsSpider:
    crawler = get_crawler(DistributedNewsSpider, settings_dict=settings)
    return DistributedNewsSpider.from_crawler(crawler, start_url="http://127.0.0.1:1/")


@pytest.mark.parametrize(("closing", "woken"), [(None, 1), (object(), 0)])
def test_asking_for_requests_wakes_the_engine_unless_it_is_closing(closing: object, woken: int) -> None:
    spider = make_spider()
    nextcall = RecordingCall()
    spider.crawler.engine = SimpleNamespace(_slot=SimpleNamespace(closing=closing, nextcall=nextcall))  # type: ignore[assignment]
    spider._ask_for_requests()
    assert nextcall.scheduled == woken


def test_an_empty_queue_schedules_one_poll_after_the_configured_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(NACHLESE_DISTRIBUTED_POLL_SECONDS=0.7)
    delays: list[float] = []
    monkeypatch.setattr(spider.poll, "schedule", delays.append)
    spider.on_queue_empty()
    assert delays == [0.7]


def test_an_idle_worker_stays_up_until_the_idle_time_has_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    spider = make_spider(NACHLESE_DISTRIBUTED_IDLE_SECONDS=5.0)
    clock = iter([100.0, 104.0, 106.0])
    monkeypatch.setattr("crawler.spiders.distributed.time.monotonic", lambda: next(clock))
    with pytest.raises(DontCloseSpider):
        spider.on_idle()
    with pytest.raises(DontCloseSpider):
        spider.on_idle()
    spider.on_idle()  # 6 s idle: the worker may close
