"""Page language: declared (html lang, Content-Language, meta) and verified by counting stopwords in the text."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from lxml.html import HtmlElement

from extract.decode import header_value

logger = logging.getLogger(__name__)

STOPWORDS: dict[str, frozenset[str]] = {
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "mit",
            "von",
            "den",
            "dem",
            "des",
            "ein",
            "eine",
            "einer",
            "sich",
            "auf",
            "für",
            "im",
            "auch",
            "es",
            "zu",
            "bei",
            "wird",
            "wurde",
            "sind",
            "noch",
            "wie",
            "aus",
            "nach",
            "über",
            "oder",
            "aber",
            "vom",
            "zum",
            "zur",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "is",
            "of",
            "to",
            "in",
            "that",
            "it",
            "was",
            "for",
            "on",
            "with",
            "as",
            "are",
            "this",
            "be",
            "by",
            "at",
            "from",
            "have",
            "has",
            "not",
            "but",
            "which",
            "were",
            "will",
            "would",
            "they",
            "their",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "est",
            "des",
            "une",
            "un",
            "du",
            "dans",
            "que",
            "qui",
            "pour",
            "pas",
            "sur",
            "au",
            "avec",
            "il",
            "elle",
            "ce",
            "sont",
            "aux",
            "par",
            "plus",
            "ont",
            "été",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "es",
            "de",
            "que",
            "en",
            "un",
            "una",
            "por",
            "con",
            "para",
            "del",
            "se",
            "no",
            "al",
            "lo",
            "como",
            "más",
            "pero",
            "sus",
            "fue",
            "ha",
            "son",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "la",
            "di",
            "che",
            "e",
            "è",
            "per",
            "un",
            "una",
            "del",
            "della",
            "con",
            "non",
            "sono",
            "nel",
            "gli",
            "le",
            "al",
            "dei",
            "alla",
            "si",
            "anche",
            "da",
            "ha",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "is",
            "dat",
            "op",
            "te",
            "in",
            "voor",
            "met",
            "zijn",
            "niet",
            "aan",
            "er",
            "ook",
            "als",
            "bij",
            "door",
            "maar",
            "wordt",
            "naar",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "a",
            "os",
            "as",
            "e",
            "de",
            "que",
            "em",
            "um",
            "uma",
            "para",
            "com",
            "não",
            "do",
            "da",
            "dos",
            "das",
            "por",
            "se",
            "mais",
            "foi",
            "como",
            "ao",
            "na",
            "no",
        ]
    ),
}
_WORD = re.compile(r"[^\W\d_]+")
MIN_WORDS = 20  # below this the text check is not trusted


_EQUIV_CASE = str.maketrans("CONTENT-LANGUAGE", "content-language")  # XPath translate(), as the meta tag is read
_LANGUAGE_META_NAMES = frozenset({"language", "Language", "content-language", "dc.language", "DC.language"})


def declared_language(tree: HtmlElement, headers: Mapping[str, str] | None) -> str | None:
    """The first ISO 639-1 code declared by <html lang>, Content-Language, meta tags or og:locale."""
    candidates: list[str] = [tree.get("lang", ""), tree.get("xml:lang", "")]
    candidates.append(header_value(headers, "Content-Language"))
    # one pass over the <meta> elements for what three XPaths collected: http-equiv, then name, then og:locale
    equiv: list[str] = []
    named: list[str] = []
    locale: list[str] = []
    for meta in tree.iterdescendants("meta"):
        content = meta.get("content")
        if content is None:
            continue
        if (meta.get("http-equiv") or "").translate(_EQUIV_CASE) == "content-language":
            equiv.append(content)
        if meta.get("name") in _LANGUAGE_META_NAMES:
            named.append(content)
        if meta.get("property") == "og:locale":
            locale.append(content)
    candidates.extend([*equiv, *named, *locale])
    for candidate in candidates:
        code = re.split(r"[-_,;\s]", candidate.strip().lower(), maxsplit=1)[0] if candidate else ""
        if len(code) == 2 and code.isalpha():
            return code
        if code in {"deutsch", "german", "ger", "deu"}:
            return "de"
        if code in {"english", "eng"}:
            return "en"
    return None


def _stopword_languages() -> dict[str, tuple[str, ...]]:
    """Stopword -> the languages that list it: one dictionary lookup per word, not one per word and language."""
    languages: dict[str, tuple[str, ...]] = {}
    for code, stops in STOPWORDS.items():
        for word in stops:
            languages[word] = (*languages.get(word, ()), code)
    return languages


_STOPWORD_LANGUAGES = _stopword_languages()


def stopword_scores(text: str) -> dict[str, float]:
    """Share of words that are stopwords of each known language."""
    words = [word.casefold() for word in _WORD.findall(text[:20000])]
    if not words:
        return {}
    counts = dict.fromkeys(STOPWORDS, 0)
    lookup = _STOPWORD_LANGUAGES.get
    for word in words:
        for code in lookup(word, ()):
            counts[code] += 1
    return {code: count / len(words) for code, count in counts.items()}


def detect_language(text: str, declared: str | None) -> str | None:
    """The declared language unless the text clearly says otherwise; the text's language when none is declared."""
    if len(text.split()) < MIN_WORDS:
        return declared
    scores = stopword_scores(text)
    if not scores:
        return declared
    best = max(scores, key=lambda code: scores[code])
    if scores[best] < 0.08:
        return declared
    if declared is None:
        return best
    if declared not in scores:
        return declared if scores[best] < 0.15 else best
    if best != declared and scores[best] > 2 * scores[declared] + 0.03:
        logger.debug("declared language %s overridden by text check: %s", declared, best)
        return best
    return declared
