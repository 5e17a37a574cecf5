"""Slugs: transliteration, length, uniqueness, and stability across runs and databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.exports.slugs import MAX_SLUG_LENGTH, assign_slugs, slugify, transliterate
from db.models import Article, CrawlRun
from db.storage import store_page
from tests.db_fixtures import article, fetched

Factory = sessionmaker[Session]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Größe", "Groesse"),
        ("Äpfel, Öl und Übermut", "Aepfel, Oel und Uebermut"),
        ("Straße", "Strasse"),
        ("Café Señor Ångström", "Cafe Senor Aangstroem"),
        ("Łódź", "Lodz"),
    ],
)
def test_transliteration(text: str, expected: str) -> None:
    assert transliterate(text) == expected


def test_slugify_is_lowercase_ascii_words() -> None:
    assert slugify("Fachkräfte: „Wir müssen jetzt handeln“") == "fachkraefte-wir-muessen-jetzt-handeln"
    assert slugify("Hafen Emden: Umschlag wächst zweistellig!") == "hafen-emden-umschlag-waechst-zweistellig"
    assert slugify("  ---  ") == ""


def test_slugify_cuts_at_a_word_boundary() -> None:
    slug = slugify("Sehr " * 40 + "lang")
    assert len(slug) <= MAX_SLUG_LENGTH
    assert not slug.endswith("-")
    assert set(slug.split("-")) == {"sehr"}


def _store_all(factory: Factory, run: CrawlRun, paths_titles: list[tuple[str, str]]) -> None:
    for path, title in paths_titles:
        record = article(path, title=title, lead=f"Lead {path}", text=f"Text von {path} mit genug Inhalt.")
        with factory.begin() as session:
            store_page(session, run, fetched(record), record)


def _slugs_by_url(factory: Factory) -> dict[str, str]:
    with factory.begin() as session:
        ids = assign_slugs(session)
        urls = dict(session.execute(select(Article.id, Article.canonical_url)).all())
    return {urls[article_id]: slug for article_id, slug in ids.items()}


PAGES = [
    ("a.html", "Merkel besucht Berlin"),
    ("b.html", "Merkel besucht Berlin"),  # same title: one gets a suffix
    ("c.html", "Über Straßen"),
    ("d.html", ""),  # no title: a slug from the URL
]


def test_slugs_are_unique_readable_and_persisted(db_sessions: Factory, db_run: CrawlRun) -> None:
    _store_all(db_sessions, db_run, PAGES)
    slugs = _slugs_by_url(db_sessions)
    assert len(set(slugs.values())) == len(PAGES)
    assert slugs["http://news.example.org/a.html"] == "merkel-besucht-berlin"
    assert slugs["http://news.example.org/b.html"].startswith("merkel-besucht-berlin-")
    assert slugs["http://news.example.org/c.html"] == "ueber-strassen"
    assert slugs["http://news.example.org/d.html"].startswith("artikel-")
    with db_sessions.begin() as session:
        stored = dict(session.execute(select(Article.canonical_url, Article.slug)).all())
    assert stored == slugs


def test_stored_slugs_never_change(db_sessions: Factory, db_run: CrawlRun) -> None:
    _store_all(db_sessions, db_run, PAGES[:1])
    first = _slugs_by_url(db_sessions)
    _store_all(db_sessions, db_run, [("0.html", "Merkel besucht Berlin")])  # sorts before a.html
    second = _slugs_by_url(db_sessions)
    assert second["http://news.example.org/a.html"] == first["http://news.example.org/a.html"]
    assert second["http://news.example.org/0.html"] != second["http://news.example.org/a.html"]


def test_slugs_do_not_depend_on_crawl_order(db_sessions: Factory, db_run: CrawlRun, tmp_path: Path) -> None:
    from db.engine import make_engine, make_sessionmaker  # noqa: PLC0415
    from db.schema import upgrade  # noqa: PLC0415
    from db.storage import get_or_create_site, start_run  # noqa: PLC0415
    from tests.db_fixtures import SITE  # noqa: PLC0415

    _store_all(db_sessions, db_run, PAGES)
    engine = make_engine(f"sqlite:///{tmp_path}/other.sqlite")
    upgrade(engine)
    other = make_sessionmaker(engine)
    with other.begin() as session:
        run = start_run(session, get_or_create_site(session, SITE))
        session.expunge(run)
    _store_all(other, run, list(reversed(PAGES)))
    try:
        assert _slugs_by_url(other) == _slugs_by_url(db_sessions)
    finally:
        engine.dispose()
