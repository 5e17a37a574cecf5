"""The `nachlese` command line: one subcommand per job, each implemented in nachlese.commands."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from nachlese.commands import (
    analysis,
    crawl,
    database,
    demo,
    export,
    extract_batch,
    ingest,
    redirects,
    report,
    reprocess,
    serve,
    site_names,
)
from nachlese.errors import USER_ERRORS, CommandFailed, ExitCode

#: Exit status when stdout was closed early (`nachlese entities ... | head -1`): 128 + SIGPIPE, as a shell has it.
BROKEN_PIPE_EXIT = 141


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (`nachlese crawl: error: ...`) and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.CANNOT_START, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = OneLineParser(prog="nachlese", description=__doc__)
    parser.add_argument("--version", action="version", version=f"nachlese {_version()}")
    _add_global_options(parser, None)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (crawl, demo, extract_batch, export, redirects, ingest, database, analysis, reprocess, site_names,
                   serve, report):
        module.register(commands)
    for subparser in _all_subparsers(parser):
        _add_global_options(subparser, argparse.SUPPRESS)  # `nachlese crawl URL --debug` works too
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("nachlese")
    except PackageNotFoundError:
        return "(not installed)"


def _add_global_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--log-level", default="WARNING" if default is None else default,
                        help="Python log level (default: WARNING)")
    parser.add_argument("--debug", action="store_true", default=False if default is None else default,
                        help="show the traceback of an error (and keep third-party loggers at the log level)")


def _all_subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found: list[argparse.ArgumentParser] = []
    for action in parser._actions:  # argparse has no public way to list subparsers
        if isinstance(action, argparse._SubParsersAction):
            for subparser in dict.fromkeys(action.choices.values()):
                found.append(subparser)
                found += _all_subparsers(subparser)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script: runs the command, turns its errors into one line and an exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    level = str(args.log_level).upper()
    if not isinstance(logging.getLevelName(level), int):
        parser.error(f"--log-level: unknown level {args.log_level!r} (DEBUG, INFO, WARNING, ERROR)")
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not args.debug:
        from crawler.logs import quiet_loggers  # noqa: PLC0415
        from crawler.settings import NACHLESE_QUIET_LOGGERS  # noqa: PLC0415

        quiet_loggers(NACHLESE_QUIET_LOGGERS, level)
    name = " ".join(part for part in ("nachlese", args.command, getattr(args, "db_command", None)) if part)
    try:
        result = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
    except KeyboardInterrupt:
        _show_traceback(args)
        print(f"{name}: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # the reader (head, less) has all it wants; Python would complain again when flushing at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE_EXIT
    except CommandFailed as exc:
        _show_traceback(args)
        print(f"{name}: error: {exc}", file=sys.stderr)
        return exc.code
    except USER_ERRORS as exc:
        _show_traceback(args)
        print(f"{name}: error: {_one_line(exc)}", file=sys.stderr)
        return ExitCode.CANNOT_START
    except Exception as exc:
        _show_traceback(args)
        hint = "" if args.debug else "; rerun with --debug for the traceback"
        print(f"{name}: internal error: {type(exc).__name__}: {_one_line(exc)}{hint}", file=sys.stderr)
        return ExitCode.INTERNAL
    return int(result or 0)


def _show_traceback(args: argparse.Namespace) -> None:
    if getattr(args, "debug", False):
        traceback.print_exc()


def _one_line(exc: BaseException) -> str:
    """The exception's message on one line (multi-line driver messages are joined)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        text = f"{exc.filename}: {exc.strerror}"
    return text


if __name__ == "__main__":
    sys.exit(main())
