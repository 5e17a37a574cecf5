"""Normalise 2000s markup before extraction: layout tables, <br><br> paragraphs, <font>/<center>, frames."""

from __future__ import annotations

import logging

from lxml.etree import strip_tags
from lxml.html import HtmlElement, fragment_fromstring

from extract.parse import find_first, is_html_element, text_of

logger = logging.getLogger(__name__)

PRESENTATIONAL_TAGS = ("font", "center", "basefont", "blink", "marquee", "nobr", "spacer", "o:p")
INLINE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "big",
        "cite",
        "code",
        "em",
        "i",
        "img",
        "q",
        "s",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "tt",
        "u",
        "br",
        "font",
        "acronym",
        "dfn",
        "kbd",
        "samp",
        "var",
        "label",
    }
)
BR_CONTAINERS = frozenset(
    {"td", "th", "div", "body", "blockquote", "section", "article", "form", "font", "center", "span"}
)
DATA_CELL_MAX_CHARS = 80  # a data table's cells are short; a layout cell holds paragraphs
LEGACY_TABLE_SHARE = 0.5  # a page whose layout tables hold at least this share of the body text is a 2000s layout
_MODERN_TAGS = ("article", "main", "header", "footer", "nav", "section", "aside", "figure")


def is_legacy_layout(tree: HtmlElement, text_lengths: dict[HtmlElement, int]) -> bool:
    """True for a 2000s page laid out with tables: most body text sits in (non-data) tables, no HTML5 sections.

    ``text_lengths`` is the per-element text length of ``tree`` (``TextStats.text``). Legacy cleaning
    (side columns, layout tables, generic box headings) only runs on such pages: on modern markup
    trafilatura's own rules do better and the generic rules cost recall.
    """
    body = find_first(tree, "body")
    if body is None:
        return False
    total = text_lengths.get(body, 0)
    if not total or any(True for _ in body.iter(*_MODERN_TAGS)):
        return False
    in_tables = 0
    for table in body.iter("table"):
        if not any(ancestor.tag == "table" for ancestor in table.iterancestors()) and not is_data_table(table):
            in_tables += text_lengths.get(table, 0)
    return in_tables >= total * LEGACY_TABLE_SHARE


def unwrap_presentational(tree: HtmlElement) -> None:
    """Remove <font>, <center> and similar wrappers, keeping their content."""
    strip_tags(tree, *PRESENTATIONAL_TAGS)


def is_data_table(table: HtmlElement) -> bool:
    """True for a real data table: header cells, or a regular grid of short cells without nested blocks."""
    if table.find(".//table") is not None:
        return False
    rows = [row for row in table.iter("tr") if row.getparent() is table or row.getparent().getparent() is table]
    if len(rows) < 2:
        return False
    widths = [sum(1 for cell in row if cell.tag in {"td", "th"}) for row in rows]
    if max(widths) < 2:
        return False
    if table.find(".//th") is not None:
        return True
    if len(set(widths)) > 1 and sum(1 for w in widths if w == max(widths)) < len(widths) * 0.8:
        return False
    cells = [cell for row in rows for cell in row if cell.tag in {"td", "th"}]
    if any(
        cell.find(".//p") is not None or cell.find(".//div") is not None or cell.find(".//ul") is not None
        for cell in cells
    ):
        return False
    lengths = [len(text_of(cell)) for cell in cells]
    filled = [n for n in lengths if n]
    if len(filled) < len(cells) * 0.6:
        return False
    return max(lengths) <= DATA_CELL_MAX_CHARS * 2 and sum(lengths) / len(lengths) <= DATA_CELL_MAX_CHARS


def _has_double_br(element: HtmlElement) -> bool:
    for br in element.iterchildren("br"):
        sibling = br.getnext()
        if sibling is not None and sibling.tag == "br" and not (br.tail or "").strip():
            return True
    return False


