"""`nachlese serve`: browse and search an SQLite database in the web browser (Datasette, in-process)."""

from __future__ import annotations

import argparse
import errno
import logging
import socket
import sys
from pathlib import Path
from typing import Any

from nachlese.errors import UsageError

logger = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001  # Datasette's usual port


def sqlite_database_path(database_url: str) -> Path | None:
    """The existing file of an SQLite URL or path; None for PostgreSQL.

    Raises UsageError for an in-memory database or a file that does not exist (opening it would
    create an empty one).
    """
    from db.engine import parse_url  # noqa: PLC0415

    url = parse_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise UsageError(f"{database_url} is not an SQLite file: give the path of a database file")
    path = Path(url.database).expanduser()
    if not path.is_file():
        raise UsageError(f"no SQLite database at {path}: crawl into it first (nachlese crawl URL --db {path})")
    return path


def check_schema(database_url: str) -> None:
    """Refuse (DatabaseError) a database that is not at this nachlese's schema revision."""
    from db.engine import make_engine  # noqa: PLC0415
    from db.schema import check_current  # noqa: PLC0415

    engine = make_engine(database_url, readonly=True)
    try:
        check_current(engine)
    finally:
        engine.dispose()


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (port 0: any free port); UsageError when that is impossible."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        in_use = exc.errno == errno.EADDRINUSE
        reason = "the port is in use (choose another with --port)" if in_use else exc.strerror or str(exc)
        raise UsageError(f"cannot listen on {host}:{port}: {reason}") from None
    return sock


#: Datasette's default error handler: it prints every exception, a 404 included, as a rich traceback with
#: locals. Datasette awaits every handler, so the plugin's quiet one (same page, one log line) replaces it.
DATASETTE_ERROR_HANDLER = "datasette.handle_exception"


def _register_plugin() -> None:
    """Give Datasette the `nachlese.datasette` package as a plugin: its hooks, templates/ and static/."""
    from datasette.plugins import pm  # noqa: PLC0415

    import nachlese.datasette as plugin  # noqa: PLC0415

    if not pm.is_registered(plugin):
        pm.register(plugin, name="nachlese")
    if not pm.is_blocked(DATASETTE_ERROR_HANDLER):
        pm.set_blocked(DATASETTE_ERROR_HANDLER)


def handle(args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415
    from datasette.app import Datasette  # noqa: PLC0415

    from nachlese.datasette.metadata import SETTINGS, build_metadata  # noqa: PLC0415

    path = sqlite_database_path(args.db)
    if path is None:
        from db.engine import parse_url  # noqa: PLC0415

        shown = parse_url(args.db).render_as_string(hide_password=True)
        raise UsageError(
            f"the web view (Datasette) reads SQLite files only, and {shown} is PostgreSQL. Use "
            "`nachlese report --db URL report.html` for charts and `nachlese search`/`stats`/`entities` on "
            "PostgreSQL, or crawl into an SQLite file (--db archive.sqlite) to browse it with `nachlese serve`"
        )
    check_schema(args.db)
    name = path.stem
    _register_plugin()  # before Datasette() is made: it reads the plugins' template folders then
    datasette = Datasette([str(path)], metadata=build_metadata(name), settings=SETTINGS)
    sock = listen(args.host, args.port)
    host, port = sock.getsockname()[:2]
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{port}{datasette.urls.database(name)}"
    print(f"Serving {path} at {url}", flush=True)
    print("Press Ctrl-C to stop.", file=sys.stderr, flush=True)
    if host not in {"127.0.0.1", "::1", "localhost"}:
        logger.warning("listening on %s: anyone who can reach this address can read the database", host)
    # uvicorn logs at the level of the global --log-level (its access log only at INFO and below)
    config = uvicorn.Config(datasette.app(), log_level=logging.getLogger().getEffectiveLevel(), lifespan="on")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shuts down gracefully, then re-raises the signal it caught
        pass
    finally:
        sock.close()
    print("nachlese serve: stopped", file=sys.stderr)
    return 0


def register(commands: Any) -> None:
    """Add the `serve` subcommand."""
    parser = commands.add_parser(
        "serve", help="browse and search an SQLite database in the web browser (Datasette)",
        description="Serve the database with Datasette: tables, views, full-text search and canned queries. "
        "SQLite only.",
    )
    parser.add_argument("--db", required=True, help="SQLite database URL or path")
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on, 0 for any free port (default: {DEFAULT_PORT})")
    parser.set_defaults(handler=handle)
