"""Page kind: an article (dated headline and a body of prose) or a listing/other page (index, contact, imprint)."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from extract.links import is_language_home
from extract.parse import TextStats, find_first
from extract.record import PageKind

logger = logging.getLogger(__name__)

NON_ARTICLE_PAGES = re.compile(
    r"(^|[/_\-.?=&])(impressum|imprint|kontakt|contact|datenschutz|privacy|agb|terms|disclaimer|sitemap|"
    r"kalender|calendar|termine|veranstaltungen|events?|suche|search|login|anmelden|register|registrieren|"
    r"gaestebuch|gästebuch|guestbook|links|archiv|archive|uebersicht|übersicht|overview|tag|tags|"
    r"category|kategorie|rubrik|author|autor)([/_\-.?=&]|$)",
    re.IGNORECASE,
)
NON_ARTICLE_TITLES = re.compile(
    r"^(impressum|imprint|kontakt|contact( us)?|datenschutz\w*|privacy policy|agb|sitemap|"
    r"veranstaltungskalender|terminkalender|termine|kalender|calendar|events|suche|search|archiv|archive|"
    r"links|gästebuch|über uns|about( us)?)\b",
    re.IGNORECASE,
)
MIN_ARTICLE_WORDS = 60
DATE_LIKE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)?\d{2}\b|\b\d{1,2}\.\s+[A-ZÄÖÜ][a-zä]+\s+\d{4}\b")


# Error output of the server-side script instead of (or around) the page: PHP warnings, database and ASP errors
SERVER_ERROR = re.compile(
    r"<b>\s*(?:warning|fatal error|parse error|notice|deprecated)\s*</b>\s*:|"
    r"\b(?:warning|fatal error|parse error)\s*:\s+[^<\n]{0,200}?\bon line\b|"
    r"\bmysql_\w+\(\)|\bpg_\w+\(\)\s*:|Microsoft OLE DB Provider|Microsoft VBScript runtime|ODBC Drivers? error|"
    r"Call to undefined function|supplied argument is not a valid MySQL|You have an error in your SQL syntax",
    re.IGNORECASE,
)
MIN_CONTENT_WORDS = 50  # a page with server errors and less text than this holds nothing worth keeping


def server_error_output(html: str) -> bool:
    """True when the page source carries PHP/ASP/database error output (checked on the raw HTML, comments too)."""
    return SERVER_ERROR.search(html, 0, 200_000) is not None


def link_density(tree: HtmlElement, stats: TextStats) -> float:
    """Share of the body's visible text that sits inside links."""
    body = find_first(tree, "body")
    return stats.density(body) if body is not None else 0.0


MORE_LINK = re.compile(r"^(mehr|weiter|weiterlesen|read more|more|lesen sie mehr|zum artikel|details)\b", re.IGNORECASE)


def teaser_headings(tree: HtmlElement, stats: TextStats) -> int:
    """Linked headlines: headings or bold blocks that are links (the typical shape of a list of articles)."""
    count = 0
    for heading in tree.iter("h2", "h3", "h4", "b", "strong"):
        anchor = heading.find(".//a")
        if anchor is not None and 15 <= stats.text.get(heading, 0) <= 200 and stats.density(heading) > 0.9:
            count += 1
    return count


def more_links(tree: HtmlElement) -> int:
    """Number of "mehr »" / "read more" links."""
    return sum(1 for anchor in tree.iter("a") if MORE_LINK.match((anchor.text_content() or "").strip()))


_MONTH_WORDS = (
    r"januar|jänner|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|dezember|"
    r"january|february|march|may|june|july|october|december|jan|feb|mär|mar|apr|jun|jul|aug|sept?|okt|oct|nov|dez|dec"
)
_DAY_DATE = re.compile(
    rf"(?<![\w.])\d{{1,2}}\.\s?(?:\d{{1,2}}\.|(?:{_MONTH_WORDS})\b)|\b(?:{_MONTH_WORDS})\.?\s+\d{{1,2}}\b",
    re.IGNORECASE,
)
#: A chronicle: at least this many lines, and this share of them holding a day date near their start
#: ("06.09.88", "Am 14. September fuhren …"): a list of dated entries, not an article.
MIN_CHRONICLE_LINES = 8
MIN_CHRONICLE_SHARE = 0.4


