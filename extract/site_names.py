"""Site-wide name consistency: a name keeps one label across a site's articles and language versions.

The idea is "one sense per discourse" (Gale, Church & Yarowsky 1992) as used for NER by Krishnan &
Manning (2006): a legacy site writes about the same few firms, places and people again and again,
so a name the tagger labels one way in most of the site's articles is that entity everywhere on
the site. Two steps use it, both driven by the articles' own mentions (nothing is looked up):

* **relabelling**: a mention whose label disagrees with the site's clear label for the same name
  takes that label ("Groningen" tagged PER in one English article, LOC in three others);
* **spreading**: a distinctive name (several words, hyphenated, an acronym of three letters or more:
  see :func:`spreadable`) is tagged where it occurs untagged, as long as the site
  tags it in at least as many articles as it leaves it untagged. A mention lying inside the new span
  is a fragment of the name and gives way ("Ems" inside "Ems-Achse").

The functions are pure and work one article at a time, so a database can stream a site through them
(see :mod:`db.site_entities`): count the labels, count where candidates are tagged, then apply.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from extract.entities import distinctive_name, normalise_mentions
from extract.record import FIELD_ORDER, EntityMention, PageRecord

#: Articles a label needs before it overrides another label (one article could be the tagger's slip).
MIN_ARTICLES_TO_OVERRIDE = 2
#: A label overrides others only when it has at least this many times as many articles as they have.
OVERRIDE_RATIO = 2

_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class SiteNameChanges:
    """What applying the site's names changed in one article (or, summed, in a site)."""

    relabelled: int = 0
    added: int = 0
    replaced: int = 0  # fragment mentions removed in favour of a longer site name
    articles: int = 0  # articles with at least one change

    def __iadd__(self, other: SiteNameChanges) -> SiteNameChanges:
        self.relabelled += other.relabelled
        self.added += other.added
        self.replaced += other.replaced
        self.articles += other.articles
        return self

    def __bool__(self) -> bool:
        return bool(self.relabelled or self.added or self.replaced)


def count_labels(articles: Iterable[Iterable[EntityMention]]) -> dict[str, Counter[str]]:
    """Per name (a mention's text), the number of articles that tag it with each label."""
    votes: dict[str, Counter[str]] = {}
    for mentions in articles:
        for name, label in {(m.text, m.label) for m in mentions}:
            votes.setdefault(name, Counter())[label] += 1
    return votes


def clear_label(votes: Counter[str]) -> str | None:
    """The label the site gives a name: unanimous, or a clear majority of articles; else None."""
    if not votes:
        return None
    (label, count), total = votes.most_common(1)[0], sum(votes.values())
    rest = total - count
    if rest == 0 or (count >= MIN_ARTICLES_TO_OVERRIDE and count >= OVERRIDE_RATIO * rest):
        return label
    return None


def clear_labels(votes: dict[str, Counter[str]]) -> dict[str, str]:
    """Every name with a clear label, with that label."""
    labels = {name: clear_label(counter) for name, counter in votes.items()}
    return {name: label for name, label in labels.items() if label is not None}


class NameFinder:
    """Finds whole-word occurrences of many names in a text: indexed by first word, longest name first."""

    def __init__(self, names: Iterable[str]) -> None:
        self.by_first_word: dict[str, list[str]] = {}
        for name in names:
            first = _WORD.match(name)
            if first is not None:
                self.by_first_word.setdefault(first.group(0), []).append(name)
        self.first_words = frozenset(self.by_first_word)

    def __bool__(self) -> bool:
        return bool(self.by_first_word)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of each occurrence, left to right, not overlapping; the longest name wins."""
        present = self.first_words.intersection(_WORD.findall(text))
        if not present:
            return []
        hits = []
        for word in present:
            for name in self.by_first_word[word]:
                start = text.find(name)
                while start != -1:
                    end = start + len(name)
                    if (start == 0 or not _joins_word(text[start - 1])) and (
                            end == len(text) or not _joins_word(text[end])):
                        hits.append((start, end, name))
                    start = text.find(name, start + 1)
        hits.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
        found: list[tuple[int, int, str]] = []
        for hit in hits:
            if not found or hit[0] >= found[-1][1]:
                found.append(hit)
        return found


def _joins_word(char: str) -> bool:
    return char.isalnum() or char in "-_"


@dataclass(slots=True)
class SpreadCounts:
    """Per candidate name: articles where the site tags it, and articles where it only occurs untagged."""

    tagged: Counter[str] = field(default_factory=Counter)
    untagged: Counter[str] = field(default_factory=Counter)

    def add(self, record: PageRecord, finder: NameFinder) -> bool:
        """Count one article; return whether it has an untagged occurrence of a candidate."""
        spans = {(m.field, m.start, m.end) for m in record.entities}
        tagged: set[str] = set()
        untagged: set[str] = set()
        for field_name, value in record.text_fields():
            for start, end, name in finder.find(value):
                (tagged if (field_name, start, end) in spans else untagged).add(name)
        self.tagged.update(tagged)
        self.untagged.update(untagged - tagged)
        return bool(untagged)


def needs_relabel(record: PageRecord, labels: dict[str, str]) -> bool:
    """Whether a mention of the article has a label other than the site's for its name."""
    return any(labels.get(m.text, m.label) != m.label for m in record.entities)


