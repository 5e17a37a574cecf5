"""`python -m bench.run --pages 1000`: crawl a synthetic legacy site end to end, report speed and memory."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import pstats
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.stacks import summarise as summarise_stacks
from testsite.longtext import DEFAULT_TEXT, LongText
from testsite.server import SiteServer
from testsite.sitegen import DEFAULT_SEED, Site

logger = logging.getLogger("bench.run")

ROOT = Path(__file__).resolve().parent.parent
#: Targets of the "Speed and scale" issue; reported as PASS/FAIL, never enforced.
TARGET_PAGES_PER_SECOND = 25.0  # end to end, with entities, into SQLite ...
TARGET_AT_PAGES = 10_000  # ... on a site of this many pages
TARGET_SCALE_TOLERANCE = 0.20  # ms/page at 10,000 pages within ±20 % of ms/page at 1,000
TARGET_SCALE_FROM = 1_000
TARGET_PEAK_RSS_MB = 1536.0  # 1.5 GB
#: Environment variables naming a PostgreSQL server (first one set wins); each run gets a fresh database.
POSTGRES_ENV = ("NACHLESE_BENCH_POSTGRES_URL", "NACHLESE_TEST_POSTGRES_URL")
RSS_POLL_SECONDS = 0.2
#: The in-process reference times at most this many pages (evenly spread); per-page cost does not grow with N.
REFERENCE_PAGES = 2000
STAGES = ("extract", "entities", "store", "site_names")


@dataclass(slots=True)
class RunResult:
    """One crawl of one site into one database. Per-page figures are divided by the pages served."""

    pages: int  # size of the generated site
    database: str  # sqlite | postgresql
    entities: bool
    served: int = 0  # HTML pages the server answered with 200 (robots.txt not counted)
    missing: int = 0  # requests the server answered with 404 (URLs the crawler guessed or misread)
    missing_paths: list[str] = field(default_factory=list)  # the first of them
    fetched: int = 0  # responses the crawler counted (its summary; includes robots.txt)
    articles_expected: int = 0
    articles_stored: int = 0  # new + changed in the crawl summary
    failed: int = 0
    wall_s: float = 0.0  # the crawl process from start to exit, interpreter start-up included
    crawl_s: float = 0.0  # the crawl itself, as the summary measures it (reactor start to close)
    cpu_s: float = 0.0  # user + system CPU time of the crawl process
    peak_rss_mb: float = 0.0  # largest sum of RSS over the crawl's process tree (NER workers included)
    peak_pss_mb: float = 0.0  # the same as proportional set size: shared pages counted once
    processes: int = 0  # most processes in the crawl's tree at once
    pages_per_second: float = 0.0  # served / wall_s: end to end
    ms_per_page: float = 0.0  # wall_s / served
    cpu_ms_per_page: float = 0.0  # all processes and threads of the crawl
    # Where the CPU went (ms per page): the crawl's main thread (reactor: fetch, parse, links, extract),
    # its other threads (the store pipeline's writer thread), and its child processes (the NER workers).
    main_cpu_ms_per_page: float = 0.0
    threads_cpu_ms_per_page: float = 0.0
    children_cpu_ms_per_page: float = 0.0
    # Stage columns, CPU ms per page (see split_stages): fetch, extract, entities, store.
    stage_ms_per_page: dict[str, float] = field(default_factory=dict)
    extract_measured_in_process: bool = False
    # The pipeline's own timers (`nachlese/time/<stage>_ms` per page): wall time, and for the stages that
    # run off the reactor (entities, store) the time items waited, queueing included, so that summed over
    # concurrent items they can exceed the wall time. Kept for reference.
    timed_ms_per_page: dict[str, float] = field(default_factory=dict)
    # Pages/s the CPU figures allow on an idle machine with 2 free cores: the main and writer threads
    # share one interpreter lock, the NER workers run on another core (an estimate; see docs/performance.md).
    ceiling_pages_per_second: float = 0.0
    database_mb: float | None = None
    load_average: float = 0.0  # 1-minute load average of the machine when the run started
    profiled: bool = False
    returncode: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the crawl exited cleanly and served pages."""
        return self.returncode == 0 and self.served > 0 and self.error is None


