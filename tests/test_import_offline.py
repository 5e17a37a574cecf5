"""Offline sources: a wget mirror and a WARC of the demo site give the same articles as a crawl of it."""

from __future__ import annotations

import io
import json
import sqlite3
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from nachlese.ingest import mirror_url
from tests.conftest import DemoCrawl, run_cli

#: Fields every offline article must share with the crawled one (entities: both sides untagged here).
SAME_FIELDS = ("title", "lead", "language", "category", "authors", "published", "text")


def _good_pages(database_url: str) -> list[str]:
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT url FROM pages WHERE error IS NULL AND http_status = 200 ORDER BY url").fetchall()
    return [url for (url,) in rows]


def _mirror_name(url: str, adjust_extension: bool) -> str:
    """The file name wget gives a URL: ``path?query``, or with --adjust-extension ``path%3Fquery.html``."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name.endswith("/"):
        name += "index.html"
    if parts.query:
        name += ("%3F" if adjust_extension else "?") + parts.query + (".html" if adjust_extension else "")
    return f"{parts.netloc}/{name}"


@pytest.fixture(scope="module")
def offline_copies(demo_crawl: DemoCrawl, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The crawl's good pages fetched again: a wget-style mirror (both naming styles) and a WARC file."""
    folder = tmp_path_factory.mktemp("offline")
    mirror, warc = folder / "mirror", folder / "site.warc.gz"
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number, url in enumerate(_good_pages(demo_crawl.database_url)):
            with urllib.request.urlopen(url, timeout=10) as response:  # the local demo server
                body, headers = response.read(), list(response.headers.items())
            target = mirror / _mirror_name(url, adjust_extension=number % 2 == 1)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    (mirror / urlsplit(demo_crawl.base_url).netloc / "img").mkdir(exist_ok=True)
    (mirror / urlsplit(demo_crawl.base_url).netloc / "img" / "logo.gif").write_bytes(b"GIF89a")  # not a page
    return {"mirror": mirror, "warc": warc, "folder": folder}


def _export(database: Path, out: Path) -> dict[str, dict[str, Any]]:
    run_cli("export", "--db", str(database), "--format", "jsonl", str(out))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {record["url"]: record for record in records}


@pytest.fixture(scope="module")
def imported(offline_copies: dict[str, Any], demo_crawl: DemoCrawl) -> dict[str, dict[str, dict[str, Any]]]:
    folder: Path = offline_copies["folder"]
    run_cli("import-mirror", str(offline_copies["mirror"]), "--base-url", demo_crawl.base_url,
            "--db", str(folder / "mirror.sqlite"), "--no-entities")
    run_cli("import-warc", str(offline_copies["warc"]), "--db", str(folder / "warc.sqlite"), "--no-entities")
    return {
        "mirror": _export(folder / "mirror.sqlite", folder / "mirror.jsonl"),
        "warc": _export(folder / "warc.sqlite", folder / "warc.jsonl"),
    }


def _truth_article(demo_truth: list[dict[str, Any]], url: str, base_url: str) -> dict[str, Any] | None:
    path = url.removeprefix(base_url.rstrip("/"))
    return next((t for t in demo_truth if t["path"] == path and t["kind"] == "article"), None)


@pytest.mark.parametrize("source", ["mirror", "warc"])
def test_offline_import_finds_every_crawled_article(
    source: str, imported: dict[str, dict[str, dict[str, Any]]], demo_crawl: DemoCrawl, demo_truth: list[dict[str, Any]]
) -> None:
    crawled = {a["url"]: a for a in demo_crawl.articles}
    offline = imported[source]
    distinct = {demo_crawl.base_url.rstrip("/") + t["path"] for t in demo_truth
                if t["kind"] == "article" and t["path"] == t["canonical"]}
    assert distinct <= set(offline), f"{source} lacks {sorted(distinct - set(offline))}"
    assert set(offline) <= set(crawled), f"{source} has articles the crawl does not: {set(offline) - set(crawled)}"


@pytest.mark.parametrize("source", ["mirror", "warc"])
def test_offline_records_equal_the_crawl_field_by_field(
    source: str, imported: dict[str, dict[str, dict[str, Any]]], demo_crawl: DemoCrawl, demo_truth: list[dict[str, Any]]
) -> None:
    """Equal to the crawl's record, field by field; where they differ the offline value must be the truth.

    (The offline import learns the boilerplate profile from every page before extracting any, so on a
    crawl's first pages and merged page 2..n it can only be better, never worse.)
    """
    crawled = {a["url"]: a for a in demo_crawl.articles}
    problems = []
    for url, record in imported[source].items():
        expected = crawled[url]
        assert record["translations"] == expected["translations"], url
        truth = _truth_article(demo_truth, url, demo_crawl.base_url)
        for name in SAME_FIELDS:
            if record[name] == expected[name]:
                continue
            if truth is None or record[name] != truth.get(name):
                problems.append(f"{url} {name}: offline {record[name]!r:.80} crawl {expected[name]!r:.80}")
    assert not problems, "\n".join(problems)


def test_mirror_and_warc_agree(imported: dict[str, dict[str, dict[str, Any]]]) -> None:
    assert imported["mirror"] == imported["warc"]


def test_offline_translations_resolve(imported: dict[str, dict[str, dict[str, Any]]]) -> None:
    with_translations = [r for r in imported["warc"].values() if r["translations"]]
    assert len(with_translations) == 8  # 4 German articles and their 4 English versions
    for record in with_translations:
        for url in record["translations"].values():
            assert url in imported["warc"]


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("news/artikel.php?id=3", "http://a.de/news/artikel.php?id=3"),
        ("news/artikel.php%3Fid=3.html", "http://a.de/news/artikel.php?id=3"),
        ("news/artikel.php%3Fid=3&lang=en.html", "http://a.de/news/artikel.php?id=3&lang=en"),
        ("news/liste.php.html", "http://a.de/news/liste.php"),
        ("index.html", "http://a.de/"),
        ("archiv/index.html", "http://a.de/archiv/"),
        ("alt/meldung 2006.html", "http://a.de/alt/meldung%202006.html"),
        ("img/logo.gif", None),
        ("robots.txt", None),
    ],
)
def test_mirror_file_names_map_back_to_urls(relative: str, expected: str | None) -> None:
    assert mirror_url(relative, "http://a.de/") == expected


def test_import_mirror_refuses_a_missing_folder(tmp_path: Path) -> None:
    result = run_cli("import-mirror", str(tmp_path / "nope"), "--base-url", "http://a.de/",
                     "--db", str(tmp_path / "x.sqlite"), "--no-entities", check=False)
    assert result.returncode == 2
    assert "no such folder" in result.stderr


def test_import_warc_refuses_a_file_that_is_no_warc(tmp_path: Path) -> None:
    bogus = tmp_path / "x.warc"
    bogus.write_text("hello", encoding="utf-8")
    result = run_cli("import-warc", str(bogus), "--db", str(tmp_path / "x.sqlite"), "--no-entities", check=False)
    assert result.returncode == 2
    assert "x.warc" in result.stderr
