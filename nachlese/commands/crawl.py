"""`nachlese crawl`: run the news spider over one or more sites into a database."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.extensions import summarise
from crawler.spiders.news import NewsSpider
from extract.entities import DEFAULT_NER_MODELS


def parse_model_options(values: Sequence[str]) -> dict[str, str]:
    """`de=de_core_news_lg` options -> {"de": "de_core_news_lg"} over the default models."""
    models = dict(DEFAULT_NER_MODELS)
    for value in values:
        language, sep, name = value.partition("=")
        if not sep or not language or not name:
            raise argparse.ArgumentTypeError(f"--ner-model takes LANG=PACKAGE_OR_PATH, got {value!r}")
        models[language] = name
    return models


def crawl_settings(database_url: str, *, delay: float | None = None, max_pages: int | None = None,
                   entities: bool = True, ner_models: dict[str, str] | None = None,
                   job_dir: str | None = None, log_level: str = "WARNING") -> Settings:
    """Scrapy settings for one crawl: the project's defaults with the command-line choices on top."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    overrides: dict[str, Any] = {
        "NACHLESE_DATABASE_URL": database_url,
        "NACHLESE_ENTITIES_ENABLED": entities,
        "LOG_LEVEL": log_level.upper(),
    }
    if ner_models:
        overrides["NACHLESE_NER_MODELS"] = ner_models
    if delay is not None:
        overrides["DOWNLOAD_DELAY"] = delay
        overrides["AUTOTHROTTLE_START_DELAY"] = max(delay, 0.01)
        if delay == 0:
            overrides["AUTOTHROTTLE_ENABLED"] = False
            overrides["RANDOMIZE_DOWNLOAD_DELAY"] = False
    if max_pages:
        overrides["CLOSESPIDER_PAGECOUNT"] = max_pages
    if job_dir:
        overrides["JOBDIR"] = job_dir
    settings.setdict(overrides, priority="cmdline")
    return settings


def run_crawl(urls: Sequence[str], settings: Settings) -> dict[str, float | int]:
    """Crawl ``urls`` with ``settings`` in this process; returns the summary figures."""
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(NewsSpider)
    started = time.monotonic()
    process.crawl(crawler, start_urls=list(urls))
    process.start()
    assert crawler.stats is not None
    return summarise(crawler.stats.get_stats(), time.monotonic() - started)


def add_crawl_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by `crawl` and `demo`."""
    parser.add_argument("--delay", type=float, default=None,
                        help="seconds between requests to one site (default: 1.0 with AutoThrottle)")
    parser.add_argument("--max-pages", type=int, default=None, help="stop after this many responses")
    parser.add_argument("--no-entities", action="store_true", help="skip entity tagging")
    parser.add_argument("--ner-model", action="append", default=[], metavar="LANG=MODEL",
                        help="spaCy pipeline for a language, e.g. de=de_core_news_lg (repeatable)")


def handle(args: argparse.Namespace) -> int:
    settings = crawl_settings(
        args.db, delay=args.delay, max_pages=args.max_pages, entities=not args.no_entities,
        ner_models=parse_model_options(args.ner_model), log_level=args.log_level,
    )
    summary = run_crawl(args.urls, settings)
    print(json.dumps(summary), file=sys.stdout)
    return 0


def register(commands: Any) -> None:
    """Add the `crawl` subcommand."""
    parser = commands.add_parser("crawl", help="crawl legacy sites into a database")
    parser.add_argument("urls", nargs="+", metavar="URL", help="start URL(s); the crawl stays on their sites")
    parser.add_argument("--db", default="sqlite:///nachlese.sqlite", help="database URL or SQLite path")
    add_crawl_options(parser)
    parser.set_defaults(handler=handle)
