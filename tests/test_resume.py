"""A crawl killed with SIGKILL at random moments and resumed ends with the same records as one unbroken crawl."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, run_cli

KILLS = 5


def start_crawl(url: str, database_url: str, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "nachlese.cli", "crawl", url, "--db", database_url, "--delay", "0.05",
         "--no-entities", *extra],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def export(database_url: str, out: Path) -> list[str]:
    run_cli("export", "--db", database_url, "--format", "jsonl", str(out), "--force")
    return sorted(out.read_text(encoding="utf-8").splitlines())


def test_sigkill_and_resume_loses_and_duplicates_nothing(demo_server: Any, tmp_path: Path) -> None:
    reference_db = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    run_cli("crawl", demo_server.url, "--db", reference_db, "--delay", "0.05", "--no-entities")
    expected = export(reference_db, tmp_path / "reference.jsonl")

    database_url = f"sqlite:///{tmp_path / 'killed.sqlite'}"
    rng = random.Random(int(os.environ.get("NACHLESE_TEST_SEED", "2007")))
    for attempt in range(KILLS):
        process = start_crawl(demo_server.url, database_url, *(["--resume"] if attempt else []))
        time.sleep(rng.uniform(0.8, 3.0))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    run_cli("crawl", demo_server.url, "--db", database_url, "--delay", "0", "--no-entities", "--resume")
    resumed = export(database_url, tmp_path / "resumed.jsonl")
    assert len(resumed) == len(expected)
    assert resumed == expected