def is_chronicle(text: str) -> bool:
    """Whether the text is a list of dated entries (a school's or club's chronicle, a table of dates)."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < MIN_CHRONICLE_LINES:
        return False
    dated = sum(1 for line in lines if _DAY_DATE.search(line, 0, 120))
    return dated >= len(lines) * MIN_CHRONICLE_SHARE


_WORD = re.compile(r"^[^\W\d_]{3,}$")
_EDGE_PUNCTUATION = "\"'„“”‚‘’«»()[]{}.,;:!?-–—/"
#: Share of tokens that are words below which a text is data (results, move lists, figures), not prose.
MIN_PROSE_SHARE = 0.35


def prose_share(text: str) -> float:
    """Share of the text's tokens that are words of three or more letters (prose: about 0.7-0.85)."""
    tokens = text.split()
    if not tokens:
        return 0.0
    return sum(1 for token in tokens if _WORD.match(token.strip(_EDGE_PUNCTUATION))) / len(tokens)


def _images(tree: HtmlElement) -> int:
    """Images large enough to be content (not spacers or icons), in the body."""
    count = 0
    for image in tree.iter("img"):
        width, height = image.get("width", ""), image.get("height", "")
        if (width.isdigit() and int(width) < 40) or (height.isdigit() and int(height) < 40):
            continue
        count += 1
    return count


def _table_text_share(tree: HtmlElement, stats: TextStats) -> float:
    """Share of the body's text inside data tables (results, figures, member lists)."""
    from extract.legacy import is_data_table  # noqa: PLC0415 - legacy imports classify's neighbours

    body = find_first(tree, "body")
    total = stats.text.get(body, 0) if body is not None else 0
    if not total:
        return 0.0
    inside = sum(stats.text.get(table, 0) for table in tree.iter("table") if is_data_table(table))
    return min(1.0, inside / total)


def decide(
    tree: HtmlElement,
    url: str,
    *,
    title: str | None,
    headline_in_body: bool,
    text: str,
    has_date: bool,
    frameset: bool,
    stats: TextStats,
) -> tuple[PageKind, str]:
    """The page's kind and the reason, from its structure: prose, link lists, galleries, data tables, dates.

    A URL or title keyword (imprint, contact, archive, ...) never decides alone: it only tips a page
    that is no dated article with a headline and prose of its own; a page of news items is decided
    by its items whatever its name (``extract.items``).
    """
    if frameset:
        return PageKind.OTHER, "frameset"
    words = len(text.split())
    parts = urlsplit(url)
    path = parts.path + "?" + parts.query
    if is_language_home(url):
        # a site's or a language's start page changes daily and is never one article, whatever it shows
        if len(tree.xpath("//a[@href]")) >= 10:
            return PageKind.LISTING, "the site's start page"
        return PageKind.OTHER, "the site's start page"
    keyword = bool(NON_ARTICLE_PAGES.search(path)) or bool(title and NON_ARTICLE_TITLES.match(title))
    density = link_density(tree, stats)
    teasers = teaser_headings(tree, stats)
    mores = more_links(tree)
    dates_in_text = len(set(DATE_LIKE.findall(text)))
    images = _images(tree)
    if images >= 6 and words < max(150, images * 12):
        return PageKind.OTHER, f"gallery: {images} images, {words} words of text"
    if words >= MIN_ARTICLE_WORDS and prose_share(text) < MIN_PROSE_SHARE:
        return PageKind.OTHER, f"data: {words} tokens, mostly figures or notation, little prose"
    if is_chronicle(text):
        return PageKind.OTHER, f"chronicle: dated entries, {words} words"
    if words < 400 and _table_text_share(tree, stats) >= 0.5:
        return PageKind.OTHER, f"data table: most text in table cells, {words} words of prose"
    if teasers >= 3 and (mores >= 3 or dates_in_text >= 3) and not (has_date and headline_in_body and words > 400):
        return PageKind.LISTING, f"teaser list: {teasers} linked headlines"
    if keyword and not (has_date and headline_in_body and words > 250):
        if teasers >= 4 or (density > 0.5 and words < 100):
            return PageKind.LISTING, f"link list: link density {density:.2f}, {words} words, service page name"
        return PageKind.OTHER, f"service page: {words} words, no dated article, page name of a service page"
    if words < MIN_ARTICLE_WORDS:
        if density > 0.35 or teasers >= 4:
            return PageKind.LISTING, f"link list: link density {density:.2f}, {words} words"
        return PageKind.OTHER, f"little text: {words} words"
    if dates_in_text >= 6 and dates_in_text * 40 > words:
        # many dates in little text: a calendar or a list of news items
        return PageKind.LISTING, f"calendar or date list: {dates_in_text} dates in {words} words"
    if teasers >= 6 and not headline_in_body and words < 600:
        return PageKind.LISTING, f"teaser list: {teasers} linked headlines, no headline of its own"
    if not has_date and not headline_in_body and density > 0.5:
        return PageKind.LISTING, f"link list: link density {density:.2f}, no date, no headline"
    return PageKind.ARTICLE, f"article: {words} words of prose" + (", dated" if has_date else "")
