"""The bundled demo legacy site: the server's behaviour, and demo/truth.json agreeing with the served bytes."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pytest

from nachlese.demo_server import MONTHS, DemoServer, serve_demo_site

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"
TRUTH: list[dict[str, Any]] = json.loads((DEMO / "truth.json").read_text(encoding="utf-8"))
BY_PATH = {entry["path"]: entry for entry in TRUTH}
ARTICLES = [e for e in TRUTH if e["kind"] == "article"]
PRINTS = [e for e in TRUTH if e["kind"] == "print"]
DECODABLE = [e for e in TRUTH if e["status"] == 200 and e["encoding"]]
BOILERPLATE = {"de": ["Aktuelle Meldungen", "Die Region hat sich hervorragend entwickelt", "Startseite",
                      "Letzte Aktualisierung: 02.01.2008", "Deutsch | English"],
               "en": ["Latest news", "Die Region hat sich hervorragend entwickelt", "English | Deutsch",
                      "Letzte Aktualisierung: 02.01.2008"]}


def ids(entries: list[dict[str, Any]]) -> list[str]:
    return [e["path"] for e in entries]


@pytest.fixture(scope="module")
def site() -> Iterator[DemoServer]:
    with serve_demo_site() as server:
        yield server


def fetch(server: DemoServer, path: str, headers: dict[str, str] | None = None,
          method: str = "GET") -> tuple[int, Message, bytes]:
    request = urllib.request.Request(server.url.rstrip("/") + path, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def squash(text: str) -> str:
    return " ".join(text.split())


def visible(body: bytes, encoding: str) -> str:
    """The page's text as a reader sees it: decoded, without script, tags and entities, whitespace squashed."""
    text = body.decode(encoding)
    text = re.sub(r"(?is)<(head|script|style)\b.*?</\1>", " ", text)
    return squash(html.unescape(re.sub(r"<[^>]*>", " ", text)))


def page_text(server: DemoServer, entry: dict[str, Any]) -> str:
    """Visible text of an entry's page(s): a multi-page article is read across all its pages."""
    texts = []
    for path in entry.get("pages", [entry["path"]]):
        status, _, body = fetch(server, path)
        assert status == 200, path
        texts.append(visible(body, entry["encoding"]))
    return " ".join(texts)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def internal_links(server: DemoServer, path: str, body: bytes, encoding: str) -> set[str]:
    """Same-site links of a page as path?query (fragments dropped, javascript:/mailto: ignored)."""
    parser = _Links()
    parser.feed(body.decode(encoding))
    host = urlsplit(server.url).netloc
    found = set()
    for href in parser.hrefs:
        parts = urlsplit(urljoin(server.url.rstrip("/") + path, href))
        if parts.scheme == "http" and parts.netloc == host:
            found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_robots_txt_disallows_intern(site: DemoServer) -> None:
    status, headers, body = fetch(site, "/robots.txt")
    assert status == 200 and headers["Content-Type"] == "text/plain"
    robots = RobotFileParser()
    robots.parse(body.decode("ascii").splitlines())
    assert not robots.can_fetch("nachlese", site.url + "intern/index.html")
    assert robots.can_fetch("nachlese", site.url + "news/artikel.php?id=7")
    blocked = [e["path"] for e in TRUTH if e["kind"] == "blocked"]
    assert blocked and all(not robots.can_fetch("nachlese", site.url + p.lstrip("/")) for p in blocked)
    assert all(robots.can_fetch("nachlese", site.url + e["path"].lstrip("/")) for e in TRUTH if e["kind"] != "blocked")


