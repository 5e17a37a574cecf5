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

    def __init__(self, crawler: Crawler, database_url: str, resume: bool) -> None:
        self.crawler = crawler
        self.database_url = database_url
        self.resume = resume
        self.engine: Any = None
        self.session_factory: Any = None
        self.resume_runs: set[int] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NACHLESE_INCREMENTAL"):
            raise NotConfigured("incremental crawling disabled (NACHLESE_INCREMENTAL=False)")
        middleware = cls(crawler, crawler.settings.get("NACHLESE_DATABASE_URL"),
                         crawler.settings.getbool("NACHLESE_RESUME"))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        from db.engine import make_engine, make_sessionmaker  # noqa: PLC0415
        from db.frontier import interrupted_run  # noqa: PLC0415
        from db.schema import upgrade  # noqa: PLC0415

        self.engine = make_engine(self.database_url)
        upgrade(self.engine)
        self.session_factory = make_sessionmaker(self.engine)
        if self.resume:
            with self.session_factory.begin() as session:
                for url in getattr(spider, "start_urls", []):
                    run_id = interrupted_run(session, site_base_url(url))
                    if run_id is not None:
                        self.resume_runs.add(run_id)
            logger.info("Resuming interrupted run(s) %s", sorted(self.resume_runs) or "none found")

    def spider_closed(self, spider: Spider) -> None:
        if self.engine is not None:
            self.engine.dispose()

    def process_request(self, request: Request, spider: Spider | None = None) -> Response | None:
        """Answer from the store (resume) or make the request conditional."""
        if self.session_factory is None or request.method != "GET":
            return None
        from db.frontier import stored_fetch, stored_validators  # noqa: PLC0415

        with self.session_factory() as session:
            validators = stored_validators(session, request.url)
            if validators is None:
                return None
            fetch = stored_fetch(session, request.url) if validators.run_id in self.resume_runs else None
        stats = self.crawler.stats
        assert stats is not None
        if fetch is not None:
            stats.inc_value("nachlese/resumed_from_store")
            return _response(request, fetch.http_status or 200, fetch.content_type, fetch.body, "stored")
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
        from db.frontier import stored_fetch  # noqa: PLC0415

        with self.session_factory() as session:
            fetch = stored_fetch(session, response.url)
        if fetch is None:
            return response
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("nachlese/not_modified")
        return _response(request, 304, fetch.content_type, fetch.body, "not-modified")


def _response(request: Request, status: int, content_type: str | None, body: bytes, flag: str) -> Response:
    headers = Headers({"Content-Type": content_type} if content_type else {})
    cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
    return cls(url=request.url, status=status, headers=headers, body=body, request=request, flags=[flag])


def site_base_url(url: str) -> str:
    """``scheme://host[:port]/`` of a URL: how sites are keyed in the database."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


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
