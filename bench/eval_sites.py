"""Crawl the real legacy sites of shared/data/sites with the product and score the stored news items.

Usage: python -m bench.eval_sites [--sites skg,lasv] [--no-entities] [--keep DIR] [--json OUT]

For each site, ``site/`` is served on 127.0.0.1 (an ephemeral port, at ``/``) by the standard library's
HTTP server, and crawled by ``nachlese crawl`` (the command line, in a subprocess: Scrapy's reactor runs
once per process) into a fresh SQLite database. Start URLs are the site's start path plus, where the
site's ABOUT.md says a user would have to pass more (pages linked from nowhere), those: they are
printed. The stored article records are then read back and compared with ``gold.json``.

Definitions (``norm`` = NFKC, case-folded, every non-alphanumeric character removed, so whitespace,
punctuation and quote styles do not matter; a record's text = title + lead + text):

- a record *matches* a gold item when norm(record text) contains norm(gold first_sentence);
- **found** (recall): gold items matched by at least one record;
- **merged**: found gold items whose best record also matches another gold item (one record, 2+ items);
- **dups**: records beyond the first that match the same gold item (an item stored twice);
- **precision**: of the records that touch gold items (contain a gold first sentence, or the last sentence
  of a gold item of a page the record was seen on), those
  that match exactly one gold item; a record holding two items, or a piece of an item without its first
  sentence, is not a real item. Records on gold pages that touch no gold item are counted as ``other``
  (the gold lists only some items of a page, so they are not scored);
- for each found item its *best record* is the matching record with the fewest other gold items, then
  the shortest text; on it:
  - **title**: whitespace-normalised record title equals the gold title exactly (case kept);
  - **date**: the gold date is a day: the record's date (day precision) equals it; the gold date is
    null: the record has no day-precision date (null, or a month/year date). **invented** counts
    records that give a day where the gold has none;
  - **last**: norm(record text) contains norm(gold last_sentence);
  - **entities**: the record's mentions (label, text) against the gold names (people PER,
    organisations ORG, places LOC), as sets per item, micro-averaged; the gold is best effort;
- **leaks**: article records of the site whose stored text contains a gold ``boilerplate`` string (strings
  that also occur in the gold items' titles, sentences or names are content, not counted);
- **non-news**: article records whose page is one of the site's non-news pages (menus, banners,
  listings, galleries, data tables, as named by ABOUT.md and the gold's boilerplate pages).
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import create_engine, inspect, text

SITES_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "sites"
DEFAULT_SITES_DIR = Path("/work/shared/data/sites")


@dataclass(frozen=True)
class SitePlan:
    """How a user would crawl one site: its start path, what ABOUT.md says to pass, its non-news pages."""

    start: str
    extra_starts: tuple[str, ...] = ()
    extra_reason: str = ""
    host_aliases: tuple[str, ...] = ()  # old host names whose absolute links mean this site
    non_news: tuple[str, ...] = ()  # glob patterns of page paths that are no news article


# What each site's ABOUT.md says a user has to do, and the pages it names as no news.
PLANS: dict[str, SitePlan] = {
    "skg": SitePlan(
        start="index.htm",
        extra_starts=(
            "saarn-ligenspiele/saarn-erste-mannschaft/archiv/",
            "saarn-ligenspiele/saarn-zweite-mannschaft/archiv/",
            "saarn-ligenspiele/saarn-dritte-mannschaft/archiv/",
            "bw-ligenspiele/bw-erste-mannschaft/archiv/",
            "bw-ligenspiele/bw-zweite-mannschaft/archiv/",
            "bw-ligenspiele/bw-dritte-mannschaft/archiv/",
            "rw-ligenspiele/rw-dritte-mannschaft/archiv/",
        ),
        extra_reason="the yearly archive pages are orphans: ABOUT.md says to seed them or read the "
                     "server's directory listings, so the archive folders are passed",
        non_news=("navigator-neu.htm", "navigator-links.htm", "banner.htm", "impressum.htm", "anfahrt.htm",
                  "routenplaner.htm", "kegelzentrum.htm", "icons.htm", "*/", ""),
    ),
    "southcerney": SitePlan(
        start="index.htm",
        extra_starts=("water_park_future.htm",),
        extra_reason="water_park_future.htm is linked from nowhere (ABOUT.md: seed it)",
        host_aliases=("www.southcerney.org.uk", "www.southcerney.com"),
        non_news=("side_panel.htm", "top_panel.htm", "main_panel.htm", "cerney_news.htm", "index.htm",
                  "indexb.htm", "sc_map/*", "aerials/*", "pictures.htm", "scmap.htm"),
    ),
    "ltg-prien": SitePlan(
        start="index.htm",
        extra_starts=tuple(f"{year:02d}/{year:02d}_mbr.htm" for year in [*range(49, 100)] if year != 99),
        extra_reason="all navigation is JavaScript: ABOUT.md says to seed the 50 year menus NN/NN_mbr.htm "
                     "(their <option> values lead on)",
        non_news=("auswahl.htm", "logo.htm", "top.htm", "int/*", "*/*_mbr.htm", "*/*_idx.htm", "*/chron*.htm",
                  "index.htm"),
    ),
    "skolten": SitePlan(
        start="index.htm",
        extra_starts=("gv2011.htm", "gv2012.htm", "gv2013.htm", "ssbzv.htm", "cs2013.htm", "bttext.html"),
        extra_reason="6 gold pages are reachable only through links to the old host (ABOUT.md: seed them)",
        host_aliases=("www.skolten.ch", "skolten.ch"),
        non_news=("index.htm", "impressum.htm", "member/*", "index_htm_files/*", "album/*", "juns/img/album/*",
                  "games/*", "juns/games/*", "skolinks.htm", "spielort.htm*"),
    ),
    "lasv": SitePlan(
        start="html/laae.html",
        non_news=("html/newsletters.html", "html/laae.html", "Picture_Gallery/*", "*/Picture_Gallery*",
                  "html/news.html", "html/contact*.html", "html/sponsors*.html"),
    ),
}
ALL_SITES = tuple(PLANS)
_NOT_ALNUM = re.compile(r"[\W_]+")
_SPACE = re.compile(r"\s+")
LABELS = {"people": "PER", "organisations": "ORG", "places": "LOC"}


def norm(value: str | None) -> str:
    """NFKC, case-folded, only alphanumerics: the form item matching compares."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", value or "").casefold())


