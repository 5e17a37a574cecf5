"""Serve the bundled demo legacy site (demo/site) over HTTP on localhost, standard library only."""

from __future__ import annotations

import argparse
import calendar
import hashlib
import re
import sys
import threading
from collections import Counter
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit

SITE_ROOT = Path(__file__).resolve().parent.parent / "demo" / "site"
# File mtimes are meaningless in a git clone: every static file claims this fixed date.
LAST_MODIFIED = "Mon, 30 Mar 2009 08:00:00 GMT"
DEFAULT_MONTH = "2008-01"
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]
TYPES = {".txt": "text/plain", ".gif": "image/gif", ".png": "image/png", ".css": "text/css",
         ".js": "application/x-javascript"}
NOT_FOUND = (b'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>404 Not Found</title>'
             b"</head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>\n")
_CHARSET = re.compile(rb"""charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

Resource = tuple[bytes, str, str | None]  # body, Content-Type, Last-Modified


def html_type(body: bytes) -> str:
    """text/html with the charset the page itself declares (none for empty or binary files)."""
    match = _CHARSET.search(body[:2048])
    return f"text/html; charset={match.group(1).decode('ascii').lower()}" if match else "text/html"


def static_file(root: Path, relative: str) -> Resource | None:
    """A file below root; templates (names starting with '_') and paths leaving root are not served."""
    parts = [p for p in relative.split("/") if p]
    if not parts or any(p.startswith((".", "_")) for p in parts):
        return None
    path = root.joinpath(*parts)
    if not path.is_file() or not path.resolve().is_relative_to(root.resolve()):
        return None
    body = path.read_bytes()
    ctype = html_type(body) if path.suffix in (".html", ".htm") else TYPES.get(path.suffix, "application/octet-stream")
    return body, ctype, LAST_MODIFIED


def article_name(query: dict[str, str]) -> str | None:
    """artikel.php?id=N[&lang=en][&seite=K][&druck=1] -> news/artikel-N[-en][-seiteK][-druck].html."""
    aid, seite = query.get("id", ""), query.get("seite", "1")
    if not aid.isdigit() or not seite.isdigit():
        return None
    druck = query.get("druck") == "1"
    return (f"news/artikel-{int(aid)}" + ("-en" if query.get("lang") == "en" else "")
            + (f"-seite{int(seite)}" if int(seite) > 1 and not druck else "") + ("-druck" if druck else "")
            + ".html")


def calendar_page(root: Path, monat: str) -> Resource | None:
    """The events calendar for any month YYYY-MM, with links to the previous and next month."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", monat)
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    events = {}
    for line in (root / "_vorlagen" / "termine.txt").read_text(encoding="iso-8859-1").splitlines():
        day, title, place = line.split("\t")
        if day.startswith(monat):
            events[int(day[8:10])] = f"{title}, {place}"
    rows = "".join(
        "<tr>" + "".join(f"<td align=\"right\">{'' if d == 0 else f'<b>{d}</b>' if d in events else d}</td>"
                         for d in week) + "</tr>\n"
        for week in calendar.Calendar().monthdayscalendar(year, month))
    items = "".join(f"{d:02d}.{month:02d}.{year}: {text}<br>\n" for d, text in sorted(events.items()))
    nav = []
    if (year, month) > (1, 1):
        prev = f"{year - (month == 1):04d}-{12 if month == 1 else month - 1:02d}"
        nav.append(f'<a href="/kalender.php?monat={prev}">&laquo; vorheriger Monat</a>')
    if (year, month) < (9999, 12):
        nxt = f"{year + (month == 12):04d}-{1 if month == 12 else month + 1:02d}"
        nav.append(f'<a href="/kalender.php?monat={nxt}">nächster Monat &raquo;</a>')
    label = f"{MONTHS[month - 1]} {year}"
    inner = ('<table border="1" cellpadding="3" cellspacing="0" width="100%"><tr>'
             + "".join(f"<th><font size=\"1\">{d}</font></th>" for d in ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"))
             + f"</tr>\n{rows}</table><br>\n<font face=\"Verdana, Arial\" size=\"2\"><b>Termine im {label}:</b><br>\n"
             + (items or "Für diesen Monat sind keine Termine eingetragen.<br>\n")
             + f'<br>{" | ".join(nav)}</font>')
    template = (root / "_vorlagen" / "kalender.html").read_bytes()
    body = template.replace(b"%%MONAT%%", label.encode("iso-8859-1")).replace(
        b"%%INHALT%%", inner.encode("iso-8859-1", "xmlcharrefreplace"))
    return body, "text/html; charset=iso-8859-1", None


def resolve(root: Path, target: str) -> Resource | None:
    """Map a request target (path and query, 2000s-CMS style) to a resource; unknown parameters are ignored."""
    parts = urlsplit(target)
    path = unquote(parts.path)
    query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    if path == "/news/artikel.php":
        name = article_name(query)
        return static_file(root, name) if name else None
    if path == "/news/archiv.php":
        seite = query.get("seite", "1")
        return static_file(root, f"news/archiv-{int(seite)}.html") if seite.isdigit() else None
    if path == "/kalender.php":
        return calendar_page(root, query.get("monat", DEFAULT_MONTH))
    if path.endswith(".php"):
        return None
    return static_file(root, path + "index.html" if path.endswith("/") else path)


def send_answer(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str], *,
                with_body: bool) -> None:
    """Send one answer: status, headers, a Content-Length (none on a 304) and the body when asked for."""
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    if status != 304:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if with_body and status != 304:
        handler.wfile.write(body)


