"""Downloader middleware for incremental and resumable crawls, backed by the pages already stored."""

from __future__ import annotations

import logging
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from crawler.resources import shared
from extract.urls import site_key

logger = logging.getLogger(__name__)

#: Request meta key: the URL has a stored good fetch (its body can stand in for a 304 answer).
STORED_META = "nachlese_stored"


class StoredPageMiddleware:
    """Conditional requests from stored validators; on --resume, pages of the interrupted run are not refetched.

    * A URL fetched before gets ``If-None-Match``/``If-Modified-Since``; a 304 answer is given the stored
      body, so the spider still follows its links while the store pipeline only notes "unchanged".
    * With ``NACHLESE_RESUME``, a URL already fetched by the interrupted run is answered from the database
      without any request: the resumed crawl walks the same links and ends with the same records.
    """

    def __init__(self, crawler: Crawler, resume: bool) -> None:
        self.crawler = crawler
        self.resume = resume
        self.session_factory: Any = None
        self.resume_runs: set[int] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NACHLESE_INCREMENTAL"):
            raise NotConfigured("incremental crawling disabled (NACHLESE_INCREMENTAL=False)")
        middleware = cls(crawler, crawler.settings.getbool("NACHLESE_RESUME"))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        """Use the crawl's database (crawler.resources); on resume, find the interrupted runs."""
        from db.frontier import interrupted_run  # noqa: PLC0415

        self.session_factory = shared(self.crawler).database().sessions
        if self.resume:
            with self.session_factory.begin() as session:
                for url in getattr(spider, "start_urls", []):
                    run_id = interrupted_run(session, site_key(url))
                    if run_id is not None:
                        self.resume_runs.add(run_id)
            logger.info("Resuming interrupted run(s) %s", sorted(self.resume_runs) or "none found")

    def process_request(self, request: Request, spider: Spider | None = None) -> Response | None:
        """Answer from the store (resume) or make the request conditional."""
        if self.session_factory is None or request.method != "GET":
            return None
        from db.frontier import stored_validators  # noqa: PLC0415
        from db.pages import stored_page  # noqa: PLC0415

        with self.session_factory() as session:
            validators = stored_validators(session, request.url)
            if validators is None:
                return None
            fetch = stored_page(session, request.url) if validators.run_id in self.resume_runs else None
        stats = self.crawler.stats
        assert stats is not None
        if fetch is not None:
            stats.inc_value("nachlese/resumed_from_store")
            return _response(request, fetch.status, fetch.effective_content_type, fetch.body, "stored")
        request.meta[STORED_META] = True
        if validators.etag:
            request.headers.setdefault("If-None-Match", validators.etag)
        if validators.last_modified:
            request.headers.setdefault("If-Modified-Since", validators.last_modified)
        return None

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        """Give a 304 answer the stored body (status stays 304: the store pipeline counts it unchanged)."""
        if response.status != 304 or not request.meta.get(STORED_META) or self.session_factory is None:
            return response
        from db.pages import stored_page  # noqa: PLC0415

        with self.session_factory() as session:
            fetch = stored_page(session, response.url)
        if fetch is None:
            return response
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("nachlese/not_modified")
        return _response(request, 304, fetch.effective_content_type, fetch.body, "not-modified")


def _response(request: Request, status: int, content_type: str | None, body: bytes, flag: str) -> Response:
    headers = Headers({"Content-Type": content_type} if content_type else {})
    cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
    return cls(url=request.url, status=status, headers=headers, body=body, request=request, flags=[flag])


class RevisitingRedirectMiddleware(RedirectMiddleware):
    """Scrapy's RedirectMiddleware, but a redirect target is fetched even if seen before.

    The duplicate filter would otherwise drop it silently: a redirect loop would vanish instead of
    ending as a failed page ("max redirections"), and a redirect to an already stored article would
    not record the old URL as its alias. Loops stay bounded by REDIRECT_MAX_TIMES.
    """

    def process_response(self, request: Request, response: Response, spider: Spider | None = None
                         ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request) and result is not request:
            allowed = set(getattr(self.crawler.spider, "allowed_domains", None) or [])
            host = (urlsplit(result.url).hostname or "").lower()
            if allowed and host not in allowed:  # dont_filter below would bypass the offsite check
                raise IgnoreRequest(f"redirect off the allowed sites to {result.url}")
            return result.replace(dont_filter=True)
        return result
