"""Train floret subword vectors on corpus/raw_text.txt (see prep_text.py) for `spacy init vectors --mode floret`.

    python train_vectors.py corpus/raw_text.txt corpus/vectors.floret [--dim 200 --bucket 50000 ...]
"""
from __future__ import annotations

import argparse
import time

import floret


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("text")
    ap.add_argument("out")
    ap.add_argument("--model", default="cbow", choices=["cbow", "skipgram"])
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--bucket", type=int, default=50000)
    ap.add_argument("--minn", type=int, default=4)
    ap.add_argument("--maxn", type=int, default=5)
    ap.add_argument("--hash-count", type=int, default=2)
    ap.add_argument("--epoch", type=int, default=1)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    t0 = time.time()
    model = floret.train_unsupervised(
        args.text, model=args.model, mode="floret", hashCount=args.hash_count, bucket=args.bucket,
        minn=args.minn, maxn=args.maxn, dim=args.dim, epoch=args.epoch, minCount=args.min_count,
        thread=args.threads, verbose=1,
    )
    model.save_floret_vectors(args.out)
    print(f"floret {vars(args)}: {len(model.words)} words in vocabulary, {time.time() - t0:.0f} s -> {args.out}")


if __name__ == "__main__":
    main()
