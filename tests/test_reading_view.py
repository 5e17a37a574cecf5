"""The reading view of `nachlese serve` in headless Chromium: article, entity and home pages as a person sees them."""

from __future__ import annotations

import html
import re
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from db.engine import make_engine, make_sessionmaker
from db.schema import upgrade
from db.storage import get_or_create_site, start_run, store_page
from extract.record import EntityMention, Field, Image
from tests.browser import Image as Png
from tests.browser import dump_dom, read_png, screenshot
from tests.conftest import DemoCrawl
from tests.datasette_server import Server, start_server, stop
from tests.db_fixtures import SITE, article, fetched

WHITE = b"\xfa\xfb\xfc"  # Datasette's page background (#fafbfc)
HEADER_BLUE = (0x27, 0x68, 0x90)  # Datasette's header bar
#: The highlight backgrounds of the three labels (nachlese.css), and the timeline/month bars.
HIGHLIGHTS = {"PER": (0xFD, 0xE2, 0xC8), "ORG": (0xD6, 0xE6, 0xFB), "LOC": (0xD7, 0xF0, 0xD8)}
PER_BAR = (0xC2, 0x62, 0x0A)
MONTH_BAR = (0x6B, 0x8F, 0xBF)
INSERTED, REMOVED = (0xD5, 0xF5, 0xD8), (0xFB, 0xD5, 0xD5)  # <ins> and <del> of a version's changes
ARTICLE_TITLE = "Gemeinsames Gewerbegebiet mit Groningen geplant"  # demo: German, with an English version
ENGLISH_TITLE = "Joint business park with Groningen planned"
PERSON = "Anneke de Vries"
PRINT_MEDIA = "@media print"
ENTITY_LINK = re.compile(r'<a class="entity entity-(PER|ORG|LOC)" href="([^"]+)" title="\1: ([^"]*)"')


def has_colour(image: Png, rgb: tuple[int, int, int]) -> bool:
    """Whether some pixel has exactly this colour (solid fills are exact in Chromium's screenshots)."""
    return any(colour[:3] == bytes(rgb) for colour in image.colours())


def headline(page: str) -> str:
    """The text of the page's headline (h1 class=headline), tags removed."""
    found = re.search(r'<h1 class="headline">(.*?)</h1>', page, re.S)
    assert found, page[:3000]
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


