"""extract_page: page bytes and URL in, a PageRecord out (decode, clean, extract, date, classify)."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from copy import deepcopy
from datetime import UTC, datetime

from lxml.html import HtmlElement

from extract import links as page_links
from extract.authors import BYLINE_WORDS, find_authors, strip_meta_lines
from extract.body import Block, Body, body_html, drop_chrome_blocks, extract_body
from extract.boilerplate import PAGINATION, BoilerplateProfile, drop_side_columns, remove_generic_boilerplate
from extract.classify import MIN_CONTENT_WORDS, classify, server_error_output
from extract.dates import find_published
from extract.decode import decode_body
from extract.language import declared_language, detect_language
from extract.lead import LEAD_WORDS, marked_lead, split_lead
from extract.legacy import frame_sources, is_frameset, is_legacy_layout, normalize_legacy, wrap_loose_link_runs
from extract.media import body_images, body_links
from extract.merge import merge_pages
from extract.meta import BREADCRUMB_WORDS, find_category, read_meta, site_names
from extract.parse import TextStats, hinted_elements, normalize_space, parse_html
from extract.record import PageKind, PageRecord, UnextractablePage
from extract.title import find_title
from extract.urls import DEFAULT_URL_OPTIONS, UrlOptions, fetch_url
from extract.urls import canonical_url as canonical_form

logger = logging.getLogger(__name__)

__all__ = ["extract_page", "learn_page", "merge_pages"]


def extract_page(
    body: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    fetched_at: datetime | None = None,
    site_profile: BoilerplateProfile | None = None,
    learn: bool = False,
    url_options: UrlOptions = DEFAULT_URL_OPTIONS,
) -> PageRecord:
    """Extract one fetched page into a PageRecord.

    ``learn``: let ``site_profile`` observe this page (from the tree parsed here, so a crawl parses
    each page once) before its boilerplate is removed. ``url_options``: the URL policy; the record's
    ``canonical_url`` is in its canonical form, the URLs it links to (print versions, translations,
    further pages, page 1) in the form that is fetched (extract.urls).

    Raises UnextractablePage (with the reason) for empty bodies, binary data and non-HTML content;
    any other failure degrades to a partial record and is logged, never raised.
    """
    if not isinstance(body, bytes | bytearray):
        raise UnextractablePage(f"body must be bytes, not {type(body).__name__}")
    fetched_at = fetched_at or datetime.now(UTC)
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)
    text, encoding = decode_body(bytes(body), headers)
    tree = parse_html(text)
    base: str | None = None
    canonical: str | None = None
    if learn and site_profile is not None:
        base, canonical = _observe(site_profile, tree, url, url_options)
    try:
        record = _extract(
            tree, url, headers=headers, encoding=encoding, fetched_at=fetched_at, site_profile=site_profile,
            base=base, canonical=canonical, url_options=url_options,
        )
    except UnextractablePage:
        raise
    except Exception:  # a library bug on odd markup must not stop a crawl: return what we know
        logger.exception("extraction failed on %s; returning an empty record", url)
        return PageRecord(url=url, canonical_url=canonical_form(url, url_options), kind=PageKind.OTHER,
                          encoding=encoding)
    if record.kind is not PageKind.ARTICLE and record.word_count < MIN_CONTENT_WORDS and server_error_output(text):
        raise UnextractablePage("server error output, no content")
    return _linked_urls_in_fetch_form(record, url_options)


def _linked_urls_in_fetch_form(record: PageRecord, options: UrlOptions) -> PageRecord:
    """Print versions, translations, further pages and page 1 as the frontier fetches them (deduplicated)."""

    def clean(url: str) -> str:
        return fetch_url(url, options) if url.startswith(("http://", "https://")) else url

    record.alternate_urls = list(dict.fromkeys(clean(url) for url in record.alternate_urls))
    record.continuation_urls = list(dict.fromkeys(clean(url) for url in record.continuation_urls))
    record.translations = {language: clean(url) for language, url in record.translations.items()}
    if record.part_of:
        record.part_of = clean(record.part_of)
    return record


def learn_page(
    profile: BoilerplateProfile,
    body: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    url_options: UrlOptions = DEFAULT_URL_OPTIONS,
) -> None:
    """Let ``profile`` observe a page without extracting it, decoded and keyed exactly as ``extract_page(learn=True)``.

    Raises UnextractablePage for bodies that are no HTML page (as extract_page would).
    """
    text, _ = decode_body(bytes(body), headers)
    _observe(profile, parse_html(text), url, url_options)


def _observe(profile: BoilerplateProfile, tree: HtmlElement, url: str, options: UrlOptions) -> tuple[str, str]:
    """Observe a parsed page; its base URL and canonical URL (the extraction reuses both)."""
    base = page_links.base_url(tree, url)
    canonical = page_links.canonical_url(tree, url, base, options)
    profile.observe(tree, url, canonical=canonical)
    return base, canonical


def _drop_repeated_headline(body: Body, headline: str | None) -> None:
    """Drop the headline when the body repeats it at the top (after images and short lines: dateline, kicker)."""
    if not headline:
        return
    for block in [block for block in body.blocks if block.lines][:3]:
        text = normalize_space(block.text)
        if text == headline:
            body.remove(block)
            return
        if len(text) > 100:
            return


# one entry of a page navigation printed as a list: "1", "2", "next", "| single page", "weiter »"
_PAGE_ITEM = re.compile(
    r"\W*(?:\d{1,3}|next|prev(?:ious)?|older|newer|first|last|weiter|zurück|nächste|vorherige|erste|letzte|"
    r"single page|all pages|alle seiten)\W*",
    re.IGNORECASE,
)


def _is_page_navigation(block: Block) -> bool:
    """Page navigation: "Seite 1 | 2 | 3" as a line, or a list of short page links."""
    if len(block.text) < 80 and PAGINATION.match(block.text):
        return True
    lines = block.lines
    return (
        block.element.tag == "list"
        and len(lines) >= 2
        and all(len(line) <= 20 for line in lines)
        and sum(1 for line in lines if _PAGE_ITEM.fullmatch(line)) >= len(lines) - 1
        and any(line.strip().isdigit() for line in lines)
    )


def _main_text(work: HtmlElement, url: str, *, legacy: bool, headline: str | None) -> Body:
    """trafilatura's body of the (cleaned) tree, without the headline, chrome blocks and page navigation."""
    if not legacy:  # legacy pages: their loose runs were split at <br><br> already; the rest is mostly chrome
        wrap_loose_link_runs(work)  # in place: the text stays the same, only <p> are added
    body = extract_body(work, url)
    _drop_repeated_headline(body, headline)
    drop_chrome_blocks(body)
    for block in [block for block in body.blocks if _is_page_navigation(block)]:
        body.remove(block)  # "Seite 1 | 2 | 3": page navigation of a multi-page article
    return body


