"""Operators: a re-crawl costs one 304 per unchanged page, never duplicates, and keeps versions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import run_cli


def crawl(url: str, database_url: str, *extra: str) -> dict[str, Any]:
    result = run_cli("crawl", url, "--db", database_url, "--delay", "0", "--no-entities", *extra)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def export(database_url: str, out: Path) -> list[str]:
    run_cli("export", "--db", database_url, "--format", "jsonl", str(out), "--force")
    return out.read_text(encoding="utf-8").splitlines()


def test_second_crawl_is_incremental_and_changes_nothing(demo_server: Any, tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    first = crawl(demo_server.url, database_url)
    before = export(database_url, tmp_path / "first.jsonl")
    second = crawl(demo_server.url, database_url)
    after = export(database_url, tmp_path / "second.jsonl")
    assert after == before
    assert first["new"] > 0
    assert second["new"] == 0 and second["changed"] == 0
    assert second["unchanged"] >= first["new"]
    with sqlite3.connect(tmp_path / "db.sqlite") as connection:
        versions = connection.execute("SELECT count(*) FROM article_versions").fetchone()[0]
        articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        statuses = dict(connection.execute("SELECT status, count(*) FROM crawl_runs GROUP BY status").fetchall())
    assert versions == articles, "an unchanged re-crawl must not add versions"
    assert statuses == {"finished": 2}


def test_runs_are_listed(demo_server: Any, tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    crawl(demo_server.url, database_url, "--max-pages", "5")
    listing = run_cli("runs", "--db", database_url, "--format", "json")
    [run] = json.loads(listing.stdout)
    assert run["status"] == "finished" and run["fetched"] >= 5
    assert run["site"] == demo_server.url
