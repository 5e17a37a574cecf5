"""Readable, stable, unique URL slugs for articles, persisted in ``articles.slug``."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import Article

__all__ = ["MAX_SLUG_LENGTH", "assign_slugs", "base_slug", "slugify", "transliterate"]

logger = logging.getLogger(__name__)

#: Longest slug (characters); longer titles are cut at a word boundary.
MAX_SLUG_LENGTH = 60
#: Length of the URL hash that tells apart articles whose titles give the same slug.
SUFFIX_LENGTH = 6

# German first (ä -> ae, not a), then a few letters NFKD does not decompose.
_TRANSLITERATION = str.maketrans({
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS",
    "æ": "ae", "Æ": "Ae", "ø": "oe", "Ø": "Oe", "œ": "oe", "Œ": "Oe", "å": "aa", "Å": "Aa",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i",
    "€": " euro ", "&": " und ", "@": " at ",
})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def transliterate(text: str) -> str:
    """ASCII text: German umlauts as ae/oe/ue/ss, other accents folded, unknown letters dropped.

    >>> transliterate("Größe für Ärzte – Café Ångström")
    'Groesse fuer Aerzte - Cafe Aangstroem'
    """
    text = unicodedata.normalize("NFC", text).translate(_TRANSLITERATION)
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).encode("ascii", "ignore").decode()


def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Lowercase ASCII words joined by "-", cut at a word boundary to ``max_length``; may be empty.

    >>> slugify("Clusterprozess Energie in der Ems-Achse offiziell gestartet")
    'clusterprozess-energie-in-der-ems-achse-offiziell-gestartet'
    >>> slugify("Fachkräfte: „Wir müssen jetzt handeln“")
    'fachkraefte-wir-muessen-jetzt-handeln'
    """
    slug = _NON_WORD.sub("-", transliterate(text).lower()).strip("-")
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1]
    return (cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]).strip("-")


def _url_hash(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:SUFFIX_LENGTH]


def base_slug(title: str | None, canonical_url: str) -> str:
    """The slug an article would get without collisions: from its title, else from its URL's hash."""
    slug = slugify(title or "", MAX_SLUG_LENGTH - SUFFIX_LENGTH - 1)
    return slug or f"artikel-{_url_hash(canonical_url)}"


def assign_slugs(session: Session) -> dict[int, str]:
    """Give every article without a slug one (persisted) and return ``{article id: slug}`` for all.

    A stored slug never changes. A new slug is the title's slug; when that is taken (by a stored slug
    or by a new article that sorts first: not print-only, then by canonical URL), the new article gets the
    hash of its canonical URL appended. So the result depends on titles and URLs, never on crawl or export order.
    """
    rows = session.execute(
        select(Article.id, Article.slug, Article.title, Article.canonical_url, Article.is_print_only)
    ).all()
    slugs: dict[int, str] = {row.id: row.slug for row in rows if row.slug}
    taken = set(slugs.values())
    # articles known only from a print page yield the plain slug to a real one of the same title
    pending = sorted((row for row in rows if not row.slug), key=lambda row: (row.is_print_only, row.canonical_url))
    for row in pending:
        slug = base_slug(row.title, row.canonical_url)
        if slug in taken:
            slug = f"{slug}-{_url_hash(row.canonical_url)}"
        counter = 2
        while slug in taken:  # a hash collision on top of a title collision: practically never
            slug = f"{base_slug(row.title, row.canonical_url)}-{_url_hash(row.canonical_url)}-{counter}"
            counter += 1
        taken.add(slug)
        slugs[row.id] = slug
        session.execute(update(Article).where(Article.id == row.id, Article.slug.is_(None)).values(slug=slug))
    if pending:
        logger.info("assigned slugs to %d articles", len(pending))
    return slugs
