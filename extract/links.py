"""URLs of a page: canonical URL, outlinks, translations, print versions and multi-page continuations."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from courlan import extract_domain
from lxml.html import HtmlElement
from w3lib.url import safe_url_string

from extract.parse import TextStats, find_first, normalize_space, text_of, title_text
from extract.urls import DEFAULT_URL_OPTIONS, UrlOptions
from extract.urls import canonical_url as canonical_form

logger = logging.getLogger(__name__)

_SAFE_URL = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
# an href that urljoin would return unchanged: absolute http(s), safe characters, no fragment or dot segments
_PLAIN_ABSOLUTE = re.compile(r"https?://[A-Za-z0-9.\-]+(?::\d+)?(?:/[A-Za-z0-9\-_~:/?\[\]@!$&'()*+,;=%.]*)?")
_PLAIN_PATH = re.compile(r"/(?!/)[A-Za-z0-9\-_~:/?\[\]@!$&'()*+,;=%.]*")
_SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "news:", "ftp:", "file:")

LANGUAGE_NAMES: dict[str, str] = {
    "deutsch": "de",
    "german": "de",
    "english": "en",
    "englisch": "en",
    "français": "fr",
    "francais": "fr",
    "french": "fr",
    "französisch": "fr",
    "español": "es",
    "espanol": "es",
    "spanish": "es",
    "italiano": "it",
    "italian": "it",
    "nederlands": "nl",
    "dutch": "nl",
    "polski": "pl",
    "português": "pt",
    "türkçe": "tr",
    "dansk": "da",
    "svenska": "sv",
    "norsk": "no",
    "русский": "ru",
    "čeština": "cs",
    "magyar": "hu",
}
LANGUAGE_CODES = frozenset(
    {"de", "en", "fr", "es", "it", "nl", "pl", "pt", "tr", "da", "sv", "no", "ru", "cs", "hu", "ja", "zh"}
)
PRINT_LINK_TEXT = re.compile(
    r"^(artikel |seite )?(drucken|druckversion|druckansicht|druckfassung|"
    r"print(er[- ]friendly)?( version| this| article| page)?)$",
    re.IGNORECASE,
)
PRINT_URL = re.compile(
    r"([?&;](druck|print|printer|printversion|druckversion|drucken|view|mode|format|layout|template|action)="
    r"(1|true|yes|print|druck|printer|printable|drucken)\b)|([?&;](print|druck|printversion|druckversion)(&|$))|"
    r"(/|_|-)(print|druck|drucken|druckversion|printversion|printable)(\.\w+|/|$)",
    re.IGNORECASE,
)
_PRINT_URL_LOWER = re.compile(PRINT_URL.pattern)  # for lower-cased URLs: a case-insensitive search is slower
PAGINATION_LABEL = re.compile(r"^(seiten?|pages?|teil)?\s*:?\s*([«<‹]\s*)?(\d+\s*[|,·\-/]?\s*){2,}", re.IGNORECASE)


def absolute(href: str | None, base: str) -> str | None:
    """Absolute http(s) URL for an href, without fragment; None for javascript:, mailto: etc."""
    if not href:
        return None
    return _absolute(href, base)


@lru_cache(maxsize=8192)
def _absolute(href: str, base: str) -> str | None:
    if _PLAIN_ABSOLUTE.fullmatch(href) and "/." not in href:  # the common case without urljoin (same result)
        return href if href.count("/") > 2 else f"{href}/"
    if _PLAIN_PATH.fullmatch(href) and "/." not in href and (origin := _origin(base)):
        return origin + href
    href = normalize_space(href)
    if not href or href.startswith("#") or href.lower().startswith(_SKIPPED_SCHEMES):
        return None
    try:
        joined = urljoin(base, href)
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    rebuilt = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
    return rebuilt if _SAFE_URL.match(rebuilt) else safe_url_string(rebuilt)


@lru_cache(maxsize=256)
def _origin(base: str) -> str | None:
    """"scheme://host" of an http(s) base URL whose host urljoin keeps as it is; None otherwise."""
    match = _PLAIN_ABSOLUTE.fullmatch(base.split("#", 1)[0])
    if match is None:
        return None
    scheme, _, rest = base.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0].split('?', 1)[0]}"


@dataclass(slots=True)
class Anchor:
    """One <a href> of a page, resolved once for all the link stages."""

    element: HtmlElement
    href: str
    target: str | None  # absolute URL, None for javascript:, mailto: etc.
    label: str  # normalised link text


def scan_anchors(tree: HtmlElement, url: str, base: str | None = None) -> list[Anchor]:
    """Every <a>, in document order, with its href ("" when none), absolute URL and text (one pass).

    ``base``: the page's ``base_url`` when the caller knows it already (here and in the other stages).
    """
    base = base_url(tree, url) if base is None else base
    return [
        Anchor(element, href, absolute(href, base), text_of(element))
        for element in tree.iter("a")
        for href in (element.get("href") or "",)
    ]


_ARCHIVED = re.compile(r"/web/\d{4,14}[a-z_]*/(https?://[^\s]+)", re.IGNORECASE)


def site_host(url: str) -> str:
    """The host of the site a page belongs to; for a Wayback capture, the archived URL's host."""
    archived = _ARCHIVED.search(url)
    try:
        return urlsplit(archived.group(1) if archived else url).hostname or ""
    except ValueError:
        return ""


