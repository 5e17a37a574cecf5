"""One crawl per site at a time: a second start says clearly that a crawl is running."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, run_cli


def test_second_crawl_of_the_same_site_is_refused(demo_server: Any, tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    first = subprocess.Popen(
        [sys.executable, "-m", "nachlese.cli", "crawl", demo_server.url, "--db", database_url,
         "--delay", "0.3", "--no-entities"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        second = run_cli("crawl", demo_server.url, "--db", database_url, "--no-entities", check=False)
        assert second.returncode == 2
        assert "already running" in second.stderr
    finally:
        first.terminate()
        first.wait(timeout=60)