@dataclass(slots=True)
class Reference:
    """In this process, on the site's pages (all, or an even sample): CPU ms per page of plain trafilatura
    and of nachlese's own extraction (as the extract pipeline runs it), and how right nachlese was."""

    site_pages: int
    pages: int  # pages timed
    trafilatura_ms_per_page: float
    trafilatura_no_result: int  # pages for which trafilatura returned nothing
    extract_ms_per_page: float | None = None  # nachlese extract_page; None when it could not run
    checks: dict[str, int] = field(default_factory=dict)  # articles/titles/dates right, against the truth
    error: str | None = None


@dataclass(slots=True)
class Target:
    """One target of the issue with its verdict (PASS, FAIL or n/a) and the figures behind it."""

    name: str
    verdict: str
    detail: str


# --- databases ------------------------------------------------------------------------------------------
def postgres_admin_url() -> str | None:
    """The PostgreSQL URL from the environment, or None."""
    for name in POSTGRES_ENV:
        if os.environ.get(name):
            return os.environ[name]
    return None


@contextmanager
def fresh_database(kind: str, folder: Path, label: str, *, keep: bool) -> Iterator[tuple[str, Any]]:
    """A new, empty database for one run: its URL and a function returning its size in MB (or None)."""
    if kind == "sqlite":
        path = folder / f"{label}.sqlite"

        def sqlite_size() -> float:
            files = [path, path.with_name(path.name + "-wal")]
            return sum(f.stat().st_size for f in files if f.exists()) / 2**20

        yield f"sqlite:///{path}", sqlite_size
        return
    admin = postgres_admin_url()
    if admin is None:
        raise SystemExit(f"--db postgresql needs a server URL in {' or '.join(POSTGRES_ENV)}")
    from sqlalchemy import create_engine, text  # noqa: PLC0415 - only PostgreSQL runs need it
    from sqlalchemy.engine import make_url  # noqa: PLC0415
    from sqlalchemy.exc import DBAPIError  # noqa: PLC0415

    # a fresh schema per run, as the test suite does: dropping it is instant (a database drop waits
    # for a checkpoint), and the role needs no CREATEDB right
    name = f"bench_{label}_{uuid.uuid4().hex[:8]}".replace("-", "_")
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    url = make_url(admin).update_query_dict({"options": f"-csearch_path={name}"})
    size_sql = ("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                f"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{name}' AND c.relkind = 'r'")

    def postgres_size() -> float | None:
        try:
            with engine.connect() as connection:
                return float(connection.execute(text(size_sql)).scalar_one()) / 2**20
        except DBAPIError:
            return None

    try:
        yield url.render_as_string(hide_password=False), postgres_size
    finally:
        if keep:
            print(f"kept PostgreSQL schema {name}", file=sys.stderr)
        else:
            with engine.connect() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        engine.dispose()


# --- one crawl ------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Measured:
    """What the operating system tells about one finished crawl and the processes it started."""

    returncode: int
    stdout: str
    wall_s: float
    cpu_s: float  # user + system of the crawl process and every child it waited for (NER workers)
    children_cpu_s: float  # of that, in child processes (the NER workers)
    threads_cpu_s: float  # of that, in the crawl process's threads other than the main one (the writer)
    peak_rss_mb: float  # largest sum of resident memory over the process tree at one moment
    peak_pss_mb: float  # the same as proportional set size (shared pages counted once)
    processes: int  # most processes seen at once in the tree


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _read(path: str) -> str:
    try:
        with open(path, encoding="ascii", errors="replace") as file:
            return file.read()
    except OSError:
        return ""


def _cpu_s(stat: str) -> float:
    """utime + stime in seconds from a /proc/.../stat line (fields after the command name)."""
    fields = stat.rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS if len(fields) > 12 else 0.0


def _status_kb(status: str, key: str) -> int:
    for line in status.splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    return 0


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc/PID/task/TID/children)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for tid in tasks:
            queue += [int(child) for child in _read(f"/proc/{current}/task/{tid}/children").split()]
    return found