@pytest.fixture(scope="module")
def demo(demo_crawl: DemoCrawl) -> Iterator[Server]:
    running = start_server(demo_crawl.database_url)
    yield running
    stop(running)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go (kept in pytest's temporary folder for a person to look at)."""
    return tmp_path_factory.mktemp("screenshots")


def article_id(server: Server, title: str) -> int:
    rows = server.rows("/articles", title=title)
    assert len(rows) == 1, rows
    return int(rows[0]["id"])


def entity_id(server: Server, label: str, name: str) -> int:
    rows = server.rows("/entities", label=label, canonical_name=name)
    assert len(rows) == 1, rows
    return int(rows[0]["id"])


# --- the article page --------------------------------------------------------------------------------


def test_article_page_shows_headline_facts_and_every_entity(demo: Server) -> None:
    number = article_id(demo, ARTICLE_TITLE)
    row = demo.rows(f"/articles/{number}")[0]
    page = dump_dom(f"{demo.url}/articles/{number}").stdout
    assert headline(page) == ARTICLE_TITLE
    assert f"printed as “{row['published_raw']}”" in page
    assert '<time datetime="2007-11-09">2007-11-09</time>' in page  # the export's form of the date
    assert "Maren Dirksen" in page and "Region" in page
    assert "<th>html</th>" not in page and 'class="col-html' not in page  # not the wide generic row page
    mentions = demo.rows("/mentions", article_id=str(number), _size="max")
    links = ENTITY_LINK.findall(page)
    assert len(links) == len(mentions) > 5  # every mention highlighted, in title, lead and text
    assert {label for label, _, _ in links} == {"PER", "ORG", "LOC"}


def test_article_entity_links_open_their_entity_pages(demo: Server) -> None:
    page = dump_dom(f"{demo.url}/articles/{article_id(demo, ARTICLE_TITLE)}").stdout
    targets = {href: name for _, href, name in ENTITY_LINK.findall(page)}
    assert len(targets) > 5
    for href, name in targets.items():
        status, body = demo.follow(html.unescape(href))
        assert status == 200, href
        assert headline(body.decode()) == html.unescape(name)


def test_article_links_its_other_language_version(demo: Server) -> None:
    page = dump_dom(f"{demo.url}/articles/{article_id(demo, ARTICLE_TITLE)}").stdout
    found = re.search(r'<span class="lang">en</span>\s*<a href="([^"]+)" lang="en">([^<]+)</a>', page)
    assert found, page
    assert found.group(2) == ENGLISH_TITLE
    status, body = demo.follow(found.group(1))
    assert status == 200 and headline(body.decode()) == ENGLISH_TITLE
    assert ARTICLE_TITLE in body.decode()  # and the English page links back (translation links go one way)


def test_article_lists_the_listing_pages_it_was_found_on(demo: Server, demo_crawl: DemoCrawl) -> None:
    number = article_id(demo, ARTICLE_TITLE)
    canonical = demo.rows(f"/articles/{number}")[0]["canonical_url"]
    page = dump_dom(f"{demo.url}/articles/{number}").stdout
    section = page.split("<h3>Found on these pages</h3>", 1)[1].split("</ul>", 1)[0]
    listings = [html.unescape(url) for url in re.findall(r'<li><a href="([^"]+)">', section)]
    assert listings
    for url in listings:  # each page, as the demo site serves it, links to the article
        assert url.startswith(demo_crawl.base_url)
        with urllib.request.urlopen(url, timeout=30) as response:
            served = html.unescape(response.read().decode("iso-8859-1"))
        assert canonical.rsplit("/", 1)[1] in served, url  # "artikel.php?id=5", however the link is written


def test_article_screenshot_shows_the_highlights(demo: Server, shots: Path) -> None:
    png = shots / "article.png"
    run = screenshot(f"{demo.url}/articles/{article_id(demo, ARTICLE_TITLE)}", png, width=1400, height=1400)
    image = read_png(png)
    assert image.painted_rows(WHITE) > 600  # a full page of text, not a blank or an error
    for label, colour in HIGHLIGHTS.items():
        assert has_colour(image, colour), label
    assert run.console_messages() == []


def test_print_rules_drop_the_chrome_and_colours(demo: Server, shots: Path, tmp_path: Path) -> None:
    """The print style sheet applied on screen: no navigation bar, no highlight backgrounds, one column."""
    number = article_id(demo, ARTICLE_TITLE)
    status, body = demo.get(f"/articles/{number}")
    assert status == 200
    css_status, css = demo.follow("/-/static-plugins/nachlese.datasette/nachlese.css")
    assert css_status == 200
    as_printed = css.decode().replace(PRINT_MEDIA, "@media screen")
    # the style sheet in the place of its link (after Datasette's own), the rest of the page from the server
    link = r'<link rel="stylesheet" href="[^"]*nachlese\.css">'
    page, replaced = re.subn(link, lambda _: f"<style>{as_printed}</style>", body.decode())
    assert replaced == 1
    page = page.replace("<head>", f'<head><base href="{demo.origin}/">', 1)
    local = tmp_path / "printed.html"
    local.write_text(page, encoding="utf-8")
    png = shots / "article-print.png"
    screenshot(local.as_uri(), png, width=900, height=1200)
    image = read_png(png)
    assert image.painted_rows(b"\xff\xff\xff") > 400
    assert not has_colour(image, HEADER_BLUE)
    for label, colour in HIGHLIGHTS.items():
        assert not has_colour(image, colour), label


# --- the entity page ---------------------------------------------------------------------------------


def test_entity_page_shows_names_timeline_articles_and_companions(demo: Server, shots: Path) -> None:
    number = entity_id(demo, "PER", PERSON)
    page = dump_dom(f"{demo.url}/entities/{number}").stdout
    assert headline(page) == PERSON
    assert "2 mentions in 2 articles" in page
    assert re.search(r'<th scope="row">2007-11</th>', page)
    for title in (ARTICLE_TITLE, ENGLISH_TITLE):
        assert f">{title}</a>" in page
    assert page.count(f"<mark>{PERSON}</mark>") == 2  # the sentence around each mention
    assert "erläuterte EDR-Geschäftsführerin <mark>" in page
    companions = re.findall(r'<td><a class="entity entity-\w+" href="([^"]+)">([^<]+)</a></td>', page)
    assert len(companions) >= 5
    for href, _ in companions:
        assert demo.follow(href)[0] == 200
    png = shots / "entity.png"
    screenshot(f"{demo.url}/entities/{number}", png, width=1400, height=1200)
    image = read_png(png)
    assert has_colour(image, PER_BAR)  # the timeline bar
    assert image.painted_rows(WHITE) > 300


def test_a_surname_is_one_person_across_language_versions(demo: Server) -> None:
    """The site-wide step makes "de Vries" one PER entity in the German article and its English version."""
    stored = {row["label"]: row["mention_count"] for row in demo.rows("/entities", canonical_name="de Vries")
              if row["mention_count"]}
    assert stored == {"PER": 2}
    page = dump_dom(f"{demo.url}/entities/{entity_id(demo, 'PER', 'de Vries')}").stdout
    assert "2 mentions in 2 articles" in page
    assert "also stored as" not in page


# --- the home page and the tables -------------------------------------------------------------------


def test_home_page_leads_to_search_entities_months_and_sites(demo: Server, shots: Path) -> None:
    page = dump_dom(demo.url).stdout
    form = re.search(r'<form action="([^"]+)" method="get" role="search">', page)
    assert form and form.group(1).endswith("/search_articles")
    status, body = demo.follow(f"{form.group(1)}?query=Clusterprozess")
    assert status == 200 and "Clusterprozess Energie in der Ems-Achse offiziell gestartet" in body.decode()
    for heading in ("People", "Organisations", "Places", "Articles by month", "Sites"):
        assert f">{heading}<" in page, heading
    people = re.findall(r'<a class="entity entity-PER" href="([^"]+)">([^<]+)</a>', page)
    assert people and people[0][1] == demo.rows("/top_people")[0]["canonical_name"]
    assert headline(demo.follow(people[0][0])[1].decode()) == people[0][1]
    months = re.findall(r'<a href="([^"]+published__startswith=(\d{4}-\d\d)[^"]*)">\2</a>.*?class="count">(\d+)<',
                        page, re.S)
    assert months and sum(int(count) for _, _, count in months) == 20
    for href, month, count in months:
        rows = demo.rows("/articles", published__startswith=month)
        assert len(rows) == int(count), month
        assert demo.follow(html.unescape(href))[0] == 200
    sites = re.findall(r'<a href="([^"]+site_id=\d+)">http', page)
    assert len(sites) == 1 and demo.follow(sites[0])[0] == 200
    status, root = demo.follow("/")  # Datasette's own home page, listing the databases, has the panel too
    assert status == 200 and "Search the articles" in root.decode() and people[0][1] in root.decode()
    png = shots / "home.png"
    screenshot(demo.url, png, width=1400, height=1200)
    image = read_png(png)
    assert has_colour(image, MONTH_BAR) and has_colour(image, HIGHLIGHTS["PER"])


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/articles", "articles"),  # the title cell, beside Datasette's id link
        ("/entities", "entities"),
        ("/article_entities", "articles"),
        ("/article_entities", "entities"),
        ("/entity_cooccurrence", "entities"),
        ("/mentions", "articles"),  # foreign keys: Datasette's own links, to the same pages
        ("/top_people", "entities"),
        ("/entity_pairs?entity=", "entities"),
        ("/search_articles?query=Leer", "articles"),
        ("/articles_mentioning?entity=Leer", "articles"),
    ],
)
def test_rows_link_to_the_reading_pages(demo: Server, path: str, target: str) -> None:
    status, body = demo.get(path)
    assert status == 200
    links = set(re.findall(rf'<td class="col-(\w+)[^"]*"><a href="(/demo/{target}/\d+)"', body.decode()))
    assert links, body[:3000]
    for _, href in sorted(links)[:5]:
        assert demo.follow(href)[0] == 200


