"""Offline ingest: pages from a wget mirror, a WARC file or the database through the crawl's page processor.

``ingest`` takes ``FetchedPage`` values (or ``(url, status, headers, body, fetched_at)`` tuples) and does
what a crawl does, with the same parts: ``extract.processor.PageProcessor`` turns each page into
records (one boilerplate profile per site, learnt as the pages come), entities are tagged in batches,
each page is stored with ``store_records`` in its own transaction under a crawl run per site, and
``db.revise.finish_pass`` ends the pass (provisional pages extracted again, multi-page articles
joined, the site-wide name step, each run finished with its own site's counts).
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
from crawler.options import default_processor_options
from db.frontier import SiteRuns
from db.models import RunStatus
from db.revise import finish_pass
from db.storage import RunCounts, StoreOutcome, store_records
from extract import PageKind, PageRecord
from extract.fetched import FetchedPage
from extract.processor import PageProcessor, ProcessedPage, ProcessorOptions
from extract.site_names import SiteNameChanges
from extract.urls import site_key

__all__ = [
    "EntityTaggerLike", "IngestSummary", "MirrorSource", "PageSource", "WarcSource", "ingest", "mirror_url",
]

logger = logging.getLogger(__name__)

#: Article records tagged per spaCy batch (as NACHLESE_NER_BATCH_SIZE in a crawl).
TAG_BATCH_SIZE = crawl_settings.NACHLESE_NER_BATCH_SIZE

PageTuple = tuple[str, int, dict[str, str], bytes, datetime]


@runtime_checkable
class PageSource(Protocol):
    """Pages to ingest, in the order they should be processed."""

    def __iter__(self) -> Iterator[FetchedPage]: ...


class EntityTaggerLike(Protocol):
    """What ingest needs of ``extract.entities.EntityTagger``."""

    def tag(self, records: Sequence[PageRecord]) -> None: ...


@dataclass
class IngestSummary:
    """What an ingest did: counters per outcome (all sites together) and the crawl runs it recorded."""

    counts: RunCounts = field(default_factory=RunCounts)
    run_ids: list[int] = field(default_factory=list)
    skipped: int = 0  # duplicates after URL cleaning, redirects, non-HTML responses
    site_names: SiteNameChanges = field(default_factory=SiteNameChanges)  # the site-wide name consistency step
    revised: int = 0  # provisional pages extracted again at the end (db/revise.py)


def _as_page(value: FetchedPage | PageTuple) -> FetchedPage:
    if isinstance(value, FetchedPage):
        return value
    url, status, headers, body, fetched_at = value
    return FetchedPage(url, status, body, fetched_at, dict(headers))


class _Ingest:
    """State of one ingest: the processor, the runs and counts per site, the pending batch to tag."""

    def __init__(self, factory: sessionmaker[Session], tagger: EntityTaggerLike | None,
                 options: ProcessorOptions) -> None:
        self.factory = factory
        self.tagger = tagger
        self.processor = PageProcessor(options)
        self.runs = SiteRuns(factory)
        self.counts: dict[str, RunCounts] = {}
        self.summary = IngestSummary()
        self.batch: list[ProcessedPage] = []

    def add(self, page: FetchedPage) -> None:
        self.batch.append(self.processor.process(page))
        if len(self.batch) >= TAG_BATCH_SIZE:
            self.flush()

    def tag(self, records: Sequence[PageRecord]) -> None:
        """Tag article records; a tagger failure stores them without entities (as in the crawl)."""
        if self.tagger is None or not records:
            return
        try:
            self.tagger.tag(records)
        except Exception as exc:
            logger.error("Entity tagging failed for a batch: %s", exc)
            for tagged in records:
                tagged.entities = []

    def flush(self) -> None:
        """Tag the batch's articles, then store each page in its own transaction."""
        self.tag([record for page in self.batch for record in page.records if record.kind is PageKind.ARTICLE])
        for processed in self.batch:
            self.store(processed)
        self.batch = []

    def store(self, processed: ProcessedPage) -> None:
        page = processed.page
        run = self.runs.for_url(page.url)
        if run.id not in self.summary.run_ids:
            self.summary.run_ids.append(run.id)
        try:
            with self.factory.begin() as session:
                outcome = store_records(session, run, page, processed.records, processed.error,
                                        deferred=processed.deferred)
        except Exception:
            logger.exception("Could not store %s", page.url)
            outcome = StoreOutcome.FAILED
        self.counts.setdefault(site_key(page.url), RunCounts()).add(outcome)
        self.summary.counts.add(outcome)

    def finish(self, *, site_names: bool) -> None:
        models = getattr(self.tagger, "models", None)
        languages = set(models) if isinstance(models, dict) else None
        end = finish_pass(self.factory, self.processor, self.runs, self.counts,
                          tag=self.tag if self.tagger is not None else None,
                          site_names=site_names and self.tagger is not None, site_names_languages=languages)
        self.summary.site_names, self.summary.revised = end.site_names, end.revised
        for outcomes in end.outcomes.values():  # deferred pages: their articles were stored at the end
            for outcome in outcomes:
                fetched = self.summary.counts.fetched
                self.summary.counts.add(outcome)
                self.summary.counts.fetched = fetched


