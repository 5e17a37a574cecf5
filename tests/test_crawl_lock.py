"""One crawl per site at a time: a second start says clearly that a crawl is running."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from db.engine import make_engine
from db.locks import SiteLock
from extract.urls import site_key
from tests.conftest import ROOT, run_cli

#: Most seconds the first crawl may take to store its first page (a slow machine under load).
START_TIMEOUT = 120.0


def test_crawl_of_a_locked_site_is_refused(demo_server: Any, db_url: str) -> None:
    """The lock a running crawl holds, taken here, on SQLite and PostgreSQL: the crawl exits 2 and says why."""
    engine = make_engine(db_url)
    try:
        with SiteLock(engine, site_key(demo_server.url)):
            refused = run_cli("crawl", demo_server.url, "--db", db_url, "--no-entities", check=False)
        assert refused.returncode == 2
        assert "already running" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
        freed = run_cli("crawl", demo_server.url, "--db", db_url, "--no-entities", "--delay", "0",
                        "--max-pages", "3", check=False)
        assert freed.returncode == 0, freed.stderr  # released: the next crawl runs
    finally:
        engine.dispose()


def stored_pages(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(database, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM pages").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def test_second_crawl_of_the_same_site_is_refused(demo_server: Any, tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite"
    database_url = f"sqlite:///{database}"
    first = subprocess.Popen(
        [sys.executable, "-m", "nachlese.cli", "crawl", demo_server.url, "--db", database_url,
         "--delay", "0.3", "--no-entities"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while stored_pages(database) == 0:  # a stored page: the first crawl holds the lock and runs
            assert first.poll() is None, "the first crawl ended before it stored a page"
            assert time.monotonic() < deadline, "the first crawl stored nothing"
            time.sleep(0.05)
        second = run_cli("crawl", demo_server.url, "--db", database_url, "--no-entities", check=False)
        assert first.poll() is None, "the first crawl finished meanwhile: the refusal proves nothing"
        assert second.returncode == 2
        assert "already running" in second.stderr
    finally:
        first.terminate()
        first.wait(timeout=60)