def spreadable(name: str) -> bool:
    """Whether a name may be tagged site-wide: distinctive, starting with a letter, at least three characters.

    Two-letter capitals ("IS", "NO", "VW", "KM") are as often abbreviations, units or OCR noise as names.
    """
    return len(name) >= 3 and name[0].isalpha() and distinctive_name(name)


def spread_candidates(labels: dict[str, str]) -> dict[str, str]:
    """The names with a clear label that may be spread (see :func:`spreadable`)."""
    return {name: label for name, label in labels.items() if spreadable(name)}


@dataclass(slots=True)
class SiteNames:
    """The site's decisions: the label of each name, and the names to tag wherever they occur."""

    labels: dict[str, str]
    spread: dict[str, str]
    finder: NameFinder = field(init=False)

    def __post_init__(self) -> None:
        self.finder = NameFinder(self.spread)

    @classmethod
    def decide(cls, labels: dict[str, str], counts: SpreadCounts) -> SiteNames:
        """Spread a candidate only if the site tags it in at least as many articles as it leaves it untagged."""
        spread = {
            name: label
            for name, label in spread_candidates(labels).items()
            if counts.tagged[name] >= max(1, counts.untagged[name])
        }
        return cls(labels=labels, spread=spread)


def site_names(records: Iterable[PageRecord]) -> SiteNames:
    """Decide a site's names from its tagged articles held in memory (a list; iterated twice)."""
    articles = list(records)
    labels = clear_labels(count_labels(record.entities for record in articles))
    counts = SpreadCounts()
    finder = NameFinder(spread_candidates(labels))
    if finder:
        for record in articles:
            counts.add(record, finder)
    return SiteNames.decide(labels, counts)


def apply_site_names(record: PageRecord, names: SiteNames) -> SiteNameChanges:
    """Relabel and add mentions in place so the article agrees with the site; canonical names are redone."""
    changes = SiteNameChanges()
    for mention in record.entities:
        label = names.labels.get(mention.text)
        if label is not None and label != mention.label:
            mention.label = label
            changes.relabelled += 1
    if names.finder:
        for field_name, value in record.text_fields():
            for start, end, name in names.finder.find(value):
                inside = [m for m in record.entities if m.field == field_name and m.start < end and start < m.end]
                if any(m.start <= start and end <= m.end for m in inside):
                    continue  # tagged already, or part of a longer mention
                if any(m.start < start or m.end > end for m in inside):
                    continue  # crosses a mention: leave both alone
                for fragment in inside:
                    record.entities.remove(fragment)
                record.entities.append(EntityMention(text=name, label=names.spread[name], field=field_name,
                                                     start=start, end=end))
                changes.added += 1
                changes.replaced += len(inside)
    if changes:
        record.entities.sort(key=lambda m: (FIELD_ORDER[m.field], m.start))
        normalise_mentions(record)
        changes.articles = 1
    return changes


def harmonise_site(records: Iterable[PageRecord]) -> SiteNameChanges:
    """Make a site's articles held in memory agree on their names (see :func:`apply_site_names`)."""
    articles = list(records)
    names = site_names(articles)
    total = SiteNameChanges()
    for record in articles:
        total += apply_site_names(record, names)
    return total
