"""Text for the reading view, as safe HTML: highlighted entity mentions, the sentence around a mention, word diffs."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from markupsafe import Markup, escape

#: Characters of context read on each side of a mention to find its sentence.
SENTENCE_WINDOW = 300
#: A sentence shown around a mention is cut to this many characters on each side.
MAX_SIDE = 160
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'“”»«)]*\s+(?=[\"'„“«»(]*[A-ZÄÖÜ0-9])|\n")
#: A word this short before a full stop is an abbreviation ("z. B.", "Dr.") or a German ordinal ("5. März").
_SHORT_WORD = 2


def _sentence_ends(window: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Where sentences end between ``start`` and ``end``: after .!?… and space before a capital, or at a newline."""
    for match in _SENTENCE_END.finditer(window, start, end):
        word = window[:match.start()].rsplit(None, 1)[-1] if window[:match.start()].strip() else ""
        if match.group() != "\n" and word.endswith(".") and len(word.rstrip(".")) <= _SHORT_WORD:
            continue
        yield match


@dataclass(frozen=True, slots=True)
class Span:
    """One entity mention inside a text field: offsets into the field, its entity and label."""

    start: int
    end: int
    entity_id: int
    label: str
    name: str  # the entity's canonical name


def highlight(text: str, spans: Iterable[Span], link: Callable[[int], str]) -> list[Markup]:
    """The text as HTML paragraphs (split at newlines), each mention a link to its entity (``link(entity_id)``).

    Overlapping mentions keep the first (the longest where two start together); offsets outside the text are
    ignored, so a stale mention never breaks the page.
    """
    ordered = sorted(spans, key=lambda span: (span.start, -span.end))
    pieces: list[str] = []
    position = 0
    for span in ordered:
        if span.start < position or span.end > len(text) or span.end <= span.start:
            continue
        pieces.append(str(escape(text[position:span.start])))
        surface = text[span.start:span.end].replace("\n", " ")
        pieces.append(str(Markup(
            '<a class="entity entity-{label}" href="{href}" title="{label}: {name}" data-entity="{id}">{surface}</a>'
        ).format(label=span.label, href=link(span.entity_id), name=span.name, id=span.entity_id, surface=surface)))
        position = span.end
    pieces.append(str(escape(text[position:])))
    return [Markup(paragraph) for paragraph in "".join(pieces).split("\n") if paragraph.strip()]


@dataclass(frozen=True, slots=True)
class InContext:
    """A mention with the rest of its sentence on either side (already cut to a readable length)."""

    before: str
    mention: str
    after: str


def sentence_around(window: str, start: int, end: int) -> InContext:
    """The sentence of ``window[start:end]``: from the previous sentence end to the next one (or the window's edge)."""
    starts = [match.end() for match in _sentence_ends(window, 0, start)]
    sentence_start = starts[-1] if starts else 0
    following = next(_sentence_ends(window, end, len(window)), None)
    sentence_end = following.start() if following else len(window)
    before_raw, after_raw = window[sentence_start:start], window[end:sentence_end]
    before, after = " ".join(before_raw.split()), " ".join(after_raw.split())
    if len(before) > MAX_SIDE:
        before = "…" + before[-MAX_SIDE:].split(" ", 1)[-1]
    if len(after) > MAX_SIDE:
        after = after[:MAX_SIDE].rsplit(" ", 1)[0] + "…"
    if before and before_raw[-1:].isspace():
        before += " "
    if after and after_raw[:1].isspace():
        after = " " + after
    return InContext(before, " ".join(window[start:end].split()), after)


def time_text(value: str | None) -> str:
    """A stored UTC timestamp (SQLite text) to the minute: ``2026-12-02 13:55 UTC``; empty for none."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    moment = moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def word_diff(old: str, new: str) -> Markup:
    """``new`` with the words taken out of ``old`` in ``<del>`` and the words put in ``<ins>``."""
    old_words, new_words = old.split(), new.split()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            out.append(str(escape(" ".join(new_words[b_start:b_end]))))
            continue
        if a_end > a_start:
            out.append(str(Markup("<del>{}</del>").format(" ".join(old_words[a_start:a_end]))))
        if b_end > b_start:
            out.append(str(Markup("<ins>{}</ins>").format(" ".join(new_words[b_start:b_end]))))
    return Markup(" ".join(out))


@dataclass(frozen=True, slots=True)
class ParagraphChange:
    """One paragraph that differs between two versions of a field, as a word diff."""

    diff: Markup


def paragraph_changes(old: str, new: str) -> list[ParagraphChange]:
    """The paragraphs (lines) of ``new`` that were added, removed or edited since ``old``, each as a word diff."""
    old_lines = [line for line in old.split("\n") if line.strip()]
    new_lines = [line for line in new.split("\n") if line.strip()]
    changes: list[ParagraphChange] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation == "equal":
            continue
        removed, added = old_lines[a_start:a_end], new_lines[b_start:b_end]
        for index in range(max(len(removed), len(added))):
            before = removed[index] if index < len(removed) else ""
            after = added[index] if index < len(added) else ""
            changes.append(ParagraphChange(word_diff(before, after)))
    return changes
