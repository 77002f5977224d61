#!/usr/bin/env bash
# Issue 12: the classifier's defaults (--gkm auto) against the previous defaults (another
# motiftok binary, e.g. main's build), a 6-mer logistic regression and the gapped k-mer term alone
# (a logistic regression on the same l = 8, k = 5 features), on the shared real data, in one run.
# For each set and seed: `learn` (the new binary, defaults), then `train` with each binary (the
# set's usual options only: --both-strands for the DNA ChIP sets; forward strand for splice, CLIP
# and promoters), `predict` on the test set. Prints one TSV row per (set, seed, model): AUROC,
# train wall and CPU seconds (/usr/bin/time), and the --gkm auto choice.
# Usage: tools/bench/gkm_auto_bench.sh OLD_TOOLS_DIR NEW_TOOLS_DIR [THREADS]
#   SETS (default 'nfe2 splice promoters elavl1 tdp43 ctcf'), SEEDS (default '1 2 3'),
#   CLIP_N (training sequences kept per CLIP set, default 6000, test 2000: a seeded subsample
#   with the published class ratio), BASELINES=0 skips the two logistic regressions, NEW_OPTS
#   (e.g. "--conv-width auto") adds train options to the new binary's runs only, OLD_OPTS (e.g.
#   "--pos-bins 8": the previous defaults with the same binary) to the old side's only, CTCF_OPTS
#   replaces ctcf's train options (default "--both-strands --epochs 12"; "--both-strands" for the
#   defaults alone), LEARN_OPTS adds `learn` options (e.g. "--ig-weight 0": the label-blind
#   vocabulary both sides train on). The last column is what --gkm auto chose, then what
#   --conv-width/--pos-bins auto kept (if auto).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
HERE=$BENCH_ROOT/tools/bench
OLD=$(motiftok_bin "$1")
NEW=$(motiftok_bin "$2")
T=${3:-2}
PY="$PY $HERE/classifier_baseline.py"
W=${WORK:-/tmp/motiftok_gkm_auto_bench}
mkdir -p "$W"
cd "$W"
SETS=${SETS:-nfe2 splice promoters elavl1 tdp43 ctcf}
SEEDS=${SEEDS:-1 2 3}
CLIP_N=${CLIP_N:-6000}


# Seeded subsample of a (gzipped) FASTA: every sequence kept with probability P.
subsample() {
  /usr/bin/python3 - "$@" <<'EOF'
import gzip, random, sys
path, out, p, seed = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
op = gzip.open if path.endswith(".gz") else open
with op(path, "rt") as f, open(out, "w") as o:
    keep = False
    for line in f:
        if line.startswith(">"):
            keep = rng.random() < p
        if keep:
            o.write(line)
EOF
}

