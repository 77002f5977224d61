#!/usr/bin/env bash
# Issue 12, item 3: prediction throughput and memory of a model trained with the default options,
# on 100k generated sequences of 200 bp and on 20k of 1 kbp (half with a planted AP-1-like motif;
# classifier_baseline.py planted). `learn` and `train` (defaults, --epochs 3) run once on the
# 200 bp set; `predict` runs REPEATS times per input and thread count: median wall and CPU
# seconds, the largest peak RSS, sequences and Mbp per wall second.
# Usage: tools/bench/predict_throughput.sh [path/to/motiftok]   (env: WORK REPEATS THREADS_LIST;
#   SHORT_N and LONG_N, the sequences of 200 bp and of 1 kbp, default 100000 and 20000)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
BIN=$(motiftok_bin "${1:-$BENCH_ROOT/build/tools}")
WORK=${WORK:-/tmp/motiftok_predict_throughput}
REPEATS=${REPEATS:-3}
THREADS_LIST=${THREADS_LIST:-"1 2"}
SHORT_N=${SHORT_N:-100000}
LONG_N=${LONG_N:-20000}
PY="$PY $BENCH_ROOT/tools/bench/classifier_baseline.py"
mkdir -p "$WORK"
cd "$WORK"

# The inputs are kept for reruns with the same sizes (recorded in sizes.txt).
if [ "$(cat sizes.txt 2> /dev/null)" != "$SHORT_N $LONG_N" ]; then
  $PY planted short "$SHORT_N" 200 7
  $PY planted long "$LONG_N" 1000 8
  echo "$SHORT_N $LONG_N" > sizes.txt
fi
"$BIN" learn -q -c pos=short.pos.fa -c neg=short.neg.fa -t 2 -o vocab.json
: > train.time
timed train.time "$BIN" train -q --vocab vocab.json \
  -c pos=short.pos.fa -c neg=short.neg.fa -t 2 --epochs 3 --seed 1 -o model.bin
read -r w c m < train.time
echo "train (defaults, --epochs 3, $SHORT_N x 200 bp, -t 2): wall $w s, CPU $c s, peak RSS $m MB"

echo -e "input\tthreads\twall s\tCPU s\tpeak RSS MB\tsequences/s\tMbp/s"
for input in "short:$SHORT_N:200" "long:$LONG_N:1000"; do
  IFS=: read -r name n len <<< "$input"
  for t in $THREADS_LIST; do
    : > runs.txt
    for _ in $(seq "$REPEATS"); do
      timed runs.txt "$BIN" predict -q --model model.bin "$name.pos.fa" "$name.neg.fa" -t "$t" \
        -o pred.tsv
    done
    wall=$(column_median 1 runs.txt)
    cpu=$(column_median 2 runs.txt)
    rss=$(awk '{ if ($3 > m) m = $3 } END { print m }' runs.txt)
    awk -v n="$n" -v len="$len" -v w="$wall" -v c="$cpu" -v r="$rss" -v t="$t" -v name="$n x $len bp" \
      'BEGIN { printf "%s\t%d\t%.2f\t%.2f\t%d\t%.0f\t%.2f\n", name, t, w, c, r, n / w, n * len / w / 1e6 }'
  done
done
