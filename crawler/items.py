"""The items of a crawl: the spider yields a FetchedPage, the extract pipeline turns it into a ProcessedPage."""

from __future__ import annotations

from extract.fetched import FetchedPage
from extract.processor import ProcessedPage

__all__ = ["FetchedPage", "ProcessedPage"]
