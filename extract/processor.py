"""PageProcessor: fetched pages in, records out, with the site state (boilerplate profiles) they share.

The crawl, ``import-mirror``, ``import-warc`` and ``reprocess`` all hand their pages to one
``PageProcessor``; nothing else turns bytes into records. It does no I/O and knows nothing of
Scrapy or the database.

Site-level learning: each site's boilerplate profile learns from the pages it sees. A source that
holds every page up front (a mirror, a WARC, the database) lets the profile ``learn`` from all of
them first; a crawl learns as the pages come, so a page processed early saw less of the site.
``provisional()`` names the pages whose records may still change, of two sorts:

* deferred: pages processed before their site's profile had seen enough pages, and the first pages
  of multi-page articles (their further pages come later). Their page row is stored at once, their
  article only when the pass ends (``ProcessedPage.deferred``);
* revisable: pages extracted before one of their blocks became repeated (the profile tracks them,
  see ``BoilerplateProfile``); stored at once and replaced when the pass ends.

When a pass ends, its caller hands those pages to ``redo`` (with an article's further pages) and
stores the new records in place (db/revise.py). Every page then has the record it gets with the
whole site's profile, whichever order and road the pages came by.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from extract.boilerplate import BoilerplateProfile
from extract.core import extract_page, learn_page
from extract.fetched import FetchedPage
from extract.merge import merge_pages
from extract.record import PageKind, PageRecord, UnextractablePage
from extract.urls import DEFAULT_URL_OPTIONS, UrlOptions, fetch_url, site_key

__all__ = ["PageProcessor", "ProcessedPage", "ProcessorOptions", "Provisional"]

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
    ``deferred``: store the page row now, its articles when the pass ends (see the module docstring).
    ``outcome``: set by storage (new, changed, unchanged, page_only, failed).
    """

    page: FetchedPage
    records: list[PageRecord] = field(default_factory=list)
    error: str | None = None
    deferred: bool = False
    outcome: str | None = None

    @property
    def record(self) -> PageRecord | None:
        """The first record (the page's own), or None."""
        return self.records[0] if self.records else None


@dataclass(frozen=True, slots=True)
class Provisional:
    """A page to extract again when the pass ends; ``deferred``: its articles were not stored yet.

    ``redirect_urls``: the URLs that led to a deferred page (a stored page does not keep them; its
    articles get them as aliases when they are stored).
    """

    url: str
    deferred: bool
    redirect_urls: tuple[str, ...] = ()


class PageProcessor:
    """Turns FetchedPage values into ProcessedPage values; holds one boilerplate profile per site."""

    def __init__(self, options: ProcessorOptions | None = None) -> None:
        self.options = options or ProcessorOptions()
        self.profiles: dict[str, BoilerplateProfile] = {}
        self._deferred: dict[str, tuple[str, ...]] = {}  # pages whose articles wait: URL -> its redirect URLs
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

    def learn(self, pages: Iterable[FetchedPage]) -> int:
        """Let each site's profile observe every good page first (for sources that hold them all); the count.

        Pages processed afterwards are extracted with the whole site's profile, so none are provisional
        on its account (the first pages of multi-page articles still are).
        """
        learnt = 0
        for value in pages:
            page = self.normalise(value)
            if page.error is not None or not 200 <= page.status < 300 or not page.body:
                continue
            try:
                learn_page(self.profile(page.url), page.body, page.url, page.lower_headers(),
                           url_options=self.options.urls)
            except UnextractablePage:
                continue
            learnt += 1
        for profile in self.profiles.values():
            profile.take_stale()  # observed, not extracted: nothing to extract again
        return learnt

    def process(self, page: FetchedPage) -> ProcessedPage:
        """Extract one page, learning from it; failures become ``error``, never exceptions."""
        page = self.normalise(page)
        if page.error is not None:
            return ProcessedPage(page, error=page.error)
        if page.status >= 400:
            return ProcessedPage(page, error=f"HTTP {page.status}")
        profile = self.profile(page.url)
        if page.status == 304:  # not modified: the stored record stands, but the profile learns its body
            if page.body:  # (the crawl's middleware hands the stored body on): a re-crawl learns the whole site
                with contextlib.suppress(UnextractablePage):
                    learn_page(profile, page.body, page.url, page.lower_headers(), url_options=self.options.urls)
            return ProcessedPage(page)
        processed = self._extract(page, profile, learn=True)
        record = processed.record
        if record is not None and record.kind is PageKind.ARTICLE and record.continuation_urls and not record.part_of:
            self._multipage[page.url] = record.continuation_urls[: self.options.max_article_parts]
            processed.deferred = True
        if profile.pages_seen < profile.min_site_pages and record is not None:
            processed.deferred = True  # extracted before the profile removed anything
        if processed.deferred:
            self._deferred[page.url] = tuple(page.redirect_urls)
        return processed

    def provisional(self) -> list[Provisional]:
        """The pages (URLs in fetch form) whose records may differ with the sites' final profiles, each once.

        Each call names the pages that became provisional since the last call.
        """
        found = {url: Provisional(url, deferred=True, redirect_urls=redirects)
                 for url, redirects in self._deferred.items()}
        self._deferred = {}
        for profile in self.profiles.values():
            for url in profile.take_stale():
                found.setdefault(url, Provisional(url, deferred=False))
        return list(found.values())

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
