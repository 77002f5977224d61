#!/usr/bin/env bash
# NF-E2 (GM12878) 5-fold cross-validation on gkm-SVM's own folds (its nfe2.cvpred.txt): for each
# fold, motiftok learns a vocabulary and trains on the four other folds only, then predicts the
# held-out fold. Prints the pooled and per-fold-mean AUROC next to gkm-SVM's on the same sequences
# and folds: 1288 held-out predictions, a steadier comparison than the 138-sequence test set.
# Usage: tools/bench/nfe2_cv.sh [TOOLS_DIR (build/tools)] [THREADS]
#   TRAIN_OPTS (default --both-strands) and LEARN_OPTS set the options; SEEDS (default 1) lists
#   seeds: each seed is a full cross-validation, reported on its own line.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
BIN=$(motiftok_bin "${1:-$BENCH_ROOT/build/tools}")
T=${2:-2}
N=$DATA/nfe2_gm12878
CV=$N/gkmsvm_predictions/nfe2.cvpred.txt
PY="$PY $BENCH_ROOT/tools/bench/classifier_baseline.py"
W=${WORK:-/tmp/motiftok_nfe2_cv}
mkdir -p "$W"
cd "$W"
folds=$($PY folds "$W" "$CV" "$N/nfe2.tr.fa" "$N/nfe2.neg.tr.fa")
for seed in ${SEEDS:-1}; do
  t0=$(now)
  preds=()
  for f in $folds; do
    cls=(--class "neg=fold$f.neg.train.fa" --class "pos=fold$f.pos.train.fa")
    "$BIN" learn "${cls[@]}" -t "$T" -q --seed "$seed" ${LEARN_OPTS:-} -o "fold$f.vocab.json"
    "$BIN" train --vocab "fold$f.vocab.json" "${cls[@]}" -t "$T" -q --seed "$seed" \
      ${TRAIN_OPTS:---both-strands} -o "fold$f.model.bin"
    "$BIN" predict --model "fold$f.model.bin" -t "$T" -q -o "fold$f.seed$seed.pred.tsv" \
      "fold$f.neg.test.fa" "fold$f.pos.test.fa"
    preds+=("fold$f.seed$seed.pred.tsv")
  done
  t1=$(now)
  printf "seed %s (%.0f s): %s\n" "$seed" "$(echo "$t1 - $t0" | bc)" "$($PY cvauc "$CV" "${preds[@]}")"
done
