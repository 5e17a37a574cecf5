"""`nachlese serve`: Datasette on the demo crawl, searched in headless Chromium; canned queries, views, refusals."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from nachlese.datasette.plugin import fts_match
from nachlese.datasette.queries import CANNED_QUERIES
from tests.browser import dump_dom
from tests.conftest import DemoCrawl, run_cli
from tests.datasette_server import Server, start_server, stop

SEARCH_WORD = "Clusterprozess"
SEARCH_TITLE = "Clusterprozess Energie in der Ems-Achse offiziell gestartet"
VIEWS = ("article_entities", "entity_cooccurrence", "articles_per_month")


@pytest.fixture(scope="module")
def server(demo_crawl: DemoCrawl) -> Iterator[Server]:
    """`nachlese serve` on the demo crawl database, for the whole module."""
    running = start_server(demo_crawl.database_url)
    yield running
    stop(running)


def test_prints_a_local_url(server: Server) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    assert server.url.endswith("/demo")


def test_search_page_renders_in_chromium(server: Server) -> None:
    run = dump_dom(f"{server.url}/articles?_search={SEARCH_WORD}")
    assert SEARCH_TITLE in run.stdout
    assert "1 row where search matches" in run.stdout


def test_canned_search_renders_in_chromium(server: Server) -> None:
    run = dump_dom(f"{server.url}/search_articles?query={SEARCH_WORD}")
    assert SEARCH_TITLE in run.stdout
    assert f"[{SEARCH_WORD}]" in run.stdout  # the snippet marks the hit


def test_table_search_uses_the_fts_table(server: Server) -> None:
    rows = server.rows("/articles", _search=SEARCH_WORD)
    assert [row["title"] for row in rows] == [SEARCH_TITLE]


@pytest.mark.parametrize("name", sorted(CANNED_QUERIES))
def test_canned_query_responds(server: Server, name: str) -> None:
    params = dict.fromkeys(CANNED_QUERIES[name].params, "")
    status, body = server.get(f"/{name}.json", **params)
    assert status == 200, body[:2000]
    assert "error" not in json.loads(body) or json.loads(body)["error"] is None


def test_canned_search_syntax(server: Server) -> None:
    titles = {row["title"] for row in server.rows("/search_articles", query='"Ems-Achse" -Clusterprozess')}
    assert titles
    assert SEARCH_TITLE not in titles
    assert all("Ems-Achse" in (row["snippet"] or "") for row in server.rows("/search_articles", query="Ems-Achse"))
    # snippets on one line: in the demo, the hits of "Emden" lie beside paragraph breaks
    assert all("\n" not in row["snippet"] and "[Emden]" in row["snippet"]
               for row in server.rows("/search_articles", query="Emden"))
    assert server.rows("/search_articles", query='"unbalanced') == []  # lenient: reduced to its words


def test_canned_entity_queries(server: Server) -> None:
    people = server.rows("/top_people")
    assert people
    assert people == sorted(people, key=lambda row: -row["mentions"])
    name = people[0]["canonical_name"]
    mentioning = server.rows("/articles_mentioning", entity=name)
    assert len(mentioning) == people[0]["articles"]
    pairs = server.rows("/entity_pairs", entity=name)
    assert pairs
    assert all(name in (row["entity_a_name"], row["entity_b_name"]) for row in pairs)


def test_canned_months_match_the_view(server: Server) -> None:
    view = server.rows("/articles_per_month")
    by_month = server.rows("/articles_by_month")
    by_language = server.rows("/articles_by_month_and_language")
    assert sum(row["article_count"] for row in view) == sum(row["article_count"] for row in by_month)
    assert sum(row["article_count"] for row in by_month) == sum(row["articles"] for row in by_language)
    assert {row["language"] for row in by_language} == {"de", "en"}


@pytest.mark.parametrize("view", VIEWS)
def test_view_responds(server: Server, view: str) -> None:
    assert server.rows(f"/{view}")


def test_ctrl_c_stops_cleanly(demo_crawl: DemoCrawl) -> None:
    running = start_server(demo_crawl.database_url)
    status, stderr = stop(running)
    assert status == 0, stderr
    assert "Traceback" not in stderr
    assert "stopped" in stderr


def test_not_found_is_one_log_line_not_a_traceback(demo_crawl: DemoCrawl) -> None:
    running = start_server(demo_crawl.database_url)
    missing = ["/no-such-table", "/articles/999999", "/entities/999999.json"]
    try:
        for path in missing:
            status, body = running.get(path)
            assert status == 404, path
            assert b"not found" in body.lower()
    finally:
        status, stderr = stop(running)
    printed = running.printed() + stderr
    assert status == 0
    assert "Traceback" not in printed and "╭" not in printed and "locals" not in printed.lower()
    logged = [line for line in printed.splitlines() if " 404 " in line]
    assert [line.rsplit(" 404 ", 1)[1].split(":")[0] for line in logged] == [f"/demo{path}" for path in missing]


def test_postgresql_is_refused_without_password(demo_crawl: DemoCrawl) -> None:
    result = run_cli("serve", "--db", "postgresql+psycopg2://analyst:s3cret@127.0.0.1:1/archive", check=False)
    assert result.returncode == 2
    assert "SQLite files only" in result.stderr
    assert "nachlese report" in result.stderr
    assert "Traceback" not in result.stderr
    assert "s3cret" not in result.stderr + result.stdout


def test_missing_file_is_refused_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite"
    result = run_cli("serve", "--db", str(missing), check=False)
    assert result.returncode == 2
    assert "no SQLite database" in result.stderr
    assert not missing.exists()


def test_port_in_use_is_refused(demo_crawl: DemoCrawl) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run_cli("serve", "--db", demo_crawl.database_url, "--port", str(port), check=False)
    assert result.returncode == 2
    assert "in use" in result.stderr


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("merkel", '("merkel")'),
        ('"angela merkel" regier*', '("angela merkel") AND ("regier"*)'),
        ("a OR b -c", '(("a" OR "b")) NOT "c"'),
        ('"unbalanced', '("unbalanced")'),
        ("-only", '""'),
        ("a OR", '""'),
        ("", '""'),
        ("  ...  ", '""'),
    ],
)
def test_fts_match(query: str, expected: str) -> None:
    assert fts_match(query) == expected


def test_published_is_written_as_the_export_writes_it(server: Server, demo_crawl: DemoCrawl) -> None:
    exported = {record["url"]: record["published"] for record in demo_crawl.articles}
    found = server.rows("/search_articles", query="Konjunkturpaket OR Clusterprozess")
    assert len(found) >= 2
    assert {row["canonical_url"]: row["published"] for row in found} == {
        row["canonical_url"]: exported[row["canonical_url"]] for row in found}
    assert "2009-03-13T14:30:00+01:00" in {row["published"] for row in found}  # printed with a time, in CET
    mentioning = server.rows("/articles_mentioning", entity="Leer")
    assert mentioning and all(row["published"] == exported[row["canonical_url"]] for row in mentioning)
    status, body = server.get("/articles", _search="Konjunkturpaket")
    assert status == 200 and "2009-03-13T14:30:00+01:00" in body.decode()  # the table cell, as exported
