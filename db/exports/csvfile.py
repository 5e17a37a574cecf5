"""CSV export: one row per article (RFC 4180, every cell quoted), optionally tuned for Excel."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from db.exports.collect import ExportArticle

__all__ = ["CSV_COLUMNS", "export_csv"]

CSV_COLUMNS = (
    "url", "new_path", "title", "published", "language", "category", "authors", "lead", "text",
    "translations", "entities",
)
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _excel_safe(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (CSV injection): prefix it with "'"."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _row(article: ExportArticle) -> list[str]:
    translations = {t.language: {"url": t.url, "path": f"/{t.path}/"} for t in article.translations}
    return [
        article.url,
        article.new_path,
        article.title,
        article.published_iso or "",
        article.language or "",
        article.category or "",
        "; ".join(article.authors),
        article.lead or "",
        article.text,
        json.dumps(translations, ensure_ascii=False, sort_keys=True),
        "; ".join(article.tags),
    ]


def export_csv(articles: Iterable[ExportArticle], out: TextIO, *, excel: bool = False) -> int:
    """Write a header and one row per article to ``out`` (opened with ``newline=""``); return the rows.

    ``excel``: start with a UTF-8 byte order mark (Excel then reads the umlauts right) and prefix cells
    that start like a formula with an apostrophe. Without it the file is plain UTF-8 and cells are
    exactly the stored text.
    """
    if excel:
        out.write(BOM)
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for article in articles:
        row = _row(article)
        writer.writerow([_excel_safe(cell) for cell in row] if excel else row)
        count += 1
    return count
