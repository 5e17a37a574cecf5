"""Which exceptions are the user's to fix (bad input, missing service) rather than bugs."""

from __future__ import annotations


class UsageError(Exception):
    """Bad command-line input that argparse cannot catch (an existing output folder, ...)."""


def _user_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [UsageError, FileNotFoundError, PermissionError, IsADirectoryError]
    try:
        from db.engine import DatabaseError  # noqa: PLC0415

        errors.append(DatabaseError)
    except ImportError:
        pass
    try:
        from db.search import SearchQueryError  # noqa: PLC0415

        errors.append(SearchQueryError)
    except ImportError:
        pass
    from extract.entities import ModelNotAvailable  # noqa: PLC0415

    errors.append(ModelNotAvailable)
    return tuple(errors)


USER_ERRORS = _user_errors()
