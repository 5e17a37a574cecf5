"""The `news` spider: walks one legacy site breadth-first and hands every fetched page on, unparsed."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from twisted.python.failure import Failure

from crawler.items import PageItem
from crawler.urls import clean_url, date_pattern

#: File types never worth fetching as pages (media is handled separately, see docs).
SKIPPED_EXTENSIONS = [
    "jpg", "jpeg", "gif", "png", "bmp", "ico", "svg", "webp", "tif", "tiff", "mp3", "mp4", "avi", "mov",
    "wmv", "flv", "swf", "zip", "rar", "gz", "tgz", "7z", "exe", "msi", "dmg", "iso", "css", "js",
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "rtf",
]


def _host_variants(url: str) -> list[str]:
    host = (urlsplit(url).hostname or "").lower()
    bare = host.removeprefix("www.")
    return sorted({host, bare, "www." + bare})


class NewsSpider(Spider):
    """Crawl the start site(s): follow every on-site link, yield one PageItem per response or failure."""

    name = "news"

    def __init__(self, start_url: str | None = None, start_urls: str | list[str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        urls: list[str] = []
        if start_url:
            urls.append(start_url)
        if isinstance(start_urls, str):
            urls.extend(u for u in start_urls.split(",") if u)
        elif start_urls:
            urls.extend(start_urls)
        if not urls:
            raise ValueError("the news spider needs start_url=URL (or start_urls=URL1,URL2)")
        self.start_urls = urls
        self.allowed_domains = sorted({h for url in urls for h in _host_variants(url)})
        self._pattern_counts: Counter[str] = Counter()

    def _drop_params(self) -> list[str]:
        return list(self.settings.getlist("NACHLESE_DROP_QUERY_PARAMS"))

    async def start(self) -> AsyncIterator[Request]:
        """Requests for the start URLs (robots.txt is checked by Scrapy's middleware)."""
        for url in self.start_urls:
            yield Request(clean_url(url, self._drop_params()), callback=self.parse, errback=self.on_error)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[PageItem | Request]:
        """Hand the page on; follow its on-site links if it is HTML."""
        yield PageItem(
            url=response.url,
            status=response.status,
            headers={k.decode("latin-1").lower(): b", ".join(v).decode("latin-1")
                     for k, v in response.headers.items()},
            body=response.body,
            fetched_at=datetime.now(UTC),
            redirect_urls=list(response.meta.get("redirect_urls", [])),
            depth=int(response.meta.get("depth", 0)),
        )
        if isinstance(response, TextResponse) and response.status < 400:
            yield from self.follow_links(response)

    def follow_links(self, response: TextResponse) -> Iterator[Request]:
        """Requests for on-site links, cleaned of session ids, with a budget per date-shaped URL pattern."""
        extractor = LinkExtractor(  # hosts are checked below: allow_domains fails on URLs with a port
            deny_extensions=SKIPPED_EXTENSIONS,
            tags=("a", "area", "frame", "iframe"),
            attrs=("href", "src"),
            unique=True,
        )
        try:
            links = extractor.extract_links(response)
        except Exception as exc:  # broken markup must not stop the crawl
            self.logger.warning("Could not read links of %s: %s", response.url, exc)
            return
        limit = self.settings.getint("NACHLESE_DATE_PATTERN_LIMIT")
        drop = self._drop_params()
        allowed = set(self.allowed_domains)
        for link in links:
            if (urlsplit(link.url).hostname or "").lower() not in allowed:
                continue
            url = clean_url(link.url, drop)
            pattern = date_pattern(url)
            if pattern is not None:
                if self._pattern_counts[pattern] >= limit:
                    self.crawler.stats.inc_value("nachlese/trap_skipped")
                    continue
                self._pattern_counts[pattern] += 1
            yield Request(url, callback=self.parse, errback=self.on_error)

    def on_error(self, failure: Failure) -> Iterator[PageItem]:
        """Record a request that produced no response (robots.txt, DNS, timeout, reset) as a failed page."""
        request = failure.request  # type: ignore[attr-defined]
        message = failure.getErrorMessage()
        if failure.check(IgnoreRequest) and _deliberately_skipped(message):
            # robots.txt or off-site: nothing to store, Scrapy counts it (robotstxt/forbidden, offsite/*)
            self.logger.debug("Ignored %s: %s", request.url, message)
            return
        redirects = list(request.meta.get("redirect_urls", []))
        yield PageItem(  # recorded under the URL that was linked, not the last hop of a redirect chain
            url=redirects[0] if redirects else request.url,
            fetched_at=datetime.now(UTC),
            depth=int(request.meta.get("depth", 0)),
            error=f"{failure.type.__name__}: {message}",
        )


def _deliberately_skipped(message: str) -> bool:
    """IgnoreRequest reasons that are policy (robots.txt, off-site), not failures (redirect loops, size)."""
    return message.startswith(("Forbidden by robots.txt", "Filtered offsite request"))
