"""The site-wide name step on a synthetic site, whose names are known: label accuracy before and after.

    python -m bench.run --pages 2000 --keep /tmp/keep   # with NACHLESE_SITE_NAMES_ENABLED = False
    python -m bench.eval_site_names_synthetic /tmp/keep/2000-sqlite-ner.sqlite

testsite/sitegen.py writes its articles from fixed lists of people, organisations and places, so every
occurrence of one of those names in a stored article has a known label. The script reads the
crawl's articles and mentions (as the tagger stored them), counts how many occurrences carry a
mention of exactly that span with the right label, with the wrong label, or none, then runs
extract.site_names over the same articles in memory and counts again. Only the listed names are
judged; other mentions (right or wrong) are not. The generator was written for the speed benchmark,
before the site step existed, and nothing in the step was tuned on it.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from db.engine import make_engine, make_sessionmaker
from db.site_entities import site_article_ids, site_records
from extract.record import PageRecord
from extract.site_names import NameFinder, harmonise_site
from testsite.sitegen import ORGS, PEOPLE_DE, PEOPLE_EN, PLACES

ROOT = Path(__file__).resolve().parent.parent

_ARTICLES = ("die ", "der ", "das ", "dem ", "den ", "the ")


def known_names() -> dict[str, str]:
    """Every name the generator writes, with its label (articles stripped: "der Siemens AG" -> "Siemens AG")."""
    names: dict[str, str] = {}
    for first, last, _ in PEOPLE_DE + PEOPLE_EN:
        names[f"{first} {last}"] = "PER"
        names[last] = "PER"
    for forms in ORGS:
        for form in forms:
            name = next((form[len(a):] for a in _ARTICLES if form.startswith(a)), form)
            if name[:1].isupper():  # "the Neuburg municipal utility" is a description, not a name
                names[name] = "ORG"
    for forms in PLACES:
        for name in forms:
            names[name] = "LOC"
    return names


def judge(records: list[PageRecord], names: dict[str, str]) -> Counter[str]:
    """Occurrences of the known names: right label, wrong label, untagged."""
    finder = NameFinder(names)
    counts: Counter[str] = Counter()
    for record in records:
        spans = {(m.field, m.start, m.end): m.label for m in record.entities}
        for field_name, value in record.text_fields():
            for start, end, name in finder.find(value):
                label = spans.get((field_name, start, end))
                counts["right" if label == names[name] else "untagged" if label is None else "wrong"] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database", type=Path, help="SQLite file of a bench crawl (site step off)")
    args = parser.parse_args()
    engine = make_engine(f"sqlite:///{args.database}")
    try:
        with make_sessionmaker(engine)() as session:
            records = [record for _, record in site_records(session, site_article_ids(session, 1))]
    finally:
        engine.dispose()
    names = known_names()
    before = judge(records, names)
    changes = harmonise_site(records)
    after = judge(records, names)
    total = sum(before.values())
    print(f"{len(records):,} articles, {total:,} occurrences of {len(names)} known names; site step: "
          f"{changes.relabelled:,} relabelled, {changes.added:,} added ({changes.replaced:,} fragments replaced)")
    print(f"{'':<14} {'before':>15} {'after':>15}")
    for key, title in (("right", "right label"), ("wrong", "wrong label"), ("untagged", "untagged")):
        print(f"{title:<14} {before[key]:7,} {before[key] / total:.3f} {after[key]:7,} {after[key] / total:.3f}")


if __name__ == "__main__":
    main()
