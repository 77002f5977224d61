#!/usr/bin/env bash
# Issue 12 item 2: the float32 classifier against another motiftok binary (main's build) in one
# run. For each set and seed: `learn` (the new binary, defaults), then `train` with OLD and NEW
# alternately (defaults, then --gkm 8), `predict` on the test set. Prints one TSV row per run:
# set, seed, options, binary, test AUROC, train wall s, train CPU s (user + sys, /usr/bin/time),
# epochs run (early stopping: float32 and double runs may stop at different epochs).
# Usage: tools/bench/f32_bench.sh OLD_MOTIFTOK NEW_MOTIFTOK [THREADS]
#   SETS (default 'nfe2 splice'), SEEDS (default '1 2 3 4 5'), OPTS (default ': --gkm 8', the
#   option sets separated by commas, ':' = defaults).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
OLD=$(realpath "$1")
NEW=$(realpath "$2")
T=${3:-2}
W=${WORK:-/tmp/motiftok_f32_bench}
mkdir -p "$W"
cd "$W"
IFS=, read -r -a OPTSETS <<< "${OPTS:-:,--gkm 8}"

# run NAME "TRAIN CLASSES" "TEST CLASSES" "TRAIN OPTIONS" "LEARN OPTIONS" "INPUT OPTIONS"
run() {
  local name=$1 train=$2 test=$3 topts=$4 lopts=$5 iopts=$6 cls=() tcls=()
  for c in $train; do cls+=(--class "$c"); done
  for c in $test; do tcls+=(--class "$c"); done
  for seed in ${SEEDS:-1 2 3 4 5}; do
    "$NEW" learn "${cls[@]}" -t "$T" -q --seed "$seed" $lopts $iopts -o "$name.s$seed.vocab.json"
    for o in "${OPTSETS[@]}"; do
      local tag
      tag=$(echo "$o" | tr -d ' :-')
      for side in old new; do
        local bin=$OLD
        [ $side = new ] && bin=$NEW
        local f="$name.s$seed.$tag.$side"
        /usr/bin/time -f "%e %U %S" -o "$f.time" "$bin" train --vocab "$name.s$seed.vocab.json" \
          "${cls[@]}" -t "$T" --seed "$seed" $topts ${o#:} $iopts -o "$f.bin" 2> "$f.log"
        "$bin" predict --model "$f.bin" "${tcls[@]}" -t "$T" -q $iopts -o "$f.tsv" --metrics "$f.json"
        read -r wall user sys < "$f.time"
        printf "%s\t%s\t%s\t%s\t%s\t%.1f\t%.1f\t%s\n" "$name" "$seed" \
          "$([ "$o" = : ] && echo defaults || echo "$o")" "$side" "$(auroc_of "$f.json")" "$wall" \
          "$(echo "$user + $sys" | bc)" "$(grep -c 'epoch [0-9]*:' "$f.log")"
      done
    done
  done
}

echo -e "set\tseed\toptions\tbinary\tAUROC\ttrain wall s\ttrain CPU s\tepochs"
N=$DATA/nfe2_gm12878
for set in ${SETS:-nfe2 splice}; do
  case $set in
    nfe2)
      run nfe2 "neg=$N/nfe2.neg.tr.fa pos=$N/nfe2.tr.fa" "neg=$N/nfe2.neg.test.fa pos=$N/nfe2.test.fa" \
        "--both-strands" "" "" ;;
    splice)
      /usr/bin/python3 "$BENCH_ROOT/tools/bench/classifier_baseline.py" split "$W" 1 0.2 "EI=$DATA/splice_uci/EI.fa" \
        "IE=$DATA/splice_uci/IE.fa" "N=$DATA/splice_uci/N.fa"
      run splice "EI=$W/EI.train.fa IE=$W/IE.train.fa N=$W/N.train.fa" \
        "EI=$W/EI.test.fa IE=$W/IE.test.fa N=$W/N.test.fa" "" "--strand forward" \
        "--allow-duplicate-ids" ;;
  esac
done