@pytest.mark.parametrize("entry", TRUTH, ids=ids(TRUTH))
def test_truth_url_served_as_declared(site: DemoServer, entry: dict[str, Any]) -> None:
    status, headers, body = fetch(site, entry["path"])
    assert status == entry["status"]
    if status != 200:
        return
    assert headers["Content-Type"] == entry["content_type"]
    assert re.fullmatch(r'"[0-9a-f]+"', headers["ETag"])
    assert int(headers["Content-Length"]) == len(body)
    if not entry.get("infinite"):
        assert headers["Last-Modified"] == "Mon, 30 Mar 2009 08:00:00 GMT"
    if entry["kind"] == "blocked":
        assert "INTERN-VERTRAULICH" in visible(body, entry["encoding"])


@pytest.mark.parametrize("entry", DECODABLE, ids=ids(DECODABLE))
def test_pages_declare_latin1_and_decode(site: DemoServer, entry: dict[str, Any]) -> None:
    _, _, body = fetch(site, entry["path"])
    assert re.search(rb'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', body, re.I)
    body.decode(entry["encoding"])  # strict
    if entry["encoding"] == "iso-8859-1" and entry["kind"] != "bad":
        # real Latin-1 text: no C1 control bytes (cp1252 punctuation), umlauts as single bytes
        assert not re.search(rb"[\x80-\x9f]", body)
        if entry.get("language") == "de" and entry["kind"] in ("article", "print"):
            assert re.search(rb"[\xe4\xf6\xfc\xdf\xc4\xd6\xdc]", body)


def test_cp1252_page_has_windows_bytes(site: DemoServer) -> None:
    (entry,) = [e for e in ARTICLES if e["encoding"] == "cp1252" and e["path"] == e["canonical"]]
    status, headers, body = fetch(site, entry["path"])
    assert status == 200 and headers["Content-Type"] == "text/html; charset=iso-8859-1"
    for byte in (b"\x84", b"\x93", b"\x96", b"\x80"):  # „ “ – €
        assert byte in body
    assert "„Wir müssen jetzt handeln“" in body.decode("cp1252")


def test_utf8_page_declared_latin1(site: DemoServer) -> None:
    (entry,) = [e for e in ARTICLES if e["encoding"] == "utf-8"]
    _, headers, body = fetch(site, entry["path"])
    assert headers["Content-Type"] == "text/html; charset=iso-8859-1"
    text = body.decode("utf-8")
    assert "Über Größe" in text and b"\xc3\x9c" in body
    assert "Ã" not in visible(body, "utf-8") and "Ã" in visible(body, "iso-8859-1")


def test_bad_pages(site: DemoServer) -> None:
    assert fetch(site, "/alt/archiv-2005.html")[2] == b""
    body = fetch(site, "/alt/logo-druckvorlage.html")[2]
    assert body.startswith(b"\x89PNG\r\n\x1a\n") and b"\x00" in body
    broken = fetch(site, "/alt/anfahrt.html")[2]
    assert b"\x00" in broken and b"</html>" not in broken and b"Warning" in broken
    assert all(e["expect"].startswith(("failed", "skip")) for e in TRUTH if e["kind"] == "bad")


def shift(monat: str, months: int) -> str:
    """YYYY-MM moved by a number of months."""
    n = int(monat[:4]) * 12 + int(monat[5:]) - 1 + months
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def month_label(monat: str) -> str:
    return f"{MONTHS[int(monat[5:]) - 1]} {int(monat[:4])}"


@pytest.mark.parametrize("monat", ["2007-11", "1999-02", "2031-12", "0001-01", "9999-12"])
def test_calendar_any_month(site: DemoServer, monat: str) -> None:
    status, headers, body = fetch(site, f"/kalender.php?monat={monat}")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=iso-8859-1"
    assert f"Veranstaltungskalender {month_label(monat)}" in visible(body, "iso-8859-1")
    links = internal_links(site, "/kalender.php", body, "iso-8859-1")
    assert (f"/kalender.php?monat={shift(monat, -1)}" in links) == (monat != "0001-01")
    assert (f"/kalender.php?monat={shift(monat, 1)}" in links) == (monat != "9999-12")


