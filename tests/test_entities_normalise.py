"""Entity post-processing without a model: label mapping, edge trimming, surname and acronym linking."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from extract.entities import mentions_from_doc, normalise_mentions, repeat_names, trim_span
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


@pytest.mark.parametrize(
    ("text", "tagged", "expected"),
    [
        # a hyphenated name tagged once is tagged again where the model missed it
        ("Die Ems-Achse lädt ein. Geschäftsführer der Ems-Achse ist Klaus Wurpts.",
         [("Ems-Achse", "ORG", 4)], [("Ems-Achse", "ORG", 4), ("Ems-Achse", "ORG", 44)]),
        # several words
        ("Klaus Wurpts kam. Später sprach Klaus Wurpts.", [("Klaus Wurpts", "PER", 0)],
         [("Klaus Wurpts", "PER", 0), ("Klaus Wurpts", "PER", 32)]),
        # a plain single word is not repeated ("Essen" is also food)
        ("Essen wächst. Das Essen war gut.", [("Essen", "LOC", 0)], [("Essen", "LOC", 0)]),
        # a name with two labels in one article is ambiguous: left alone
        ("Bad Bentheim liegt hier. Bad Bentheim gewann. Bad Bentheim feiert.",
         [("Bad Bentheim", "LOC", 0), ("Bad Bentheim", "ORG", 25)],
         [("Bad Bentheim", "LOC", 0), ("Bad Bentheim", "ORG", 25)]),
        # part of a longer word is no repetition
        ("Die Ems-Achse tagt. Die Ems-Achse-Stiftung auch.", [("Ems-Achse", "ORG", 4)], [("Ems-Achse", "ORG", 4)]),
    ],
)
def test_repeated_names_get_the_label_of_their_first_tagging(
    text: str, tagged: list[tuple[str, str, int]], expected: list[tuple[str, str, int]]
) -> None:
    record = PageRecord(url="u", canonical_url="u", kind=PageKind.ARTICLE, text=text, entities=[
        EntityMention(surface, label, Field.TEXT, start, start + len(surface)) for surface, label, start in tagged])
    repeat_names(record)
    assert [(m.text, m.label, m.start) for m in record.entities] == expected
    assert all(text[m.start:m.end] == m.text for m in record.entities)


def test_repeated_names_reach_other_fields() -> None:
    record = PageRecord(url="u", canonical_url="u", kind=PageKind.ARTICLE, title="Bilanz der Ems-Achse",
                        text="Die Ems-Achse zieht Bilanz.",
                        entities=[EntityMention("Ems-Achse", "ORG", Field.TEXT, 4, 13)])
    repeat_names(record)
    assert [(m.field, m.start) for m in record.entities] == [(Field.TITLE, 11), (Field.TEXT, 4)]
