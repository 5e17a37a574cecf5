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
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, insert, make_url, select
from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, make_sessionmaker
from db.fts import rebuild_index
from db.models import Article, Page, Site
from db.pages import FetchedPage
from db.schema import upgrade
from db.search import search
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
    """Insert ``count`` articles directly (the search benchmark needs volume, not the store path)."""
    rng = random.Random(11)
    with sessions.begin() as session:
        site_id = get_or_create_site(session, "http://bulk.example/").id
    for start in range(0, count, batch):
        rows = []
        for number in range(start, min(count, start + batch)):
            text, _ = article_text(rng, words=rng.randint(150, 400))
            url = f"http://bulk.example/a/{number}"
            rows.append(
                {
                    "site_id": site_id,
                    "canonical_url": url,
                    "title": f"Meldung {number}: {sentence(rng)}",
                    "lead": sentence(rng),
                    "text": text,
                    "html": "",
                    "language": "de" if number % 5 else "en",
                    "published": datetime(2001, 1, 1, tzinfo=UTC) + timedelta(days=number % 3000),
                    "published_has_time": False,
                    "authors": [],
                    "word_count": len(text.split()),
                    "extractor_version": "bench",
                    "content_fingerprint": uuid.uuid4().hex[:40],
                    "content_hash": uuid.uuid4().hex,
                    "enrichment_hash": "",
                    "is_print_only": False,
                    "text_fingerprint": uuid.uuid4().hex[:40],
                }
            )
        with sessions.begin() as session:
            session.execute(insert(Article), rows)
    with sessions.begin() as session:
        rebuild_index(session)


def bench_search(sessions: sessionmaker[Session], rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        for query in QUERIES:
            with sessions() as session:
                started = time.perf_counter()
                search(session, query, limit=20)
                timings.append((time.perf_counter() - started) * 1000)
    return timings


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
            searches = bench_search(sessions, args.rounds)
            engine.dispose()
        ratio = stored / raw if raw else 0.0
        print(
            f"| {kind} | {statistics.median(store):.2f} ({statistics.quantiles(store, n=10)[-1]:.2f}) "
            f"{'PASS' if statistics.median(store) <= 5 else 'FAIL'} (<= 5) "
            f"| {statistics.median(searches):.1f} ({statistics.quantiles(searches, n=10)[-1]:.1f}) over "
            f"{args.articles:,} {'PASS' if statistics.median(searches) <= 100 else 'FAIL'} (<= 100) "
            f"| {ratio:.1%} {'PASS' if ratio <= 0.40 else 'FAIL'} (<= 40%) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
