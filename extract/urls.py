"""URL policy: the forms of a URL the project compares (what to fetch, which page it is) and the site key.

One ``UrlOptions`` value says which query parameters are noise; the crawler builds it from its
settings (``crawler.urls.url_options``), the offline import and extraction use the same defaults.

* ``fetch_url``: the form the frontier schedules and pages are stored under: no fragment, sorted
  query, no session ids or tracking tags (``drop_params``). Only parameters that never change the
  answer are dropped, so fetching the cleaned URL gets the same page.
* ``canonical_url``: the form that names an article: ``fetch_url`` without the parameters that
  only say how a page was reached or sorted (``ignored_params``), without ``page=1`` and without a
  trailing ``index.html``.
* ``site_key``: ``scheme://host[:port]/``, lower-cased: how sites, their runs, locks and boilerplate
  profiles are keyed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

__all__ = [
    "DEFAULT_URL_OPTIONS",
    "IGNORED_QUERY_PARAMS",
    "SESSION_QUERY_PARAMS",
    "UrlOptions",
    "canonical_url",
    "fetch_url",
    "site_key",
]

#: Session ids and tracking tags: endless variants of one page. Case-insensitive; a trailing * is a prefix.
SESSION_QUERY_PARAMS: tuple[str, ...] = (
    "phpsessid", "sid", "sess", "sessid", "session", "sessionid", "session_id", "jsessionid", "aspsessionid*",
    "cfid", "cftoken", "oscsid", "zenid", "utm_*", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid",
    "wt.*", "wt_*", "pk_*", "piwik_*",
)
#: Parameters that say how a page was reached or ordered, not which article it is (kept when fetching:
#: on a listing they may select other rows).
IGNORED_QUERY_PARAMS: tuple[str, ...] = (
    "ref", "referer", "referrer", "sort", "sortby", "sort_by", "orderby", "order_by", "order", "dir", "direction",
    "from", "src", "source", "campaign", "cmp", "atc", "xtor",
)

_PATH_SESSION = re.compile(r";(jsessionid|sid|phpsessid)=[^/?#]*", re.IGNORECASE)
_FIRST_PAGE = re.compile(r"^(seite|page|p|pg|pagenum|page_?no)$", re.IGNORECASE)  # page=1 is the page itself
_INDEX_FILE = re.compile(r"/(index|default)\.(html?|php\d?|aspx?|jsp|cfm|shtml)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class UrlOptions:
    """Which query parameters are noise; see the module docstring for where each list applies."""

    drop_params: tuple[str, ...] = SESSION_QUERY_PARAMS
    ignored_params: tuple[str, ...] = IGNORED_QUERY_PARAMS


DEFAULT_URL_OPTIONS = UrlOptions()


@lru_cache(maxsize=64)
def _matcher(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression for a list of names (``x*``: any name starting with ``x``)."""
    parts = [re.escape(p[:-1]) + r".*" if p.endswith("*") else re.escape(p) for p in patterns if p]
    return re.compile(r"^(?:" + "|".join(parts) + r")$", re.IGNORECASE) if parts else re.compile(r"(?!)")


def _rebuild(url: str, drop: re.Pattern[str], *, identity: bool) -> str:
    parts = urlsplit(_PATH_SESSION.sub("", url))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not drop.match(k)]
    path = parts.path
    if identity:
        query = [(k, v) for k, v in query if not (_FIRST_PAGE.match(k) and v in {"1", "0", ""})]
        path = _INDEX_FILE.sub("/", path or "/")
    rebuilt = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


def fetch_url(url: str, options: UrlOptions = DEFAULT_URL_OPTIONS) -> str:
    """The form of ``url`` that is fetched and stored: no fragment, sorted query, no session/tracking params.

    >>> fetch_url("http://A.de/x.php?id=3&PHPSESSID=ab12&sort=up#top")
    'http://a.de/x.php?id=3&sort=up'
    """
    try:
        return _rebuild(url, _matcher(options.drop_params), identity=False)
    except ValueError:  # not parseable (a bad port, an odd IPv6 literal): compared as written
        return url


def canonical_url(url: str, options: UrlOptions = DEFAULT_URL_OPTIONS) -> str:
    """The form of ``url`` that names a page or article: ``fetch_url`` without order/referrer params,
    ``page=1`` and ``index.html``.

    >>> canonical_url("http://a.de/news/index.php?seite=1&sort=up&id=3&sid=9")
    'http://a.de/news/?id=3'
    """
    try:
        return _rebuild(url, _matcher(options.drop_params + options.ignored_params), identity=True)
    except ValueError:
        return url


def site_key(url: str) -> str:
    """``scheme://host[:port]/`` of a URL, lower-cased: the key of its site.

    >>> site_key("HTTP://News.Example.org:8080/a/b.html?x=1")
    'http://news.example.org:8080/'
    """
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}/"
