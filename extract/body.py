"""Main-text extraction with trafilatura on the cleaned tree, and its output as paragraphs and clean HTML."""

from __future__ import annotations

import logging
from copy import deepcopy
from dataclasses import dataclass, field

import nh3
from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.htmlprocessing import convert_to_html
from trafilatura.settings import Document

from extract.links import absolute
from extract.parse import normalize_space

logger = logging.getLogger(__name__)

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "img", "b", "strong", "i", "em", "br", "blockquote", "pre",
    "table", "tr", "td", "th", "sub", "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "td": {"colspan"}, "th": {"colspan"}}


@dataclass(slots=True)
class Block:
    """One top-level block of the extracted body (a paragraph, heading, list, quote, table or image)."""

    element: etree._Element
    lines: list[str]

    @property
    def text(self) -> str:
        """The block's text, lines joined by newlines."""
        return "\n".join(self.lines)


@dataclass(slots=True)
class Body:
    """The extracted body: trafilatura's XML tree and its blocks in order."""

    tree: etree._Element | None
    blocks: list[Block] = field(default_factory=list)

    def remove(self, block: Block) -> None:
        """Drop a block from the body (tree and block list)."""
        parent = block.element.getparent()
        if parent is not None:
            parent.remove(block.element)
        self.blocks.remove(block)

    @property
    def text(self) -> str:
        """Body text, one line per paragraph/heading/list item."""
        return "\n".join(line for block in self.blocks for line in block.lines)


def _element_text(element: etree._Element) -> str:
    return normalize_space("".join(element.itertext()))


def _lines(element: etree._Element) -> list[str]:
    if element.tag == "list":
        items = [_element_text(item) for item in element.iter("item")]
        return [item for item in items if item]
    if element.tag == "table":
        rows = [" ".join(_element_text(cell) for cell in row.iter("cell")) for row in element.iter("row")]
        return [normalize_space(row) for row in rows if row.strip()]
    text = _element_text(element)
    return [text] if text else []


def extract_body(tree: HtmlElement, url: str, *, favor_recall: bool = False) -> Body:
    """Run trafilatura (no metadata, no comments, links and images kept) on an already cleaned tree."""
    try:
        document = bare_extraction(
            tree, url=url, with_metadata=False, include_comments=False, include_links=True,
            include_images=False, include_tables=True, favor_recall=favor_recall,
        )
    except Exception:  # trafilatura must not break extraction: degrade to an empty body
        logger.warning("trafilatura failed on %s", url, exc_info=True)
        return Body(None)
    if not isinstance(document, Document) or document.body is None:
        return Body(None)
    body = document.body
    blocks = [Block(child, _lines(child)) for child in body if isinstance(child.tag, str)]
    return Body(body, [block for block in blocks if block.lines or block.element.tag == "graphic"])


def body_html(body: Body, url: str, lead: str | None) -> str:
    """Clean semantic HTML of lead + body, sanitised with nh3."""
    parts: list[str] = []
    if lead:
        parts.append(f"<p><strong>{nh3.clean_text(lead)}</strong></p>")
    if body.tree is not None:
        html_tree = convert_to_html(deepcopy(body.tree))
        for heading in html_tree.iter("h1", "h5", "h6"):
            heading.tag = "h2" if heading.tag == "h1" else "h4"
        for anchor in html_tree.iter("a"):
            target = absolute(anchor.get("href"), url)
            if target:
                anchor.set("href", target)
            else:
                anchor.attrib.pop("href", None)
        for image in html_tree.iter("img"):
            target = absolute(image.get("src") or image.get("data-src"), url)
            if target:
                image.set("src", target)
        content = html_tree.find("body")
        if content is not None:
            parts.extend(etree.tostring(child, encoding="unicode", with_tail=False) for child in content)
    return nh3.clean(
        "\n".join(parts), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
        link_rel=None,
    ).strip()
