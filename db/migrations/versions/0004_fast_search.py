"""Faster search: filters read from narrow data; on PostgreSQL the vectors move to a narrow table.

SQLite: a covering index ``articles (id, language, published)``, so the date and language filters of a
search do not read the wide article rows; the FTS5 table stays as it is.

PostgreSQL: the weighted tsvector moves out of ``articles`` (where it was TOASTed: ranking had to fetch and
decompress it out of line for every match) into ``article_search`` (article_id, language, published,
config, document), whose rows are kept in the heap up to 8 KB (toast_tuple_target), with one partial GIN
index per text search configuration, so a German query never fetches English rows. A trigger on
``articles`` keeps it up to date on every insert and on updates of title, lead, text, language or
published, whoever writes. The existing vectors are copied over, so everything stays searchable.

Both: indexes on ``lower(mentions.text)`` and ``lower(entities.canonical_name)`` for ``--entity``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 02:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies (a migration must not change when the application code does): db.fts.PG_CONFIGS.
_CONFIGS = ("german", "english", "simple")

_PG_SYNC_FUNCTION = """
CREATE FUNCTION article_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cfg regconfig;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.title IS NOT DISTINCT FROM OLD.title AND NEW.lead IS NOT DISTINCT FROM OLD.lead
            AND NEW.text IS NOT DISTINCT FROM OLD.text
            AND lower(NEW.language) IS NOT DISTINCT FROM lower(OLD.language) THEN
        UPDATE article_search SET published = NEW.published, language = lower(NEW.language)
        WHERE article_id = NEW.id;
        RETURN NULL;
    END IF;
    cfg := CASE lower(NEW.language) WHEN 'de' THEN 'german' WHEN 'en' THEN 'english' ELSE 'simple' END;
    INSERT INTO article_search (article_id, language, published, config, document)
    VALUES (
        NEW.id, lower(NEW.language), NEW.published, cfg,
        setweight(to_tsvector(cfg, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(cfg, coalesce(NEW.lead, '')), 'B')
        || setweight(to_tsvector(cfg, coalesce(NEW.text, '')), 'C')
    )
    ON CONFLICT (article_id) DO UPDATE SET language = EXCLUDED.language, published = EXCLUDED.published,
        config = EXCLUDED.config, document = EXCLUDED.document;
    RETURN NULL;
END
$$
"""

_PG_CONFIG_CASE = (
    "CAST(CASE lower(language) WHEN 'de' THEN 'german' WHEN 'en' THEN 'english' ELSE 'simple' END AS regconfig)"
)


def upgrade() -> None:
    """Create the narrow search data, the entity-name indexes; move the PostgreSQL vectors."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("CREATE INDEX ix_articles_search_filter ON articles (id, language, published)")
    elif dialect == "postgresql":
        op.execute(
            "CREATE TABLE article_search ("
            "article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE, "
            "language VARCHAR(8), published TIMESTAMP WITH TIME ZONE, config REGCONFIG NOT NULL, "
            "document TSVECTOR NOT NULL) WITH (toast_tuple_target = 8160)"
        )
        # MAIN: kept in the heap row (compressed only when the row would not fit in toast_tuple_target)
        op.execute("ALTER TABLE article_search ALTER COLUMN document SET STORAGE MAIN")
        op.execute(
            "INSERT INTO article_search (article_id, language, published, config, document) "
            f"SELECT id, lower(language), published, {_PG_CONFIG_CASE}, "
            f"coalesce(search_vector, setweight(to_tsvector({_PG_CONFIG_CASE}, coalesce(title, '')), 'A') || "
            f"setweight(to_tsvector({_PG_CONFIG_CASE}, coalesce(lead, '')), 'B') || "
            f"setweight(to_tsvector({_PG_CONFIG_CASE}, coalesce(text, '')), 'C')) "
            "FROM articles"
        )
        for config in _CONFIGS:
            op.execute(
                f"CREATE INDEX ix_article_search_{config} ON article_search USING gin (document) "
                f"WHERE config = '{config}'::regconfig"
            )
        op.execute("CREATE INDEX ix_article_search_published ON article_search (published)")
        op.execute(_PG_SYNC_FUNCTION)
        op.execute(
            "CREATE TRIGGER articles_search_insert AFTER INSERT ON articles "
            "FOR EACH ROW EXECUTE FUNCTION article_search_sync()"
        )
        op.execute(
            "CREATE TRIGGER articles_search_update AFTER UPDATE OF title, lead, text, language, published "
            "ON articles FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title "
            "OR OLD.lead IS DISTINCT FROM NEW.lead OR OLD.text IS DISTINCT FROM NEW.text "
            "OR OLD.language IS DISTINCT FROM NEW.language OR OLD.published IS DISTINCT FROM NEW.published) "
            "EXECUTE FUNCTION article_search_sync()"
        )
        op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")
        op.execute("ANALYZE article_search")
    else:
        raise NotImplementedError(f"nachlese supports SQLite and PostgreSQL, not {dialect}")
    op.execute("CREATE INDEX ix_mentions_text_lower ON mentions (lower(text))")
    op.execute("CREATE INDEX ix_entities_canonical_name_lower ON entities (lower(canonical_name))")


def downgrade() -> None:
    """Back to 0003: the vector in ``articles`` again (copied back), no narrow search data."""
    op.execute("DROP INDEX IF EXISTS ix_entities_canonical_name_lower")
    op.execute("DROP INDEX IF EXISTS ix_mentions_text_lower")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_articles_search_filter")
        return
    op.execute("ALTER TABLE articles ADD COLUMN search_vector tsvector")
    op.execute("UPDATE articles a SET search_vector = s.document FROM article_search s WHERE s.article_id = a.id")
    op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")
    op.execute("DROP TRIGGER IF EXISTS articles_search_update ON articles")
    op.execute("DROP TRIGGER IF EXISTS articles_search_insert ON articles")
    op.execute("DROP FUNCTION IF EXISTS article_search_sync()")
    op.execute("DROP TABLE IF EXISTS article_search")
