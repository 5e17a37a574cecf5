"""PageProcessor: fetched pages in, records out, with the site state (boilerplate profiles) they share.

The crawl, ``import-mirror``, ``import-warc`` and ``reprocess`` all hand their pages to one
``PageProcessor``; nothing else turns bytes into records. It does no I/O and knows nothing of
Scrapy or the database.

Site-level learning: each site's boilerplate profile learns from the pages as they come, so a page
processed early saw less of the site than a later one. ``provisional()`` names the pages whose
records may still change: pages extracted before one of their blocks became repeated (the
profile tracks them, see ``BoilerplateProfile``), pages extracted before the profile had seen
enough pages, and the first pages of multi-page articles (joined with their further pages at the
end). When a pass ends, its caller hands those pages to ``redo`` again (with the further pages of
an article) and stores the new records in place. Every page then has the record it would get with
the whole site's profile, whichever order and road the pages came by.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from extract.boilerplate import BoilerplateProfile
from extract.core import extract_page
from extract.fetched import FetchedPage
from extract.merge import merge_pages
from extract.record import PageKind, PageRecord, UnextractablePage
from extract.urls import DEFAULT_URL_OPTIONS, UrlOptions, fetch_url, site_key

__all__ = ["PageProcessor", "ProcessedPage", "ProcessorOptions"]

logger = logging.getLogger(__name__)

#: Pages of a site a boilerplate profile learns from before it removes anything (NACHLESE_BOILERPLATE_MIN_PAGES).
DEFAULT_BOILERPLATE_MIN_PAGES = 4
#: Most further pages of one multi-page article joined to its first page.
DEFAULT_MAX_ARTICLE_PARTS = 20


@dataclass(frozen=True, slots=True)
class ProcessorOptions:
    """How pages become records; the crawler builds it from its settings (``crawler.options``)."""

    urls: UrlOptions = DEFAULT_URL_OPTIONS
    boilerplate_min_pages: int = DEFAULT_BOILERPLATE_MIN_PAGES
    max_article_parts: int = DEFAULT_MAX_ARTICLE_PARTS


@dataclass(slots=True)
class ProcessedPage:
    """A fetched page and what became of it: its records, or why it has none.

    ``records``: what storage writes, in order. Empty for failures and for a 304 (the stored record
    stands); one record for an ordinary page (its ``kind`` says article, listing, other). Storage
    iterates the list, so a page that holds several items can return one record per item.
    ``error``: why the page has no record ("HTTP 404", "unextractable: ...").
    ``outcome``: set by storage (new, changed, unchanged, page_only, failed).
    """

    page: FetchedPage
    records: list[PageRecord] = field(default_factory=list)
    error: str | None = None
    outcome: str | None = None

    @property
    def record(self) -> PageRecord | None:
        """The first record (the page's own), or None."""
        return self.records[0] if self.records else None


class PageProcessor:
    """Turns FetchedPage values into ProcessedPage values; holds one boilerplate profile per site."""

    def __init__(self, options: ProcessorOptions | None = None) -> None:
        self.options = options or ProcessorOptions()
        self.profiles: dict[str, BoilerplateProfile] = {}
        self._early: dict[str, None] = {}  # extracted before their site's profile removed anything
        self._multipage: dict[str, list[str]] = {}  # first page URL -> its further pages, to join at the end

    def profile(self, url: str) -> BoilerplateProfile:
        """The boilerplate profile of the URL's site (created on first use)."""
        key = site_key(url)
        profile = self.profiles.get(key)
        if profile is None:
            profile = self.profiles[key] = BoilerplateProfile(min_site_pages=self.options.boilerplate_min_pages)
        return profile

    def normalise(self, page: FetchedPage) -> FetchedPage:
        """The page under its URL in fetch form; the URL as it came is kept as a redirect URL."""
        url = fetch_url(page.url, self.options.urls)
        if url == page.url:
            return page
        return replace(page, url=url, redirect_urls=[*page.redirect_urls, page.url])

    def process(self, page: FetchedPage) -> ProcessedPage:
        """Extract one page, learning from it; failures become ``error``, never exceptions."""
        page = self.normalise(page)
        if page.error is not None:
            return ProcessedPage(page, error=page.error)
        if page.status >= 400:
            return ProcessedPage(page, error=f"HTTP {page.status}")
        if page.status == 304:  # not modified: the stored record stands
            return ProcessedPage(page)
        profile = self.profile(page.url)
        processed = self._extract(page, profile, learn=True)
        if profile.pages_seen < profile.min_site_pages:
            self._early[page.url] = None
        record = processed.record
        if record is not None and record.kind is PageKind.ARTICLE and record.continuation_urls and not record.part_of:
            self._multipage[page.url] = record.continuation_urls[: self.options.max_article_parts]
        return processed

    def provisional(self) -> list[str]:
        """URLs of the pages (in fetch form) whose records may differ with the sites' final profiles, each once.

        Each call names the pages that became provisional since the last call.
        """
        urls: dict[str, None] = dict(self._early)
        self._early = {}
        for profile in self.profiles.values():
            urls.update(dict.fromkeys(profile.take_stale()))
        urls.update(dict.fromkeys(self._multipage))
        return list(urls)

    def parts_of(self, url: str) -> list[str]:
        """The further pages of the multi-page article whose first page is ``url`` ([] for other pages)."""
        return list(self._multipage.get(url, []))

    def redo(self, page: FetchedPage, parts: Sequence[FetchedPage] = ()) -> ProcessedPage:
        """Extract a page again with its site's profile as it is now (no learning), joined with ``parts``.

        ``parts``: the article's further pages that were fetched (missing ones are left out, logged).
        """
        page = self.normalise(page)
        self._multipage.pop(page.url, None)
        profile = self.profile(page.url)
        processed = self._extract(page, profile, learn=False)
        first = processed.record
        if first is None or first.kind is not PageKind.ARTICLE or not first.continuation_urls or first.part_of:
            return processed
        records = [first]
        for part in parts:
            part_page = self.normalise(part)
            if part_page.error is not None or part_page.status >= 400:
                continue
            extracted = self._extract(part_page, profile, learn=False).record
            if extracted is not None:
                records.append(extracted)
        missing = len(first.continuation_urls[: self.options.max_article_parts]) - (len(records) - 1)
        if missing > 0:
            logger.warning("%d further page(s) of %s were not fetched; joined without them", missing, page.url)
        if len(records) > 1:
            processed.records = [merge_pages(records), *processed.records[1:]]
        return processed

    def _extract(self, page: FetchedPage, profile: BoilerplateProfile, *, learn: bool) -> ProcessedPage:
        try:
            record = extract_page(page.body, page.url, page.lower_headers(), fetched_at=page.fetched_at,
                                  site_profile=profile, learn=learn, url_options=self.options.urls)
        except UnextractablePage as exc:
            logger.info("Skipped %s: %s", page.url, exc)  # recorded as a failed page and counted in the summary
            return ProcessedPage(page, error=f"unextractable: {exc}")
        except Exception as exc:  # a bug on one page must never end a crawl or an import
            logger.exception("Extraction failed for %s", page.url)
            return ProcessedPage(page, error=f"extraction failed: {type(exc).__name__}: {exc}")
        return ProcessedPage(page, records=[record])
