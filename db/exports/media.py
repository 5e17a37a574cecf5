"""Stable names of downloaded media files (hash of the URL) and the index of which ones exist."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

__all__ = [
    "ATTACHMENT_EXTENSIONS",
    "MEDIA_PREFIX",
    "MediaIndex",
    "is_attachment",
    "media_name",
]

#: Folder (and URL path) under which exports place media files: ``/media/ab/ab12….png``.
MEDIA_PREFIX = "media"
#: File types of linked attachments that are downloaded and exported with the articles.
ATTACHMENT_EXTENSIONS = frozenset({
    ".pdf", ".doc", ".docx", ".rtf", ".odt", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp", ".zip", ".mp3",
})
_KNOWN_EXTENSIONS = ATTACHMENT_EXTENSIONS | {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff"}


def _extension(url: str) -> str:
    ext = posixpath.splitext(urlsplit(url).path)[1].lower()
    return ext if ext in _KNOWN_EXTENSIONS else ""


def media_name(url: str) -> str:
    """Relative path of a downloaded file: ``<2 hex>/<sha1 of the URL><known extension>``.

    >>> media_name("http://a.de/img/Foto.JPG")
    'a8/a8ccd5ddd465da1064f948b6919b42e7b231d8fd.jpg'
    """
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()
    return f"{digest[:2]}/{digest}{_extension(url)}"


def is_attachment(url: str) -> bool:
    """Whether a link points at a document worth keeping with the article (PDF, DOC, ...)."""
    return posixpath.splitext(urlsplit(url).path)[1].lower() in ATTACHMENT_EXTENSIONS


@dataclass
class MediaIndex:
    """Which old media URLs have a downloaded file, and where the exports put it.

    Files come from ``images.local_path`` (set by the crawl's media pipeline) and, when ``media_dir``
    is given, from any file named ``media_name(url)`` found there (attachments, older crawls).
    """

    media_dir: Path | None = None
    local: dict[str, str] = field(default_factory=dict)  # old URL -> path relative to media_dir

    def add_stored(self, rows: Iterable[tuple[str, str | None]]) -> None:
        """Register ``(url, local_path)`` pairs from the database (None: not downloaded)."""
        for url, local_path in rows:
            if local_path:
                self.local.setdefault(url, local_path)

    def relpath(self, url: str) -> str | None:
        """The file's path relative to the media folder, or None when it was not downloaded."""
        if url in self.local:
            return self.local[url]
        if self.media_dir is not None:
            name = media_name(url)
            if (self.media_dir / name).is_file():
                self.local[url] = name
                return name
        return None

    def new_path(self, url: str) -> str | None:
        """Root-relative path of the file on the new site (``/media/ab/….png``), or None."""
        relpath = self.relpath(url)
        return None if relpath is None else f"/{MEDIA_PREFIX}/{relpath}"

    def source(self, url: str) -> Path | None:
        """The downloaded file on disk, when the media folder is known and holds it."""
        relpath = self.relpath(url)
        if relpath is None or self.media_dir is None:
            return None
        path = self.media_dir / relpath
        return path if path.is_file() else None