def squash(value: str | None) -> str:
    """Whitespace collapsed and stripped (case and punctuation kept): the form titles are compared in."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", value or "")).strip()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` at / on 127.0.0.1 (ephemeral port, directory listings as python -m http.server)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Record:
    """One stored article, as the evaluation sees it."""

    id: int
    canonical_url: str
    title: str | None
    body: str  # title + lead + text
    date: str | None  # "YYYY-MM-DD", "YYYY-MM" or "YYYY" by the stored precision
    pages: set[str] = field(default_factory=set)  # site-relative paths of the pages it was seen on
    entities: set[tuple[str, str]] = field(default_factory=set)
    normed: str = ""


def _relative(url: str, base: str) -> str:
    path = unquote(urlsplit(url).path)
    return path.removeprefix(urlsplit(base).path)


def read_records(database: str, base: str) -> tuple[list[Record], dict[str, str]]:
    """The stored articles (with their page paths and entities) and each page's kind."""
    engine = create_engine(database)
    try:
        with engine.connect() as conn:
            columns = {col["name"] for col in inspect(conn).get_columns("articles")}
            precision = "published_precision" if "published_precision" in columns else "NULL"
            rows = conn.execute(text(
                f"SELECT id, canonical_url, title, lead, text, published, {precision} FROM articles"
            )).all()
            records: dict[int, Record] = {}
            for row in rows:
                body = "\n".join(part for part in (row[2], row[3], row[4]) if part)
                records[row[0]] = Record(row[0], row[1], row[2], body, _date(row[5], row[6]), normed=norm(body))
                records[row[0]].pages.add(_relative(row[1], base))
            for article_id, url in conn.execute(text("SELECT article_id, url FROM url_aliases")):
                if article_id in records:
                    records[article_id].pages.add(_relative(url, base))
            for article_id, url in conn.execute(text("SELECT article_id, url FROM pages WHERE article_id IS NOT NULL")):
                if article_id in records:
                    records[article_id].pages.add(_relative(url, base))
            tables = set(inspect(conn).get_table_names())
            if "item_pages" in tables:
                for article_id, url in conn.execute(text("SELECT article_id, page_url FROM item_pages")):
                    if article_id in records:
                        records[article_id].pages.add(_relative(url, base))
            for article_id, label, mention in conn.execute(text(
                "SELECT m.article_id, e.label, m.text FROM mentions m JOIN entities e ON e.id = m.entity_id"
            )):
                if article_id in records:
                    records[article_id].entities.add((label, squash(mention)))
            pages = conn.execute(text("SELECT url, kind FROM pages"))
            kinds = {_relative(url, base): kind or "" for url, kind in pages}
    finally:
        engine.dispose()
    return list(records.values()), kinds


def _date(published: Any, precision: str | None) -> str | None:
    if published is None:
        return None
    value = str(published)[:10]
    return {"year": value[:4], "month": value[:7]}.get(precision or "day", value)


