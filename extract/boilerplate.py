"""Boilerplate removal: a site-level profile of repeated blocks, and generic rules for pages without one."""

from __future__ import annotations

import hashlib
import logging
import re
from collections import OrderedDict

from lxml.html import HtmlElement

from extract.decode import decode_body
from extract.links import canonical_url
from extract.parse import TextStats, find_first, normalize_space, parse_html, text_of
from extract.record import UnextractablePage

logger = logging.getLogger(__name__)

BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "td",
        "th",
        "tr",
        "table",
        "ul",
        "ol",
        "li",
        "dl",
        "dd",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "address",
        "section",
        "aside",
        "nav",
        "footer",
        "header",
        "form",
        "center",
        "span",
    }
)

# Headings that open a box of other content on 2000s news pages (checked against a heading's full text)
BOX_HEADINGS = re.compile(
    r"^(aktuelle (meldungen|nachrichten|news|artikel)|weitere (meldungen|nachrichten|artikel|news)|"
    r"neueste (meldungen|nachrichten|artikel)|letzte meldungen|meistgelesen\w*|"
    r"(das )?sagen unsere (kunden|leser)|kundenstimmen|testimonials?|leserstimmen|"
    r"(mehr|weitere artikel|weiteres) zum thema|verwandte (artikel|themen|meldungen)|"
    r"(top|latest|related|recent|more) (news|stories|articles|headlines|posts)|"
    r"(you|you might|you may) also like|related|most (read|popular|viewed)|what (our )?(customers|clients) say|"
    r"archiv|newsletter|anzeige|werbung|sponsored|advertisement|navigation|men[üu]|quicklinks?|"
    r"schnellzugriff|links? zum thema)\s*:?$",
    re.IGNORECASE,
)
NAV_HINTS = re.compile(
    r"(^|[\s_-])(nav|navi|navigation|menu|menue|breadcrumbs?|sidebar|sidenav|subnav|topnav|footer|"
    r"testimonials?|kundenstimmen|related|teaser-?list|newsticker|marginal|rightcol|leftcol|"
    r"skyscraper|banner|werbung|advert|sponsor)([\s_-]|\d|$)",
    re.IGNORECASE,
)


def block_key(text: str) -> int | None:
    """64-bit hash of a block's normalised text (whitespace collapsed, case-folded); None for empty blocks."""
    return _normalized_key(normalize_space(text))


def _normalized_key(normalized: str) -> int | None:
    """block_key of a text that is normalised already (``text_of``): normalize_space leaves it as it is."""
    folded = normalized.casefold()
    if len(folded) < 2:
        return None
    return int.from_bytes(hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest(), "big")


def _blocks(tree: HtmlElement) -> list[HtmlElement]:
    return [element for element in tree.iter() if isinstance(element.tag, str) and element.tag in BLOCK_TAGS]


