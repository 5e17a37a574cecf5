"""A crawl killed with SIGKILL mid-way and resumed ends with the same records as one unbroken crawl."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, run_cli

KILLS = 5
#: Most seconds one attempt may take to store its pages before the kill (a slow machine under load).
ATTEMPT_TIMEOUT = 120.0


def start_crawl(url: str, database_url: str, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "nachlese.cli", "crawl", url, "--db", database_url, "--delay", "0.05",
         "--no-entities", *extra],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def export(database_url: str, out: Path) -> list[str]:
    run_cli("export", "--db", database_url, "--format", "jsonl", str(out), "--force")
    return sorted(out.read_text(encoding="utf-8").splitlines())


def stored_pages(database: Path) -> int:
    """Pages committed so far (0 before the schema exists)."""
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(database, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM pages").fetchone()[0])
    except sqlite3.OperationalError:  # the crawl is still creating the schema
        return 0


def run_statuses(database: Path) -> dict[int, str]:
    with sqlite3.connect(database) as connection:
        return dict(connection.execute("SELECT id, status FROM crawl_runs"))


def kill_after(process: subprocess.Popen[bytes], database: Path, more_pages: int) -> int:
    """SIGKILL the crawl once it has stored ``more_pages`` pages more than now; the pages stored then."""
    start = stored_pages(database)
    deadline = time.monotonic() + ATTEMPT_TIMEOUT
    while stored_pages(database) < start + more_pages:
        assert process.poll() is None, "the crawl ended before it was killed: nothing was interrupted"
        assert time.monotonic() < deadline, "the crawl stored nothing new"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the crawl ended on its own before the kill"
    return stored_pages(database)


def test_sigkill_and_resume_loses_and_duplicates_nothing(demo_server: Any, tmp_path: Path) -> None:
    reference = tmp_path / "reference.sqlite"
    run_cli("crawl", demo_server.url, "--db", f"sqlite:///{reference}", "--delay", "0.05", "--no-entities")
    expected = export(f"sqlite:///{reference}", tmp_path / "reference.jsonl")
    total = stored_pages(reference)

    killed = tmp_path / "killed.sqlite"
    database_url = f"sqlite:///{killed}"
    rng = random.Random(int(os.environ.get("NACHLESE_TEST_SEED", "2007")))
    progress = []
    for attempt in range(KILLS):
        process = start_crawl(demo_server.url, database_url, *(["--resume"] if attempt else []))
        progress.append(kill_after(process, killed, rng.randint(1, 6)))
    assert 0 < progress[-1] < total  # killed mid-way: pages were stored, and pages were left to resume
    interrupted = [run for run, status in run_statuses(killed).items() if status == "running"]
    assert len(interrupted) == 1  # the resumed attempts continued the first run

    run_cli("crawl", demo_server.url, "--db", database_url, "--delay", "0", "--no-entities", "--resume")
    assert run_statuses(killed)[interrupted[0]] == "finished"  # the last crawl finished the interrupted run
    resumed = export(database_url, tmp_path / "resumed.jsonl")
    assert len(resumed) == len(expected)
    assert resumed == expected
