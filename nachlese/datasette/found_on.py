"""Which stored listing pages link to each article: read once per `nachlese serve` from the pages' raw bodies.

The crawl keeps every page's bytes but not the links between pages, so the index is built from the
listing (and other non-article) pages when the server starts, in Datasette's read thread; an article
page shows it once it is ready and says so until then.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

from extract.links import outlinks
from extract.parse import parse_html
from extract.urls import canonical_url, fetch_url

logger = logging.getLogger(__name__)

#: Page kinds whose links say where an article was found (article pages link through their body, see links).
LISTING_KINDS = ("listing", "other")
#: How long an article page waits for an index still being built before it says so.
WAIT_S = 2.0
#: Listing pages shown per article at most.
MAX_PAGES = 20


@dataclass(slots=True)
class FoundOn:
    """For each article id, the ids of the listing pages linking to it; the URL of each such page."""

    pages: dict[int, list[int]] = field(default_factory=dict)
    urls: dict[int, str] = field(default_factory=dict)
    listings_read: int = 0

    def for_article(self, article_id: int) -> list[str]:
        """The URLs of the listing pages that link to the article (at most MAX_PAGES)."""
        return [self.urls[page_id] for page_id in self.pages.get(article_id, [])[:MAX_PAGES]]


def page_targets(body: bytes, encoding: str | None, url: str) -> set[str]:
    """Every link of a stored page, absolute, in the forms the crawl stores URLs in (fetched and canonical)."""
    try:
        text = body.decode(encoding or "utf-8", errors="replace")
    except LookupError:  # a charset label Python does not know
        text = body.decode("utf-8", errors="replace")
    targets: set[str] = set()
    for target in outlinks(parse_html(text), url):
        targets.update((target, fetch_url(target), canonical_url(target)))
    return targets


def build(conn: sqlite3.Connection) -> FoundOn:
    """Read every listing page's body and map its links to articles through url_aliases (any URL of an article)."""
    started = time.perf_counter()
    article_of: dict[str, int] = dict(conn.execute("SELECT url, article_id FROM url_aliases"))
    article_of.update(conn.execute("SELECT canonical_url, id FROM articles"))
    index = FoundOn()
    kinds = ", ".join(f"'{kind}'" for kind in LISTING_KINDS)
    rows = conn.execute(
        f"SELECT id, url, body, body_compression, encoding FROM pages "
        f"WHERE kind IN ({kinds}) AND body IS NOT NULL AND error IS NULL ORDER BY url")
    for page_id, url, body, compression, encoding in rows:
        try:
            raw = zlib.decompress(body) if compression == "zlib" else bytes(body)
            targets = page_targets(raw, encoding, url)
        except Exception as exc:  # one unreadable page (bad bytes, a parser error) is skipped, not the index
            logger.warning("found-on index: page %s skipped (%s: %s)", url, type(exc).__name__, exc)
            continue
        index.listings_read += 1
        linked = {article_of[target] for target in targets if target in article_of}
        if linked:
            index.urls[page_id] = url
        for article_id in linked:
            index.pages.setdefault(article_id, []).append(page_id)
    logger.info("found-on index: %d listing pages read in %.1f s", index.listings_read, time.perf_counter() - started)
    return index


class FoundOnIndexes:
    """One index per database, built in the background from the first request on (or from start-up)."""

    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Task[FoundOn]] = {}

    def start(self, db: Any) -> asyncio.Task[FoundOn]:
        """Start building the index of ``db`` unless it is built or being built."""
        task = self._tasks.get(db.name)
        if task is None:
            task = asyncio.get_running_loop().create_task(db.execute_fn(build))
            self._tasks[db.name] = task
        return task

    async def get(self, db: Any, wait: float = WAIT_S) -> FoundOn | None:
        """The index of ``db``, waiting at most ``wait`` seconds for it; None while it is still being built."""
        task = self.start(db)
        try:
            return await asyncio.wait_for(asyncio.shield(task), wait)
        except TimeoutError:
            return None
        except Exception:  # the database could not be read: the page shows everything else
            logger.exception("found-on index of %s failed", db.name)
            self._tasks[db.name] = asyncio.get_running_loop().create_task(_empty())
            return None


async def _empty() -> FoundOn:
    return FoundOn()
