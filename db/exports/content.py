"""The body of an exported article as clean HTML: old links and images rewritten, no layout, sanitised."""

from __future__ import annotations

import html
import re

import lxml.html
import nh3
from lxml.html import HtmlElement

from db.exports.collect import ExportArticle

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "body_html", "sanitise"]

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "img", "strong", "em", "br", "blockquote", "pre", "code",
    "table", "thead", "tbody", "tr", "td", "th", "sub", "sup", "figure", "figcaption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href"}, "img": {"src", "alt"}, "td": {"colspan"}, "th": {"colspan"}, "ul": {"class"},
    "figure": {"class"},
}
_RENAMED = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4"}
_SPACE = re.compile(r"\s+")


def sanitise(fragment: str) -> str:
    """nh3 with the export's tag list: no scripts, styles, fonts, event handlers or foreign schemes."""
    return nh3.clean(
        fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"}, link_rel=None, strip_comments=True,
    ).strip()


def _text(element: HtmlElement) -> str:
    return _SPACE.sub(" ", element.text_content()).strip()


def _is_data_table(table: HtmlElement) -> bool:
    """A table with at least two rows of at least two cells each holds data; anything else was layout."""
    rows = [row for row in table.iter("tr") if row.getparent() is not None]
    cells = [len([c for c in row if c.tag in {"td", "th"}]) for row in rows]
    nested = any(inner is not table for inner in table.iter("table"))
    return len(rows) >= 2 and min(cells, default=0) >= 2 and not nested


def _unwrap_table(table: HtmlElement) -> None:
    """Replace a layout table by one paragraph (or block) per non-empty cell."""
    parent = table.getparent()
    if parent is None:
        return
    index = parent.index(table)
    blocks: list[HtmlElement] = []
    for cell in table.iter("td", "th"):
        if any(child.tag in {"table", "td"} for child in cell.iterdescendants()):
            continue
        if not _text(cell) and cell.find(".//img") is None:
            continue
        block_children = [c for c in cell if c.tag in {"p", "ul", "ol", "h2", "h3", "h4", "blockquote", "pre"}]
        if block_children:
            blocks.extend(block_children)
        else:
            paragraph = lxml.html.Element("p")
            paragraph.text = cell.text
            paragraph.extend(list(cell))
            blocks.append(paragraph)
    parent.remove(table)
    for offset, block in enumerate(blocks):
        parent.insert(index + offset, block)


def _drop_lead(root: HtmlElement, lead: str | None) -> None:
    """Remove the first paragraph when it repeats the lead (the stored HTML starts with it)."""
    if not lead:
        return
    first = next((child for child in root if isinstance(child.tag, str)), None)
    if first is not None and first.tag == "p" and _text(first) == _SPACE.sub(" ", lead).strip():
        root.remove(first)


def _rewrite(root: HtmlElement, url_map: dict[str, str]) -> None:
    for element in root.iter("a", "img"):
        attribute = "href" if element.tag == "a" else "src"
        value = element.get(attribute)
        if value and value in url_map:
            element.set(attribute, url_map[value])
    for old, new in _RENAMED.items():
        for element in root.iter(old):
            element.tag = new
    for table in list(root.iter("table")):
        if table.getparent() is not None and not _is_data_table(table):
            _unwrap_table(table)


def _fallback_body(article: ExportArticle) -> str:
    """Paragraphs from the plain text, for articles stored without HTML."""
    return "".join(f"<p>{html.escape(line)}</p>" for line in article.text.split("\n") if line.strip())


def body_html(article: ExportArticle) -> str:
    """Clean HTML of the body without the lead: links to exported articles and downloaded media point at
    their new paths; images and links the stored HTML lacks follow as a figure each and a link list."""
    source = article.html.strip() or _fallback_body(article)
    root = lxml.html.fragment_fromstring(source or "<p></p>", create_parent="div")
    _drop_lead(root, article.lead)
    _rewrite(root, article.url_map)
    present = {element.get("src") for element in root.iter("img")} | {element.get("href") for element in root.iter("a")}
    parts = [lxml.html.tostring(child, encoding="unicode", with_tail=False) for child in root]
    if root.text and root.text.strip():
        parts.insert(0, f"<p>{html.escape(root.text.strip())}</p>")
    for image in article.images:
        if image.new_url in present or image.url in present:
            continue
        caption = f"<figcaption>{html.escape(image.caption)}</figcaption>" if image.caption else ""
        parts.append(
            f'<figure><img src="{html.escape(image.new_url)}" alt="{html.escape(image.alt)}">{caption}</figure>'
        )
    extra = [link for link in article.links if link.new_url not in present and link.url not in present]
    if extra:
        items = "".join(
            f'<li><a href="{html.escape(article.url_map.get(link.url, link.new_url))}">'
            f"{html.escape(link.text or link.url)}</a></li>"
            for link in extra
        )
        parts.append(f'<ul class="links">{items}</ul>')
    return sanitise("\n".join(part for part in parts if part))
