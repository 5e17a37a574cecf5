"""Offline ingest: pages from a wget mirror or a WARC file through the crawl's extract -> entities -> store.

``ingest`` takes ``SourcePage`` values (or ``(url, status, headers, body, fetched_at)`` tuples) and does
what the crawl's pipelines do: one boilerplate profile per site (learnt from every page first, so every
page is extracted with the full profile), multi-page articles merged, entities tagged in batches, and
each page stored with ``store_page`` in its own transaction, under a crawl run per site.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import quote, urljoin, urlsplit

from sqlalchemy.orm import Session, sessionmaker
from warcio.archiveiterator import ArchiveIterator

from crawler import settings as crawl_settings
from crawler.urls import clean_url, normalise_record_urls
from db.frontier import open_run
from db.models import CrawlRun, RunStatus
from db.site_entities import harmonise_sites
from db.storage import FetchedPage, RunCounts, StoreOutcome, finish_run, store_page
from extract import BoilerplateProfile, PageKind, PageRecord, UnextractablePage, extract_page, merge_pages
from extract.site_names import SiteNameChanges

__all__ = [
    "EntityTaggerLike", "IngestSummary", "MirrorSource", "PageSource", "SourcePage", "WarcSource", "ingest",
    "mirror_url",
]

logger = logging.getLogger(__name__)

#: The crawl's own defaults (crawler/settings.py), so an import cleans URLs and learns boilerplate alike.
DEFAULT_DROP_PARAMS: tuple[str, ...] = tuple(crawl_settings.NACHLESE_DROP_QUERY_PARAMS)
DEFAULT_BOILERPLATE_MIN_PAGES = crawl_settings.NACHLESE_BOILERPLATE_MIN_PAGES
#: Most parts of one multi-page article merged (as in the crawl).
MAX_ARTICLE_PARTS = 20
#: Article records tagged per spaCy batch.
TAG_BATCH_SIZE = 16


@dataclass(slots=True)
class SourcePage:
    """One stored response: the URL it came from, HTTP status and headers, raw bytes, when it was fetched.

    ``redirect_urls``: URLs that redirected to ``url`` (from WARC 3xx records), in order.
    """

    url: str
    status: int
    headers: dict[str, str]
    body: bytes = field(repr=False)
    fetched_at: datetime
    redirect_urls: list[str] = field(default_factory=list)


@runtime_checkable
class PageSource(Protocol):
    """Pages to ingest, iterable more than once, with lookup by URL (for pages 2..n of an article)."""

    def __iter__(self) -> Iterator[SourcePage]: ...

    def get(self, url: str) -> SourcePage | None: ...


class EntityTaggerLike(Protocol):
    """What ingest needs of ``extract.entities.EntityTagger``."""

    def tag(self, records: Sequence[PageRecord]) -> None: ...


@dataclass
class IngestSummary:
    """What an ingest did: counters per outcome and the crawl runs it recorded."""

    counts: RunCounts = field(default_factory=RunCounts)
    run_ids: list[int] = field(default_factory=list)
    skipped: int = 0  # duplicates after URL cleaning, redirects, non-HTML responses
    site_names: SiteNameChanges = field(default_factory=SiteNameChanges)  # the site-wide name consistency step


def _as_page(value: SourcePage | tuple[str, int, dict[str, str], bytes, datetime]) -> SourcePage:
    if isinstance(value, SourcePage):
        return value
    url, status, headers, body, fetched_at = value
    return SourcePage(url, status, dict(headers), body, fetched_at)


class _ListSource:
    """A PageSource over values held in memory."""

    def __init__(self, pages: Iterable[SourcePage | tuple[str, int, dict[str, str], bytes, datetime]]) -> None:
        self.pages = [_as_page(page) for page in pages]
        self.by_url = {page.url: page for page in self.pages}

    def __iter__(self) -> Iterator[SourcePage]:
        return iter(self.pages)

    def get(self, url: str) -> SourcePage | None:
        return self.by_url.get(url)


def site_of(url: str) -> str:
    """``scheme://host[:port]/``: how sites (and their runs and profiles) are keyed."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _headers(page: SourcePage) -> dict[str, str]:
    return {key.lower(): value for key, value in page.headers.items()}


