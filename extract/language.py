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


def declared_language(tree: HtmlElement, headers: Mapping[str, str] | None) -> str | None:
    """The first ISO 639-1 code declared by <html lang>, Content-Language, meta tags or og:locale."""
    candidates: list[str] = [tree.get("lang", ""), tree.get("xml:lang", "")]
    candidates.append(header_value(headers, "Content-Language"))
    for xpath in (
        './/meta[translate(@http-equiv, "CONTENT-LANGUAGE", "content-language")="content-language"]/@content',
        './/meta[@name="language" or @name="Language" or @name="content-language" or @name="dc.language"'
        ' or @name="DC.language"]/@content',
        './/meta[@property="og:locale"]/@content',
    ):
        candidates.extend(str(value) for value in tree.xpath(xpath))
    for candidate in candidates:
        code = re.split(r"[-_,;\s]", candidate.strip().lower(), maxsplit=1)[0] if candidate else ""
        if len(code) == 2 and code.isalpha():
            return code
        if code in {"deutsch", "german", "ger", "deu"}:
            return "de"
        if code in {"english", "eng"}:
            return "en"
    return None


def stopword_scores(text: str) -> dict[str, float]:
    """Share of words that are stopwords of each known language."""
    words = [word.casefold() for word in _WORD.findall(text[:20000])]
    if not words:
        return {}
    return {code: sum(1 for word in words if word in stops) / len(words) for code, stops in STOPWORDS.items()}


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
