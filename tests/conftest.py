"""Shared fixtures: the demo site on a local port, and a crawl of it into SQLite (run once per session)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["tests.db_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
DEMO_TRUTH = ROOT / "demo" / "truth.json"


def run_cli(*args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the `nachlese` command line in a fresh interpreter (a Twisted reactor cannot restart)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    result = subprocess.run(
        [sys.executable, "-m", "nachlese.cli", *args],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT, check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"nachlese {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-5000:]}")
    return result


@pytest.fixture(scope="session")
def demo_server() -> Iterator[Any]:
    """The bundled legacy demo site served on 127.0.0.1 (random port)."""
    from nachlese.demo_server import serve_demo_site  # noqa: PLC0415 - the demo server is another developer's

    with serve_demo_site() as server:
        yield server


@pytest.fixture(scope="session")
def demo_truth() -> list[dict[str, Any]]:
    """Ground truth of the demo site, one entry per URL."""
    return list(json.loads(DEMO_TRUTH.read_text(encoding="utf-8")))


@dataclass
class DemoCrawl:
    """A finished crawl of the demo site: where it went, what the CLI printed, and the JSONL export."""

    base_url: str
    database_url: str
    stderr: str
    summary: dict[str, Any]
    articles: list[dict[str, Any]]


@pytest.fixture(scope="session")
def demo_crawl(demo_server: Any, tmp_path_factory: pytest.TempPathFactory) -> DemoCrawl:
    """Crawl the demo site once with entities into SQLite, then export it as JSONL."""
    folder = tmp_path_factory.mktemp("demo-crawl")
    database_url = f"sqlite:///{folder / 'demo.sqlite'}"
    crawl = run_cli("crawl", demo_server.url, "--db", database_url, "--delay", "0")
    run_cli("export", "--db", database_url, "--format", "jsonl", str(folder / "out.jsonl"))
    lines = (folder / "out.jsonl").read_text(encoding="utf-8").splitlines()
    return DemoCrawl(
        base_url=demo_server.url,
        database_url=database_url,
        stderr=crawl.stderr,
        summary=json.loads(crawl.stdout.strip().splitlines()[-1]),
        articles=[json.loads(line) for line in lines],
    )
