"""Entity tagging off the reactor: records are batched and tagged with nlp.pipe in worker processes."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

from extract.entities import EntityTagger
from extract.record import EntityMention, PageRecord

logger = logging.getLogger(__name__)

_WORKER_TAGGER: EntityTagger | None = None


def _init_worker(models: dict[str, str], batch_size: int) -> None:
    """Worker process start: build the tagger (pipelines load on first use, once per process)."""
    global _WORKER_TAGGER  # noqa: PLW0603 - one tagger per worker process is the point
    _WORKER_TAGGER = EntityTagger(models, batch_size=batch_size)


def _tag_batch(records: list[PageRecord]) -> tuple[list[list[EntityMention]], float]:
    """Tag a batch in the worker; only the mentions travel back, with the seconds the tagging took."""
    assert _WORKER_TAGGER is not None, "worker not initialised"
    started = time.perf_counter()
    _WORKER_TAGGER.tag(records)
    return [record.entities for record in records], time.perf_counter() - started


class BatchTagger:
    """Collects records from concurrent pipeline calls into batches and tags them in an executor.

    ``workers`` > 0: that many worker processes (spawned, each loading the pipelines once);
    ``workers`` == 0: one thread in this process (for small crawls and tests).
    """

    def __init__(self, models: Mapping[str, str], *, workers: int = 1, batch_size: int = 16,
                 max_wait: float = 0.05) -> None:
        self.models = dict(models)
        self.batch_size = batch_size
        self.max_wait = max_wait
        self.executor: Executor
        if workers > 0:
            self.executor = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker, initargs=(self.models, batch_size),
            )
        else:
            _init_worker(self.models, batch_size)
            self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nachlese-ner")
        self.busy_seconds = 0.0  # time the workers spent tagging (not waiting), for the stage statistics
        self._pending: list[tuple[PageRecord, asyncio.Future[list[EntityMention]]]] = []
        self._timer: asyncio.TimerHandle | None = None

    async def tag(self, record: PageRecord) -> None:
        """Tag one record (waits for its batch); sets ``record.entities``."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[list[EntityMention]] = loop.create_future()
        self._pending.append((record, future))
        if len(self._pending) >= self.batch_size:
            self._flush()
        elif self._timer is None:
            self._timer = loop.call_later(self.max_wait, self._flush)
        record.entities = await future

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._pending = self._pending, []
        if not batch:
            return
        records = [record for record, _ in batch]
        done = asyncio.wrap_future(self.executor.submit(_tag_batch, records))

        def deliver(result: asyncio.Future[tuple[list[list[EntityMention]], float]]) -> None:
            error = result.exception()
            if error is None:
                mentions, seconds = result.result()
                self.busy_seconds += seconds
            for index, (_, future) in enumerate(batch):
                if future.done():
                    continue
                if error is not None:
                    future.set_exception(error)
                else:
                    future.set_result(mentions[index])

        done.add_done_callback(deliver)

    def tag_now(self, records: Sequence[PageRecord]) -> None:
        """Tag ``records`` and wait for it (blocks: for the end of a crawl, when nothing else runs)."""
        if not records:
            return
        mentions, seconds = self.executor.submit(_tag_batch, list(records)).result()
        self.busy_seconds += seconds
        for record, found in zip(records, mentions, strict=True):
            record.entities = found

    def close(self) -> None:
        """Finish pending work and stop the workers."""
        self.executor.shutdown(wait=True, cancel_futures=False)
