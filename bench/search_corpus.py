"""A synthetic news corpus and query mix for the search benchmark (bench/db_bench.py).

Word frequencies follow a Zipf–Mandelbrot law (p(r) ∝ 1 / (r + 2.7)) over a real vocabulary per language:

* the head, in its real order of frequency, is jusText's stoplist for the language (the most frequent words of
  Wikipedia: "der und die in von …", "the of and in to …"; installed with trafilatura);
* the tail is a fixed sample of 50,000 German and 30,000 English words from the vocabularies of the project's
  spaCy models, frozen in bench/data/search-vocabulary-*.txt.gz (``--freeze`` rewrites them) and put in a
  seeded random order of rank.

So a German article of 300 words has "der" many times, "wurde" with a chance of about 80 %, "Jahr" of about
45 %, a word of rank 5,000 of about 0.6 %. On top of that each article has a topic (three content words
it repeats, as news articles do) and names: people (first name + surname, a few of them in the news very
often, most rarely), places and organisations, which are also stored as entities and mentions, so that
``--entity`` has something to filter. 4 in 5 articles are German, 1 in 5 English; publication days are
spread over 2001–2009. Everything comes from one seed: the same seed gives the same corpus.
"""

from __future__ import annotations

import gzip
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
SEED = 2026
FIRST_DAY, DAYS = date(2001, 1, 1), 3287  # 2001-01-01 .. 2009-12-31
ZIPF_Q = 2.7  # Mandelbrot's offset: a flatter head than pure Zipf ("der" ≈ 3 % of the words, not 9 %)
TAIL_SIZE = {"de": 50_000, "en": 30_000}


def _names(words: str) -> list[str]:
    return words.split()


FIRST_NAMES = {
    "de": _names(
        "Hans Klaus Jürgen Ursula Monika Petra Wolfgang Günter Sabine Andreas Stefan Thomas Brigitte Renate Jörg "
        "Birgit Dieter Helga Bernd Susanne Frank Christa Matthias Heike Uwe Gisela Rüdiger Anja Björn Doris Manfred "
        "Elke Horst Martina Reinhard Angela Gerhard Edmund Horst Karin Claudia Markus Tobias Katrin Jens Sven Dirk "
        "Ralf Silke Kerstin Heinz Werner Ingrid Gerd Anna Lena Florian Julia Michael Christian"
    ),
    "en": _names(
        "John Sarah David Emma Michael Helen Peter Claire Richard Laura James Susan Robert Mary William Linda "
        "Charles Karen Joseph Nancy George Margaret Paul Alice Mark Ruth Steven Anne"
    ),
}
SURNAMES = {
    "de": _names(
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter "
        "Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause "
        "Lehmann Köhler Weiß Jäger Vogel Günther Seidel Brandt Haas Dietrich Ziegler Kuhn Pohl Engel Horn Busch "
        "Bergmann Thomas Voigt Sauer Arnold Wurpts Oltmanns Heuchert Janssen Ubben Stoiber Seehofer Gabriel "
        "Steinbrück Wulff Koschyk Ostermeier Huber Maier Gruber Lindner Brunner Hackl Wimmer Eder Obermaier "
        "Frühwald Kellermann Reischl Dengler Ertl Haslbeck Moosbauer Pfeffer Lechner Strobl Aigner Zollner"
    ),
    "en": _names(
        "Smith Johnson Williams Brown Taylor Davies Evans Roberts Walker Wright Hughes Jones Wilson Clarke "
        "Robinson Thompson White Hall Green Wood Harris Martin Jackson Lewis Clark Young Allen King Scott Baker"
    ),
}
PLACES = {
    "de": _names(
        "Neuburg Ingolstadt München Augsburg Regensburg Nürnberg Würzburg Passau Berlin Hamburg Köln Frankfurt "
        "Düsseldorf Leipzig Dresden Saarbrücken Lüneburg Wien Zürich Brüssel Straßburg Prag Emden Papenburg Leer "
        "Aurich Groningen Weener Eichstätt Donauwörth Schrobenhausen Pfaffenhofen Kelheim Landshut Erding "
        "Freising Dachau Bamberg Bayreuth Hof Coburg Ansbach Rosenheim Kempten Memmingen Lindau Füssen Bremen"
    ),
    "en": _names(
        "London Manchester Birmingham Leeds Glasgow Edinburgh Bristol Cardiff Belfast Liverpool Oxford Cambridge "
        "Brussels Paris Munich Vienna Berlin Washington Boston Dublin"
    ),
}
ORGS = {
    "de": [
        "Deutsche Bahn",
        "Siemens",
        "Stadtwerke Neuburg",
        "Gewerkschaftsbund",
        "Handelskammer",
        "Bundesagentur",
        "Technische Universität",
        "Landesamt für Umwelt",
        "Sparkasse",
        "FC Neuburg",
        "Audi",
        "Bund Naturschutz",
        "Europäische Kommission",
        "Bayerischer Rundfunk",
        "Handwerkskammer",
        "Klinikum Ingolstadt",
        "Meyer Werft",
        "Enercon",
        "Ems-Achse",
        "Verbundnetz Gas",
        "Landratsamt",
        "Bezirkstag",
        "Staatsregierung",
        "Bundestag",
    ],
    "en": [
        "BBC",
        "Network Rail",
        "City Council",
        "Chamber of Commerce",
        "European Commission",
        "Labour Party",
        "Conservative Party",
        "NHS Trust",
        "Bank of England",
        "University of Leeds",
    ],
}


