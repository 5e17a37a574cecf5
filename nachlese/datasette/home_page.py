"""The start panel of `nachlese serve`'s home page: search, top entities, articles by month, sites."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Entities listed per label on the home page (the canned queries list more).
TOP_ENTITIES = 8
#: Labels shown, with their heading and the canned query that lists more.
LABELS = (("PER", "People", "top_people"), ("ORG", "Organisations", "top_organisations"),
          ("LOC", "Places", "top_places"))


@dataclass(frozen=True, slots=True)
class TopEntity:
    """An entity with its mentions and the number of articles mentioning it."""

    entity_id: int
    name: str
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class TopList:
    """The most mentioned entities of one label."""

    label: str
    heading: str
    query: str  # canned query listing more
    entities: list[TopEntity]


@dataclass(frozen=True, slots=True)
class Month:
    """A calendar month (UTC) with its dated articles."""

    year: int
    month: int
    articles: int

    @property
    def key(self) -> str:
        """``YYYY-MM``: the prefix of ``articles.published`` in that month."""
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, slots=True)
class SiteSummary:
    """A crawled site and its number of articles."""

    site_id: int
    base_url: str
    articles: int


@dataclass(frozen=True, slots=True)
class HomePage:
    """Everything the start panel shows for one database."""

    database: str
    articles: int
    undated: int
    top: list[TopList]
    months: list[Month]
    sites: list[SiteSummary]

    @property
    def busiest_month(self) -> int:
        """The largest number of articles in one month (for scaling the bars)."""
        return max((month.articles for month in self.months), default=0)


# the top entities by their stored mention count first, then the articles of those few only
_TOP = f"""
WITH top AS (
  SELECT id, canonical_name, mention_count FROM entities
  WHERE label = :label AND mention_count > 0
  ORDER BY mention_count DESC, canonical_name
  LIMIT {TOP_ENTITIES}
)
SELECT top.id, top.canonical_name, top.mention_count AS mentions,
       (SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.entity_id = top.id) AS articles
FROM top
ORDER BY mentions DESC, articles DESC, top.canonical_name
"""
_MONTHS = "SELECT year, month, article_count FROM articles_per_month ORDER BY year, month"
_COUNTS = "SELECT COUNT(*) AS articles, COUNT(*) - COUNT(published) AS undated FROM articles"
_SITES = """
SELECT s.id, s.base_url, COUNT(a.id) AS articles
FROM sites s LEFT JOIN articles a ON a.site_id = s.id
GROUP BY s.id, s.base_url ORDER BY articles DESC, s.base_url
"""


async def is_nachlese_database(db: Any) -> bool:
    """Whether the database has nachlese's tables (Datasette may serve others beside it)."""
    return {"articles", "entities", "mentions", "sites"} <= set(await db.table_names())


async def load_home(db: Any) -> HomePage:
    """The start panel of the Datasette database ``db``."""
    counts = (await db.execute(_COUNTS)).first()
    top = [
        TopList(label, heading, query, [TopEntity(r["id"], r["canonical_name"], r["mentions"], r["articles"])
                                        for r in await db.execute(_TOP, {"label": label})])
        for label, heading, query in LABELS
    ]
    return HomePage(
        database=db.name,
        articles=counts["articles"],
        undated=counts["undated"],
        top=top,
        months=[Month(r["year"], r["month"], r["article_count"]) for r in await db.execute(_MONTHS)],
        sites=[SiteSummary(r["id"], r["base_url"], r["articles"]) for r in await db.execute(_SITES)],
    )
