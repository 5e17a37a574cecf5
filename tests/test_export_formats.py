"""Markdown, HTML, WXR and CSV exports on SQLite and PostgreSQL: paths, fields, links, media, translations."""

from __future__ import annotations

import csv
import html
import io
import json
import os
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import pytest
import yaml
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from db.exports.media import media_name
from db.exports.slugs import slugify
from db.exports.wxr import WXR_NAMESPACES
from db.models import CrawlRun, ImageRow
from db.storage import store_page
from extract.record import Image, Link, PageRecord
from tests.conftest import run_cli
from tests.db_fixtures import SITE, article, fetched

Factory = sessionmaker[Session]
DE_URL = SITE + "politik/merkel-1.html"
EN_URL = SITE + "politik/merkel-1-en.html"
IMAGE_URL = SITE + "img/foto.png"
PDF_URL = SITE + "docs/plan.pdf"
DIRTY_HTML = (
    "<p><strong>Die Kanzlerin spricht über die Regierung.</strong></p>"
    "<p>Angela Merkel traf in Berlin den Bürgermeister.</p><script>alert(1)</script>"
    '<table><tr><td><font color="red">Die Regierungen Europas hörten zu.</font></td></tr></table>'
    f'<p>Mehr im <a href="{PDF_URL}">Plan</a> und <a href="{EN_URL}">auf Englisch</a>.</p>'
)
DE_PATH = "2007/11/merkel-besucht-berlin"
EN_PATH = "2007/11/merkel-visits-berlin"


def _store(factory: Factory, run: CrawlRun, record: PageRecord) -> None:
    with factory.begin() as session:
        store_page(session, run, fetched(record), record)


