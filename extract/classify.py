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


def classify(
    tree: HtmlElement,
    url: str,
    *,
    title: str | None,
    headline_in_body: bool,
    text: str,
    has_date: bool,
    frameset: bool,
    stats: TextStats,
) -> PageKind:
    """ARTICLE, LISTING or OTHER for one page (see module docstring)."""
    if frameset:
        return PageKind.OTHER
    words = len(text.split())
    parts = urlsplit(url)
    path = parts.path + "?" + parts.query
    if is_language_home(url):
        # a site's or a language's start page changes daily and is never one article, whatever it shows
        return PageKind.LISTING if len(tree.xpath("//a[@href]")) >= 10 else PageKind.OTHER
    non_article = bool(NON_ARTICLE_PAGES.search(path)) or bool(title and NON_ARTICLE_TITLES.match(title))
    density = link_density(tree, stats)
    teasers = teaser_headings(tree, stats)
    mores = more_links(tree)
    dates_in_text = len(set(DATE_LIKE.findall(text)))
    if teasers >= 3 and (mores >= 3 or dates_in_text >= 3) and not (has_date and headline_in_body and words > 400):
        return PageKind.LISTING
    if non_article and not (has_date and headline_in_body and words > 250):
        return PageKind.LISTING if teasers >= 4 or (density > 0.5 and words < 100) else PageKind.OTHER
    if words < MIN_ARTICLE_WORDS:
        return PageKind.LISTING if density > 0.35 or teasers >= 4 else PageKind.OTHER
    if dates_in_text >= 6 and dates_in_text * 40 > words:
        # many dates in little text: a calendar or a list of news items
        return PageKind.LISTING
    if teasers >= 6 and not headline_in_body and words < 600:
        return PageKind.LISTING
    if not has_date and not headline_in_body and density > 0.5:
        return PageKind.LISTING
    return PageKind.ARTICLE
