"""The page processor's site-level learning: a crawl's order and a whole-site profile give the same records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.models import Article, ArticleVersion
from extract.fetched import FetchedPage
from extract.processor import PageProcessor, ProcessorOptions
from extract.record import PageRecord
from nachlese.ingest import ingest

SITE = "http://zeitung.example/"
WHEN = datetime(2008, 5, 1, 9, 0, tzinfo=UTC)
#: A paragraph inside the article body that only later pages print (a notice added to the site one day):
#: no generic rule removes it, only the site's profile once it has seen it on four pages.
NOTICE = "Dieser Beitrag erschien zuerst in der Wochenendausgabe unserer Zeitung und wurde für das Netz gekürzt."
SECTIONS = ("Lokales", "Sport", "Kultur", "Wirtschaft")
NAV = "".join(f'<li><a href="/rubrik/{name}.html">{name}</a></li>' for name in SECTIONS)
PAGES = 10
NOTICE_FROM = 6  # pages 6..10 print the notice: it becomes repeated at page 9


def page(number: int) -> FetchedPage:
    words = " ".join(f"Wort{number}x{i}" for i in range(150))
    notice = f"<p>{NOTICE}</p>" if number >= NOTICE_FROM else ""
    html = (
        f"<html><head><title>Meldung {number}</title></head><body><div id='nav'><ul>{NAV}</ul></div>"
        f"<div class='artikel'><h1>Meldung Nummer {number} aus der Stadt</h1>"
        f"<p>Am Montag berichtete der Rat über die Vorlage {number}. {words}.</p>"
        f"<p>Die Entscheidung fiel nach langer Debatte im Ausschuss, sagte der Sprecher am Abend.</p>"
        f"{notice}<p>Stand: 12.03.2008</p></div></body></html>"
    )
    return FetchedPage(f"{SITE}meldung.php?id={number}", 200, html.encode("utf-8"), WHEN,
                       {"Content-Type": "text/html; charset=utf-8"})


def streamed(pages: list[FetchedPage]) -> tuple[dict[str, PageRecord], list[str]]:
    """Records as a crawl gets them: learnt while going, provisional pages done again at the end."""
    processor = PageProcessor(ProcessorOptions())
    by_url = {item.url: item for item in pages}
    records = {}
    for item in pages:
        record = processor.process(item).record
        assert record is not None
        records[item.url] = record
    revisable = []
    for provisional in processor.provisional():
        redone = processor.redo(by_url[provisional.url]).record
        assert redone is not None
        records[provisional.url] = redone
        if not provisional.deferred:
            revisable.append(provisional.url)
    return records, revisable


def learnt_first(pages: list[FetchedPage]) -> dict[str, PageRecord]:
    """Records as an import gets them: the profile learns every page, then each is extracted once."""
    processor = PageProcessor(ProcessorOptions())
    processor.learn(pages)
    records = {}
    for item in pages:
        record = processor.process(item).record
        assert record is not None
        records[item.url] = record
    assert not [p for p in processor.provisional() if not p.deferred]
    return records


@pytest.mark.parametrize("order", ["forward", "reversed", "interleaved"])
def test_crawl_order_and_whole_site_profile_give_the_same_records(order: str) -> None:
    pages = [page(number) for number in range(1, PAGES + 1)]
    if order == "reversed":
        pages.reverse()
    elif order == "interleaved":
        pages = pages[::2] + pages[1::2]
    records, revisable = streamed(pages)
    expected = learnt_first(pages)
    assert {url: (r.title, r.text) for url, r in records.items()} == {
        url: (r.title, r.text) for url, r in expected.items()}
    assert all(NOTICE not in record.text for record in records.values())  # the profile removed the notice
    if order == "forward":  # pages 6..8 were extracted before the notice was known as repeated
        assert sorted(revisable) == sorted(f"{SITE}meldung.php?id={n}" for n in (6, 7, 8))


def test_without_the_revision_early_pages_keep_the_notice() -> None:
    """What the revision repairs: learning while going, pages 6..8 keep the later-repeated notice."""
    processor = PageProcessor(ProcessorOptions())
    first = {item.url: processor.process(item).record for item in (page(n) for n in range(1, PAGES + 1))}
    kept = sorted(url for url, record in first.items() if record is not None and NOTICE in record.text)
    assert kept == sorted(f"{SITE}meldung.php?id={n}" for n in (6, 7, 8))


def test_streamed_import_stores_one_version_per_article(db_sessions: sessionmaker[Session]) -> None:
    """An import read once, as it comes, revises pages in place: one version each, the notice gone."""
    summary = ingest(db_sessions, iter([page(n) for n in range(1, PAGES + 1)]))
    assert summary.counts.new == PAGES and summary.counts.changed == 0
    assert summary.revised >= 3
    with db_sessions() as session:
        texts = list(session.execute(select(Article.text)).scalars())
        versions = session.execute(select(func.count()).select_from(ArticleVersion)).scalar_one()
    assert len(texts) == PAGES and versions == PAGES
    assert all(NOTICE not in text for text in texts)
