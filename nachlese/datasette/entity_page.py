"""The entity page of `nachlese serve`: an `entities` row with its names, mentions per month, articles, companions."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from datasette.database import QueryInterrupted

from db.dates import from_sqlite_text, published_iso
from nachlese.datasette.text import SENTENCE_WINDOW, InContext, sentence_around

logger = logging.getLogger(__name__)

#: Articles listed on an entity page (newest last); the canned query `articles_mentioning` lists them all.
MAX_ARTICLES = 100
#: Mentions shown in context per article.
MAX_CONTEXTS = 3
#: Entities listed as appearing together with this one.
MAX_COMPANIONS = 20
#: A timeline longer than this many months is drawn per year.
MAX_MONTHS = 120


@dataclass(frozen=True, slots=True)
class Name:
    """One way the entity was written, and how often."""

    text: str
    mentions: int


@dataclass(frozen=True, slots=True)
class Period:
    """One bar of the timeline: a month (``2007-12``) or a year, with its mentions and articles."""

    period: str
    mentions: int
    articles: int


@dataclass(slots=True)
class MentioningArticle:
    """An article that mentions the entity, with the sentence around its first mentions."""

    article_id: int
    title: str | None
    published: str | None
    language: str | None
    mentions: int
    contexts: list[InContext] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Companion:
    """An entity mentioned in the same articles."""

    entity_id: int
    label: str
    name: str
    articles: int


@dataclass(frozen=True, slots=True)
class OtherLabel:
    """The same name stored as an entity with another label."""

    entity_id: int
    label: str
    mentions: int


@dataclass(slots=True)
class EntityPage:
    """Everything the entity template shows."""

    entity_id: int
    label: str
    name: str
    mention_count: int
    article_count: int
    undated_mentions: int
    names: list[Name]
    timeline: list[Period]
    timeline_unit: str  # "month" or "year"
    articles: list[MentioningArticle]
    companions: list[Companion] | None  # None: not counted within the SQL time limit
    other_labels: list[OtherLabel]

    @property
    def busiest(self) -> int:
        """The largest number of mentions in one period (for scaling the bars)."""
        return max((period.mentions for period in self.timeline), default=0)


_ENTITY = """
SELECT e.id, e.label, e.canonical_name,
       (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions,
       (SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id = e.id) AS articles
FROM entities e WHERE e.id = :id
"""
_NAMES = """
SELECT text, COUNT(*) AS mentions FROM mentions WHERE entity_id = :id
GROUP BY text ORDER BY mentions DESC, text
"""
_PER_MONTH = """
SELECT substr(a.published, 1, 7) AS month, COUNT(*) AS mentions, COUNT(DISTINCT a.id) AS articles
FROM mentions m JOIN articles a ON a.id = m.article_id
WHERE m.entity_id = :id
GROUP BY month ORDER BY month
"""
_ARTICLES = f"""
SELECT a.id, a.title, a.published, a.published_offset_minutes, a.published_has_time, a.language,
       COUNT(*) AS mentions
FROM mentions m JOIN articles a ON a.id = m.article_id
WHERE m.entity_id = :id
GROUP BY a.id
ORDER BY a.published IS NULL, a.published, a.id
LIMIT {MAX_ARTICLES}
"""
# the text around each mention (not the whole field): SQLite's substr counts characters, as the offsets do
_CONTEXTS = f"""
SELECT article_id, start_offset, end_offset, window_start,
       substr(CASE field WHEN 'title' THEN a.title WHEN 'lead' THEN a.lead ELSE a.text END,
              window_start + 1, end_offset - window_start + {SENTENCE_WINDOW}) AS window
FROM (
  SELECT m.article_id, m.field, m.start_offset, m.end_offset,
         max(0, m.start_offset - {SENTENCE_WINDOW}) AS window_start,
         row_number() OVER (PARTITION BY m.article_id
                            ORDER BY CASE m.field WHEN 'title' THEN 0 WHEN 'lead' THEN 1 ELSE 2 END,
                                     m.start_offset) AS n
  FROM mentions m WHERE m.entity_id = :id AND m.article_id IN ({{ids}})
) JOIN articles a ON a.id = article_id
WHERE n <= {MAX_CONTEXTS}
ORDER BY article_id, n
"""
_COMPANIONS = f"""
SELECT e.id, e.label, e.canonical_name, COUNT(DISTINCT here.article_id) AS articles
FROM (SELECT DISTINCT article_id FROM mentions WHERE entity_id = :id) AS here
JOIN mentions other ON other.article_id = here.article_id AND other.entity_id != :id
JOIN entities e ON e.id = other.entity_id
GROUP BY e.id, e.label, e.canonical_name
ORDER BY articles DESC, e.canonical_name
LIMIT {MAX_COMPANIONS}
"""
_OTHER_LABELS = """
SELECT id, label, mention_count FROM entities
WHERE canonical_name = :name AND id != :id AND mention_count > 0 ORDER BY label
"""


def timeline(per_month: list[tuple[str, int, int]]) -> tuple[list[Period], str]:
    """Every month from the first to the last (empty months included), or every year when that is too long.

    ``per_month``: (``YYYY-MM``, mentions, articles) for the months that have mentions.

    >>> [p.period for p in timeline([("2007-11", 1, 1), ("2008-01", 2, 1)])[0]]
    ['2007-11', '2007-12', '2008-01']
    """
    if not per_month:
        return [], "month"
    counts = {month: (mentions, articles) for month, mentions, articles in per_month}
    first, last = min(counts), max(counts)
    first_year, first_month = int(first[:4]), int(first[5:7])
    last_year, last_month = int(last[:4]), int(last[5:7])
    span = (last_year - first_year) * 12 + last_month - first_month + 1
    if span > MAX_MONTHS:
        years: dict[str, list[int]] = {}
        for key, (mentions, articles) in counts.items():
            totals = years.setdefault(key[:4], [0, 0])
            totals[0] += mentions
            totals[1] += articles  # an article is dated in exactly one month, so this sums without doubles
        return [Period(str(year), *years.get(str(year), [0, 0])) for year in range(first_year, last_year + 1)], "year"
    periods = []
    for index in range(span):
        years_on, month_index = divmod(first_month - 1 + index, 12)
        key = f"{first_year + years_on:04d}-{month_index + 1:02d}"
        periods.append(Period(key, *counts.get(key, (0, 0))))
    return periods, "month"


async def load_entity(db: Any, entity_id: int) -> EntityPage | None:
    """The entity page of ``entity_id`` from the Datasette database ``db``; None when there is no such entity."""
    row = (await db.execute(_ENTITY, {"id": entity_id})).first()
    if row is None:
        return None
    params = {"id": entity_id}
    months = [(r["month"], r["mentions"], r["articles"]) for r in await db.execute(_PER_MONTH, params)]
    undated = sum(mentions for month, mentions, _ in months if month is None)
    periods, unit = timeline([m for m in months if m[0] is not None])
    articles = {
        r["id"]: MentioningArticle(
            r["id"], r["title"],
            published_iso(from_sqlite_text(r["published"]), r["published_offset_minutes"],
                          bool(r["published_has_time"])),
            r["language"], r["mentions"])
        for r in await db.execute(_ARTICLES, params)
    }
    if articles:
        ids = ", ".join(str(int(article_id)) for article_id in articles)
        for context in await db.execute(_CONTEXTS.replace("{ids}", ids), params):
            window = context["window"] or ""
            start = context["start_offset"] - context["window_start"]
            end = context["end_offset"] - context["window_start"]
            articles[context["article_id"]].contexts.append(sentence_around(window, start, end))
    try:
        companions: list[Companion] | None = [
            Companion(r["id"], r["label"], r["canonical_name"], r["articles"])
            for r in await db.execute(_COMPANIONS, params)]
    except QueryInterrupted:  # an entity in a large share of a huge archive: the rest of the page still shows
        logger.warning("entity %s: co-occurring entities not counted within the SQL time limit", entity_id)
        companions = None
    return EntityPage(
        entity_id=entity_id,
        label=row["label"],
        name=row["canonical_name"],
        mention_count=row["mentions"],
        article_count=row["articles"],
        undated_mentions=undated,
        names=[Name(r["text"], r["mentions"]) for r in await db.execute(_NAMES, params)],
        timeline=periods,
        timeline_unit=unit,
        articles=list(articles.values()),
        companions=companions,
        other_labels=[OtherLabel(r["id"], r["label"], r["mention_count"])
                      for r in await db.execute(_OTHER_LABELS, {"id": entity_id, "name": row["canonical_name"]})],
    )