def base_url(tree: HtmlElement, url: str) -> str:
    """The document base: <base href> when present and absolute-able, else the page URL."""
    base = find_first(tree, "base", "href")
    if base is not None:
        resolved = absolute(base.get("href"), url)
        if resolved:
            return resolved
    return url


def same_site(first: str, second: str) -> bool:
    """True when both URLs share their registered domain."""
    try:
        one, two = extract_domain(first, fast=True), extract_domain(second, fast=True)
    except (ValueError, TypeError):
        one = two = None
    if one and two:
        return bool(one == two)
    # IP addresses and local hosts have no registered domain: compare host names
    host_one, host_two = urlsplit(first).hostname, urlsplit(second).hostname
    return bool(host_one) and host_one == host_two


def canonical_url(
    tree: HtmlElement, url: str, base: str | None = None, options: UrlOptions = DEFAULT_URL_OPTIONS
) -> str:
    """rel=canonical (or og:url) when it points to the same site, else the page URL (in canonical form)."""
    base = base_url(tree, url) if base is None else base
    canonical: list[str] = []
    og_url: list[str] = []
    for element in tree.iterdescendants("link", "meta"):  # one pass for both (rel=canonical wins)
        if element.tag == "link":
            if element.get("rel") == "canonical" and (href := element.get("href")) is not None:
                canonical.append(href)
        elif element.get("property") == "og:url" and (content := element.get("content")) is not None:
            og_url.append(content)
    for href in (*canonical, *og_url):
        target = absolute(href, base)
        if target and same_site(target, url):
            return canonical_form(target, options)
    return canonical_form(url, options)


def outlinks(
    tree: HtmlElement, url: str, anchors: list[Anchor] | None = None, base: str | None = None
) -> list[str]:
    """Every <a>/<area> href and <frame>/<iframe> src, absolute and deduplicated, in document order."""
    base = base_url(tree, url) if base is None else base
    resolved = {anchor.element: anchor.target for anchor in anchors} if anchors is not None else {}
    seen: dict[str, None] = {}
    for element in tree.iter("a", "area", "frame", "iframe"):
        if element in resolved:
            target = resolved[element]
        else:
            target = absolute(element.get("src") if element.tag in {"frame", "iframe"} else element.get("href"), base)
        if target and target not in seen:
            seen[target] = None
    return list(seen)


def _label(text: str) -> str:
    return text.casefold().strip("[]() ")


