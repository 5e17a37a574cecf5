"""Parse decoded HTML into a bounded lxml tree, and small tree helpers shared by the stages."""

from __future__ import annotations

import logging
import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from extract.record import UnextractablePage

logger = logging.getLogger(__name__)

MAX_ELEMENTS = 60_000  # trees larger than this are cut: a legacy news page has a few thousand elements

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)
_TITLE_END = re.compile(r"[<\n]")


def normalize_space(text: str | None) -> str:
    """Collapse runs of whitespace (including NBSP) to one space and strip."""
    if not text:
        return ""
    return _WHITESPACE.sub(" ", text.replace("\xa0", " ")).strip()


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


def parse_html(text: str) -> HtmlElement:
    """Parse an HTML document; raise UnextractablePage when nothing can be parsed.

    libxml2 caps nesting at 255 levels (``huge_tree`` stays off); element counts above
    MAX_ELEMENTS are pruned from the end of the document.
    """
    text = close_title(_XML_DECLARATION.sub("", text, count=1).replace("\x00", ""))
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, huge_tree=False, default_doctype=False, collect_ids=False
    )
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
        raise UnextractablePage(f"no HTML could be parsed: {err}") from err
    if tree is None:
        raise UnextractablePage("no HTML could be parsed")
    _bound_size(tree)
    return tree


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


def is_html_element(element: object) -> bool:
    """True for element nodes (not comments, processing instructions or entities)."""
    return isinstance(getattr(element, "tag", None), str)


class TextStats:
    """Text and link-text lengths of every element of a tree, computed in one bottom-up pass.

    Lengths count raw characters (whitespace included), which is precise enough for density tests.
    """

    def __init__(self, root: HtmlElement) -> None:
        self.text: dict[HtmlElement, int] = {}
        self.linked: dict[HtmlElement, int] = {}
        self.links: dict[HtmlElement, int] = {}
        for element in reversed(list(root.iter())):
            total = len((element.text or "").strip()) if isinstance(element.tag, str) else 0
            linked = 0
            links = 0
            for child in element:
                if isinstance(child.tag, str):
                    total += self.text.get(child, 0)
                    linked += self.linked.get(child, 0)
                    links += self.links.get(child, 0)
                total += len((child.tail or "").strip())
            if element.tag == "a":
                linked, links = total, links + 1
            if element.tag in {"script", "style"}:
                total = linked = 0
            self.text[element] = total
            self.linked[element] = linked
            self.links[element] = links

    def density(self, element: HtmlElement) -> float:
        """Share of the element's text inside links."""
        total = self.text.get(element, 0)
        return self.linked.get(element, 0) / total if total else 0.0
