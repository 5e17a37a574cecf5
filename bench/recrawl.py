"""Benchmark: an unchanged re-crawl of a 1,000-page site against the first crawl (target <= 20% of its time)."""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from testsite.server import SiteServer
from testsite.sitegen import Site

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def crawl(url: str, database: Path, *, entities: bool) -> tuple[float, dict[str, object]]:
    """Wall seconds of one `nachlese crawl` (interpreter start included) and its summary."""
    command = [sys.executable, "-m", "nachlese.cli", "crawl", url, "--db", f"sqlite:///{database}", "--delay", "0",
               "--set", "NACHLESE_PROGRESS_INTERVAL=0"]
    if not entities:
        command.append("--no-entities")
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return time.monotonic() - started, json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--no-entities", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nachlese-recrawl-") as folder, SiteServer(Site(args.pages)) as server:
        database = Path(folder) / "recrawl.sqlite"
        first_seconds, first = crawl(server.url, database, entities=not args.no_entities)
        with sqlite3.connect(database) as connection:
            versions_before = connection.execute("SELECT count(*) FROM article_versions").fetchone()[0]
        served_before = server.counts
        second_seconds, second = crawl(server.url, database, entities=not args.no_entities)
        with sqlite3.connect(database) as connection:
            versions_after = connection.execute("SELECT count(*) FROM article_versions").fetchone()[0]
        served = server.counts - served_before
    share = second_seconds / first_seconds
    print("| crawl | seconds | fetched | new | changed | unchanged | server: 200 / 304 |")
    print("|---|---|---|---|---|---|---|")
    print(f"| first | {first_seconds:.1f} | {first['fetched']} | {first['new']} | {first['changed']} | "
          f"{first['unchanged']} | |")
    print(f"| re-crawl | {second_seconds:.1f} | {second['fetched']} | {second['new']} | {second['changed']} | "
          f"{second['unchanged']} | {served['pages']} / {served['not_modified']} |")
    print(f"re-crawl time: {share:.0%} of the first crawl (target <= 20%: {'PASS' if share <= 0.20 else 'FAIL'}); "
          f"new versions: {versions_after - versions_before} (target 0: "
          f"{'PASS' if versions_after == versions_before else 'FAIL'}); {args.pages} pages, entities "
          f"{'off' if args.no_entities else 'on'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
