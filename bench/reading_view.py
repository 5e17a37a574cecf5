"""How fast `nachlese serve`'s reading pages answer on a large archive (the synthetic corpus of bench/db_bench.py).

    PYTHONPATH=bench python -m bench.reading_view            # 100,000 articles in a temporary SQLite file
    PYTHONPATH=bench python -m bench.reading_view --articles 20000 --rounds 5

(PYTHONPATH=bench: bench/db_bench.py, whose archive builder this reuses, imports its corpus module by
its plain name, as a script does.)

Builds the archive with bench.db_bench.bulk_articles (articles, entities, mentions; no pages or versions),
then asks Datasette in-process (its ASGI client, no network) for the home page, article pages, and the
entity pages of the most and of a rarely mentioned entity, and prints the milliseconds per page
(median and slowest) with the sizes that drive them. Each page must answer 200 within Datasette's SQL
time limit (`nachlese serve`'s settings); a page that hits it is reported as failed.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from bench.db_bench import bulk_articles
from db.engine import make_engine, make_sessionmaker
from db.schema import upgrade


async def measure(path: Path, rounds: int) -> int:
    """Print the timings of the pages; return 1 if a page did not answer 200."""
    from datasette.app import Datasette  # noqa: PLC0415

    from nachlese.commands.serve import _register_plugin  # noqa: PLC0415
    from nachlese.datasette.metadata import SETTINGS, build_metadata  # noqa: PLC0415

    _register_plugin()
    name = path.stem
    datasette = Datasette([str(path)], metadata=build_metadata(name), settings=SETTINGS)
    await datasette.invoke_startup()
    db = datasette.get_database(name)
    top = (await db.execute("SELECT id, canonical_name, mention_count FROM entities ORDER BY mention_count DESC "
                            "LIMIT 1")).first()
    rare = (await db.execute("SELECT id, canonical_name, mention_count FROM entities WHERE mention_count > 0 "
                             "ORDER BY mention_count, id LIMIT 1")).first()
    articles = (await db.execute("SELECT COUNT(*) FROM articles")).first()[0]
    mentions = (await db.execute("SELECT COUNT(*) FROM mentions")).first()[0]
    print(f"{articles:,} articles, {mentions:,} mentions; top entity {top['canonical_name']!r} with "
          f"{top['mention_count']:,} mentions, rare entity {rare['canonical_name']!r} with {rare['mention_count']}")
    pages = {
        "home page": f"/{name}",
        "article page (first)": f"/{name}/articles/1",
        f"article page ({articles // 2})": f"/{name}/articles/{articles // 2}",
        "entity page (top)": f"/{name}/entities/{top['id']}",
        "entity page (rare)": f"/{name}/entities/{rare['id']}",
    }
    failed = 0
    print(f"{'page':<28} {'median ms':>10} {'max ms':>10}")
    for label, url in pages.items():
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            response = await datasette.client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                print(f"{label}: HTTP {response.status_code} at {url}")
                failed = 1
                break
        print(f"{label:<28} {statistics.median(timings):>10.0f} {max(timings):>10.0f}")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the synthetic archive")
    parser.add_argument("--rounds", type=int, default=5, help="requests per page")
    parser.add_argument("--keep", type=Path, help="build the archive in this SQLite file and keep it; reuse it "
                        "when it exists")
    args = parser.parse_args()
    if args.keep and args.keep.exists():
        return asyncio.run(measure(args.keep, args.rounds))
    with tempfile.TemporaryDirectory(prefix="nachlese-reading-") as folder:
        path = args.keep or Path(folder) / "bench.sqlite"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        started = time.perf_counter()
        bulk_articles(make_sessionmaker(engine), args.articles)
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        engine.dispose()
        print(f"archive built in {time.perf_counter() - started:.0f} s")
        return asyncio.run(measure(path, args.rounds))


if __name__ == "__main__":
    raise SystemExit(main())
