"""Checks before a crawl fetches anything: start URLs well-formed and answering, models installed, database usable."""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from nachlese.errors import CommandFailed, ExitCode, UsageError

#: Seconds a start URL's server gets to accept a TCP connection in the pre-crawl check.
CONNECT_TIMEOUT_S = 10.0


def check_start_urls(urls: Sequence[str]) -> None:
    """Every start URL is an absolute http(s) URL with a host; raise UsageError naming the first that is not."""
    for url in urls:
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError as exc:
            raise UsageError(f"start URL {url!r} is malformed: {exc}") from None
        if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
            hint = f" (did you mean http://{url.strip()}?)" if "." in url and "://" not in url else ""
            raise UsageError(f"start URL {url!r} is not an http:// or https:// URL with a host{hint}")
        if port == 0:
            raise UsageError(f"start URL {url!r} has port 0")


def _proxied(scheme: str) -> bool:
    """Whether requests of this scheme go through a proxy from the environment (then we cannot probe directly)."""
    names = (f"{scheme}_proxy", f"{scheme.upper()}_PROXY", "all_proxy", "ALL_PROXY")
    return any(os.environ.get(name) for name in names)


def unreachable_hosts(urls: Sequence[str], timeout: float = CONNECT_TIMEOUT_S) -> dict[str, str]:
    """Start URLs whose server does not accept a TCP connection (or whose host has no address), with why.

    Only a connection is opened and closed, no request is sent: robots.txt and throttling start with the crawl.
    """
    failed: dict[str, str] = {}
    checked: dict[tuple[str, int], str | None] = {}
    for url in urls:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if _proxied(scheme):
            continue
        host = parts.hostname or ""
        address = (host, parts.port or (443 if scheme == "https" else 80))
        if address not in checked:
            checked[address] = _connect_error(address, timeout)
        if (error := checked[address]) is not None:
            failed[url] = error
    return failed


def _connect_error(address: tuple[str, int], timeout: float) -> str | None:
    try:
        with socket.create_connection(address, timeout=timeout):
            return None
    except socket.gaierror as exc:
        return f"host {address[0]} not found ({exc.strerror})"
    except TimeoutError:
        return f"no answer from {address[0]}:{address[1]} within {timeout:g} s"
    except OSError as exc:
        return f"{address[0]}:{address[1]}: {exc.strerror or exc}"


def check_reachable(urls: Sequence[str]) -> dict[str, str]:
    """Fail (exit 3) when no start URL's server answers; return the ones that do not (the crawl goes on)."""
    failed = unreachable_hosts(urls)
    if failed and len(failed) == len(urls):
        raise CommandFailed("no start URL reachable: " + "; ".join(f"{url} ({why})" for url, why in failed.items()),
                            ExitCode.START_UNREACHABLE)
    return failed


def check_models(models: Mapping[str, str]) -> None:
    """Every NER pipeline is installed (without loading it); raise ModelNotAvailableError otherwise."""
    from extract.entities import ModelNotAvailableError, model_available  # noqa: PLC0415

    for language, name in models.items():
        if not model_available(name):
            raise ModelNotAvailableError(
                f"spaCy pipeline {name!r} for {language!r} is not installed: install it (make setup), "
                f"choose another with --ner-model {language}=PACKAGE, or crawl with --no-entities")


def new_sqlite_files(database_url: str) -> list[Path]:
    """The files an SQLite database at this URL would create, when it does not exist yet (else none)."""
    from db.engine import parse_url  # noqa: PLC0415

    url = parse_url(database_url)
    name = url.database or ""
    if url.get_backend_name() != "sqlite" or name in {"", ":memory:"} or name.startswith("file:"):
        return []
    path = Path(name)
    if path.exists():
        return []
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def check_database(database_url: str) -> None:
    """The database can be reached and written, and its schema created or upgraded; raise DatabaseError."""
    from db.engine import make_engine  # noqa: PLC0415
    from db.schema import upgrade  # noqa: PLC0415

    engine = make_engine(database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
