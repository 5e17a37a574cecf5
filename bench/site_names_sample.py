"""`python -m bench.site_names_sample`: what the site-wide name step changes on long real text, for a reader to judge.

Tags N long German articles (real Bundestag prose, testsite/longtext.py) with the shipped NER model, runs the
site step over them in memory (extract/site_names.py, as a crawl does at its end) and prints its totals,
the names it relabels most with the votes behind each decision, and a random sample of relabellings and
additions in context. Nothing is stored.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from extract.entities import EntityTagger
from extract.record import EntityMention, PageKind, PageRecord
from extract.site_names import SiteNameChanges, apply_site_names, count_labels, site_names
from testsite.longtext import DEFAULT_TEXT, LongText

#: Characters of context shown on each side of a changed mention.
CONTEXT = 45


@dataclass(frozen=True, slots=True)
class Change:
    """One mention the site step relabelled or added."""

    article: int
    kind: str  # relabelled | added
    text: str
    old: str | None
    new: str
    context: str


def _context(record: PageRecord, mention: EntityMention) -> str:
    value = dict(record.text_fields()).get(mention.field, "") or ""
    left = value[max(0, mention.start - CONTEXT):mention.start]
    right = value[mention.end:mention.end + CONTEXT]
    return " ".join(f"…{left}[{value[mention.start:mention.end]}]{right}…".split())


def changes_of(number: int, before: PageRecord, after: PageRecord) -> list[Change]:
    """The mentions of ``after`` that are new or carry another label than in ``before``."""
    old = {(m.field, m.start, m.end): m.label for m in before.entities}
    found = []
    for mention in after.entities:
        key = (mention.field, mention.start, mention.end)
        if key not in old:
            found.append(Change(number, "added", mention.text, None, mention.label, _context(after, mention)))
        elif old[key] != mention.label:
            found.append(Change(number, "relabelled", mention.text, old[key], mention.label, _context(after, mention)))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=400, help="long articles to tag (default: 400)")
    parser.add_argument("--sample", type=int, default=25, help="changes shown in context (default: 25)")
    parser.add_argument("--seed", type=int, default=2007)
    args = parser.parse_args(argv)
    text = LongText(args.articles, path=DEFAULT_TEXT, seed=args.seed)
    records = []
    for number in range(1, args.articles + 1):
        paragraphs = text.body(number, "de") or []
        url = f"http://site.example/artikel/{number}"
        records.append(PageRecord(url=url, canonical_url=url, kind=PageKind.ARTICLE,
                                  title=None, lead=None, text="\n".join(paragraphs), language="de"))
    print(f"tagging {len(records)} articles, {text.words:,} words of {DEFAULT_TEXT.name} ...", file=sys.stderr)
    EntityTagger().tag(records)
    before = copy.deepcopy(records)
    votes = count_labels(record.entities for record in records)
    names = site_names(records)
    total = SiteNameChanges()
    changes: list[Change] = []
    for number, (old, record) in enumerate(zip(before, records, strict=True), 1):
        total += apply_site_names(record, names)
        changes += changes_of(number, old, record)
    mentions = sum(len(r.entities) for r in before)
    print(f"{len(records)} articles, {mentions:,} mentions of {len(votes):,} distinct names before the step; "
          f"{len(names.labels):,} names with a clear label, {len(names.spread):,} spread")
    print(f"site step: {total.relabelled:,} mentions relabelled ({total.relabelled / max(mentions, 1):.1%}), "
          f"{total.added:,} added, {total.replaced:,} fragments replaced, in {total.articles:,} articles")
    relabelled = Counter((c.text, c.old, c.new) for c in changes if c.kind == "relabelled")
    print("\nmost relabelled names (mentions changed; articles voting per label before the step):")
    for (name, old, new), count in relabelled.most_common(20):
        print(f"  {count:>4}  {name!r}: {old} -> {new}   votes {dict(votes[name])}")
    added = Counter((c.text, c.new) for c in changes if c.kind == "added")
    print("\nmost added names:")
    for (name, label), count in added.most_common(10):
        print(f"  {count:>4}  {name!r} as {label}   votes {dict(votes.get(name, {}))}")
    print(f"\nrandom sample of {args.sample} changes in context:")
    for change in random.Random(args.seed).sample(changes, min(args.sample, len(changes))):
        what = f"{change.old} -> {change.new}" if change.kind == "relabelled" else f"added {change.new}"
        print(f"  art. {change.article:>4} {what:<11} {change.context}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