@pytest.fixture
def archive(db_url: str, db_sessions: Factory, db_run: CrawlRun, tmp_path: Path) -> dict[str, Any]:
    """Three articles: German with image, PDF and an English version; the English one; an undated one."""
    german = article(
        "politik/merkel-1.html", html=DIRTY_HTML, translations={"en": EN_URL},
        images=[Image(IMAGE_URL, alt="Foto", caption="Die Kanzlerin in Berlin")],
        links=[Link(PDF_URL, "Plan (PDF)"), Link("http://extern.example/", "Extern")],
    )
    english = article(
        "politik/merkel-1-en.html", title="Merkel visits Berlin", lead="The chancellor speaks.",
        text="Angela Merkel met the mayor in Berlin.", html="", language="en", category="Politics",
        authors=["Hans Meier", "Eva Roth"], translations={"de": DE_URL}, entities=[],
    )
    undated = article("politik/ohne-datum.html", title="Ohne Datum", lead=None, text="Ein Text ohne Datum.",
                      html="", published=None, published_raw=None, category=None, authors=[], entities=[])
    for record in (german, english, undated):
        _store(db_sessions, db_run, record)
    media = tmp_path / "media"
    for url, content in ((IMAGE_URL, b"\x89PNG fake"), (PDF_URL, b"%PDF-1.4 fake")):
        target = media / media_name(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    with db_sessions.begin() as session:
        session.execute(update(ImageRow).where(ImageRow.url == IMAGE_URL).values(local_path=media_name(IMAGE_URL)))
    return {"db": db_url, "media": media, "out": tmp_path / "out"}


def _export(archive: dict[str, Any], fmt: str, *extra: str) -> Path:
    out = archive["out"] / fmt
    run_cli("export", "--db", archive["db"], "--format", fmt, "--media", str(archive["media"]), *extra, str(out))
    return out


def _front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    _, header, body = text.split("---\n", 2)
    return yaml.safe_load(header), body


def test_markdown_files_front_matter_and_body(archive: dict[str, Any]) -> None:
    out = _export(archive, "markdown")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert files == [f"{DE_PATH}.md", f"{EN_PATH}.md", "undated/ohne-datum.md"]
    meta, body = _front_matter(out / f"{DE_PATH}.md")
    assert meta["title"] == "Merkel besucht Berlin"
    assert str(meta["date"]) == "2007-11-23"
    assert meta["authors"] == ["Hans Meier"]
    assert meta["language"] == "de"
    assert meta["category"] == "Politik"
    assert meta["tags"] == ["Angela Merkel", "Berlin"]
    assert meta["original_url"] == DE_URL
    assert DE_URL in meta["old_urls"]
    assert meta["translations"] == {"en": f"/{EN_PATH}/"}
    assert meta["url"] == f"/{DE_PATH}/"
    paragraphs = body.strip().split("\n\n")
    assert paragraphs[0] == "Die Kanzlerin spricht über die Regierung."
    assert "Die Regierungen Europas hörten zu." in body
    assert "alert" not in body and "font" not in body
    pdf = f"/media/{media_name(PDF_URL)}"
    assert f"[Plan](<{pdf}>)" in body
    assert f"[auf Englisch](</{EN_PATH}/>)" in body
    assert f"![Foto](</media/{media_name(IMAGE_URL)}>)" in body
    assert (out / "media" / media_name(IMAGE_URL)).read_bytes() == b"\x89PNG fake"
    assert (out / "media" / media_name(PDF_URL)).read_bytes() == b"%PDF-1.4 fake"
    meta_en, _ = _front_matter(out / f"{EN_PATH}.md")
    assert meta_en["translations"] == {"de": f"/{DE_PATH}/"}
    assert meta_en["authors"] == ["Hans Meier", "Eva Roth"]
    undated, _ = _front_matter(out / "undated/ohne-datum.md")
    assert undated["date"] is None


def test_html_pages_are_clean_and_linked(archive: dict[str, Any]) -> None:
    out = _export(archive, "html")
    page = (out / f"{DE_PATH}.html").read_text(encoding="utf-8")
    tree = lxml.html.fromstring(page)
    assert tree.findtext(".//h1") == "Merkel besucht Berlin"
    assert tree.find(".//p[@class='lead']").text == "Die Kanzlerin spricht über die Regierung."
    for forbidden in ("script", "font", "table", "style[@type]"):
        assert not tree.findall(f".//body//{forbidden}"), forbidden
    alternates = {link.get("hreflang"): link.get("href") for link in tree.findall(".//link[@rel='alternate']")}
    assert alternates == {"de": "merkel-besucht-berlin.html", "en": "merkel-visits-berlin.html"}
    assert (out / "2007/11" / alternates["en"]).is_file()
    sources = [img.get("src") for img in tree.iter("img")]
    assert sources == [f"/media/{media_name(IMAGE_URL)}"]
    index = lxml.html.fromstring((out / "index.html").read_text(encoding="utf-8"))
    assert sorted(a.get("href") for a in index.iter("a")) == sorted(
        [f"{DE_PATH}.html", f"{EN_PATH}.html", "undated/ohne-datum.html"])


def _wxr(path: Path) -> lxml.etree._Element:
    return lxml.etree.parse(str(path), lxml.etree.XMLParser(resolve_entities=False, no_network=True)).getroot()


def _text(item: lxml.etree._Element, tag: str) -> str:
    return item.findtext(tag, default="", namespaces=WXR_NAMESPACES)


def _meta(item: lxml.etree._Element) -> dict[str, str]:
    return {m.findtext("wp:meta_key", namespaces=WXR_NAMESPACES): m.findtext("wp:meta_value", namespaces=WXR_NAMESPACES)
            for m in item.findall("wp:postmeta", WXR_NAMESPACES)}


def test_wxr_posts_terms_and_attachments(archive: dict[str, Any]) -> None:
    out = _export(archive, "wxr", "--media-url", "https://staging.example.org/media/")
    root = _wxr(out)
    assert root.findtext("channel/wp:wxr_version", namespaces=WXR_NAMESPACES) == "1.2"
    logins = {a.findtext("wp:author_login", namespaces=WXR_NAMESPACES)
              for a in root.findall("channel/wp:author", WXR_NAMESPACES)}
    assert logins == {"hans-meier", "eva-roth"}
    items = root.findall("channel/item")
    posts = {_text(i, "wp:post_name"): i for i in items if _text(i, "wp:post_type") == "post"}
    assert set(posts) == {"merkel-besucht-berlin", "merkel-visits-berlin", "ohne-datum"}
    de = posts["merkel-besucht-berlin"]
    assert _text(de, "title") == "Merkel besucht Berlin"
    assert _text(de, "wp:post_date") == "2007-11-23 00:00:00"
    assert _text(de, "wp:post_date_gmt") == "2007-11-23 00:00:00"
    assert _text(de, "wp:status") == "publish"
    assert _text(de, "dc:creator") == "hans-meier"
    assert _text(de, "excerpt:encoded") == "Die Kanzlerin spricht über die Regierung."
    content = _text(de, "content:encoded")
    assert "Angela Merkel traf in Berlin" in content and "<script" not in content and "<table" not in content
    assert f"https://staging.example.org/media/{media_name(IMAGE_URL)}" in content
    terms = {(c.get("domain"), c.get("nicename"), c.text) for c in de.findall("category")}
    assert terms == {("category", "politik", "Politik"), ("post_tag", "angela-merkel", "Angela Merkel"),
                     ("post_tag", "berlin", "Berlin")}
    meta = _meta(de)
    assert meta["_nachlese_original_url"] == DE_URL
    en_id = int(_text(posts["merkel-visits-berlin"], "wp:post_id"))
    assert json.loads(meta["_nachlese_translations"])["en"]["post_id"] == en_id
    assert json.loads(meta["_nachlese_translations"])["en"]["path"] == f"/{EN_PATH}/"
    attachments = [i for i in items if _text(i, "wp:post_type") == "attachment"]
    assert {_text(a, "wp:attachment_url") for a in attachments} == {
        f"https://staging.example.org/media/{media_name(IMAGE_URL)}",
        f"https://staging.example.org/media/{media_name(PDF_URL)}",
    }
    assert {_text(a, "wp:post_parent") for a in attachments} == {_text(de, "wp:post_id")}
    assert _meta(posts["ohne-datum"])["_nachlese_undated"] == "1"


def test_wxr_term_lines_are_one_line_each(archive: dict[str, Any]) -> None:
    """The importer's regex fallback parser reads wp:author/wp:category/wp:tag line by line."""
    text = _export(archive, "wxr").read_text(encoding="utf-8")
    for tag in ("wp:author", "wp:category", "wp:tag"):
        for line in text.splitlines():
            if f"<{tag}>" in line:
                assert f"</{tag}>" in line


@pytest.mark.parametrize("excel", [False, True])
def test_csv_rows(archive: dict[str, Any], excel: bool) -> None:
    out = _export(archive, "csv", *(["--excel"] if excel else []))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") is excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    by_url = {row["url"]: row for row in rows}
    assert set(by_url) == {DE_URL, EN_URL, SITE + "politik/ohne-datum.html"}
    en = by_url[EN_URL]
    assert en["authors"] == "Hans Meier; Eva Roth"
    assert en["published"] == "2007-11-23"
    assert json.loads(en["translations"]) == {"de": {"url": DE_URL, "path": f"/{DE_PATH}/"}}
    assert by_url[DE_URL]["entities"] == "Angela Merkel; Berlin"
    assert by_url[DE_URL]["text"].count("\n") == 1  # paragraphs survive inside one quoted cell


def test_existing_folder_needs_force(archive: dict[str, Any]) -> None:
    out = archive["out"] / "md"
    out.mkdir(parents=True)
    (out / "keep.txt").write_text("x", encoding="utf-8")
    refused = run_cli("export", "--db", archive["db"], "--format", "markdown", str(out), check=False)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert (out / "keep.txt").exists()
    run_cli("export", "--db", archive["db"], "--format", "markdown", "--force", str(out))
    assert not (out / "keep.txt").exists()
    assert (out / f"{DE_PATH}.md").is_file()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".md.")]  # no temporary folders left


