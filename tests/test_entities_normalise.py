"""Entity post-processing without a model: label mapping, edge trimming, surname and acronym linking."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from extract.entities import mentions_from_doc, normalise_mentions, trim_span
from extract.record import EntityMention, Field, PageKind, PageRecord


def _doc(words: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(spacy.blank("de").vocab, words=words)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


@pytest.mark.parametrize(
    ("label", "expected"),
    [("PERSON", "PER"), ("PER", "PER"), ("GPE", "LOC"), ("FAC", "LOC"), ("LOC", "LOC"), ("ORG", "ORG")],
)
def test_labels_are_mapped(label: str, expected: str) -> None:
    doc = _doc(["Klaus", "Wurpts", "kam"], [(0, 2, label)])
    [mention] = mentions_from_doc(doc, Field.TEXT)
    assert (mention.label, mention.text, mention.start, mention.end) == (expected, "Klaus Wurpts", 0, 12)


@pytest.mark.parametrize(
    ("words", "expected"),
    [(["the", "Ems", "Dollart", "Region"], "Ems Dollart Region"), (["The", "Ems-Achse"], "Ems-Achse"),
     (["the", "ems"], "the ems")],
)
def test_leading_english_article_is_not_part_of_the_name(words: list[str], expected: str) -> None:
    doc = _doc(words, [(0, len(words), "ORG")])
    [mention] = mentions_from_doc(doc, Field.TEXT)
    assert mention.text == expected


def test_unmapped_labels_are_dropped() -> None:
    doc = _doc(["1999", "kam", "er"], [(0, 1, "DATE")])
    assert mentions_from_doc(doc, Field.TEXT) == []


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("„Ems-Achse“ tagt", (0, 11), "Ems-Achse"),
        ("(Leer) liegt", (0, 6), "Leer"),
        ("bei Verbundnetz Gas AG.", (4, 23), "Verbundnetz Gas AG"),
        ("der Verein Hafen e.V. lädt", (4, 21), "Verein Hafen e.V."),
    ],
)
def test_trim_span(text: str, span: tuple[int, int], expected: str) -> None:
    start, end = trim_span(text, *span)
    assert text[start:end] == expected


def _record(text: str, mentions: list[tuple[str, str]]) -> PageRecord:
    entities = []
    for surface, label in mentions:
        start = text.index(surface) if not entities else text.index(surface, entities[-1].end)
        entities.append(EntityMention(surface, label, Field.TEXT, start, start + len(surface)))
    return PageRecord(url="u", canonical_url="u", kind=PageKind.ARTICLE, text=text, entities=entities)


def test_surname_links_to_full_name() -> None:
    record = _record("Klaus Wurpts sprach. Danach sagte Wurpts mehr.", [("Klaus Wurpts", "PER"), ("Wurpts", "PER")])
    normalise_mentions(record)
    assert [m.canonical for m in record.entities] == ["Klaus Wurpts", "Klaus Wurpts"]


def test_acronym_long_form_starts_at_a_capitalised_word() -> None:
    text = "The project is coordinated by the Ems Dollart Region (EDR). The EDR said so."
    record = _record(text, [("Ems Dollart Region", "ORG"), ("EDR", "ORG"), ("EDR", "ORG")])
    normalise_mentions(record)
    assert [m.canonical for m in record.entities] == ["Ems Dollart Region"] * 3


def test_acronym_links_to_long_form() -> None:
    text = "Le Club des Districts Industriels Français (CDIF) kam. Der CDIF lobte."
    record = _record(text, [("Le Club des Districts Industriels Français", "ORG"), ("CDIF", "ORG"), ("CDIF", "ORG")])
    normalise_mentions(record)
    assert [m.canonical for m in record.entities][1:] == ["Le Club des Districts Industriels Français"] * 2
