"""Occurrences of known names in an article's fields: finding them fast, and tagging the untagged ones."""

from __future__ import annotations

import re
from collections.abc import Iterable

from extract.record import FIELD_ORDER, EntityMention, PageRecord

_WORD = re.compile(r"\w+")


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


def tag_occurrences(record: PageRecord, labels: dict[str, str], finder: NameFinder, *,
                    replace_fragments: bool = False) -> tuple[int, int]:
    """Tag each untagged occurrence of a name with its label; return (mentions added, fragments removed).

    An occurrence inside a longer mention, or crossing one, is left alone. One that contains mentions
    is skipped, or with ``replace_fragments`` takes their place ("Ems" inside "Ems-Achse").
    ``finder`` must know exactly the names of ``labels``. Mentions stay sorted by field and offset.
    """
    added = replaced = 0
    for field_name, value in record.text_fields():
        for start, end, name in finder.find(value):
            inside = [m for m in record.entities if m.field == field_name and m.start < end and start < m.end]
            if any(m.start <= start and end <= m.end for m in inside):
                continue  # tagged already, or part of a longer mention
            if inside and (not replace_fragments or any(m.start < start or m.end > end for m in inside)):
                continue  # contains or crosses mentions
            for fragment in inside:
                record.entities.remove(fragment)
            record.entities.append(EntityMention(text=name, label=labels[name], field=field_name,
                                                 start=start, end=end))
            added += 1
            replaced += len(inside)
    if added:
        record.entities.sort(key=lambda m: (FIELD_ORDER[m.field], m.start))
    return added, replaced
