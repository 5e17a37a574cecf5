"""`nachlese report`: the report of the demo crawl drawn in headless Chromium; its data on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, make_sessionmaker
from db.queries import ArchiveStats, EntityCount
from db.runs import RunSummary
from db.schema import upgrade
from db.storage import RunCounts, finish_run, get_or_create_site, mark_failed, start_run, store_page
from extract.record import EntityMention, Field
from nachlese.report.data import (
    EntityPair,
    LanguageMonth,
    ReportData,
    articles_per_month_by_language,
    collect,
    strongest_pairs,
    to_json,
)
from nachlese.report.render import render_html
from tests.browser import BrowserRun, Image, dump_dom, read_png, screenshot
from tests.conftest import DemoCrawl, run_cli
from tests.db_fixtures import SITE, article, fetched, postgres_admin_url

WHITE = b"\xff\xff\xff"
# Colours the charts must paint (report.js): languages de/en, and the PER/ORG/LOC bars.
CHART_COLOURS = {"de": (0x00, 0x72, 0xB2), "en": (0xE6, 0x9F, 0x00), "PER": (0xD5, 0x5E, 0x00),
                 "ORG": (0x00, 0x9E, 0x73)}


# --- the demo crawl's report in Chromium -----------------------------------------------------------


@dataclass
class Rendered:
    """The report of the demo crawl: the file, its DOM after the scripts ran, and a screenshot."""

    path: Path
    html: str
    dom: BrowserRun
    shot: BrowserRun
    image: Image


@pytest.fixture(scope="module")
def rendered(demo_crawl: DemoCrawl, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    folder = tmp_path_factory.mktemp("report")
    path = folder / "report.html"
    run_cli("report", "--db", demo_crawl.database_url, str(path))
    png = folder / "report.png"
    shot = screenshot(path.as_uri(), png, width=1200, height=2400)
    return Rendered(path, path.read_text(encoding="utf-8"), dump_dom(path.as_uri()), shot, read_png(png))


def test_every_chart_is_drawn(rendered: Rendered) -> None:
    assert 'data-rendered="ok"' in rendered.dom.stdout
    assert rendered.dom.stdout.count("<svg") >= 6  # months, three entity charts, network, crawl runs


def test_no_console_messages(rendered: Rendered) -> None:
    assert rendered.dom.console_messages() == []
    assert rendered.shot.console_messages() == []


# Run in the report after its own script: every SVG text whose box leaves its chart, and the names cut short.
CLIP_CHECK = """<script>
window.addEventListener("load", () => {
  const clipped = [], cut = [];
  for (const chart of document.querySelectorAll("svg")) {
    const box = chart.getBoundingClientRect();
    for (const text of chart.querySelectorAll("text")) {
      const r = text.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1) clipped.push(text.textContent);
      const title = text.querySelector("title");
      if (title && text.firstChild.nodeValue.endsWith("…")) cut.push([text.firstChild.nodeValue, title.textContent]);
    }
  }
  const out = document.createElement("pre");
  out.id = "clip-check";
  out.textContent = JSON.stringify({ clipped, cut });
  document.body.appendChild(out);
});
</script>"""


def test_labels_are_never_clipped(rendered: Rendered, tmp_path: Path) -> None:
    checked = tmp_path / "report-checked.html"
    checked.write_text(rendered.html.replace("</body>", CLIP_CHECK + "</body>"), encoding="utf-8")
    dom = dump_dom(checked.as_uri()).stdout
    found = re.search(r'<pre id="clip-check">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    result = json.loads(found.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    assert result["clipped"] == []
    # the demo's long organisation names are cut on the right, and the full name is the hover text
    assert result["cut"], "expected a long entity name cut to fit"
    for shown, full in result["cut"]:
        assert full.startswith(shown[:-1].rstrip()), (shown, full)
        assert len(shown) < len(full) + 1


def test_self_contained(rendered: Rendered) -> None:
    assert not re.search(r"<(link|img|iframe)\b|\b(src|href)\s*=|@import|url\(", rendered.html)
    assert rendered.html.count("<script") == 2  # the data and the inline script


def test_screenshot_is_not_blank(rendered: Rendered) -> None:
    image = rendered.image
    assert (image.width, image.height) == (1200, 2400)
    assert len(image.colours()) > 100  # text anti-aliasing and chart colours
    assert image.painted_rows(WHITE) > 1000


def test_screenshot_shows_the_chart_colours(rendered: Rendered) -> None:
    colours = {colour[:3] for colour in rendered.image.colours()}
    missing = [name for name, rgb in CHART_COLOURS.items() if bytes(rgb) not in colours]
    assert missing == []


def test_dom_names_the_data(rendered: Rendered, demo_crawl: DemoCrawl) -> None:
    dom = rendered.dom.stdout
    assert "Articles per month" in dom
    assert f"{len(demo_crawl.articles)}</div>" in dom  # the articles card
    assert "de (German): " in dom
    assert "Crawl health" in dom


def test_existing_file_needs_force(rendered: Rendered, demo_crawl: DemoCrawl) -> None:
    before = rendered.path.stat().st_mtime_ns
    refused = run_cli("report", "--db", demo_crawl.database_url, str(rendered.path), check=False)
    assert refused.returncode == 2
    assert "--force" in refused.stderr
    assert rendered.path.stat().st_mtime_ns == before
    forced = run_cli("report", "--db", demo_crawl.database_url, str(rendered.path), "--force", check=False)
    assert forced.returncode == 0, forced.stderr


def test_empty_database_is_refused(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    run_cli("db", "upgrade", "--db", database)
    out = tmp_path / "report.html"
    result = run_cli("report", "--db", database, str(out), check=False)
    assert result.returncode == 1
    assert "holds no articles" in result.stderr
    assert not out.exists()


def test_missing_database_is_refused_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite"
    result = run_cli("report", "--db", str(missing), str(tmp_path / "report.html"), check=False)
    assert result.returncode == 2
    assert "no SQLite database" in result.stderr
    assert not missing.exists()


# --- the data functions on SQLite and PostgreSQL ---------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def report_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a migrated database holding four articles, a failure and two finished runs.

    The PostgreSQL session runs in Europe/Berlin, so months must be computed in UTC on purpose.
    """
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'report.sqlite'}"
        _fill(url)
        yield url
        return
    admin_url = postgres_admin_url()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    options = {"options": f"-csearch_path={schema} -ctimezone=Europe/Berlin"}
    schema_url = make_url(admin_url).update_query_dict(options).render_as_string(hide_password=False)
    try:
        _fill(schema_url)
        yield schema_url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def _fill(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    records = [
        article("1.html"),  # de, 2007-11-23: Angela Merkel (2 mentions), Berlin (2)
        article("2.html", title="Merkel in Hamburg", text="Angela Merkel sprach in Hamburg.",
                published=datetime(2007, 11, 30, 23, 30, tzinfo=UTC), published_has_time=True,  # Dec 1 in Berlin
                entities=[EntityMention("Merkel", "PER", Field.TITLE, 0, 6, canonical="Angela Merkel"),
                          EntityMention("Hamburg", "LOC", Field.TITLE, 10, 17)]),
        article("3.html", title="Müller trifft", text="Thomas Müller trifft.", language="en",
                published=datetime(2008, 5, 1, tzinfo=UTC),
                entities=[EntityMention("Thomas Müller", "PER", Field.TEXT, 0, 13)]),
        article("4.html", title="Ohne Datum", text="Ein Text ohne Datum.", published=None, language=None,
                entities=[]),
    ]
    with factory.begin() as session:
        run = start_run(session, get_or_create_site(session, SITE))
    counts = RunCounts()
    for record in records:
        with factory.begin() as session:
            counts.add(store_page(session, run, fetched(record), record))
    with factory.begin() as session:
        counts.add(mark_failed(session, run, SITE + "broken.html", 500, "HTTP 500"))
        finish_run(session, run, counts)
    with factory.begin() as session:
        second = start_run(session, get_or_create_site(session, SITE))
        finish_run(session, second, {"fetched": 5, "unchanged": 4, "failed": 1})
    engine.dispose()


@pytest.fixture
def session(report_db: str) -> Iterator[Session]:
    engine = make_engine(report_db, readonly=True)
    factory: sessionmaker[Session] = make_sessionmaker(engine)
    with factory() as opened:
        yield opened
    engine.dispose()


def test_months_by_language_in_utc(session: Session) -> None:
    assert articles_per_month_by_language(session) == [
        LanguageMonth(2007, 11, "de", 2),
        LanguageMonth(2008, 5, "en", 1),
    ]


def test_strongest_pairs(session: Session) -> None:
    pairs = strongest_pairs(session)
    assert [({p.a_name, p.b_name}, p.articles) for p in pairs] == [
        ({"Angela Merkel", "Berlin"}, 1),  # tie on articles: the more mentioned pair first
        ({"Angela Merkel", "Hamburg"}, 1),
    ]
    assert strongest_pairs(session, top=1) == pairs[:1]


def test_collect(session: Session) -> None:
    data = collect(session, database="db", top=1)
    assert (data.stats.articles, data.stats.failed_pages, data.stats.undated_articles) == (4, 1, 1)
    assert data.sites == [SITE]
    assert data.first_published == datetime(2007, 11, 23, tzinfo=UTC)
    assert data.last_published == datetime(2008, 5, 1, tzinfo=UTC)
    assert data.top_entities == {
        "PER": [EntityCount("PER", "Angela Merkel", 3, 2)],
        "ORG": [],
        "LOC": [EntityCount("LOC", "Berlin", 2, 1)],
    }
    assert [(r.fetched, r.new, r.failed, r.unchanged) for r in data.runs] == [(5, 4, 1, 0), (5, 0, 1, 4)]


def test_json_and_page(session: Session) -> None:
    data = collect(session, database="sqlite:////archive.sqlite")
    payload = to_json(data)
    assert json.loads(json.dumps(payload)) == payload
    assert payload["perLanguage"] == {"": 1, "de": 2, "en": 1}
    assert payload["runs"][0]["startedAt"].endswith("+00:00")
    page = render_html(data, title="Archiv <Ostfriesland>")
    assert "<title>Archiv &lt;Ostfriesland&gt;</title>" in page
    assert "@@" not in page


def test_report_command(report_db: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run_cli("report", "--db", report_db, str(out), check=False)
    assert result.returncode == 0, result.stderr
    assert "report of 4 articles" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert '"articles": 4' in page
    password = make_url(report_db).password
    if password:  # the URL is shown as user:***@host
        assert f":{password}@" not in page + result.stderr
        assert ":***@" in page
    dom = dump_dom(out.as_uri())  # one month, no organisations, two runs: every chart still draws
    assert 'data-rendered="ok"' in dom.stdout
    assert "No organisations tagged." in dom.stdout
    assert dom.console_messages() == []


def test_long_archive_renders(tmp_path: Path) -> None:
    """Twenty years of three languages (one bar per year), many pairs and runs: drawn without errors."""
    months = [LanguageMonth(year, month, language, (year + month) % 7 + 1)
              for year in range(1996, 2016) for month in range(1, 13) for language in ("de", "en", "")
              if (year * month) % 5]
    entities = [EntityCount("PER", f"Person {n}", 100 - n, 50 - n) for n in range(15)]
    pairs = [EntityPair("PER", f"Person {n}", "LOC", f"Ort {n % 7}", n % 4 + 1) for n in range(40)]
    started = datetime(2009, 1, 1, tzinfo=UTC)
    runs = [RunSummary(n, SITE, "finished" if n % 9 else "failed", started.replace(day=n % 28 + 1), None, None,
                       1000 + n, n, n % 5, 900, n % 3, 0) for n in range(1, 61)]
    data = ReportData(
        database="sqlite:////archive.sqlite", generated_at=started,
        stats=ArchiveStats(articles=sum(m.articles for m in months), pages=5000, failed_pages=12,
                           undated_articles=3, per_language={"de": 1, "en": 1, "": 1}),
        sites=[SITE], first_published=datetime(1996, 1, 1, tzinfo=UTC), last_published=started,
        months=months, top_entities={"PER": entities, "ORG": [], "LOC": []}, pairs=pairs, runs=runs,
    )
    out = tmp_path / "long.html"
    out.write_text(render_html(data), encoding="utf-8")
    dom = dump_dom(out.as_uri())
    assert 'data-rendered="ok"' in dom.stdout
    assert "Dated articles per year" in dom.stdout
    assert dom.console_messages() == []
