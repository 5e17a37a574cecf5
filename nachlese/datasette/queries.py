"""Canned queries of `nachlese serve`, kept as data: name -> title, description, SQLite SQL.

Names differ from every table and view name (Datasette serves both under /DATABASE/NAME).
"""

from __future__ import annotations

from dataclasses import dataclass

from db.fts import SQLITE_FTS_TABLE
from db.search import BM25_WEIGHTS, ELLIPSIS, HIGHLIGHT_END, HIGHLIGHT_START, SNIPPET_TOKENS
from nachlese.datasette.plugin import MATCH_FUNCTION, PUBLISHED_FUNCTION

#: Rows a canned query returns at most (Datasette pages through them).
ROW_LIMIT = 200
#: `published` of the articles row `a`, written as the JSONL export writes it.
PUBLISHED = f"{PUBLISHED_FUNCTION}(a.published, a.published_offset_minutes, a.published_has_time)"


@dataclass(frozen=True, slots=True)
class CannedQuery:
    """One canned query: `params` are its named SQL parameters in the order the form shows them."""

    title: str
    description: str
    sql: str
    params: tuple[str, ...] = ()

    def as_metadata(self) -> dict[str, object]:
        """The entry under `databases.NAME.queries.QUERY` in Datasette's metadata."""
        entry: dict[str, object] = {"title": self.title, "description": self.description, "sql": self.sql.strip()}
        if self.params:
            entry["params"] = list(self.params)
        return entry


def _top_entities(label: str, plural: str) -> CannedQuery:
    return CannedQuery(
        title=f"Top {plural}",
        description=f"The most mentioned {label} entities, with the number of articles mentioning each.",
        sql=f"""
SELECT e.id AS entity_id, e.canonical_name, e.mention_count AS mentions, COUNT(DISTINCT m.article_id) AS articles
FROM entities e JOIN mentions m ON m.entity_id = e.id
WHERE e.label = '{label}' AND e.mention_count > 0
GROUP BY e.id, e.canonical_name, e.mention_count
ORDER BY mentions DESC, articles DESC, e.canonical_name
LIMIT {ROW_LIMIT}
""",
    )


_WEIGHTS = ", ".join(str(weight) for weight in BM25_WEIGHTS)

