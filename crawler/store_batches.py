"""Batched storage: pages waiting for the writer thread go to the database together, one savepoint per page."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)

#: stores one page inside an open session (the page's savepoint) and returns its outcome
StoreOne = Callable[[Session, Any], Any]


@dataclass
class PendingPage:
    """A page waiting to be stored and the future its pipeline call awaits."""

    payload: Any
    future: asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop
    prepare: Callable[[], None] | None = field(default=None)


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
