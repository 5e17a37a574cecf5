"""Markdown export: one ``YEAR/MONTH/slug.md`` per article with YAML front matter (Hugo/Jekyll style)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import lxml.html
from lxml.html import HtmlElement

from db.exports.collect import ExportArticle
from db.exports.content import body_html
from db.exports.output import write_text

__all__ = ["export_markdown", "front_matter", "html_to_markdown", "render_markdown"]

_SPACE = re.compile(r"\s+")
_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+\.)(\s)", re.MULTILINE)


def _yaml_value(value: object) -> str:
    """A YAML scalar or flow collection; strings are JSON-quoted (valid YAML double-quoted scalars)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {_yaml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def front_matter(article: ExportArticle) -> str:
    """The YAML block between ``---`` lines (dates are YAML timestamps, everything else quoted)."""
    fields: list[tuple[str, str]] = [
        ("title", _yaml_value(article.title)),
        ("date", article.published_iso or "null"),
        ("slug", _yaml_value(article.slug)),
        ("url", _yaml_value(article.new_path)),
        ("authors", _yaml_value(article.authors)),
        ("language", _yaml_value(article.language)),
        ("category", _yaml_value(article.category)),
        ("tags", _yaml_value(article.tags)),
        ("description", _yaml_value(article.lead)),
        ("original_url", _yaml_value(article.url)),
        ("old_urls", _yaml_value(article.old_urls)),
        ("translations", _yaml_value({t.language: f"/{t.path}/" for t in article.translations})),
        ("images", _yaml_value([image.new_url for image in article.images])),
    ]
    return "---\n" + "".join(f"{name}: {value}\n" for name, value in fields) + "---\n"


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _inline(element: HtmlElement) -> str:
    """Markdown of an element's inline content (text, emphasis, links, images, line breaks)."""
    parts: list[str] = [_escape(_SPACE.sub(" ", element.text or ""))]
    for child in element:
        if not isinstance(child.tag, str):
            parts.append(_escape(_SPACE.sub(" ", child.tail or "")))
            continue
        inner = _inline(child).strip()
        if child.tag in {"strong", "b"}:
            parts.append(f"**{inner}**" if inner else "")
        elif child.tag in {"em", "i"}:
            parts.append(f"*{inner}*" if inner else "")
        elif child.tag == "code":
            parts.append(f"`{child.text_content()}`")
        elif child.tag == "a":
            href = child.get("href")
            parts.append(f"[{inner or _escape(href or '')}](<{href}>)" if href else inner)
        elif child.tag == "img":
            parts.append(f"![{_escape(child.get('alt') or '')}](<{child.get('src') or ''}>)")
        elif child.tag == "br":
            parts.append("  \n")
        else:
            parts.append(inner)
        parts.append(_escape(_SPACE.sub(" ", child.tail or "")))
    return "".join(parts)


def _block(element: HtmlElement) -> str:
    tag = element.tag
    if tag in {"h2", "h3", "h4"}:
        return "#" * int(tag[1]) + " " + _inline(element).strip()
    if tag in {"ul", "ol"}:
        items = [child for child in element if child.tag == "li"]
        marks = [f"{number}." for number in range(1, len(items) + 1)] if tag == "ol" else ["-"] * len(items)
        return "\n".join(f"{mark} {_inline(item).strip()}" for mark, item in zip(marks, items, strict=True))
    if tag == "blockquote":
        inner = "\n\n".join(_blocks(element)) or _inline(element).strip()
        return "\n".join("> " + line if line else ">" for line in inner.splitlines())
    if tag == "pre":
        return "```\n" + element.text_content().rstrip("\n") + "\n```"
    if tag == "figure":
        image = element.find(".//img")
        caption = element.find(".//figcaption")
        line = f"![{_escape(image.get('alt') or '')}](<{image.get('src') or ''}>)" if image is not None else ""
        if caption is not None and caption.text_content().strip():
            line += "\n*" + _inline(caption).strip() + "*"
        return line
    if tag == "table":
        rows = [[_inline(cell).strip().replace("\n", " ") for cell in row if cell.tag in {"td", "th"}]
                for row in element.iter("tr")]
        rows = [row for row in rows if row]
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)
    text = _inline(element).strip()
    return _LINE_START.sub(r"\1\\\2\3", text)


def _blocks(root: HtmlElement) -> list[str]:
    blocks = []
    if root.text and root.text.strip():
        blocks.append(_escape(_SPACE.sub(" ", root.text).strip()))
    for child in root:
        if isinstance(child.tag, str):
            rendered = _block(child).strip("\n")
            if rendered.strip():
                blocks.append(rendered)
        if child.tail and child.tail.strip():
            blocks.append(_escape(_SPACE.sub(" ", child.tail).strip()))
    return blocks


def html_to_markdown(fragment: str) -> str:
    """CommonMark for the export's clean HTML (paragraphs, headings, lists, quotes, links, images, tables)."""
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return "\n\n".join(_blocks(root))


def render_markdown(article: ExportArticle) -> str:
    """Front matter, then the lead as first paragraph, then the body."""
    blocks = []
    if article.lead:
        blocks.append(_escape(_SPACE.sub(" ", article.lead).strip()))
    body = html_to_markdown(body_html(article))
    if body:
        blocks.append(body)
    return front_matter(article) + "\n" + "\n\n".join(blocks) + "\n"


def export_markdown(articles: Iterable[ExportArticle], folder: Path) -> int:
    """Write one ``.md`` file per article below ``folder``; return the number written."""
    count = 0
    for article in articles:
        write_text(folder / f"{article.path}.md", render_markdown(article))
        count += 1
    return count
