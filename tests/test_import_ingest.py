"""``nachlese.ingest.ingest`` on SQLite and PostgreSQL: tuples in, pages/articles/aliases and a run stored."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from db.models import Article, CrawlRun, Page, RunStatus, UrlAlias
from nachlese.ingest import WarcSource, ingest

Factory = sessionmaker[Session]
SITE_DIR = Path(__file__).resolve().parent.parent / "demo" / "site"
BASE = "http://news.example.org/"
WHEN = datetime(2009, 3, 30, 8, 0, tzinfo=UTC)


def _pages() -> list[tuple[str, int, dict[str, str], bytes, datetime]]:
    """The demo's article 1 (with a session id to drop), 2 and its archive page, as fetched tuples."""
    headers = {"Content-Type": "text/html; charset=iso-8859-1"}
    files = {
        "news/artikel.php?id=1&PHPSESSID=0123456789abcdef0123456789abcdef": "news/artikel-1.html",
        "news/artikel.php?id=2": "news/artikel-2.html",
        "news/archiv.php": "news/archiv-1.html",
    }
    return [(BASE + url, 200, headers, (SITE_DIR / name).read_bytes(), WHEN) for url, name in files.items()]


def test_ingest_tuples_stores_like_a_crawl(db_sessions: Factory) -> None:
    summary = ingest(db_sessions, _pages())
    assert (summary.counts.fetched, summary.counts.new) == (3, 2)
    with db_sessions.begin() as session:
        urls = sorted(session.execute(select(Article.canonical_url)).scalars())
        pages = sorted(session.execute(select(Page.url)).scalars())
        run = session.execute(select(CrawlRun)).scalar_one()
        title = session.execute(select(Article.title).where(Article.canonical_url == BASE + "news/artikel.php?id=1"))
        assert title.scalar_one() == "Hochschule und Mittelstand rücken enger zusammen"
        aliases = set(session.execute(select(UrlAlias.url)).scalars())
    assert urls == [BASE + "news/artikel.php?id=1", BASE + "news/artikel.php?id=2"]
    assert BASE + "news/artikel.php?id=1" in pages and not any("PHPSESSID" in url for url in pages)
    assert BASE + "news/artikel.php?id=1&PHPSESSID=0123456789abcdef0123456789abcdef" in aliases
    assert run.status == RunStatus.FINISHED.value and run.fetched == 3 and summary.run_ids == [run.id]


def test_ingest_twice_changes_nothing(db_sessions: Factory) -> None:
    ingest(db_sessions, _pages())
    again = ingest(db_sessions, _pages())
    assert (again.counts.new, again.counts.changed, again.counts.unchanged) == (0, 0, 2)


def test_warc_redirects_become_aliases(db_sessions: Factory, tmp_path: Path) -> None:
    warc = tmp_path / "site.warc"
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        moved = StatusAndHeaders("301 Moved Permanently", [("Location", "/news/artikel.php?id=2")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(BASE + "alt/2.html", "response", payload=io.BytesIO(b""),
                                                      http_headers=moved))
        for url, _, headers, body, _ in _pages():
            http = StatusAndHeaders("200 OK", list(headers.items()), protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    source = WarcSource(warc)
    assert source.redirects == {BASE + "news/artikel.php?id=2": [BASE + "alt/2.html"]}
    ingest(db_sessions, source)
    with db_sessions.begin() as session:
        alias = session.execute(select(UrlAlias).where(UrlAlias.url == BASE + "alt/2.html")).scalar_one()
        target = session.get(Article, alias.article_id)
        assert target is not None and target.canonical_url == BASE + "news/artikel.php?id=2"
        assert alias.kind == "redirect"
