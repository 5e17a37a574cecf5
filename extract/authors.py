"""Author names from bylines ("Von …", "Autor: …", "By …") and metadata, split and cleaned of junk."""

from __future__ import annotations

import logging
import re

from lxml.html import HtmlElement

from extract.body import Body
from extract.parse import TextStats, hinted_elements, normalize_space, text_of

logger = logging.getLogger(__name__)

BYLINE_WORDS = "author|autor|byline|verfasser|writer|creator"
BYLINE_HINTS = re.compile(rf"(^|[\s_-])({BYLINE_WORDS})", re.IGNORECASE)
BYLINE_TEXT = re.compile(
    r"^\s*(?:(?:text|von|autor(?:in)?|verfasser(?:in)?|geschrieben von|by|written by|posted by|reporter|"
    r"redakteur(?:in)?)\s*:?\s+)(?P<names>[^\n]{3,120})$",
    re.IGNORECASE,
)
_PREFIX_WORDS = (
    r"text|von|autor(?:in)?|verfasser(?:in)?|geschrieben von|erstellt von|artikel von|by|written by|posted by|"
    r"post author(?: by)?|posted|reporter|redakteur(?:in)?|author|ein (?:bericht|beitrag|kommentar) von|from|"
    r"por|publicado por|escrito por|auteur"
)
# the byline label, also glued to the name as some pages print it ("Geschrieben vonElisa Marvena")
PREFIX = re.compile(rf"^(?:{_PREFIX_WORDS})(?:\s*:\s*|\s+|(?=(?-i:[A-ZÄÖÜ])))", re.IGNORECASE)
PREFIX_ONLY = re.compile(rf"^(?:{_PREFIX_WORDS})\s*:?$", re.IGNORECASE)
# a job title or date printed after the name ("Evan HalperStaff Writer", "Christoph Hein Chefredakteur")
_ROLE = re.compile(
    r"(?:\s+|(?<=(?-i:[a-zäöüß]))(?=(?-i:[A-ZÄÖÜ])))(?:staff writer|staff reporter|(?:chef)?redakteur(?:in)?|"
    r"editor|correspondent|reporter(?:in)?|contributor|published|veröffentlicht|am|on)\b.*$"
    r"|\s+[\w.-]+\.(?:com|net|org|de|at|ch)$",
    re.IGNORECASE,
)
SPLIT = re.compile(r"\s*(?:,|;|&|\+|/|\bund\b|\band\b|\bu\.\s)\s*", re.IGNORECASE)
JUNK = re.compile(
    r"(@|https?:|www\.|\d{2,}|e-?mail|email the author|mehr von|more from|kontakt|contact|follow|folgen|"
    r"twitter|facebook|^redaktion$|^(die |the )?redaktion\b|^editor|^admin$|^staff$|^team$|^gast$|^guest$|"
    r"^anonym|^unknown|^dpa$|^ap$|^afp$|^reuters$|\bupdated?\b|\bpublished\b|\bveröffentlicht\b|"
    r"\bkommentar|\bcomments?\b|\bfoto\b|\bbild\b|\bphoto\b|\bimage\b|\buhr\b|\bmin\b|lesezeit|read time|"
    r"\byour name\b|\b(?:ihr|dein) name\b|\bzuletzt\b|\bgeändert\b|\blast modified\b)",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"\s*(?:\||–|—|-|\(|,)\s*(?:\d|am\b|on\b|vom\b|published|veröffentlicht).*$", re.IGNORECASE)


def clean_names(raw: str) -> list[str]:
    """Split a byline into names and drop junk (emails, dates, "Redaktion", "Email the author")."""
    text = normalize_space(raw)
    text = _TRAILING.sub("", text)
    text = _ROLE.sub("", PREFIX.sub("", text))
    names: list[str] = []
    for part in SPLIT.split(text):
        name = _ROLE.sub("", PREFIX.sub("", normalize_space(part))).strip(" :-–|()[]\"'")
        name = name.lstrip(".") if re.search(r"(?:^|[\s.])\w{1,2}\.$", name) else name.strip(".")  # "Jr.", "C."
        if not name or len(name) < 3 or len(name) > 60 or JUNK.search(name) or PREFIX_ONLY.match(name):
            continue
        if len(name.split()) > 5 or (not any(ch.isupper() for ch in name[:1]) and " " in name):
            continue
        if name not in names:
            names.append(name)
    return names


