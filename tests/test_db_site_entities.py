"""Site-wide name consistency on stored articles, on SQLite and PostgreSQL: changes, counts, idempotence."""

from __future__ import annotations

import io
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, make_sessionmaker
from db.export import export_jsonl
from db.models import CrawlRun, Entity, Mention
from db.schema import upgrade
from db.site_entities import harmonise_site_entities
from db.storage import get_or_create_site, start_run, store_page
from extract.record import EntityMention, Field, PageRecord
from tests.conftest import run_cli
from tests.db_fixtures import SITE, article, fetched

Factory = sessionmaker[Session]


def story(path: str, text: str, mentions: list[tuple[str, str]], language: str = "de") -> PageRecord:
    """An article of the test site whose text carries each (name, label) at the name's first occurrence."""
    entities = []
    for name, label in mentions:
        start = text.index(name)
        entities.append(EntityMention(name, label, Field.TEXT, start, start + len(name), canonical=name))
    return article(path, title=None, lead=None, text=text, language=language, entities=entities)


SITE_ARTICLES = [
    story("a.html", "Die Ems-Achse tagte in Groningen.", [("Ems-Achse", "ORG"), ("Groningen", "LOC")]),
    story("b.html", "Die Ems-Achse lädt nach Groningen ein.", [("Ems-Achse", "ORG"), ("Groningen", "LOC")]),
    story("c.html", "Laut Ems-Achse wächst Groningen.", [("Ems", "LOC"), ("Groningen", "PER")]),
    story("d.html", "The Ems-Achse met in Groningen.", [("Groningen", "LOC")], language="en"),
    story("e.html", "L'Ems-Achse à Groningen.", [], language="fr"),  # no NER pipeline for French
]


def store_site(factory: Factory, run: CrawlRun, records: list[PageRecord]) -> None:
    for record in records:
        with factory.begin() as session:
            store_page(session, run, fetched(record), record)


def harmonise(factory: Factory, run: CrawlRun) -> tuple[int, int, int]:
    with factory.begin() as session:
        changes = harmonise_site_entities(session, run.site_id, languages={"de", "en"})
    return changes.relabelled, changes.added, changes.articles


