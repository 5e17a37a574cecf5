"""Datasette hooks of `nachlese serve`: the search-syntax SQL function, the reading pages, cell links, quiet errors."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

from datasette import Response, hookimpl
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400
from datasette.views.base import DatasetteError
from markupsafe import Markup

from db.dates import from_sqlite_text, published_iso
from db.errors import SearchQueryError
from db.query_syntax import parse, to_fts5
from nachlese.datasette.article_page import load_article
from nachlese.datasette.entity_page import load_entity
from nachlese.datasette.found_on import FoundOnIndexes
from nachlese.datasette.home_page import is_nachlese_database, load_home
from nachlese.datasette.text import time_text

logger = logging.getLogger(__name__)

#: Name of the SQL function the canned search query calls.
MATCH_FUNCTION = "nachlese_match"
#: An FTS5 expression that is valid and matches nothing (empty form, query without words).
MATCH_NOTHING = '""'
#: Name of the SQL function that writes `articles.published` as the JSONL export does (db.dates.published_iso).
PUBLISHED_FUNCTION = "nachlese_published"
#: Name of the plugin package: its templates/ and static/ folders are Datasette's plugin folders.
PLUGIN_PACKAGE = "nachlese.datasette"
#: ``?_view=columns`` on an article or entity page shows Datasette's generic row page instead.
COLUMNS_VIEW = "columns"

#: Columns that hold an article id or an entity id, and the column (of the same row) that names it.
ARTICLE_ID_COLUMNS = {"article_id": "title"}
ENTITY_ID_COLUMNS = {"entity_id": "canonical_name", "entity_a_id": "entity_a_name", "entity_b_id": "entity_b_name"}
#: The listing pages linking to each article, per database (built in the background from start-up on).
FOUND_ON = FoundOnIndexes()
#: The views whose rows carry article and entity ids (real tables link their foreign keys themselves).
VIEWS = ("article_entities", "entity_cooccurrence")


def fts_match(query: str | None) -> str:
    """The FTS5 MATCH expression for a query in `nachlese search` syntax (db.query_syntax).

    A form cannot show why a query failed, so this never raises: an unbalanced quote is dropped, and a
    query that still makes no sense (dangling OR, only excluded words, no words) or is empty matches nothing.

    >>> fts_match('"angela merkel" regier*')
    '("angela merkel") AND ("regier"*)'
    >>> fts_match('"unbalanced quote')
    '("unbalanced") AND ("quote")'
    >>> fts_match("-excluded")
    '""'
    """
    text = (query or "").strip()
    for attempt in (text, text.replace('"', " ")):
        try:
            return to_fts5(parse(attempt))
        except SearchQueryError:
            continue
    return MATCH_NOTHING


def published_text(published: str | None, offset_minutes: int | None, has_time: int | None) -> str | None:
    """`articles.published` as stored in SQLite, written as the export writes it (the date alone without a time).

    >>> published_text("2009-03-13 13:30:00.000000", 60, 1)
    '2009-03-13T14:30:00+01:00'
    >>> published_text("2007-12-05 00:00:00.000000", None, 0)
    '2007-12-05'
    """
    return published_iso(from_sqlite_text(published), offset_minutes, bool(has_time))


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Register `nachlese_match` and `nachlese_published` on every connection Datasette opens."""
    conn.create_function(MATCH_FUNCTION, 1, fts_match, deterministic=True)
    conn.create_function(PUBLISHED_FUNCTION, 3, published_text, deterministic=True)


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    """The templates' filter ``nachlese_time``: a stored UTC timestamp to the minute."""
    env.filters["nachlese_time"] = time_text


@hookimpl
def startup(datasette: Any) -> Callable[[], Awaitable[None]]:
    """Start reading the listing pages of every nachlese database (for the article pages' "found on")."""

    async def begin() -> None:
        for name, db in datasette.databases.items():
            if name != "_internal" and await is_nachlese_database(db):
                FOUND_ON.start(db)

    return begin


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    """The reading view's style sheet (screen and print) on every page."""
    return [datasette.urls.static_plugins(PLUGIN_PACKAGE, "nachlese.css")]


def _row_id(request: Any) -> int | None:
    try:
        return int(request.url_vars["pks"])
    except (KeyError, TypeError, ValueError):
        return None


