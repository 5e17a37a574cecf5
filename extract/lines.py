"""A page as reading lines: text between block boundaries and <br>, with the style each line is printed in."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

from extract.legacy import is_data_table
from extract.parse import find_first, normalize_space

#: Elements that start and end a line.
BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody",
    "thead", "tfoot", "tr", "td", "th", "blockquote", "center", "pre", "form", "address", "section", "article",
    "header", "footer", "nav", "aside", "main", "figure", "figcaption", "fieldset", "caption", "body", "hr", "br",
})
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "select", "option", "head", "title", "textarea", "iframe",
                          "frame", "object", "embed", "map", "button"})
EMPHASIS_TAGS = frozenset({"b", "strong", "u", "big", "h1", "h2", "h3", "h4", "h5", "h6"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(slots=True)
class Line:
    """One reading line: its text, how it is printed, and what stands before it."""

    text: str
    block: HtmlElement  # innermost block element the line starts in
    cell: HtmlElement | None  # innermost table cell around it
    style: tuple[str, ...]  # block tag and class, emphasis tags, font size: equal for lines printed alike
    emphasised: bool  # every character is bold, underlined, big or in a heading
    heading: int  # 1-6 inside <hN>, else 0
    link_chars: int  # characters inside <a href>
    data: bool  # inside a data table (results, figures)
    anchor: str | None = None  # name/id of an anchor just before or at the line
    rule_before: bool = False  # a <hr> between the previous line and this one
    images: list[tuple[str, str]] = field(default_factory=list)  # (src, alt) of images on or just before it
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text) of links on the line
    whole_block: bool = False  # the only line of its block
    words: int = 0  # number of words


@dataclass(slots=True)
class _Context:
    emphasis: frozenset[str]
    size: str
    link: str | None  # href of the enclosing link


#: inline elements that change nothing about a line unless they carry attributes
_PLAIN_TAGS = frozenset({"span", "font", "i", "em", "small", "sup", "sub", "tt", "code", "o:p", "nobr", "label",
                         "abbr", "acronym", "cite", "q", "s", "strike", "del", "ins", "var", "kbd", "samp"})


def is_grid(table: HtmlElement) -> bool:
    """A table of short cells in rows (results, figures, member lists), with or without <p> in its cells."""
    if is_data_table(table):
        return True
    if table.find(".//table") is not None:
        return False
    rows = [row for row in table.iter("tr")]
    if len(rows) < 3:
        return False
    lengths: list[int] = []
    wide_rows = 0
    for row in rows:
        cells = [cell for cell in row if cell.tag in {"td", "th"}]
        wide_rows += len(cells) >= 2
        lengths.extend(len(normalize_space(cell.text_content())) for cell in cells)
    filled = [length for length in lengths if length]
    return wide_rows * 10 >= len(rows) * 6 and bool(filled) and sum(filled) / len(filled) <= 40


def _font_size(element: HtmlElement) -> str:
    size = element.get("size")
    if element.tag == "font" and size:
        return size.strip()
    style = element.get("style")
    if style and "font-size" in style:
        value = style.split("font-size", 1)[1].lstrip(" :")
        return value.split(";", 1)[0].split("'", 1)[0].strip()
    return ""


def _bold_style(element: HtmlElement) -> bool:
    style = element.get("style")
    return bool(style) and "bold" in style.replace(" ", "").lower().split("font-weight:", 1)[-1][:5]


class _Builder:
    """Collects text pieces into lines while walking the tree."""

    def __init__(self, data_tables: set[HtmlElement]) -> None:
        self.lines: list[Line] = []
        self.data_tables = data_tables
        self.pieces: list[tuple[str, frozenset[str], str, str | None]] = []
        self.blocks: list[HtmlElement] = []
        self.cells: list[HtmlElement] = []
        self.tables: list[HtmlElement] = []
        self.anchor: str | None = None
        self.rule = False
        self.images: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self.line_block: HtmlElement | None = None

    def add_text(self, text: str | None, context: _Context) -> None:
        if not text:
            return
        if not self.pieces and not text.strip():
            return
        if not self.pieces:
            self.line_block = self.blocks[-1] if self.blocks else None
        self.pieces.append((text, context.emphasis, context.size, context.link))

    def flush(self) -> None:
        if not self.pieces:
            return
        text = normalize_space("".join(piece[0] for piece in self.pieces))
        if not text:
            self.pieces = []
            return
        visible = [piece for piece in self.pieces if piece[0].strip()]
        emphasis = frozenset.intersection(*(piece[1] for piece in visible)) if visible else frozenset()
        link_chars = sum(len(piece[0].strip()) for piece in visible if piece[3] is not None)
        block = self.line_block if self.line_block is not None else (self.blocks[-1] if self.blocks else None)
        assert block is not None
        heading = next((int(tag[1]) for tag in emphasis if tag in HEADING_TAGS), 0)
        style = (block.tag, block.get("class") or "", *sorted(emphasis), visible[0][2] if visible else "")
        self.lines.append(Line(
            text=text, block=block, cell=self.cells[-1] if self.cells else None, style=style,
            emphasised=bool(emphasis), heading=heading, link_chars=link_chars,
            data=any(table in self.data_tables for table in self.tables), anchor=self.anchor,
            rule_before=self.rule, images=self.images, links=self.links, words=len(text.split()),
        ))
        self.pieces, self.anchor, self.rule, self.images, self.links = [], None, False, [], []


    def walk(self, element: HtmlElement, parent: _Context) -> None:
        """The children of ``element`` in reading order (the parser caps nesting at 255 levels)."""
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED_TAGS:  # comments, scripts, menus: only the tail counts
                self.add_text(child.tail, parent)
                continue
            if tag in _PLAIN_TAGS and not child.attrib:  # the common case: an inline wrapper without style
                self.add_text(child.text, parent)
                if len(child):
                    self.walk(child, parent)
                self.add_text(child.tail, parent)
                continue
            context = self.start(child, parent)
            if len(child):
                self.walk(child, context)
            self.end(child, context, parent)

    def start(self, element: HtmlElement, parent: _Context) -> _Context:
        """An element opens: lines break at blocks, styles and anchors are noted; returns its context."""
        tag = element.tag
        if tag in BLOCK_TAGS:
            self.flush()
            if tag == "hr":
                self.rule = True
            elif tag != "br":
                self.blocks.append(element)
                if tag in {"td", "th"}:
                    self.cells.append(element)
                elif tag == "table":
                    self.tables.append(element)
        emphasis = parent.emphasis
        if tag in EMPHASIS_TAGS or (tag in {"span", "font", "p"} and _bold_style(element)):
            emphasis = emphasis | {tag if tag in EMPHASIS_TAGS else "b"}
        link = parent.link
        if tag == "a":
            href = element.get("href")
            link = href or link
            name = element.get("name") or element.get("id")
            if name and not href:
                self.anchor = name
        elif tag == "img" and (src := element.get("src")):
            self.images.append((src, normalize_space(element.get("alt"))))
        elif tag in HEADING_TAGS and element.get("id"):
            self.anchor = element.get("id")
        context = _Context(emphasis, _font_size(element) or parent.size, link)
        self.add_text(element.text, context)
        return context

    def end(self, element: HtmlElement, context: _Context, parent: _Context) -> None:
        """An element closes: its link is noted, a block ends the line, its tail continues the parent."""
        tag = element.tag
        if tag == "a" and context.link and context.link != parent.link:
            self.links.append((context.link, normalize_space(element.text_content())))
        if tag in BLOCK_TAGS and tag not in {"hr", "br"}:
            self.flush()
            for stack in (self.blocks, self.cells, self.tables):
                if stack and stack[-1] is element:
                    stack.pop()
        self.add_text(element.tail, parent)


def page_lines(tree: HtmlElement) -> list[Line]:
    """The body's lines in reading order (scripts, forms' options and frames skipped)."""
    body = find_first(tree, "body")
    root = body if body is not None else tree
    builder = _Builder({table for table in root.iter("table") if is_grid(table)})
    top = _Context(frozenset(), "", None)
    builder.blocks.append(root)
    builder.add_text(root.text, top)
    builder.walk(root, top)
    builder.flush()
    counts: dict[int, int] = {}
    for line in builder.lines:
        counts[id(line.block)] = counts.get(id(line.block), 0) + 1
    for line in builder.lines:
        line.whole_block = counts[id(line.block)] == 1
        if not line.whole_block:  # a line among others (split by <br>): printed alike whatever its block
            line.style = ("", "", *line.style[2:])
    return builder.lines
