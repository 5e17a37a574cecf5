"""End to end: crawl the demo legacy site through a local server into SQLite and check every truth field."""

from __future__ import annotations

import json
import sqlite3
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import DEMO_TRUTH, DemoCrawl

TRUTH: list[dict[str, Any]] = json.loads(DEMO_TRUTH.read_text(encoding="utf-8"))
#: One entry per distinct article; the other "article" entries are URL variants of these.
ARTICLES = [entry for entry in TRUTH if entry["kind"] == "article" and entry["path"] == entry["canonical"]]
ARTICLE_IDS = [entry["path"] for entry in ARTICLES]
VARIANTS = [entry for entry in TRUTH if entry["kind"] in {"article", "print"} and entry["path"] != entry["canonical"]]


def local(url: str) -> str:
    """Path and query of a URL: the demo server's port differs per run."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def same_path(a: str, b: str) -> bool:
    """Whether two local URLs name the same resource (query order ignored)."""
    pa, pb = urlsplit(a), urlsplit(b)
    return pa.path == pb.path and sorted(pa.query.split("&")) == sorted(pb.query.split("&"))


def exported(crawl: DemoCrawl, entry: dict[str, Any]) -> dict[str, Any]:
    """The one exported article for a truth entry (fails if missing or duplicated)."""
    matches = [a for a in crawl.articles if same_path(local(a["url"]), entry["canonical"])]
    assert len(matches) == 1, f"{entry['canonical']}: {len(matches)} exported articles"
    return matches[0]


def squash(text: str | None) -> str:
    return " ".join((text or "").split())


def resource_key(url: str) -> tuple[str, ...]:
    """Path plus sorted query parameters: equal for the same resource."""
    parts = urlsplit(url)
    return (parts.path, *sorted(parts.query.split("&")))


def test_every_article_stored_exactly_once(demo_crawl: DemoCrawl) -> None:
    got = [resource_key(local(a["url"])) for a in demo_crawl.articles]
    assert len(got) == len(set(got)), "duplicated canonical URLs"
    assert sorted(got) == sorted(resource_key(e["canonical"]) for e in ARTICLES)


def test_export_has_exactly_the_specified_fields(demo_crawl: DemoCrawl) -> None:
    fields = {"url", "title", "published", "language", "lead", "text", "authors", "category",
              "translations", "entities"}
    for article in demo_crawl.articles:
        assert set(article) == fields
        for entity in article["entities"]:
            assert set(entity) == {"text", "label", "field", "start", "end"}
            assert article[entity["field"]][entity["start"]:entity["end"]] == entity["text"]


@pytest.mark.parametrize("entry", ARTICLES, ids=ARTICLE_IDS)
def test_article_fields(demo_crawl: DemoCrawl, entry: dict[str, Any]) -> None:
    article = exported(demo_crawl, entry)
    assert article["title"] == entry["title"]
    assert squash(article["lead"]) == squash(entry["lead"])
    assert article["published"] == entry["published"]
    assert article["language"] == entry["language"]
    assert article["category"] == entry.get("category")
    assert article["authors"] == entry.get("authors", [])
    for snippet in entry.get("text_must_contain", []):
        assert squash(snippet) in squash(article["text"])
    if entry.get("text"):
        assert squash(article["text"]) == squash(entry["text"])


@pytest.mark.parametrize("entry", ARTICLES, ids=ARTICLE_IDS)
def test_article_has_no_boilerplate_and_lead_once(demo_crawl: DemoCrawl, entry: dict[str, Any]) -> None:
    article = exported(demo_crawl, entry)
    full = squash(f"{article['title']} {article['lead']} {article['text']}")
    for snippet in entry.get("must_not_contain", []):
        assert squash(snippet) not in full, f"boilerplate {snippet!r} in the article"
    if entry.get("lead"):
        assert squash(entry["lead"]) not in squash(article["text"]), "the lead is repeated in the text"


@pytest.mark.parametrize("entry", ARTICLES, ids=ARTICLE_IDS)
def test_translations_resolve_to_canonical_urls(demo_crawl: DemoCrawl, entry: dict[str, Any]) -> None:
    article = exported(demo_crawl, entry)
    got = {language: local(url) for language, url in article["translations"].items()}
    assert set(got) == set(entry.get("translations", {}))
    for language, path in entry.get("translations", {}).items():
        assert same_path(got[language], path)


#: Share of the demo's ground-truth entities the crawl must find (measured 0.991 with de_nachlese_ner 0.2.2,
#: en_core_web_sm and the site-wide name step: bench/eval_entities_demo.py). A regression guard, not the goal.
MIN_ENTITY_RECALL = 0.99

#: Articles where a ground-truth entity is still missed (bench/eval_entities_demo.py -v lists them):
#: "Wattenmeer" (LOC), which the German model and its lexicon take for a common noun.
#: Strict: an article that starts passing must leave the list.
KNOWN_ENTITY_MISSES = {"/news/artikel.php?id=10"}


def _missing_entities(demo_crawl: DemoCrawl, entry: dict[str, Any]) -> list[tuple[str, str]]:
    found = {(e["text"], e["label"]) for e in exported(demo_crawl, entry)["entities"]}
    return [(e["text"], e["label"]) for e in entry.get("entities", []) if (e["text"], e["label"]) not in found]


def test_ground_truth_entity_recall_does_not_regress(demo_crawl: DemoCrawl) -> None:
    total = sum(len(entry.get("entities", [])) for entry in ARTICLES)
    missing = [m for entry in ARTICLES for m in _missing_entities(demo_crawl, entry)]
    recall = 1 - len(missing) / total
    assert recall >= MIN_ENTITY_RECALL, f"entity recall {recall:.3f}; missing {missing}"


@pytest.mark.parametrize("entry", [
    pytest.param(entry, marks=pytest.mark.xfail(reason="the NER models still miss an entity here (see "
                                                       "KNOWN_ENTITY_MISSES, docs/ner-model.md)", strict=True))
    if entry["path"] in KNOWN_ENTITY_MISSES else entry
    for entry in ARTICLES], ids=ARTICLE_IDS)
def test_ground_truth_entities_found(demo_crawl: DemoCrawl, entry: dict[str, Any]) -> None:
    missing = _missing_entities(demo_crawl, entry)
    assert not missing, f"entities not found: {missing}"


def _pages(crawl: DemoCrawl) -> list[tuple[str, int | None, str | None]]:
    path = crawl.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        return [(local(url), status, error) for url, status, error in
                connection.execute("SELECT url, http_status, error FROM pages")]


def _aliases(crawl: DemoCrawl) -> dict[str, str]:
    path = crawl.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        return {local(alias): local(canonical) for alias, canonical in connection.execute(
            "SELECT u.url, a.canonical_url FROM url_aliases u JOIN articles a ON a.id = u.article_id")}


@pytest.mark.parametrize("entry", VARIANTS, ids=[entry["path"] for entry in VARIANTS])
def test_url_variants_lead_to_their_article(demo_crawl: DemoCrawl, entry: dict[str, Any]) -> None:
    """Print versions, session-id and tracking variants, page 2: no article of their own, one alias."""
    assert not [a for a in demo_crawl.articles if same_path(local(a["url"]), entry["path"])]
    aliases = _aliases(demo_crawl)
    targets = [canonical for alias, canonical in aliases.items() if same_path(alias, entry["path"])]
    if entry["kind"] == "print" or "seite=" in entry["path"]:
        assert targets and same_path(targets[0], entry["canonical"]), f"{entry['path']} -> {targets}"


def test_robots_disallowed_pages_never_fetched(demo_crawl: DemoCrawl) -> None:
    assert not [url for url, _, _ in _pages(demo_crawl) if url.startswith("/intern/")]
    assert all("INTERN" not in a["text"] for a in demo_crawl.articles)


def test_non_article_pages_stored_as_pages_only(demo_crawl: DemoCrawl) -> None:
    stored = {url for url, _, _ in _pages(demo_crawl)}
    article_urls = {local(a["url"]) for a in demo_crawl.articles}
    for entry in TRUTH:
        if entry["kind"] in {"listing", "other"} and "kalender" not in entry["path"]:
            assert any(same_path(url, entry["path"]) for url in stored), f"{entry['path']} not stored"
            assert not any(same_path(url, entry["path"]) for url in article_urls)


def test_calendar_trap_is_bounded(demo_crawl: DemoCrawl) -> None:
    calendar = [url for url, _, _ in _pages(demo_crawl) if "kalender" in url]
    assert 0 < len(calendar) <= 60


def test_bad_pages_recorded_not_fatal(demo_crawl: DemoCrawl) -> None:
    pages = {url: error for url, _, error in _pages(demo_crawl)}
    for entry in TRUTH:
        if entry["kind"] == "bad" and entry.get("expect", "").startswith("failed"):
            matches = [error for url, error in pages.items() if same_path(url, entry["path"])]
            assert matches and matches[0], f"{entry['path']} not recorded as failed: {matches}"
    assert demo_crawl.summary["fetched"] > len(ARTICLES)


def test_progress_and_summary_printed(demo_crawl: DemoCrawl) -> None:
    assert "crawl finished" in demo_crawl.stderr
    assert "articles" in demo_crawl.stderr
