"""Which exceptions are the user's to fix (bad input, missing service) rather than bugs."""

from __future__ import annotations

from db.errors import DatabaseError, SearchQueryError
from db.locks import CrawlLockedError
from extract.entities import ModelNotAvailableError


class UsageError(Exception):
    """Bad command-line input that argparse cannot catch (an existing output folder, ...)."""


#: Shown as one line `nachlese COMMAND: error: ...` with exit status 2, never as a traceback.
USER_ERRORS: tuple[type[BaseException], ...] = (
    UsageError,
    FileNotFoundError,
    PermissionError,
    IsADirectoryError,
    NotADirectoryError,
    DatabaseError,
    SearchQueryError,
    CrawlLockedError,
    ModelNotAvailableError,
)
