"""Schema migrations: upgrade a database to the head revision, read its revision, refuse newer ones."""

from __future__ import annotations

import atexit
import functools
import logging
import shutil
import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError

from db.engine import translate_error
from db.errors import SchemaOutdatedError, SchemaTooNewError

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Objects that migrations create by hand and the models do not describe (full-text index, views).
UNMODELLED_OBJECTS = frozenset(
    {
        "articles_fts",
        "search_vector",  # PostgreSQL, migrations 0002-0003
        "ix_articles_search_vector",
        "article_search",  # PostgreSQL, from migration 0004 on
        "ix_article_search_german",
        "ix_article_search_english",
        "ix_article_search_simple",
        "ix_article_search_published",
        "ix_articles_search_filter",  # SQLite
        "ix_mentions_text_lower",
        "ix_entities_canonical_name_lower",
        "article_entities",
        "entity_cooccurrence",
        "articles_per_month",
    }
)


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """For autogenerate: leave the hand-made full-text objects and views alone."""
    return not (name in UNMODELLED_OBJECTS or (name or "").startswith("articles_fts_"))


def migrations_dir() -> Path:
    """The migrations folder on disk; copied out of a zipped egg (scrapyd deploys one) on first use."""
    if MIGRATIONS_DIR.is_dir():
        return MIGRATIONS_DIR
    return _extracted_migrations()


@functools.cache
def _extracted_migrations() -> Path:
    target = Path(tempfile.mkdtemp(prefix="nachlese-migrations-"))
    atexit.register(shutil.rmtree, target, True)

    def copy(source: Traversable, destination: Path) -> None:
        destination.mkdir(exist_ok=True)
        for entry in source.iterdir():
            if entry.is_dir():
                if entry.name != "__pycache__":
                    copy(entry, destination / entry.name)
            else:
                (destination / entry.name).write_bytes(entry.read_bytes())

    copy(resources.files("db").joinpath("migrations"), target)
    logger.debug("Migrations copied out of the package archive to %s", target)
    return target


def alembic_config() -> Config:
    """An Alembic configuration pointing at the packaged migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def head_revision() -> str:
    """The newest revision this version of nachlese knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or None for an empty (never migrated) database."""
    try:
        with engine.connect() as conn:
            return _current(conn)
    except SADatabaseError as exc:
        raise translate_error(exc, engine.url) from None


def check_not_newer(engine: Engine) -> None:
    """Raise SchemaTooNewError when the database carries a revision this nachlese does not know."""
    revision = current_revision(engine)
    if revision is not None and not _known(revision):
        raise SchemaTooNewError(
            f"database {engine.url.render_as_string(hide_password=True)} has schema revision {revision!r}, "
            f"which this version of nachlese does not know (newest known: {head_revision()!r}); it was "
            "written by a newer nachlese: upgrade nachlese, do not downgrade the database"
        )


def check_current(engine: Engine) -> None:
    """Raise unless the database is exactly at the head revision (call before crawling into it)."""
    check_not_newer(engine)
    revision = current_revision(engine)
    if revision != head_revision():
        shown = engine.url.render_as_string(hide_password=True)
        raise SchemaOutdatedError(
            f"database {shown} has schema revision {revision or 'none (empty database)'}, this nachlese "
            f"needs {head_revision()}: run `nachlese db upgrade --db {shown}`"
        )


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Migrate the database to ``revision`` (default: head) in one transaction; return the new revision.

    Refuses (SchemaTooNewError) a database written by a newer nachlese.
    """
    check_not_newer(engine)
    config = alembic_config()
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            before = _current(conn)
            command.upgrade(config, revision)
            after = _current(conn)
    except SADatabaseError as exc:
        raise translate_error(exc, engine.url) from None
    except CommandError as exc:
        raise SchemaOutdatedError(f"cannot upgrade to {revision!r}: {exc}") from None
    if before != after:
        logger.info("database schema upgraded from %s to %s", before or "empty", after)
    assert after is not None
    return after


def _current(conn: Connection) -> str | None:
    heads = MigrationContext.configure(conn).get_current_heads()
    return heads[0] if heads else None


def _known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False
