"""`nachlese crawl`: run the news spider over one or more sites into a database."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.extensions import summarise
from crawler.resources import CrawlDatabase, attach_database
from crawler.spiders.distributed import DistributedNewsSpider
from crawler.spiders.news import NewsSpider
from db.locks import SiteLock
from extract.entities import DEFAULT_NER_MODELS
from extract.urls import site_key
from nachlese.errors import CommandFailed, ExitCode, UsageError
from nachlese.preflight import check_database, check_models, check_reachable, check_start_urls, new_sqlite_files


def parse_model_options(values: Sequence[str]) -> dict[str, str]:
    """`de=de_core_news_lg` options -> {"de": "de_core_news_lg"} over the default models."""
    models = dict(DEFAULT_NER_MODELS)
    for value in values:
        language, sep, name = value.partition("=")
        if not sep or not language or not name:
            raise UsageError(f"--ner-model takes LANG=PACKAGE_OR_PATH, got {value!r}")
        models[language] = name
    return models


def crawl_settings(database_url: str, *, delay: float | None = None, max_pages: int | None = None,
                   entities: bool = True, ner_models: dict[str, str] | None = None,
                   resume: bool = False, redis_url: str | None = None, crawl_id: str | None = None,
                   overrides_text: Sequence[str] = (), media_dir: str | None = None,
                   log_level: str = "WARNING") -> Settings:
    """Scrapy settings for one crawl: the project's defaults with the command-line choices on top."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    overrides: dict[str, Any] = {
        "NACHLESE_DATABASE_URL": database_url,
        "NACHLESE_ENTITIES_ENABLED": entities,
        "LOG_LEVEL": log_level.upper(),
        "NACHLESE_COMMAND_LINE": True,  # this command reports unreachable start URLs and exit codes itself
    }
    if ner_models:
        overrides["NACHLESE_NER_MODELS"] = ner_models
    if delay is not None:
        overrides["DOWNLOAD_DELAY"] = delay
        overrides["AUTOTHROTTLE_START_DELAY"] = max(delay, 0.01)
        if delay == 0:
            overrides["AUTOTHROTTLE_ENABLED"] = False
            overrides["DOWNLOAD_DELAY_JITTER"] = 0.0
    if max_pages:
        overrides["CLOSESPIDER_PAGECOUNT"] = max_pages
    overrides["NACHLESE_RESUME"] = resume
    if media_dir:
        overrides["NACHLESE_MEDIA_DIR"] = media_dir
    if redis_url:
        overrides.update(distributed_settings(redis_url, crawl_id or "default"))
    for item in overrides_text:
        name, sep, value = item.partition("=")
        if not sep or not name.isupper():
            raise UsageError(f"--set takes NAME=VALUE with an upper-case setting name, got {item!r}")
        overrides[name] = value
    settings.setdict(overrides, priority="cmdline")
    return settings


def distributed_settings(redis_url: str, crawl_id: str) -> dict[str, Any]:
    """scrapy-redis: shared request queue and duplicate filter in Redis, kept until the crawl id changes."""
    return {
        "NACHLESE_REDIS_URL": redis_url,
        "NACHLESE_CRAWL_ID": crawl_id,
        "REDIS_URL": redis_url,
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # one worker finishing must not wipe the queue of the others
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.FifoQueue",
        # "news", not the spider's name (news-distributed): the keys stay those of earlier versions
        "SCHEDULER_QUEUE_KEY": f"nachlese:news:{crawl_id}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"nachlese:news:{crawl_id}:dupefilter",
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,  # non-blocking pop: a blocking one stalls the reactor
    }


class _SignalRecordingProcess(CrawlerProcess):
    """A CrawlerProcess that remembers the first SIGINT/SIGTERM it shut down for (Scrapy handles the signal)."""

    received: int | None = None

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        if self.received is None:
            self.received = signum
        super()._signal_shutdown(signum, frame)


@dataclass(slots=True)
class CrawlOutcome:
    """What a finished `run_crawl` reports: the summary figures and why it stopped."""

    summary: dict[str, float | int]
    reason: str  # Scrapy's finish reason: finished, shutdown (a signal), closespider_pagecount, ...
    start_failed: list[str] = field(default_factory=list)  # start URLs not reached, each with its reason
    signal: int | None = None  # the signal that stopped the crawl, if one did

    @property
    def interrupted(self) -> bool:
        """Stopped by SIGINT/SIGTERM before it finished."""
        return self.signal is not None or self.reason == "shutdown"


def preflight(urls: Sequence[str], settings: Settings) -> dict[str, str]:
    """Everything that can be checked before the first fetch; returns start URLs whose server did not answer.

    Raises UsageError (URLs), ModelNotAvailableError, DatabaseError (exit 2) or CommandFailed when no start
    URL's server answers (exit 3). A crawl that cannot start leaves no new SQLite file behind.
    """
    check_start_urls(urls)
    if settings.getbool("NACHLESE_ENTITIES_ENABLED"):
        check_models(settings.getdict("NACHLESE_NER_MODELS"))
    database_url = settings["NACHLESE_DATABASE_URL"]
    created = new_sqlite_files(database_url)
    check_database(database_url)
    try:
        return check_reachable(urls)
    except CommandFailed:
        for path in created:
            path.unlink(missing_ok=True)
        raise