def split_br_paragraphs(container: HtmlElement, *, force: bool = False) -> None:
    """Wrap the inline runs of a container that separates paragraphs by <br><br> into <p> elements.

    force: also when the container has no <br><br> (runs end at block children only then).
    """
    if not force and not _has_double_br(container):
        return
    nodes = list(container)
    leading = container.text
    container.text = None
    for node in nodes:
        container.remove(node)
    current: HtmlElement | None = None

    def paragraph() -> HtmlElement:
        nonlocal current
        if current is None:
            current = fragment_fromstring("<p></p>")
            container.append(current)
        return current

    def add_text(text: str | None) -> None:
        if not text or not text.strip():
            if text and current is not None and len(current):
                current[-1].tail = (current[-1].tail or "") + text
            return
        para = paragraph()
        if len(para):
            para[-1].tail = (para[-1].tail or "") + text
        else:
            para.text = (para.text or "") + text

    add_text(leading)
    index = 0
    while index < len(nodes):
        node = nodes[index]
        tail = node.tail
        node.tail = None
        if is_html_element(node) and node.tag == "br":
            nxt = nodes[index + 1] if index + 1 < len(nodes) else None
            if (nxt is not None and getattr(nxt, "tag", None) == "br" and not (tail or "").strip()) or current is None:
                # paragraph break: swallow the whole run of <br>
                while (
                    index + 1 < len(nodes)
                    and getattr(nodes[index + 1], "tag", None) == "br"
                    and not (tail or "").strip()
                ):
                    index += 1
                    tail = nodes[index].tail
                    nodes[index].tail = None
                current = None
            else:
                current.append(node)
            add_text(tail)
        elif is_html_element(node) and node.tag not in INLINE_TAGS:
            current = None
            container.append(node)
            node.tail = None
            add_text(tail)
        else:
            paragraph().append(node)
            add_text(tail)
        index += 1
    for para in container.iterchildren("p"):
        if not text_of(para) and para.find(".//img") is None:
            container.remove(para)


_LOOSE_TEXT_CONTAINERS = frozenset(
    {"div", "section", "article", "main", "body", "blockquote", "td", "th", "form", "center"}
)


def wrap_loose_link_runs(tree: HtmlElement) -> int:
    """Wrap loose text with links into <p> where a container mixes it with block children.

    ``<section>Text <a>link</a> more text<h2>…</h2>Text (<a>PDF</a>) zeigt …</section>``: trafilatura with
    links kept drops such runs (text, link and the text after it); as paragraphs they are kept.
    Returns the number of containers changed.
    """
    changed = 0
    seen: set[HtmlElement] = set()
    for anchor in tree.iter("a"):
        container = anchor.getparent()
        if container is None or container in seen or container.tag not in _LOOSE_TEXT_CONTAINERS:
            continue
        seen.add(container)
        children = [child for child in container if is_html_element(child)]
        if not any(child.tag not in INLINE_TAGS for child in children):
            continue  # inline content only: one paragraph, which trafilatura handles
        if not (container.text or "").strip() and not any((child.tail or "").strip() for child in children):
            continue
        split_br_paragraphs(container, force=True)
        changed += 1
    return changed


def unwrap_layout_tables(tree: HtmlElement) -> int:
    """Turn layout tables into <div>s (rows and cells too); keep data tables. Returns how many were unwrapped."""
    tables = list(tree.iter("table"))
    unwrapped = 0
    for table in reversed(tables):  # innermost first
        if is_data_table(table):
            continue
        for element in list(table.iter("tbody", "thead", "tfoot", "caption")):
            if element is not table:
                element.drop_tag()
        for row in list(table.iter("tr")):
            row.tag = "div"
        for cell in list(table.iter("td", "th")):
            cell.tag = "div"
            for attribute in ("width", "height", "valign", "align", "bgcolor", "colspan", "rowspan", "nowrap"):
                cell.attrib.pop(attribute, None)
        table.tag = "div"
        for attribute in ("width", "height", "border", "cellpadding", "cellspacing", "bgcolor", "align"):
            table.attrib.pop(attribute, None)
        unwrapped += 1
    return unwrapped


def normalize_legacy(tree: HtmlElement) -> None:
    """Apply all legacy normalisations in place, in the order they depend on each other."""
    unwrap_presentational(tree)
    for container in list(tree.iter(*BR_CONTAINERS)):
        split_br_paragraphs(container)
    unwrapped = unwrap_layout_tables(tree)
    if unwrapped:
        logger.debug("unwrapped %d layout tables", unwrapped)


def frame_sources(tree: HtmlElement) -> list[str]:
    """The src attributes of <frame> and <iframe> elements (not yet absolute)."""
    return [src for element in tree.iter("frame", "iframe") if (src := (element.get("src") or "").strip())]


def is_frameset(tree: HtmlElement) -> bool:
    """True for a frameset page (its content lives in the frames)."""
    return tree.find(".//frameset") is not None or tree.tag == "frameset"
