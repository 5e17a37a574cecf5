"""Convert the German NER sources to spaCy DocBins with the labels PER/ORG/LOC.

Usage:
    python convert.py --data /work/shared/data/ner/de --out corpus \
        --weights germeval=3,wikiann=1,europeana=0,ler=0

Outputs (under --out):
    germeval_train.spacy / germeval_dev.spacy / germeval_eval.spacy
    wikiann.spacy, europeana.spacy, ler.spacy   (one per extra source)
    train.spacy   the weighted mix used for training (see --weights)
    dev.spacy     = germeval_dev.spacy (checkpoint selection during training)
    eval.spacy    = germeval_eval.spacy (HELD OUT: never trained on, never used
                  for model selection; only evaluate.py reads it)

Held-out split (stable, independent of file order and of Python's hash seed):
    key    = md5(" ".join(tokens of the GermEval sentence), UTF-8) as hex
    bucket = int(key, 16) % 100
    bucket <  15  -> eval   (~15 %)
    bucket <  25  -> dev    (~10 %)
    otherwise     -> train  (~75 %)
Identical sentences therefore always land in the same split.

Label mapping:
    GermEval: B/I-PER, -ORG, -LOC kept; OTH and every *deriv / *part tag -> O
              (outer column only; the nested inner column is ignored).
    WikiANN:  PER/ORG/LOC as is; the "de:" token prefix is stripped.
    Europeana: PER/ORG/LOC; malformed tags are repaired where unambiguous
              (PEr->PER, ORg->ORG, LOCer/OLOC->LOC, B-BER->B-PER), others -> O;
              lines that are not "token tag" are skipped; the stream is cut
              into pseudo-sentences at sentence-final punctuation (max 60 tokens).
    German LER: PER,RR,AN -> PER; LD,ST,STR,LDS -> LOC; ORG,UN,INN,GRT -> ORG;
              all legal-norm classes (GS,VO,EUN,VS,VT,RS,LIT,MRK) -> O.
    MobIE, HIPE (NewsEye+SoNAR), ZEFYS2025, Sturm (sources mobie/hipe/zefys/sturm in --weights):
              see convert_extra.py.
    Measure-only sets (SmartData, Europarl): always written as measure_<name>.spacy, never
              available to --weights.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
from pathlib import Path

import spacy
from convert_extra import measure_sources, trainable_sources
from spacy.tokens import Doc, DocBin
from spacy.training import biluo_tags_to_spans, iob_to_biluo

LABELS = {"PER", "ORG", "LOC"}

NO_SPACE_BEFORE = set(",.;:!?)]}%“‘") | {"''", "...", "…"}
NO_SPACE_AFTER = set("([{„‚") | {"``"}
TOGGLE_QUOTES = {'"', "«", "»", "'"}


def spaces_for(words: list[str]) -> list[bool]:
    """Heuristic detokenisation so that doc.text looks like running text."""
    spaces = []
    open_q = {'"': False, "«": False, "'": False}
    key = {'"': '"', "«": "«", "»": "«", "'": "'"}
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        sp = nxt is not None
        if nxt is not None:
            if nxt in NO_SPACE_BEFORE or w in NO_SPACE_AFTER:
                sp = False
            if w in TOGGLE_QUOTES:
                if not open_q[key[w]]:
                    sp = False  # opening quote: glued to the next word
                open_q[key[w]] = not open_q[key[w]]
            elif nxt in TOGGLE_QUOTES and open_q[key[nxt]]:
                sp = False  # closing quote: glued to the previous word
        elif w in TOGGLE_QUOTES:
            open_q[key[w]] = not open_q[key[w]]
        spaces.append(sp)
    return spaces


def stable_bucket(words: list[str]) -> int:
    return int(hashlib.md5(" ".join(words).encode("utf-8")).hexdigest(), 16) % 100


def make_doc(vocab, words: list[str], iob: list[str]) -> Doc | None:
    words = [w if w.strip() else "_" for w in words]
    words = [re.sub(r"\s+", "_", w) for w in words]
    doc = Doc(vocab, words=words, spaces=spaces_for(words))
    # repair I- without preceding B-/I- of the same type (IOB1 style) -> B-
    fixed = []
    prev = "O"
    for t in iob:
        if t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
            t = "B-" + t[2:]
        fixed.append(t)
        prev = t
    try:
        doc.ents = biluo_tags_to_spans(doc, iob_to_biluo(fixed))
    except Exception as e:  # pragma: no cover
        print("skip", e, words[:10])
        return None
    return doc


def norm_tag(tag: str, mapping: dict[str, str] | None = None) -> str:
    if tag == "O" or "-" not in tag:
        return "O"
    pre, lab = tag.split("-", 1)
    if mapping is not None:
        lab = mapping.get(lab, "O")
    if lab not in LABELS or pre not in ("B", "I"):
        return "O"
    return f"{pre}-{lab}"


def read_germeval(path: Path):
    words, tags = [], []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            if not line.strip():
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            parts = line.split("\t")
            words.append(parts[1])
            t = parts[2]
            if t.endswith("deriv") or t.endswith("part"):
                t = "O"
            tags.append(norm_tag(t))
    if words:
        yield words, tags


def read_wikiann(path: Path):
    words, tags = [], []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            tok, tag = line.rsplit("\t", 1)
            if tok.startswith("de:"):
                tok = tok[3:]
            words.append(tok)
            tags.append(norm_tag(tag))
    if words:
        yield words, tags


EUROPEANA_FIX = {"PEr": "PER", "ORg": "ORG", "LOCer": "LOC", "OLOC": "LOC", "BER": "PER", "ER": "PER"}


def read_europeana(path: Path, max_len: int = 60):
    words, tags = [], []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#") or not line.strip():
                continue
            parts = line.split(" ")
            if len(parts) != 2 or not parts[0]:
                continue
            tok, tag = parts
            if "-" in tag:
                pre, lab = tag.split("-", 1)
                lab = EUROPEANA_FIX.get(lab, lab)
                tag = f"{pre}-{lab}"
            words.append(tok)
            tags.append(norm_tag(tag))
            end = tok in (".", "!", "?") and len(words) >= 5
            if (end or len(words) >= max_len) and tags[-1] == "O":
                yield words, tags
                words, tags = [], []
    if words:
        yield words, tags


LER_MAP = {
    "PER": "PER", "RR": "PER", "AN": "PER",
    "LD": "LOC", "ST": "LOC", "STR": "LOC", "LDS": "LOC",
    "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG",
}


def read_ler(path: Path):
    words, tags = [], []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            tok, tag = line.rsplit(" ", 1)
            words.append(tok)
            tags.append(norm_tag(tag, LER_MAP))
    if words:
        yield words, tags


def entity_spans(tags: list[str]):
    """(start, end, label) token spans from IOB tags (already repaired)."""
    spans, start, lab = [], None, None
    for i, t in enumerate([*tags, "O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != lab):
            if start is not None:
                spans.append((start, i, lab))
                start, lab = None, None
            if t != "O":
                start, lab = i, t[2:]
    return spans


def augment(sents, pool_sents, n_copies: int, rng: random.Random, p_replace: float = 0.8):
    """Entity-substitution augmentation: copies of `sents` in which each entity is
    (with probability p_replace) replaced by a random mention of the same label
    taken from `pool_sents`. Teaches the model to use context, not memorised names."""
    pool: dict[str, list[list[str]]] = {"PER": [], "ORG": [], "LOC": []}
    for words, tags in pool_sents:
        for s, e, lab in entity_spans(tags):
            if e - s <= 5:
                pool[lab].append(words[s:e])
    out = []
    for _ in range(n_copies):
        for words, tags in sents:
            spans = entity_spans(tags)
            if not spans:
                continue
            nw, nt, last = [], [], 0
            for s, e, lab in spans:
                nw.extend(words[last:s])
                nt.extend(tags[last:s])
                ent = rng.choice(pool[lab]) if rng.random() < p_replace else words[s:e]
                nw.extend(ent)
                nt.extend(["B-" + lab] + ["I-" + lab] * (len(ent) - 1))
                last = e
            nw.extend(words[last:])
            nt.extend(tags[last:])
            out.append((nw, nt))
    return out


def to_docbin(vocab, sents) -> DocBin:
    db = DocBin(store_user_data=False)
    for words, tags in sents:
        d = make_doc(vocab, words, tags)
        if d is not None:
            db.add(d)
    return db


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/shared/data/ner/de")
    ap.add_argument("--out", default="corpus")
    ap.add_argument("--weights", default="germeval=3,wikiann=1,europeana=0,ler=0",
                    help="integer repeat count per source in train.spacy; 0 = leave out; "
                         "a fraction <1 subsamples (e.g. wikiann=0.5)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--write-sources", action="store_true",
                    help="also write one DocBin per extra source")
    ap.add_argument("--augment", type=int, default=0,
                    help="number of entity-substituted copies of the GermEval train split "
                         "(source name 'germeval_aug' in --weights)")
    args = ap.parse_args()
    data = Path(args.data)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("de")
    vocab = nlp.vocab

    splits = {"train": [], "dev": [], "eval": []}
    for words, tags in read_germeval(data / "germeval2014" / "NER-de-test.tsv"):
        b = stable_bucket(words)
        splits["eval" if b < 15 else "dev" if b < 25 else "train"].append((words, tags))
    for name, sents in splits.items():
        db = to_docbin(vocab, sents)
        db.to_disk(out / f"germeval_{name}.spacy")
        print(f"germeval_{name}: {len(db)} sentences")
    (out / "dev.spacy").write_bytes((out / "germeval_dev.spacy").read_bytes())
    (out / "eval.spacy").write_bytes((out / "germeval_eval.spacy").read_bytes())

    sources = {"germeval": splits["train"]}
    wiki = []
    for part in ("train", "dev", "test"):
        wiki.extend(read_wikiann(data / "wikiann" / part))
    sources["wikiann"] = wiki
    eur = []
    for fn in sorted((data / "europeana_newspapers").glob("*.bio")):
        eur.extend(read_europeana(fn))
    sources["europeana"] = eur
    ler = []
    for fn in sorted((data / "german_ler").glob("*.conll")):
        ler.extend(read_ler(fn))
    sources["ler"] = ler
    sources.update(trainable_sources(data))
    for name, sents in measure_sources(data).items():
        db = to_docbin(vocab, sents)
        db.to_disk(out / f"measure_{name}.spacy")
        print(f"measure_{name}: {len(db)} sentences (measure only)")
    if args.augment:
        sources["germeval_aug"] = augment(splits["train"], splits["train"] + wiki, args.augment,
                                          random.Random(args.seed + 1))
        print(f"germeval_aug: {len(sources['germeval_aug'])} sentences")
    # No leakage: drop any extra-source sentence identical to a held-out one.
    held = {" ".join(w) for w, _ in splits["eval"] + splits["dev"]}
    for name in ("wikiann", "europeana", "ler", "mobie", "hipe", "zefys", "sturm"):
        if not args.write_sources and name not in args.weights:
            continue
        before = len(sources[name])
        sources[name] = [(w, t) for w, t in sources[name] if " ".join(w) not in held]
        db = to_docbin(vocab, sources[name])
        db.to_disk(out / f"{name}.spacy")
        print(f"{name}: {len(db)} sentences ({before - len(sources[name])} dropped as held-out duplicates)")

    weights = {}
    for kv in args.weights.split(","):
        k, v = kv.split("=")
        weights[k.strip()] = float(v)
    rng = random.Random(args.seed)
    mix = []
    for name, w in weights.items():
        if name not in sources:
            raise SystemExit(f"unknown source {name!r} in --weights (measure-only sets cannot be trained on)")
        sents = sources[name]
        whole, frac = int(w), w - int(w)
        mix.extend(sents * whole)
        if frac > 0:
            mix.extend(rng.sample(sents, int(len(sents) * frac)))
    rng.shuffle(mix)
    db = to_docbin(vocab, mix)
    db.to_disk(out / "train.spacy")
    print(f"train.spacy: {len(db)} sentences, weights {weights}")


if __name__ == "__main__":
    main()
