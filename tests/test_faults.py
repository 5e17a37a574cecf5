"""Faults: every page of a misbehaving server ends stored or recorded as failed with its reason."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.faulty_server import FaultyHandler, serve_faulty_site

SETTINGS = ["--set", "DOWNLOAD_TIMEOUT=2", "--set", "RETRY_TIMES=3", "--set", "DOWNLOAD_MAXSIZE=1000000",
            "--set", "REDIRECT_MAX_TIMES=5"]


@pytest.fixture(scope="module")
def faulty_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("faults")
    database = folder / "db.sqlite"
    with serve_faulty_site() as url:
        result = run_cli("crawl", url, "--db", f"sqlite:///{database}", "--delay", "0", "--no-entities",
                         *SETTINGS)
        hits = dict(FaultyHandler.hits)
    with sqlite3.connect(database) as connection:
        pages = {row[0].split("/", 3)[3] if "127.0.0.1" in row[0] else row[0]: (row[1], row[2]) for row in
                 connection.execute("SELECT url, http_status, error FROM pages")}
        articles = [row[0].split("/", 3)[3] for row in connection.execute("SELECT canonical_url FROM articles")]
        aliases = [row[0].split("/", 3)[3] for row in connection.execute("SELECT url FROM url_aliases")]
    return {"summary": json.loads(result.stdout.strip().splitlines()[-1]), "pages": pages,
            "articles": articles, "aliases": aliases, "hits": hits}


@pytest.mark.parametrize("path", ["ok", "flaky-500", "redirect-target"])
def test_recoverable_pages_are_stored_as_articles(faulty_crawl: dict[str, Any], path: str) -> None:
    assert path in faulty_crawl["articles"]
    assert faulty_crawl["pages"][path][1] is None


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("always-503", "503"),
        ("slow", "timeout"),
        ("reset", ""),
        ("truncated", ""),
        ("loop-a", "redirect"),
        ("gzip-bomb", "size"),
        ("not-found", "404"),
    ],
)
def test_failing_pages_are_recorded_with_a_reason(faulty_crawl: dict[str, Any], path: str, reason: str) -> None:
    matches = {p: v for p, v in faulty_crawl["pages"].items() if p.startswith(path)}
    assert matches, f"{path} was silently lost"
    _status, error = next(iter(matches.values()))
    assert error, f"{path} stored without an error reason"
    assert reason.lower() in error.lower(), error


def test_retries_with_backoff_happened(faulty_crawl: dict[str, Any]) -> None:
    assert faulty_crawl["hits"]["/flaky-500"] == 3
    assert faulty_crawl["hits"]["/always-503"] == 4  # first try + RETRY_TIMES


def test_redirect_chain_keeps_every_old_url(faulty_crawl: dict[str, Any]) -> None:
    for step in (1, 2, 3):
        assert f"redirect-{step}" in faulty_crawl["aliases"]


def test_redirects_never_leave_the_site(faulty_crawl: dict[str, Any]) -> None:
    assert "/elsewhere" not in faulty_crawl["hits"]
    assert not [p for p in faulty_crawl["pages"] if "invalid" in p]
    _status, error = faulty_crawl["pages"]["offsite-redirect"]
    assert error and "off the allowed sites" in error


def test_database_lock_in_the_middle_of_a_crawl_loses_nothing(demo_server: Any, tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite"
    run_cli("db", "upgrade", "--db", f"sqlite:///{database}")
    release = threading.Event()

    locked = threading.Event()

    def hold_write_lock_mid_crawl() -> None:
        """Once articles are being stored, take the write lock for longer than SQLite's busy timeout."""
        connection = sqlite3.connect(database, timeout=30)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not release.is_set():
            if connection.execute("SELECT count(*) FROM articles").fetchone()[0] >= 3:
                connection.execute("BEGIN EXCLUSIVE")
                locked.set()
                release.wait(7)
                connection.rollback()
                break
            time.sleep(0.05)
        connection.close()

    holder = threading.Thread(target=hold_write_lock_mid_crawl)
    holder.start()
    try:
        result = run_cli("crawl", demo_server.url, "--db", f"sqlite:///{database}", "--delay", "0.1",
                         "--no-entities")
    finally:
        release.set()
        holder.join()
    assert locked.is_set(), "the lock was never taken: the test did not test anything"
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    reference = tmp_path / "ref.sqlite"
    result_reference = run_cli("crawl", demo_server.url, "--db", f"sqlite:///{reference}", "--delay", "0",
                               "--no-entities")
    reference_summary = json.loads(result_reference.stdout.strip().splitlines()[-1])
    with sqlite3.connect(database) as a, sqlite3.connect(reference) as b:
        for query in ("SELECT count(*) FROM articles", "SELECT count(*) FROM pages WHERE error IS NULL"):
            assert a.execute(query).fetchone() == b.execute(query).fetchone()
    assert summary["failed"] == reference_summary["failed"]  # no page lost to the locked database
