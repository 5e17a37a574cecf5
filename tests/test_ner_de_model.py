"""Checks for the shipped German NER model (pip install models/de_nachlese_ner-*.whl)."""
import pytest
import spacy

from tests.requirements import missing


@pytest.fixture(scope="module")
def nlp():
    try:
        return spacy.load("de_nachlese_ner")
    except OSError:
        missing("de_nachlese_ner is not installed (make setup installs models/de_nachlese_ner-*.whl)")


def test_labels_subset(nlp):
    assert set(nlp.get_pipe("ner").labels) <= {"PER", "ORG", "LOC"}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Geschäftsführer Klaus Wurpts stellte in seiner Präsentation den "
            "länderübergreifenden Clusterprozess sowie die Standortinitiative vor.",
            {("Klaus Wurpts", "PER")},
        ),
        (
            "Dr. Karsten Heuchert, Verbundnetz Gas AG",
            {("Karsten Heuchert", "PER"), ("Verbundnetz Gas AG", "ORG")},
        ),
    ],
)
def test_seed_sentences(nlp, text, expected):
    doc = nlp(text)
    got = {(e.text, e.label_) for e in doc.ents}
    assert got == expected, got
    assert {e.label_ for e in doc.ents} <= {"PER", "ORG", "LOC"}
