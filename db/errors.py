"""Errors of the database layer, each with a message meant for a person (never a password)."""

from __future__ import annotations


class DatabaseError(Exception):
    """Base class: something is wrong with the database or how it was named."""


class DatabaseURLError(DatabaseError):
    """The database URL or path is malformed or names an unknown driver."""


class DatabaseUnavailableError(DatabaseError):
    """The database server cannot be reached, or refuses us."""


class DatabaseReadOnlyError(DatabaseError):
    """The database (file) cannot be written."""


class DatabaseLockedError(DatabaseError):
    """Another process holds the write lock longer than we are willing to wait."""


class SchemaError(DatabaseError):
    """The database schema does not fit this version of nachlese."""


class SchemaTooNewError(SchemaError):
    """The database was written by a newer nachlese (its schema revision is unknown here)."""


class SchemaOutdatedError(SchemaError):
    """The database schema is older than this nachlese: run ``nachlese db upgrade``."""


class SearchQueryError(ValueError):
    """A full-text search query that cannot be understood; the message says why."""