class TreeMonitor:
    """Polls a process tree in a thread: memory peaks, CPU per process and per thread of the root."""

    def __init__(self, pid: int, interval: float = RSS_POLL_SECONDS) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self.processes = 0
        self.children_cpu: dict[int, float] = {}  # descendant pid -> CPU seconds (last polled)
        self.root_threads_cpu: dict[int, float] = {}  # thread id of the root -> CPU seconds (last polled)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-monitor", daemon=True)

    def __enter__(self) -> TreeMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def poll(self) -> None:
        """One look at the tree."""
        pids = _tree(self.pid)
        rss = pss = 0
        for pid in pids:
            rss += _status_kb(_read(f"/proc/{pid}/status"), "VmRSS:")
            pss += _status_kb(_read(f"/proc/{pid}/smaps_rollup"), "Pss:")
            if pid != self.pid and (stat := _read(f"/proc/{pid}/stat")):
                self.children_cpu[pid] = _cpu_s(stat)
        with contextlib.suppress(OSError):
            for tid in os.listdir(f"/proc/{self.pid}/task"):
                if stat := _read(f"/proc/{self.pid}/task/{tid}/stat"):
                    self.root_threads_cpu[int(tid)] = _cpu_s(stat)
        self.peak_rss_kb = max(self.peak_rss_kb, rss)
        self.peak_pss_kb = max(self.peak_pss_kb, pss)
        self.processes = max(self.processes, len(pids))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll()
            self._stop.wait(self.interval)

    @property
    def children_cpu_s(self) -> float:
        """CPU seconds of the descendant processes (last polled values)."""
        return sum(self.children_cpu.values())

    @property
    def threads_cpu_s(self) -> float:
        """CPU seconds of the root's threads other than its main thread (last polled values)."""
        return sum(cpu for tid, cpu in self.root_threads_cpu.items() if tid != self.pid)


def run_crawl(command: Sequence[str], log: Path, timeout: float) -> Measured:
    """Run the crawl and measure it: wall and CPU time, CPU outside the main thread, peak memory.

    Memory is polled every RSS_POLL_SECONDS over the whole process tree (the NER workers are
    processes); the crawl process's own ``ru_maxrss`` from ``wait4`` is a floor. CPU comes from
    ``wait4`` (which counts the children the crawl waited for); a process or thread that ends loses
    at most one poll interval of its CPU time in the split by process and thread.
    """
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with open(log, "wb") as stderr, tempfile.TemporaryFile() as stdout:
        started = time.monotonic()
        # its own process group, so that a timeout or Ctrl-C ends a profiler and its crawl together
        process = subprocess.Popen(list(command), stdout=stdout, stderr=stderr, cwd=ROOT, env=env,
                                   start_new_session=True)

        def stop(signal_number: int) -> None:
            logger.error("crawl exceeded %s s; sending signal %s", timeout, signal_number)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal_number)

        # first ask Scrapy to close, a minute later insist
        timers = [threading.Timer(timeout, stop, (signal.SIGTERM,)),
                  threading.Timer(timeout + 60, stop, (signal.SIGKILL,))]
        try:
            with TreeMonitor(process.pid) as monitor:
                for timer in timers:
                    timer.start()
                _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            stop(signal.SIGKILL)
            process.wait()
            raise
        finally:
            for timer in timers:
                timer.cancel()
        wall = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        output = stdout.read().decode("utf-8", "replace")
    return Measured(
        returncode=process.returncode, stdout=output, wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime,
        children_cpu_s=monitor.children_cpu_s, threads_cpu_s=monitor.threads_cpu_s,
        peak_rss_mb=max(monitor.peak_rss_kb, usage.ru_maxrss) / 1024, peak_pss_mb=monitor.peak_pss_kb / 1024,
        processes=monitor.processes,
    )



def crawl_command(url: str, database_url: str, *, entities: bool, profile: Path | None = None,
                  profiler: str = "cprofile", memory_trace: Path | None = None) -> list[str]:
    """The `nachlese crawl` command line (in this interpreter), optionally under a profiler.

    ``profiler`` is "py-spy" (samples every thread of the crawl and of the NER worker processes; writes
    folded stacks to ``profile``) or "cprofile" (the crawl's main thread only: entity tagging is missed).
    """
    crawl = ["-m", "nachlese.cli", "crawl", url, "--db", database_url, "--delay", "0"]
    crawl += [] if entities else ["--no-entities"]
    if memory_trace is not None:
        crawl += ["--set", f"NACHLESE_MEMORY_TRACE={memory_trace}"]
    if profile is None:
        return [sys.executable, *crawl]
    if profiler == "py-spy":
        py_spy = shutil.which("py-spy") or "py-spy"
        return [py_spy, "record", "--format", "raw", "--threads", "--subprocesses", "--rate", "100",
                "--output", str(profile), "--", sys.executable, *crawl]
    return [sys.executable, "-m", "cProfile", "-o", str(profile), *crawl]