def test_wxr_of_the_demo_crawl_has_every_article(demo_crawl: Any, tmp_path: Path) -> None:
    out = tmp_path / "demo.wxr"
    run_cli("export", "--db", demo_crawl.database_url, "--format", "wxr", str(out))
    posts = {}
    for item in _wxr(out).findall("channel/item"):
        if _text(item, "wp:post_type") == "post":
            posts[_meta(item)["_nachlese_original_url"]] = item
    assert set(posts) == {a["url"] for a in demo_crawl.articles}
    ids = {url: _text(item, "wp:post_id") for url, item in posts.items()}
    for record in demo_crawl.articles:
        item = posts[record["url"]]
        assert _text(item, "title") == record["title"]
        assert _text(item, "excerpt:encoded") == (record["lead"] or "")
        assert _text(item, "wp:post_date")[:10] == (record["published"] or "")[:10]
        categories = [c.text for c in item.findall("category") if c.get("domain") == "category"]
        assert categories == ([record["category"]] if record["category"] else [])
        assert _text(item, "dc:creator") == (slugify(record["authors"][0]) if record["authors"] else "")
        translations = json.loads(_meta(item)["_nachlese_translations"])
        assert {lang: t["post_id"] for lang, t in translations.items()} == {
            lang: int(ids[url]) for lang, url in record["translations"].items()}
        first_paragraph = record["text"].split("\n")[0]
        assert html.escape(first_paragraph, quote=False) in _text(item, "content:encoded")


@pytest.mark.parametrize("fmt", ["markdown", "csv"])
def test_unwritable_and_mistyped_outputs_are_refused(demo_crawl: Any, tmp_path: Path, fmt: str) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run_cli("export", "--db", demo_crawl.database_url, "--format", fmt, str(locked / "out"), check=False)
        if os.geteuid() != 0:  # root writes anywhere
            assert result.returncode == 2 and "not a writable folder" in result.stderr
    finally:
        locked.chmod(0o700)
    wrong = tmp_path / ("a-file" if fmt == "markdown" else "a-folder")
    if fmt == "markdown":
        wrong.write_text("x", encoding="utf-8")
    else:
        wrong.mkdir()
    result = run_cli("export", "--db", demo_crawl.database_url, "--format", fmt, "--force", str(wrong), check=False)
    assert result.returncode == 2
    assert ("is a file" if fmt == "markdown" else "is a folder") in result.stderr


def test_missing_database_is_refused(tmp_path: Path) -> None:
    result = run_cli("export", "--db", str(tmp_path / "none.sqlite"), "--format", "html", str(tmp_path / "o"),
                     check=False)
    assert result.returncode == 2 and "no database" in result.stderr
    assert not (tmp_path / "none.sqlite").exists()
