#!/usr/bin/env bash
# `motiftok fit` against the label-blind and the five-base vocabularies, same classifier options:
#   fit      motiftok fit (its model; trained on the 1 - holdout share of the training split)
#   learn    motiftok learn (defaults, β = 1) -> train
#   ig0      motiftok learn --ig-weight 0 (label-blind) -> train
#   bases    motiftok learn --vocab-size 5 (A C G T N only) -> train
#   fitnb    (only if asked for in VARIANTS) fit with --no-motif-bias
#   fitz0    (only if asked for in VARIANTS) fit with --effect-z 0 (the M-step's sign rule)
#   fitl1    (only if asked for in VARIANTS) fit with --effect-weight 1 (task effects, no IG)
#   fitsel0  (only if asked for in VARIANTS) fit with --select-z 0 (any lower held-back loss)
#   fitnr    (only if asked for in VARIANTS) fit with --no-refit
#   fitb0    (only if asked for in VARIANTS) fit with --ig-weight 0 (labels enter only through
#            the task-effect edits, never through the IG path bonus)
# Each: test AUROC of the model, and of a bag-of-tokens logistic regression (scikit-learn) on the
# best-path tokens of `motiftok tokenize` with that vocabulary (not for bases). Seconds: fit for
# fit, learn + train for the others.
# Usage: tools/bench/fit_bench.sh [BUILD_DIR] [THREADS]
#   SETS='nfe2 ctcf splice elavl1 tdp43 promoters', SEEDS='1 2 3 4 5', VARIANTS='fit learn ig0 bases'
#   CLIP_N: training sequences per class file kept for the CLIP sets (seeded subsample; test
#   sets as published, also subsampled to CLIP_TEST_N per file). CTCF_N: training sequences per
#   class kept for ctcf_dragonn after its 80/20 split (seeded subsample; default all). FIT_OPTS: extra fit options;
#   TRAIN_OPTS: extra classifier options for every variant (fit and train alike).
# Writes /tmp/motiftok_fit_bench/results.tsv (one row per set, seed, variant) and prints the
# summary table (mean ± sd over seeds).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
HERE=$BENCH_ROOT/tools/bench
BIN=$(motiftok_bin "${1:-$BENCH_ROOT/build/tools}")
T=${2:-2}
BASELINE="$PY $HERE/classifier_baseline.py"
PY="$PY $HERE/fit_bench.py"
W=${WORK:-/tmp/motiftok_fit_bench}
SETS=${SETS:-nfe2 ctcf splice elavl1 tdp43 promoters}
SEEDS=${SEEDS:-1 2 3 4 5}
VARIANTS=${VARIANTS:-fit learn ig0 bases}
CLIP_N=${CLIP_N:-2000}
CLIP_TEST_N=${CLIP_TEST_N:-2000}
CTCF_N=${CTCF_N:-1000000}
FIT_OPTS=${FIT_OPTS:-}
TRAIN_OPTS=${TRAIN_OPTS:-}
mkdir -p "$W"
cd "$W"
RES=$W/results.tsv
[[ -f $RES ]] || printf "set\tseed\tvariant\tauroc\tlr_auroc\tseconds\n" > "$RES"

# tokens_of VOCAB "NAME=FASTA ..." PREFIX -> "NAME=PREFIX.NAME.tok,..."
tokens_of() {
  local vocab=$1 specs=$2 prefix=$3 out=()
  for c in $specs; do
    "$BIN" tokenize --vocab "$vocab" "${c#*=}" -q -t "$T" $ropts -o "$prefix.${c%%=*}.tok"
    out+=("${c%%=*}=$prefix.${c%%=*}.tok")
  done
  (IFS=,; echo "${out[*]}")
}