def summary_of(output: str) -> dict[str, Any] | None:
    """The JSON summary `nachlese crawl` prints as its last stdout line, or None."""
    for line in reversed(output.strip().splitlines()):
        if line.strip().startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                return None
            return value if isinstance(value, dict) else None
    return None


def _tail(path: Path, lines: int = 25) -> str:
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:])


def bench_one(site: Site, database: str, *, entities: bool, folder: Path, keep: bool, timeout: float,
              profile_dir: Path | None = None, profiler: str = "cprofile", memory_trace: bool = False) -> RunResult:
    """Serve ``site``, crawl it into a fresh ``database`` and measure."""
    label = f"{site.pages}-{database}-{'ner' if entities else 'noner'}"
    result = RunResult(pages=site.pages, database=database, entities=entities,
                       articles_expected=site.articles, load_average=os.getloadavg()[0])
    suffix = ".folded" if profiler == "py-spy" else ".prof"
    profile = profile_dir / f"crawl-{label}{suffix}" if profile_dir is not None else None
    result.profiled = profile is not None
    with fresh_database(database, folder, label, keep=keep) as (database_url, size_of), SiteServer(site) as server:
        print(f"[bench] {label}: crawling {server.url} into {database_url.split('@')[-1]}", file=sys.stderr)
        log = folder / f"crawl-{label}.log"
        trace = folder / f"memory-{label}.jsonl" if memory_trace else None
        command = crawl_command(server.url, database_url, entities=entities, profile=profile, profiler=profiler,
                                memory_trace=trace)
        measured = run_crawl(command, log, timeout)
        code, output, wall, cpu = measured.returncode, measured.stdout, measured.wall_s, measured.cpu_s
        result.returncode, result.wall_s, result.cpu_s = code, round(wall, 2), round(cpu, 2)
        result.peak_rss_mb, result.peak_pss_mb = round(measured.peak_rss_mb, 1), round(measured.peak_pss_mb, 1)
        result.processes = measured.processes
        result.served = server.counts["pages"]
        result.missing, result.missing_paths = server.counts["missing"], server.missing
        if trace is not None:
            print(f"[bench] memory trace: {trace}", file=sys.stderr)
        size = size_of()
        result.database_mb = round(size, 1) if size is not None else None
    summary = summary_of(output)
    if code != 0 or summary is None:
        result.error = f"crawl exited with {code}; its log ends (all of it with --keep):\n{_tail(log)}"
        return result
    fetched = int(summary.get("fetched", 0))
    result.fetched = fetched
    result.articles_stored = int(summary.get("new", 0)) + int(summary.get("changed", 0))
    result.failed = int(summary.get("failed", 0))
    result.crawl_s = float(summary.get("seconds", 0.0))
    pages = result.served
    if not pages:
        result.error = f"the crawl fetched no page of the site; log {log}"
        return result
    result.pages_per_second = round(pages / wall, 2)
    result.ms_per_page = round(wall * 1000 / pages, 2)
    per_page = 1000 / pages
    result.cpu_ms_per_page = round(cpu * per_page, 2)
    children, threads = measured.children_cpu_s * per_page, measured.threads_cpu_s * per_page
    main = max(cpu * per_page - children - threads, 0.0)
    result.main_cpu_ms_per_page, result.threads_cpu_ms_per_page = round(main, 2), round(threads, 2)
    result.children_cpu_ms_per_page = round(children, 2)
    result.timed_ms_per_page = {
        stage: round(float(summary.get(f"{stage}_ms_per_page", 0.0)) * fetched / pages, 2) for stage in STAGES
    }
    bound = max(main + threads, children)
    result.ceiling_pages_per_second = round(1000 / bound, 1) if bound else 0.0
    split_stages(result, None)
    if profile is not None:
        write_profile_report(profile)
    return result


