"""Does the site-wide name step (extract/site_names.py) hurt on text that is not one site? GermEval as a stress test.

    python eval_site_names.py [MODEL] [--data corpus/eval.spacy corpus/dev.spacy]

Each GermEval sentence is treated as one "article" and a whole split as one "site": the model tags
every sentence like the crawl does (extract.entities.mentions_from_doc), then extract.site_names
harmonises the split. Predicted and gold entities are compared as exact character spans and labels,
before and after. GermEval's sentences come from many sources, so the premise of the step (one
site writes about the same entities again and again) holds far less than on a real site: this
measures its risk, not its benefit. Nothing here was tuned on the printed figures.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from extract.entities import mentions_from_doc, trim_span
from extract.record import Field, PageKind, PageRecord
from extract.site_names import harmonise_site

LABELS = ("PER", "ORG", "LOC")


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def spans(record: PageRecord) -> set[tuple[int, int, int, str]]:
    return {(int(record.url), m.start, m.end, m.label) for m in record.entities}


def table(gold: set[tuple[int, int, int, str]], predicted: set[tuple[int, int, int, str]]) -> dict[str, tuple]:
    rows = {}
    for label in (*LABELS, "ALL"):
        g = {s for s in gold if label in ("ALL", s[3])}
        p = {s for s in predicted if label in ("ALL", s[3])}
        rows[label] = (*f1(len(g & p), len(p - g), len(g - p)), len(g))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", nargs="?", default="de_nachlese_ner")
    parser.add_argument("--data", nargs="+", type=Path, default=[HERE / "corpus" / "eval.spacy"])
    args = parser.parse_args()
    nlp = spacy.load(args.model)
    for path in args.data:
        gold_docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        gold: set[tuple[int, int, int, str]] = set()
        records = []
        for number, (gold_doc, doc) in enumerate(zip(gold_docs, nlp.pipe(d.text for d in gold_docs), strict=True)):
            for ent in gold_doc.ents:
                start, end = trim_span(gold_doc.text, ent.start_char, ent.end_char)
                gold.add((number, start, end, ent.label_))
            records.append(PageRecord(url=str(number), canonical_url="", kind=PageKind.ARTICLE, text=doc.text,
                                      language="de", entities=mentions_from_doc(doc, Field.TEXT)))
        before = {s for record in records for s in spans(record)}
        changes = harmonise_site(records)
        after = {s for record in records for s in spans(record)}
        print(f"{path.name}: {len(records)} sentences, {len(gold)} gold entities; site step: "
              f"{changes.relabelled} relabelled, {changes.added} added ({changes.replaced} fragments replaced)")
        print(f"{'label':<6} {'P':>6} {'R':>6} {'F1':>6}   {'P':>6} {'R':>6} {'F1':>6}  support")
        print(f"{'':<6} {'before':^20}   {'after':^20}")
        old, new = table(gold, before), table(gold, after)
        for label in (*LABELS, "ALL"):
            print(f"{label:<6} " + " ".join(f"{v:6.3f}" for v in old[label][:3]) + "   "
                  + " ".join(f"{v:6.3f}" for v in new[label][:3]) + f"  {old[label][3]:7d}")
        print(f"correct spans {len(before & gold)} -> {len(after & gold)}, "
              f"false positives {len(before - gold)} -> {len(after - gold)}\n")


if __name__ == "__main__":
    main()
