"""One path for every page: the crawl and the import give the same records, fetch each URL once, count per site."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crawler.resources import CrawlDatabase
from db.engine import make_engine, make_sessionmaker
from db.errors import DatabaseURLError
from db.models import Page
from db.pages import stored_page
from db.schema import upgrade
from extract.fetched import FetchedPage
from nachlese.demo_server import serve_demo_site
from nachlese.ingest import ingest
from tests.conftest import DemoCrawl, run_cli
from testsite.server import SiteServer
from testsite.sitegen import Site

ARTICLE_FIELDS = "canonical_url, title, lead, text, published, published_raw, authors, category, language"


def articles(database: Path) -> dict[str, tuple[Any, ...]]:
    """Every stored article by canonical URL, with the fields extraction decides."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(f"SELECT {ARTICLE_FIELDS} FROM articles").fetchall()
    return {row[0]: row[1:] for row in rows}


def stored_pages(database: Path) -> list[FetchedPage]:
    """The good pages a crawl stored, in fetch order, as the import would read them."""
    engine = make_engine(f"sqlite:///{database}")
    try:
        sessions = make_sessionmaker(engine)
        with sessions() as session:
            urls = list(session.execute(select(Page.url).where(Page.error.is_(None), Page.body.is_not(None))
                                        .order_by(Page.fetched_at, Page.id)).scalars())
            return [page for url in urls if (page := stored_page(session, url)) is not None]
    finally:
        engine.dispose()


ORDERS = ["as crawled", "reversed", "reversed, one at a time"]


def import_pages(pages: list[FetchedPage], database: Path, order: str) -> None:
    """Import the pages in ``order``: from a list (profiles learnt first) or an iterator (learnt as they come)."""
    ordered = pages if order == "as crawled" else pages[::-1]
    engine = make_engine(f"sqlite:///{database}")
    try:
        upgrade(engine)
        ingest(make_sessionmaker(engine), iter(ordered) if order.endswith("one at a time") else ordered, tagger=None)
    finally:
        engine.dispose()


def crawl(url: str, database: Path, *extra: str) -> dict[str, Any]:
    result = run_cli("crawl", url, "--db", f"sqlite:///{database}", "--delay", "0", "--no-entities", *extra)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def bench_site() -> Iterator[SiteServer]:
    with SiteServer(Site(120)) as server:
        yield server


@pytest.fixture(scope="module")
def demo_crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Any]]:
    """A crawl of the demo site without entities, and the server that counted its requests."""
    database = tmp_path_factory.mktemp("one-path") / "demo.sqlite"
    with serve_demo_site() as server:
        crawl(server.url, database)
        yield database, server


@pytest.mark.parametrize("order", ORDERS)
def test_demo_import_in_any_order_gives_the_crawls_records(demo_crawled: tuple[Path, Any], tmp_path: Path,
                                                         order: str) -> None:
    database, _ = demo_crawled
    pages = stored_pages(database)
    imported = tmp_path / "imported.sqlite"
    import_pages(pages, imported, order)
    crawled = articles(database)
    assert len(crawled) >= 20
    assert articles(imported) == crawled


@pytest.mark.parametrize("order", ORDERS)
def test_bench_site_import_in_any_order_gives_the_crawls_records(bench_site: SiteServer, tmp_path: Path,
                                                               order: str) -> None:
    database = tmp_path / "bench.sqlite"
    crawl(bench_site.url, database)
    pages = stored_pages(database)
    imported = tmp_path / "imported.sqlite"
    import_pages(pages, imported, order)
    crawled = articles(database)
    assert len(crawled) >= 80
    assert articles(imported) == crawled


def test_demo_multipage_article_is_joined_from_the_spiders_fetches(demo_crawled: tuple[Path, Any]) -> None:
    database, _ = demo_crawled
    with sqlite3.connect(database) as connection:
        text = connection.execute("SELECT text FROM articles a JOIN url_aliases u ON u.article_id = a.id "
                                  "WHERE u.url LIKE '%artikel-6-seite2%' OR u.url LIKE '%id=6&seite=2%'").fetchone()
        first = connection.execute("SELECT text FROM articles WHERE canonical_url LIKE '%id=6'").fetchone()
    assert first is not None and text is not None and first == text  # page 2 belongs to the article of page 1
    assert len(first[0].split()) > 200  # both pages' text


def test_no_url_is_fetched_twice(demo_crawled: tuple[Path, Any]) -> None:
    _, server = demo_crawled
    hits = server.hits
    assert hits["/robots.txt"] == 1
    assert len(hits) > 30
    assert {path: count for path, count in hits.items() if count > 1} == {}


def test_no_url_of_the_bench_site_is_fetched_twice(tmp_path: Path) -> None:
    with SiteServer(Site(60)) as server:
        crawl(server.url, tmp_path / "bench.sqlite")
        hits = server.hits
    assert hits["/robots.txt"] == 1
    assert {path: count for path, count in hits.items() if count > 1} == {}


def test_two_sites_in_one_crawl_get_their_own_counts(tmp_path: Path) -> None:
    database = tmp_path / "two.sqlite"
    with SiteServer(Site(20)) as small, SiteServer(Site(50)) as large:
        result = run_cli("crawl", small.url, large.url, "--db", f"sqlite:///{database}", "--delay", "0",
                         "--no-entities")
        served = {small.url: small.counts["pages"], large.url: large.counts["pages"]}
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    with sqlite3.connect(database) as connection:
        runs = {base: (fetched, new) for base, fetched, new in connection.execute(
            "SELECT s.base_url, r.fetched, r.new FROM crawl_runs r JOIN sites s ON s.id = r.site_id")}
        pages = dict(connection.execute(
            "SELECT s.base_url, count(*) FROM pages p JOIN sites s ON s.id = p.site_id GROUP BY s.base_url"))
        per_site_articles = dict(connection.execute(
            "SELECT s.base_url, count(*) FROM articles a JOIN sites s ON s.id = a.site_id GROUP BY s.base_url"))
    assert set(runs) == set(served)
    for base, answered in served.items():
        fetched, new = runs[base]
        assert fetched == pages[base] >= answered  # the site's own pages (its 404s and failures included)
        assert new == per_site_articles[base]
    assert runs[small.url] != runs[large.url]
    assert sum(fetched for fetched, _ in runs.values()) == summary["pages"]
    assert sum(new for _, new in runs.values()) == summary["new"]


@pytest.mark.parametrize("url", ["", "   "])
def test_storage_refuses_to_start_without_a_database(url: str) -> None:
    with pytest.raises(DatabaseURLError, match="NACHLESE_DATABASE_URL is empty"):
        CrawlDatabase(url)


@pytest.mark.parametrize("via", ["--db", "--set"])
def test_crawl_without_a_database_fails_with_one_line(demo_crawl: DemoCrawl, via: str) -> None:
    choice = ["--db", ""] if via == "--db" else ["--set", "NACHLESE_DATABASE_URL="]
    result = run_cli("crawl", demo_crawl.base_url, *choice, "--delay", "0", check=False)
    assert result.returncode == 2
    assert "empty database url" in result.stderr.lower() or "NACHLESE_DATABASE_URL is empty" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
