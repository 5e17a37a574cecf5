"""One crawl per site at a time: a PostgreSQL advisory lock, or an flock in a lock folder for SQLite files."""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from sqlalchemy import Engine, text


class CrawlLockedError(RuntimeError):
    """Another crawl of the same site is running against the same database."""


def advisory_key(name: str) -> int:
    """A signed 64-bit key for PostgreSQL's advisory locks derived from a name (a site's base URL, ...)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big", signed=True)


#: Environment variable naming the folder of SQLite crawl locks (default: $XDG_RUNTIME_DIR/nachlese, else
#: <tmp>/nachlese-locks-<uid>). Users who crawl the same SQLite file as each other must share one folder.
LOCK_DIR_ENV = "NACHLESE_LOCK_DIR"


def lock_folder() -> Path:
    """The folder of SQLite crawl lock files: outside the working tree and the database's folder."""
    if configured := os.environ.get(LOCK_DIR_ENV):
        folder = Path(configured)
    elif (runtime := os.environ.get("XDG_RUNTIME_DIR")) and Path(runtime).is_dir():
        folder = Path(runtime) / "nachlese"
    else:
        folder = Path(tempfile.gettempdir()) / f"nachlese-locks-{os.getuid()}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not configured and folder.stat().st_uid != os.getuid():
        raise PermissionError(f"lock folder {folder} belongs to another user; set {LOCK_DIR_ENV}")
    return folder


def lock_path(database: str, site: str) -> Path:
    """The lock file of one site's crawls into one SQLite database (its absolute path) or ``:memory:``."""
    absolute = str(Path(database).absolute()) if database and database != ":memory:" else f"memory:{os.getpid()}"
    digest = hashlib.sha256(f"{absolute}\n{site}".encode()).hexdigest()[:24]
    return lock_folder() / f"crawl-{Path(database).name or 'memory'}-{digest}.lock"


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
        handle = lock_path(database, self.site).open("a+", encoding="utf-8")
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
