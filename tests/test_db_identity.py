"""Article identity on SQLite and PostgreSQL: aliases, fingerprints, print versions, multi-page articles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Article, CrawlRun, Page, UrlAlias
from db.storage import StoreOutcome, get_or_create_site, start_run, store_page
from extract.record import PageKind, PageRecord
from tests.db_fixtures import SITE, article, fetched

Factory = sessionmaker[Session]
PRINT_URL = SITE + "drucken.php?id=1"


def store(factory: Factory, db_run: CrawlRun, record: PageRecord, redirects: list[str] | None = None) -> StoreOutcome:
    with factory.begin() as session:
        return store_page(session, db_run, fetched(record, redirect_urls=redirects or []), record)


def articles(factory: Factory) -> list[Article]:
    with factory() as session:
        return list(session.execute(select(Article).order_by(Article.id)).scalars())


def aliases(factory: Factory) -> dict[str, int]:
    with factory() as session:
        return {url: article_id for url, article_id in session.execute(select(UrlAlias.url, UrlAlias.article_id))}


def test_session_id_variant_is_the_same_article(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article())
    variant = article(url=SITE + "politik/merkel-1.html?PHPSESSID=0123")
    assert store(db_sessions, db_run, variant) is StoreOutcome.UNCHANGED
    assert len(articles(db_sessions)) == 1
    assert variant.url in aliases(db_sessions)


def test_redirect_source_becomes_alias_and_matches_later(db_sessions: Factory, db_run: CrawlRun) -> None:
    old = SITE + "cgi-bin/show.pl?id=1"
    store(db_sessions, db_run, article(), redirects=[old])
    assert aliases(db_sessions)[old] == articles(db_sessions)[0].id
    # a later record that only knows the old URL (e.g. as its canonical) is the same article
    assert store(db_sessions, db_run, article(url=old, canonical_url=old)) is StoreOutcome.UNCHANGED
    assert len(articles(db_sessions)) == 1


def test_alternate_url_matches(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article("archiv/2007/merkel.html"))
    other = article("politik/merkel-neu.html", alternate_urls=[SITE + "archiv/2007/merkel.html"])
    assert store(db_sessions, db_run, other) is StoreOutcome.UNCHANGED
    assert len(articles(db_sessions)) == 1
    assert set(aliases(db_sessions)) >= {SITE + "archiv/2007/merkel.html", SITE + "politik/merkel-neu.html"}


def test_same_content_under_unrelated_url_matches_by_fingerprint(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article("a.html"))
    copy = article("b.html", title="MERKEL besucht  Berlin!", text=article().text + "  ")  # same normalised text
    assert store(db_sessions, db_run, copy) is StoreOutcome.CHANGED  # title spelling differs: new version
    assert len(articles(db_sessions)) == 1
    assert set(aliases(db_sessions)) == {SITE + "a.html", SITE + "b.html"}


def test_fingerprint_does_not_match_across_sites(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article("a.html"))
    with db_sessions.begin() as session:
        other_run = start_run(session, get_or_create_site(session, "http://mirror.example.net/"))
    mirror = article(url="http://mirror.example.net/a.html", canonical_url="http://mirror.example.net/a.html")
    assert store(db_sessions, other_run, mirror) is StoreOutcome.NEW
    assert len(articles(db_sessions)) == 2


def test_short_stub_pages_are_not_matched_by_fingerprint(db_sessions: Factory, db_run: CrawlRun) -> None:
    stub: dict[str, Any] = {"title": "Fehler", "lead": None, "text": "Nicht gefunden", "entities": []}
    assert store(db_sessions, db_run, article("x.html", **stub)) is StoreOutcome.NEW
    assert store(db_sessions, db_run, article("y.html", **stub)) is StoreOutcome.NEW


def test_print_version_never_overwrites_the_article(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article())
    # same text (found by fingerprint), poorer metadata: must not replace the article's
    printed = article(url=PRINT_URL, canonical_url=PRINT_URL, is_print=True, category=None, html="<pre>x</pre>")
    assert store(db_sessions, db_run, printed) is StoreOutcome.UNCHANGED
    [stored] = articles(db_sessions)
    assert stored.category == "Politik" and stored.html == article().html and not stored.is_print_only
    assert stored.canonical_url == article().canonical_url
    assert aliases(db_sessions)[PRINT_URL] == stored.id


def test_print_first_then_real_article_takes_over(db_sessions: Factory, db_run: CrawlRun) -> None:
    printed = article(url=PRINT_URL, canonical_url=PRINT_URL, is_print=True, title="Druckversion")
    assert store(db_sessions, db_run, printed) is StoreOutcome.NEW
    [first] = articles(db_sessions)
    assert first.is_print_only and first.canonical_url == PRINT_URL
    real = article(alternate_urls=[PRINT_URL])
    assert store(db_sessions, db_run, real) is StoreOutcome.CHANGED
    [stored] = articles(db_sessions)
    assert stored.id == first.id
    assert not stored.is_print_only
    assert stored.canonical_url == real.canonical_url and stored.title == real.title
    assert set(aliases(db_sessions)) == {PRINT_URL, real.canonical_url}


def test_print_first_then_real_article_found_by_fingerprint(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article(url=PRINT_URL, canonical_url=PRINT_URL, is_print=True))
    assert store(db_sessions, db_run, article()) is StoreOutcome.CHANGED
    [stored] = articles(db_sessions)
    assert stored.canonical_url == article().canonical_url and not stored.is_print_only


def test_part_pages_are_pages_and_aliases_never_articles(db_sessions: Factory, db_run: CrawlRun) -> None:
    first = article()
    page2 = article(
        url=SITE + "politik/merkel-1.html?page=2",
        canonical_url=SITE + "politik/merkel-1.html?page=2",
        part_of=first.url,
        text="Zweite Seite.",
    )
    store(db_sessions, db_run, first)
    assert store(db_sessions, db_run, page2) is StoreOutcome.PAGE_ONLY
    [stored] = articles(db_sessions)
    assert aliases(db_sessions)[page2.url] == stored.id
    with db_sessions() as session:
        assert session.execute(select(Page.article_id).where(Page.url == page2.url)).scalar_one() == stored.id


def test_part_page_before_its_first_page_is_adopted_later(db_sessions: Factory, db_run: CrawlRun) -> None:
    first = article()
    page2 = article(url=SITE + "politik/merkel-1.html?page=2", part_of=first.url, text="Zweite Seite.")
    assert store(db_sessions, db_run, page2) is StoreOutcome.PAGE_ONLY
    assert articles(db_sessions) == []
    assert store(db_sessions, db_run, first) is StoreOutcome.NEW
    [stored] = articles(db_sessions)
    assert aliases(db_sessions)[page2.url] == stored.id
    with db_sessions() as session:
        assert session.execute(select(Page.article_id).where(Page.url == page2.url)).scalar_one() == stored.id


def test_non_article_kinds_never_create_articles(db_sessions: Factory, db_run: CrawlRun) -> None:
    other = PageRecord(
        url=SITE + "impressum.html",
        canonical_url=SITE + "impressum.html",
        kind=PageKind.OTHER,
        title="Impressum",
        text="Verantwortlich: Hans Meier",
    )
    assert store(db_sessions, db_run, other) is StoreOutcome.PAGE_ONLY
    with db_sessions() as session:
        assert session.execute(select(func.count()).select_from(Article)).scalar_one() == 0


def test_print_version_with_decorated_title_matches_by_text(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article())
    printed = article(url=PRINT_URL, canonical_url=PRINT_URL, is_print=True, title="Druckversion: Merkel")
    assert store(db_sessions, db_run, printed) is StoreOutcome.UNCHANGED
    [stored] = articles(db_sessions)
    assert stored.title == "Merkel besucht Berlin"
    assert aliases(db_sessions)[PRINT_URL] == stored.id


def test_decorated_print_first_is_taken_over_by_the_article(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article(url=PRINT_URL, canonical_url=PRINT_URL, is_print=True, title="Druckversion"))
    assert store(db_sessions, db_run, article()) is StoreOutcome.CHANGED
    [stored] = articles(db_sessions)
    assert stored.title == "Merkel besucht Berlin" and not stored.is_print_only


def test_two_articles_with_the_same_text_but_other_titles_stay_apart(db_sessions: Factory, db_run: CrawlRun) -> None:
    store(db_sessions, db_run, article("a.html"))
    assert store(db_sessions, db_run, article("b.html", title="Eine andere Meldung")) is StoreOutcome.NEW
    assert len(articles(db_sessions)) == 2
