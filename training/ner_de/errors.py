"""Print false positives / false negatives of a model on a split (default: dev, NOT eval).

    python errors.py MODEL [--data corpus/dev.spacy]
"""
import argparse
import sys
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import DocBin

sys.path.insert(0, str(Path(__file__).resolve().parent))
import components  # noqa: F401

ap = argparse.ArgumentParser()
ap.add_argument("model")
ap.add_argument("--data", default="corpus/dev.spacy")
args = ap.parse_args()
nlp = spacy.load(args.model)
gold = list(DocBin().from_disk(args.data).get_docs(nlp.vocab))
kinds = Counter()
for g, p in zip(gold, nlp.pipe([d.text for d in gold]), strict=True):
    G = {(e.start_char, e.end_char, e.label_) for e in g.ents}
    P = {(e.start_char, e.end_char, e.label_) for e in p.ents}
    for s in sorted(P - G):
        over = [x for x in G if x[0] < s[1] and s[0] < x[1]]
        if not over:
            kind = "spurious"
        elif over[0][2] == s[2]:
            kind = "boundary"
        elif (over[0][0], over[0][1]) == (s[0], s[1]):
            kind = "label"
        else:
            kind = "boundary+label"
        kinds[kind, s[2]] += 1
        gtxt = [f"{g.text[x[0]:x[1]]}/{x[2]}" for x in over]
        print(f"FP {kind:14} {p.text[s[0]:s[1]]!r}/{s[2]}  gold={gtxt}")
    for s in sorted(G - P):
        over = [x for x in P if x[0] < s[1] and s[0] < x[1]]
        if not over:
            kinds["missed", s[2]] += 1
            print(f"FN missed         {g.text[s[0]:s[1]]!r}/{s[2]}   | {g.text[max(0, s[0]-40):s[1]+30]!r}")
for k, v in kinds.most_common():
    print(k, v)