def crawl(site: str, plan: SitePlan, root: Path, database: str, *, entities: bool, log: Path) -> tuple[str, float]:
    """Serve the site and crawl it with ``nachlese crawl`` into ``database``; returns the base URL and seconds."""
    with serve(root) as base:
        urls = [base + plan.start] + [base + extra for extra in plan.extra_starts]
        command = [sys.executable, "-m", "nachlese.cli", "crawl", *urls, "--db", database, "--delay", "0",
                   "--set", "ROBOTSTXT_OBEY=False", "--set", "HTTPCACHE_ENABLED=False"]
        if not entities:
            command.append("--no-entities")
        aliases = [f"--host-alias={alias}={urlsplit(base).netloc}" for alias in plan.host_aliases]
        if aliases and _supports_host_alias():
            command += aliases
        started = time.monotonic()
        with log.open("w") as out:
            result = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, check=False)
        seconds = time.monotonic() - started
        if result.returncode != 0:
            print(f"{site}: nachlese crawl exited with {result.returncode}, see {log}", file=sys.stderr)
    return base, seconds


@functools.cache
def _supports_host_alias() -> bool:
    """Whether this version of ``nachlese crawl`` has --host-alias (the baseline had not)."""
    help_text = subprocess.run([sys.executable, "-m", "nachlese.cli", "crawl", "--help"],
                               capture_output=True, text=True, check=False).stdout
    return "--host-alias" in help_text


@dataclass
class SiteScore:
    """The figures of one site."""

    site: str
    gold: int = 0
    found: int = 0
    merged: int = 0
    dups: int = 0
    touching: int = 0
    real: int = 0
    other: int = 0
    titles: int = 0
    dates: int = 0
    invented: int = 0
    last: int = 0
    leaks: int = 0
    non_news: int = 0
    articles: int = 0
    pages: int = 0
    ent_tp: int = 0
    ent_fp: int = 0
    ent_fn: int = 0
    seconds: float = 0.0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def score_site(site: str, gold: dict[str, Any], records: list[Record], kinds: dict[str, str],
               plan: SitePlan) -> SiteScore:
    """Compare the stored records of one site with its gold (definitions in the module docstring)."""
    items = gold["items"]
    score = SiteScore(site, gold=len(items), articles=len(records), pages=len(kinds))
    firsts = [norm(item["first_sentence"]) for item in items]
    lasts = [norm(item["last_sentence"]) for item in items]
    matches: dict[int, list[int]] = {}  # record id -> gold indexes whose first sentence it holds
    by_item: dict[int, list[Record]] = defaultdict(list)
    gold_pages = {item["page"] for item in items}
    for record in records:
        held = [index for index, first in enumerate(firsts) if first and first in record.normed]
        matches[record.id] = held
        for index in held:
            by_item[index].append(record)
        touches = held or [index for index, last in enumerate(lasts)
                           if last and last in record.normed and items[index]["page"] in record.pages]
        if touches:
            score.touching += 1
            score.real += len(held) == 1 and _only_item(record, held[0], firsts, lasts)
        elif record.pages & gold_pages:
            score.other += 1
    for index, item in enumerate(items):
        found = by_item.get(index, [])
        if not found:
            score.missed.append(f"{item['page']}: {item['title']}")
            continue
        score.found += 1
        score.dups += len(found) - 1
        best = min(found, key=lambda rec: (len(matches[rec.id]), len(rec.body)))
        score.merged += len(matches[best.id]) > 1
        title_ok = squash(best.title) == squash(item["title"])
        score.titles += title_ok
        date_ok = best.date == item["date"] if item["date"] else (best.date is None or len(best.date) < 10)
        score.dates += date_ok
        score.invented += item["date"] is None and best.date is not None and len(best.date) == 10
        score.last += bool(lasts[index]) and lasts[index] in best.normed
        if not (title_ok and date_ok):
            score.wrong.append(f"{item['page']}: {item['title']!r}/{item['date']} got {best.title!r}/{best.date}")
        wanted = {(LABELS[key], squash(name)) for key in LABELS for name in item.get(key, [])}
        if wanted:
            score.ent_tp += len(wanted & best.entities)
            score.ent_fp += len(best.entities - wanted)
            score.ent_fn += len(wanted - best.entities)
    content = " ".join(norm(value) for item in items for key in ("title", "first_sentence", "last_sentence", *LABELS)
                       for value in ([item[key]] if isinstance(item.get(key), str) else item.get(key) or []))
    strings = [norm(entry["text"]) for entry in gold.get("boilerplate", []) if norm(entry["text"]) not in content]
    score.leaks = sum(1 for record in records if any(s and s in record.normed for s in strings))
    score.non_news = sum(1 for record in records if any(_non_news(page, plan) for page in record.pages))
    return score


def _only_item(record: Record, index: int, firsts: list[str], lasts: list[str]) -> bool:
    """The record holds gold item ``index`` and no sentence of any other gold item."""
    return not any(
        other != index and ((firsts[other] and firsts[other] in record.normed)
                            or (lasts[other] and lasts[other] in record.normed and lasts[other] not in firsts[index]))
        for other in range(len(firsts))
    )


