"""Storage on SQLite and PostgreSQL: pages, runs, versions, entities, failures, atomic transactions."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Article, ArticleVersion, CrawlRun, Entity, ImageRow, LinkRow, Mention, Page, Translation, UrlAlias
from db.pages import decompress_body
from db.storage import (
    RunCounts,
    StoreOutcome,
    conditional_headers,
    finish_run,
    get_or_create_site,
    mark_failed,
    start_run,
    store_page,
)
from extract.record import EntityMention, Field, Image, Link, PageKind, PageRecord
from tests.db_fixtures import SITE, article, fetched

Factory = sessionmaker[Session]


def store(
    factory: Factory,
    db_run: CrawlRun,
    record: PageRecord | None,
    *,
    url: str | None = None,
    error: str | None = None,
    **kw: Any,
) -> StoreOutcome:
    """Store one page in its own transaction, as the crawler does."""
    target: PageRecord | str = record if record is not None else str(url)
    page = fetched(target, **kw)
    with factory.begin() as session:
        return store_page(session, db_run, page, record, error)


def entity_counts(session: Session) -> dict[tuple[str, str], int]:
    return {(e.label, e.canonical_name): e.mention_count for e in session.execute(select(Entity)).scalars()}


def test_site_is_created_once_and_normalised(db_sessions: Factory) -> None:
    with db_sessions.begin() as session:
        first = get_or_create_site(session, "HTTP://News.Example.org")
        second = get_or_create_site(session, "http://news.example.org/")
        assert first.id == second.id
        assert first.base_url == "http://news.example.org/"
        assert first.host == "news.example.org"


def test_site_without_host_is_refused(db_sessions: Factory) -> None:
    with db_sessions.begin() as session, pytest.raises(ValueError, match="scheme and a host"):
        get_or_create_site(session, "news.example.org")


def test_finish_run_stores_counts_status_and_duration(db_sessions: Factory, db_run: CrawlRun) -> None:
    counts = RunCounts(robots_skipped=2)
    for outcome in (StoreOutcome.NEW, StoreOutcome.NEW, StoreOutcome.CHANGED, StoreOutcome.FAILED):
        counts.add(outcome)
    with db_sessions.begin() as session:
        finish_run(session, db_run, counts)
    with db_sessions() as session:
        row = session.get(CrawlRun, db_run.id)
        assert row is not None
        assert (row.fetched, row.new, row.changed, row.unchanged, row.failed, row.robots_skipped) == (4, 2, 1, 0, 1, 2)
        assert row.status == "finished"
        assert row.finished_at is not None and row.finished_at.tzinfo is not None
        assert row.duration_seconds is not None and row.duration_seconds >= 0


def test_finish_run_accepts_a_mapping(db_sessions: Factory, db_run: CrawlRun) -> None:
    with db_sessions.begin() as session:
        finish_run(session, db_run, {"fetched": 7, "new": 3})
    with db_sessions() as session:
        row = session.get(CrawlRun, db_run.id)
        assert row is not None and (row.fetched, row.new, row.failed) == (7, 3, 0)


def test_new_article_is_stored_with_page_and_aliases(db_sessions: Factory, db_run: CrawlRun) -> None:
    record = article(url=SITE + "politik/merkel-1.html?sid=abc")
    body = b"<html>" + "Grüße".encode("latin-1") + b"</html>" * 50
    page = fetched(record, body=body, headers={"ETag": '"v1"', "Content-Type": "text/html; charset=iso-8859-1"})
    with db_sessions.begin() as session:
        assert store_page(session, db_run, page, record) is StoreOutcome.NEW
    with db_sessions() as session:
        stored = session.execute(select(Article)).scalar_one()
        assert stored.canonical_url == record.canonical_url
        assert (stored.title, stored.lead, stored.category, stored.language) == (
            record.title,
            record.lead,
            "Politik",
            "de",
        )
        assert stored.published == datetime(2007, 11, 23, tzinfo=UTC)
        assert stored.authors == ["Hans Meier"]
        assert stored.word_count == record.word_count
        assert not stored.is_print_only
        row = session.execute(select(Page)).scalar_one()
        assert row.article_id == stored.id
        assert decompress_body(row) == body
        assert row.body_size == len(body) and row.body is not None and len(row.body) < len(body)
        assert row.etag == '"v1"' and row.content_type == "text/html; charset=iso-8859-1"
        assert row.kind == "article" and row.error is None and len(row.content_hash or "") == 64
        aliases = {k: v for k, v in session.execute(select(UrlAlias.url, UrlAlias.kind))}
        assert aliases == {record.canonical_url: "canonical", record.url: "url"}


def test_identical_content_is_unchanged_without_new_version(db_sessions: Factory, db_run: CrawlRun) -> None:
    assert store(db_sessions, db_run, article()) is StoreOutcome.NEW
    assert store(db_sessions, db_run, article()) is StoreOutcome.UNCHANGED
    with db_sessions() as session:
        assert session.execute(select(func.count()).select_from(ArticleVersion)).scalar_one() == 1
        assert session.execute(select(func.count()).select_from(Page)).scalar_one() == 1


def test_changed_content_adds_version_and_keeps_old(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article())
    changed = article(
        text="Angela Merkel traf in Hamburg den Bürgermeister.",
        entities=[
            EntityMention("Angela Merkel", "PER", Field.TEXT, 0, 13),
            EntityMention("Hamburg", "LOC", Field.TEXT, 22, 29),
        ],
    )
    assert store(db_sessions, db_run, changed) is StoreOutcome.CHANGED
    with db_sessions() as session:
        versions = session.execute(select(ArticleVersion).order_by(ArticleVersion.version)).scalars().all()
        assert [v.version for v in versions] == [1, 2]
        assert "Berlin" in versions[0].text and "Hamburg" in versions[1].text
        assert session.execute(select(Article.text)).scalar_one() == changed.text
        counts = entity_counts(session)
        assert counts[("PER", "Angela Merkel")] == 1
        assert counts[("LOC", "Hamburg")] == 1
        assert counts[("LOC", "Berlin")] == 0
        assert session.execute(select(func.count()).select_from(Mention)).scalar_one() == 2


def test_entities_are_shared_across_articles(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article("a.html", text="Angela Merkel traf in Berlin den Bürgermeister. A"))
    store(db_sessions, db_run, article("b.html", text="Angela Merkel traf in Berlin den Bürgermeister. B"))
    with db_sessions() as session:
        counts = entity_counts(session)
        assert counts == {("PER", "Angela Merkel"): 4, ("LOC", "Berlin"): 4}
        assert session.execute(select(func.count()).select_from(Entity)).scalar_one() == 2


def test_entity_only_change_replaces_mentions_without_new_version(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article())
    retagged = article(entities=[EntityMention("Berlin", "LOC", Field.TITLE, 15, 21)])
    assert store(db_sessions, db_run, retagged) is StoreOutcome.UNCHANGED
    with db_sessions() as session:
        assert entity_counts(session) == {("PER", "Angela Merkel"): 0, ("LOC", "Berlin"): 1}
        assert session.execute(select(func.count()).select_from(ArticleVersion)).scalar_one() == 1


def test_mentions_with_bad_offsets_are_dropped_not_the_article(db_sessions: Factory, db_run: CrawlRun) -> None:
    record = article(
        entities=[
            EntityMention("Merkel", "PER", Field.TITLE, 0, 6),
            EntityMention("Nirgendwo", "LOC", Field.LEAD, 500, 509),
        ]
    )
    assert store(db_sessions, db_run, record) is StoreOutcome.NEW
    with db_sessions() as session:
        assert session.execute(select(Mention.text)).scalars().all() == ["Merkel"]


def test_links_images_translations_are_stored_and_replaced(db_sessions: Factory, db_run: CrawlRun) -> None:
    record = article(
        links=[Link("http://other.example/x", "X"), Link("http://other.example/y")],
        images=[Image("http://news.example.org/img/1.jpg", alt="Merkel", caption="Die Kanzlerin")],
        translations={"en": SITE + "en/merkel.html"},
    )
    store(db_sessions, db_run, record)
    store(db_sessions, db_run, article(links=[Link("http://other.example/z", "Z")]))
    with db_sessions() as session:
        assert session.execute(select(LinkRow.url)).scalars().all() == ["http://other.example/z"]
        assert session.execute(select(func.count()).select_from(ImageRow)).scalar_one() == 0
        assert session.execute(select(func.count()).select_from(Translation)).scalar_one() == 0


def test_listing_page_is_page_only(db_sessions: Factory, db_run: CrawlRun) -> None:
    listing = PageRecord(url=SITE + "politik/", canonical_url=SITE + "politik/", kind=PageKind.LISTING, title="Politik")
    assert store(db_sessions, db_run, listing) is StoreOutcome.PAGE_ONLY
    assert store(db_sessions, db_run, None, url=SITE + "logo.gif") is StoreOutcome.PAGE_ONLY
    with db_sessions() as session:
        assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 0
        kinds = {k: v for k, v in session.execute(select(Page.url, Page.kind))}
        assert kinds == {SITE + "politik/": "listing", SITE + "logo.gif": None}


def test_failed_fetch_is_a_page_with_error(db_sessions: Factory, db_run: CrawlRun) -> None:
    assert store(db_sessions, db_run, None, url=SITE + "gone.html", status=404) is StoreOutcome.FAILED
    assert store(db_sessions, db_run, None, url=SITE + "bad.html", error="UnextractablePage: empty") is (
        StoreOutcome.FAILED
    )
    with db_sessions.begin() as session:
        assert mark_failed(session, db_run, SITE + "timeout.html", None, "TimeoutError") is StoreOutcome.FAILED
    with db_sessions() as session:
        rows = {p.url: (p.http_status, p.error) for p in session.execute(select(Page)).scalars()}
        assert rows == {
            SITE + "gone.html": (404, "HTTP 404"),
            SITE + "bad.html": (200, "UnextractablePage: empty"),
            SITE + "timeout.html": (None, "TimeoutError"),
        }


def test_failure_after_good_fetch_keeps_the_body(db_sessions: Factory, db_run: CrawlRun) -> None:
    record = article()
    store(db_sessions, db_run, record)
    with db_sessions.begin() as session:
        mark_failed(session, db_run, record.url, 503, "HTTP 503")
    with db_sessions() as session:
        page = session.execute(select(Page)).scalar_one()
        assert (page.http_status, page.error) == (503, "HTTP 503")
        assert decompress_body(page) == fetched(record).body
        assert conditional_headers(session, record.url) == {}


def test_not_modified_keeps_body_and_counts_unchanged(db_sessions: Factory, db_run: CrawlRun) -> None:
    record = article()
    store(db_sessions, db_run, record, headers={"ETag": '"v1"', "Last-Modified": "Fri, 23 Nov 2007 10:00:00 GMT"})
    with db_sessions() as session:
        assert conditional_headers(session, record.url) == {
            "If-None-Match": '"v1"',
            "If-Modified-Since": "Fri, 23 Nov 2007 10:00:00 GMT",
        }
    assert store(db_sessions, db_run, None, url=record.url, status=304, body=b"") is StoreOutcome.UNCHANGED
    with db_sessions() as session:
        page = session.execute(select(Page)).scalar_one()
        assert page.http_status == 200 and page.article_id is not None
        assert decompress_body(page) == fetched(record).body


def test_one_page_is_one_transaction(db_sessions: Factory, db_run: CrawlRun) -> None:
    class BoomError(Exception):
        pass

    with pytest.raises(BoomError), db_sessions.begin() as session:
        store_page(session, db_run, fetched(article()), article())
        raise BoomError
    with db_sessions() as session:
        for model in (Page, Article, UrlAlias, Mention, ArticleVersion):
            assert session.execute(select(func.count()).select_from(model)).scalar_one() == 0


def test_runs_are_separate_per_start(db_sessions: Factory) -> None:
    with db_sessions.begin() as session:
        site = get_or_create_site(session, SITE)
        first, second = start_run(session, site), start_run(session, site)
        assert first.id != second.id and first.status == "running"


def test_concurrent_writers_keep_entity_counts_exact(db_sessions: Factory, db_run: CrawlRun) -> None:
    def worker(name: str) -> list[StoreOutcome]:
        outcomes = []
        for i in range(8):
            record = article(f"{name}/{i}.html", text=f"Angela Merkel traf in Berlin den Bürgermeister {name}{i}.")
            outcomes.append(store(db_sessions, db_run, record))
        return outcomes

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(worker, ["a", "b", "c"]))
    assert all(outcome is StoreOutcome.NEW for outcomes in results for outcome in outcomes)
    with db_sessions() as session:
        assert entity_counts(session) == {("PER", "Angela Merkel"): 48, ("LOC", "Berlin"): 48}


def test_error_status_with_a_record_is_failed_not_an_article(db_sessions: Factory, db_run: CrawlRun) -> None:
    assert store(db_sessions, db_run, article(), status=404) is StoreOutcome.FAILED
    with db_sessions() as session:
        assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 0
        assert session.execute(select(Page.error)).scalar_one() == "HTTP 404"
