"""The article headline: a heading in the page body that matches the page's meta title, else a cleaned <title>."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from extract.parse import TextStats, find_first, normalize_space, text_of

logger = logging.getLogger(__name__)

TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—·•»«:/]|::|\|\|)\s+")
MIN_TITLE = 4
MAX_TITLE = 300
MIN_SIMILARITY = 0.6  # below this a heading and a meta title do not match (similarity() returns 0)
_SKIP_ANCESTORS = frozenset({"nav", "footer", "aside", "a", "label", "option", "noscript"})
STRONG_MATCH = 0.9  # a heading inside <header> (the page's, or the article's) counts only when it matches this well
_ENDS_WITH_SEPARATOR = re.compile(r"[-|–—:·•»/]\s*$")
# elements whose headings are not the article's: cookie and consent dialogs
_FOREIGN_HINTS = re.compile(r"cookie|consent|gdpr|dsgvo")  # searched in lower-cased class/id
_COMMENT_HEADING = re.compile(
    r"^\d+\s+(?:repl(?:y|ies)|comments?|kommentare?|antworten?|responses?|thoughts?)\b|"
    r"^(?:(?:one|ein(?:e|en)?)\s+(?:reply|comment|kommentar|antwort|thought)|"
    r"(?:leave a|schreibe einen|hinterlasse einen) (?:reply|comment|kommentar))\b",
    re.IGNORECASE,
)
_SITE_WORDS = re.compile(r"(^|\W)(home|startseite|homepage|willkommen|welcome)(\W|$)", re.IGNORECASE)


@dataclass(slots=True)
class TitleResult:
    """The headline text and, when it is printed in the body, its element (dates and leads are found near it)."""

    text: str | None
    element: HtmlElement | None


def meta_titles(tree: HtmlElement, stats: TextStats | None = None) -> list[str]:
    """og:title, twitter:title, dc.title, headline itemprop and <title>, in that order, non-empty.

    ``stats``: the TextStats of this (unchanged) tree; its attributed elements spare a pass for itemprop.
    """
    ranked: list[tuple[int, str]] = []
    for hit in tree.iterdescendants("meta", "title"):  # one pass in C, document order; ranked below
        if hit.tag == "title":
            ranked.append((4, text_of(hit)))
        elif (content := hit.get("content")) is not None:
            rank = 0 if hit.get("property") == "og:title" else _META_TITLE_RANK.get(hit.get("name") or "")
            if rank is not None:
                ranked.append((rank, normalize_space(content)))
    if stats is not None and stats.root is tree:
        props = (element for element in stats.attributed if element.get("itemprop") == "headline")
    else:
        props = iter(_HEADLINE_PROP(tree))
    # the first headline itemprop; a <title itemprop="headline"> counts as the <title> only
    headline = next((element for element in props if element is not tree and element.tag != "title"), None)
    if headline is not None:
        ranked.append((3, text_of(headline)))
    found: list[str] = []
    for _rank, text in sorted(ranked, key=lambda item: item[0]):  # stable: document order within a rank
        if text and text not in found:
            found.append(text)
    return found


_HEADLINE_PROP = etree.XPath('.//*[@itemprop="headline"]')
_META_TITLE_RANK = {"twitter:title": 1, "dc.title": 2, "DC.title": 2, "title": 2}


# typographic quotes and apostrophes compare equal to the ASCII ones ("„Titel“" in the page, '"Titel"' in <title>)
_QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "‟": '"', "‚": "'", "‘": "'", "’": "'", "‛": "'"})


def _fold(text: str) -> str:
    """Case- and quote-insensitive form of a title for comparisons."""
    return text.translate(_QUOTES).casefold()


def similarity(first: str, second: str) -> float:
    """Case-insensitive similarity ratio in [0, 1]."""
    if not first or not second:
        return 0.0
    matcher = SequenceMatcher(None, _fold(first), _fold(second), autojunk=False)
    if matcher.real_quick_ratio() < MIN_SIMILARITY or matcher.quick_ratio() < MIN_SIMILARITY:
        return 0.0  # upper bounds of ratio(): dissimilar strings are rejected without the quadratic match
    return matcher.ratio()


def _title_parts(title: str) -> list[str]:
    return [part for part in TITLE_SEPARATORS.split(title) if part]


@lru_cache(maxsize=256)
def _meta_forms(meta: str) -> tuple[str, list[tuple[str, str]]]:
    """A meta title folded, and its separator-split parts with their folded forms (computed once per title)."""
    return _fold(meta), [(part, _fold(part)) for part in _title_parts(meta)]


def _contained(candidate: str, metas: list[str], *, fuzzy: bool = True) -> float:
    """How well a heading text matches a meta title or one of its separator-split parts.

    fuzzy=False leaves out the similarity ratio (at most 0.9), the slow part.
    """
    best = 0.0
    folded = _fold(candidate)
    for meta in metas:
        meta_folded, parts = _meta_forms(meta)
        if folded == meta_folded:
            return 1.0
        if len(folded) >= 10 and folded in meta_folded:
            best = max(best, 0.9 + 0.1 * len(folded) / len(meta_folded))
        for part, part_folded in parts:
            if folded == part_folded:
                best = max(best, 0.95)
            elif len(part_folded) >= 8 and folded.startswith(part_folded) and len(part.split()) >= 2:
                best = max(best, 0.85)  # "Hafen Emden" in <title>, "Hafen Emden: Umschlag wächst" printed
        # the ratio term is at most 0.9: not needed once a better match is found
        if fuzzy and best < 0.9 and len(meta) < 400 and 0.6 < len(candidate) / max(len(meta), 1) < 1.7:
            best = max(best, similarity(candidate, meta) * 0.9)
    return best


def _usable(element: HtmlElement, text: str, *, allow_header: bool = False) -> bool:
    if _COMMENT_HEADING.match(text):
        return False
    for ancestor in element.iterancestors():
        if ancestor.tag in _SKIP_ANCESTORS or (ancestor.tag == "header" and not allow_header):
            return False
        if ancestor.tag in {"body", "html"}:
            break
        hints = ancestor.get("class", "") + " " + ancestor.get("id", "")
        if len(hints) > 1 and _FOREIGN_HINTS.search(hints.lower()):
            return False
    return True


def _headline_classed(root: HtmlElement, stats: TextStats | None = None) -> list[HtmlElement]:
    """Descendants with a headline-like class (case-sensitive substring) or itemprop=headline, in document order.

    The same test as an XPath with contains(@class, …), but about three times faster in a Python loop.
    ``stats``: the TextStats of the (unchanged) tree that holds ``root``; only its attributed elements are
    looked at then.
    """
    within = stats is not None and (root is stats.root or any(up is stats.root for up in root.iterancestors()))
    elements = stats.attributed if stats is not None and within else root.iter()
    found: list[HtmlElement] = []
    for element in elements:
        if element is root or element.tag == "meta":
            continue
        cls = element.get("class")
        if (cls and any(word in cls for word in _HEADLINE_CLASSES)) or element.get("itemprop") == "headline":
            found.append(element)
    if within and stats is not None and root is not stats.root:
        found = [element for element in found if any(up is root for up in element.iterancestors())]
    return found


_HEADLINE_CLASSES = ("headline", "title", "ueberschrift", "schlagzeile")


# screen-reader-only labels inside headings ("Headline:", "Thema", "| SITE"): not printed
_HIDDEN_CLASS = re.compile(
    r"(?:^|\s)(?:sr-only|visually-?hidden|screen-reader-text|aural|element-invisible|a11y-hidden|offscreen)(?:\s|$)"
)


def _visible_text(element: HtmlElement) -> str:
    """The element's text without screen-reader-only descendants."""
    hidden = [
        child
        for child in element.iterdescendants()
        if (cls := child.get("class")) and _HIDDEN_CLASS.search(cls.lower())
    ]
    if not hidden:
        return text_of(element)
    skipped = set(hidden)
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child not in skipped and isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return normalize_space("".join(parts))


