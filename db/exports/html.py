"""HTML export: one clean semantic page per article at ``YEAR/MONTH/slug.html``, and an ``index.html``."""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable
from pathlib import Path

from db.exports.collect import ExportArticle
from db.exports.content import body_html, sanitise
from db.exports.output import write_text

__all__ = ["export_html", "render_article_page", "render_index"]

_STYLE = "body{max-width:42em;margin:2em auto;padding:0 1em;font:1.05em/1.5 Georgia,serif}.lead{font-weight:bold}"


def _relative(from_path: str, to_file: str) -> str:
    """Relative link from the page of ``from_path`` to another export file."""
    return posixpath.relpath(to_file, posixpath.dirname(from_path) or ".")


def _meta_line(article: ExportArticle) -> str:
    parts = []
    if article.published is not None:
        shown = article.published.strftime("%d.%m.%Y %H:%M") if article.published_has_time else (
            article.published.strftime("%d.%m.%Y"))
        parts.append(f'<time datetime="{html.escape(article.published_iso or "")}">{html.escape(shown)}</time>')
    if article.authors:
        parts.append(f'<span class="author">{html.escape(", ".join(article.authors))}</span>')
    if article.category:
        parts.append(f'<span class="category">{html.escape(article.category)}</span>')
    return " · ".join(parts)


def render_article_page(article: ExportArticle) -> str:
    """A complete HTML5 document: h1, date/author line, lead, body; hreflang alternates for translations."""
    escape = html.escape
    language = article.language or "und"
    alternates = [
        f'<link rel="alternate" hreflang="{escape(t.language)}" '
        f'href="{escape(_relative(article.path, t.path + ".html"))}">'
        for t in article.translations
    ]
    if article.translations and article.language:
        alternates.insert(0, f'<link rel="alternate" hreflang="{escape(language)}" '
                             f'href="{escape(posixpath.basename(article.path))}.html">')
    head = [
        '<meta charset="utf-8">',
        f"<title>{escape(article.title)}</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        *alternates,
        f'<meta name="original-url" content="{escape(article.url)}">',
        f"<style>{_STYLE}</style>",
    ]
    if article.lead:
        head.insert(2, f'<meta name="description" content="{escape(article.lead)}">')
    lead = f'<p class="lead">{escape(article.lead)}</p>\n' if article.lead else ""
    meta = _meta_line(article)
    translations = ""
    if article.translations:
        items = "".join(
            f'<li><a href="{escape(_relative(article.path, t.path + ".html"))}" hreflang="{escape(t.language)}">'
            f"{escape(t.language)}</a></li>"
            for t in article.translations
        )
        translations = f'<nav class="translations"><ul>{items}</ul></nav>\n'
    body = sanitise(body_html(article))
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head>\n' + "\n".join(head) + "\n</head>\n<body>\n"
        f"<article>\n<header>\n<h1>{escape(article.title)}</h1>\n"
        + (f'<p class="meta">{meta}</p>\n' if meta else "")
        + "</header>\n"
        + lead
        + body
        + "\n</article>\n"
        + translations
        + f'<footer><p>Original: <a href="{escape(article.url)}">{escape(article.url)}</a></p></footer>\n'
        + "</body>\n</html>\n"
    )


def render_index(entries: list[tuple[str, str, str | None, str | None]]) -> str:
    """``index.html``: every article (path, title, date, language), newest first, undated last."""
    escape = html.escape
    ordered = sorted(entries, key=lambda e: (e[2] or "", e[0]), reverse=True)
    lines = []
    for path, title, date, language in ordered:
        hreflang = f' hreflang="{escape(language)}"' if language else ""
        time = f' <time datetime="{escape(date)}">{escape(date[:10])}</time>' if date else ""
        lines.append(f'<li><a href="{escape(path)}.html"{hreflang}>{escape(title)}</a>{time}</li>')
    items = "\n".join(lines)
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>Archiv</title>\n'
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<h1>Archiv</h1>\n<ul>\n{items}\n</ul>\n</body>\n</html>\n"
    )


def export_html(articles: Iterable[ExportArticle], folder: Path) -> int:
    """Write one ``.html`` page per article and ``index.html`` below ``folder``; return the article count."""
    entries: list[tuple[str, str, str | None, str | None]] = []
    for article in articles:
        write_text(folder / f"{article.path}.html", render_article_page(article))
        entries.append((article.path, article.title, article.published_iso, article.language))
    write_text(folder / "index.html", render_index(entries))
    return len(entries)