# run_set NAME "TRAIN_CLASSES" "TEST_CLASSES" "TRAIN OPTIONS" "INPUT OPTIONS"
run_set() {
  local name=$1 train=$2 test=$3 topts="$4 $TRAIN_OPTS" iopts=$5 cls=() tcls=()
  ropts=$(echo " $iopts " | sed 's/--strand forward//')  # reader options (not learn's --strand)
  for c in $train; do cls+=(--class "$c"); done
  for c in $test; do tcls+=(--class "$c"); done
  for seed in $SEEDS; do
    for v in $VARIANTS; do
      local p="$name.s$seed.$v" t0 t1 vocab model lr=""
      echo "== $name seed $seed $v" >&2
      t0=$(now)
      case $v in
        fit|fitnb|fitz0|fitl1|fitsel0|fitnr|fitb0) local nb=""
             [[ $v == fitnb ]] && nb="--no-motif-bias"
             [[ $v == fitz0 ]] && nb="--effect-z 0"
             [[ $v == fitl1 ]] && nb="--effect-weight 1"
             [[ $v == fitsel0 ]] && nb="--select-z 0"
             [[ $v == fitnr ]] && nb="--no-refit"
             [[ $v == fitb0 ]] && nb="--ig-weight 0"
             # A finished fit directory is reused (the run is deterministic per seed).
             [[ -f $p/model.bin ]] ||
               "$BIN" fit "${cls[@]}" -t "$T" --seed "$seed" $topts $nb $iopts $FIT_OPTS -o "$p" 2> "$p.log"
             vocab=$p/vocab.json; model=$p/model.bin ;;
        *)   local lopts=""
             [[ $v == ig0 ]] && lopts="--ig-weight 0"
             [[ $v == bases ]] && lopts="--vocab-size 5"
             "$BIN" learn "${cls[@]}" -t "$T" -q --seed "$seed" $lopts $iopts -o "$p.vocab.json"
             "$BIN" train --vocab "$p.vocab.json" "${cls[@]}" -t "$T" -q --seed "$seed" $topts \
               $ropts -o "$p.model.bin"
             vocab=$p.vocab.json; model=$p.model.bin ;;
      esac
      t1=$(now)
      "$BIN" predict --model "$model" "${tcls[@]}" -t "$T" -q $ropts -o "$p.pred.tsv" \
        --metrics "$p.metrics.json"
      if [[ $v != bases ]]; then
        # Needs scikit-learn (apt install python3-sklearn); without it the column stays empty.
        if $PY bot "$(tokens_of "$vocab" "$train" "$p.train")" "$(tokens_of "$vocab" "$test" "$p.test")" > "$p.lr.json"; then
          lr=$(auroc_of "$p.lr.json" 6)
        fi
      fi
      printf "%s\t%s\t%s\t%s\t%s\t%.1f\n" "$name" "$seed" "$v" "$(auroc_of "$p.metrics.json" 6)" "$lr" \
        "$(echo "$t1 - $t0" | bc)" | tee -a "$RES"
    done
  done
}

N=$DATA/nfe2_gm12878
for set in $SETS; do
  case $set in
    nfe2) run_set nfe2 "neg=$N/nfe2.neg.tr.fa pos=$N/nfe2.tr.fa" \
            "neg=$N/nfe2.neg.test.fa pos=$N/nfe2.test.fa" "--both-strands" "" ;;
    ctcf) $BASELINE split "$W" 1 0.2 \
            "neg=$DATA/ctcf_dragonn/neg.fa" "pos=$DATA/ctcf_dragonn/pos.fa"
          for c in neg pos; do $PY subsample "$W/$c.train.sub.fa" 1 "$CTCF_N" "$W/$c.train.fa"; done
          run_set ctcf "neg=$W/neg.train.sub.fa pos=$W/pos.train.sub.fa" \
            "neg=$W/neg.test.fa pos=$W/pos.test.fa" "--both-strands --epochs 12" "" ;;
    splice) $BASELINE split "$W" 1 0.2 \
              "EI=$DATA/splice_uci/EI.fa" "IE=$DATA/splice_uci/IE.fa" "N=$DATA/splice_uci/N.fa"
            run_set splice "EI=$W/EI.train.fa IE=$W/IE.train.fa N=$W/N.train.fa" \
              "EI=$W/EI.test.fa IE=$W/IE.test.fa N=$W/N.test.fa" "" \
              "--strand forward --allow-duplicate-ids" ;;
    elavl1|tdp43|promoters)
      dir=$DATA/clip_$set; [[ $set == promoters ]] && dir=$DATA/promoters_mouse
      n=$CLIP_N; nt=$CLIP_TEST_N
      [[ $set == promoters ]] && n=1000000 && nt=1000000   # promoters: all (3.8k train)
      for part in train test; do
        for c in neg pos; do
          $PY subsample "$W/$set.$part.$c.fa" 1 "$([[ $part == train ]] && echo $n || echo $nt)" \
            "$dir/$part.$c.fa.gz"
        done
      done
      run_set "$set" "neg=$W/$set.train.neg.fa pos=$W/$set.train.pos.fa" \
        "neg=$W/$set.test.neg.fa pos=$W/$set.test.pos.fa" "" "--strand forward" ;;
  esac
done
$PY summary "$RES"
