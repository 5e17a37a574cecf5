"""Site-wide name consistency without a model: label votes, relabelling, spreading names, idempotence."""

from __future__ import annotations

from collections import Counter

import pytest

from extract.name_occurrences import NameFinder
from extract.record import EntityMention, Field, PageKind, PageRecord
from extract.site_names import (
    apply_site_names,
    clear_label,
    connected_groups,
    harmonise_site,
    site_names,
    translation_groups,
    translation_labels,
)


def record(text: str, *mentions: tuple[str, str], language: str = "de", title: str | None = None) -> PageRecord:
    """An article whose ``text`` carries each (name, label) at the name's first occurrence."""
    entities = []
    for name, label in mentions:
        start = text.index(name)
        entities.append(EntityMention(text=name, label=label, field=Field.TEXT, start=start, end=start + len(name)))
    return PageRecord(url=f"http://news.example.org/{abs(hash(text))}", canonical_url="", kind=PageKind.ARTICLE,
                      title=title, text=text, language=language, entities=entities)


def found(article: PageRecord) -> list[tuple[str, str, str, int]]:
    return [(m.text, m.label, str(m.field), m.start) for m in article.entities]


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        ({"LOC": 1}, "LOC"),  # one article, unanimous
        ({"LOC": 3, "PER": 1}, "LOC"),
        ({"LOC": 2, "PER": 1}, "LOC"),
        ({"LOC": 1, "PER": 1}, None),  # a tie: the two versions of one article disagree
        ({"LOC": 3, "PER": 2}, None),  # no clear majority
        ({"ORG": 4, "LOC": 1, "PER": 1}, "ORG"),
        ({"ORG": 3, "LOC": 1, "PER": 1}, None),  # 3 < 2 * (1 + 1)
        ({}, None),
    ],
)
def test_clear_label_needs_a_clear_majority_of_articles(votes: dict[str, int], expected: str | None) -> None:
    assert clear_label(Counter(votes)) == expected


def test_minority_label_takes_the_site_label() -> None:
    site = [record("Der Hafen von Groningen wächst.", ("Groningen", "LOC")),
            record("Groningen und Leer planen.", ("Groningen", "LOC")),
            record("The port of Groningen is growing.", ("Groningen", "PER"), language="en")]
    changes = harmonise_site(site)
    assert (changes.relabelled, changes.added, changes.articles) == (1, 0, 1)
    assert found(site[2]) == [("Groningen", "LOC", "text", 12)]


def test_one_article_against_one_is_left_alone() -> None:
    site = [record("Die Gemeinde Reiderland plant.", ("Reiderland", "LOC")),
            record("The municipality Reiderland plans.", ("Reiderland", "PER"), language="en")]
    assert not harmonise_site(site)
    assert found(site[1]) == [("Reiderland", "PER", "text", 17)]


def test_distinctive_name_is_tagged_where_the_site_left_it_untagged() -> None:
    site = [record("Das Areal zwischen Bunde und Bad Nieuweschans wächst.", ("Bad Nieuweschans", "LOC")),
            record("The site between Bunde and Bad Nieuweschans grows.", language="en")]
    changes = harmonise_site(site)
    assert (changes.added, changes.articles) == (1, 1)
    assert found(site[1]) == [("Bad Nieuweschans", "LOC", "text", 27)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Die Freunde der Wachstumsregion kamen.", "Wachstumsregion"),  # one plain word: could be a common noun
        ("Die Ems-Achsen-Konferenz tagte.", "Ems-Achse"),  # part of a longer word
        ("Die Nord-Ems-Achse tagte.", "Ems-Achse"),
    ],
)
def test_plain_words_and_word_parts_are_not_spread(text: str, name: str) -> None:
    site = [record(f"Die {name} tagte gestern.", (name, "ORG")),
            record(f"Wieder tagte die {name} heute.", (name, "ORG")), record(text)]
    harmonise_site(site)
    assert found(site[2]) == []


def test_fragment_inside_the_site_name_gives_way() -> None:
    site = [record("Die Ems-Achse wirbt.", ("Ems-Achse", "ORG")),
            record("Die Ems-Achse lädt ein.", ("Ems-Achse", "ORG")),
            record("Laut Ems-Achse wächst die Region.", ("Ems", "LOC"))]
    changes = harmonise_site(site)
    assert (changes.added, changes.replaced) == (1, 1)
    assert found(site[2]) == [("Ems-Achse", "ORG", "text", 5)]


def test_a_longer_or_crossing_mention_is_kept() -> None:
    text = "Die Wachstumsregion Ems-Achse e.V. und Sparkasse LeerWittmund Bank"
    other = record(text, ("Wachstumsregion Ems-Achse e.V.", "ORG"), ("LeerWittmund Bank", "ORG"))
    site = [record("Die Ems-Achse wirbt.", ("Ems-Achse", "ORG")),
            record("Die Sparkasse LeerWittmund zahlt.", ("Sparkasse LeerWittmund", "ORG")), other]
    harmonise_site(site)
    assert [m.text for m in other.entities] == ["Wachstumsregion Ems-Achse e.V.", "LeerWittmund Bank"]


def test_a_name_the_site_mostly_leaves_untagged_is_not_spread() -> None:
    site = [record("Schnelles Internet für alle.", ("Schnelles Internet", "ORG")),
            record("Schnelles Internet kommt."), record("Schnelles Internet bleibt teuer.")]
    assert not harmonise_site(site)


