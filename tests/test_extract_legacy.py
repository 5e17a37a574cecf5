"""Legacy markup normalisation: layout tables unwrapped, data tables kept, <br><br> paragraphs, <font>."""

from __future__ import annotations

import lxml.html
import pytest

from extract.legacy import is_data_table, normalize_legacy, split_br_paragraphs


def _tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def test_layout_table_becomes_divs_and_font_is_unwrapped() -> None:
    tree = _tree(
        '<html><body><table width="780"><tr><td width="150"><a href="/">Start</a></td>'
        '<td><font face="Arial" size="2"><center>Text of the article that is long enough.</center></font></td>'
        "</tr></table></body></html>"
    )
    normalize_legacy(tree)
    html = lxml.html.tostring(tree, encoding="unicode")
    assert "<table" not in html and "<td" not in html
    assert "<font" not in html and "<center" not in html
    assert "Text of the article that is long enough." in html


@pytest.mark.parametrize(
    ("html", "is_data"),
    [
        ("<table><tr><th>Jahr</th><th>Umsatz</th></tr><tr><td>2007</td><td>4,5 Mio.</td></tr></table>", True),
        (
            "<table><tr><td>Emden</td><td>51.000</td><td>+2 %</td></tr>"
            "<tr><td>Leer</td><td>34.000</td><td>+1 %</td></tr>"
            "<tr><td>Aurich</td><td>40.000</td><td>0 %</td></tr></table>",
            True,
        ),
        ("<table><tr><td><a href='/'>Nav</a></td><td><p>" + "Langer Absatz. " * 40 + "</p></td></tr></table>", False),
        ("<table><tr><td>Only one cell</td></tr></table>", False),
    ],
)
def test_data_tables_are_told_from_layout_tables(html: str, is_data: bool) -> None:
    table = lxml.html.fragment_fromstring(html)
    assert is_data_table(table) is is_data


def test_br_br_runs_become_paragraphs() -> None:
    cell = lxml.html.fragment_fromstring(
        "<td>Erster Absatz mit <b>fett</b> Text.<br><br>Zweiter Absatz,<br>mit Zeilenumbruch.<br><br><br>Dritter.</td>"
    )
    split_br_paragraphs(cell)
    paragraphs = [p.text_content() for p in cell.findall("p")]
    assert paragraphs == ["Erster Absatz mit fett Text.", "Zweiter Absatz,mit Zeilenumbruch.", "Dritter."]
    assert cell.find("p/br") is not None  # a single <br> stays inside its paragraph


def test_cell_without_double_br_is_left_alone() -> None:
    cell = lxml.html.fragment_fromstring("<td>Eine Zeile<br>und noch eine</td>")
    split_br_paragraphs(cell)
    assert cell.find("p") is None