def write_profile_report(profile: Path, top: int = 40) -> None:
    """Beside the profile, a text file: per stage for py-spy stacks, top functions for cProfile."""
    report = profile.with_suffix(".txt")
    if profile.suffix == ".folded":
        report.write_text(summarise_stacks(profile), encoding="utf-8")
    else:
        with open(report, "w", encoding="utf-8") as out:
            stats = pstats.Stats(str(profile), stream=out)
            stats.sort_stats("tottime").print_stats(top)
            stats.sort_stats("cumulative").print_stats(top)
    print(f"[bench] profile: {profile} (summary: {report})", file=sys.stderr)


# --- reference ------------------------------------------------------------------------------------------
def sample(targets: Sequence[str], limit: int | None) -> list[str]:
    """All targets, or ``limit`` of them evenly spread (start page first, articles and listings alike)."""
    if not limit or limit >= len(targets):
        return list(targets)
    step = len(targets) / limit
    return [targets[int(index * step)] for index in range(limit)]


def reference(site: Site, limit: int | None = REFERENCE_PAGES) -> Reference:
    """Time trafilatura and nachlese's extraction on the site's pages in this process (CPU time).

    Rendering is not timed. nachlese's extraction runs as its pipeline does (one boilerplate profile
    for the site, observed page by page); its records are checked against the generator's truth.
    """
    import trafilatura  # noqa: PLC0415 - heavy imports, only needed here

    targets = sample(site.targets(), limit)
    base = "http://127.0.0.1"
    try:
        from crawler.settings import NACHLESE_BOILERPLATE_MIN_PAGES  # noqa: PLC0415
        from extract import BoilerplateProfile, PageKind, extract_page  # noqa: PLC0415

        profile = BoilerplateProfile(min_site_pages=NACHLESE_BOILERPLATE_MIN_PAGES)
        nachlese_error = None
    except Exception as exc:  # the extraction layer being rebuilt must not stop the benchmark
        nachlese_error = f"nachlese extraction unavailable: {type(exc).__name__}: {exc}"
    truth = {meta.target: meta for meta in (site.article(n) for n in range(1, site.articles + 1))}
    spent = {"trafilatura": 0.0, "nachlese": 0.0}
    checks = {"pages": 0, "articles_expected": 0, "articles_found": 0, "titles_right": 0, "dates_right": 0,
              "non_articles_as_articles": 0}
    empty = 0
    for target in targets:
        page = site.render(target)
        assert page is not None
        url = base + target
        started = time.thread_time()
        document = trafilatura.bare_extraction(page.body, url=url, with_metadata=True)
        spent["trafilatura"] += time.thread_time() - started
        empty += document is None
        if nachlese_error is not None:
            continue
        headers = {"content-type": "text/html; charset=ISO-8859-1" if page.charset_in_header else "text/html"}
        started = time.thread_time()
        try:
            profile.observe(page.body, url)
            record = extract_page(page.body, url, headers, site_profile=profile)
        except Exception as exc:
            nachlese_error = f"extract_page failed on {target}: {type(exc).__name__}: {exc}"
            continue
        finally:
            spent["nachlese"] += time.thread_time() - started
        meta = truth.get(target)
        is_article = record.kind is PageKind.ARTICLE
        checks["pages"] += 1
        checks["articles_expected"] += meta is not None
        checks["articles_found"] += is_article and meta is not None
        checks["non_articles_as_articles"] += is_article and meta is None
        if meta is not None:
            checks["titles_right"] += record.title == meta.title
            # the day; the time zone of a printed time is the extractor's call (en pages: UTC, de: Berlin)
            checks["dates_right"] += record.published is not None and record.published.date() == meta.published.date()
    per_page = 1000 / len(targets)
    return Reference(
        site_pages=site.pages, pages=len(targets),
        trafilatura_ms_per_page=round(spent["trafilatura"] * per_page, 2), trafilatura_no_result=empty,
        extract_ms_per_page=None if nachlese_error else round(spent["nachlese"] * per_page, 2),
        checks={} if nachlese_error else checks, error=nachlese_error,
    )