def ingest(
    factory: sessionmaker[Session],
    pages: PageSource | Iterable[FetchedPage | PageTuple],
    *,
    tagger: EntityTaggerLike | None = None,
    options: ProcessorOptions | None = None,
    progress: Callable[[int], None] | None = None,
    site_names: bool = crawl_settings.NACHLESE_SITE_NAMES_ENABLED,
) -> IngestSummary:
    """Process, tag and store every page like a crawl does; one transaction per page, one run per site.

    ``pages``: a PageSource, or any iterable of FetchedPage values or ``(url, status, headers, body,
    fetched_at)`` tuples. A source that can be read twice (not an iterator) teaches the boilerplate
    profiles first, then is processed in order; an iterator is processed as it comes.
    ``options``: the page processor's (default: the crawl's settings, crawler/options.py). URLs are
    cleaned like the crawler's (session ids, tracking tags dropped); a URL seen twice after cleaning is
    stored once. 3xx responses are not stored (a WARC source turns them into ``redirect_urls`` of their
    target). ``site_names``: with a tagger, end with the site-wide name step (db.site_entities), as a
    crawl does. If the pass fails, its runs are marked failed.
    """
    state = _Ingest(factory, tagger, options or default_processor_options())
    if not isinstance(pages, Iterator):
        state.processor.learn(_as_page(value) for value in pages)
    seen: set[str] = set()
    try:
        for number, value in enumerate(pages, 1):
            page = state.processor.normalise(_as_page(value))
            if page.url in seen or 300 <= page.status < 400:
                state.summary.skipped += 1
                continue
            seen.add(page.url)
            state.add(page)
            if progress is not None:
                progress(number)
        state.flush()
    except BaseException:
        if state.runs.runs:
            state.runs.finish(state.counts, RunStatus.FAILED)
        raise
    state.finish(site_names=site_names)
    return state.summary


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

    def _page(self, url: str, path: Path) -> FetchedPage:
        fetched_at = utc_from_timestamp(path.stat().st_mtime)
        return FetchedPage(url, 200, path.read_bytes(), fetched_at, {"Content-Type": "text/html"})

    def __iter__(self) -> Iterator[FetchedPage]:
        for url, path in self.files.items():
            yield self._page(url, path)


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
    def _read(record: Any, *, head_only: bool = False) -> FetchedPage | None:
        if record.rec_type != "response" or record.http_headers is None:
            return None
        url = record.rec_headers.get_header("WARC-Target-URI")
        if not url:
            return None
        status = int(record.http_headers.get_statuscode() or 0)
        headers = dict(record.http_headers.headers)
        content_type = record.http_headers.get_header("Content-Type")
        if 300 <= status < 400:
            return FetchedPage(url, status, b"", _warc_date(record), headers)
        stream = record.content_stream()
        body = stream.read(512) if head_only else stream.read()
        if not _is_html(content_type, body):
            return None
        return FetchedPage(url, status, body, _warc_date(record), headers)

    def _with_redirects(self, page: FetchedPage) -> FetchedPage:
        page.redirect_urls = list(self.redirects.get(page.url, []))
        return page

    def __iter__(self) -> Iterator[FetchedPage]:
        with self.path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                page = self._read(record)
                if page is None or 300 <= page.status < 400:
                    continue
                if self.offsets.get(page.url) == records.get_record_offset():  # first response per URL
                    yield self._with_redirects(page)


def _warc_date(record: Any) -> datetime:
    value = record.rec_headers.get_header("WARC-Date")
    if not value:
        return datetime.now(UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
