"""One crawl per site at a time: a PostgreSQL advisory lock, or an flock beside the SQLite file."""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from sqlalchemy import Engine, text


class CrawlLockedError(RuntimeError):
    """Another crawl of the same site is running against the same database."""


def advisory_key(name: str) -> int:
    """A signed 64-bit key for PostgreSQL's advisory locks derived from a name (a site's base URL, ...)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big", signed=True)


class SiteLock:
    """Held while a crawl of ``site`` runs; released on exit and by the OS/server if the process dies."""

    def __init__(self, engine: Engine, site: str) -> None:
        self.engine = engine
        self.site = site
        self._connection: Any = None
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock or raise CrawlLockedError saying who holds it."""
        if self.engine.dialect.name == "postgresql":
            self._connection = self.engine.connect()
            got = self._connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": advisory_key(self.site)}
            ).scalar()
            self._connection.commit()
            if not got:
                self._connection.close()
                self._connection = None
                raise CrawlLockedError(f"a crawl of {self.site} is already running against this database")
            return
        database = self.engine.url.database or ""
        folder = Path(database).parent if database and database != ":memory:" else Path.cwd()
        digest = hashlib.sha256(self.site.encode("utf-8")).hexdigest()[:16]
        path = folder / f".{Path(database).name or 'memory'}.crawl-{digest}.lock"
        handle = path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise CrawlLockedError(
                f"a crawl of {self.site} is already running against {database} ({holder}); "
                "wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        self._file = handle

    def release(self) -> None:
        """Give the lock back (idempotent)."""
        if self._connection is not None:
            self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": advisory_key(self.site)})
            self._connection.commit()
            self._connection.close()
            self._connection = None
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def __enter__(self) -> SiteLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