def heading_candidates(
    tree: HtmlElement, stats: TextStats, *, allow_header: bool = False
) -> list[tuple[HtmlElement, str]]:
    """Headings, headline-classed elements and bold blocks that could be the article headline.

    Headings inside <header> are left out unless allow_header is set.
    """
    candidates: list[tuple[HtmlElement, str]] = []
    for element in tree.iter("h1", "h2", "h3"):
        if not 0 < stats.text.get(element, 0) <= MAX_TITLE * 2:
            continue
        text = _visible_text(element)
        if MIN_TITLE <= len(text) <= MAX_TITLE:
            candidates.append((element, text))
    for element in _headline_classed(tree, stats):
        if not 0 < stats.text.get(element, 0) <= MAX_TITLE * 2:
            continue
        text = _visible_text(element)
        if MIN_TITLE <= len(text) <= MAX_TITLE and element.tag not in {"title", "h1", "h2", "h3"}:
            candidates.append((element, text))
    for element in tree.iter("b", "strong", "big", "font"):
        if not 10 <= stats.text[element] <= 220:
            continue
        parent = element.getparent()
        if parent is None or stats.text[parent] != stats.text[element]:
            continue
        text = text_of(element)
        if 10 <= len(text) <= 200:
            candidates.append((element, text))
    return [(element, text) for element, text in candidates if _usable(element, text, allow_header=allow_header)]


