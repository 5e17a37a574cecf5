"""Media pipeline: download the images and attached documents of article records (``crawl --media DIR``)."""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.pipelines.files import FilesPipeline

from crawler.items import ProcessedPage
from db.exports.media import is_attachment, media_name
from extract.record import PageKind, PageRecord

__all__ = ["MediaPipeline", "attach_local_paths", "media_urls"]

logger = logging.getLogger(__name__)

def media_urls(record: PageRecord, max_files: int = 50) -> list[str]:
    """The files worth keeping with an article: its images, then its links to documents (PDF, DOC, ...)."""
    urls = [image.url for image in record.images] + [link.url for link in record.links if is_attachment(link.url)]
    wanted = [url for url in dict.fromkeys(urls) if url.startswith(("http://", "https://"))]
    return wanted[:max_files]


def attach_local_paths(record: PageRecord, paths: dict[str, str]) -> int:
    """Set ``local_path`` (relative to the media folder) on the record's downloaded images; return how many."""
    count = 0
    for image in record.images:
        if image.url in paths:
            setattr(image, "local_path", paths[image.url])  # noqa: B010 - field added by the lead's model change
            count += 1
    return count


class MediaPipeline(FilesPipeline):
    """Scrapy's FilesPipeline for images and documents of articles, kept byte for byte.

    Runs after extraction (it needs the record) and before storage (so the stored images get their
    ``local_path``). Files are named by the SHA-1 of their URL (``ab/ab12….png``, see
    ``db.exports.media.media_name``): the same URL always lands in the same file, across crawls, and a
    file already there is not fetched again until ``FILES_EXPIRES`` days passed. FilesPipeline, not
    ImagesPipeline: the latter re-encodes every image as JPEG (losing GIF animation and PNG
    transparency) and needs Pillow; a rescue keeps the original bytes.
    """

    def __init__(self, store_uri: str, *, crawler: Crawler, max_files: int = 50) -> None:
        super().__init__(store_uri, crawler=crawler)
        self.max_files = max_files

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        store = crawler.settings.get("NACHLESE_MEDIA_DIR")
        if not store:
            raise NotConfigured  # media download not asked for (nachlese crawl --media DIR); no warning
        cls._update_stores(crawler.settings)
        return cls(str(store), crawler=crawler, max_files=crawler.settings.getint("NACHLESE_MEDIA_MAX_FILES", 50))

    def get_media_requests(self, item: Any, info: Any) -> list[Request]:
        """One request per image or document of an article record; nothing for other pages."""
        record = item.record if isinstance(item, ProcessedPage) else None
        if record is None or record.kind is not PageKind.ARTICLE or item.error is not None:
            return []
        return [Request(url, callback=NO_CALLBACK) for url in media_urls(record, self.max_files)]

    def file_path(self, request: Request, response: Response | None = None, info: Any = None, *,
                  item: Any = None) -> str:
        """``ab/<sha1 of the URL><extension>`` below the media folder."""
        return media_name(request.url)

    def item_completed(self, results: list[Any], item: Any, info: Any) -> Any:
        """Log failed downloads (the article is stored anyway) and set ``local_path`` on the images."""
        super().item_completed(results, item, info)
        record = item.record if isinstance(item, ProcessedPage) else None
        # results come in request order; the record's URLs, not the (normalised) request URLs, are the keys
        urls = media_urls(record, self.max_files) if record is not None else []
        paths = {url: value["path"] for url, (ok, value) in zip(urls, results, strict=False) if ok}
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("nachlese/media/downloaded", len(paths))
            stats.inc_value("nachlese/media/failed", len(results) - len(paths))
        if record is not None and paths:
            attach_local_paths(record, paths)
        return item