@dataclass(frozen=True, slots=True)
class Language:
    """Ranked vocabulary of one language with the cumulative Zipf weights to draw from it."""

    code: str
    words: tuple[str, ...]  # rank order: words[0] is the most frequent
    head: int  # words[:head] come from the frequency list (function words and the most common nouns)
    cumulative: np.ndarray  # cumulative Zipf weights by rank, normalised to end at 1

    def draw(self, rng: np.random.Generator, k: int) -> list[str]:
        words = self.words
        return [words[i] for i in np.searchsorted(self.cumulative, rng.random(k), side="right").tolist()]

    def content_word(self, rng: random.Random) -> str:
        """A topic word: Zipf-distributed over the ranks from 100 on (no function words)."""
        rank = 100 + int(_zipf_rank(rng, len(self.words) - 100, 1.0))
        return self.words[rank]


@dataclass(slots=True)
class Doc:
    """One generated article and its entity mentions ((label, canonical name, surface form, field, start))."""

    language: str
    title: str
    lead: str
    text: str
    published: datetime
    mentions: list[tuple[str, str, str, str, int]] = field(default_factory=list)


def _zipf_rank(rng: random.Random, n: int, s: float) -> float:
    """A rank in [0, n) with p(r) ∝ 1 / (r + 1) ** s (inverse-transform on the continuous approximation)."""
    u = rng.random()
    if s == 1.0:
        return min(n - 1, (n + 1) ** u - 1)
    a = 1 - s
    return min(n - 1, ((u * ((n + 1) ** a - 1)) + 1) ** (1 / a) - 1)


def _head(language: str) -> list[str]:
    """jusText's stoplist: the most frequent words, most frequent first; one case variant of each."""
    import justext  # noqa: PLC0415 (installed with trafilatura)

    name = {"de": "German", "en": "English"}[language]
    path = Path(justext.__file__).parent / "stoplists" / f"{name}.txt"
    seen: set[str] = set()
    words: list[str] = []
    for word in path.read_text(encoding="utf-8").split("\n"):
        if re.fullmatch(r"[^\W\d_]+", word) and word.lower() not in seen:
            seen.add(word.lower())
            words.append(word)
    return words


@cache
def vocabulary(language: str, seed: int = SEED) -> Language:
    head = _head(language)
    with gzip.open(DATA / f"search-vocabulary-{language}.txt.gz", "rt", encoding="utf-8") as handle:
        tail = [w for w in handle.read().split("\n") if w]
    random.Random(seed).shuffle(tail)
    words = tuple(head + tail)
    cumulative = np.cumsum(1 / (np.arange(len(words)) + 1 + ZIPF_Q))
    return Language(language, words, len(head), cumulative / cumulative[-1])


@dataclass(frozen=True, slots=True)
class Cast:
    """The named entities of a language, each list in order of how often it is in the news."""

    people: tuple[str, ...]
    places: tuple[str, ...]
    orgs: tuple[str, ...]


