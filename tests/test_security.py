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
    assert "Rekordumschlag".lower() in (record.title or "").lower() or "hafen" in html
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


@pytest.mark.parametrize("query", ['Hafen"', "(Hafen", "NEAR(", "*", 'a" OR "', "-"])
def test_invalid_search_syntax_gets_a_clear_message(demo_crawl: Any, query: str) -> None:
    result = run_cli("search", query, "--db", demo_crawl.database_url, check=False)
    assert result.returncode in {0, 2}
    assert "Traceback" not in result.stderr
    assert "OperationalError" not in result.stderr and "sqlite3" not in result.stderr
    if result.returncode == 2:
        assert result.stderr.startswith("nachlese search: error:")
