"""The user's search syntax, parsed once and compiled safely to SQLite FTS5 and PostgreSQL tsquery.

Syntax (the same on both databases)::

    merkel berlin          both words (AND)
    "angela merkel"        the exact phrase
    merkel OR schröder     either (OR binds tighter than AND: ``a b OR c`` = a AND (b OR c))
    -sport                 without this word (needs at least one positive term)
    regier*                words starting with "regier"

Words are reduced to their letters and digits, so no user string reaches the SQL engine as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from db.errors import SearchQueryError

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r'\s*(-?)("([^"]*)"|[^\s"]+)(\*?)')
MAX_TERMS = 32


@dataclass(frozen=True, slots=True)
class Term:
    """One search term: a word, a phrase (several words) or a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """All ``groups`` must match (each group is terms joined by OR); no ``excluded`` term may match."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]


def parse(query: str) -> ParsedQuery:
    """Parse the user's query; raise SearchQueryError with a readable reason when it makes no sense."""
    if query.count('"') % 2:
        raise SearchQueryError(f"unbalanced quote in search query {query!r}")
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    position = 0
    text = query.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # only whitespace left
            break
        position = match.end()
        negate, raw, phrase, star = match.group(1), match.group(2), match.group(3), match.group(4)
        if raw == "OR" and not negate and phrase is None:
            if not groups or pending_or:
                raise SearchQueryError(f"OR needs a term on each side in search query {query!r}")
            pending_or = True
            continue
        prefix = bool(star) or (phrase is None and raw.endswith("*"))
        words = tuple(_WORD.findall(phrase if phrase is not None else raw))
        if not words:
            continue  # punctuation only: nothing to search for
        term = Term(words=words, prefix=prefix)
        if negate:
            if pending_or:
                raise SearchQueryError(f"cannot combine OR with an excluded term in search query {query!r}")
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
            pending_or = False
        else:
            groups.append([term])
    if pending_or:
        raise SearchQueryError(f"OR needs a term on each side in search query {query!r}")
    if not groups:
        reason = "only excluded terms" if excluded else "no words to search for"
        raise SearchQueryError(f"search query {query!r} has {reason}")
    if sum(len(g) for g in groups) + len(excluded) > MAX_TERMS:
        raise SearchQueryError(f"search query has more than {MAX_TERMS} terms")
    return ParsedQuery(groups=tuple(tuple(g) for g in groups), excluded=tuple(excluded))


def to_fts5(parsed: ParsedQuery) -> str:
    """An FTS5 MATCH expression; every term is a double-quoted string of word characters."""

    def term(t: Term) -> str:
        return '"' + " ".join(t.words) + '"' + ("*" if t.prefix else "")

    def group(g: tuple[Term, ...]) -> str:
        return "(" + " OR ".join(term(t) for t in g) + ")"

    expression = " AND ".join(group(g) for g in parsed.groups)
    for t in parsed.excluded:
        expression = f"({expression}) NOT {term(t)}"
    return expression


def to_tsquery_sql(parsed: ParsedQuery, config_sql: str, params: dict[str, str], prefix: str) -> str:
    """SQL building a tsquery under ``config_sql`` (a trusted regconfig literal); values go to ``params``."""

    def term(t: Term) -> str:
        name = f"{prefix}{len(params)}"
        if t.prefix:
            params[name] = " <-> ".join(t.words) + ":*"
            return f"to_tsquery({config_sql}, :{name})"
        params[name] = " ".join(t.words)
        function = "phraseto_tsquery" if len(t.words) > 1 else "plainto_tsquery"
        return f"{function}({config_sql}, :{name})"

    def group(g: tuple[Term, ...]) -> str:
        return "(" + " || ".join(term(t) for t in g) + ")"

    expression = " && ".join(group(g) for g in parsed.groups)
    for t in parsed.excluded:
        expression = f"({expression}) && !!{term(t)}"
    return f"({expression})"
