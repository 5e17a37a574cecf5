"""Join the pages of a multi-page article ("Seite 1 | 2 | 3") into one record."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import TypeVar

from extract.record import Image, Link, PageKind, PageRecord

logger = logging.getLogger(__name__)

T = TypeVar("T")

# A line that only says the article goes on ("(Fortsetzung)", "Lesen Sie weiter auf Seite 2", "Continued on page 3"):
# page furniture of multi-page articles, dropped when the pages are joined.
CONTINUATION_MARKER = re.compile(
    r"^[(\[]?\s*(?:fortsetzung(?:\s+(?:von|auf)\s+seite\s+\d+|\s+folgt)?|(?:lesen sie )?weiter auf (?:seite \d+|der "
    r"n(?:ä|ae)chsten seite)|(?:continued|cont'd\.?)(?:\s+(?:from|on)\s+(?:page \d+|(?:the )?next page))?|"
    r"(?:read|continue reading) on (?:page \d+|(?:the )?next page))\s*[)\]]?\s*[.:…]*\s*(?:»|>>|→)?$",
    re.IGNORECASE,
)


def _unique(items: list[T]) -> list[T]:
    seen: list[T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def merge_pages(records: list[PageRecord]) -> PageRecord:
    """Merge the records of one article's pages (page 1 first, or in any order with ``part_of`` set on the rest).

    Text and HTML are concatenated in page order; lines repeated on every page (a byline box, a
    teaser) are kept once; the lead, title and date come from page 1; list fields are unioned.
    """
    if not records:
        raise ValueError("merge_pages needs at least one record")
    firsts = [record for record in records if record.part_of is None]
    first = firsts[0] if firsts else records[0]
    order = [first] + [record for record in records if record is not first]
    if first.continuation_urls:
        position = {url: index for index, url in enumerate(first.continuation_urls)}
        order = [first, *sorted(order[1:], key=lambda record: position.get(record.url, len(position)))]
    seen_lines: set[str] = set()
    if first.lead:
        seen_lines.add(first.lead)
    if first.title:
        seen_lines.add(first.title)
    lines: list[str] = []
    html_parts: list[str] = []
    for record in order:
        for line in record.text.split("\n"):
            if line and line not in seen_lines and not CONTINUATION_MARKER.match(line.strip()):
                seen_lines.add(line)
                lines.append(line)
        if record.html:
            html_parts.append(record.html if record is first else record.html.replace(
                f"<p><strong>{record.lead}</strong></p>", "") if record.lead else record.html)
    links: list[Link] = _unique([link for record in order for link in record.links])
    images: list[Image] = _unique([image for record in order for image in record.images])
    merged = replace(
        first,
        text="\n".join(lines),
        html="\n".join(part for part in html_parts if part),
        lead=first.lead or next((record.lead for record in order if record.lead), None),
        title=first.title or next((record.title for record in order if record.title), None),
        published=first.published or next((record.published for record in order if record.published), None),
        authors=_unique([name for record in order for name in record.authors]),
        links=links,
        images=images,
        outlinks=_unique([url for record in order for url in record.outlinks]),
        alternate_urls=_unique([url for record in order for url in record.alternate_urls]),
        continuation_urls=_unique([record.url for record in order[1:]] + first.continuation_urls),
        part_of=None,
        kind=PageKind.ARTICLE if any(record.kind is PageKind.ARTICLE for record in order) else first.kind,
        entities=[],
    )
    if not first.published:
        dated = next((record for record in order if record.published), None)
        if dated is not None:
            merged.published_raw, merged.published_has_time = dated.published_raw, dated.published_has_time
    logger.debug("merged %d pages of %s", len(order), first.url)
    return merged
