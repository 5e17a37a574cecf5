"""News items on one page: dated or repeated headings followed by text, found from the page's structure.

A page holds several items when one printing style of short lines (a ``<h3>``, a bold underlined line,
a short paragraph of its own class, a "DATE: Headline" line) recurs, each followed by prose, and the
page shows that these are separate pieces and not sub-headings of one article: the headings carry
dates, items are separated by rules or anchors, items are signed, or the page has no introductory
prose before the first heading but a dated page header (a monthly news sheet). Each item gets its
title, date (with the printed string and its precision), text, authors, images and links.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from extract.dates import PrintedDate, find_printed_date
from extract.lines import Line

#: Most words in a heading line.
MAX_HEADING_WORDS = 30
MAX_HEADING_CHARS = 220
#: Words of prose an item needs.
MIN_ITEM_WORDS = 10
#: Prose words before the first heading above which the headings are sub-headings of one article.
MAX_INTRO_WORDS = 30
MIN_ITEMS = 2
#: Dated sections that make a page of items even when only one of them has prose (a season of results).
MIN_DATED_SECTIONS = 3
MIN_DATED_ITEM_WORDS = 4

_SENTENCE_END = re.compile(r"[.!?:;…\"”“»«)]\s*$")
_BYLINE = re.compile(r"^(?:by|von|text|autor(?:in)?|author|verfasst von)\s*:?\s+(?P<name>\S.{1,60})$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[(\[]?(?:[A-ZÄÖÜ][\w'’.-]*|[A-ZÄÖÜ]{2,4}|von|van|de|der|und|and|&|[A-ZÄÖÜ]\.)[)\],]?$")
_DATE_PREFIX_SEPARATOR = re.compile(r"^\s*[:–—-]+\s*")
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class Item:
    """One news item of a page."""

    title: str
    lines: list[str]  # text lines (paragraph breaks between them)
    date: PrintedDate | None = None
    authors: list[str] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    anchor: str | None = None

    @property
    def text(self) -> str:
        """The item's text, lines joined by newlines."""
        return "\n".join(self.lines)

    def key(self) -> str:
        """The item's content key (``content_key``): the same item on another page has the same key."""
        return content_key(self.title, self.date.iso() if self.date else "", "\n".join(self.lines))


#: Letters and digits of a text's opening that identify it (a shorter text adds its title and date).
KEY_OPENING = 200
MIN_KEY_OPENING = 120
MIN_OPENING_WORDS = 8


def content_key(title: str | None, date: str, text: str) -> str:
    """A key that survives small edits after the opening: the first 200 letters and digits of the text from
    its first paragraph on (short lines before it, a kicker or a repeated headline, left out; a short text:
    with its title and date), so one article found on several pages is stored once."""
    lines = [line for line in text.split("\n") if line.strip()]
    start = next((index for index, line in enumerate(lines) if len(line.split()) >= MIN_OPENING_WORDS), 0)
    opening = _folded(" ".join(lines[start:]))[:KEY_OPENING]
    basis = opening if len(opening) >= MIN_KEY_OPENING else f"{_folded(title or '')}|{date}|{opening}"
    return hashlib.sha1(basis.encode()).hexdigest()[:12]