@cache
def cast(language: str, seed: int = SEED) -> Cast:
    rng = random.Random(seed + 1)
    people = sorted({f"{first} {last}" for first in FIRST_NAMES[language] for last in SURNAMES[language]})
    rng.shuffle(people)
    places, orgs = list(PLACES[language]), list(ORGS[language])
    rng.shuffle(places)
    rng.shuffle(orgs)
    return Cast(tuple(people[: 2000 if language == "de" else 400]), tuple(places), tuple(orgs))


def _sentence(rng: random.Random, words: list[str], inserts: list[str]) -> str:
    for insert in inserts:
        words.insert(rng.randrange(len(words) + 1), insert)
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


def generate(count: int, seed: int = SEED) -> Iterator[Doc]:
    """``count`` articles, deterministic for a seed."""
    rng, draws = random.Random(seed), np.random.Generator(np.random.PCG64(seed))
    for _ in range(count):
        yield _doc(rng, draws, "en" if rng.random() < 0.2 else "de")


def _doc(rng: random.Random, draws: np.random.Generator, code: str) -> Doc:
    lang, names = vocabulary(code), cast(code)
    topic = [lang.content_word(rng) for _ in range(3)]
    people = [names.people[int(_zipf_rank(rng, len(names.people), 0.8))] for _ in range(rng.randint(1, 3))]
    place = names.places[int(_zipf_rank(rng, len(names.places), 1.0))]
    org = names.orgs[int(_zipf_rank(rng, len(names.orgs), 1.0))] if rng.random() < 0.6 else None
    # names and topic words to weave into the body: every person 1-3 times, each topic word 1-4 times
    inserts = [p for p in people for _ in range(rng.randint(1, 3))] + [place] * rng.randint(1, 2)
    inserts += [org] * rng.randint(1, 2) if org else []
    inserts += [t for t in topic for _ in range(rng.randint(1, 4))]
    rng.shuffle(inserts)
    target = int(rng.triangular(120, 650, 250))
    pool = lang.draw(draws, target + 40)  # the words of title, lead and body in one draw
    sentences: list[str] = []
    used = 32
    while used < target + 32 or inserts:
        length = rng.randint(6, 18)
        take, inserts = inserts[:2], inserts[2:]
        sentences.append(_sentence(rng, pool[used : used + length], take))
        used += length
        if used >= len(pool):
            pool += lang.draw(draws, 200)
    text = " ".join(sentences)
    title = _sentence(rng, pool[: rng.randint(3, 7)], [topic[0], place if rng.random() < 0.5 else people[0]])[:-1]
    lead = _sentence(rng, pool[7 : 7 + rng.randint(12, 25)], [topic[1], people[0]])
    published = datetime.combine(FIRST_DAY, datetime.min.time(), tzinfo=UTC) + timedelta(
        days=rng.randrange(DAYS), hours=rng.randrange(6, 22)
    )
    doc = Doc(code, title, lead, text, published)
    for label, name in {("PER", p) for p in people} | {("LOC", place)} | ({("ORG", org)} if org else set()):
        for field_name, value in (("title", title), ("lead", lead), ("text", text)):
            doc.mentions.extend((label, name, name, field_name, start) for start in _occurrences(value, name))
    return doc


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Where ``word`` stands in ``text`` as a whole word."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            yield start
        start = text.find(word, end)


@dataclass(frozen=True, slots=True)
class BenchQuery:
    """A query of the benchmark mix, with the filters `nachlese search` offers."""

    name: str
    query: str
    since: date | None = None
    until: date | None = None
    language: str | None = None
    entity: str | None = None

    def kwargs(self) -> dict[str, object]:
        filters = {"since": self.since, "until": self.until, "language": self.language, "entity": self.entity}
        return {k: v for k, v in filters.items() if v is not None}

    def shown(self) -> str:
        flags = [f"--{k} {v}" for k, v in self.kwargs().items()]
        return " ".join([self.query, *flags])


def _rank_word(lang: Language, rank: int) -> str:
    """The first word at or after ``rank`` that is at least 4 letters long; in the German head a noun.

    (Capitalised, so never one of PostgreSQL's stop words, which it would drop from the query.)
    """
    for position in range(rank, len(lang.words)):
        word = lang.words[position]
        if len(word) >= 4 and (lang.code != "de" or position >= lang.head or word[0].isupper()):
            return word
    raise ValueError("vocabulary too small")


