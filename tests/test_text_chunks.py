"""Long texts are tagged in pieces: the pieces cover the text, mentions point into the whole text."""

from __future__ import annotations

import pytest

from extract.entities import EntityTagger
from extract.record import Field, PageKind, PageRecord
from extract.text_chunks import bounded_groups, pieces

PARAGRAPH = ("Bürgermeister Hans Wagner aus Papenburg traf am Montag Vertreter der Meyer Werft "
             "und der Industrie- und Handelskammer Ostfriesland in Leer.")


@pytest.mark.parametrize("text", [
    "kurz",
    "\n".join([PARAGRAPH] * 300),  # paragraphs: cut at line ends
    " ".join([PARAGRAPH] * 300),  # one paragraph: cut at sentence ends
    "x" * 25_000,  # no separator at all: cut at the limit
])
def test_pieces_cover_the_text_and_respect_the_limit(text: str) -> None:
    found = pieces(text, limit=10_000)
    assert "".join(piece for _, piece in found) == text
    assert all(len(piece) <= 10_000 for _, piece in found)
    assert [offset for offset, _ in found] == [sum(len(p) for _, p in found[:i]) for i in range(len(found))]
    if "\n" in text:
        assert all(piece.endswith("\n") for _, piece in found[:-1])
    elif ". " in text:
        assert all(piece.endswith(". ") for _, piece in found[:-1])


def test_groups_hold_a_bounded_amount_of_text() -> None:
    jobs = [("a" * size, n) for n, size in enumerate([10, 50, 45, 5, 200, 1])]
    groups = list(bounded_groups(jobs, limit=100))
    assert [[n for _, n in group] for group in groups] == [[0, 1], [2, 3], [4], [5]]


def test_a_long_article_is_tagged_in_pieces_with_offsets_into_the_whole_text() -> None:
    text = "\n".join([PARAGRAPH] * 250)  # about 35,000 characters: four pieces
    record = PageRecord(url="http://a.example/1", canonical_url="http://a.example/1", kind=PageKind.ARTICLE,
                        title="Wagner in Leer", text=text, language="de")
    EntityTagger().tag([record])
    in_text = [m for m in record.entities if m.field is Field.TEXT]
    assert all(text[m.start:m.end] == m.text for m in in_text)
    assert max(m.start for m in in_text) > 30_000  # the last piece was tagged too
    per_paragraph = {(m.start % (len(PARAGRAPH) + 1), m.text, m.label) for m in in_text}
    assert {text for _, text, _ in per_paragraph} >= {"Hans Wagner", "Papenburg", "Leer"}
