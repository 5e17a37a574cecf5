"""The page processor's options built from the crawl settings: one object for the crawl and the import."""

from __future__ import annotations

from scrapy.settings import BaseSettings, Settings

from extract.processor import ProcessorOptions
from extract.urls import UrlOptions

__all__ = ["default_processor_options", "processor_options", "url_options"]


def url_options(settings: BaseSettings) -> UrlOptions:
    """NACHLESE_DROP_QUERY_PARAMS and NACHLESE_IGNORED_QUERY_PARAMS as the URL policy's options."""
    return UrlOptions(
        drop_params=tuple(str(name) for name in settings.getlist("NACHLESE_DROP_QUERY_PARAMS")),
        ignored_params=tuple(str(name) for name in settings.getlist("NACHLESE_IGNORED_QUERY_PARAMS")),
    )


def processor_options(settings: BaseSettings) -> ProcessorOptions:
    """How the crawl's (and an import's) pages become records, from the NACHLESE_* settings."""
    return ProcessorOptions(
        urls=url_options(settings),
        boilerplate_min_pages=settings.getint("NACHLESE_BOILERPLATE_MIN_PAGES"),
        max_article_parts=settings.getint("NACHLESE_MAX_ARTICLE_PARTS"),
    )


def default_processor_options() -> ProcessorOptions:
    """``processor_options`` of the project's settings (crawler/settings.py): what an import uses."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return processor_options(settings)
