"""Site-wide name consistency: a name keeps one label across a site's articles and language versions.

The idea is "one sense per discourse" (Gale, Church & Yarowsky 1992) as used for NER by Krishnan &
Manning (2006): a legacy site writes about the same few firms, places and people again and again,
so a name the tagger labels one way in most of the site's articles is that entity everywhere on
the site. Two steps use it, both driven by the articles' own mentions (nothing is looked up):

* **relabelling**: a mention whose label disagrees with the site's clear label for the same name
  takes that label ("Groningen" tagged PER in one English article, LOC in three others);
* **language versions**: a name the site gives no clear label keeps one label across an article and
  its translations (the same story, so the same entity): the person whose surname it is when a
  longer name ending in it is tagged as a person there ("de Vries" after "Anneke de Vries"), else
  the label of most of its mentions there; a tie is left alone;
* **spreading**: a distinctive name (several words, hyphenated, an acronym of three letters or more:
  see :func:`spreadable`) is tagged where it occurs untagged, as long as the site
  tags it in at least as many articles as it leaves it untagged. A mention lying inside the new span
  is a fragment of the name and gives way ("Ems" inside "Ems-Achse").

The functions are pure and work one article at a time, so a database can stream a site through them
(see :mod:`db.site_entities`): count the labels, count where candidates are tagged, then apply.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from extract.entities import distinctive_name, normalise_mentions
from extract.name_occurrences import NameFinder, tag_occurrences
from extract.record import EntityMention, PageRecord

#: Articles a label needs before it overrides another label (one article could be the tagger's slip).
MIN_ARTICLES_TO_OVERRIDE = 2
#: A label overrides others only when it has at least this many times as many articles as they have.
OVERRIDE_RATIO = 2

K = TypeVar("K")
#: The label of a person: a name that ends a person's longer name is that person's surname.
PERSON = "PER"


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


def decide_names(labels: dict[str, str], articles: Iterable[tuple[K, PageRecord]]) -> tuple[SiteNames, list[K]]:
    """The site's decisions from its clear labels and one pass over its articles (keyed by the caller).

    Also returns the keys of the articles that may change: those with a mention to relabel or an
    untagged occurrence of a name that may be spread. The others need not be read again.
    """
    finder = NameFinder(spread_candidates(labels))
    counts = SpreadCounts()
    may_change: list[K] = []
    for key, record in articles:
        untagged = counts.add(record, finder) if finder else False
        if untagged or needs_relabel(record, labels):
            may_change.append(key)
    return SiteNames.decide(labels, counts), may_change


def site_names(records: Iterable[PageRecord]) -> SiteNames:
    """Decide a site's names from its tagged articles held in memory (a list; iterated twice)."""
    articles = list(records)
    labels = clear_labels(count_labels(record.entities for record in articles))
    return decide_names(labels, enumerate(articles))[0]


def connected_groups(pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The groups of ids linked by the pairs, directly or through others (each group sorted, two keys or more).

    >>> connected_groups([(1, 2), (3, 2), (5, 4)])
    [[1, 2, 3], [4, 5]]
    """
    parent: dict[int, int] = {}

    def root(key: int) -> int:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for first, second in pairs:
        parent[root(first)] = root(second)
    groups: dict[int, list[int]] = {}
    for key in parent:
        groups.setdefault(root(key), []).append(key)
    return sorted((sorted(group) for group in groups.values() if len(group) > 1), key=lambda group: group[0])


def translation_groups(records: Sequence[PageRecord]) -> list[list[int]]:
    """Indices of the records that are language versions of each other (a translation link either way)."""
    index: dict[str, int] = {}
    for position, record in enumerate(records):
        for url in (record.url, record.canonical_url, *record.alternate_urls):
            index.setdefault(url, position)
    pairs = [(position, index[url]) for position, record in enumerate(records)
             for url in record.translations.values() if url in index and index[url] != position]
    return connected_groups(pairs)


def is_surname(name: str, person_names: Iterable[str]) -> bool:
    """Whether ``name`` is the last words of a longer person name ("de Vries" of "Anneke de Vries")."""
    return any(full.endswith(" " + name) for full in person_names)


def translation_labels(mentions: Iterable[tuple[str, str]], site_labels: Mapping[str, str]) -> dict[str, str]:
    """The label of each name the language versions of one article disagree on, and the site does not decide.

    ``mentions``: (text as written, label) of every mention in the article and its translations. A name
    that ends a longer name tagged only as a person there is that person's surname (PER); else the
    label of most of its mentions wins; a tie is left alone.
    """
    votes: dict[str, Counter[str]] = {}
    for name, label in mentions:
        votes.setdefault(name, Counter())[label] += 1
    persons = [name for name, counter in votes.items() if set(counter) == {PERSON}]
    decided: dict[str, str] = {}
    for name, counter in votes.items():
        if len(counter) < 2 or name in site_labels:
            continue
        if is_surname(name, persons):
            decided[name] = PERSON
            continue
        (label, count), (_, runner_up) = counter.most_common(2)
        if count > runner_up:
            decided[name] = label
    return decided


def translation_overrides(
    groups: Iterable[Sequence[K]], mentions: Mapping[K, Sequence[tuple[str, str]]], site_labels: Mapping[str, str]
) -> dict[K, dict[str, str]]:
    """Per article that must change: the names it must relabel so that its language versions agree.

    ``groups``: articles that are language versions of each other; ``mentions``: (text, label) per article.
    """
    overrides: dict[K, dict[str, str]] = {}
    for group in groups:
        decided = translation_labels((pair for key in group for pair in mentions.get(key, ())), site_labels)
        if not decided:
            continue
        for key in group:
            if any(decided.get(name, label) != label for name, label in mentions.get(key, ())):
                overrides[key] = decided
    return overrides


def apply_site_names(
    record: PageRecord, names: SiteNames, versions: Mapping[str, str] | None = None
) -> SiteNameChanges:
    """Relabel and add mentions in place so the article agrees with the site; canonical names are redone.

    ``versions``: labels the article takes so that it agrees with its language versions (from
    :func:`translation_overrides`), for names the site gives no clear label.
    """
    changes = SiteNameChanges()
    for mention in record.entities:
        label = names.labels.get(mention.text) or (versions or {}).get(mention.text)
        if label is not None and label != mention.label:
            mention.label = label
            changes.relabelled += 1
    if names.finder:
        changes.added, changes.replaced = tag_occurrences(record, names.spread, names.finder, replace_fragments=True)
    if changes:
        normalise_mentions(record)
        changes.articles = 1
    return changes


def harmonise_site(records: Iterable[PageRecord]) -> SiteNameChanges:
    """Make a site's articles held in memory agree on their names (see :func:`apply_site_names`)."""
    articles = list(records)
    names = site_names(articles)
    mentions = {position: [(m.text, m.label) for m in record.entities] for position, record in enumerate(articles)}
    versions = translation_overrides(translation_groups(articles), mentions, names.labels)
    total = SiteNameChanges()
    for position, record in enumerate(articles):
        total += apply_site_names(record, names, versions.get(position))
    return total