# a path segment of a start page: "en", "de-at", "index_en.html", "home.php", "start", "en.html"
_HOME_SEGMENT = re.compile(
    r"^(?:(?P<code>[a-z]{2})(?:[-_][a-z]{2})?|(?:index|default|home|start|startseite|main|welcome)"
    r"(?:[-_.](?P<suffix>[a-z]{2}))?)(?:\.(?:html?|php\d?|aspx?|jsp|cfm|shtml))?$",
    re.IGNORECASE,
)
# ISO 639-1 codes that sites use as language folders ("/en/", "/de-at/")
_SITE_LANGUAGES = LANGUAGE_CODES | frozenset(
    {
        *("ar", "bg", "bs", "ca", "cy", "el", "et", "eu", "fa", "fi", "ga", "gl", "he", "hi", "hr", "id", "is"),
        *("ja", "ka", "ko", "lb", "lt", "lv", "mk", "mt", "ro", "sk", "sl", "sq", "sr", "th", "uk", "ur", "vi", "zh"),
    }
)
_LANGUAGE_PARAMS = frozenset({"lang", "language", "sprache", "l", "locale", "hl", "lng"})


def _home_segment(segment: str) -> bool:
    if segment.casefold() in LANGUAGE_NAMES:
        return True
    match = _HOME_SEGMENT.match(segment)
    if match is None:
        return False
    code = match.group("code") or match.group("suffix")
    return code is None or code.lower() in _SITE_LANGUAGES


def is_language_home(url: str) -> bool:
    """True for a site's or a language's start page ("/", "/en/", "/english/", "/index_en.html", "/?lang=en")."""
    parts = urlsplit(url)
    if {key.lower() for key, _ in parse_qsl(parts.query)} - _LANGUAGE_PARAMS:
        return False
    segments = [segment for segment in parts.path.split("/") if segment]
    return len(segments) <= 2 and all(_home_segment(segment) for segment in segments)


def translations(
    tree: HtmlElement,
    url: str,
    canonical: str,
    anchors: list[Anchor] | None = None,
    base: str | None = None,
    *,
    options: UrlOptions = DEFAULT_URL_OPTIONS,
) -> dict[str, str]:
    """Language → URL of the same content in another language (hreflang alternates, language-switch links).

    A switch link to a language's start page ("English" → /en/) is not a translation of an article: many
    legacy sites link every page to the other language's home. It counts only on a start page itself.
    """
    base = base_url(tree, url) if base is None else base
    own = {canonical_form(url, options), canonical}
    on_home = is_language_home(canonical)
    found: dict[str, str] = {}

    def add(language: str, href: str | None) -> None:
        target = absolute(href, base)
        code = language.strip().lower().split("-")[0].split("_")[0]
        if not target or not code or code == "x" or canonical_form(target, options) in own or code in found:
            return
        if not on_home and is_language_home(target):
            return
        found[code] = target

    for link in tree.xpath(".//link[@hreflang][@href]|.//a[@hreflang][@href]"):
        add(link.get("hreflang", ""), link.get("href"))
    for anchor in anchors if anchors is not None else scan_anchors(tree, url, base):
        if not anchor.href:
            continue
        label = _label(anchor.label)
        title = anchor.element.get("title")
        code = LANGUAGE_NAMES.get(label) or (LANGUAGE_NAMES.get(normalize_space(title).casefold()) if title else None)
        if code is None and not label:
            image = anchor.element.find(".//img")
            if image is not None:
                alt = normalize_space(image.get("alt") or image.get("title")).casefold()
                code = LANGUAGE_NAMES.get(alt) or (alt if alt in LANGUAGE_CODES else None)
        if code is None and label in LANGUAGE_CODES:
            parent = anchor.element.getparent()
            siblings = parent.iter("a") if parent is not None else []
            if sum(1 for sib in siblings if _label(text_of(sib)) in LANGUAGE_CODES) >= 2:
                code = label
        if code is not None and anchor.target and same_site(anchor.target, url):
            add(code, anchor.href)
    return found


_WINDOW_OPEN = re.compile(r"""open\(\s*['"]([^'"]+)['"]""")


def print_urls(
    tree: HtmlElement, url: str, anchors: list[Anchor] | None = None, base: str | None = None
) -> list[str]:
    """URLs of the print version of this page ("Drucken", rel=alternate media=print)."""
    base = base_url(tree, url) if base is None else base
    found: dict[str, None] = {}
    for href in tree.xpath('.//link[@rel="alternate"][@media="print"]/@href'):
        if target := absolute(str(href), base):
            found[target] = None
    for anchor in anchors if anchors is not None else scan_anchors(tree, url, base):
        target = anchor.target
        if target is None:
            # window.open('print.php?id=1') style links
            match = _WINDOW_OPEN.search(anchor.href + " " + (anchor.element.get("onclick") or ""))
            target = absolute(match.group(1), base) if match else None
        if not target or not (_print_target(target) or _print_text(_print_label(anchor))):
            continue
        if target != url and same_site(target, url):
            found[target] = None
    return list(found)


