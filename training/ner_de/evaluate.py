"""Evaluate a German NER pipeline on the held-out GermEval split.

    python evaluate.py MODEL [--data corpus/eval.spacy] [--no-rules] [--json out.json]

MODEL is a path (e.g. output/final/model-best) or an installed package name
(de_nachlese_ner). The pipeline runs on the *raw text* of each held-out
sentence (its own tokenizer, as in production), and predicted entities are
compared with the gold entities as exact character spans (start, end, label).

Speed: words/second of nlp.pipe over the held-out texts (x3) on ONE thread
(set before numpy is imported), best of 3 passes, words = spaCy tokens; reported
per CPU-second of the process (= one unshared core) and per wall-clock second.
"""
from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import DocBin

HERE = Path(__file__).resolve().parent


def _register_local_components() -> None:
    """Register the custom factories when evaluating a training output directory
    (an installed package registers its own copy)."""
    sys.path.insert(0, str(HERE))
    import components  # noqa: F401

LABELS = ("PER", "ORG", "LOC")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(nlp, gold_docs, disable=()) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    texts = [d.text for d in gold_docs]
    with nlp.select_pipes(disable=list(disable)):
        preds = list(nlp.pipe(texts, batch_size=256))
    for gold, pred in zip(gold_docs, preds, strict=True):
        g = {(e.start_char, e.end_char, e.label_) for e in gold.ents}
        p = {(e.start_char, e.end_char, e.label_) for e in pred.ents}
        for s in p & g:
            tp[s[2]] += 1
        for s in p - g:
            fp[s[2]] += 1
        for s in g - p:
            fn[s[2]] += 1
    res = {}
    for lab in LABELS:
        P, R, F = prf(tp[lab], fp[lab], fn[lab])
        res[lab] = {"p": P, "r": R, "f": F, "support": tp[lab] + fn[lab]}
    P, R, F = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    res["ALL"] = {"p": P, "r": R, "f": F, "support": sum(tp.values()) + sum(fn.values())}
    return res


def speed(nlp, texts, passes: int = 3) -> tuple[float, float]:
    """(words per CPU-second of this process, words per wall-clock second), best of
    `passes`. CPU time is what one core delivers when it is not shared; wall-clock
    is lower when other processes compete for the core."""
    best_cpu = best_wall = 0.0
    n_words = sum(len(d) for d in nlp.tokenizer.pipe(texts))
    for _ in range(passes):
        c0, t0 = time.process_time(), time.perf_counter()
        for _d in nlp.pipe(texts, batch_size=256):
            pass
        best_cpu = max(best_cpu, n_words / (time.process_time() - c0))
        best_wall = max(best_wall, n_words / (time.perf_counter() - t0))
    return best_cpu, best_wall


def model_size_mb(nlp_path: str) -> float | None:
    p = Path(nlp_path)
    if not p.exists():
        try:
            import importlib
            mod = importlib.import_module(nlp_path)
            p = Path(mod.__file__).parent
        except Exception:
            return None
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--data", default=str(HERE / "corpus" / "eval.spacy"))
    ap.add_argument("--no-rules", action="store_true", help="disable the rule component")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()

    try:
        import torch
        torch.set_num_threads(1)
    except Exception:
        pass
    if Path(args.model).exists():
        _register_local_components()
    nlp = spacy.load(args.model)
    gold = list(DocBin().from_disk(args.data).get_docs(nlp.vocab))
    disable = ["nachlese_ner_rules"] if args.no_rules and "nachlese_ner_rules" in nlp.pipe_names else []
    res = score(nlp, gold, disable)
    print(f"model: {args.model}  pipeline: {nlp.pipe_names}  disabled: {disable}")
    print(f"held-out: {args.data}  ({len(gold)} sentences, {sum(len(d) for d in gold)} tokens)")
    print(f"{'label':<6} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}")
    for lab in (*LABELS, "ALL"):
        r = res[lab]
        print(f"{lab:<6} {r['p']:6.3f} {r['r']:6.3f} {r['f']:6.3f} {r['support']:8d}")
    if not args.no_speed:
        wps, wall = speed(nlp, [d.text for d in gold] * 3)
        res["words_per_second_1_thread"] = wps
        res["words_per_second_wall_clock"] = wall
        print(f"speed: {wps:,.0f} words per CPU-second (1 thread); "
              f"{wall:,.0f} words/s wall-clock (load average now {os.getloadavg()[0]:.1f})")
    size = model_size_mb(args.model)
    if size is not None:
        res["size_mb"] = size
        print(f"size on disk: {size:.1f} MB")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