class HitCounter:
    """Requests per path and query as sent, counted from the handler threads (tests check no URL is fetched twice)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hits: Counter[str] = Counter()

    def count(self, path: str) -> None:
        """One request for ``path``."""
        with self._lock:
            self._hits[path] += 1

    def snapshot(self) -> Counter[str]:
        """The requests so far (a copy)."""
        with self._lock:
            return Counter(self._hits)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], root: Path, verbose: bool) -> None:
        self.root, self.verbose = root, verbose
        self.hits = HitCounter()
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server_version = "Apache/1.3.41 (Unix) PHP/4.4.8"
    sys_version = ""
    server: _Server

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def _respond(self, *, with_body: bool) -> None:
        self.server.hits.count(self.path)
        found = resolve(self.server.root, self.path)
        if found is None:
            self._send(404, NOT_FOUND, {"Content-Type": "text/html; charset=iso-8859-1"}, with_body)
            return
        body, ctype, modified = found
        headers = {"Content-Type": ctype, "ETag": f'"{hashlib.sha1(body).hexdigest()[:24]}"'}
        if modified:
            headers["Last-Modified"] = modified
        if self._not_modified(headers["ETag"], modified):
            del headers["Content-Type"]
            self._send(304, b"", headers, False)
            return
        self._send(200, body, headers, with_body)

    def _not_modified(self, etag: str, modified: str | None) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
            return "*" in tags or etag in tags
        since = self.headers.get("If-Modified-Since")
        if since and modified:
            try:
                return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, status: int, body: bytes, headers: dict[str, str], with_body: bool) -> None:
        send_answer(self, status, body, headers, with_body=with_body)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class DemoServer:
    """The demo site served from a daemon thread; use as a context manager or call shutdown()."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, root: Path = SITE_ROOT, verbose: bool = False):
        self._httpd = _Server((host, port), root, verbose)
        self.host, self.port = host, int(self._httpd.server_address[1])
        self.url = f"http://{host}:{self.port}/"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="demo-site", daemon=True)
        self._thread.start()

    @property
    def hits(self) -> Counter[str]:
        """Requests answered so far, per path and query as sent (a copy)."""
        return self._httpd.hits.snapshot()

    def shutdown(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.shutdown()


def serve_demo_site(host: str = "127.0.0.1", port: int = 0, root: Path = SITE_ROOT,
                    verbose: bool = False) -> DemoServer:
    """Start serving demo/site (port 0: a free port) and return the running server."""
    return DemoServer(host, port, root, verbose)


def main(argv: list[str] | None = None) -> int:
    """`python -m nachlese.demo_server --port 8765`: serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m nachlese.demo_server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--root", type=Path, default=SITE_ROOT, help="site folder (default: demo/site)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    server = serve_demo_site(args.host, args.port, args.root, args.verbose)
    print(server.url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
