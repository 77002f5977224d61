#!/usr/bin/env bash
# Accuracy and speed of `motiftok train` / `predict` against the peers, on the shared real data:
#   NF-E2 (GM12878): test AUROC next to gkm-SVM's own test predictions and a k-mer logistic
#                    regression; ctcf_dragonn (seeded 80/20 split) and splice_uci (3 classes,
#                    seeded 80/20 split): next to the k-mer logistic regression (scikit-learn);
#   training time, prediction throughput, and a scale run (100k sequences of 200 bp).
# Usage: tools/bench/classifier_bench.sh [BUILD_DIR] [THREADS]
#   SETS='nfe2 ctcf splice scale' picks the runs; NFE2_OPTS, NFE2_GKM_OPTS (the second NF-E2 run),
#   CTCF_OPTS, SPLICE_OPTS, SCALE_OPTS set train options.
# Everything is written under WORK (default /tmp/motiftok_classifier_bench); nothing in the
# repository.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
HERE=$BENCH_ROOT/tools/bench
BIN=$(motiftok_bin "${1:-$BENCH_ROOT/build/tools}")
T=${2:-2}
PY="$PY $HERE/classifier_baseline.py"
W=${WORK:-/tmp/motiftok_classifier_bench}
mkdir -p "$W"
cd "$W"
SETS=${SETS:-nfe2 ctcf splice scale}

json() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(' '.join('%s=%.4f' % (k, d[k]) for k in sys.argv[2:]))" "$@"; }

# run_set NAME "TRAIN_CLASSES" "TEST_CLASSES" "TRAIN OPTIONS" ["LEARN OPTIONS" ["INPUT OPTIONS"]]
# (classes: space-separated NAME=FASTA; input options go to learn, train and predict)
run_set() {
  local name=$1 train=$2 test=$3 topts=$4 lopts=${5:-} iopts=${6:-} cls=() tcls=() lr_train lr_test
  for c in $train; do cls+=(--class "$c"); done
  for c in $test; do tcls+=(--class "$c"); done
  lr_train=$(echo $train | tr ' ' ','); lr_test=$(echo $test | tr ' ' ',')
  echo "== $name (learn: $lopts $iopts; train: $topts $iopts)"
  local t0=$(now)
  "$BIN" learn "${cls[@]}" -t "$T" -q $lopts $iopts -o "$name.vocab.json"
  local t1=$(now)
  "$BIN" train --vocab "$name.vocab.json" "${cls[@]}" -t "$T" $topts $iopts -o "$name.model.bin" 2> "$name.train.log"
  local t2=$(now)
  "$BIN" predict --model "$name.model.bin" "${tcls[@]}" -t "$T" -q $iopts -o "$name.pred.tsv" --metrics "$name.metrics.json"
  local t3=$(now)
  local n=$(($(wc -l < "$name.pred.tsv") - 1))
  local epochs=$(grep -c "epoch" "$name.train.log")
  printf "motiftok  learn %.1f s, train %.1f s (%d epochs), predict %d seqs in %.2f s (%.0f seqs/s)\n" \
    "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$epochs" "$n" "$(echo "$t3 - $t2" | bc)" \
    "$(echo "$n / ($t3 - $t2)" | bc -l)"
  echo "motiftok  $(json "$name.metrics.json" auroc auprc accuracy mcc macro_f1)"
  local strand=both
  [[ "$lopts" == *"--strand forward"* ]] && strand=forward
  $PY lr "$lr_train" "$lr_test" "$strand" > "$name.lr.json"
  echo "k-mer LR  $(json "$name.lr.json" auroc auprc accuracy mcc macro_f1 seconds)"
  /usr/bin/python3 -c "import json,sys; a=json.load(open(sys.argv[1]))['auroc']; b=json.load(open(sys.argv[2]))['auroc']; print('AUROC motiftok - LR = %+.4f' % (a-b))" "$name.metrics.json" "$name.lr.json"
}

N=$DATA/nfe2_gm12878
# NF-E2 twice: the default model, and with the gapped k-mer term (--gkm 8, off by default).
if [[ " $SETS " == *" nfe2 "* ]]; then
$PY gkm "$N/gkmsvm_predictions/nfe2.test.pred.txt" "$N/gkmsvm_predictions/nfe2.neg.test.pred.txt" > nfe2.gkm.json
for variant in nfe2 nfe2_gkm; do
  opts=${NFE2_OPTS:---both-strands}
  [[ $variant == nfe2_gkm ]] && opts=${NFE2_GKM_OPTS:---both-strands --gkm 8}
  run_set "$variant" "neg=$N/nfe2.neg.tr.fa pos=$N/nfe2.tr.fa" "neg=$N/nfe2.neg.test.fa pos=$N/nfe2.test.fa" "$opts"
  echo "gkm-SVM   $(json nfe2.gkm.json auroc auprc)   (its own predictions on the same test files)"
  $PY gkmtest "$N/gkmsvm_predictions/nfe2.test.pred.txt" "$N/gkmsvm_predictions/nfe2.neg.test.pred.txt" \
    "$variant.pred.tsv" > "$variant.delong.json"
  /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); lo,hi=d['difference_95ci']; print('AUROC motiftok - gkm-SVM = %+.4f (95%% CI %+.4f to %+.4f, DeLong p = %.2f; n = %d)' % (d['difference'], lo, hi, d['delong_p'], d['n']))" "$variant.delong.json"
done
fi

if [[ " $SETS " == *" ctcf "* ]]; then
$PY split "$W" 1 0.2 "neg=$DATA/ctcf_dragonn/neg.fa" "pos=$DATA/ctcf_dragonn/pos.fa"
run_set ctcf "neg=$W/neg.train.fa pos=$W/pos.train.fa" "neg=$W/neg.test.fa pos=$W/pos.test.fa" \
  "${CTCF_OPTS:---both-strands --epochs 12}"
fi

# Splice junctions are strand-specific: a forward vocabulary, no reverse-complement averaging.
# The UCI file repeats some ids within a class file: --allow-duplicate-ids.
if [[ " $SETS " == *" splice "* ]]; then
$PY split "$W" 1 0.2 "EI=$DATA/splice_uci/EI.fa" "IE=$DATA/splice_uci/IE.fa" "N=$DATA/splice_uci/N.fa"
run_set splice "EI=$W/EI.train.fa IE=$W/IE.train.fa N=$W/N.train.fa" \
               "EI=$W/EI.test.fa IE=$W/IE.test.fa N=$W/N.test.fa" "${SPLICE_OPTS:-}" \
               "--strand forward" "--allow-duplicate-ids"
fi

if [[ " $SETS " == *" scale "* ]]; then
  echo "== scale: 100000 sequences of 200 bp (planted motif), 3 epochs, one strand"
  $PY planted scale 100000 200 7
  "$BIN" learn --class pos=scale.pos.fa --class neg=scale.neg.fa -t "$T" -o scale.vocab.json 2>&1 |
    grep "peak RSS" | sed 's/^/learn: /'
  "$BIN" train --vocab scale.vocab.json --class neg=scale.neg.fa --class pos=scale.pos.fa -t "$T" \
    --epochs 3 ${SCALE_OPTS:-} -o scale.model.bin 2>&1 | grep -E "epoch|peak RSS"
  "$BIN" predict --model scale.model.bin scale.pos.fa scale.neg.fa -t "$T" -o scale.pred.tsv 2>&1 |
    grep "peak RSS" | sed 's/^/predict 100000 sequences: /'
fi
