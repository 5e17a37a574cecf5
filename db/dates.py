"""The one text form of an article's publication time, as the JSONL export documents it (README.md, "Export format")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone


def published_iso(published: datetime | None, offset_minutes: int | None, has_time: bool) -> str | None:
    """ISO 8601: the date alone when the time of day is unknown, else the time in the offset it was printed with.

    >>> published_iso(datetime(2007, 12, 5, tzinfo=UTC), None, False)
    '2007-12-05'
    >>> published_iso(datetime(2009, 3, 13, 13, 30, tzinfo=UTC), 60, True)
    '2009-03-13T14:30:00+01:00'
    >>> published_iso(datetime(2009, 3, 13, 13, 30, tzinfo=UTC), None, True)
    '2009-03-13T13:30:00+00:00'
    """
    if published is None:
        return None
    zone = UTC if offset_minutes is None else timezone(timedelta(minutes=offset_minutes))
    local = published.astimezone(zone)
    return local.isoformat() if has_time else local.date().isoformat()


def from_sqlite_text(value: str | None) -> datetime | None:
    """A UTC datetime from the text SQLite stores (``YYYY-MM-DD HH:MM:SS.ffffff``, UTC, no offset)."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
