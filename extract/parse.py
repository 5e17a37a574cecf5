"""Parse decoded HTML into a bounded lxml tree, and small tree helpers shared by the stages."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from extract.record import UnextractablePage

logger = logging.getLogger(__name__)

MAX_ELEMENTS = 60_000  # trees larger than this are cut: a legacy news page has a few thousand elements

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)
_TITLE_END = re.compile(r"[<\n]")


# invisible characters that only hint at line breaks: soft hyphen, zero-width space and joiners, word joiner, BOM
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


def normalize_space(text: str | None) -> str:
    """Collapse runs of whitespace (including NBSP) to one space and strip; drop soft hyphens and zero-width marks."""
    if not text:
        return ""
    # str.translate with a dict costs a Python lookup per character (ms on a page of umlauts); a substring
    # test per invisible character runs in C and is nearly free when none occurs (the common case), and
    # immediate on text of Latin-1 characters only (these six lie outside Latin-1, but for the soft hyphen)
    if not text.isascii() and (
        "\u00ad" in text
        or "\u200b" in text
        or "\u200c" in text
        or "\u200d" in text
        or "\u2060" in text
        or "\ufeff" in text
    ):
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())  # str.split() splits on the same Unicode whitespace as \s (NBSP included)


def text_of(element: HtmlElement) -> str:
    """Whitespace-normalised text content of an element."""
    try:
        return normalize_space(element.text_content())
    except ValueError:
        return ""


def close_title(text: str) -> str:
    """Close a <title> that the page never closes, at its first line end or tag.

    An HTML parser reads everything after an unclosed <title> as title text (browsers do the same), so
    a truncated legacy page would have no body at all; a title holds no markup and rarely a line break.
    """
    opened = _TITLE_OPEN.search(text, 0, 200_000)
    if opened is None or _TITLE_CLOSE.search(text, opened.end()) is not None:
        return text
    end = _TITLE_END.search(text, opened.end())
    cut = end.start() if end is not None else len(text)
    return f"{text[:cut]}</title>{text[cut:]}"


# lxml.html's own lookup is a Python method run for every element proxy created (each pass over a fresh copy
# of the tree: trafilatura's, htmldate's); this one runs in C. The only difference: <form>, <input>, <select>,
# <textarea> and <label> are plain HtmlElement, without lxml.html's form helpers (which nothing here uses).
_CLASS_LOOKUP = etree.ElementDefaultClassLookup(
    element=HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


def parse_html(text: str) -> HtmlElement:
    """Parse an HTML document; raise UnextractablePage when nothing can be parsed.

    libxml2 caps nesting at 255 levels (``huge_tree`` stays off); element counts above
    MAX_ELEMENTS are pruned from the end of the document.
    """
    text = close_title(_XML_DECLARATION.sub("", text, count=1).replace("\x00", ""))
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, huge_tree=False, default_doctype=False, collect_ids=False
    )
    parser.set_element_class_lookup(_CLASS_LOOKUP)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
        raise UnextractablePage(f"no HTML could be parsed: {err}") from err
    if tree is None:
        raise UnextractablePage("no HTML could be parsed")
    # every element starts with a "<" (or is one the parser adds: html, head, body, a <p> before a text run) and
    # every text node follows one: at most about two nodes per "<" (measured), so below this bound (twice that)
    # the tree cannot hold MAX_ELEMENTS nodes and needs no count
    if 4 * (text.count("<") + 2) > MAX_ELEMENTS:
        _bound_size(tree)
    if _WAYBACK_MARK in text:
        drop_wayback_toolbar(tree)
    return tree


_WAYBACK_MARK = "wm-ipp"
_WAYBACK_TOOLBAR = etree.XPath(
    '//*[@id="wm-ipp-base" or @id="wm-ipp" or @id="wm-ipp-print" or @id="donato"]'
)


def drop_wayback_toolbar(tree: HtmlElement) -> None:
    """Remove the toolbar the Wayback Machine inserts into its captures (capture dates, "These crawls are …").

    It is the archive's, not the page's: its text would end up in bodies, leads and date candidates.
    """
    for element in _WAYBACK_TOOLBAR(tree):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the tail: the text after the toolbar is the page's own


def _bound_size(tree: HtmlElement) -> None:
    """Drop elements beyond MAX_ELEMENTS (document order), so later stages stay fast."""
    if tree.xpath("count(//node())") <= MAX_ELEMENTS:  # counted in C: the common case costs no Python loop
        return
    count = 0
    overflow: list[HtmlElement] = []
    for element in tree.iter():
        count += 1
        if count > MAX_ELEMENTS:
            overflow.append(element)
    if not overflow:
        return
    logger.warning("tree of %d elements truncated to %d", count, MAX_ELEMENTS)
    for element in reversed(overflow):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def find_first(root: HtmlElement, tag: str, attribute: str | None = None) -> HtmlElement | None:
    """``root.find(".//tag")`` (or ``".//tag[@attribute]"``) without walking the whole document.

    lxml's tag iterators look for the next match before they hand out the current one, so
    ``find(".//body")`` walks every node after <body> too (a tenth of a millisecond on a news page, and
    the stages ask for <body>, <title> and <base> a dozen times). Here only the subtrees of the root's
    children before the match are searched: <head> is small, and <body> matches itself. Same element.
    """
    path = f".//{tag}" if attribute is None else f".//{tag}[@{attribute}]"
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.tag == tag and (attribute is None or child.get(attribute) is not None):
            return child
        if len(child):
            found = child.find(path)
            if found is not None:
                return found
    return None


def title_text(root: HtmlElement) -> str | None:
    """``root.findtext(".//title")``: the first <title>'s text ("" when empty), None without one."""
    title = find_first(root, "title")
    return None if title is None else title.text or ""