def byline_candidates(
    tree: HtmlElement,
    headline: HtmlElement | None,
    hinted: list[tuple[HtmlElement, str]] | None = None,
    stats: TextStats | None = None,
) -> list[str]:
    """Byline strings: author-classed elements and "Von …"/"By …" lines near the headline.

    hinted: the page's class/id-hinted elements (hinted_elements with BYLINE_WORDS among the words).
    stats: the TextStats of this (unchanged) tree; rel/itemprop="author" is looked up in its attributed
    elements instead of by an XPath over the whole tree.
    """
    found: list[str] = []
    if stats is not None and stats.root is tree:
        marked = [
            element
            for element in stats.attributed
            if (element.get("rel") == "author" or element.get("itemprop") == "author") and element is not tree
        ]
    else:
        marked = tree.xpath('.//*[@rel="author" or @itemprop="author"]')
    for element in marked:
        text = text_of(element)
        if text and len(text) <= 120:
            found.append(text)
    for element, hints in hinted if hinted is not None else hinted_elements(tree, BYLINE_WORDS):
        if element.tag in {"body", "html", "img"} or not BYLINE_HINTS.search(hints):
            continue
        if re.search(r"author-?(bio|box|info|description|avatar|image|img|pic)|comment", hints, re.IGNORECASE):
            continue
        text = text_of(element)
        if text and len(text) <= 120:
            found.append(text)
    if headline is not None:
        nodes: list[str] = []
        inside = set(headline.iter())
        for element in headline.xpath("following::*[position() <= 40]"):
            if element not in inside and isinstance(element.tag, str):
                nodes.append(normalize_space(element.text))
                nodes.append(normalize_space(element.tail))
        nodes = [node for node in nodes if node]
        for node in nodes:
            if len(node) > 160:
                continue
            for segment in re.split(r"\s+[|·•]\s+", node):
                if match := BYLINE_TEXT.match(segment):
                    found.append(match.group("names"))
    return found


def find_authors(
    tree: HtmlElement,
    headline: HtmlElement | None,
    meta_author: str | None,
    hinted: list[tuple[HtmlElement, str]] | None = None,
    stats: TextStats | None = None,
) -> list[str]:
    """Author names: printed byline near the headline, author markup, else metadata."""
    for candidate in byline_candidates(tree, headline, hinted, stats):
        names = clean_names(candidate)
        if names:
            return names
    if meta_author:
        names = clean_names(meta_author)
        if names:
            return names
    return []


META_LINE = re.compile(
    r"^(?:(?:von|by|autor(?:in)?|text|verfasser(?:in)?|rubrik|ressort|kategorie|category|section|datum|date)\s*:?\s|"
    r"(?:quelle|source|fotos?|photos?|bild(?:er)?|credits?)\s*:\s*[^.!?]{2,60}$)",
    re.IGNORECASE,
)
# "Posted: 8:43 AM, April 19, 2013", "Last Updated: …", "Aktualisiert am 3.5.2012": a dateline with a number
DATELINE = re.compile(
    r"^(?:(?:last |zuletzt )?(?:updated|aktualisiert)|posted|published|veröffentlicht|erschienen)\b[^\d]{0,20}\d",
    re.IGNORECASE,
)


def _meta_segment(segment: str, category: str | None) -> bool:
    return bool(META_LINE.match(segment) or segment == category or (len(segment) <= 80 and DATELINE.match(segment)))


def strip_meta_lines(body: Body, published_raw: str | None, category: str | None) -> None:
    """Drop the dateline/byline/"Rubrik:" lines that trafilatura keeps at the top or bottom of the body."""
    candidates = body.blocks[:4] + [block for block in body.blocks[-3:] if block not in body.blocks[:4]]
    for block in candidates:
        text = block.text
        if block.element.tag == "list":  # "Posted: …" and "Updated: …" as list items
            if len(block.lines) <= 3 and all(_meta_segment(line, None) for line in block.lines):
                body.remove(block)
            continue
        if len(text) > 160 or block.element.tag not in {"p", "head"} or "\n" in text:
            continue
        segments = [segment for segment in re.split(r"\s+[|·•]\s+", text) if segment]
        dated = published_raw is not None and published_raw in text
        if dated or (segments and all(_meta_segment(segment, category) for segment in segments)):
            body.remove(block)
