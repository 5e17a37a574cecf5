"""The export field set of one article (the JSONL format), built from a PageRecord."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from extract.record import FIELD_ORDER, PageRecord


def format_published(published: datetime | None, has_time: bool) -> str | None:
    """ISO 8601: a date when only the day is known, else a datetime with its UTC offset."""
    if published is None:
        return None
    return published.isoformat() if has_time else published.date().isoformat()


def export_fields(record: PageRecord) -> dict[str, Any]:
    """`url, title, published, language, lead, text, authors, category, translations, entities`."""
    mentions = sorted(record.entities, key=lambda m: (FIELD_ORDER[m.field], m.start, m.end))
    return {
        "url": record.canonical_url,
        "title": record.title,
        "published": format_published(record.published, record.published_has_time),
        "language": record.language,
        "lead": record.lead,
        "text": record.text,
        "authors": list(record.authors),
        "category": record.category,
        "translations": dict(sorted(record.translations.items())),
        "entities": [
            {"text": m.text, "label": m.label, "field": m.field.value, "start": m.start, "end": m.end}
            for m in mentions
        ],
    }
