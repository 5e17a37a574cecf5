"""The `news` spider: walks one legacy site breadth-first and hands every fetched page on, unparsed."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from twisted.python.failure import Failure

from crawler.feeds import FeedTooLargeError, sitemaps_from_robots, urls_from_xml
from crawler.items import FetchedPage
from crawler.options import url_options
from crawler.resources import shared
from crawler.urls import date_pattern
from extract.urls import UrlOptions, fetch_url, site_key

#: Priority of sitemaps and feeds (and half of it for the URLs they list): new articles come first.
DISCOVERY_PRIORITY = 20

#: File types never worth fetching as pages (media is handled separately, see docs).
SKIPPED_EXTENSIONS = [
    "jpg", "jpeg", "gif", "png", "bmp", "ico", "svg", "webp", "tif", "tiff", "mp3", "mp4", "avi", "mov",
    "wmv", "flv", "swf", "zip", "rar", "gz", "tgz", "7z", "exe", "msi", "dmg", "iso", "css", "js",
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "rtf",
]


SKIPPED_EXTENSIONS_SET = frozenset(SKIPPED_EXTENSIONS)


def _host_variants(url: str) -> list[str]:
    host = (urlsplit(url).hostname or "").lower()
    bare = host.removeprefix("www.")
    return sorted({host, bare, "www." + bare})


class NewsSpider(Spider):
    """Crawl the start site(s): follow every on-site link, yield one FetchedPage per response or failure.

    Every URL is fetched once: pages 2..n of a multi-page article are ordinary links (they are joined
    from the stored pages when the crawl ends), and with ROBOTSTXT_OBEY the Sitemap lines come from the
    robots.txt Scrapy's middleware fetched (the ``robots_parsed`` signal), not from a second request.
    """

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

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.url_options = url_options(crawler.settings)
        if crawler.settings.getbool("ROBOTSTXT_OBEY"):
            crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider

    url_options: UrlOptions = UrlOptions()

    async def start(self) -> AsyncIterator[Request]:
        """The start URLs, plus robots.txt Sitemap lines and /sitemap.xml: new articles are found first."""
        obeys_robots = self.settings.getbool("ROBOTSTXT_OBEY")
        for url in self.start_urls:
            yield Request(fetch_url(url, self.url_options), callback=self.parse, errback=self.on_error)
            base = site_key(url)
            if not obeys_robots:  # otherwise Scrapy's middleware fetches it, and robots_parsed follows its sitemaps
                yield Request(base + "robots.txt", callback=self.parse_robots, errback=self.on_discovery_error,
                              priority=DISCOVERY_PRIORITY, meta={"dont_retry": True})
            yield Request(base + "sitemap.xml", callback=self.parse_xml, errback=self.on_discovery_error,
                          priority=DISCOVERY_PRIORITY, meta={"dont_retry": True})

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        """Signal handler: schedule the Sitemap lines of the robots.txt Scrapy's middleware fetched."""
        parsed = getattr(robotparser, "rp", None)  # Protego behind Scrapy's ProtegoRobotParser
        listed = list(getattr(parsed, "sitemaps", None) or [])
        base = site_key(request.url)
        assert self.crawler.engine is not None
        for request_out in self._sitemap_requests(base, listed):
            self.crawler.engine.crawl(request_out)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """Follow the Sitemap: lines of robots.txt (fetched by the spider when ROBOTSTXT_OBEY is off)."""
        if response.status >= 400:
            return
        yield from self._sitemap_requests(response.url, sitemaps_from_robots(response.body))

    def _sitemap_requests(self, robots_url: str, listed: list[str]) -> Iterator[Request]:
        for entry in listed:
            url = urljoin(robots_url, entry)  # the protocol wants absolute URLs; old sites write paths
            if self._on_site(url):
                yield Request(url, callback=self.parse_xml, errback=self.on_discovery_error,
                              priority=DISCOVERY_PRIORITY)

    def parse_xml(self, response: Response) -> Iterator[Request]:
        """Sitemaps and feeds: their URLs are crawled before ordinary links (higher priority)."""
        if response.status >= 400:
            return
        try:
            kind, urls = urls_from_xml(response.body)
        except FeedTooLargeError as exc:
            self.logger.warning("Skipped %s: %s", response.url, exc)
            return
        self.crawler.stats.inc_value(f"nachlese/discovery/{kind}")
        for url in urls:
            if not self._on_site(url):
                continue
            if kind == "sitemapindex":
                yield Request(url, callback=self.parse_xml, errback=self.on_discovery_error,
                              priority=DISCOVERY_PRIORITY)
            else:
                yield Request(fetch_url(url, self.url_options), callback=self.parse, errback=self.on_error,
                              priority=DISCOVERY_PRIORITY // 2)

    def on_discovery_error(self, failure: Failure) -> None:
        """A missing sitemap or robots.txt is normal: no failed page is recorded."""
        self.logger.debug("Discovery request failed: %s", failure.getErrorMessage())

    def _on_site(self, url: str) -> bool:
        return (urlsplit(url).hostname or "").lower() in set(self.allowed_domains)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[FetchedPage | Request]:
        """Hand the page on; follow its on-site links if it is HTML."""
        yield FetchedPage(
            url=response.url,
            status=response.status,
            headers={k.decode("latin-1").lower(): b", ".join(v).decode("latin-1")
                     for k, v in response.headers.items()},
            body=response.body,
            fetched_at=datetime.now(UTC),
            redirect_urls=list(response.meta.get("redirect_urls", [])),
        )
        if isinstance(response, TextResponse) and response.status < 400:
            yield from self.follow_feeds(response)
            yield from self.follow_links(response)

    def follow_feeds(self, response: TextResponse) -> Iterator[Request]:
        """RSS/Atom feeds announced in the page head."""
        try:
            hrefs = response.xpath(
                "//link[@rel='alternate'][contains(@type, 'rss') or contains(@type, 'atom')]/@href").getall()
        except Exception:  # not parseable as HTML
            return
        for href in hrefs:
            url = response.urljoin(href)
            if self._on_site(url):
                yield Request(url, callback=self.parse_xml, errback=self.on_discovery_error,
                              priority=DISCOVERY_PRIORITY)

    def follow_links(self, response: TextResponse) -> Iterator[Request]:
        """Requests for on-site links, cleaned of session ids, with a budget per date-shaped URL pattern."""
        extractor = LinkExtractor(  # hosts are checked below: allow_domains fails on URLs with a port
            deny_extensions=SKIPPED_EXTENSIONS,
            tags=("a", "area", "frame", "iframe"),
            attrs=("href", "src"),
            unique=True,
        )
        try:
            urls = [link.url for link in extractor.extract_links(response)]
        except Exception as exc:  # broken markup must not stop the crawl
            self.logger.warning("Could not read links of %s: %s", response.url, exc)
            urls = []
        urls.extend(raw_links(response))
        limit = self.settings.getint("NACHLESE_DATE_PATTERN_LIMIT")
        for found in dict.fromkeys(urls):
            if not self._on_site(found) or _skipped_extension(found):
                continue
            url = fetch_url(found, self.url_options)
            pattern = date_pattern(url)
            if pattern is not None:
                if self._pattern_counts[pattern] >= limit:
                    self.crawler.stats.inc_value("nachlese/trap_skipped")
                    continue
                self._pattern_counts[pattern] += 1
            yield Request(url, callback=self.parse, errback=self.on_error)

    def on_error(self, failure: Failure) -> Iterator[FetchedPage]:
        """Record a request that produced no response (robots.txt, DNS, timeout, reset) as a failed page."""
        request = failure.request  # type: ignore[attr-defined]
        message = failure.getErrorMessage()
        if failure.check(IgnoreRequest) and _deliberately_skipped(message):
            # robots.txt or off-site: nothing to store; the site's run counts what robots.txt forbade
            self.logger.debug("Ignored %s: %s", request.url, message)
            if message.startswith(_ROBOTS_FORBIDDEN):
                shared(self.crawler).accounts.robots_skipped(request.url)
            return
        redirects = list(request.meta.get("redirect_urls", []))
        yield FetchedPage(  # recorded under the URL that was linked, not the last hop of a redirect chain
            url=redirects[0] if redirects else request.url,
            fetched_at=datetime.now(UTC),
            error=f"{failure.type.__name__}: {message}",
        )


#: Link targets written in ways a parser does not see as links: inside broken markup (an unclosed
#: <title> or comment), in popup scripts (window.open, location.href), in onclick handlers.
_RAW_LINK = re.compile(
    r"""(?:\bhref\s*=\s*["']?|window\.open\(\s*["']|location(?:\.href)?\s*=\s*["'])([^"'\s<>()]+)""",
    re.IGNORECASE,
)


def raw_links(response: TextResponse) -> list[str]:
    """Absolute URLs of link targets found in the raw text: legacy pages hide links in broken markup and scripts."""
    found: list[str] = []
    for match in _RAW_LINK.finditer(response.text):
        target = html.unescape(match.group(1))
        if target.lower().startswith(("javascript:", "mailto:", "#", "data:")):
            continue
        try:
            found.append(response.urljoin(target))
        except ValueError:
            continue
    return found


def _skipped_extension(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return "." in path.rsplit("/", 1)[-1] and path.rsplit(".", 1)[-1] in SKIPPED_EXTENSIONS_SET


_ROBOTS_FORBIDDEN = "Forbidden by robots.txt"


def _deliberately_skipped(message: str) -> bool:
    """IgnoreRequest reasons that are policy (robots.txt, off-site), not failures (redirect loops, size)."""
    return message.startswith((_ROBOTS_FORBIDDEN, "Filtered offsite request"))
