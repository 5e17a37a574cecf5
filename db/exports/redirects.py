"""Redirect map: every old URL of an article (and of its downloaded media) to its new path.

Rendered as CSV (``old_url,new_path,status``), an nginx ``map`` on ``$request_uri``, or Apache
mod_rewrite rules. Legacy query-string URLs (``/news/artikel.php?id=7``) match in any parameter order
and with extra parameters (session ids, tracking tags); rules with more parameters come first, so
``?id=7&lang=en`` is not taken by ``?id=7``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO
from urllib.parse import urlsplit

from db.exports.collect import ExportArticle

__all__ = ["REDIRECT_FORMATS", "Redirect", "redirects_for", "render_apache", "render_csv", "render_nginx"]

REDIRECT_FORMATS = ("csv", "nginx", "apache")
STATUS = 301
NGINX_VARIABLE = "$nachlese_redirect"


@dataclass(frozen=True, slots=True)
class Redirect:
    """One old URL and where it moved (root-relative, or absolute with a target base URL)."""

    old_url: str
    new_path: str
    status: int = STATUS

    @property
    def request_uri(self) -> str:
        """Path and query as a client sends them (what nginx calls ``$request_uri``)."""
        parts = urlsplit(self.old_url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    @property
    def host(self) -> str:
        """Host (and port) of the old URL."""
        return urlsplit(self.old_url).netloc

    @property
    def params(self) -> list[str]:
        """Query parameters of the old URL as written (``id=7``, still percent-encoded), in order."""
        return [item for item in urlsplit(self.old_url).query.split("&") if item]


def redirects_for(articles: Iterable[ExportArticle], target_base: str = "") -> Iterator[Redirect]:
    """Every old URL of every article, then every downloaded image or attachment, each once."""
    seen: set[str] = set()
    base = target_base.rstrip("/")
    for article in articles:
        media = [(image.url, image.new_url) for image in article.images if image.local]
        media += [(link.url, link.new_url) for link in article.links if link.attachment]
        for url, new_path in [(url, article.new_path) for url in article.old_urls] + media:
            if url not in seen and urlsplit(url).scheme in {"http", "https"}:
                seen.add(url)
                yield Redirect(url, base + new_path)


def render_csv(redirects: Iterable[Redirect], out: TextIO) -> int:
    """``old_url,new_path,status`` with a header line; return the rows written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["old_url", "new_path", "status"])
    count = 0
    for redirect in redirects:
        writer.writerow([redirect.old_url, redirect.new_path, redirect.status])
        count += 1
    return count


def _nginx_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _param_lookaheads(params: list[str]) -> str:
    """PCRE lookaheads: each parameter somewhere in the query, whole (``id=7`` never matches ``id=70``)."""
    return "".join(f"(?=(?:.*&)?{re.escape(param)}(?:&|$))" for param in params)


def _by_specificity(redirects: list[Redirect]) -> list[Redirect]:
    """One tolerant rule per (host, path, set of parameters): more parameters first, then by URL.

    When two old URLs with the same parameters in another order belong to different articles (a print
    page the crawl kept as an article of its own), the first by URL takes the tolerant rule; both
    still match exactly.
    """
    chosen: dict[tuple[str, str, frozenset[str]], Redirect] = {}
    for redirect in sorted((r for r in redirects if r.params), key=lambda r: (-len(r.params), r.request_uri)):
        key = (redirect.host, urlsplit(redirect.old_url).path, frozenset(redirect.params))
        chosen.setdefault(key, redirect)
    return list(chosen.values())


def render_nginx(redirects: Iterable[Redirect], out: TextIO) -> int:
    """An nginx ``map`` block (http context) and, in comments, the ``server`` lines that use it.

    Exact request URIs come first (nginx checks exact keys before regular expressions); then one
    regular expression per query URL, in any parameter order and with extra parameters, most
    parameters first. Several hosts in one map: keys are ``$host$request_uri``.
    """
    items = list(redirects)
    several_hosts = len({r.host for r in items}) > 1
    source = "$host$request_uri" if several_hosts else "$request_uri"
    out.write("# nachlese redirect map: include in the http {} block, then in the server {} block:\n")
    out.write(f"#     if ({NGINX_VARIABLE}) {{ return 301 {NGINX_VARIABLE}; }}\n")
    out.write(f"map {source} {NGINX_VARIABLE} {{\n    default \"\";\n")
    count = 0
    for redirect in items:
        key = (redirect.host if several_hosts else "") + redirect.request_uri
        out.write(f"    {_nginx_quote(key)} {_nginx_quote(redirect.new_path)};\n")
        count += 1
    for redirect in _by_specificity(items):
        prefix = re.escape(redirect.host) if several_hosts else ""
        path = re.escape(urlsplit(redirect.old_url).path or "/")
        pattern = f"~^{prefix}{path}\\?{_param_lookaheads(redirect.params)}"
        out.write(f"    {_nginx_quote(pattern)} {_nginx_quote(redirect.new_path)};\n")
    out.write("}\n")
    return count


def render_apache(redirects: Iterable[Redirect], out: TextIO) -> int:
    """mod_rewrite rules for the server config or ``.htaccess`` (the pattern accepts both).

    First every query-string URL exactly (``RewriteCond %{QUERY_STRING} ^id=7$``), then one tolerant
    rule per parameter set (one condition per parameter: any order, extra parameters allowed; most
    parameters first), then the URLs without a query. The trailing ``?`` of the target drops the old
    query string.
    """
    items = list(redirects)
    several_hosts = len({r.host for r in items}) > 1
    out.write("# nachlese redirect map (Apache 2.4, mod_rewrite): server config, <VirtualHost> or .htaccess\n")
    out.write("RewriteEngine On\n")
    exact = sorted((r for r in items if r.params), key=lambda r: r.request_uri)
    plain = sorted((r for r in items if not r.params), key=lambda r: r.request_uri)
    rules = [(r, [f"^{re.escape(urlsplit(r.old_url).query)}$"]) for r in exact]
    rules += [(r, [f"(^|&){re.escape(param)}(&|$)" for param in r.params]) for r in _by_specificity(items)]
    rules += [(r, []) for r in plain]
    for redirect, conditions in rules:
        path = urlsplit(redirect.old_url).path or "/"
        if several_hosts:
            host = urlsplit(redirect.old_url).hostname or ""
            out.write(f"RewriteCond %{{HTTP_HOST}} ^{re.escape(host)}$ [NC]\n")
        for condition in conditions:
            out.write(f"RewriteCond %{{QUERY_STRING}} {condition}\n")
        target = redirect.new_path.replace(" ", "%20")
        out.write(f"RewriteRule ^/?{re.escape(path.lstrip('/'))}$ {target}? [R={redirect.status},L,NE]\n")
    return len(items)