def run_crawl(urls: Sequence[str], settings: Settings) -> CrawlOutcome:
    """Crawl ``urls`` with ``settings`` in this process, holding each site's crawl lock.

    The crawl's database is opened here, once (it refuses to start without one), and handed to the
    crawl's components. Distributed workers (a Redis URL is set) share the site on purpose and take no lock.
    """
    with ExitStack() as locks:
        database = CrawlDatabase(str(settings.get("NACHLESE_DATABASE_URL") or ""))
        locks.callback(database.dispose)
        if not settings.get("NACHLESE_REDIS_URL"):
            for base in sorted({site_key(url) for url in urls}):
                locks.enter_context(SiteLock(database.engine, base))
            settings.set("NACHLESE_LOCK_HELD", True, priority="cmdline")
        if settings.getbool("NACHLESE_DISK_QUEUE") and not settings.get("JOBDIR"):
            queue_dir = locks.enter_context(tempfile.TemporaryDirectory(prefix="nachlese-queue-"))
            settings.set("JOBDIR", queue_dir, priority="cmdline")
        spider_cls = DistributedNewsSpider if settings.get("NACHLESE_REDIS_URL") else NewsSpider
        logging.root.handlers.clear()  # Scrapy installs its own handler at the crawl's LOG_LEVEL
        settings.set("LOG_INSTALL_ROOT_HANDLER", True, priority="cmdline")
        process = _SignalRecordingProcess(settings)
        crawler = process.create_crawler(spider_cls)
        attach_database(crawler, database)
        started = time.monotonic()
        process.crawl(crawler, start_urls=list(urls))
        process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    failed = stats.get("nachlese/start_urls_failed") or []
    return CrawlOutcome(summary=summarise(stats, time.monotonic() - started),
                        reason=str(stats.get("finish_reason", "")), start_failed=list(failed),
                        signal=process.received)


def crawl_exit(outcome: CrawlOutcome, *, fail_on_errors: bool) -> int:
    """The exit status of a crawl that ran (README "Exit codes"); raises CommandFailed with its one line."""
    summary = outcome.summary
    if outcome.interrupted:
        raise CommandFailed(f"interrupted after {summary['pages']} pages stored; "
                            "`--resume` continues where it stopped", ExitCode.INTERRUPTED)
    if outcome.start_failed:
        reached = int(summary.get("start_urls_reached", 0))
        what = "no start URL reachable" if not reached else f"{len(outcome.start_failed)} start URL(s) not reachable"
        raise CommandFailed(f"{what}: {'; '.join(outcome.start_failed)}", ExitCode.START_UNREACHABLE)
    if fail_on_errors and summary["failed"]:
        raise CommandFailed(f"finished, but {summary['failed']} of {summary['pages']} pages failed "
                            "(--fail-on-errors; their errors are in the pages table)", ExitCode.PARTIAL)
    return ExitCode.OK


def add_crawl_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by `crawl` and `demo`."""
    parser.add_argument("--delay", type=float, default=None,
                        help="seconds between requests to one site (default: 1.0 with AutoThrottle)")
    parser.add_argument("--max-pages", type=int, default=None, help="stop after this many responses")
    parser.add_argument("--no-entities", action="store_true", help="skip entity tagging")
    parser.add_argument("--media", metavar="DIR", default=None,
                        help="download article images and documents (PDF, DOC) into DIR")
    parser.add_argument("--ner-model", action="append", default=[], metavar="LANG=MODEL",
                        help="spaCy pipeline for a language, e.g. de=de_core_news_lg (repeatable)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", dest="overrides",
                        help="override a Scrapy or NACHLESE_* setting, e.g. DOWNLOAD_TIMEOUT=10 (repeatable)")
    parser.add_argument("--resume", action="store_true",
                        help="continue the site's interrupted crawl: pages it stored are not fetched again")
    parser.add_argument("--fail-on-errors", action="store_true",
                        help="exit 1 when any page failed (default: 0 once every start URL was reached)")


def handle(args: argparse.Namespace) -> int:
    settings = crawl_settings(
        args.db, delay=args.delay, max_pages=args.max_pages, entities=not args.no_entities,
        ner_models=parse_model_options(args.ner_model), resume=args.resume, redis_url=args.redis,
        crawl_id=args.crawl_id, overrides_text=args.overrides, media_dir=args.media, log_level=args.log_level,
    )
    unreachable = preflight(args.urls, settings)
    outcome = run_crawl(args.urls, settings)
    for url, why in unreachable.items():  # the crawl went on with the others; say why this one failed
        outcome.start_failed = [f"{url} ({why})" if failed.startswith(url + " ") else failed
                                for failed in outcome.start_failed]
    if outcome.summary.get("start_urls_reached") or not outcome.start_failed:
        print(json.dumps(outcome.summary), file=sys.stdout)
    return crawl_exit(outcome, fail_on_errors=args.fail_on_errors)


def register(commands: Any) -> None:
    """Add the `crawl` subcommand."""
    parser = commands.add_parser("crawl", help="crawl legacy sites into a database")
    parser.add_argument("urls", nargs="+", metavar="URL", help="start URL(s); the crawl stays on their sites")
    parser.add_argument("--db", default="sqlite:///nachlese.sqlite", help="database URL or SQLite path")
    parser.add_argument("--redis", default=None, metavar="REDIS_URL",
                        help="distributed mode: share the frontier through Redis (scrapy-redis); "
                             "start the same command on more machines to add workers")
    parser.add_argument("--crawl-id", default="default",
                        help="distributed mode: workers with the same id share one queue (default: default)")
    add_crawl_options(parser)
    parser.set_defaults(handler=handle)