def _non_news(page: str, plan: SitePlan) -> bool:
    path = page.split("#", 1)[0]
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in plan.non_news)


def _ratio(part: float, whole: float) -> str:
    return f"{part / whole:.2f}" if whole else "-"


def _f1(tp: int, fp: int, fn: int) -> str:
    if not tp and not fp:  # nothing tagged (a crawl with --no-entities)
        return "-"
    if not tp:
        return "0.00/0.00/0.00"
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return f"{precision:.2f}/{recall:.2f}/{2 * precision * recall / (precision + recall):.2f}"


HEADER = ("site", "gold", "found", "recall", "prec", "merged", "dups", "title", "date", "invented", "last",
          "leaks", "non-news", "ent P/R/F1", "articles", "pages", "secs")


def row(score: SiteScore) -> tuple[str, ...]:
    """The printed figures of one site."""
    return (
        score.site, str(score.gold), str(score.found), _ratio(score.found, score.gold),
        _ratio(score.real, score.touching), str(score.merged), str(score.dups), _ratio(score.titles, score.found),
        _ratio(score.dates, score.found), str(score.invented), _ratio(score.last, score.found), str(score.leaks),
        str(score.non_news), _f1(score.ent_tp, score.ent_fp, score.ent_fn), str(score.articles), str(score.pages),
        f"{score.seconds:.0f}",
    )


def total(scores: list[SiteScore]) -> SiteScore:
    """All sites together (sums; ratios are recomputed from the sums)."""
    result = SiteScore("TOTAL")
    for score in scores:
        for name in ("gold", "found", "merged", "dups", "touching", "real", "other", "titles", "dates", "invented",
                     "last", "leaks", "non_news", "articles", "pages", "ent_tp", "ent_fp", "ent_fn", "seconds"):
            setattr(result, name, getattr(result, name) + getattr(score, name))
    return result


def print_table(scores: list[SiteScore]) -> None:
    """A plain-text table, one row per site plus the totals."""
    rows = [HEADER, *(row(score) for score in scores), row(total(scores))]
    widths = [max(len(r[col]) for r in rows) for col in range(len(HEADER))]
    for line in rows:
        print("  ".join(cell.rjust(width) if col else cell.ljust(width)
                        for col, (cell, width) in enumerate(zip(line, widths, strict=True))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_SITES_DIR if DEFAULT_SITES_DIR.is_dir() else SITES_DIR)
    parser.add_argument("--sites", default=",".join(ALL_SITES), help="comma-separated site names")
    parser.add_argument("--no-entities", action="store_true", help="crawl without entity tagging (faster)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the databases and crawl logs in DIR")
    parser.add_argument("--reuse", action="store_true", help="score the databases in --keep without crawling")
    parser.add_argument("--verbose", action="store_true", help="list missed items and wrong titles/dates")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    names = [name for name in args.sites.split(",") if name]
    unknown = [name for name in names if name not in PLANS]
    if unknown:
        parser.error(f"unknown site(s): {', '.join(unknown)}")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="nachlese-eval-sites-"))
    workdir.mkdir(parents=True, exist_ok=True)
    scores: list[SiteScore] = []
    for name in names:
        plan = PLANS[name]
        folder = args.data / name
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        database = f"sqlite:///{workdir / (name + '.sqlite')}"
        base_file = workdir / f"{name}.base"
        if args.reuse:
            if not base_file.is_file():
                print(f"eval_sites: error: no finished crawl of {name} in {workdir} (--reuse)", file=sys.stderr)
                return 2
            base, seconds = base_file.read_text().strip(), 0.0
        else:
            (workdir / f"{name}.sqlite").unlink(missing_ok=True)
            base, seconds = crawl(name, plan, folder / "site", database, entities=not args.no_entities,
                                  log=workdir / f"{name}.log")
            base_file.write_text(base)
        if plan.extra_starts:
            print(f"{name}: start {plan.start} + {len(plan.extra_starts)} extra start URL(s): {plan.extra_reason}")
        if plan.host_aliases:
            passed = "passed" if _supports_host_alias() else "not available in this version"
            print(f"{name}: --host-alias for {', '.join(plan.host_aliases)} ({passed})")
        records, kinds = read_records(database, base)
        score = score_site(name, gold, records, kinds, plan)
        score.seconds = seconds
        scores.append(score)
        if args.verbose:
            for line in score.missed:
                print(f"  missed  {line}")
            for line in score.wrong:
                print(f"  wrong   {line}")
    print()
    print_table(scores)
    if args.json:
        args.json.write_text(json.dumps([vars(score) for score in [*scores, total(scores)]], indent=1))
    if not args.keep:
        print(f"(databases in {workdir})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
