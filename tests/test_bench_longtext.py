"""The benchmark's long pages: real prose, each German article its own slice, English ones left to the generator."""

from __future__ import annotations

import lzma
from pathlib import Path

from testsite.longtext import LongText
from testsite.sitegen import Site

SENTENCE = "Frau Präsidentin! Liebe Kolleginnen und Kollegen, der Ausschuss für Arbeit und Soziales hat beraten."


def _text(path: Path, paragraphs: int) -> Path:
    """A text wrapped as the Bundestag file is: long lines, a paragraph ending with a shorter one."""
    lines = []
    for n in range(paragraphs):
        lines += [f"{SENTENCE} Absatz {n}, erster Teil der Rede.", f"{SENTENCE} Ende {n}.",
                  f"Danke {n}."]
    with lzma.open(path, "wt", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    return path


def test_german_articles_get_their_own_long_slices(tmp_path: Path) -> None:
    source = LongText(40, path=_text(tmp_path / "t.txt.xz", 12_000), seed=1, huge_every=7)
    site = Site(40, body_source=source)
    german = [n for n in range(1, site.articles + 1) if site.language_of(n) == "de"]
    bodies = {n: site.body_paragraphs(n) for n in german}
    assert all(sum(len(p.split()) for p in body) >= 800 for body in bodies.values())
    assert sum(len(p.split()) for p in bodies[7]) >= 60_000  # the huge page
    seen = [p for body in bodies.values() for p in body]
    assert len(seen) == len(set(seen))  # no paragraph on two pages: nothing looks like boilerplate
    english = next(n for n in range(1, site.articles + 1) if site.language_of(n) == "en")
    assert site.body_paragraphs(english) == Site(40).body_paragraphs(english)
    page = site.render(site.article_target(german[0]))
    assert page is not None and bodies[german[0]][0][:40].encode("iso-8859-1", "xmlcharrefreplace") in page.body
