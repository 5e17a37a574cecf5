"""The teaser/lead paragraph: marked by class or bold after the headline; kept once, never repeated in the text."""

from __future__ import annotations

import logging
import re

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

    hinted: the page's class/id-hinted elements (hinted_elements with LEAD_WORDS among the words).
    """
    for element, hints in hinted if hinted is not None else hinted_elements(tree, LEAD_WORDS):
        if element.tag in {"body", "html", "meta", "a", "img"} or not LEAD_HINTS.search(hints):
            continue
        if len(element.text_content()) > MAX_LEAD * 2:
            continue
        if "list" in hints.casefold() or (element.findall(".//a") and len(element.findall(".//a")) > 2):
            continue
        text = text_of(element)
        if MIN_LEAD <= len(text) <= MAX_LEAD:
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