CANNED_QUERIES: dict[str, CannedQuery] = {
    "search_articles": CannedQuery(
        title="Search articles",
        description=(
            'Full-text search in title, lead and text, best hits first. Syntax as in `nachlese search`: '
            'words (all must match), "an exact phrase", a OR b, -excluded, prefix*. Case and accents are '
            "ignored; there is no stemming, so use a prefix (Regierung* finds Regierungen). Hits are "
            f"marked {HIGHLIGHT_START} and {HIGHLIGHT_END} in the snippet."
        ),
        # ranked first (bm25 over the index only), then snippets and article rows for the shown hits alone
        sql=f"""
WITH hit AS (
  SELECT rowid AS id, bm25({SQLITE_FTS_TABLE}, {_WEIGHTS}) AS score FROM {SQLITE_FTS_TABLE}
  WHERE {SQLITE_FTS_TABLE} MATCH {MATCH_FUNCTION}(:query)
  ORDER BY score, rowid LIMIT {ROW_LIMIT}
)
SELECT a.id AS article_id, a.title, {PUBLISHED} AS published, a.language, a.canonical_url,
       replace(snippet({SQLITE_FTS_TABLE}, -1, '{HIGHLIGHT_START}', '{HIGHLIGHT_END}', '{ELLIPSIS}',
                       {SNIPPET_TOKENS}), char(10), ' ') AS snippet
FROM hit CROSS JOIN {SQLITE_FTS_TABLE} CROSS JOIN articles a
WHERE {SQLITE_FTS_TABLE} MATCH {MATCH_FUNCTION}(:query) AND {SQLITE_FTS_TABLE}.rowid = hit.id AND a.id = hit.id
ORDER BY hit.score, hit.id
""",
        params=("query",),
    ),
    "articles_mentioning": CannedQuery(
        title="Articles mentioning an entity",
        description=(
            "Articles that mention an entity, oldest first: give its canonical name or the form as written "
            "(case-insensitive for A-Z only; % is a wildcard, e.g. %Merkel)."
        ),
        sql=f"""
SELECT ae.article_id, ae.title, {PUBLISHED} AS published, ae.language, ae.canonical_url,
       group_concat(DISTINCT ae.label || ' ' || ae.canonical_name) AS entities,
       group_concat(DISTINCT ae.mention_text) AS written_as,
       COUNT(*) AS mentions
FROM article_entities ae JOIN articles a ON a.id = ae.article_id
WHERE ae.canonical_name LIKE :entity OR ae.mention_text LIKE :entity
GROUP BY ae.article_id, ae.title, a.published, ae.language, ae.canonical_url
ORDER BY a.published, ae.article_id
LIMIT {ROW_LIMIT}
""",
        params=("entity",),
    ),
    "top_people": _top_entities("PER", "people"),
    "top_organisations": _top_entities("ORG", "organisations"),
    "top_places": _top_entities("LOC", "places"),
    "entity_pairs": CannedQuery(
        title="Entity co-occurrence",
        description=(
            "Pairs of entities mentioned in the same articles, most shared articles first. Give a name "
            "(% is a wildcard) to see who appears together with it; leave it empty for all pairs."
        ),
        sql=f"""
SELECT entity_a_id, entity_a_label, entity_a_name, entity_b_id, entity_b_label, entity_b_name, article_count
FROM entity_cooccurrence
WHERE :entity = '' OR entity_a_name LIKE :entity OR entity_b_name LIKE :entity
ORDER BY article_count DESC, entity_a_name, entity_b_name
LIMIT {ROW_LIMIT}
""",
        params=("entity",),
    ),
    "articles_by_month": CannedQuery(
        title="Articles per month",
        description="Dated articles per calendar month (UTC), from the articles_per_month view.",
        sql="SELECT year, month, article_count FROM articles_per_month ORDER BY year, month",
    ),
    "articles_by_month_and_language": CannedQuery(
        title="Articles per month and language",
        description="Dated articles per calendar month (UTC) and language ('?' when unknown).",
        sql="""
SELECT CAST(substr(published, 1, 4) AS INTEGER) AS year, CAST(substr(published, 6, 2) AS INTEGER) AS month,
       coalesce(language, '?') AS language, COUNT(*) AS articles
FROM articles
WHERE published IS NOT NULL
GROUP BY year, month, language
ORDER BY year, month, language
""",
    ),
    "article_history": CannedQuery(
        title="History of an article",
        description=(
            "Every stored version of the article seen under a URL (any of its URLs: canonical, print, "
            "redirect, session-id variant ...)."
        ),
        sql="""
SELECT v.article_id, v.version, v.fetched_at, v.title, v.lead, v.content_hash
FROM article_versions v JOIN url_aliases u ON u.article_id = v.article_id
WHERE u.url = :url
ORDER BY v.version
""",
        params=("url",),
    ),
    "crawl_runs": CannedQuery(
        title="Crawl runs",
        description=(
            "Every crawl run with its counters, newest first (a run still 'running' after its process "
            "died was interrupted)."
        ),
        sql=f"""
SELECT r.id, s.base_url AS site, r.status, r.started_at, r.finished_at, r.duration_seconds,
       r.fetched, r.new, r.changed, r.unchanged, r.failed, r.robots_skipped
FROM crawl_runs r JOIN sites s ON s.id = r.site_id
ORDER BY r.id DESC
LIMIT {ROW_LIMIT}
""",
    ),
    "failed_pages": CannedQuery(
        title="Failed pages",
        description="Pages whose latest fetch or extraction failed, with the reason.",
        sql=f"""
SELECT p.url, p.http_status, p.error, p.fetched_at, p.run_id, p.article_id
FROM pages p
WHERE p.error IS NOT NULL
ORDER BY p.fetched_at DESC, p.url
LIMIT {ROW_LIMIT}
""",
    ),
}
