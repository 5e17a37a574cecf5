"""Benchmark: pages/s of one scrapy-redis worker against two on the same generated site (target >= 1.6x)."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url

from bench.cpu_sampler import CpuSampler
from testsite.server import SiteServer
from testsite.sitegen import Site

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@contextmanager
def fresh_schema(admin_url: str) -> Iterator[str]:
    """A new PostgreSQL schema for one run (dropped afterwards)."""
    schema = f"distbench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(admin_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def run_workers(count: int, site_url: str, database_url: str, *, redis_url: str, ner_workers: int,
                entities: bool, settings: list[str]) -> dict[str, Any]:
    """Start ``count`` workers on one crawl id; pages/s = pages fetched by all / wall time until the last ends."""
    crawl_id = f"bench-{uuid.uuid4().hex[:8]}"
    subprocess.run([sys.executable, "-m", "nachlese.cli", "db", "upgrade", "--db", database_url], cwd=ROOT,
                   check=True, capture_output=True)
    command = [sys.executable, "-m", "nachlese.cli", "crawl", site_url, "--db", database_url, "--redis", redis_url,
               "--crawl-id", crawl_id, "--delay", "0", "--set", f"NACHLESE_NER_WORKERS={ner_workers}",
               "--set", "NACHLESE_PROGRESS_INTERVAL=0", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]
    if not entities:
        command.append("--no-entities")
    for setting in settings:
        command += ["--set", setting]
    summaries = []
    with CpuSampler() as sampler:
        started = time.time()
        processes = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                      text=True) for _ in range(count)]
        for process in processes:
            sampler.watch(process.pid)
        for process in processes:
            stdout, _ = process.communicate()
            if process.returncode != 0:
                raise SystemExit(f"a worker failed with status {process.returncode}")
            summaries.append(json.loads(stdout.strip().splitlines()[-1]))
    # from the start of the processes (imports and model loading included) to the last page any worker
    # stored; the NACHLESE_DISTRIBUTED_IDLE_SECONDS each worker then waits on the empty queue is not crawling
    wall = max(float(s["last_stored_at"]) for s in summaries) - started
    fetched = sum(int(s["fetched"]) for s in summaries)
    import redis  # noqa: PLC0415

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"nachlese:*:{crawl_id}:*"):
        client.delete(key)
    first_stored = [round(float(s["first_stored_at"]) - started, 1) for s in summaries]
    busy, workers_cpu = sampler.between(started, started + wall)
    return {"workers": count, "fetched": fetched, "seconds": round(wall, 1),
            "pages_per_second": round(fetched / wall, 2), "per_worker": [s["fetched"] for s in summaries],
            "first_stored": first_stored,
            # machine-wide: the workers, PostgreSQL, Redis, this HTTP server and anything else running
            "cores_busy": round(busy / wall, 2), "worker_cpu_ms_per_page": round(1000 * workers_cpu / fetched, 1),
            "machine_cpu_ms_per_page": round(1000 * busy / fetched, 1)}


def print_pair(one: dict[str, Any], two: dict[str, Any]) -> None:
    """The table rows of one 1-worker / 2-worker pair."""
    for result in (one, two):
        print(f"| {result['workers']} | {result['fetched']} | {result['seconds']} | {result['pages_per_second']} "
              f"| {result['per_worker']} | {result['first_stored']} | {result['cores_busy']} "
              f"| {result['worker_cpu_ms_per_page']} | {result['machine_cpu_ms_per_page']} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1,
                        help="pairs of runs (one worker, then two), alternating; the speed-up is the median "
                             "of the pairs, so a slow spell of the host does not fall on one side only")
    parser.add_argument("--ner-workers", type=int, default=0,
                        help="NER worker processes per crawl worker (0: tagging inside the worker process)")
    parser.add_argument("--no-entities", action="store_true")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a crawl setting for every worker (repeatable)")
    args = parser.parse_args()
    admin_url = os.environ.get("NACHLESE_BENCH_POSTGRES_URL") or os.environ.get("NACHLESE_TEST_POSTGRES_URL")
    redis_url = os.environ.get("NACHLESE_BENCH_REDIS_URL") or os.environ.get("NACHLESE_TEST_REDIS_URL")
    if not admin_url or not redis_url:
        raise SystemExit('needs PostgreSQL and Redis: eval "$(bash scripts/services.sh)" first')
    pairs = []
    print("| workers | pages fetched | seconds | pages/s | per worker | first page stored after (s) "
          "| cores busy | worker CPU ms/page | machine CPU ms/page |\n|---|---|---|---|---|---|---|---|---|")
    with SiteServer(Site(args.pages)) as server:
        for _ in range(max(1, args.repeat)):
            pair = []
            for count in (1, 2):
                with fresh_schema(admin_url) as database_url:
                    pair.append(run_workers(count, server.url, database_url, redis_url=redis_url,
                                            ner_workers=args.ner_workers, entities=not args.no_entities,
                                            settings=args.set))
            print_pair(*pair)
            pairs.append(pair)
    speedups = sorted(two["pages_per_second"] / one["pages_per_second"] for one, two in pairs)
    speedup = statistics.median(speedups)
    spread = f" (pairs: {', '.join(f'{value:.2f}' for value in speedups)})" if len(speedups) > 1 else ""
    print(f"speed-up of two workers: {speedup:.2f}x{spread} (target >= 1.6x: {'PASS' if speedup >= 1.6 else 'FAIL'}); "
          f"{os.cpu_count()} cores, entities {'off' if args.no_entities else 'on'}, "
          f"NER worker processes per crawl worker: {args.ner_workers}")
    cores = os.cpu_count() or 1
    busy_one = statistics.median(one["cores_busy"] for one, _ in pairs)
    busy_two = statistics.median(two["cores_busy"] for _, two in pairs)
    if busy_one > 0:
        print(f"one worker keeps {busy_one} of {cores} cores busy, so {cores} cores allow at most "
              f"{cores / busy_one:.2f}x; two workers used {busy_two} (medians)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