class BoilerplateProfile:
    """Text blocks seen on many pages of one site, learnt by ``observe`` and removed by ``prune``.

    Memory bound: at most ``max_entries`` block hashes are kept (an LRU of 8-byte hashes with their
    distinct-page counts, about 120 bytes each in CPython: 50,000 entries ≈ 6 MB), plus the hashes of
    at most ``max_entries`` observed page URLs. A block counts as boilerplate once it was seen on
    ``min_block_pages`` distinct pages and the profile has observed at least ``min_site_pages`` pages.

    Learning while extracting means a page extracted early saw less of the site than a later one. The
    profile therefore remembers, for each block not yet repeated, the pages it was seen on (at most
    ``min_block_pages - 1`` URLs a block); when the block becomes repeated, those pages join
    ``take_stale``: their records were extracted before the profile knew the block, and extracting
    them again gives what a page extracted with the whole site's profile gets.
    """

    def __init__(self, min_block_pages: int = 4, min_site_pages: int = 5, max_entries: int = 50_000) -> None:
        self.min_block_pages = min_block_pages
        self.min_site_pages = min_site_pages
        self.max_entries = max_entries
        self._counts: OrderedDict[int, int] = OrderedDict()
        self._pages: OrderedDict[int, None] = OrderedDict()
        self._holders: dict[int, list[str]] = {}  # block -> URLs of the pages seen with it, while not repeated
        self._stale: dict[str, None] = {}  # pages extracted before one of their blocks became repeated

    @property
    def pages_seen(self) -> int:
        """Number of distinct pages observed (bounded by ``max_entries``)."""
        return len(self._pages)

    def observe(self, body_or_tree: bytes | str | HtmlElement, url: str, *, canonical: str | None = None) -> None:
        """Record the blocks of one page; a page observed twice (same canonical URL) counts once.

        Pages are keyed by their canonical URL, so session-id and tracking aliases of one article do
        not make its own paragraphs look repeated. ``canonical``: the page's ``canonical_url`` when the
        caller has it already (extract_page does).
        """
        tree = _as_tree(body_or_tree)
        if tree is None:
            return
        page = canonical_url(tree, url) if canonical is None else canonical
        page_key = int.from_bytes(hashlib.blake2b(page.encode("utf-8"), digest_size=8).digest(), "big")
        if page_key in self._pages:
            return
        self._pages[page_key] = None
        if len(self._pages) > self.max_entries:
            self._pages.popitem(last=False)
        keys = {key for element in _blocks(tree) if (key := _normalized_key(text_of(element))) is not None}
        for key in keys:
            count = self._counts.get(key, 0) + 1
            self._counts[key] = count
            self._counts.move_to_end(key)
            if count < self.min_block_pages:
                self._holders.setdefault(key, []).append(url)
            elif count == self.min_block_pages:
                self._stale.update(dict.fromkeys(self._holders.pop(key, ())))
        while len(self._counts) > self.max_entries:
            evicted, _ = self._counts.popitem(last=False)
            self._holders.pop(evicted, None)

    def take_stale(self) -> list[str]:
        """URLs of pages observed before one of their blocks became repeated (each once); the list is emptied."""
        stale, self._stale = list(self._stale), {}
        return stale

    def is_boilerplate(self, text: str) -> bool:
        """True when a block with this text was seen on enough distinct pages of the site."""
        if self.pages_seen < self.min_site_pages:
            return False
        return self.is_repeated_key(block_key(text))

    def is_repeated_key(self, key: int | None) -> bool:
        """``is_boilerplate`` for a block_key (the profile must have seen ``min_site_pages`` pages)."""
        return key is not None and self._counts.get(key, 0) >= self.min_block_pages

    def prune(self, tree: HtmlElement) -> int:
        """Remove repeated blocks from the tree (outermost first); return how many were removed."""
        if self.pages_seen < self.min_site_pages:
            return 0
        body = find_first(tree, "body")
        removed = _prune(body if body is not None else tree, self)
        logger.debug("profile removed %d repeated blocks", removed)
        return removed


def _prune(element: HtmlElement, profile: BoilerplateProfile) -> int:
    removed = 0
    for child in list(element):
        if not isinstance(child.tag, str):
            continue
        if child.tag in BLOCK_TAGS and profile.is_repeated_key(_normalized_key(text_of(child))):
            child.drop_tree()
            removed += 1
        else:
            removed += _prune(child, profile)
    return removed


def _as_tree(body_or_tree: bytes | str | HtmlElement) -> HtmlElement | None:
    if isinstance(body_or_tree, HtmlElement):
        return body_or_tree
    try:
        text = decode_body(body_or_tree)[0] if isinstance(body_or_tree, bytes) else body_or_tree
        return parse_html(text)
    except UnextractablePage:
        return None


def _box_after_heading(heading: HtmlElement, stats: TextStats) -> list[HtmlElement]:
    """The heading and the link list/box that follows it."""
    parts = [heading]
    sibling = heading.getnext()
    for _ in range(3):
        if sibling is None or not isinstance(sibling.tag, str):
            break
        if sibling.tag == "br":
            sibling = sibling.getnext()
            continue
        if sibling.tag in {"ul", "ol", "dl"} or stats.density(sibling) > 0.5:
            parts.append(sibling)
            if sibling.tag in {"ul", "ol", "dl", "table"}:
                break
        else:
            break
        sibling = sibling.getnext()
    return parts