@hookimpl
def extra_template_vars(
    database: str | None, table: str | None, view_name: str, request: Any, datasette: Any
) -> Callable[[], Awaitable[dict[str, Any]]] | None:
    """Load the article page, the entity page or the home page's start panel for the template to show."""
    if request is None:
        return None

    async def row_page() -> dict[str, Any]:
        row_id = _row_id(request)
        if row_id is None or request.args.get("_view") == COLUMNS_VIEW:
            return {}
        db = datasette.get_database(database)
        if table == "articles":
            def entity_url(entity_id: int) -> str:
                return str(datasette.urls.row(database, "entities", str(entity_id)))

            page = await load_article(db, row_id, entity_url)
            index = await FOUND_ON.get(db) if page is not None else None
            found_on = index.for_article(row_id) if index is not None else None
            return {"nachlese_article": page, "nachlese_found_on": found_on}
        return {"nachlese_entity": await load_entity(db, row_id)}

    async def start_panel() -> dict[str, Any]:
        names = [database] if database else [name for name in datasette.databases if name != "_internal"]
        for name in names:
            db = datasette.get_database(name)
            if await is_nachlese_database(db):
                return {"nachlese_home": await load_home(db)}
        return {}

    if view_name == "row" and table in {"articles", "entities"}:
        return row_page
    if view_name in {"index", "database"}:
        return start_panel
    return None


def _link(datasette: Any, database: str, table: str, row_id: Any, text: Any) -> Markup:
    href = datasette.urls.row(database, table, str(row_id))
    return Markup('<a href="{}">{}</a>').format(href, text)


@hookimpl
def render_cell(  # noqa: PLR0917 - Datasette passes the hook's arguments by name, in its own order
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Markup | None:
    """Make article titles and ids, and entity names and ids, links to their pages in every table, view and query.

    Foreign keys of real tables are left to Datasette, which already links them to the row page.
    """
    if value in (None, "") or isinstance(value, dict) or row is None:
        return None
    try:
        keys = set(row.keys())
    except AttributeError:
        return None
    if table == "articles" and column == "published" and {"published_offset_minutes", "published_has_time"} <= keys:
        return Markup("{}").format(published_text(value, row["published_offset_minutes"], row["published_has_time"]))
    if table == "articles" and column == "title" and "id" in keys:
        return _link(datasette, database, "articles", row["id"], value)
    if table == "entities" and column == "canonical_name" and "id" in keys:
        return _link(datasette, database, "entities", row["id"], value)
    if table is not None and table not in VIEWS:
        return None
    for id_column, name_column in ARTICLE_ID_COLUMNS.items():
        if column in (id_column, name_column) and id_column in keys and row[id_column] is not None:
            return _link(datasette, database, "articles", row[id_column], value)
    for id_column, name_column in ENTITY_ID_COLUMNS.items():
        if column in (id_column, name_column) and id_column in keys and row[id_column] is not None:
            return _link(datasette, database, "entities", row[id_column], value)
    return None


def _error_info(exception: Exception) -> tuple[int, dict[str, Any], Any, str | None]:
    """Status, extra JSON fields, message and title of an error, as Datasette's own handler has them."""
    if isinstance(exception, Base400):
        return exception.status, {}, exception.args[0] if exception.args else "", None
    if isinstance(exception, DatasetteError):
        message = Markup(exception.message) if exception.message_is_html else exception.message
        return exception.status, dict(exception.error_dict), message, exception.title
    return 500, {}, str(exception), None


@hookimpl(tryfirst=True)
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Callable[[], Awaitable[Response]]:
    """The error page Datasette would show, logged as one line instead of printed as a traceback with locals.

    Datasette's own handler prints every exception, a 404 included, with rich (locals and all) when rich
    is installed. A client error (4xx) is one warning line; a server error also logs its traceback.
    """

    async def respond() -> Response:
        status, info, message, title = _error_info(exception)
        path = request.path if request is not None else "?"
        if status >= 500:
            logger.error("%s %s: %s: %s", status, path, type(exception).__name__, exception, exc_info=exception)
        else:
            logger.warning("%s %s: %s", status, path, message)
        info.update({"ok": False, "error": message, "status": status, "title": title})
        headers: dict[str, str] = {}
        if datasette.cors:
            add_cors_headers(headers)
        if path.split("?")[0].endswith(".json"):
            return Response.json(info, status=status, headers=headers)
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        body = await template.render_async(
            dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(), menu_links=lambda: []))
        return Response.html(body, status=status, headers=headers)

    return respond
