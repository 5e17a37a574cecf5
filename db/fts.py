"""Full-text index upkeep: SQLite FTS5 external-content table, PostgreSQL table of weighted tsvectors.

SQLite: ``articles_fts`` indexes title, lead and text of ``articles`` (external content); the store path
calls :func:`index_article` after each change. PostgreSQL: ``article_search`` holds one narrow row per
article (language, published, text search configuration, weighted tsvector: title A, lead B, text C),
written by a trigger on ``articles`` (migration 0004), so :func:`index_article` has nothing to do there.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

# PostgreSQL text search configuration per ISO 639-1 language; anything else uses "simple" (no stemming).
# The trigger function article_search_sync (migration 0004) has a frozen copy: change both together.
PG_CONFIGS: dict[str, str] = {"de": "german", "en": "english"}
PG_DEFAULT_CONFIG = "simple"

SQLITE_FTS_TABLE = "articles_fts"
PG_SEARCH_TABLE = "article_search"


@dataclass(frozen=True, slots=True)
class FtsDoc:
    """The indexed text of one article, as it is (or was) in the ``articles`` row."""

    title: str | None
    lead: str | None
    text: str


def pg_config(language: str | None) -> str:
    """The PostgreSQL text search configuration for an article language."""
    return PG_CONFIGS.get((language or "").lower(), PG_DEFAULT_CONFIG)


def index_article(session: Session, article_id: int, language: str | None, new: FtsDoc, old: FtsDoc | None) -> None:
    """Bring the full-text index of one article up to date; ``old`` is what was indexed before (or None).

    Call after the ``articles`` row holds ``new`` (flushed). On PostgreSQL the trigger has done it already.
    """
    if session.get_bind().dialect.name == "sqlite":
        if old is not None:
            _sqlite_write(session, "delete", article_id, old)
        _sqlite_write(session, None, article_id, new)


def rebuild_index(session: Session) -> None:
    """Rebuild the whole full-text index from the ``articles`` table (repair after manual edits)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text(f"INSERT INTO {SQLITE_FTS_TABLE}({SQLITE_FTS_TABLE}) VALUES ('rebuild')"))
    elif dialect == "postgresql":
        configs = " ".join(f"WHEN '{lang}' THEN '{cfg}'" for lang, cfg in PG_CONFIGS.items())
        cfg_expr = f"CAST(CASE lower(language) {configs} ELSE '{PG_DEFAULT_CONFIG}' END AS regconfig)"
        session.execute(text(f"DELETE FROM {PG_SEARCH_TABLE}"))
        session.execute(
            text(
                f"INSERT INTO {PG_SEARCH_TABLE} (article_id, language, published, config, document) "
                f"SELECT id, lower(language), published, {cfg_expr}, "
                f"setweight(to_tsvector({cfg_expr}, coalesce(title, '')), 'A') || "
                f"setweight(to_tsvector({cfg_expr}, coalesce(lead, '')), 'B') || "
                f"setweight(to_tsvector({cfg_expr}, coalesce(text, '')), 'C') "
                "FROM articles"
            )
        )


def _sqlite_write(session: Session, command: str | None, article_id: int, doc: FtsDoc) -> None:
    if command is None:
        sql = f"INSERT INTO {SQLITE_FTS_TABLE}(rowid, title, lead, text) VALUES (:id, :title, :lead, :text)"
    else:  # external-content delete: must be given exactly the values that were indexed
        sql = (
            f"INSERT INTO {SQLITE_FTS_TABLE}({SQLITE_FTS_TABLE}, rowid, title, lead, text) "
            "VALUES (:command, :id, :title, :lead, :text)"
        )
    session.execute(
        text(sql),
        {"command": command, "id": article_id, "title": doc.title or "", "lead": doc.lead or "", "text": doc.text},
    )
