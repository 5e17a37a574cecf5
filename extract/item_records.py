"""One article record per news item of a page: identity (page URL + anchor or content key), URLs made absolute."""

from __future__ import annotations

import html

from extract import links as page_links
from extract.items import Item, ItemLayout
from extract.record import Image, Link, PageKind, PageRecord


def item_url(page_url: str, item: Item) -> str:
    """The item's identity: the page URL with its anchor ("#2"), or with "#item-" and the content key."""
    fragment = item.anchor if item.anchor else f"item-{item.key()}"
    return f"{page_url.split('#', 1)[0]}#{fragment}"


def item_records(layout: ItemLayout, page: PageRecord, base: str) -> list[PageRecord]:
    """The ARTICLE records of the page's items; each keeps the page's language, print flag and category."""
    records: list[PageRecord] = []
    seen: set[str] = set()
    for item in layout.items:
        url = item_url(page.canonical_url, item)
        if url in seen:  # two items under one anchor: the content key tells them apart
            url = f"{page.canonical_url.split('#', 1)[0]}#item-{item.key()}"
        if url in seen:
            continue
        seen.add(url)
        record = PageRecord(
            url=url,
            canonical_url=url,
            kind=PageKind.ARTICLE,
            title=item.title or None,
            text=item.text,
            html="\n".join(f"<p>{html.escape(line)}</p>" for line in item.lines),
            language=page.language,
            category=page.category,
            authors=list(item.authors),
            is_print=page.is_print,
            encoding=page.encoding,
            item_key=item.key(),
            decision=f"news item {len(records) + 1} of {len(layout.items)} on {page.canonical_url}",
        )
        if item.date is not None:
            record.published = item.date.value
            record.published_raw = item.date.raw
            record.published_has_time = item.date.has_time
            record.published_precision = item.date.precision.value
        for src, alt in item.images:
            if (absolute := page_links.absolute(src, base)) is not None:
                record.images.append(Image(url=absolute, alt=alt))
        for href, text in item.links:
            if (absolute := page_links.absolute(href, base)) is not None:
                record.links.append(Link(url=absolute, text=text))
        records.append(record)
    return records
