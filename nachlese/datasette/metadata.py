"""Datasette metadata for a nachlese database: table options, view descriptions, canned queries."""

from __future__ import annotations

from typing import Any

from db.fts import SQLITE_FTS_TABLE
from nachlese.datasette.queries import CANNED_QUERIES

#: Options per table or view (Datasette metadata `tables` section); every key is documented by Datasette.
TABLES: dict[str, dict[str, Any]] = {
    "articles": {
        "description": "One row per article. ?_search= searches title, lead and text (full-text index).",
        "fts_table": SQLITE_FTS_TABLE,
        "fts_pk": "id",
        "label_column": "title",
        "sort_desc": "published",
        "facets": ["language", "category"],
    },
    "entities": {
        "description": "Named entities (PER, ORG, LOC), one row per label and canonical name.",
        "label_column": "canonical_name",
        "sort_desc": "mention_count",
        "facets": ["label"],
    },
    "mentions": {"description": "Each occurrence of an entity in a field of an article (character offsets)."},
    "sites": {"description": "The crawled websites.", "label_column": "base_url"},
    "crawl_runs": {"description": "One row per crawl of a site, with its counters.", "sort_desc": "id",
                   "facets": ["status"]},
    "pages": {"description": "The latest fetch of every URL; failed pages have `error` set.",
              "facets": ["kind", "http_status"]},
    "url_aliases": {"description": "Every URL an article was seen under.", "facets": ["kind"]},
    "article_versions": {"description": "A snapshot of an article each time its content changed."},
    "article_entities": {"description": "View: one row per mention, with the article and the entity.",
                         "facets": ["label"]},
    "entity_cooccurrence": {
        "description": "View: pairs of entities mentioned in the same articles (each pair once).",
        "sort_desc": "article_count",
    },
    "articles_per_month": {"description": "View: dated articles per calendar month (UTC)."},
    "alembic_version": {"hidden": True},
}

#: Datasette settings (`--setting NAME VALUE`) that suit an archive of long texts.
SETTINGS: dict[str, Any] = {
    "truncate_cells_html": 400,  # article text and HTML cells are long: cut them in table views
    "sql_time_limit_ms": 5000,  # co-occurrence over a large archive needs more than the default 1 s
    "default_page_size": 50,
}


def build_metadata(database_name: str) -> dict[str, Any]:
    """The metadata for the database Datasette calls ``database_name`` (the file name without suffix)."""
    return {
        "title": "nachlese archive",
        "description": (
            "Articles rescued from legacy news sites, with their named entities and crawl history. "
            "Start with the canned queries below the table list, or search the articles table."
        ),
        "databases": {
            database_name: {
                "tables": TABLES,
                "queries": {name: query.as_metadata() for name, query in CANNED_QUERIES.items()},
            }
        },
    }