def _width(cell: HtmlElement) -> tuple[int | None, bool]:
    """A cell's declared width and whether it is a percentage."""
    match = re.match(r"\s*(\d+)\s*(%?)", cell.get("width", ""))
    return (int(match.group(1)), bool(match.group(2))) if match else (None, False)


def drop_side_columns(tree: HtmlElement) -> int:
    """Remove the narrow side columns of a 2000s layout table (navigation, testimonials, news boxes).

    A row with one wide cell (>= 300 px or 50 %) and narrow cells (<= 200 px or 25 %) holding less
    text than the wide one: the narrow cells go.
    """
    removed = 0
    for row in list(tree.iter("tr")):
        cells = [cell for cell in row if cell.tag in {"td", "th"}]
        if len(cells) < 2:
            continue
        widths = [_width(cell) for cell in cells]
        wide = [
            cell
            for cell, (width, pct) in zip(cells, widths, strict=True)
            if width is not None and (width >= 50 if pct else width >= 300)
        ]
        narrow = [
            cell
            for cell, (width, pct) in zip(cells, widths, strict=True)
            if width is not None and (width <= 25 if pct else width <= 200)
        ]
        if len(wide) != 1 or not narrow:
            continue
        main = len(text_of(wide[0]))
        if main < 200:
            continue
        for cell in narrow:
            if len(text_of(cell)) < main:
                cell.drop_tree()
                removed += 1
    return removed


PRINT_CHROME = re.compile(
    r"druckversion|fenster schlie(ß|ss)en|close window|printer-friendly version|"
    r"seite drucken|artikel drucken|print this (page|article)",
    re.IGNORECASE,
)
SOURCE_LINE = re.compile(r"^(quelle|source|url)\s*:\s*https?://", re.IGNORECASE)
PAGINATION = re.compile(
    r"^(seiten?|pages?)?\s*:?\s*([«<‹]\s*\w*\s*)?(\d+\s*[|,·\-/]?\s*){2,}(\w*\s*[»>›])?$", re.IGNORECASE
)
COPYRIGHT = re.compile(r"^\s*(©|\(c\)|copyright\b)", re.IGNORECASE)
LABELLED_LINKS = re.compile(
    r"^(weitere informationen|mehr informationen|weblinks?|links? zum thema|"
    r"mehr zum thema|more information|further information|related links)\s*:?",
    re.IGNORECASE,
)


def remove_generic_boilerplate(tree: HtmlElement) -> int:
    """Remove what 2000s pages repeat around the article, recognised by layout and headings alone.

    Modern markup (nav, aside, footer, classes) is left to trafilatura, which handles it better.
    """
    removed = 0
    stats = TextStats(tree)
    doomed: list[HtmlElement] = list(tree.iter("noscript", "select", "button", "script", "style"))
    for heading in tree.iter("h2", "h3", "h4", "h5", "h6", "b", "strong", "p", "div", "span", "font"):
        if not 0 < stats.text[heading] < 80:
            continue
        text = text_of(heading)
        if len(text) < 60 and BOX_HEADINGS.match(text):
            parent = heading.getparent()
            box = heading
            if (
                heading.tag in {"b", "strong", "span", "font"}
                and parent is not None
                and stats.text[parent] == stats.text[heading]
            ):
                box = parent
            doomed.extend(_box_after_heading(box, stats))
    for element in tree.iter("p", "div", "td", "font", "center"):
        size = stats.text[element]
        if not 0 < size < 400:
            continue
        text = text_of(element)
        if (
            COPYRIGHT.match(text)
            or (LABELLED_LINKS.match(text) and (stats.links[element] >= 1 or "http" in text))
            or (size < 150 and PRINT_CHROME.search(text))
            or SOURCE_LINE.match(text)
            or (size < 80 and stats.links[element] >= 1 and PAGINATION.match(text))
        ):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    return removed + len(doomed)
