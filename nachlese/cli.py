"""The `nachlese` command line: one subcommand per job, each implemented in nachlese.commands."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(prog="nachlese", description=__doc__)
    parser.add_argument("--log-level", default="WARNING", help="Python log level (default: WARNING)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (crawl, demo, extract_batch, export, redirects, ingest, database, analysis, reprocess, site_names,
                   serve, report):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        result = args.handler(args)
    except KeyboardInterrupt:
        print("nachlese: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if _is_user_error(exc):
            print(f"nachlese {args.command}: error: {exc}", file=sys.stderr)
            return 2
        raise
    return int(result or 0)


def _is_user_error(exc: Exception) -> bool:
    """Errors that describe bad input or environment, not bugs: shown as one clear line."""
    from nachlese.errors import USER_ERRORS  # noqa: PLC0415

    return isinstance(exc, USER_ERRORS)


if __name__ == "__main__":
    sys.exit(main())
