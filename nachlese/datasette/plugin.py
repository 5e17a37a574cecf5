"""Datasette plugin: the SQL function `nachlese_match(query)`, nachlese search syntax -> FTS5 MATCH."""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

from db.errors import SearchQueryError
from db.query_syntax import parse, to_fts5

#: Name of the SQL function the canned search query calls.
MATCH_FUNCTION = "nachlese_match"
#: An FTS5 expression that is valid and matches nothing (empty form, query without words).
MATCH_NOTHING = '""'


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


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Register `nachlese_match` on every connection Datasette opens."""
    conn.create_function(MATCH_FUNCTION, 1, fts_match, deterministic=True)
