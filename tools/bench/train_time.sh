#!/usr/bin/env bash
# Issue 12's training-time criterion: `train` with the default options, on NF-E2 (`--both-strands
# --seed 1`) and on 100k generated sequences of 200 bp (`--epochs 3`), with each binary given, the
# binaries alternating, REPEATS runs each; prints the median wall s, CPU s and the largest peak
# RSS per (set, binary), and the wall and CPU ratios against the first binary (the reference, e.g.
# aadc01a: the last single-network defaults). One `learn` vocabulary per set (the first binary's)
# serves every binary, so only `train` differs.
# Usage: tools/bench/train_time.sh REF_BIN BIN [BIN...]   (env: WORK, REPEATS (default 3), THREADS
#   (default 2), SCALE_N (sequences of 200 bp, default 100000), SETS (default "nfe2 scale"))
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ $# -ge 2 ] || die "usage: $0 REF_BIN BIN [BIN...]"
BINS=()
for b in "$@"; do BINS+=("$(motiftok_bin "$b")"); done
WORK=${WORK:-/tmp/motiftok_train_time}
REPEATS=${REPEATS:-3}
T=${THREADS:-2}
SCALE_N=${SCALE_N:-100000}
SETS=${SETS:-nfe2 scale}
mkdir -p "$WORK"
cd "$WORK"
N=$DATA/nfe2_gm12878

# classes SET: the set's --class options.
classes() {
  case $1 in
    nfe2) echo "--class neg=$N/nfe2.neg.tr.fa --class pos=$N/nfe2.tr.fa" ;;
    scale) echo "--class neg=scale.neg.fa --class pos=scale.pos.fa" ;;
  esac
}
# options SET: the set's train options besides the defaults.
options() {
  case $1 in
    nfe2) echo "--both-strands --seed 1" ;;
    scale) echo "--epochs 3" ;;
  esac
}

echo -e "set\tbinary\tmedian wall s\tmedian CPU s\tpeak RSS MB\twall / ref\tCPU / ref"
for set in $SETS; do
  if [ "$set" = scale ] && [ "$(cat scale.size 2> /dev/null)" != "$SCALE_N" ]; then
    $PY "$BENCH_ROOT/tools/bench/classifier_baseline.py" planted scale "$SCALE_N" 200 7
    echo "$SCALE_N" > scale.size
  fi
  # shellcheck disable=SC2046  # the class options are words
  "${BINS[0]}" learn -q $(classes "$set") -t "$T" -o "$set.vocab.json"
  for i in "${!BINS[@]}"; do : > "$set.$i.times"; done
  for _ in $(seq "$REPEATS"); do
    for i in "${!BINS[@]}"; do
      # shellcheck disable=SC2046
      timed "$set.$i.times" "${BINS[$i]}" train -q --vocab "$set.vocab.json" $(classes "$set") \
        $(options "$set") -t "$T" -o "$set.$i.bin"
    done
  done
  ref_wall=$(column_median 1 "$set.0.times")
  ref_cpu=$(column_median 2 "$set.0.times")
  for i in "${!BINS[@]}"; do
    wall=$(column_median 1 "$set.$i.times")
    cpu=$(column_median 2 "$set.$i.times")
    rss=$(awk '{ if ($3 > m) m = $3 } END { print m }' "$set.$i.times")
    awk -v s="$set" -v b="${BINS[$i]}" -v w="$wall" -v c="$cpu" -v r="$rss" -v rw="$ref_wall" \
      -v rc="$ref_cpu" 'BEGIN { printf "%s\t%s\t%.2f\t%.2f\t%d\t%.2f\t%.2f\n", s, b, w, c, r, w / rw, c / rc }'
  done
done
