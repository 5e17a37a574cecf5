"""Redirect maps: every old URL to the path the exports give its article; nginx and Apache rules emulated."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from sqlalchemy.orm import Session, sessionmaker

from db.models import CrawlRun
from db.storage import store_page
from tests.conftest import DemoCrawl, run_cli
from tests.db_fixtures import SITE, article, fetched

Factory = sessionmaker[Session]


def _redirects(database_url: str, folder: Path, fmt: str) -> str:
    out = folder / f"redirects.{fmt}"
    run_cli("redirects", "--db", database_url, "--format", fmt, "--force", str(out))
    return out.read_text(encoding="utf-8")


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


class NginxMap:
    """nginx ``map`` semantics: exact keys first, then the regular expressions in file order."""

    def __init__(self, text: str) -> None:
        self.exact: dict[str, str] = {}
        self.patterns: list[tuple[re.Pattern[str], str]] = []
        for quoted_key, quoted_value in re.findall(r'^\s+"((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)";$', text, re.M):
            key, value = (re.sub(r"\\(.)", r"\1", s) for s in (quoted_key, quoted_value))
            if key.startswith("~"):
                self.patterns.append((re.compile(key[1:]), value))
            else:
                self.exact[key] = value

    def lookup(self, request_uri: str) -> str | None:
        if request_uri in self.exact:
            return self.exact[request_uri]
        return next((value for pattern, value in self.patterns if pattern.search(request_uri)), None)


class ApacheRules:
    """mod_rewrite semantics for our rules: conditions AND-ed, first matching rule with [L] wins."""

    def __init__(self, text: str) -> None:
        self.rules: list[tuple[list[re.Pattern[str]], re.Pattern[str], str]] = []
        conditions: list[re.Pattern[str]] = []
        for line in text.splitlines():
            if line.startswith("RewriteCond %{QUERY_STRING} "):
                conditions.append(re.compile(line.split(" ", 2)[2]))
            elif line.startswith("RewriteRule "):
                _, pattern, target, flags = line.split(" ")
                assert "R=301" in flags and "L" in flags
                self.rules.append((conditions, re.compile(pattern), target))
                conditions = []

    def lookup(self, path: str, query: str) -> str | None:
        for conditions, pattern, target in self.rules:
            if pattern.search(path) and all(c.search(query) for c in conditions):
                return target.removesuffix("?")
        return None


def _ambiguous(rows: list[dict[str, str]]) -> set[tuple[str, frozenset[str]]]:
    """(path, parameter set) shared by old URLs of different articles: only their exact forms are asserted.

    The crawl can keep ``?druck=1&id=1`` and ``?id=1&druck=1`` as two articles (a print page stored on
    its own); exact URLs still win, a tolerant variant can go either way.
    """
    targets: dict[tuple[str, frozenset[str]], set[str]] = {}
    for row in rows:
        parts = urlsplit(row["old_url"])
        key = (parts.path, frozenset(p for p in parts.query.split("&") if p))
        targets.setdefault(key, set()).add(row["new_path"])
    return {key for key, paths in targets.items() if len(paths) > 1}


def _variants(old_url: str, ambiguous: set[tuple[str, frozenset[str]]]) -> list[tuple[str, str]]:
    """(path, query) as sent: as stored, parameters reversed, and with a session id appended."""
    parts = urlsplit(old_url)
    params = [p for p in parts.query.split("&") if p]
    queries = {parts.query}
    if (parts.path, frozenset(params)) not in ambiguous:
        queries.add("&".join(reversed(params)))
        if params:
            queries.add(parts.query + "&PHPSESSID=0123456789abcdef0123456789abcdef")
    return [(parts.path, query) for query in sorted(queries)]


@pytest.fixture(scope="module")
def demo_maps(demo_crawl: DemoCrawl, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("redirects")
    markdown = folder / "md"
    run_cli("export", "--db", demo_crawl.database_url, "--format", "markdown", str(markdown))
    return {
        "csv": _redirects(demo_crawl.database_url, folder, "csv"),
        "nginx": _redirects(demo_crawl.database_url, folder, "nginx"),
        "apache": _redirects(demo_crawl.database_url, folder, "apache"),
        "markdown": markdown,
    }


def test_csv_has_the_exact_columns(demo_maps: dict[str, Any]) -> None:
    assert demo_maps["csv"].splitlines()[0] == "old_url,new_path,status"
    assert {row["status"] for row in _csv_rows(demo_maps["csv"])} == {"301"}


def test_every_old_url_points_at_the_markdown_path(demo_maps: dict[str, Any], demo_crawl: DemoCrawl) -> None:
    rows = _csv_rows(demo_maps["csv"])
    targets: dict[str, str] = {}
    for path in demo_maps["markdown"].rglob("*.md"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        assert meta["url"] == "/" + path.relative_to(demo_maps["markdown"]).as_posix().removesuffix(".md") + "/"
        for url in meta["old_urls"]:
            targets[url] = meta["url"]
    assert {row["old_url"]: row["new_path"] for row in rows} == targets
    base = demo_crawl.base_url.rstrip("/")
    by_old = {row["old_url"]: row["new_path"] for row in rows}
    # canonical, print variant, page 2 of the multi-page article (which article a print page joins is
    # the crawl's identity rule, not the map's: not asserted here)
    for path in ("/news/artikel.php?id=7", "/news/artikel.php?druck=1&id=7", "/news/artikel.php?id=6&seite=2"):
        assert base + path in by_old, path
    assert by_old[base + "/news/artikel.php?id=7"] != by_old[base + "/news/artikel.php?id=7&lang=en"]
    assert by_old[base + "/news/artikel.php?id=6&seite=2"] == by_old[base + "/news/artikel.php?id=6"]
    assert re.fullmatch(r"/2007/11/clusterprozess-energie-[a-z0-9-]+/", by_old[base + "/news/artikel.php?id=7"])


def test_nginx_map_resolves_every_old_url_in_any_parameter_order(demo_maps: dict[str, Any]) -> None:
    nginx = NginxMap(demo_maps["nginx"])
    assert "map $request_uri $nachlese_redirect {" in demo_maps["nginx"]
    rows = _csv_rows(demo_maps["csv"])
    ambiguous = _ambiguous(rows)
    for row in rows:
        for path, query in _variants(row["old_url"], ambiguous):
            request_uri = path + (f"?{query}" if query else "")
            assert nginx.lookup(request_uri) == row["new_path"], request_uri
    assert nginx.lookup("/news/artikel.php?id=70") is None
    assert nginx.lookup("/impressum.html") is None


def test_apache_rules_resolve_every_old_url_in_any_parameter_order(demo_maps: dict[str, Any]) -> None:
    apache = ApacheRules(demo_maps["apache"])
    assert "RewriteEngine On" in demo_maps["apache"]
    rows = _csv_rows(demo_maps["csv"])
    ambiguous = _ambiguous(rows)
    for row in rows:
        for path, query in _variants(row["old_url"], ambiguous):
            assert apache.lookup(path, query) == row["new_path"], (path, query)
            assert apache.lookup(path.lstrip("/"), query) == row["new_path"]  # .htaccess context
    assert apache.lookup("/news/artikel.php", "id=70") is None


def test_redirects_on_both_databases(db_url: str, db_sessions: Factory, db_run: CrawlRun, tmp_path: Path) -> None:
    """Redirected, alternate (print) and session-id URLs of a hand-made article, and its media."""
    record = article("news/artikel.php?id=7", alternate_urls=[SITE + "news/artikel.php?druck=1&id=7"])
    with db_sessions.begin() as session:
        store_page(session, db_run, fetched(record, redirect_urls=[SITE + "alt/7.html"]), record)
    rows = _csv_rows(_redirects(db_url, tmp_path, "csv"))
    new_path = "/2007/11/merkel-besucht-berlin/"
    assert {row["old_url"]: row["new_path"] for row in rows} == {
        SITE + "news/artikel.php?id=7": new_path,
        SITE + "news/artikel.php?druck=1&id=7": new_path,
        SITE + "alt/7.html": new_path,
    }
    nginx = NginxMap(_redirects(db_url, tmp_path, "nginx"))
    assert nginx.lookup("/news/artikel.php?id=7&sid=abc") == new_path
    apache = ApacheRules(_redirects(db_url, tmp_path, "apache"))
    assert apache.lookup("/alt/7.html", "") == new_path


def test_empty_database_is_refused(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    run_cli("db", "upgrade", "--db", database)
    result = run_cli("redirects", "--db", database, str(tmp_path / "r.csv"), check=False)
    assert result.returncode == 1
    assert "holds no articles" in result.stderr
    assert not (tmp_path / "r.csv").exists()