class _Ingest:
    """State of one ingest: profiles and runs per site, the pending batch of records to tag."""

    def __init__(self, factory: sessionmaker[Session], source: PageSource, tagger: EntityTaggerLike | None,
                 drop_params: Sequence[str], min_pages: int) -> None:
        self.factory = factory
        self.source = source
        self.tagger = tagger
        self.drop_params = list(drop_params)
        self.min_pages = min_pages
        self.profiles: dict[str, BoilerplateProfile] = {}
        self.runs: dict[str, CrawlRun] = {}
        self.summary = IngestSummary()
        self.batch: list[tuple[SourcePage, PageRecord | None, str | None]] = []

    def profile(self, url: str) -> BoilerplateProfile:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        if host not in self.profiles:
            self.profiles[host] = BoilerplateProfile(min_site_pages=self.min_pages)
        return self.profiles[host]

    def learn(self) -> None:
        """First pass: every good page teaches its site's boilerplate profile."""
        for page in self.source:
            if 200 <= page.status < 300 and page.body:
                self.profile(page.url).observe(page.body, page.url)

    def extract(self, page: SourcePage) -> tuple[PageRecord | None, str | None]:
        """The record of a page, or the error the crawl's extract pipeline would record."""
        if page.status >= 400:
            return None, f"HTTP {page.status}"
        try:
            record = extract_page(page.body, page.url, _headers(page), fetched_at=page.fetched_at,
                                  site_profile=self.profile(page.url))
        except UnextractablePage as exc:
            logger.warning("Skipped %s: %s", page.url, exc)
            return None, f"unextractable: {exc}"
        except Exception as exc:  # one bad page must not end the import
            logger.exception("Extraction failed for %s", page.url)
            return None, f"extraction failed: {type(exc).__name__}: {exc}"
        record = normalise_record_urls(record, self.drop_params)
        if record.kind is PageKind.ARTICLE and record.continuation_urls and record.part_of is None:
            record = normalise_record_urls(self.merge_parts(record), self.drop_params)
        return record, None

    def merge_parts(self, first: PageRecord) -> PageRecord:
        parts = [first]
        for url in first.continuation_urls[:MAX_ARTICLE_PARTS]:
            page = self.source.get(url) or self.source.get(clean_url(url, self.drop_params))
            if page is None or page.status >= 400:
                logger.warning("Part %s of %s is not in the source; not merged", url, first.url)
                continue
            try:
                parts.append(extract_page(page.body, page.url, _headers(page), site_profile=self.profile(url)))
            except Exception as exc:
                logger.warning("Part %s of %s not merged: %s", url, first.url, exc)
        return merge_pages(parts) if len(parts) > 1 else first

    def add(self, page: SourcePage) -> None:
        record, error = self.extract(page)
        self.batch.append((page, record, error))
        if len(self.batch) >= TAG_BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        """Tag the batch's articles, then store each page in its own transaction."""
        articles = [article for _, rec, _ in self.batch if rec is not None
                    for article in ([rec] if rec.kind is PageKind.ARTICLE else rec.items)]  # news items are articles
        if self.tagger is not None and articles:
            try:
                self.tagger.tag(articles)
            except Exception as exc:  # as in the crawl: store the articles without entities
                logger.error("Entity tagging failed for a batch: %s", exc)
                for tagged in articles:
                    tagged.entities = []
        for page, record, error in self.batch:
            self.store(page, record, error)
        self.batch = []

    def run_for(self, url: str) -> CrawlRun:
        base = site_of(url)
        if base not in self.runs:
            with self.factory.begin() as session:
                run = open_run(session, base, resume=False)
                session.expunge(run)
            self.runs[base] = run
            self.summary.run_ids.append(run.id)
        return self.runs[base]

    def store(self, page: SourcePage, record: PageRecord | None, error: str | None) -> None:
        fetched = FetchedPage(url=page.url, status=page.status, body=page.body, fetched_at=page.fetched_at,
                              headers=page.headers, redirect_urls=page.redirect_urls)
        run = self.run_for(page.url)
        try:
            with self.factory.begin() as session:
                outcome = store_page(session, run, fetched, record, error)
        except Exception:
            logger.exception("Could not store %s", page.url)
            outcome = StoreOutcome.FAILED
        self.summary.counts.add(outcome)

    def harmonise_site_names(self) -> None:
        """Site-wide name consistency over each site that got new or changed articles (as a crawl ends)."""
        counts = self.summary.counts
        if self.tagger is None or not (counts.new or counts.changed):
            return
        models = getattr(self.tagger, "models", None)
        languages = set(models) if isinstance(models, dict) else None
        self.summary.site_names = harmonise_sites(self.factory, [run.site_id for run in self.runs.values()],
                                                  languages=languages)

    def finish(self, status: RunStatus) -> None:
        with self.factory.begin() as session:
            for run in self.runs.values():
                finish_run(session, run, self.summary.counts, status)


