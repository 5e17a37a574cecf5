"""Exit codes, and which exceptions are the user's to fix (bad input, missing service) rather than bugs."""

from __future__ import annotations

import enum

from db.errors import DatabaseError, SearchQueryError
from db.locks import CrawlLockedError
from extract.entities import ModelNotAvailableError


class ExitCode(enum.IntEnum):
    """What a `nachlese` command's exit status means (README "Exit codes", docs/scheduling.md)."""

    OK = 0  # the job was done: a crawl ran and reached every start URL
    PARTIAL = 1  # it ran, but some of its input failed (pages with --fail-on-errors, extract lines) or was empty
    CANNOT_START = 2  # usage or environment error found before any work: bad argument or URL, missing model,
    # database unreachable or not upgradable, crawl lock held, output not writable
    START_UNREACHABLE = 3  # the crawl ran, but a start URL could not be fetched (none: nothing was crawled)
    INTERNAL = 70  # a bug in nachlese (EX_SOFTWARE); `--debug` shows the traceback
    INTERRUPTED = 130  # stopped by SIGINT (Ctrl-C) or SIGTERM; pages stored so far are kept (--resume continues)


class UsageError(Exception):
    """Bad command-line input that argparse cannot catch (an existing output folder, a malformed URL, ...)."""


class CommandFailed(Exception):  # noqa: N818 - it is the outcome "the command failed", not a programming error
    """The command ran but its job was not (fully) done; shown as one line with its own exit code."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.code = code


#: Shown as one line `nachlese COMMAND: error: ...` with exit status 2, never as a traceback.
USER_ERRORS: tuple[type[BaseException], ...] = (
    UsageError,
    OSError,  # files and folders that are missing, read-only, full or of the wrong kind
    DatabaseError,
    SearchQueryError,
    CrawlLockedError,
    ModelNotAvailableError,
)