def _folded(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


@dataclass(slots=True)
class ItemLayout:
    """The items of a page and why the page was read as holding them."""

    items: list[Item]
    reason: str


def _is_prose(line: Line) -> bool:
    return not line.data and line.link_chars * 2 < len(line.text) and (
        line.words >= 12 or (line.words >= 5 and bool(_SENTENCE_END.search(line.text)))
    )


def _dated(line: Line, language: str | None) -> PrintedDate | None:
    return find_printed_date(line.text, language) if line.words <= MAX_HEADING_WORDS else None


def _date_prefixed(line: Line, language: str | None) -> tuple[PrintedDate, str] | None:
    """A "DATE: Headline" line: its date and the headline after it."""
    found = find_printed_date(line.text[:40], language, month_only=True)
    if found is None or found.start > 2:
        return None
    rest = line.text[found.end :]
    match = _DATE_PREFIX_SEPARATOR.match(rest)
    if match is None or not match.group(0).strip():
        return None
    headline = rest[match.end() :].strip()
    return (found, headline) if len(headline.split()) >= 1 else None


def _heading_candidate(line: Line) -> bool:
    return (line.emphasised or line.whole_block) and _short_line(line)


def _short_line(line: Line) -> bool:
    """Short enough for a headline, not in a data table, not a link, not a sentence."""
    if line.data or not line.text or line.link_chars * 2 >= len(line.text):
        return False
    if line.words > MAX_HEADING_WORDS or len(line.text) > MAX_HEADING_CHARS or len(line.text) < 3:
        return False
    return not (line.text.endswith((".", ",")) and not line.text.endswith("..") and line.words > 3)


@dataclass(slots=True)
class _Group:
    """Heading lines printed in one style, and the segments of the page they open."""

    key: tuple[str, ...]
    heads: list[int]  # indexes of the first line of each heading
    ends: list[int]  # index after the last line of each heading (multi-line headings)


def _inside_long_run(lines: list[Line], index: int) -> bool:
    """A line of three or more consecutive lines printed alike (an address, a list) but not the last of them:
    only the last line of such a run can be a heading; two lines alike are one heading broken by <br>."""
    style = lines[index].style
    after = index + 1 < len(lines) and lines[index + 1].style == style
    if not after:
        return False
    before = index > 0 and lines[index - 1].style == style
    two_after = index + 2 < len(lines) and lines[index + 2].style == style
    return before or two_after


def _groups(lines: list[Line], language: str | None) -> list[_Group]:
    by_style: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        if _date_prefixed(line, language) is not None and line.link_chars * 2 < len(line.text):
            by_style[("date-prefixed",)].append(index)
        if _heading_candidate(line) and not (line.style[0] == "" and _inside_long_run(lines, index)):
            by_style[line.style].append(index)
            if line.emphasised and _dated(line, language) is not None:
                by_style[("dated",)].append(index)
    groups = []
    for key, indexes in by_style.items():
        heads: list[int] = []
        ends: list[int] = []
        for index in indexes:
            after_date_line = index > 0 and lines[index - 1].words <= 5 and _dated_or_month(lines[index - 1], language)
            if ends and index == ends[-1] and key not in {("dated",), ("date-prefixed",)} and not after_date_line:
                ends[-1] = index + 1  # a heading broken over two lines by <br>
            else:
                heads.append(index)
                ends.append(index + 1)
        if len(heads) >= MIN_ITEMS:
            groups.append(_Group(key, heads, ends))
    return groups


def _segment_end(lines: list[Line], start: int, stop: int, head: Line) -> int:
    """Where an item that starts after its heading ends: at ``stop``, or where its table cell ends."""
    cell = head.cell
    if cell is None:
        return stop
    has_prose_in_cell = any(lines[i].cell is cell and _is_prose(lines[i]) for i in range(start, min(stop, start + 8)))
    if not has_prose_in_cell:
        return stop
    for index in range(start, stop):
        line_cell = lines[index].cell
        if line_cell is not cell and (line_cell is None or not _inside(line_cell, cell)):
            return index
    return stop


def _inside(element: HtmlElement, ancestor: HtmlElement) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def _signature(lines: list[Line]) -> str | None:
    """The author signing the end of an item ("D. Bernsee", "MA", "Uli Lindner, K13"), if the last line is one."""
    if not lines:
        return None
    last = lines[-1].text.strip()
    words = last.replace(",", " ").split()
    if not 1 <= len(words) <= 5 or len(last) > 50 or _SENTENCE_END.search(last.rstrip(")")):
        return None
    name_words = sum(1 for word in words if _NAME_WORD.match(word))
    return last.strip("()") if name_words >= max(1, len(words) - 1) else None


def _byline(line: Line) -> str | None:
    match = _BYLINE.match(line.text)
    return match.group("name").strip() if match and line.words <= 8 else None


@dataclass(slots=True)
class _Segment:
    head: int
    head_end: int
    body: list[int]


def _segments(lines: list[Line], group: _Group) -> list[_Segment]:
    """The lines each heading opens; on a page whose items are separated by rules, an item ends at a rule."""
    ruled = sum(1 for head in group.heads[1:] if lines[head].rule_before)
    by_rules = len(group.heads) > 1 and ruled * 2 >= len(group.heads) - 1
    segments = []
    for number, (head, end) in enumerate(zip(group.heads, group.ends, strict=True)):
        stop = group.heads[number + 1] if number + 1 < len(group.heads) else len(lines)
        stop = _segment_end(lines, end, stop, lines[head])
        if by_rules:
            stop = next((index for index in range(end, stop) if lines[index].rule_before), stop)
        segments.append(_Segment(head, end, list(range(end, stop))))
    return segments


def _prose_words(lines: list[Line], indexes: list[int]) -> int:
    return sum(lines[i].words for i in indexes if _is_prose(lines[i]))


def _evidence(lines: list[Line], group: _Group, segments: list[_Segment], language: str | None,
              header_date: PrintedDate | None) -> str | None:
    """Why the group's headings open separate items (not sub-headings of one article), or None.

    ``segments`` are those with prose: the evidence must hold for the items, not for stray lines.
    """
    count = len(segments)
    if group.key in {("dated",), ("date-prefixed",)}:
        return "dated headings"
    dated = sum(1 for seg in segments if _dated(lines[seg.head], language) is not None
                or (seg.head > 0 and lines[seg.head - 1].words <= 8 and _dated(lines[seg.head - 1], language))
                or (seg.body and lines[seg.body[0]].words <= 8 and _dated(lines[seg.body[0]], language)))
    if dated >= MIN_ITEMS and dated * 2 >= count:
        return "dated headings"
    separated = sum(1 for seg in segments[1:] if lines[seg.head].rule_before or lines[seg.head].anchor
                    or (seg.head > 0 and (lines[seg.head - 1].rule_before or lines[seg.head - 1].anchor)
                        and lines[seg.head - 1].words <= 3))
    if count > 1 and separated * 2 >= count - 1 and separated >= 1:
        return "headings separated by rules or anchors"
    signed = sum(1 for seg in segments if (seg.body and _byline(lines[seg.body[0]]))
                 or _signature([lines[i] for i in seg.body if lines[i].text]))
    if signed >= MIN_ITEMS and signed * 2 >= count:
        return "signed items"
    intro = _prose_words(lines, list(range(group.heads[0])))  # before the first heading
    if intro < MAX_INTRO_WORDS and header_date is not None:
        return "a dated page header and no introduction"
    return None


def _dated_or_month(line: Line, language: str | None) -> bool:
    return find_printed_date(line.text, language, month_only=True) is not None


def _header_date(lines: list[Line], first_head: int, language: str | None) -> PrintedDate | None:
    """A date printed before the first item (the issue line of a news sheet: "May 2007")."""
    for line in lines[:first_head][-6:]:
        if line.words <= 8 and not line.data:
            found = find_printed_date(line.text, language, month_only=True)
            if found is not None:
                return found
    return None


def _interleaved(group: _Group, other: _Group) -> bool:
    """``other``'s headings fall between ``group``'s in two or more places (not all inside one item)."""
    slots = {sum(1 for head in group.heads if head < index) for index in other.heads}
    return len(slots) >= MIN_ITEMS


def _joined(lines: list[Line], best: _Group, groups: list[_Group], language: str | None) -> _Group:
    """Items printed in more than one heading style (a page edited over the years): join the styles whose
    headings stand between the items, each opening prose, as long as the evidence still holds."""
    joined = best
    for other in groups:
        if other.key in {("dated",), ("date-prefixed",)} or other.key == best.key or not _interleaved(joined, other):
            continue
        if not all(_prose_words(lines, seg.body) >= MIN_ITEM_WORDS for seg in _segments(lines, other)):
            continue
        pairs = sorted({*zip(joined.heads, joined.ends, strict=True), *zip(other.heads, other.ends, strict=True)})
        union = _Group(joined.key, [head for head, _ in pairs], [end for _, end in pairs])
        prose = [seg for seg in _segments(lines, union) if _prose_words(lines, seg.body) >= MIN_ITEM_WORDS]
        if _evidence(lines, union, prose, language, _header_date(lines, prose[0].head, language)) is not None:
            joined = union
    return joined


def _opening_items(lines: list[Line], group: _Group) -> list[_Segment]:
    """Items before the group's first heading: each real heading (<h1>-<h4>) there that opens prose of its own."""
    first = group.heads[0]
    heads = [index for index in range(first) if lines[index].heading and _heading_candidate(lines[index])]
    segments = []
    for number, head in enumerate(heads):
        stop = heads[number + 1] if number + 1 < len(heads) else first
        body = list(range(head + 1, stop))
        if _prose_words(lines, body) >= MAX_INTRO_WORDS:
            segments.append(_Segment(head, head + 1, body))
    return segments


_HTML_FONT_PT = {1: 8.0, 2: 10.0, 3: 12.0, 4: 14.0, 5: 18.0, 6: 24.0, 7: 36.0}


def _font_points(size: str) -> float:
    """A line's font size in points: "20.0pt", <font size="+3"> or size="4"; 12 when unknown."""
    size = size.strip().lower()
    try:
        if size.endswith("pt"):
            return float(size[:-2])
        if size[:1] in {"+", "-"}:
            return _HTML_FONT_PT.get(max(1, min(7, 3 + int(size))), 12.0)
        return _HTML_FONT_PT.get(max(1, min(7, int(size))), 12.0)
    except ValueError:
        return 12.0


def headline_line(lines: list[Line]) -> str | None:
    """The headline printed above a single article's text (for pages whose <title> is not printed).

    Among the four lines before the first plain prose paragraph (not bold or underlined: a notice), the one
    in the largest font (the nearest of equals) that is bold, a heading or larger than the text; never a
    kicker ending in ":" or a byline.
    """
    first = next((index for index, line in enumerate(lines)
                  if _is_prose(line) and line.words >= 12 and not line.emphasised), None)
    if first is None:
        return None
    body_points = _font_points(lines[first].style[-1])
    best: tuple[float, int, str] | None = None
    for distance, line in enumerate(reversed(lines[max(0, first - 4) : first])):
        points = _font_points(line.style[-1]) if line.style[-1] else body_points
        if not (_short_line(line) and line.words >= 2 and not line.text.endswith(":")) or _byline(line):
            continue
        if points < body_points or not (line.emphasised or line.heading or points > body_points):
            continue
        if best is None or (points, -distance) > best[:2]:
            best = (points, -distance, line.text)
    return best[2] if best else None


def find_items(lines: list[Line], language: str | None) -> ItemLayout | None:
    """The news items of a page, or None when it holds fewer than two (see module docstring)."""
    best: tuple[int, int, _Group, list[_Segment], str] | None = None
    groups = _groups(lines, language)
    for group in groups:
        segments = _segments(lines, group)
        with_prose = [seg for seg in segments if _prose_words(lines, seg.body) >= MIN_ITEM_WORDS]
        dated_key = group.key in {("dated",), ("date-prefixed",)}
        if dated_key and len(segments) >= MIN_DATED_SECTIONS:
            if not with_prose:
                continue  # dated sections may be short (results only): one with prose is enough
        elif len(with_prose) < MIN_ITEMS or len(with_prose) * 2 < len(segments):
            continue  # undated headings must open prose
        header_date = _header_date(lines, with_prose[0].head, language)
        reason = _evidence(lines, group, with_prose, language, header_date)
        if reason is None:
            continue
        score = (len(with_prose), group.key in {("dated",), ("date-prefixed",)})
        if best is None or score > best[:2]:
            best = (*score, group, segments, reason)
    if best is None:
        return None
    _, _, group, segments, reason = best
    if group.key not in {("dated",), ("date-prefixed",)}:
        joined = _joined(lines, group, groups, language)
        if joined is not group:
            group, segments = joined, _segments(lines, joined)
    segments = [*_opening_items(lines, group), *segments]
    first = next(seg for seg in segments if _prose_words(lines, seg.body) >= MIN_DATED_ITEM_WORDS)
    header_date = _header_date(lines, first.head, language)
    items = [_item(lines, seg, language, header_date) for seg in segments]
    _drop_repeated_lines(items)
    least = MIN_DATED_ITEM_WORDS if group.key in {("dated",), ("date-prefixed",)} else MIN_ITEM_WORDS
    items = [item for item in items if len(" ".join(item.lines).split()) >= least]
    if not items or (len(items) < MIN_ITEMS and len(segments) < MIN_DATED_SECTIONS):
        return None
    style = "/".join(part for part in group.key if part) or "plain"
    return ItemLayout(items, f"{len(items)} items: headings '{style}', {reason}")


def _item(lines: list[Line], seg: _Segment, language: str | None, header_date: PrintedDate | None) -> Item:
    head_lines = lines[seg.head : seg.head_end]
    title = " ".join(line.text for line in head_lines)
    date: PrintedDate | None = None
    prefixed = _date_prefixed(head_lines[0], language)
    if prefixed is not None:
        date, title = prefixed
    body = [lines[i] for i in seg.body]
    authors: list[str] = []
    if body and (name := _byline(body[0])):
        authors.append(name)
        body = body[1:]
    while body and not body[-1].text:
        body.pop()
    text_lines = [line for line in body if not line.data and line.link_chars * 2 < len(line.text)]
    signature = _signature(text_lines)
    if signature and len(text_lines) > 1:
        if not authors:
            authors.append(signature)
        text_lines = text_lines[:-1]
    if date is None:
        date = _dated(head_lines[0], language)
    if date is None and seg.head > 0 and lines[seg.head - 1].words <= 8:
        date = _dated(lines[seg.head - 1], language)
    if date is None and body and body[0].words <= 8:
        date = _dated(body[0], language)
        if date is not None and text_lines and text_lines[0] is body[0]:
            text_lines = text_lines[1:]
    if date is None:
        date = header_date
    images = [image for line in [*head_lines, *body] for image in line.images]
    links = [link for line in text_lines for link in line.links]
    anchor = next((line.anchor for line in [*lines[max(0, seg.head - 2) : seg.head], *head_lines] if line.anchor),
                  None)
    return Item(title=_SPACE.sub(" ", title).strip(), lines=[line.text for line in text_lines], date=date,
                authors=authors, images=images, links=links, anchor=anchor)


def _drop_repeated_lines(items: list[Item]) -> None:
    """Short lines printed in several items of the page ("Gut Holz", a standard footer) are template."""
    if len(items) < 3:
        return
    seen = Counter(line for item in items for line in set(item.lines) if len(line.split()) <= 15)
    repeated = {line for line, count in seen.items() if count >= 2}
    if repeated:
        for item in items:
            item.lines = [line for line in item.lines if line not in repeated]