def test_calendar_is_an_endless_chain(site: DemoServer) -> None:
    monat = "2007-11"
    for _ in range(30):
        status, _, body = fetch(site, f"/kalender.php?monat={monat}")
        assert status == 200 and f"Veranstaltungskalender {month_label(monat)}" in visible(body, "iso-8859-1")
        assert f"/kalender.php?monat={shift(monat, 1)}" in internal_links(site, "/", body, "iso-8859-1")
        monat = shift(monat, 1)
    assert monat == "2010-05"
    april = visible(fetch(site, "/kalender.php?monat=2008-04")[2], "iso-8859-1")
    assert "16.04.2008: Fachmesse Nordwest-Technik (bis 18.04.), Papenburg" in april
    assert "keine Termine" in visible(fetch(site, "/kalender.php?monat=1999-02")[2], "iso-8859-1")
    assert fetch(site, "/kalender.php")[2] == fetch(site, "/kalender.php?monat=2008-01")[2]
    for bad in ("2007-13", "2007-1", "abc", "0000-05"):
        assert fetch(site, f"/kalender.php?monat={bad}")[0] == 404


def test_conditional_requests(site: DemoServer) -> None:
    path = "/news/artikel.php?id=7"
    _, headers, body = fetch(site, path)
    etag, modified = headers["ETag"], headers["Last-Modified"]
    status, headers304, body304 = fetch(site, path, {"If-None-Match": etag})
    assert (status, body304, headers304["ETag"]) == (304, b"", etag)
    assert fetch(site, path, {"If-None-Match": f'"other", W/{etag}'})[0] == 304
    assert fetch(site, path, {"If-Modified-Since": modified})[0] == 304
    assert fetch(site, path, {"If-Modified-Since": "Fri, 23 Nov 2007 10:00:00 GMT"})[0] == 200
    assert fetch(site, path, {"If-None-Match": '"other"', "If-Modified-Since": modified})[0] == 200
    assert fetch(site, path, {"If-Modified-Since": "garbage"})[0] == 200
    calendar_etag = fetch(site, "/kalender.php?monat=2007-11")[1]["ETag"]
    assert fetch(site, "/kalender.php?monat=2007-11", {"If-None-Match": calendar_etag})[0] == 304
    status, head_headers, head_body = fetch(site, path, method="HEAD")
    assert (status, head_body, int(head_headers["Content-Length"])) == (200, b"", len(body))


def test_variant_urls_return_the_same_bytes(site: DemoServer) -> None:
    variants = [e for e in ARTICLES if e["path"] != e["canonical"] and "seite=" not in e["path"]]
    assert any("PHPSESSID=" in e["path"] for e in variants) and any("utm_" in e["path"] for e in variants)
    for entry in variants:
        assert fetch(site, entry["path"])[2] == fetch(site, entry["canonical"])[2], entry["path"]
    same = fetch(site, "/news/artikel.php?id=3")[2]
    assert fetch(site, "/news/artikel.php?PHPSESSID=0123456789abcdef0123456789abcdef&id=3&utm_source=x")[2] == same


@pytest.mark.parametrize("path", ["/nix.html", "/news/artikel.php?id=999", "/news/artikel.php", "/news/foo.php",
                                  "/news/artikel.php?id=7&lang=en&seite=2", "/_vorlagen/kalender.html",
                                  "/%2e%2e/pyproject.toml", "/news/archiv.php?seite=9", "/intern/../../README.md"])
def test_unknown_urls_are_404(site: DemoServer, path: str) -> None:
    assert fetch(site, path)[0] == 404