# run NAME "TRAIN CLASSES" "TEST CLASSES" "TRAIN OPTIONS" "LEARN OPTIONS" "INPUT OPTIONS" STRAND
run() {
  local name=$1 train=$2 test=$3 topts=$4 lopts=$5 iopts=$6 strand=$7 cls=() tcls=()
  for c in $train; do cls+=(--class "$c"); done
  for c in $test; do tcls+=(--class "$c"); done
  if [ "${BASELINES:-1}" = 1 ]; then
    $PY lr "$(echo $train | tr ' ' ',')" "$(echo $test | tr ' ' ',')" "$strand" > "$name.lr.json"
    printf "%s\t-\t6-mer LR\t%s\n" "$name" "$(auroc_of "$name.lr.json")"
    if [ "$name" != ctcf ]; then  # 4000 x 1 kbp: too large for the Python feature map
      $PY gkmlr "$(echo $train | tr ' ' ',')" "$(echo $test | tr ' ' ',')" "$strand" > "$name.gkmlr.json"
      printf "%s\t-\tgkm term alone (LR, l=8 k=5)\t%s\n" "$name" "$(auroc_of "$name.gkmlr.json")"
    fi
  fi
  for seed in $SEEDS; do
    "$NEW" learn "${cls[@]}" -t "$T" -q --seed "$seed" $lopts ${LEARN_OPTS:-} $iopts -o "$name.s$seed.vocab.json"
    for side in old new; do
      local bin=$OLD extra=${OLD_OPTS:-}
      [ $side = new ] && bin=$NEW && extra=${NEW_OPTS:-}
      /usr/bin/time -f "%e %U %S" -o "$name.s$seed.$side.time" \
        "$bin" train --vocab "$name.s$seed.vocab.json" "${cls[@]}" -t "$T" --seed "$seed" $topts $extra $iopts \
        -o "$name.s$seed.$side.bin" 2> "$name.s$seed.$side.log"
      "$bin" predict --model "$name.s$seed.$side.bin" "${tcls[@]}" -t "$T" -q $iopts \
        -o "$name.s$seed.$side.tsv" --metrics "$name.s$seed.$side.json"
      read -r wall user sys < "$name.s$seed.$side.time"
      printf "%s\t%s\t%s\t%s\t%.1f\t%.1f\t%s\n" "$name" "$seed" "$side defaults" \
        "$(auroc_of "$name.s$seed.$side.json")" "$wall" "$(echo "$user + $sys" | bc)" \
        "$(grep -o 'gkm auto.*' "$name.s$seed.$side.log" | sed 's/ (term alone.*: / /' || true)$(
          grep -E -o '(width|bins) auto: validation loss.*' "$name.s$seed.$side.log" | sed 's/.*: kept /; kept /' || true)"
    done
  done
}

echo -e "set\tseed\tmodel\tAUROC\ttrain wall s\ttrain CPU s\tauto choices"
N=$DATA/nfe2_gm12878
for set in $SETS; do
  case $set in
    nfe2)
      run nfe2 "neg=$N/nfe2.neg.tr.fa pos=$N/nfe2.tr.fa" "neg=$N/nfe2.neg.test.fa pos=$N/nfe2.test.fa" \
        "--both-strands" "" "" both ;;
    splice)
      $PY split "$W" 1 0.2 "EI=$DATA/splice_uci/EI.fa" "IE=$DATA/splice_uci/IE.fa" "N=$DATA/splice_uci/N.fa"
      run splice "EI=$W/EI.train.fa IE=$W/IE.train.fa N=$W/N.train.fa" \
        "EI=$W/EI.test.fa IE=$W/IE.test.fa N=$W/N.test.fa" "" "--strand forward" \
        "--allow-duplicate-ids" forward ;;
    promoters)
      P=$DATA/promoters_mouse
      for f in train.pos train.neg test.pos test.neg; do
        ls "$P"/$f* > /dev/null
        zcat -f "$P"/$f* > "$W/prom.$f.fa"
      done
      run promoters "neg=$W/prom.train.neg.fa pos=$W/prom.train.pos.fa" \
        "neg=$W/prom.test.neg.fa pos=$W/prom.test.pos.fa" "" "--strand forward" "" forward ;;
    elavl1|tdp43)
      C=$DATA/clip_$set
      for part in train test; do
        n=$CLIP_N; [ $part = test ] && n=$((CLIP_N / 3))
        total=$([ $part = train ] && echo 30000 || echo 10000)
        for cl in pos neg; do
          subsample "$C/$part.$cl.fa.gz" "$W/$set.$part.$cl.fa" "$(echo "$n / $total" | bc -l)" 1
        done
      done
      run "$set" "neg=$W/$set.train.neg.fa pos=$W/$set.train.pos.fa" \
        "neg=$W/$set.test.neg.fa pos=$W/$set.test.pos.fa" "" "--strand forward" "" forward ;;
    ctcf)
      $PY split "$W" 1 0.2 "neg=$DATA/ctcf_dragonn/neg.fa" "pos=$DATA/ctcf_dragonn/pos.fa"
      run ctcf "neg=$W/neg.train.fa pos=$W/pos.train.fa" "neg=$W/neg.test.fa pos=$W/pos.test.fa" \
        "${CTCF_OPTS:---both-strands --epochs 12}" "" "" both ;;
  esac
done
