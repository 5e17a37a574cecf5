"""Entity tagging off the reactor: records are batched and tagged with nlp.pipe in worker processes."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

from extract.entities import EntityTagger
from extract.record import EntityMention, PageRecord

logger = logging.getLogger(__name__)

_WORKER_TAGGER: EntityTagger | None = None


#: Seconds between a worker's checks that the crawl process that started it is still alive.
PARENT_CHECK_SECONDS = 1.0


def _init_worker(models: dict[str, str], batch_size: int, quiet: dict[str, str] | None = None,
                 log_level: str = "WARNING") -> None:
    """Worker process start: build the tagger (pipelines load on first use, once per process).

    The worker leaves SIGINT and SIGTERM to the crawl process, which finishes the batches in flight and
    then stops the workers (a Ctrl-C reaches the whole process group); it ends by itself when the crawl
    process is gone (killed with SIGKILL), so no worker outlives its crawl.
    """
    global _WORKER_TAGGER  # noqa: PLW0603 - one tagger per worker process is the point
    if multiprocessing.current_process().name != "MainProcess":
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="nachlese-parent-watch",
                         daemon=True).start()
        if quiet:
            from crawler.logs import quiet_loggers  # noqa: PLC0415

            quiet_loggers(quiet, log_level)
    _WORKER_TAGGER = EntityTagger(models, batch_size=batch_size)


def _exit_with_parent(parent: int) -> None:
    """End this worker process as soon as its parent has gone (it is then adopted by another process)."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


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
    A batch holds at most ``batch_size`` records and, with ``batch_chars``, about that many characters of
    text: the worker's memory grows with the text of a batch (long real articles made it spike by 300 MB).
    """

    def __init__(self, models: Mapping[str, str], *, workers: int = 1, batch_size: int = 16,
                 max_wait: float = 0.05, batch_chars: int = 0, quiet_loggers: Mapping[str, str] | None = None,
                 log_level: str = "WARNING") -> None:
        self.models = dict(models)
        self.batch_size = batch_size
        self.max_wait = max_wait
        self.batch_chars = batch_chars  # a batch also goes off once its texts hold this many characters (0: no limit)
        self._pending_chars = 0
        self.executor: Executor
        if workers > 0:
            self.executor = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker, initargs=(self.models, batch_size, dict(quiet_loggers or {}), log_level),
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
        self._pending_chars += len(record.text or "") + len(record.title or "") + len(record.lead or "")
        if len(self._pending) >= self.batch_size or (self.batch_chars and self._pending_chars >= self.batch_chars):
            self._flush()
        elif self._timer is None:
            self._timer = loop.call_later(self.max_wait, self._flush)
        record.entities = await future

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._pending = self._pending, []
        self._pending_chars = 0
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
