"""extract_page on the demo legacy site, read from demo/site/ and checked against demo/truth.json."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from extract import PageKind, PageRecord, UnextractablePage, extract_page, merge_pages

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "demo" / "site"
TRUTH_FILE = ROOT / "demo" / "truth.json"
BASE = "http://127.0.0.1:8765"
FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
TRUTH: list[dict[str, Any]] = json.loads(TRUTH_FILE.read_text(encoding="utf-8"))  # committed with the demo site
KINDS = {"article": PageKind.ARTICLE, "print": PageKind.ARTICLE, "listing": PageKind.LISTING, "other": PageKind.OTHER}


def demo_file(path: str) -> Path:
    """The file under demo/site/ served for a URL path (demo/README.md, "URL scheme")."""
    if match := re.match(r"^/news/artikel\.php\?(.*)$", path):
        query = dict(part.split("=", 1) for part in match.group(1).split("&"))
        name = f"artikel-{query['id']}"
        name += "-en" if query.get("lang") == "en" else ""
        name += "-druck" if "druck" in query else ""
        name += f"-seite{query['seite']}" if "seite" in query else ""
        return SITE / "news" / f"{name}.html"
    if match := re.match(r"^/news/archiv\.php(?:\?seite=(\d+))?$", path):
        return SITE / "news" / f"archiv-{match.group(1) or 1}.html"
    if path in {"/", "/index.html"}:
        return SITE / "index.html"
    return SITE / path.lstrip("/")


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _extract(entry: dict[str, Any]) -> PageRecord:
    body = demo_file(entry["path"]).read_bytes()
    return extract_page(body, BASE + entry["path"], {"Content-Type": entry["content_type"]}, fetched_at=FETCHED)


def _record_for(entry: dict[str, Any]) -> PageRecord:
    """The record the crawler stores for this entry: multi-page articles merged."""
    if "pages" in entry:
        parts = [_extract({**entry, "path": path}) for path in entry["pages"]]
        return merge_pages(parts)
    return _extract(entry)


def _ids(entries: list[dict[str, Any]]) -> list[str]:
    return [entry["path"] for entry in entries]


DISTINCT = [e for e in TRUTH if e["kind"] == "article" and e["path"] == e["canonical"]]
ALIASES = [e for e in TRUTH if e["kind"] == "article" and e["path"] != e["canonical"]]
PRINTS = [e for e in TRUTH if e["kind"] == "print"]
OTHERS = [e for e in TRUTH if e["kind"] in {"listing", "other"} and not e["path"].startswith("/kalender")]
BAD = [e for e in TRUTH if e["kind"] == "bad" and demo_file(e["path"]).exists()]


@pytest.mark.parametrize("entry", DISTINCT, ids=_ids(DISTINCT))
def test_demo_article(entry: dict[str, Any]) -> None:
    record = _record_for(entry)
    assert record.kind is PageKind.ARTICLE
    assert not record.is_print
    assert record.canonical_url == BASE + entry["canonical"]
    assert record.title == entry["title"]
    assert _norm(record.lead) == _norm(entry["lead"])
    if "pages" not in entry:
        assert _norm(record.text) == _norm(entry["text"])
    for snippet in entry["text_must_contain"]:
        assert _norm(snippet) in _norm(f"{record.lead} {record.text}")
    for snippet in entry["must_not_contain"]:
        assert snippet not in f"{record.title}\n{record.lead}\n{record.text}"
    expected = datetime.fromisoformat(entry["published"])
    if expected.tzinfo is None:
        expected = expected.replace(tzinfo=UTC)
        assert not record.published_has_time
    assert record.published == expected
    assert record.published_raw == entry["published_raw"]
    assert record.language == entry["language"]
    assert record.category == entry["category"]
    assert record.authors == entry["authors"]
    assert record.translations == {lang: BASE + path for lang, path in entry["translations"].items()}
    assert sorted(link.url for link in record.links) == sorted(entry["links"])
    assert record.encoding is not None
    assert "<font" not in record.html and "<table" not in record.html


@pytest.mark.parametrize("entry", ALIASES, ids=_ids(ALIASES))
def test_demo_alias_urls_point_to_the_canonical_record(entry: dict[str, Any]) -> None:
    record = _extract(entry)
    assert record.kind is PageKind.ARTICLE
    if "seite=" in entry["path"]:
        assert record.part_of == BASE + entry["canonical"]
    else:
        assert record.canonical_url == BASE + entry["canonical"]
        assert record.title == entry["title"]


@pytest.mark.parametrize("entry", PRINTS, ids=_ids(PRINTS))
def test_demo_print_version(entry: dict[str, Any]) -> None:
    record = _extract(entry)
    assert record.is_print
    assert record.title == entry["title"]
    assert _norm(record.lead) == _norm(entry["lead"])
    for snippet in entry["text_must_contain"]:
        assert _norm(snippet) in _norm(f"{record.lead} {record.text}")
    for snippet in entry["must_not_contain"]:
        assert snippet not in f"{record.title}\n{record.lead}\n{record.text}"


@pytest.mark.parametrize("entry", OTHERS, ids=_ids(OTHERS))
def test_demo_listing_and_other_pages(entry: dict[str, Any]) -> None:
    record = _extract(entry)
    assert record.kind is KINDS[entry["kind"]]
    assert record.canonical_url == BASE + entry["canonical"]


@pytest.mark.parametrize("entry", BAD, ids=_ids(BAD))
def test_demo_bad_pages_never_become_articles(entry: dict[str, Any]) -> None:
    try:
        record = _extract(entry)
    except UnextractablePage:
        return
    assert record.kind is not PageKind.ARTICLE


def test_demo_article_links_to_print_version() -> None:
    entry = next(e for e in DISTINCT if e["path"] == "/news/artikel.php?id=1")
    assert BASE + "/news/artikel.php?druck=1&id=1" in _extract(entry).alternate_urls  # in fetch form