def split_stages(result: RunResult, extract_cpu_ms: float | None) -> None:
    """Fill the stage columns of a finished run: CPU ms per page, adding up to its CPU time.

    extract: nachlese's extraction measured in-process on the same pages (``extract_cpu_ms``; without
    it, the pipeline's timer, which is wall time and so grows when the machine is busy); fetch: the
    rest of the crawl's main thread; entities: the NER worker processes; store: the writer thread.
    """
    if not result.ok:
        return
    extract = extract_cpu_ms if extract_cpu_ms is not None else result.timed_ms_per_page.get("extract", 0.0)
    result.stage_ms_per_page = {
        "fetch": round(max(result.main_cpu_ms_per_page - extract, 0.0), 2),
        "extract": round(extract, 2),
        "entities": result.children_cpu_ms_per_page,
        "store": result.threads_cpu_ms_per_page,
    }
    result.extract_measured_in_process = extract_cpu_ms is not None


# --- verdicts and output --------------------------------------------------------------------------------
def judge(results: Sequence[RunResult]) -> list[Target]:
    """The issue's three targets against the runs made (n/a when the runs needed were not made)."""
    verdicts: list[Target] = []
    big = [r for r in results if r.ok and r.pages == TARGET_AT_PAGES and r.database == "sqlite" and r.entities]
    if big:
        rate = min(r.pages_per_second for r in big)
        ceiling = min(r.ceiling_pages_per_second for r in big)
        verdicts.append(Target(f"≥ {TARGET_PAGES_PER_SECOND:g} pages/s, {TARGET_AT_PAGES:,} pages, entities, SQLite",
                               "PASS" if rate >= TARGET_PAGES_PER_SECOND else "FAIL",
                               f"{rate:.1f} pages/s measured, {ceiling:.1f} pages/s CPU ceiling on 2 idle cores"))
    else:
        verdicts.append(Target(f"≥ {TARGET_PAGES_PER_SECOND:g} pages/s, {TARGET_AT_PAGES:,} pages, entities, SQLite",
                               "n/a", f"needs --pages {TARGET_AT_PAGES} with SQLite and entities"))
    pairs = []
    for large in results:
        if not large.ok or large.pages != TARGET_AT_PAGES:
            continue
        for small in results:
            if (small.ok and small.pages == TARGET_SCALE_FROM and small.database == large.database
                    and small.entities == large.entities):
                change = large.ms_per_page / small.ms_per_page - 1
                cpu_change = large.cpu_ms_per_page / small.cpu_ms_per_page - 1
                pairs.append((abs(change) <= TARGET_SCALE_TOLERANCE,
                              f"{large.database}{'' if large.entities else ' no-entities'}: "
                              f"{small.ms_per_page:.1f} -> {large.ms_per_page:.1f} ms/page ({change:+.0%}; "
                              f"CPU {small.cpu_ms_per_page:.1f} -> {large.cpu_ms_per_page:.1f}, {cpu_change:+.0%})"))
    name = f"ms/page within ±{TARGET_SCALE_TOLERANCE:.0%} from {TARGET_SCALE_FROM:,} to {TARGET_AT_PAGES:,} pages"
    if pairs:
        verdicts.append(Target(name, "PASS" if all(ok for ok, _ in pairs) else "FAIL",
                               "; ".join(detail for _, detail in pairs)))
    else:
        verdicts.append(Target(name, "n/a", f"needs --pages {TARGET_SCALE_FROM} --pages {TARGET_AT_PAGES}"))
    measured = [r for r in results if r.ok]
    if measured:
        peak = max(r.peak_rss_mb for r in measured)
        verdicts.append(Target(f"peak RSS ≤ {TARGET_PEAK_RSS_MB / 1024:.1f} GB",
                               "PASS" if peak <= TARGET_PEAK_RSS_MB else "FAIL", f"max {peak:.0f} MB"))
    else:
        verdicts.append(Target(f"peak RSS ≤ {TARGET_PEAK_RSS_MB / 1024:.1f} GB", "n/a", "no crawl finished"))
    return verdicts


COLUMNS = ("pages", "db", "NER", "served", "articles", "pages/s", "ms/page", "CPU ms/page", "fetch", "extract",
           "entities", "store", "ceiling p/s", "start-up s", "peak RSS MB", "db MB", "load")