def test_all_columns_stay_one_click_away(demo: Server) -> None:
    status, body = demo.get(f"/articles/{article_id(demo, ARTICLE_TITLE)}", _view="columns")
    assert status == 200
    assert 'class="col-html' in body.decode()  # Datasette's generic row page


# --- an article with history, images and a translation, stored by nachlese's own storage -----------------


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Two stored versions of a German article with an image, and its English version linking back."""
    url = f"sqlite:///{tmp_path_factory.mktemp('history') / 'history.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    image = Image("http://127.0.0.1:9/img/hafen.jpg", alt="Der Hafen", caption="Der Hafen von Emden im Winter")
    first_text = "Der Hafen von Emden wächst.\nDie Werft baut Schiffe."
    german = article("news/hafen.html", title="Hafen wächst", lead=None, text=first_text, images=[image],
                     entities=[EntityMention("Emden", "LOC", Field.TEXT, 14, 19)])
    english = article("news/port.html", title="Port grows", lead=None, text="The port of Emden is growing.",
                      language="en", translations={"de": german.url},
                      entities=[EntityMention("Emden", "LOC", Field.TEXT, 12, 17)])
    later = article("news/hafen.html", title="Hafen wächst stark", lead=None,
                    text="Der Hafen von Emden wächst stark.\nDie Werft baut Schiffe.\nEin neuer Kai entsteht.",
                    images=[image], entities=[EntityMention("Emden", "LOC", Field.TEXT, 14, 19)])
    day = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    for records, when in (([german, english], day), ([later], day + timedelta(days=30))):
        with sessions.begin() as session:
            run = start_run(session, get_or_create_site(session, SITE))
            for record in records:
                store_page(session, run, fetched(record, fetched_at=when), record)
    engine.dispose()
    running = start_server(url)
    yield running
    stop(running)


def test_versions_show_what_changed(history: Server, shots: Path) -> None:
    url = f"{history.url}/articles/{article_id(history, 'Hafen wächst stark')}"
    page = dump_dom(url).stdout
    assert headline(page) == "Hafen wächst stark"
    assert "<strong>Version 1</strong>, fetched 2024-05-01 09:00 UTC: first seen." in page
    assert "<strong>Version 2</strong> (shown), fetched 2024-05-31 09:00 UTC" in page
    assert "Hafen wächst <ins>stark</ins>" in page  # the headline's change
    assert "<del>wächst.</del> <ins>wächst stark.</ins>" in page
    assert "<ins>Ein neuer Kai entsteht.</ins>" in page  # an added paragraph
    png = shots / "article-history.png"
    screenshot(url, png, width=1400, height=900)
    image = read_png(png)
    assert has_colour(image, INSERTED) and has_colour(image, REMOVED)


def test_images_urls_and_language_versions(history: Server) -> None:
    page = dump_dom(f"{history.url}/articles/{article_id(history, 'Hafen wächst stark')}").stdout
    assert '<img src="http://127.0.0.1:9/img/hafen.jpg" alt="Der Hafen" loading="lazy">' in page
    assert "Der Hafen von Emden im Winter" in page
    assert f'<a href="{SITE}news/hafen.html">{SITE}news/hafen.html</a></td><td>canonical</td>' in page
    assert "HTTP 200, 2024-05-31 09:00 UTC" in page  # the latest fetch of that page
    # the English version links to the German one only; the German page still lists it
    found = re.search(r'<span class="lang">en</span>\s*<a href="([^"]+)" lang="en">Port grows</a>', page)
    assert found and history.follow(found.group(1))[0] == 200
    assert "No stored listing page links to it." in page  # the archive holds no listing pages
