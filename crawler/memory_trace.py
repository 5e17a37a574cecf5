"""Where a crawl's memory goes: RSS and the size of its big structures, a JSON line every few seconds.

Enabled by NACHLESE_MEMORY_TRACE (a file path); used by `bench/run.py --memory-trace`. Each line has the
crawl process's and its children's RSS, the queue lengths (scheduler, items in the pipelines, tagging
batches, pages waiting for the writer), the duplicate filter's and the boilerplate profiles' entries and,
with NACHLESE_MEMORY_TRACE_TOP > 0, the top allocation sites from tracemalloc (which slows the crawl).
"""

from __future__ import annotations

import gc
import json
import logging
import os
import time
import tracemalloc
from pathlib import Path
from typing import Any, Self, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger(__name__)


def rss_kb(pid: int | str = "self") -> int:
    """Resident set size of a process in KiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def child_pids(pid: int) -> list[int]:
    """Direct children of ``pid`` (Linux /proc)."""
    found: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as children:
                found += [int(child) for child in children.read().split()]
    except OSError:
        pass
    return found


def _size(value: Any) -> int | None:
    try:
        return len(value)
    except TypeError:
        return None


class MemoryTrace:
    """Writes one JSON line of memory figures every NACHLESE_MEMORY_TRACE_INTERVAL seconds and at the end."""

    def __init__(self, crawler: Crawler, stream: TextIO, interval: float, top: int) -> None:
        self.crawler = crawler
        self.stream = stream
        self.interval = interval
        self.top = top
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("NACHLESE_MEMORY_TRACE")
        if not path:
            raise NotConfigured
        stream = Path(path).open("w", encoding="utf-8")  # noqa: SIM115 - closed in spider_closed
        trace = cls(crawler, stream, crawler.settings.getfloat("NACHLESE_MEMORY_TRACE_INTERVAL"),
                    crawler.settings.getint("NACHLESE_MEMORY_TRACE_TOP"))
        crawler.signals.connect(trace.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(trace.spider_closed, signal=signals.spider_closed)
        return trace

    def spider_opened(self) -> None:
        if self.top > 0:
            tracemalloc.start(1)
        self.loop = task.LoopingCall(self.write)
        self.loop.start(self.interval, now=True)

    def spider_closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.write(final=True)
        self.stream.close()
        if tracemalloc.is_tracing():
            tracemalloc.stop()

    def structures(self) -> dict[str, int | None]:
        """Entries held by the crawl's structures that grow with the site."""
        engine = self.crawler.engine
        found: dict[str, int | None] = {}
        if engine is None:
            return found
        slot = getattr(engine, "_slot", None)
        scheduler = getattr(slot, "scheduler", None)
        found["scheduler_requests"] = _size(scheduler)
        dupefilter = getattr(scheduler, "df", None)
        seen = getattr(dupefilter, "seen", None)  # BoundedDupeFilter; Scrapy's own has "fingerprints"
        found["dupefilter_fingerprints"] = _size(seen if seen is not None else getattr(dupefilter, "fingerprints", ()))
        scraper_slot = getattr(engine.scraper, "slot", None)
        found["scraper_active"] = _size(getattr(scraper_slot, "active", None))
        found["scraper_active_bytes"] = getattr(scraper_slot, "active_size", None)
        found["downloader_active"] = _size(getattr(engine.downloader, "active", None))
        for pipe in getattr(engine.scraper.itemproc, "middlewares", ()):
            name = type(pipe).__name__
            if profiles := getattr(pipe, "profiles", None):
                found["boilerplate_block_keys"] = sum(len(p._counts) for p in profiles.values())
                found["boilerplate_page_keys"] = sum(len(p._pages) for p in profiles.values())
            if (tagger := getattr(pipe, "tagger", None)) is not None:
                found["tagging_pending"] = _size(getattr(tagger, "_pending", None))
                executor = getattr(tagger, "executor", None)
                found["tagging_submitted"] = _size(getattr(executor, "_pending_work_items", None))
            if (batches := getattr(pipe, "batches", None)) is not None:
                found["store_queue"] = _size(getattr(batches, "queue", None))
            if name == "StorePipeline":
                found["store_runs"] = _size(getattr(pipe, "runs", None))
        return found

    def write(self, final: bool = False) -> None:
        """One line of figures."""
        pid = os.getpid()
        children = {str(child): rss_kb(child) // 1024 for child in child_pids(pid)}
        line: dict[str, Any] = {
            "t": round(time.monotonic() - self.started, 1),
            "final": final,
            "rss_mb": rss_kb() // 1024,
            "children_rss_mb": children,
            "responses": self.crawler.stats.get_value("response_received_count", 0) if self.crawler.stats else 0,
            "gc_objects": len(gc.get_objects()),
            **self.structures(),
        }
        if tracemalloc.is_tracing():
            snapshot = tracemalloc.take_snapshot().filter_traces(
                [tracemalloc.Filter(False, tracemalloc.__file__)])
            line["traced_mb"] = round(tracemalloc.get_traced_memory()[0] / 2**20, 1)
            line["top"] = [
                {"where": f"{stat.traceback[0].filename}:{stat.traceback[0].lineno}",
                 "mb": round(stat.size / 2**20, 2), "blocks": stat.count}
                for stat in snapshot.statistics("lineno")[: self.top]
            ]
        self.stream.write(json.dumps(line) + "\n")
        self.stream.flush()