def query_mix(seed: int = SEED) -> list[BenchQuery]:
    """What people search a news archive for: names, topic words of every frequency, phrases, filters."""
    de, en = vocabulary("de", seed), vocabulary("en", seed)
    people_de, people_en = cast("de", seed).people, cast("en", seed).people
    places_de = cast("de", seed).places
    mid = _rank_word(de, 250)  # "Unternehmen": in about 1 German article in 7
    topic = _rank_word(de, 1200)  # in about 1 in 30
    rare = _rank_word(de, 20_000)  # about 1 in 1,000
    rarer = _rank_word(de, 45_000)
    common = _rank_word(de, 111)  # "Gemeinde": about 1 in 4
    prefix = _rank_word(de, 2500)[:5]
    return [
        BenchQuery("person (surname)", people_de[3].split()[1]),
        BenchQuery("person (phrase)", f'"{people_de[0]}"'),
        BenchQuery("less known person", f'"{people_de[400]}"'),
        BenchQuery("topic word", topic),
        BenchQuery("rare word", rare),
        BenchQuery("two words", f"{topic} {places_de[2]}"),
        BenchQuery("word and person", f"{mid} {people_de[1].split()[1]}"),
        BenchQuery("either word", f"{_rank_word(de, 3000)} OR {_rank_word(de, 3001)}"),
        BenchQuery("prefix", f"{prefix}*"),
        BenchQuery("excluded word", f"{topic} -{mid}"),
        BenchQuery("common word, one year", common, since=date(2005, 1, 1), until=date(2005, 12, 31)),
        BenchQuery("word since 2008", mid, since=date(2008, 1, 1)),
        BenchQuery("English word", _rank_word(en, 1500), language="en"),
        BenchQuery("English person", f'"{people_en[2]}"', language="en"),
        BenchQuery("word and entity", mid, entity=people_de[5]),
        BenchQuery("rarest", f"{rarer} OR {_rank_word(de, 45_001)}"),
    ]


def worst_cases(seed: int = SEED) -> list[BenchQuery]:
    """Very common words that match most articles, so every one of them must be ranked."""
    return [
        BenchQuery("very common word", "wurde"),  # rank 16 in German: in about 4 of 5 German articles
        BenchQuery("very common word, German", "Jahr", language="de"),
        BenchQuery("very common word, one year", "wurde", since=date(2005, 1, 1), until=date(2005, 12, 31)),
    ]


def freeze(model_strings: dict[str, Path], seed: int = SEED) -> None:
    """Rewrite bench/data/search-vocabulary-LANG.txt.gz from spaCy ``vocab/strings.json`` files."""
    import json  # noqa: PLC0415

    patterns = {"de": r"[A-ZÄÖÜ]?[a-zäöüß]{2,19}", "en": r"[A-Z]?[a-z]{2,19}"}
    for code, path in model_strings.items():
        seen = {w.lower() for w in _head(code)}
        words: list[str] = []
        for word in json.loads(path.read_text(encoding="utf-8")):
            if re.fullmatch(patterns[code], word) and word.lower() not in seen:
                seen.add(word.lower())
                words.append(word)
        sample = sorted(random.Random(seed).sample(words, TAIL_SIZE[code]), key=str.lower)
        with gzip.GzipFile(DATA / f"search-vocabulary-{code}.txt.gz", "wb", mtime=0) as handle:
            handle.write(("\n".join(sample) + "\n").encode())


if __name__ == "__main__":
    import argparse
    import collections
    import time

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--freeze", nargs=2, metavar=("DE_STRINGS_JSON", "EN_STRINGS_JSON"), type=Path)
    parser.add_argument("--sample", type=int, default=2000, help="generate N articles and print statistics")
    args = parser.parse_args()
    if args.freeze:
        freeze({"de": args.freeze[0], "en": args.freeze[1]})
    started = time.perf_counter()
    docs = list(generate(args.sample))
    elapsed = time.perf_counter() - started
    df: collections.Counter[str] = collections.Counter()
    for d in docs:
        df.update({w.lower() for w in re.findall(r"\w+", f"{d.title} {d.lead} {d.text}")})
    print(f"{args.sample} articles in {elapsed:.1f} s, {sum(len(d.text.split()) for d in docs) / len(docs):.0f} words")
    for q in [*query_mix(), *worst_cases()]:
        words = [w.lower() for w in re.findall(r"\w+", q.query)]
        print(f"{q.name:28} {q.shown():50} " + " ".join(f"{w}:{df[w] / len(docs):.2%}" for w in words))
