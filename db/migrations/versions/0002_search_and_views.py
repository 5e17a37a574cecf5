"""Full-text search (SQLite FTS5 table / PostgreSQL tsvector + GIN) and the analyst views.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 23:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies (a migration must not change when the application code does).
_PG_CONFIG_CASE = (
    "CAST(CASE lower(language) WHEN 'de' THEN 'german' WHEN 'en' THEN 'english' ELSE 'simple' END AS regconfig)"
)

_ARTICLE_ENTITIES = """
CREATE VIEW article_entities AS
SELECT a.id AS article_id, a.canonical_url, a.title, a.published, a.language,
       e.id AS entity_id, e.label, e.canonical_name,
       m.field, m.start_offset, m.end_offset, m.text AS mention_text
FROM mentions m
JOIN articles a ON a.id = m.article_id
JOIN entities e ON e.id = m.entity_id
"""

_ENTITY_COOCCURRENCE = """
CREATE VIEW entity_cooccurrence AS
WITH article_entity AS (SELECT DISTINCT article_id, entity_id FROM mentions)
SELECT x.entity_id AS entity_a_id, ea.label AS entity_a_label, ea.canonical_name AS entity_a_name,
       y.entity_id AS entity_b_id, eb.label AS entity_b_label, eb.canonical_name AS entity_b_name,
       COUNT(*) AS article_count
FROM article_entity x
JOIN article_entity y ON y.article_id = x.article_id AND y.entity_id > x.entity_id
JOIN entities ea ON ea.id = x.entity_id
JOIN entities eb ON eb.id = y.entity_id
GROUP BY x.entity_id, ea.label, ea.canonical_name, y.entity_id, eb.label, eb.canonical_name
"""

# SQLite keeps ``published`` as UTC text 'YYYY-MM-DD HH:MM:SS.ffffff'; PostgreSQL as timestamptz.
_YEAR_MONTH = {
    "sqlite": (
        "CAST(substr(published, 1, 4) AS INTEGER)",
        "CAST(substr(published, 6, 2) AS INTEGER)",
    ),
    "postgresql": (
        "CAST(EXTRACT(YEAR FROM published AT TIME ZONE 'UTC') AS INTEGER)",
        "CAST(EXTRACT(MONTH FROM published AT TIME ZONE 'UTC') AS INTEGER)",
    ),
}

_VIEWS = ("article_entities", "entity_cooccurrence", "articles_per_month")


def upgrade() -> None:
    """Create the dialect's full-text objects, index existing articles, create the views."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "title, lead, text, content='articles', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE articles ADD COLUMN search_vector tsvector")
        op.execute(
            "UPDATE articles SET search_vector = "
            f"setweight(to_tsvector({_PG_CONFIG_CASE}, coalesce(title, '')), 'A') || "
            f"setweight(to_tsvector({_PG_CONFIG_CASE}, coalesce(lead, '')), 'B') || "
            f"setweight(to_tsvector({_PG_CONFIG_CASE}, coalesce(text, '')), 'C')"
        )
        op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")
    else:
        raise NotImplementedError(f"nachlese supports SQLite and PostgreSQL, not {dialect}")

    year, month = _YEAR_MONTH[dialect]
    op.execute(_ARTICLE_ENTITIES)
    op.execute(_ENTITY_COOCCURRENCE)
    op.execute(
        "CREATE VIEW articles_per_month AS "
        f"SELECT {year} AS year, {month} AS month, COUNT(*) AS article_count "
        "FROM articles WHERE published IS NOT NULL "
        f"GROUP BY {year}, {month}"
    )


def downgrade() -> None:
    """Drop the views and the full-text objects."""
    for view in reversed(_VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {view}")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")