def exported(factory: Factory) -> dict[str, list[tuple[str, str, int]]]:
    out = io.StringIO()
    with factory() as session:
        export_jsonl(session, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    return {row["url"].rsplit("/", 1)[1]: [(e["text"], e["label"], e["start"]) for e in row["entities"]]
            for row in rows}


def test_site_names_relabel_and_spread_in_the_database(db_sessions: Factory, db_run: CrawlRun) -> None:
    store_site(db_sessions, db_run, SITE_ARTICLES)
    assert harmonise(db_sessions, db_run) == (1, 2, 2)
    entities = exported(db_sessions)
    assert entities["c.html"] == [("Ems-Achse", "ORG", 5), ("Groningen", "LOC", 22)]
    assert entities["d.html"] == [("Ems-Achse", "ORG", 4), ("Groningen", "LOC", 21)]
    assert entities["e.html"] == []  # outside the languages: untouched


def test_mention_counts_stay_exact(db_sessions: Factory, db_run: CrawlRun) -> None:
    store_site(db_sessions, db_run, SITE_ARTICLES)
    harmonise(db_sessions, db_run)
    with db_sessions() as session:
        counted = dict(session.execute(
            select(Entity.canonical_name + "/" + Entity.label, func.count(Mention.id))
            .join(Mention, Mention.entity_id == Entity.id, isouter=True).group_by(Entity.id)).all())
        stored = dict(session.execute(select(Entity.canonical_name + "/" + Entity.label, Entity.mention_count)).all())
    assert stored == counted
    assert {name: n for name, n in stored.items() if n} == {"Ems-Achse/ORG": 4, "Groningen/LOC": 4}


def test_second_pass_and_unchanged_recrawl_change_nothing(db_sessions: Factory, db_run: CrawlRun) -> None:
    store_site(db_sessions, db_run, SITE_ARTICLES)
    harmonise(db_sessions, db_run)
    after_first = exported(db_sessions)
    assert harmonise(db_sessions, db_run) == (0, 0, 0)
    store_site(db_sessions, db_run, SITE_ARTICLES)  # the same records again: nothing to rewrite
    assert exported(db_sessions) == after_first
    assert harmonise(db_sessions, db_run) == (0, 0, 0)


def test_empty_site_is_a_no_op(db_sessions: Factory, db_run: CrawlRun) -> None:
    assert harmonise(db_sessions, db_run) == (0, 0, 0)


@pytest.mark.postgres
def test_concurrent_passes_take_turns_on_postgresql(postgres_url: str) -> None:
    """Two distributed workers ending together: one pass changes the site, the other finds nothing to do."""
    engine = make_engine(postgres_url)
    try:
        upgrade(engine)
        factory = make_sessionmaker(engine)
        with factory.begin() as session:
            run = start_run(session, get_or_create_site(session, SITE))
        store_site(factory, run, SITE_ARTICLES)
        barrier = threading.Barrier(2)

        def worker() -> tuple[int, int, int]:
            barrier.wait()
            return harmonise(factory, run)

        with ThreadPoolExecutor(max_workers=2) as pool:
            results = sorted(pool.map(lambda _: worker(), range(2)))
        assert results == [(0, 0, 0), (1, 2, 2)]
        with factory() as session:
            rows = session.execute(select(Mention.article_id, Mention.field, Mention.start_offset)).all()
        assert len(rows) == len(set(rows)) == 8
    finally:
        engine.dispose()


def test_site_names_command_runs_the_step_again(db_url: str, db_sessions: Factory, db_run: CrawlRun) -> None:
    store_site(db_sessions, db_run, SITE_ARTICLES)
    first = json.loads(run_cli("site-names", "--db", db_url).stdout)
    assert first == {SITE: {"relabelled": 1, "added": 2, "fragments_replaced": 1, "articles_changed": 2}}
    again = json.loads(run_cli("site-names", "--db", db_url, "--site", "news.example.org").stdout)
    assert again == {SITE: {"relabelled": 0, "added": 0, "fragments_replaced": 0, "articles_changed": 0}}
    unknown = run_cli("site-names", "--db", db_url, "--site", "elsewhere.example.org", check=False)
    assert unknown.returncode == 2 and "no site 'elsewhere.example.org'" in unknown.stderr


def test_language_versions_keep_one_label_in_the_database(db_sessions: Factory, db_run: CrawlRun) -> None:
    german_text = "Die Studie leitet Anneke de Vries. Bis 2010, sagte de Vries, gibt es Flächen."
    english_text = "The study is led by Anneke de Vries. By 2010, de Vries said, land will be ready."
    german = story("de.html", german_text, [("Anneke de Vries", "PER")])
    english = story("en.html", english_text, [("Anneke de Vries", "PER")], language="en")
    for record, text, label in ((german, german_text, "PER"), (english, english_text, "ORG")):
        start = text.index("de Vries", text.index("Anneke") + 15)
        record.entities.append(EntityMention("de Vries", label, Field.TEXT, start, start + 8, canonical="de Vries"))
    german.translations = {"en": english.url}  # linked one way only, as legacy sites often do
    store_site(db_sessions, db_run, [german, english])
    assert harmonise(db_sessions, db_run) == (1, 0, 1)
    assert [label for _, label, _ in exported(db_sessions)["en.html"]] == ["PER", "PER"]
    with db_sessions() as session:
        counts = dict(session.execute(
            select(Entity.label, Entity.mention_count).where(Entity.canonical_name == "de Vries")).all())
    assert counts.get("PER") == 2 and counts.get("ORG", 0) == 0
    assert harmonise(db_sessions, db_run) == (0, 0, 0)  # idempotent