def _print_target(target: str) -> bool:
    lowered = target.lower()  # every PRINT_URL form holds "print", "druck" or a "key=value" pair
    return ("print" in lowered or "druck" in lowered or "=" in lowered) and bool(_PRINT_URL_LOWER.search(lowered))


def _print_text(label: str) -> bool:
    lowered = label.lower()
    return ("print" in lowered or "druck" in lowered) and bool(PRINT_LINK_TEXT.match(label))


def _print_label(anchor: Anchor) -> str:
    label = anchor.label or normalize_space(anchor.element.get("title"))
    if not label:
        image = anchor.element.find(".//img")
        label = normalize_space(image.get("alt")) if image is not None else ""
    return label


def looks_like_print(tree: HtmlElement, url: str, outlink_count: int) -> bool:
    """True when this page is itself a print rendering: print URL, "Druckversion" title, or auto-print."""
    if PRINT_URL.search(url):
        return True
    title = normalize_space(title_text(tree))
    if re.search(r"druckversion|druckansicht|printer[- ]friendly|print version", title, re.IGNORECASE):
        return True
    body = find_first(tree, "body")
    onload = body.get("onload", "") if body is not None else ""
    if "print()" in onload.replace(" ", ""):
        return True
    if outlink_count > 5:
        return False  # checked first: joining every script of a page costs more than the rest of this test
    scripts = " ".join(script.text or "" for script in tree.iter("script"))
    return "window.print()" in scripts.replace(" ", "")


def pagination(
    tree: HtmlElement,
    url: str,
    stats: TextStats,
    base: str | None = None,
    anchors: list[Anchor] | None = None,
) -> tuple[str | None, list[str]]:
    """(URL of page 1 when this is a later page, URLs of pages 2..n when this is page 1) of a split article.

    ``anchors``: scan_anchors of this tree, whose labels spare the link texts of nested blocks.
    """
    base = base_url(tree, url) if base is None else base
    labels = {anchor.element: anchor.label for anchor in anchors} if anchors is not None else {}

    def label_of(anchor: HtmlElement) -> str:
        label = labels.get(anchor)
        return text_of(anchor) if label is None else label

    for block in tree.iter("div", "p", "td", "span", "ul", "nav", "center", "font"):
        if not 2 < stats.text.get(block, 0) <= 100 or not stats.links.get(block, 0):
            continue
        anchors_here = [a for a in block.iter("a") if label_of(a).isdigit()]
        if not anchors_here or len(anchors_here) > 30:
            continue
        label = text_of(block)
        if len(label) > 80 or not PAGINATION_LABEL.match(label):
            continue
        pages: dict[int, str] = {}
        for anchor in anchors_here:
            target = absolute(anchor.get("href"), base)
            if target and same_site(target, url) and _similar_path(target, url):
                pages.setdefault(int(label_of(anchor)), target)
        if not pages:
            continue
        numbers = [int(n) for n in re.findall(r"\d+", label)]
        current = next((n for n in numbers if n not in pages), None)
        if current is None:
            continue
        if current == 1:
            return None, [pages[n] for n in sorted(pages) if n > 1]
        if 1 in pages:
            return pages[1], []
    return None, []


def _similar_path(first: str, second: str) -> bool:
    """True when two URLs look like pages of one article (same path, or same directory and stem)."""
    one, two = urlsplit(first), urlsplit(second)
    if one.path == two.path:
        return True
    stem_one = re.sub(r"[-_.,/]?(seite|page|p|teil)?[-_.,]?\d+(\.\w+)?/?$", "", one.path, flags=re.IGNORECASE)
    stem_two = re.sub(r"[-_.,/]?(seite|page|p|teil)?[-_.,]?\d+(\.\w+)?/?$", "", two.path, flags=re.IGNORECASE)
    return bool(stem_one) and stem_one == stem_two
