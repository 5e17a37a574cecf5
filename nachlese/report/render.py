"""Render report data into one self-contained HTML page (template, CSS and script inlined)."""

from __future__ import annotations

import html
import json
from importlib.resources import files

from nachlese.report.data import ReportData, to_json

DEFAULT_TITLE = "nachlese archive report"
_PACKAGE = "nachlese.report"


def _resource(name: str) -> str:
    return files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: no '</script>', '<!--' or line separators break out.

    >>> script_json({"title": "</script><b>"})
    '{"title": "\\\\u003c/script>\\\\u003cb>"}'
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_html(data: ReportData, *, title: str = DEFAULT_TITLE) -> str:
    """The report page: the data as JSON in the page, drawn by the inlined script when opened."""
    page = _resource("template.html")
    replacements = {
        "@@TITLE@@": html.escape(title),
        "@@CSS@@": _resource("report.css"),
        "@@JS@@": _resource("report.js"),
        "@@DATA@@": script_json(to_json(data)),
    }
    for token, value in replacements.items():  # data last: it may contain anything, even a token
        page = page.replace(token, value)
    return page