@lru_cache(maxsize=4096)
def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _is_site_name(part: str, site_names: list[str]) -> bool:
    """A site's name or logo text: equal to a site name, or a short text containing one ("SPIEGEL ONLINE").

    A longer text that mentions the site ("Bundespolizei warnt vor …") is a headline.
    """
    squashed = _squash(part)
    if not squashed or _SITE_WORDS.search(part):
        return True
    short = len(part.split()) <= MAX_SITE_WORDS
    for name in site_names:
        site = _squash(name)
        if site and (squashed == site or (len(site) >= 4 and ((short and site in squashed) or squashed in site))):
            return True
    return False


MAX_SITE_WORDS = 4


def _strip_site_affixes(title: str, site_names: list[str]) -> str:
    """A printed headline that carries the site's name ("Headline - SITE"): the headline alone."""
    pieces = re.split(f"({TITLE_SEPARATORS.pattern})", title)
    parts, separators = pieces[::2], pieces[1::2]
    start, end = 0, len(parts)
    while end - start > 1 and _is_site_name(parts[end - 1], site_names):
        end -= 1
    while end - start > 1 and _is_site_name(parts[start], site_names):
        start += 1
    if (start, end) == (0, len(parts)):
        return title
    kept = parts[start]
    for index in range(start + 1, end):
        kept += separators[index - 1] + parts[index]
    return normalize_space(kept)


def clean_title(title: str, site_names: list[str]) -> str:
    """Strip site-name parts at either end of a <title> like "Headline - Site" or "Site | Headline"."""
    title = _PRINT_PREFIX.sub("", title)
    pieces = re.split(f"({TITLE_SEPARATORS.pattern})", title)
    parts, separators = pieces[::2], pieces[1::2]
    if len(parts) <= 1:
        return title
    start, end = 0, len(parts)
    while end - start > 1 and _is_site_name(parts[end - 1], site_names):
        end -= 1
    while end - start > 1 and _is_site_name(parts[start], site_names):
        start += 1
    if _PRINT_TITLE.search(parts[start]) and end - start > 1:
        start += 1
    if start == 0 and end == len(parts) and "|" in separators[-1] and len(parts[-1].split()) <= 4:
        end -= 1  # "Headline | Something short": a pipe almost always introduces the site's name
    kept = parts[start]
    for index in range(start + 1, end):
        kept += separators[index - 1] + parts[index]
    return normalize_space(kept)


_PRINT_PREFIX = re.compile(
    r"^\s*(druckversion|druckansicht|printer-friendly version|print version)\s*[:\-–|]\s*", re.IGNORECASE
)
_PRINT_TITLE = re.compile(r"druckversion|druckansicht|printer-friendly|print version", re.IGNORECASE)


def _shares_words(first: str, second: str) -> bool:
    """True when two titles share at least two words of 4+ letters (or all of the shorter one's).

    A word inside a compound counts as shared ("Geschichte" in "Chorgeschichte").
    """
    words_one = set(re.findall(r"\w{4,}", first.casefold()))
    words_two = set(re.findall(r"\w{4,}", second.casefold()))
    common = words_one & words_two
    for short, long in ((words_one - common, words_two), (words_two - common, words_one)):
        common |= {word for word in short if len(word) >= 5 and any(word in other for other in long)}
    return len(common) >= 2 or (bool(common) and len(common) >= min(len(words_one), len(words_two)))


def _big_font(element: HtmlElement) -> bool:
    """A legacy headline: <font size="4"> (or larger, or +1/+2) around a bold text."""
    fonts = [element, *element.iterancestors("font")][:3]
    return any(font.tag == "font" and re.match(r"^\s*(\+[1-4]|[4-7])\s*$", font.get("size", "")) for font in fonts)


def _precedes_text(element: HtmlElement) -> bool:
    """True when real article text (a run of 150+ characters) follows the heading closely."""
    inside = set(element.iter())
    for following in element.xpath("following::*[position() <= 40]"):
        if (
            following not in inside
            and max(len(normalize_space(following.text)), len(normalize_space(following.tail))) >= 150
        ):
            return True
    return False