def _extract(
    tree: HtmlElement,
    url: str,
    *,
    headers: Mapping[str, str] | None,
    encoding: str,
    fetched_at: datetime,
    site_profile: BoilerplateProfile | None,
    base: str | None = None,
    canonical: str | None = None,
    url_options: UrlOptions = DEFAULT_URL_OPTIONS,
) -> PageRecord:
    base = page_links.base_url(tree, url) if base is None else base  # found once: every link stage resolves with it
    anchors = page_links.scan_anchors(tree, url, base)
    outlinks = page_links.outlinks(tree, url, anchors, base)
    if canonical is None:
        canonical = page_links.canonical_url(tree, url, base, url_options)
    record = PageRecord(url=url, canonical_url=canonical, kind=PageKind.OTHER, outlinks=outlinks, encoding=encoding)
    declared = declared_language(tree, headers)
    if is_frameset(tree):
        frames = [target for src in frame_sources(tree) if (target := page_links.absolute(src, base))]
        record.outlinks = list(dict.fromkeys([*outlinks, *frames]))
        record.language = declared
        return record
    record.translations = page_links.translations(tree, url, canonical, anchors, base, options=url_options)
    record.alternate_urls = page_links.print_urls(tree, url, anchors, base)
    record.is_print = page_links.looks_like_print(tree, url, len(outlinks))

    stats = TextStats(tree)
    meta = read_meta(tree)
    title = find_title(tree, site_names(tree, meta, page_links.site_host(url)), stats)
    record.title = title.text
    hinted = hinted_elements(tree, BYLINE_WORDS, LEAD_WORDS, BREADCRUMB_WORDS, stats=stats)  # for the three finders
    record.authors = find_authors(tree, title.element, meta.author, hinted, stats)
    record.category = find_category(tree, meta, title.text, stats, hinted)

    # print renderings are legacy pages too: minimal markup, but the same chrome ("Druckversion", "Quelle: …")
    legacy = record.is_print or is_legacy_layout(tree, stats.text)
    work = tree
    if legacy or site_profile is not None:
        work = deepcopy(tree)  # trafilatura copies its input itself: only our own cleaning needs a copy
    if legacy:
        drop_side_columns(work)
        normalize_legacy(work)
    if site_profile is not None:
        site_profile.prune(work)
    if legacy:
        remove_generic_boilerplate(work)
    body = _main_text(work, url, legacy=legacy, headline=title.text)
    record.lead = split_lead(body, marked_lead(tree, title.element, hinted))
    record.language = detect_language(f"{record.lead or ''}\n{body.text}", declared)

    published = find_published(tree, title.element, url, record.language, fetched_at)
    if published is not None:
        record.published = published.value
        record.published_raw = published.raw
        record.published_has_time = published.has_time
    strip_meta_lines(body, record.published_raw, record.category)
    record.text = body.text

    record.kind = classify(
        tree,
        url,
        title=record.title,
        headline_in_body=title.element is not None,
        text=f"{record.lead or ''}\n{record.text}",
        has_date=published is not None,
        frameset=False,
        stats=stats,
    )
    if record.kind is not PageKind.LISTING:
        record.part_of, record.continuation_urls = page_links.pagination(tree, url, stats, base, anchors)
    record.html = body_html(body, url, record.lead)
    record.links = body_links(body.tree, tree, url, stats)
    record.images = body_images(body.tree, tree, url)
    return record