def _row(r: RunResult) -> tuple[str, ...]:
    """One table row; a failed run shows FAILED and nothing else."""
    head = (f"{r.pages:,}", r.database, "yes" if r.entities else "no")
    if not r.ok:
        return (*head, "FAILED", *[""] * (len(COLUMNS) - 4))
    stage = r.stage_ms_per_page
    figures = (r.pages_per_second, r.ms_per_page, r.cpu_ms_per_page, stage["fetch"], stage["extract"],
               stage["entities"], stage["store"], r.ceiling_pages_per_second, r.wall_s - r.crawl_s)
    return (
        *head, f"{r.served:,}", f"{r.articles_stored:,}/{r.articles_expected:,}", *(f"{f:.1f}" for f in figures),
        f"{r.peak_rss_mb:.0f}", "" if r.database_mb is None else f"{r.database_mb:.1f}", f"{r.load_average:.1f}",
    )


def table(results: Sequence[RunResult], references: Sequence[Reference], verdicts: Sequence[Target]) -> str:
    """The results as one plain-text table, followed by the reference and the targets."""
    rows = [_row(r) for r in results]
    widths = [max(len(c), *(len(row[i]) for row in rows)) if rows else len(c) for i, c in enumerate(COLUMNS)]
    lines = ["  ".join(c.rjust(w) for c, w in zip(COLUMNS, widths, strict=True))]
    lines += ["  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    lines.append("(ms/page: wall time. Stage columns: CPU ms per page; fetch = the crawl's main thread minus "
                 "extract, extract = nachlese's extraction timed in-process on the same pages, entities = the NER "
                 "worker processes, store = the writer thread. ceiling = pages/s these CPU costs allow on 2 idle "
                 "cores. load = 1-minute load average at the start.)")
    for r in results:
        if r.ok and r.timed_ms_per_page.get("site_names"):
            seconds = r.timed_ms_per_page["site_names"] * r.pages / 1000
            lines.append(f"({r.pages:,} pages: the site-wide name step at the crawl's end took {seconds:.1f} s, "
                         "part of ms/page and of fetch)")
    if any(r.ok and not r.extract_measured_in_process for r in results):
        lines.append("(no in-process reference: extract is the pipeline's timer, wall time, and fetch what remains)")
    if any(r.profiled for r in results):
        lines.append("(profiled runs: the profiler slows the crawl and its RSS is the profiler's; "
                     "read the profile, not these timings)")
    for ref in references:
        lines.append(f"reference, in-process CPU on {ref.pages:,} of the {ref.site_pages:,} pages: "
                     f"trafilatura.bare_extraction(with_metadata=True) {ref.trafilatura_ms_per_page:.1f} ms/page "
                     f"({ref.trafilatura_no_result} without result)"
                     + (f"; nachlese extract_page {ref.extract_ms_per_page:.1f} ms/page"
                        if ref.extract_ms_per_page is not None else f"; {ref.error}"))
        if ref.checks:
            c = ref.checks
            lines.append(f"  nachlese on the synthetic truth: {c['articles_found']}/{c['articles_expected']} articles "
                         f"found, titles right {c['titles_right']}, dates right {c['dates_right']}, "
                         f"{c['non_articles_as_articles']} other pages taken for articles")
    for verdict in verdicts:
        lines.append(f"target {verdict.verdict:>4}: {verdict.name}: {verdict.detail}")
    for r in results:
        if r.error:
            lines.append(f"FAILED {r.pages:,} {r.database} entities={r.entities}: {r.error}")
            continue
        if r.served != r.pages or r.articles_stored != r.articles_expected:
            lines.append(f"WARNING {r.pages:,} {r.database}: crawled {r.served:,} of {r.pages:,} pages, stored "
                         f"{r.articles_stored:,} of {r.articles_expected:,} articles ({r.failed} failed)")
        if r.missing:
            lines.append(f"NOTE {r.pages:,} {r.database}: {r.missing} requests for pages the site does not have "
                         f"(404), e.g. {', '.join(r.missing_paths[:3])}")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "platform": platform.platform(), "load_average": os.getloadavg()}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, action="append", metavar="N",
                        help="site size; repeat for several (default: 1000)")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="sqlite",
                        help=f"database(s) to store into; PostgreSQL from {' or '.join(POSTGRES_ENV)}")
    parser.add_argument("--no-entities", dest="entities", action="store_const", const="off", default="on",
                        help="crawl without entity tagging (same as --entities off)")
    parser.add_argument("--entities", choices=("on", "off", "both"), help="with, without or both")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="site generator seed")
    parser.add_argument("--long-pages", nargs="?", type=Path, const=DEFAULT_TEXT, default=None, metavar="TEXT.xz",
                        help="German articles get long bodies of real prose (800-2,600 words each, no two alike) "
                             f"cut from TEXT.xz (default: {DEFAULT_TEXT.relative_to(ROOT.parent)}): a long real site")
    parser.add_argument("--huge-every", type=int, default=0, metavar="K",
                        help="with --long-pages: every K-th article is one huge page of 60,000 words (0: none)")
    parser.add_argument("--memory-trace", action="store_true",
                        help="the crawl writes what its big structures hold and its RSS every few seconds "
                             "(NACHLESE_MEMORY_TRACE) to memory-*.jsonl in the --keep folder (or a temporary one)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the results as JSON to OUT")
    parser.add_argument("--no-reference", dest="reference", action="store_false",
                        help="skip the in-process reference (trafilatura, and nachlese's extract CPU time)")
    parser.add_argument("--reference-pages", type=int, default=REFERENCE_PAGES, metavar="K",
                        help=f"reference on at most K pages, evenly spread (default: {REFERENCE_PAGES}; 0: all)")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="run each crawl under a profiler, writing DIR/crawl-* and a summary .txt beside")
    parser.add_argument("--profiler", choices=("auto", "py-spy", "cprofile"), default="auto",
                        help="py-spy (all threads, per-stage summary; used by auto when on PATH) or cProfile")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep databases and crawl logs in DIR")
    parser.add_argument("--timeout", type=float, default=7200.0, help="seconds before a crawl is stopped")
    args = parser.parse_args(argv)
    args.pages = args.pages or [1000]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run every (pages, database, entities) combination, print the table, optionally write JSON."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="[bench] %(message)s")
    databases = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    modes = {"on": [True], "off": [False], "both": [True, False]}[args.entities or "on"]
    if "postgresql" in databases and postgres_admin_url() is None:
        print(f"--db {args.db} needs a PostgreSQL URL in {' or '.join(POSTGRES_ENV)}", file=sys.stderr)
        return 2
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    profiler = args.profiler
    if profiler == "auto":
        profiler = "py-spy" if shutil.which("py-spy") else "cprofile"
    started = datetime.now(UTC)
    results: list[RunResult] = []
    references: list[Reference] = []
    folder = Path(tempfile.mkdtemp(prefix="nachlese-bench-")) if args.keep is None else args.keep
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for pages in sorted(set(args.pages)):
            body_source = None
            if args.long_pages is not None:
                body_source = LongText(pages, path=args.long_pages, seed=args.seed, huge_every=args.huge_every)
                print(f"[bench] long pages: {body_source.words:,} words of {args.long_pages.name}", file=sys.stderr)
            site = Site(pages, seed=args.seed, body_source=body_source)
            for database in databases:
                for entities in modes:
                    result = bench_one(site, database, entities=entities, folder=folder, keep=args.keep is not None,
                                       timeout=args.timeout, profile_dir=args.profile, profiler=profiler,
                                       memory_trace=args.memory_trace)
                    results.append(result)
                    print(f"[bench] {json.dumps(asdict(result))}", file=sys.stderr)
            if args.reference:
                ref = reference(site, args.reference_pages)
                references.append(ref)
                for result in results:
                    if result.pages == pages:
                        split_stages(result, ref.extract_ms_per_page)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    verdicts = judge(results)
    print(table(results, references, verdicts))
    if args.json is not None:
        document = {
            "started": started.isoformat(timespec="seconds"), "seed": args.seed, "machine": machine(),
            "runs": [asdict(r) for r in results], "reference": [asdict(r) for r in references],
            "targets": [asdict(v) for v in verdicts],
        }
        args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
