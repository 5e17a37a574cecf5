"""Security: clean HTML carries no active content, passwords never show, bad search strings get a clear message."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import make_url

from extract import extract_page
from tests.conftest import run_cli

HOSTILE = """<html><head><title>Test</title><script>alert(1)</script></head><body>
<h1>Hafen Emden meldet Rekordumschlag</h1>
<p onclick="steal()">Der Hafen Emden hat im vergangenen Jahr so viele Autos verladen wie nie zuvor. Die
Hafengesellschaft rechnet auch für dieses Jahr mit weiterem Wachstum im Umschlag von Fahrzeugen.</p>
<p>Mehr dazu <a href="javascript:evil()">hier</a> und <a href="http://www.emden.de/" onmouseover="x()">dort</a>.
<iframe src="http://evil.example/"></iframe><img src="/x.png" onerror="pwn()" alt="Hafen">
Geschäftsführer Jan Peters sagte, die Zahl der Beschäftigten im Hafen sei um zehn Prozent gestiegen.</p>
<p>Die neue Kaje soll im kommenden Jahr fertig werden und weitere Flächen für den Umschlag schaffen, wie
die Stadt Emden mitteilte. <object data="x.swf"></object><embed src="y.swf"></p>
<form action="http://evil.example/"><input name="q"></form><style>body{}</style></body></html>"""


def test_clean_html_has_no_active_content() -> None:
    record = extract_page(HOSTILE.encode("utf-8"), "http://www.example.de/news/1.html",
                          {"content-type": "text/html; charset=utf-8"})
    html = record.html.lower()
    assert record.title == "Hafen Emden meldet Rekordumschlag"
    assert "der hafen emden hat im vergangenen jahr" in html and "jan peters sagte" in html
    for forbidden in ("<script", "onclick", "onmouseover", "onerror", "<iframe", "javascript:", "<object",
                      "<embed", "<form", "<style", "alert(1)"):
        assert forbidden not in html, forbidden


@pytest.mark.postgres
def test_database_password_never_printed(demo_server: Any, postgres_url: str) -> None:
    password = make_url(postgres_url).password
    assert password
    crawl = run_cli("--log-level", "DEBUG", "crawl", demo_server.url, "--db", postgres_url, "--delay", "0",
                    "--no-entities", "--max-pages", "5")
    runs = run_cli("runs", "--db", postgres_url, "--format", "json")
    wrong = make_url(postgres_url).set(password="not-the-password-" + password).render_as_string(hide_password=False)
    failed = run_cli("runs", "--db", wrong, check=False)
    assert failed.returncode == 2
    for output in (crawl.stdout, crawl.stderr, runs.stdout, runs.stderr, failed.stderr):
        assert f":{password}@" not in output
        assert "not-the-password" not in output


@pytest.mark.parametrize(
    ("query", "code", "expected"),
    [
        # characters that are syntax to FTS5 or tsquery are no syntax to us: words are searched as words
        ("(Hafen", 0, "Hafen Emden"),
        ("NEAR(", 0, "no articles found"),
        ('a" OR "', 0, "1. "),
        # what cannot be a search says why, on one line
        ('Hafen"', 2, "nachlese search: error: unbalanced quote"),
        ("*", 2, "nachlese search: error: search query '*' has no words to search for"),
        ("-", 2, "nachlese search: error: search query '-' has no words to search for"),
    ],
)
def test_invalid_search_syntax_gets_a_clear_message(demo_crawl: Any, query: str, code: int, expected: str) -> None:
    result = run_cli("search", query, "--db", demo_crawl.database_url, check=False)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert "OperationalError" not in result.stderr and "sqlite3" not in result.stderr
    if code == 0:
        assert expected in result.stdout
        assert result.stderr == ""
    else:
        assert result.stderr.startswith(expected)
        assert len(result.stderr.strip().splitlines()) == 1
