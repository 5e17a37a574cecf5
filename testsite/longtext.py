"""Long German article bodies for the benchmark site, cut from real running text (Bundestag speeches).

A stand-in for a long real site: every German article of the synthetic site gets its own slice of real
prose, 800 to 2,600 words (three to five times the generator's own), no paragraph repeated across
articles (so nothing looks like boilerplate), dense in people, parties, ministries and places that the
site-wide name step must reconcile. The text is read at run time from ../shared/data (it is not
shipped) and is never used by the crawler itself.
"""

from __future__ import annotations

import lzma
import random
from pathlib import Path

__all__ = ["DEFAULT_TEXT", "LongText"]

ROOT = Path(__file__).resolve().parent.parent
#: Bundestag plenary speeches (26 M words, one wrapped paragraph a line), see ../shared/data/ner/de/README.md.
DEFAULT_TEXT = (ROOT.parent / "shared" / "data" / "ner" / "de" / "raw" / "bundestag"
                / "bundestag_speeches_wp19_wp20.txt.xz")
#: Words per article body (the lead is separate).
MIN_WORDS, MAX_WORDS = 800, 2_600
#: With ``huge_every``, every so many articles is a page of this many words instead (a year's archive or
#: a protocol on one page, as real legacy sites have: 400,000+ characters).
HUGE_WORDS = 60_000
#: A line shorter than this ends a paragraph (the source wraps paragraphs at about 160 characters).
WRAP_WIDTH = 130
#: Paragraphs of fewer words are joined to the next (speech fragments such as "Ja." or "Danke.").
MIN_PARAGRAPH_WORDS = 25


def read_paragraphs(path: Path, words_wanted: int) -> list[str]:
    """Paragraphs from the start of ``path`` (xz or plain) until ``words_wanted`` words are read."""
    opener = lzma.open if path.suffix == ".xz" else open
    paragraphs: list[str] = []
    words = 0
    current: list[str] = []
    with opener(path, "rt", encoding="utf-8") as text:
        for raw in text:
            line = raw.strip()
            if not line:
                continue
            current.append(line)
            if len(line) >= WRAP_WIDTH:
                continue
            paragraph = " ".join(current)
            count = len(paragraph.split())
            if count < MIN_PARAGRAPH_WORDS:
                continue  # keep collecting: too short to stand alone
            paragraphs.append(paragraph)
            current = []
            words += count
            if words >= words_wanted:
                break
    return paragraphs


class LongText:
    """Per-article bodies: article ``n`` gets the ``n``-th run of paragraphs, its length seeded by ``n``."""

    def __init__(self, articles: int, *, path: Path = DEFAULT_TEXT, seed: int = 0, huge_every: int = 0) -> None:
        if not path.is_file():
            raise FileNotFoundError(f"long-page text not found: {path}")
        self.seed = seed
        lengths = [HUGE_WORDS if huge_every and n and n % huge_every == 0
                   else random.Random(f"{seed}:long:{n}").randint(MIN_WORDS, MAX_WORDS) for n in range(articles + 1)]
        self.paragraphs = read_paragraphs(path, sum(lengths))
        if not self.paragraphs:
            raise ValueError(f"no paragraphs in {path}")
        self._spans: list[tuple[int, int]] = []
        index = 0
        for wanted in lengths:
            start, words = index, 0
            while words < wanted:
                words += len(self.paragraphs[index % len(self.paragraphs)].split())
                index += 1
            self._spans.append((start, index))

    def body(self, number: int, language: str) -> list[str] | None:
        """The body paragraphs of German article ``number`` (None: keep the generator's own text)."""
        if language != "de" or not 0 <= number < len(self._spans):
            return None
        start, end = self._spans[number]
        return [self.paragraphs[i % len(self.paragraphs)] for i in range(start, end)]

    @property
    def words(self) -> int:
        """Words of real text held."""
        return sum(len(p.split()) for p in self.paragraphs)
