"""Write the unlabelled training text for floret vectors and tok2vec pretraining.

Usage (from training/ner_de):
    python prep_text.py --data /work/shared/data/ner/de --out corpus/raw_text.txt \
        [--jsonl corpus/pretrain.jsonl --jsonl-words 6000000]

The text is the Bundestag speeches (raw/) plus the token text of every labelled set that a
model may train on: GermEval train split only (never dev or the held-out eval split), WikiANN,
Europeana, German LER, MobIE, HIPE NewsEye/SoNAR, ZEFYS2025 and Sturm. The measure-only sets
(SmartData, Europarl) are left out. One line per paragraph/sentence, tokens separated by
spaces (punctuation split off), which is what floret's whitespace tokenisation expects.
"""
from __future__ import annotations

import argparse
import json
import lzma
import random
import re
from collections.abc import Iterator
from pathlib import Path

from convert import read_europeana, read_germeval, read_ler, read_wikiann, stable_bucket

TOKEN = re.compile(r"\w+(?:[-.'’]\w+)*\.?(?=\s|$)|\w+(?:[-'’]\w+)*|[^\w\s]")


def tokenize(line: str) -> list[str]:
    """Whitespace/punctuation tokenisation close enough to spaCy's German rules for vectors."""
    return TOKEN.findall(line)


def column_text(path: Path, max_len: int = 60) -> Iterator[list[str]]:
    """First column of a CoNLL/TSV-like file, cut at blank lines or every max_len tokens."""
    words: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("-DOCSTART-"):
                if words:
                    yield words
                words = []
                continue
            if line.startswith("# ") or line.startswith("TOKEN\t"):
                continue
            tok = re.split(r"[\t ]", line, maxsplit=1)[0]
            if tok:
                words.append(tok)
            if len(words) >= max_len and tok in (".", "!", "?"):
                yield words
                words = []
    if words:
        yield words


def labelled_text(data: Path) -> Iterator[list[str]]:
    """Token lists of every trainable labelled set (GermEval: train split only)."""
    for words, _ in read_germeval(data / "germeval2014" / "NER-de-test.tsv"):
        if stable_bucket(words) >= 25:
            yield words
    for part in ("train", "dev", "test"):
        for words, _ in read_wikiann(data / "wikiann" / part):
            yield words
    for fn in sorted((data / "europeana_newspapers").glob("*.bio")):
        for words, _ in read_europeana(fn):
            yield words
    for fn in sorted((data / "german_ler").glob("*.conll")):
        for words, _ in read_ler(fn):
            yield words
    extra = data / "extra"
    for sub in ("mobie", "hipe2022", "zefys2025", "sturm"):
        for fn in sorted((extra / sub).glob("*")):
            if fn.suffix in (".tsv", ".conll", ".conll2003"):
                yield from column_text(fn)


def raw_text(data: Path) -> Iterator[list[str]]:
    for fn in sorted((data / "raw").rglob("*.txt.xz")):
        with lzma.open(fn, "rt", encoding="utf-8") as f:
            for line in f:
                toks = tokenize(line)
                if len(toks) >= 3:
                    yield toks


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/shared/data/ner/de")
    ap.add_argument("--out", default="corpus/raw_text.txt")
    ap.add_argument("--jsonl", default=None, help="also write spaCy pretraining JSONL here (lines shuffled)")
    ap.add_argument("--jsonl-words", type=int, default=6_000_000,
                    help="words of raw text in the JSONL (all labelled-set text is included)")
    args = ap.parse_args()
    data = Path(args.data)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    n_words = n_lines = 0
    jl: list[str] | None = [] if args.jsonl else None
    jl_words = 0
    with out.open("w", encoding="utf-8") as f:
        for words in labelled_text(data):
            f.write(" ".join(words) + "\n")
            n_words += len(words)
            n_lines += 1
            if jl is not None:
                jl.append(json.dumps({"text": " ".join(words)}, ensure_ascii=False))
        print(f"labelled-set text: {n_lines} lines, {n_words} words")
        for words in raw_text(data):
            f.write(" ".join(words) + "\n")
            n_words += len(words)
            n_lines += 1
            if jl is not None and jl_words < args.jsonl_words:
                jl.append(json.dumps({"text": " ".join(words)}, ensure_ascii=False))
                jl_words += len(words)
    if jl is not None:
        # shuffled (seed 0), so that a pretraining run cut short sees both kinds of text
        random.Random(0).shuffle(jl)
        Path(args.jsonl).write_text("\n".join(jl) + "\n", encoding="utf-8")
    print(f"total: {n_lines} lines, {n_words} words -> {out}")


if __name__ == "__main__":
    main()