def test_added_mentions_get_canonical_names_and_field_order() -> None:
    site = [record("Klaus Wurpts sprach.", ("Klaus Wurpts", "PER")),
            record("Wurpts ging. Dann kam Klaus Wurpts.", ("Wurpts", "PER"), title="Klaus Wurpts in Leer")]
    harmonise_site(site)
    assert [(m.field, m.text, m.canonical) for m in site[1].entities] == [
        (Field.TITLE, "Klaus Wurpts", "Klaus Wurpts"),
        (Field.TEXT, "Wurpts", "Klaus Wurpts"),
        (Field.TEXT, "Klaus Wurpts", "Klaus Wurpts"),
    ]


def test_harmonising_twice_changes_nothing_more() -> None:
    site = [record("Laut Ems-Achse und Groningen.", ("Groningen", "LOC")),
            record("Die Ems-Achse in Groningen.", ("Ems-Achse", "ORG"), ("Groningen", "LOC")),
            record("Ems-Achse: Groningen wächst.", ("Ems-Achse", "ORG"), ("Groningen", "PER"))]
    assert harmonise_site(site)
    before = [found(article) for article in site]
    assert not harmonise_site(site)
    assert [found(article) for article in site] == before


def test_names_apply_to_an_article_outside_the_vote() -> None:
    names = site_names([record("Die Ems-Achse wirbt.", ("Ems-Achse", "ORG"))])
    late = record("Die Ems-Achse wächst.")
    assert apply_site_names(late, names).added == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IHK für Ostfriesland und Papenburg und IHK",
         [(0, 34, "IHK für Ostfriesland und Papenburg"), (39, 42, "IHK")]),
        ("Die IHKs tagten", []),
        ("(IHK)", [(1, 4, "IHK")]),
        ("", []),
    ],
)
def test_name_finder_takes_the_longest_whole_word_match(text: str, expected: list[tuple[int, int, str]]) -> None:
    finder = NameFinder(["IHK", "IHK für Ostfriesland und Papenburg"])
    assert list(finder.find(text)) == expected


# --- language versions of one article ---------------------------------------------------------------

GERMAN = "Die Studie leitet Anneke de Vries. Bis 2010, sagte de Vries, gibt es Flächen."
ENGLISH = "The study is led by Anneke de Vries. By 2010, de Vries said, land will be ready."


def versions(german: PageRecord, english: PageRecord, *, link: bool = True) -> list[PageRecord]:
    """The German and English versions of one story, linked by a translation link from the German one."""
    german.url = german.canonical_url = "http://news.example.org/artikel?id=5"
    english.url = english.canonical_url = "http://news.example.org/artikel?id=5&lang=en"
    if link:
        german.translations = {"en": english.url}
    return [german, english]


def de_vries(text: str, label: str, language: str) -> PageRecord:
    """A record with "Anneke de Vries" (PER) and, later, the surname alone labelled ``label``."""
    full = text.index("Anneke de Vries")
    short = text.index("de Vries", full + len("Anneke de Vries"))
    return PageRecord(url="", canonical_url="", kind=PageKind.ARTICLE, text=text, language=language, entities=[
        EntityMention("Anneke de Vries", "PER", Field.TEXT, full, full + 15),
        EntityMention("de Vries", label, Field.TEXT, short, short + 8)])


def test_a_surname_keeps_the_persons_label_across_language_versions() -> None:
    site = versions(de_vries(GERMAN, "PER", "de"), de_vries(ENGLISH, "ORG", "en"))
    changes = harmonise_site(site)
    assert (changes.relabelled, changes.articles) == (1, 1)
    assert [m.label for record in site for m in record.entities] == ["PER"] * 4


def test_unlinked_articles_are_not_language_versions() -> None:
    site = versions(de_vries(GERMAN, "PER", "de"), de_vries(ENGLISH, "ORG", "en"), link=False)
    assert not harmonise_site(site)  # one article against one, as before
    assert site[1].entities[1].label == "ORG"


def test_the_site_label_wins_over_the_language_versions() -> None:
    # three other articles make "de Vries" an organisation site-wide (say a shipyard of that name)
    others = [record(f"Die Werft de Vries baut {n}.", ("de Vries", "ORG")) for n in ("Fähren", "Schlepper", "Yachten")]
    site = [*versions(de_vries(GERMAN, "PER", "de"), de_vries(ENGLISH, "ORG", "en")), *others]
    harmonise_site(site)
    assert site[0].entities[1].label == "ORG"


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([("de Vries", "PER"), ("de Vries", "ORG"), ("Anneke de Vries", "PER")], {"de Vries": "PER"}),
        ([("Weser", "LOC"), ("Weser", "LOC"), ("Weser", "ORG")], {"Weser": "LOC"}),  # most mentions
        ([("Weser", "LOC"), ("Weser", "ORG")], {}),  # a tie is left alone
        ([("Vries", "ORG"), ("Vries", "LOC"), ("Anneke de Vries", "PER"), ("Anneke de Vries", "ORG")], {}),
        ([("Leer", "LOC"), ("Leer", "LOC")], {}),  # they agree
        ([("Emden", "LOC"), ("Emden", "ORG"), ("Emden", "ORG")], {}),  # the site decides Emden
    ],
)
def test_translation_labels(mentions: list[tuple[str, str]], expected: dict[str, str]) -> None:
    assert translation_labels(mentions, {"Emden": "LOC"}) == expected


def test_translation_groups_follow_links_either_way() -> None:
    a, b, c = (record(f"Text {n}.") for n in "abc")
    for name, item in zip("abc", (a, b, c), strict=True):
        item.url = item.canonical_url = f"http://news.example.org/{name}"
    b.alternate_urls = ["http://news.example.org/b?print=1"]
    a.translations = {"en": "http://news.example.org/b?print=1"}
    c.translations = {"fr": "http://news.example.org/b", "de": "http://elsewhere.example.org/x"}
    assert translation_groups([a, b, c]) == [[0, 1, 2]]
    assert connected_groups([(1, 1)]) == [] and connected_groups([]) == []
