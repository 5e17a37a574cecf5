"""`nachlese reprocess`: stored raw pages are re-extracted offline; changes become new versions."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import extract.processor as processor_module
from db.engine import make_engine, make_sessionmaker
from extract import PageRecord
from nachlese.reprocess import reprocess
from tests.conftest import DemoCrawl, run_cli


@pytest.fixture
def crawled_copy(demo_crawl: DemoCrawl, tmp_path: Path) -> Path:
    source = Path(demo_crawl.database_url.removeprefix("sqlite:///"))
    target = tmp_path / "copy.sqlite"
    shutil.copy(source, target)
    return target


def counts(database: Path) -> tuple[int, int, int]:
    with sqlite3.connect(database) as connection:
        return (connection.execute("SELECT count(*) FROM articles").fetchone()[0],
                connection.execute("SELECT count(*) FROM article_versions").fetchone()[0],
                connection.execute("SELECT count(*) FROM mentions").fetchone()[0])


def test_reprocess_without_changes_adds_no_versions(crawled_copy: Path) -> None:
    before = counts(crawled_copy)
    result = run_cli("reprocess", "--db", f"sqlite:///{crawled_copy}", "--no-entities")
    summary = next(iter(json.loads(result.stdout).values()))
    assert summary["changed"] == 0 and summary["new"] == 0
    assert summary["unchanged"] >= before[0]
    assert counts(crawled_copy)[:2] == before[:2]


def test_extractor_upgrade_updates_in_place_and_keeps_versions(crawled_copy: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    articles, versions, _ = counts(crawled_copy)
    original = processor_module.extract_page

    def upgraded(*args: Any, **kwargs: Any) -> PageRecord:
        record = original(*args, **kwargs)
        if record.title:
            record.title = record.title + " (v2)"
        return record

    monkeypatch.setattr(processor_module, "extract_page", upgraded)
    engine = make_engine(f"sqlite:///{crawled_copy}")
    try:
        [result] = reprocess(make_sessionmaker(engine), tagger=None).values()
    finally:
        engine.dispose()
    assert result.counts.changed == articles
    after_articles, after_versions, _ = counts(crawled_copy)
    assert after_articles == articles
    assert after_versions == versions + articles
    with sqlite3.connect(crawled_copy) as connection:
        titles = [row[0] for row in connection.execute("SELECT title FROM articles")]
        old = connection.execute("SELECT count(*) FROM article_versions WHERE title NOT LIKE '% (v2)'").fetchone()[0]
    assert all(title.endswith(" (v2)") for title in titles)
    assert old == versions  # the earlier versions are kept as they were


def mention_rows(database: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT m.article_id, m.field, m.start_offset, m.end_offset, m.text, e.label, e.canonical_name "
            "FROM mentions m JOIN entities e ON e.id = m.entity_id ORDER BY 1, 2, 3, 4").fetchall()


def test_retagging_an_unchanged_site_keeps_its_site_wide_names(crawled_copy: Path) -> None:
    before = mention_rows(crawled_copy)
    # en_core_web_sm misses "Bad Nieuweschans" in the English version; the site step tagged it there
    assert len({row[0] for row in before if (row[4], row[5]) == ("Bad Nieuweschans", "LOC")}) == 2
    result = run_cli("reprocess", "--db", f"sqlite:///{crawled_copy}")
    summary = next(iter(json.loads(result.stdout).values()))
    assert summary["changed"] == 0 and summary["new"] == 0
    assert mention_rows(crawled_copy) == before