def ingest(
    factory: sessionmaker[Session],
    pages: PageSource | Iterable[SourcePage | tuple[str, int, dict[str, str], bytes, datetime]],
    *,
    tagger: EntityTaggerLike | None = None,
    drop_params: Sequence[str] = DEFAULT_DROP_PARAMS,
    min_pages: int = DEFAULT_BOILERPLATE_MIN_PAGES,
    progress: Callable[[int], None] | None = None,
    site_names: bool = crawl_settings.NACHLESE_SITE_NAMES_ENABLED,
) -> IngestSummary:
    """Extract, tag and store every page like a crawl does; one transaction per page, one run per site.

    ``pages``: a PageSource (iterated twice: profiles first, then extraction), or any iterable of
    SourcePage values or ``(url, status, headers, body, fetched_at)`` tuples (then held in memory).
    URLs are cleaned like the crawler's (session ids, tracking tags dropped); a URL seen twice after
    cleaning is stored once. 3xx responses are not stored (a WARC source turns them into
    ``redirect_urls`` of their target). ``site_names``: with a tagger, end with the site-wide name step
    (db.site_entities), as a crawl does.
    """
    source: PageSource = pages if isinstance(pages, PageSource) else _ListSource(pages)
    state = _Ingest(factory, source, tagger, drop_params, min_pages)
    state.learn()
    seen: set[str] = set()
    status = RunStatus.FAILED
    try:
        for number, page in enumerate(source, 1):
            url = clean_url(page.url, drop_params)
            if url in seen or 300 <= page.status < 400:
                state.summary.skipped += 1
                continue
            seen.add(url)
            state.add(page if url == page.url else _with_url(page, url))
            if progress is not None:
                progress(number)
        state.flush()
        if site_names:
            state.harmonise_site_names()
        status = RunStatus.FINISHED
    finally:
        if state.runs:
            state.finish(status)
    return state.summary


def _with_url(page: SourcePage, url: str) -> SourcePage:
    return SourcePage(url, page.status, page.headers, page.body, page.fetched_at, [*page.redirect_urls, page.url])


def resolve_location(url: str, location: str) -> str:
    """The absolute target of a redirect's Location header."""
    return urljoin(url, location.strip())


def utc_from_timestamp(seconds: float) -> datetime:
    """A file's mtime as an aware UTC datetime."""
    return datetime.fromtimestamp(seconds, UTC)


# --- sources -------------------------------------------------------------------------------------

#: Extensions of files a mirror holds that are never pages (wget also saves images, styles, scripts).
NOT_PAGES = frozenset({
    ".gif", ".jpg", ".jpeg", ".png", ".bmp", ".ico", ".svg", ".webp", ".css", ".js", ".txt", ".xml", ".json",
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".gz", ".mp3", ".mp4", ".swf", ".woff", ".woff2", ".ttf",
})
#: Script extensions to which wget --adjust-extension appends ".html".
SCRIPT_EXTENSIONS = (".php", ".php3", ".php4", ".asp", ".aspx", ".jsp", ".cgi", ".pl", ".cfm", ".shtml")
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
_SAFE_QUERY = _SAFE_PATH + "?"


def mirror_url(relative: str, base_url: str) -> str | None:
    """The URL a file of a ``wget --mirror`` tree was saved from, or None for a file that is no page.

    ``relative`` is the file's path below the site folder (``news/artikel.php?id=3``). Handles
    ``index.html`` (a directory URL), ``?`` saved as ``%3F`` and the ``.html`` that ``--adjust-extension``
    appends to script names and query strings.

    >>> mirror_url("news/artikel.php?id=3", "http://a.de/")
    'http://a.de/news/artikel.php?id=3'
    >>> mirror_url("news/artikel.php%3Fid=3&lang=en.html", "http://a.de/")
    'http://a.de/news/artikel.php?id=3&lang=en'
    >>> mirror_url("archiv/index.html", "http://a.de/")
    'http://a.de/archiv/'
    >>> mirror_url("img/logo.gif", "http://a.de/") is None
    True
    """
    folder, _, name = relative.rpartition("/")
    for escaped in ("%3F", "%3f"):
        if "?" not in name and escaped in name:
            name = name.replace(escaped, "?", 1)
    path_name, question, query = name.partition("?")
    if question and query.endswith(".html"):
        query = query.removesuffix(".html")
    if not question and path_name.lower().endswith(tuple(ext + ".html" for ext in SCRIPT_EXTENSIONS)):
        path_name = path_name.removesuffix(".html")
    extension = posixpath.splitext(path_name)[1].lower()
    if extension in NOT_PAGES or path_name.startswith("."):
        return None
    if path_name == "index.html" and not question:
        path_name = ""
    path = quote(f"{folder}/{path_name}" if folder else path_name, safe=_SAFE_PATH)
    parts = urlsplit(base_url)
    url = f"{parts.scheme}://{parts.netloc}/{path}"
    return url + ("?" + quote(query, safe=_SAFE_QUERY) if question else "")