@pytest.mark.parametrize("entry", ARTICLES, ids=ids(ARTICLES))
def test_article_truth_matches_served_page(site: DemoServer, entry: dict[str, Any]) -> None:
    text = page_text(site, entry)
    assert squash(entry["title"]) in text
    assert squash(entry["lead"]) in text
    assert squash(entry["published_raw"]) in text
    for snippet in entry.get("text_must_contain", []) + entry.get("text", "").split("\n"):
        assert squash(snippet) in text, snippet
    for author in entry["authors"]:
        assert author in text
    if entry.get("category"):
        assert f": {entry['category']}" in text
    for boilerplate in BOILERPLATE[entry["language"]]:
        assert boilerplate in text
    record = f"{entry['title']}\n{entry['lead']}\n{entry.get('text', '')}"
    for snippet in entry["must_not_contain"]:
        assert snippet not in record
    for entity in entry.get("entities", []):
        assert entity["label"] in ("PER", "ORG", "LOC") and entity["text"] in record
    first = fetch(site, entry.get("pages", [entry["path"]])[0])[2]
    assert visible(first, entry["encoding"]).count(squash(entry["lead"])) == 2, "lead: teaser + first paragraph"
    canonical_tag = f'<link rel="canonical" href="{html.escape(entry["canonical"])}">'.encode()
    assert (canonical_tag in first) == entry["has_canonical_link"]
    for language, path in entry["translations"].items():
        other = BY_PATH[path]
        assert other["language"] == language and other["translations"] == {entry["language"]: entry["canonical"]}
        assert html.escape(path).encode() in first


@pytest.mark.parametrize("entry", PRINTS, ids=ids(PRINTS))
def test_print_page_truth(site: DemoServer, entry: dict[str, Any]) -> None:
    body = fetch(site, entry["path"])[2]
    text = visible(body, entry["encoding"])
    article = BY_PATH[entry["canonical"]]
    assert article["kind"] == "article" and article["title"] == entry["title"]
    assert squash(entry["title"]) in text and text.count(squash(entry["lead"])) == 1
    for snippet in entry["text_must_contain"] + article["text"].split("\n"):
        assert squash(snippet) in text
    assert b'rel="canonical"' not in body
    for boilerplate in ("Aktuelle Meldungen", "Latest news", "Die Region hat sich", "Startseite", "Letzte Aktual"):
        assert boilerplate not in text
    assert all(s in text for s in entry["must_not_contain"])


def test_truth_lists_every_reachable_url(site: DemoServer) -> None:
    """Following every link from / reaches exactly the truth URLs (plus the calendar's endless months)."""
    linked: set[str] = set()
    for entry in DECODABLE:
        if entry["kind"] != "blocked" and not entry.get("infinite"):
            linked |= internal_links(site, entry["path"], fetch(site, entry["path"])[2], entry["encoding"])
    linked = {u for u in linked if not u.startswith("/kalender.php") or u == "/kalender.php?monat=2008-01"}
    assert linked == set(BY_PATH) - {"/"}
    assert len(TRUTH) == len(BY_PATH), "duplicate truth paths"
    distinct = {e["canonical"] for e in ARTICLES}
    assert len(distinct) >= 14 + 4 and all(BY_PATH[c]["kind"] == "article" for c in distinct)
    assert sum(BY_PATH[c]["language"] == "en" for c in distinct) >= 4


def test_server_is_quiet(site: DemoServer, capfd: pytest.CaptureFixture[str]) -> None:
    fetch(site, "/")
    fetch(site, "/nix.html")
    assert capfd.readouterr().err == ""


def test_command_line_serves_until_stopped() -> None:
    process = subprocess.Popen([sys.executable, "-m", "nachlese.demo_server", "--port", "0"],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        with urllib.request.urlopen(url + "robots.txt", timeout=10) as response:
            assert b"Disallow: /intern/" in response.read()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_committed_site_matches_generator(tmp_path: Path) -> None:
    """demo/site and demo/truth.json are exactly what demo/build_site.py writes from demo/content.py."""
    from demo.build_site import build  # noqa: PLC0415 - the generator is only needed here

    build(tmp_path)

    def tree(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert tree(tmp_path / "site") == tree(DEMO / "site"), "run: python -m demo.build_site"
    assert (tmp_path / "truth.json").read_bytes() == (DEMO / "truth.json").read_bytes()
