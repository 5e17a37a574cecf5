"""Media pipeline: images and PDFs of an article downloaded through Scrapy with stable names."""

from __future__ import annotations

import hashlib
import http.server
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.media import media_urls
from db.exports.media import media_name
from extract.record import Image, Link, PageKind, PageRecord
from tests.faulty_server import serve_handler

ROOT = Path(__file__).resolve().parent.parent
PNG = bytes.fromhex(  # a 1x1 transparent PNG
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PDF = b"%PDF-1.1\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media_server(tmp_path: Path) -> Iterator[str]:
    """A local server with /pic.png and /plan.pdf (port 0)."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "pic.png").write_bytes(PNG)
    (root / "plan.pdf").write_bytes(PDF)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with serve_handler(Handler) as url:
        yield url


def _record(base: str) -> PageRecord:
    return PageRecord(
        url=base + "artikel.html", canonical_url=base + "artikel.html", kind=PageKind.ARTICLE, title="T",
        images=[Image(base + "pic.png", alt="Bild")],
        links=[Link(base + "plan.pdf", "Plan"), Link("http://extern.example/", "Extern")],
    )


def test_media_urls_are_images_then_documents() -> None:
    base = "http://a.de/"
    assert media_urls(_record(base)) == [base + "pic.png", base + "plan.pdf"]


class ResultPipeline:
    """Runs after the media pipeline (in the crawl subprocess): writes what the item carries to a file."""

    def __init__(self, out: str) -> None:
        self.out = out

    @classmethod
    def from_crawler(cls, crawler: Any) -> ResultPipeline:
        return cls(crawler.settings["TEST_RESULT_FILE"])

    def process_item(self, item: Any, spider: Any = None) -> Any:
        image = item.record.images[0]
        Path(self.out).write_text(json.dumps({"local_path": getattr(image, "local_path", None)}), encoding="utf-8")
        return item


def _crawl_script(base: str, media: Path, out: Path) -> str:
    """A one-item crawl in a fresh interpreter (a Twisted reactor cannot restart in the test process)."""
    return f"""
import json
from scrapy import Spider
from scrapy.crawler import CrawlerProcess
from crawler.items import FetchedPage, ProcessedPage
from tests.test_export_media import _record

class OneItem(Spider):
    name = "one"
    start_urls = [{base!r} + "pic.png"]
    def parse(self, response):
        yield ProcessedPage(FetchedPage(url={base!r} + "artikel.html", status=200), records=[_record({base!r})])

process = CrawlerProcess({{
    "ITEM_PIPELINES": {{"crawler.media.MediaPipeline": 250, "tests.test_export_media.ResultPipeline": 300}},
    "NACHLESE_MEDIA_DIR": {str(media)!r}, "ROBOTSTXT_OBEY": False, "LOG_LEVEL": "ERROR",
    "TEST_RESULT_FILE": {str(out)!r},
    "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
}})
crawler = process.create_crawler(OneItem)
process.crawl(crawler)
process.start()
result = json.load(open({str(out)!r}))
result["stats"] = {{k: v for k, v in crawler.stats.get_stats().items() if k.startswith("nachlese/media")}}
json.dump(result, open({str(out)!r}, "w"))
"""


@pytest.fixture
def media_crawl(media_server: str, tmp_path: Path) -> dict[str, Any]:
    media, out = tmp_path / "media", tmp_path / "result.json"
    script = _crawl_script(media_server, media, out)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return {"base": media_server, "media": media, **json.loads(out.read_text(encoding="utf-8"))}


def test_files_are_stored_by_url_hash_byte_for_byte(media_crawl: dict[str, Any]) -> None:
    base, media = media_crawl["base"], media_crawl["media"]
    png, pdf = media / media_name(base + "pic.png"), media / media_name(base + "plan.pdf")
    assert png.read_bytes() == PNG  # not re-encoded (ImagesPipeline would make a JPEG)
    assert pdf.read_bytes() == PDF
    assert png.name == hashlib.sha1((base + "pic.png").encode()).hexdigest() + ".png"
    assert media_crawl["stats"] == {"nachlese/media/downloaded": 2, "nachlese/media/failed": 0}


def test_images_get_their_local_path(media_crawl: dict[str, Any]) -> None:
    assert media_crawl["local_path"] == media_name(media_crawl["base"] + "pic.png")
