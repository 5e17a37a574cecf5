"""Distributed crawling on scrapy-redis: two workers share one frontier and store every article exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run_cli
from tests.requirements import missing

pytestmark = pytest.mark.postgres


def redis_url() -> str:
    url = os.environ.get("NACHLESE_TEST_REDIS_URL")
    if url:
        return url
    missing('Redis: NACHLESE_TEST_REDIS_URL is not set (run: eval "$(bash scripts/services.sh)")')


def worker(url: str, database_url: str, redis: str, crawl_id: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "nachlese.cli", "crawl", url, "--db", database_url, "--redis", redis,
         "--crawl-id", crawl_id, "--delay", "0.2", "--no-entities"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def exported_urls(database_url: str, out: Path) -> list[str]:
    run_cli("export", "--db", database_url, "--format", "jsonl", str(out), "--force")
    return sorted(json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines())


def test_two_workers_store_every_article_exactly_once(demo_server: Any, postgres_url: str,
                                                       tmp_path: Path) -> None:
    redis = redis_url()
    import redis as redis_client  # noqa: PLC0415 - only needed here

    crawl_id = f"test-{uuid.uuid4().hex[:8]}"
    run_cli("db", "upgrade", "--db", postgres_url)
    workers = [worker(demo_server.url, postgres_url, redis, crawl_id) for _ in range(2)]
    summaries = []
    for process in workers:
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr[-3000:]
        summaries.append(json.loads(stdout.strip().splitlines()[-1]))
    client = redis_client.Redis.from_url(redis)
    for key in client.scan_iter(f"nachlese:*:{crawl_id}:*"):
        client.delete(key)

    reference = f"sqlite:///{tmp_path / 'single.sqlite'}"
    run_cli("crawl", demo_server.url, "--db", reference, "--delay", "0", "--no-entities")
    distributed = exported_urls(postgres_url, tmp_path / "distributed.jsonl")
    single = exported_urls(reference, tmp_path / "single.jsonl")
    assert len(distributed) == len(set(distributed)), "an article was stored twice"
    assert distributed == single
    assert all(summary["fetched"] > 0 for summary in summaries), f"a worker did no work: {summaries}"