def is_html_element(element: object) -> bool:
    """True for element nodes (not comments, processing instructions or entities)."""
    return isinstance(getattr(element, "tag", None), str)


_CLASSED = etree.XPath(".//body//*[@class or @id]")


@lru_cache(maxsize=16)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(words))


def hinted_elements(
    root: HtmlElement, *words: str, stats: TextStats | None = None
) -> list[tuple[HtmlElement, str]]:
    """Elements inside <body> whose class or id contains one of the words, in document order, with "class id".

    words are lower-case regex alternations ("author|byline"). The author, lead and breadcrumb finders share
    this one pass and then apply their exact patterns; a lower-case search for plain words is several times
    faster than their case-insensitive patterns. With ``stats`` (of the same tree), its list of classed
    elements is used instead of another pass over the tree.
    """
    pattern = _words_pattern(words)
    if stats is None:
        classed = [(element, f"{element.get('class', '')} {element.get('id', '')}") for element in _CLASSED(root)]
        return [(element, hints) for element, hints in classed if pattern.search(hints.lower())]
    return [
        (element, hints)
        for element, hints in stats.classed
        if pattern.search(hints.lower()) and next(element.iterancestors("body"), None) is not None
    ]


class TextStats:
    """Text and link-text lengths of every element of a tree, computed in one bottom-up pass.

    Lengths count raw characters (whitespace included), which is precise enough for density tests.
    """

    def __init__(self, root: HtmlElement) -> None:
        self.text: dict[HtmlElement, int] = {}
        self.linked: dict[HtmlElement, int] = {}
        self.links: dict[HtmlElement, int] = {}
        self.classed: list[tuple[HtmlElement, str]] = []  # elements with a class or id, and "class id"
        # elements with a class, id, itemprop or rel attribute: the finders that look for itemprop="headline",
        # rel="author" or headline classes filter this list instead of running an XPath over the whole tree
        self.attributed: list[HtmlElement] = []
        text, linked_text, link_count = self.text, self.linked, self.links
        classed, attributed = self.classed, self.attributed
        for element in reversed(list(root.iter())):
            tag = element.tag
            attributes = element.attrib
            if attributes:
                if "class" in attributes or "id" in attributes:
                    classed.append((element, f"{attributes.get('class', '')} {attributes.get('id', '')}"))
                    attributed.append(element)
                elif "itemprop" in attributes or "rel" in attributes:
                    attributed.append(element)
            own = element.text if isinstance(tag, str) else None
            total = len(own.strip()) if own else 0
            linked = links = 0
            for child in element:  # children come first in reversed document order (comments count 0)
                total += text[child]
                linked += linked_text[child]
                links += link_count[child]
                tail = child.tail
                if tail:
                    total += len(tail.strip())
            if tag == "a":
                linked, links = total, links + 1
            elif tag in {"script", "style"}:
                total = linked = 0
            text[element] = total
            linked_text[element] = linked
            link_count[element] = links
        classed.reverse()
        attributed.reverse()
        self.root = root

    def density(self, element: HtmlElement) -> float:
        """Share of the element's text inside links."""
        total = self.text.get(element, 0)
        return self.linked.get(element, 0) / total if total else 0.0
