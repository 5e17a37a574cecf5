"""The teaser/lead paragraph: marked by class or bold after the headline; kept once, never repeated in the text."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from extract.body import Body
from extract.dates import DATE_PATTERN
from extract.parse import hinted_elements, normalize_space, text_of

logger = logging.getLogger(__name__)

LEAD_WORDS = (
    "lead|leadtext|teaser|teasertext|intro|introtext|abstract|summary|standfirst|deck|kurztext|"
    "vorspann|anriss|einleitung|subline|article-?desc\\w*|description"
)
LEAD_HINTS = re.compile(rf"(^|[\s_-])({LEAD_WORDS})([\s_-]|$)", re.IGNORECASE)
META_HINT = re.compile(r"(^|[|·•]\s*)(von|by|autor|rubrik|ressort|datum)\b", re.IGNORECASE)
MIN_LEAD = 40
MAX_LEAD = 1200
# a marked lead starts at most this many characters of text after the headline (a dateline, byline, caption
# may sit between them); "teaser"/"description" boxes further down are other articles, author bios, cookie text
MAX_LEAD_DISTANCE = 600
_BOLD = ("b", "strong")


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", normalize_space(text).casefold()).strip()


def _is_bold_block(element: HtmlElement) -> bool:
    """A paragraph whose whole text sits in <b>/<strong>."""
    text = text_of(element)
    bold = " ".join(text_of(child) for child in element.iter(*_BOLD) if child is not element)
    return bool(text) and len(normalize_space(bold)) >= len(text) * 0.9


def marked_lead(
    tree: HtmlElement, headline: HtmlElement | None, hinted: list[tuple[HtmlElement, str]] | None = None
) -> str | None:
    """A lead marked as such: lead/teaser class, or the first bold paragraph after the headline.

    A marked element counts only where a lead is printed: right after the headline (or around it, then
    the text after the headline). Site descriptions in the page header, teasers of other articles,
    author bios and cookie or newsletter texts carry the same class words elsewhere on the page.

    hinted: the page's class/id-hinted elements (hinted_elements with LEAD_WORDS among the words).
    """
    after = _text_after(headline) if headline is not None else None
    around = set(headline.iterancestors()) if headline is not None else set()
    for element, hints in hinted if hinted is not None else hinted_elements(tree, LEAD_WORDS):
        if element.tag in {"body", "html", "meta", "a", "img"} or not LEAD_HINTS.search(hints):
            continue
        if len(element.text_content()) > MAX_LEAD * 2:
            continue
        if "list" in hints.casefold() or (element.findall(".//a") and len(element.findall(".//a")) > 2):
            continue
        text = text_of(element)
        if after is not None and headline is not None:
            position = after.get(element)
            if position is None and element in around:
                text = _after_headline(text, text_of(headline))  # a header box: headline, then the lead
            elif position is None or position > MAX_LEAD_DISTANCE:
                continue  # before the headline, or far below it
        if MIN_LEAD <= len(text) <= MAX_LEAD and not _is_caption(element, text):
            return text
    if headline is None:
        return None
    inside = set(headline.iter())
    for element in headline.xpath("following::*[position() <= 60]"):
        if element in inside or not isinstance(element.tag, str):
            continue
        own = normalize_space(element.text)
        if len(own) < MIN_LEAD or (len(own) < 160 and (DATE_PATTERN.search(own) or META_HINT.search(own))):
            continue  # too short for a lead, or the dateline/byline
        # the first real text after the headline: a lead when it is bold
        bold = element if element.tag in _BOLD else next(
            (ancestor for ancestor in element.iterancestors(*_BOLD)), None
        )
        if bold is not None or _is_bold_block(element):
            text = text_of(bold if bold is not None else element)
            return text if MIN_LEAD <= len(text) <= MAX_LEAD else None
        return None
    return None


def _following(element: HtmlElement) -> Iterator[HtmlElement]:
    """The elements after this one in document order (not its descendants), lazily."""
    node: HtmlElement | None = element
    while node is not None:
        for sibling in node.itersiblings():
            yield from sibling.iter()
        node = node.getparent()


def _text_after(headline: HtmlElement) -> dict[HtmlElement, int]:
    """Elements that follow the headline, with the length of the text between the headline's end and them.

    Stops once MAX_LEAD_DISTANCE characters of text have passed.
    """
    found: dict[HtmlElement, int] = {}
    distance = len(normalize_space(headline.tail))
    for element in _following(headline):
        if not isinstance(element.tag, str):
            continue
        found[element] = distance
        if distance > MAX_LEAD_DISTANCE:
            break
        distance += len(normalize_space(element.text)) + len(normalize_space(element.tail))
    return found


def _is_caption(element: HtmlElement, text: str) -> bool:
    """A "summary"/"description" printed under a picture: inside a figure, or the only text beside an image."""
    for level, ancestor in enumerate(element.iterancestors()):
        if ancestor.tag in {"figure", "figcaption"}:
            return True
        if level >= 3 or ancestor.tag in {"body", "article", "main"} or len(text_of(ancestor)) > len(text) + 5:
            return False
        if next(ancestor.iter("img"), None) is not None:
            return True
    return False


def _after_headline(text: str, headline: str) -> str:
    """The text of a box that prints the headline, after the headline ("" when the headline is not in it)."""
    position = text.find(headline) if headline else -1
    return text[position + len(headline) :].strip() if position >= 0 else ""


def split_lead(body: Body, marked: str | None) -> str | None:
    """Take the lead out of the body: a marked lead, or a first paragraph printed twice; return the lead."""
    paragraphs = [block for block in body.blocks if block.element.tag == "p"]
    if not paragraphs:
        return marked
    if marked:
        folded = _fold(marked)
        matches = [block for block in body.blocks[:6] if _fold(block.text) == folded]
        for block in matches:
            body.remove(block)
        if matches:
            return normalize_space(matches[0].text)
        # a lead printed once but outside trafilatura's body: keep it only when it is real text
        return marked if len(marked) >= MIN_LEAD else None
    first = paragraphs[0]
    duplicates = [block for block in body.blocks[1:8] if block is not first and _fold(block.text) == _fold(first.text)]
    if duplicates and len(first.text) >= MIN_LEAD:
        for block in [first, *duplicates]:
            body.remove(block)
        return normalize_space(first.text)
    return None
