"""Pure helpers for article identity and change detection: candidate URLs, fingerprints, hashes."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from db.models import AliasKind
from extract.record import PageRecord

# Fingerprints of less normalised text than this are not used to match articles: too many pages share a
# short stub ("Seite nicht gefunden") for it to be evidence of the same article.
FINGERPRINT_MIN_CHARS = 20


def candidate_urls(record: PageRecord, redirect_urls: list[str]) -> list[tuple[str, AliasKind]]:
    """Every URL that may name the record's article, most authoritative first, without duplicates."""
    ordered: list[tuple[str, AliasKind]] = [
        (record.canonical_url, AliasKind.CANONICAL),
        (record.url, AliasKind.PRINT if record.is_print else AliasKind.URL),
    ]
    ordered += [(url, AliasKind.REDIRECT) for url in redirect_urls]
    ordered += [(url, AliasKind.ALTERNATE) for url in record.alternate_urls]
    seen: set[str] = set()
    result: list[tuple[str, AliasKind]] = []
    for url, kind in ordered:
        if url and url not in seen:
            seen.add(url)
            result.append((url, kind))
    return result


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is Unicode-aware: what remains is what str.isalnum() keeps


def normalise_for_fingerprint(title: str | None, lead: str | None, text: str) -> str:
    """Lowercase alphanumerics of title + lead + text, after Unicode NFKC normalisation."""
    return _alphanumerics(_folded(f"{title or ''}{lead or ''}{text}"))


def _folded(joined: str) -> str:
    return unicodedata.normalize("NFKC", joined).lower()


def _alphanumerics(folded: str) -> str:
    # Each character is kept or dropped on its own, so this may be applied piecewise. Dropping the
    # whitespace first gives the same result (it is no alphanumeric) with far fewer regex matches.
    return _NOT_ALNUM.sub("", "".join(folded.split()))


def content_fingerprint(title: str | None, lead: str | None, text: str) -> str:
    """sha1 hex of the normalised title + lead + text: equal for the same article under any URL."""
    return _sha1(normalise_for_fingerprint(title, lead, text))


def text_fingerprint(lead: str | None, text: str) -> str:
    """sha1 hex of the normalised lead + text: matches a print version whose title is decorated."""
    return content_fingerprint(None, lead, text)


def fingerprint_usable(title: str | None, lead: str | None, text: str) -> bool:
    """Whether the content is long enough for its fingerprint to identify an article."""
    return len(normalise_for_fingerprint(title, lead, text)) >= FINGERPRINT_MIN_CHARS


@dataclass(frozen=True, slots=True)
class Fingerprints:
    """Both fingerprints of a record and whether each may identify an article (the text normalised once)."""

    content: str  # content_fingerprint(title, lead, text)
    text: str  # text_fingerprint(lead, text)
    content_usable: bool  # fingerprint_usable(title, lead, text)
    text_usable: bool  # fingerprint_usable(None, lead, text)


def fingerprints(record: PageRecord) -> Fingerprints:
    """The record's fingerprints, equal to ``content_fingerprint``/``text_fingerprint``/``fingerprint_usable``."""
    folded_body = _folded(f"{record.lead or ''}{record.text}")
    folded_full = _folded(f"{record.title or ''}{record.lead or ''}{record.text}") if record.title else folded_body
    body = _alphanumerics(folded_body)
    if folded_full.endswith(folded_body):  # the usual case: filter only the title part again, not the whole text
        full = _alphanumerics(folded_full[: len(folded_full) - len(folded_body)]) + body
    else:  # normalising joined title and lead changed the boundary (a combining character, ...)
        full = _alphanumerics(folded_full)
    return Fingerprints(
        content=_sha1(full),
        text=_sha1(body),
        content_usable=len(full) >= FINGERPRINT_MIN_CHARS,
        text_usable=len(body) >= FINGERPRINT_MIN_CHARS,
    )


def content_hash(record: PageRecord) -> str:
    """sha256 over every article field that is stored: any difference means a new version."""
    published = record.published.astimezone(UTC).isoformat() if record.published else None
    return _sha256(
        [
            record.title,
            record.lead,
            record.text,
            record.html,
            published,
            record.published_raw,
            record.published_has_time,
            record.language,
            list(record.authors),
            record.category,
        ]
    )


def enrichment_hash(record: PageRecord) -> str:
    """sha256 over entities, links, images and translations: whether to rewrite those rows."""
    return _sha256(
        [
            [[m.text, m.label, str(m.field), m.start, m.end, m.canonical] for m in record.entities],
            [[link.url, link.text] for link in record.links],
            [[img.url, img.alt, img.caption, img.local_path] for img in record.images],
            sorted(record.translations.items()),
        ]
    )


def _sha256(value: Any) -> str:
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _sha1(normalised: str) -> str:
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()