class MirrorSource:
    """The pages of a ``wget --mirror`` folder (``DIR/host/path``, or ``DIR`` itself as the site root)."""

    def __init__(self, root: Path, base_url: str) -> None:
        parts = urlsplit(base_url)
        if not parts.scheme or not parts.netloc:
            raise ValueError(f"--base-url needs a scheme and a host: {base_url!r}")
        candidates = [parts.netloc, parts.netloc.replace(":", "+"), parts.hostname or ""]
        self.site_root = next((root / c for c in candidates if c and (root / c).is_dir()), root)
        self.files: dict[str, Path] = {}
        for path in sorted(p for p in self.site_root.rglob("*") if p.is_file()):
            url = mirror_url(path.relative_to(self.site_root).as_posix(), base_url)
            if url is not None:
                self.files.setdefault(url, path)
        self.skipped = sum(1 for p in self.site_root.rglob("*") if p.is_file()) - len(self.files)

    def _page(self, url: str, path: Path) -> SourcePage:
        fetched_at = utc_from_timestamp(path.stat().st_mtime)
        return SourcePage(url, 200, {"Content-Type": "text/html"}, path.read_bytes(), fetched_at)

    def __iter__(self) -> Iterator[SourcePage]:
        for url, path in self.files.items():
            yield self._page(url, path)

    def get(self, url: str) -> SourcePage | None:
        path = self.files.get(url)
        return None if path is None else self._page(url, path)


def _is_html(content_type: str | None, body_start: bytes) -> bool:
    if content_type:
        return "html" in content_type.lower()
    return body_start.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith((b"<!doctype html", b"<html", b"<head"))


class WarcSource:
    """HTML responses of a WARC file (gzipped or not); 3xx responses become redirect URLs of their target."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offsets: dict[str, int] = {}
        self.redirects: dict[str, list[str]] = {}
        self.skipped = 0
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                page = self._read(record, head_only=True)
                offset = records.get_record_offset()
                if page is None:
                    self.skipped += 1
                elif 300 <= page.status < 400:
                    location = page.headers.get("Location") or page.headers.get("location")
                    if location:
                        self.redirects.setdefault(resolve_location(page.url, location), []).append(page.url)
                else:
                    self.offsets.setdefault(page.url, offset)

    @staticmethod
    def _read(record: Any, *, head_only: bool = False) -> SourcePage | None:
        if record.rec_type != "response" or record.http_headers is None:
            return None
        url = record.rec_headers.get_header("WARC-Target-URI")
        if not url:
            return None
        status = int(record.http_headers.get_statuscode() or 0)
        headers = dict(record.http_headers.headers)
        content_type = record.http_headers.get_header("Content-Type")
        if 300 <= status < 400:
            return SourcePage(url, status, headers, b"", _warc_date(record))
        stream = record.content_stream()
        body = stream.read(512) if head_only else stream.read()
        if not _is_html(content_type, body):
            return None
        return SourcePage(url, status, headers, body, _warc_date(record))

    def _with_redirects(self, page: SourcePage) -> SourcePage:
        page.redirect_urls = list(self.redirects.get(page.url, []))
        return page

    def __iter__(self) -> Iterator[SourcePage]:
        with self.path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                page = self._read(record)
                if page is None or 300 <= page.status < 400:
                    continue
                if self.offsets.get(page.url) == records.get_record_offset():  # first response per URL
                    yield self._with_redirects(page)

    def get(self, url: str) -> SourcePage | None:
        offset = self.offsets.get(url)
        if offset is None:
            return None
        with self.path.open("rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream)), None)
            page = None if record is None else self._read(record)
        return None if page is None else self._with_redirects(page)


def _warc_date(record: Any) -> datetime:
    value = record.rec_headers.get_header("WARC-Date")
    if not value:
        return datetime.now(UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
