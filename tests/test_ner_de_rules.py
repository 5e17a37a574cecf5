"""The rule layer of de_nachlese_ner on given model output: each rule alone, on real sentence shapes."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.tokens import Span

from tests.requirements import missing


@pytest.fixture(scope="module")
def nlp() -> Any:
    try:
        return spacy.load("de_nachlese_ner")
    except OSError:
        missing("de_nachlese_ner is not installed (make setup installs models/de_nachlese_ner-*.whl)")


def tokens(text: str) -> list[str]:
    """The words of a sentence written with spaces between all tokens."""
    return text.split(" ")


def apply_rules(nlp: Any, words: list[str], model_ents: list[tuple[int, int, str]]) -> set[tuple[str, str]]:
    """Run the lexicon, put ``model_ents`` in place of the statistical model's output, run the rules."""
    doc = spacy.tokens.Doc(nlp.vocab, words=words)
    doc = nlp.get_pipe("nachlese_lexicon")(doc)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in model_ents]
    doc = nlp.get_pipe("nachlese_ner_rules")(doc)
    return {(e.text, e.label_) for e in doc.ents}


@pytest.mark.parametrize(
    ("words", "model_ents", "expected"),
    [
        # org_roles: a function in an organisation names the organisation
        (tokens("Klaus Wurpts , Geschäftsführer der Ems-Achse , stellte vor ."), [(0, 2, "PER")],
         {("Klaus Wurpts", "PER"), ("Ems-Achse", "ORG")}),
        (tokens("bei einem Besuch von Vertretern der Ems-Achse ."), [], {("Ems-Achse", "ORG")}),
        (tokens("sagte der Präsident der Schweiz gestern ."), [], set()),  # a known place
        (tokens("sagte ein Sprecher der Polizei gestern ."), [], set()),  # a common noun
        # runs on into a noun: org_roles keeps out ("Deutschen" alone), the adjective + institution rule tags it
        (tokens("sagte ein Sprecher der Deutschen Bahn gestern ."), [], {("Deutschen Bahn", "ORG")}),
        (tokens("Leiter des Generationenhauses ist er ."), [], set()),  # a compound common noun
        (tokens("Vertreter der Niederlande kamen ."), [(2, 3, "LOC")], {("Niederlande", "LOC")}),
        # legal_article: an ORG ending in a legal form reaches back to its article
        (tokens("sprach Heuchert , Vorstandsmitglied der Verbundnetz Gas AG aus Leipzig ."),
         [(1, 2, "PER"), (6, 8, "ORG"), (9, 10, "LOC")],
         {("Heuchert", "PER"), ("Verbundnetz Gas AG", "ORG"), ("Leipzig", "LOC")}),
        (tokens("Er kam zu Verbundnetz Gas AG ."), [(4, 6, "ORG")], {("Gas AG", "ORG")}),  # no article
        # first_names: a role noun tagged PER before the name moves to the name; untagged names
        (tokens("„ , sagte Messeleiter Dirk Terborg ."), [(3, 4, "PER")], {("Dirk Terborg", "PER")}),
        (tokens("„ , sagte Dirk Terborg ."), [], set()),  # untagged names stay the model's business
        (tokens("sagte Messeleiter Dirk Terborg Müller ."), [(1, 2, "PER")], {("Messeleiter", "PER")}),
        # per_inst: an institution word makes a PER an ORG
        (tokens("mit der Kamer van Koophandel Noord-Nederland zusammen ."), [(2, 6, "PER")],
         {("Kamer van Koophandel Noord-Nederland", "ORG")}),
        (tokens("mit Jan van der Berg zusammen ."), [(1, 5, "PER")], {("Jan van der Berg", "PER")}),
    ],
)
def test_rule(nlp: Any, words: list[str], model_ents: list[tuple[int, int, str]],
              expected: set[tuple[str, str]]) -> None:
    assert apply_rules(nlp, words, model_ents) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (tokens("Das Terminal im emsländischen Dörpen wächst ."), {("Dörpen", "LOC")}),  # small place, adjective
        (tokens("Züge fahren zwischen Dörpen und Bremerhaven ."), {("Dörpen", "LOC"), ("Bremerhaven", "LOC")}),
        (tokens("Das Terminal im neuen Jahr wächst ."), set()),
    ],
)
def test_small_places_after_a_preposition(nlp: Any, words: list[str], expected: set[tuple[str, str]]) -> None:
    assert apply_rules(nlp, words, []) == expected


@pytest.mark.parametrize(
    ("words", "model_ents", "expected"),
    [
        # a word no list knows, listed after places, is one more place
        (tokens("die Gemeinden Großefehn , Südbrookmerland und Krummhörn versorgt ."), [(2, 3, "LOC"), (4, 5, "LOC")],
         {("Großefehn", "LOC"), ("Südbrookmerland", "LOC"), ("Krummhörn", "LOC")}),
        # a compound common noun is not ("Hafenbetrieb")
        (tokens("in Emden und Hafenbetrieb arbeiten ."), [(1, 2, "LOC")], {("Emden", "LOC")}),
        # nor is a name that runs on
        (tokens("in Emden und Krummhörn Nord arbeiten ."), [(1, 2, "LOC")], {("Emden", "LOC")}),
    ],
)
def test_unknown_word_listed_with_places(nlp: Any, words: list[str], model_ents: list[tuple[int, int, str]],
                                         expected: set[tuple[str, str]]) -> None:
    assert apply_rules(nlp, words, model_ents) == expected