def _match_meta_part(text: str, metas: list[str]) -> str | None:
    """A heading that prints a kicker before the headline ("Tunesien Große Aufgaben…"): the meta headline."""
    folded = _fold(text)
    same = next((index for index, meta in enumerate(metas) if _fold(meta) == folded), None)
    if same is not None:
        metas = metas[:same]  # the heading is a meta title: cut only to a better-ranked one (og:title before <title>)
    for meta in metas:
        for part in [meta, *_title_parts(meta)]:
            candidate = _fold(part)
            if (
                len(candidate) >= 15
                and candidate != folded
                and folded.endswith(candidate)
                and len(candidate) > len(folded) * 0.5
                and not _ENDS_WITH_SEPARATOR.search(folded[: -len(candidate)])
            ):
                return normalize_space(part)
    return None


def _meta_prefix(element: HtmlElement, text: str, metas: list[str], site_names: list[str]) -> str | None:
    """A heading container that prints the headline and then more (teaser, byline, date): the meta headline.

    A real heading (h1-h3) may legitimately say more than the meta title ("… in Tennessee"): it is cut
    only when the rest is glued on, holds digits (a date), or is long (a teaser).
    """
    folded = _fold(text)
    if any(_fold(meta) == folded for meta in metas):
        return None  # the heading prints a meta title as it is: its parts are the headline's
    for meta in metas:
        for title in (meta, clean_title(meta, site_names)):
            folded_title = _fold(title)  # casefold may change the length ("ß" -> "ss"): compare folded forms
            if len(title) < 15 or len(folded) <= len(folded_title) or not folded.startswith(folded_title):
                continue
            rest = text[len(title) :]
            if (
                element.tag not in {"h1", "h2", "h3"}
                or not rest[:1].isspace()
                or sum(ch.isdigit() for ch in rest) >= 2
                or len(rest) >= 0.5 * len(title)
            ):
                return title
    return None


def find_title(tree: HtmlElement, site_names: list[str], stats: TextStats) -> TitleResult:
    """The headline: the heading best matching the meta titles, else the cleaned meta title, else the only <h1>."""
    metas = meta_titles(tree, stats)
    body = find_first(tree, "body")
    every = heading_candidates(body if body is not None else tree, stats, allow_header=True)
    headed = {element for element, _ in every if next(element.iterancestors("header"), None) is not None}
    candidates = [(element, text) for element, text in every if element not in headed]
    # exact and contained matches first; the similarity ratio only for headings that could still win with it
    scored: list[tuple[float, float, HtmlElement, str]] = []
    for rank, (element, text) in enumerate(every):
        bonus = (0.05 if element.tag == "h1" else 0.02 if element.tag == "h2" else 0.0) - rank * 0.001
        score = _contained(text, metas, fuzzy=False)
        if element in headed and score < STRONG_MATCH:
            continue  # the page header's logo, tagline or section name; an article header repeats the meta title
        if score < 1.0 and _is_site_name(text, site_names):
            continue  # the logo or the site's name in a heading (not when it is exactly a meta title)
        scored.append((score, bonus, element, text))
    top = max((score + bonus for score, bonus, _, _ in scored), default=0.0)
    best: tuple[float, HtmlElement | None, str] = (0.0, None, "")
    for cheap, bonus, element, text in scored:
        score = max(cheap, _contained(text, metas)) if cheap < 0.9 and 0.9 + bonus >= top else cheap  # ratio <= 0.9
        if score + bonus > best[0]:
            best = (score + bonus, element, text)
    if best[1] is not None and best[0] >= 0.75:
        text = _meta_prefix(best[1], best[2], metas, site_names) or _match_meta_part(best[2], metas) or best[2]
        return TitleResult(_strip_site_affixes(text, site_names), best[1])
    cleaned = [clean_title(meta, site_names) for meta in metas]
    cleaned = [title for title in cleaned if title and not _is_site_name(title, site_names)]
    h1s = [(element, text) for element, text in candidates if element.tag == "h1"]
    if not h1s:
        h1s = [(element, text) for element, text in candidates if element.tag == "h2" or _big_font(element)]
    if (
        len(h1s) == 1
        and len(h1s[0][1]) >= 10
        and not _is_site_name(h1s[0][1], site_names)
        and (
            not cleaned
            or _shares_words(h1s[0][1], cleaned[0])
            or _PRINT_TITLE.search(metas[0] if metas else "")
            or (
                len(h1s[0][1].split()) >= 3 and not re.search(r"\(\s*\d+\s*\)", h1s[0][1]) and _precedes_text(h1s[0][0])
            )
        )
    ):
        return TitleResult(h1s[0][1], h1s[0][0])
    if cleaned:
        return TitleResult(cleaned[0], best[1] if best[0] >= 0.6 else None)
    if metas:
        return TitleResult(metas[0], None)
    return TitleResult(None, None)
