"""Benchmark of the database layer: store latency, search latency over 100,000 articles, raw-page compression."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import search_corpus
from sqlalchemy import create_engine, func, insert, make_url, select, text
from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, make_sessionmaker
from db.fts import rebuild_index
from db.models import Article, Entity, Mention, Page, Site
from db.pages import FetchedPage
from db.schema import upgrade
from db.search import count_matches, search
from db.storage import get_or_create_site, start_run, store_page
from extract.record import EntityMention, Field, PageKind, PageRecord

WORDS = [
    "Hafen",
    "Emden",
    "Papenburg",
    "Leer",
    "Werft",
    "Energie",
    "Cluster",
    "Wirtschaft",
    "Region",
    "Unternehmen",
    "Förderung",
    "Windkraft",
    "Logistik",
    "Hochschule",
    "Kreistag",
    "Breitband",
    "Messe",
    "Zulieferer",
    "Container",
    "Terminal",
    "Verwaltung",
    "Landkreis",
    "Gemeinde",
    "Investition",
    "Arbeitsplätze",
    "Ausbildung",
    "Handwerk",
    "Tourismus",
    "Fachkräfte",
    "Innovation",
]
FILLER = [
    "der",
    "die",
    "das",
    "und",
    "mit",
    "für",
    "von",
    "auf",
    "im",
    "in",
    "zu",
    "den",
    "dem",
    "ein",
    "eine",
    "nicht",
    "sich",
    "auch",
    "es",
    "wird",
    "hat",
]
NAMES = ["Klaus Wurpts", "Anna Berger", "Jens Oltmanns", "Karsten Heuchert", "Petra Janssen", "Gerd Ubben"]
ORGS = ["Ems-Achse", "Verbundnetz Gas AG", "IHK für Ostfriesland und Papenburg", "Meyer Werft", "Enercon"]
PLACES = ["Emden", "Leer", "Papenburg", "Aurich", "Groningen", "Weener"]
QUERIES = ["Clusterprozess", "Hafen", "Windkraft Emden", '"Landkreis Aurich"', "Werft OR Terminal", "Förder*"]


def sentence(rng: random.Random, extra: str = "") -> str:
    words = [rng.choice(WORDS if i % 3 == 0 else FILLER) for i in range(rng.randint(9, 16))]
    return (extra + " " if extra else "") + " ".join(words).capitalize() + "."


def article_text(rng: random.Random, words: int = 400) -> tuple[str, list[tuple[str, str]]]:
    """A German-looking body of about ``words`` words and the entity surface forms placed in it."""
    parts: list[str] = []
    placed: list[tuple[str, str]] = []
    while sum(len(p.split()) for p in parts) < words:
        label, name = rng.choice([("PER", rng.choice(NAMES)), ("ORG", rng.choice(ORGS)), ("LOC", rng.choice(PLACES))])
        parts.append(sentence(rng, name))
        placed.append((name, label))
    return " ".join(parts), placed


def record_with_mentions(number: int, rng: random.Random, mentions: int = 30) -> PageRecord:
    text, _ = article_text(rng)
    entities: list[EntityMention] = []
    for _ in range(mentions):
        label, name = rng.choice([("PER", rng.choice(NAMES)), ("ORG", rng.choice(ORGS)), ("LOC", rng.choice(PLACES))])
        start = rng.randrange(0, max(1, len(text) - len(name)))
        text = text[:start] + name + text[start + len(name) :]
        entities.append(EntityMention(name, label, Field.TEXT, start, start + len(name)))
    url = f"http://bench.example/news/artikel.php?id={number}"
    return PageRecord(
        url=url,
        canonical_url=url,
        kind=PageKind.ARTICLE,
        title=f"Meldung {number}: {sentence(rng)}",
        lead=sentence(rng),
        text=text,
        html=f"<p>{text}</p>",
        language="de",
        published=datetime(2007, 1, 1, tzinfo=UTC) + timedelta(days=number % 900),
        authors=["Anna Berger"],
        entities=entities,
    )


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh SQLite file or PostgreSQL schema, removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="nachlese-dbbench-") as folder:
            yield f"sqlite:///{folder}/bench.sqlite"
        return
    admin_url = os.environ.get("NACHLESE_BENCH_POSTGRES_URL") or os.environ.get("NACHLESE_TEST_POSTGRES_URL")
    if not admin_url:
        raise SystemExit("PostgreSQL: set NACHLESE_BENCH_POSTGRES_URL (or run scripts/services.sh)")
    schema = f"dbbench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield (
            make_url(admin_url)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def bench_store(sessions: sessionmaker[Session], count: int) -> list[float]:
    """Milliseconds to store one article with 30 mentions (one transaction each)."""
    rng = random.Random(7)
    with sessions.begin() as session:
        run = start_run(session, get_or_create_site(session, "http://bench.example/"))
        session.expunge(run)
    timings: list[float] = []
    for number in range(count):
        record = record_with_mentions(number, rng)
        body = f"<html><body><h1>{record.title}</h1><p>{record.text}</p></body></html>".encode()
        fetched = FetchedPage(
            url=record.url, status=200, body=body, fetched_at=datetime.now(UTC), headers={"content-type": "text/html"}
        )
        started = time.perf_counter()
        with sessions.begin() as session:
            store_page(session, run, fetched, record)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def bulk_articles(sessions: sessionmaker[Session], count: int, batch: int = 5000) -> None:
    """Insert ``count`` articles of the synthetic news corpus (bench/search_corpus.py) with their entities
    and mentions directly (the search benchmark needs volume, not the store path).

    SQLite then gets its full-text index rebuilt (PostgreSQL's trigger indexed every row as it came) and
    PostgreSQL the VACUUM ANALYZE its autovacuum would run after such a load.
    """
    with sessions.begin() as session:
        site_id = get_or_create_site(session, "http://bulk.example/").id
        first_id = (session.execute(select(func.max(Article.id))).scalar() or 0) + 1
        entity_ids = {
            (label, name): eid
            for eid, label, name in session.execute(select(Entity.id, Entity.label, Entity.canonical_name))
        }
    docs = search_corpus.generate(count)
    for start in range(0, count, batch):
        rows, mentions = [], []
        for number, doc in zip(range(start, min(count, start + batch)), docs, strict=False):
            article_id = first_id + number
            url = f"http://bulk.example/{doc.language}/{number}"
            rows.append(
                {
                    "id": article_id,
                    "site_id": site_id,
                    "canonical_url": url,
                    "title": doc.title,
                    "lead": doc.lead,
                    "text": doc.text,
                    "html": "",
                    "language": doc.language,
                    "published": doc.published,
                    "published_has_time": True,
                    "authors": [],
                    "word_count": len(doc.text.split()),
                    "extractor_version": "bench",
                    "content_fingerprint": uuid.uuid4().hex[:40],
                    "content_hash": uuid.uuid4().hex,
                    "enrichment_hash": "",
                    "is_print_only": False,
                    "text_fingerprint": uuid.uuid4().hex[:40],
                }
            )
            for label, name, surface, part, offset in doc.mentions:
                mentions.append((article_id, (label, name), part, offset, surface))
        with sessions.begin() as session:
            session.execute(insert(Article), rows)
            for label, name in sorted({key for _, key, *_ in mentions} - set(entity_ids)):
                entity_ids[(label, name)] = session.execute(
                    insert(Entity).values(label=label, canonical_name=name).returning(Entity.id)
                ).scalar_one()
            if mentions:
                session.execute(
                    insert(Mention),
                    [
                        {
                            "article_id": article_id,
                            "entity_id": entity_ids[key],
                            "field": part,
                            "start_offset": offset,
                            "end_offset": offset + len(surface),
                            "text": surface,
                        }
                        for article_id, key, part, offset, surface in mentions
                    ],
                )
    engine = sessions.kw["bind"]
    with sessions.begin() as session:
        session.execute(
            text("UPDATE entities SET mention_count = (SELECT COUNT(*) FROM mentions m WHERE entity_id = entities.id)")
        )
        if engine.dialect.name == "sqlite":
            rebuild_index(session)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")


@dataclass
class SearchFigures:
    """Milliseconds per query of the mix (all runs) and per query; matches per query."""

    mix: list[float] = field(default_factory=list)
    by_query: dict[str, list[float]] = field(default_factory=dict)
    matches: dict[str, int] = field(default_factory=dict)


def bench_search(sessions: sessionmaker[Session], rounds: int) -> tuple[SearchFigures, SearchFigures]:
    """Time ``search(session, query, limit=20)`` for the query mix and, apart, for the worst cases."""
    mix, worst = search_corpus.query_mix(), search_corpus.worst_cases()
    figures = (SearchFigures(), SearchFigures())
    for queries, figure in zip((mix, worst), figures, strict=True):
        for query in queries:
            with sessions() as session:  # warm-up, and how many articles match (for the report)
                search(session, query.query, limit=20, **query.kwargs())
                figure.matches[query.shown()] = count_matches(session, query.query, **query.kwargs())
        for _ in range(rounds):
            for query in queries:
                with sessions() as session:
                    started = time.perf_counter()
                    search(session, query.query, limit=20, **query.kwargs())
                    elapsed = (time.perf_counter() - started) * 1000
                figure.mix.append(elapsed)
                figure.by_query.setdefault(query.shown(), []).append(elapsed)
    return figures


def print_search_details(kind: str, figures: tuple[SearchFigures, SearchFigures], articles: int) -> None:
    mix, worst = figures
    print(f"\n{kind}: search over {articles:,} articles, ms per query, median (p90), articles matching")
    for title, figure in (("query mix", mix), ("worst cases (not in the mix)", worst)):
        print(f"  {title}: median {statistics.median(figure.mix):.1f} ms, p90 {p90(figure.mix):.1f} ms")
        for shown, timings in figure.by_query.items():
            print(f"    {statistics.median(timings):7.1f} ({p90(timings):7.1f})  {figure.matches[shown]:>7,}  {shown}")


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


def compression(sessions: sessionmaker[Session]) -> tuple[int, int]:
    with sessions() as session:
        stored, raw = session.execute(select(func.sum(func.length(Page.body)), func.sum(Page.body_size))).one()
        session.execute(select(func.count(Site.id)))
    return int(stored or 0), int(raw or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--store", type=int, default=500, help="articles stored one by one (30 mentions each)")
    parser.add_argument("--articles", type=int, default=100_000, help="articles for the search benchmark")
    parser.add_argument("--rounds", type=int, default=10, help="times each search query is run")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    details: list[tuple[str, tuple[SearchFigures, SearchFigures]]] = []
    print("| database | store ms median (p90) | search ms median (p90) over N articles | raw pages stored / raw |")
    print("|---|---|---|---|")
    for kind in kinds:
        with database(kind) as url:
            engine = make_engine(url)
            upgrade(engine)
            sessions = make_sessionmaker(engine)
            store = bench_store(sessions, args.store)
            stored, raw = compression(sessions)
            bulk_articles(sessions, args.articles - args.store)
            search_figures = bench_search(sessions, args.rounds)
            engine.dispose()
        details.append((kind, search_figures))
        searches = search_figures[0].mix
        ratio = stored / raw if raw else 0.0
        print(
            f"| {kind} | {statistics.median(store):.2f} ({statistics.quantiles(store, n=10)[-1]:.2f}) "
            f"{'PASS' if statistics.median(store) <= 5 else 'FAIL'} (<= 5) "
            f"| {statistics.median(searches):.1f} ({statistics.quantiles(searches, n=10)[-1]:.1f}) over "
            f"{args.articles:,} {'PASS' if statistics.median(searches) <= 100 else 'FAIL'} (<= 100) "
            f"| {ratio:.1%} {'PASS' if ratio <= 0.40 else 'FAIL'} (<= 40%) |"
        )
    for kind, figures in details:
        print_search_details(kind, figures, args.articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
