"""Score a pipeline with the rule layer switched on/off piece by piece.

    python ablate_rules.py MODEL [--data corpus/dev.spacy]
"""
import argparse
import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin

sys.path.insert(0, str(Path(__file__).resolve().parent))
import components  # noqa: F401
from evaluate import score

ap = argparse.ArgumentParser()
ap.add_argument("model")
ap.add_argument("--data", default="corpus/dev.spacy")
ap.add_argument("--only", default=None, help="comma-separated variant names to run (default: all)")
args = ap.parse_args()
nlp = spacy.load(args.model)
gold = list(DocBin().from_disk(args.data).get_docs(nlp.vocab))
if "nachlese_ner_rules" in nlp.pipe_names:
    nlp.remove_pipe("nachlese_ner_rules")
off = dict(trim=False, legal=False, legal_new=False, streets=False, drop_nouns=False, drop_part=False, org_heads=False,
           inst_fuer=False, org_words=False, geo_relabel=False, geo_prep=False, org_roles=False,
           first_names=False, per_inst=False, legal_article=False, drop_compounds=False)
variants = {"no rules": off}
for k in off:
    variants[f"only {k}"] = {**off, k: True}
variants["all rules"] = {}
for k in off:
    variants[f"all but {k}"] = {k: False}
for name, cfg in variants.items():
    if args.only and name not in args.only.split(","):
        continue
    nlp.add_pipe("nachlese_ner_rules", config=cfg, last=True)
    r = score(nlp, gold)
    nlp.remove_pipe("nachlese_ner_rules")
    print(f"{name:22} " + "  ".join(f"{lab} {r[lab]['f']:.3f}" for lab in ("PER", "ORG", "LOC", "ALL"))
          + f"  (P {r['ALL']['p']:.3f} R {r['ALL']['r']:.3f})")
