#!/usr/bin/env bash
# Issue 12, item 3: prediction throughput and memory of a model trained with the default options,
# on 100k generated sequences of 200 bp and on 20k of 1 kbp (half with a planted AP-1-like motif;
# classifier_baseline.py planted). `learn` and `train` (defaults, --epochs 3) run once on the
# 200 bp set; `predict` runs REPEATS times per input and thread count: median wall and CPU
# seconds, the largest peak RSS, sequences and Mbp per wall second.
# Usage: tools/bench/predict_throughput.sh [path/to/motiftok]   (env: WORK REPEATS THREADS_LIST)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$(realpath "${1:-$HERE/../../build/tools/motiftok}")
WORK=${WORK:-/tmp/motiftok_predict_throughput}
REPEATS=${REPEATS:-3}
THREADS_LIST=${THREADS_LIST:-"1 2"}
PY="/usr/bin/python3 $HERE/classifier_baseline.py"
mkdir -p "$WORK"
cd "$WORK"

[ -s short.pos.fa ] || $PY planted short 100000 200 7
[ -s long.pos.fa ] || $PY planted long 20000 1000 8
"$BIN" learn -q -c pos=short.pos.fa -c neg=short.neg.fa -t 2 -o vocab.json
/usr/bin/time -f "%e %U %S %M" -o train.time "$BIN" train -q --vocab vocab.json \
  -c pos=short.pos.fa -c neg=short.neg.fa -t 2 --epochs 3 --seed 1 -o model.bin
read -r w u s m < train.time
echo "train (defaults, --epochs 3, 100000 x 200 bp, -t 2): wall $w s, CPU $(echo "$u + $s" | bc) s, peak RSS $((m / 1024)) MB"

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo -e "input\tthreads\twall s\tCPU s\tpeak RSS MB\tsequences/s\tMbp/s"
for input in short:100000:200 long:20000:1000; do
  IFS=: read -r name n len <<< "$input"
  for t in $THREADS_LIST; do
    : > runs.txt
    for _ in $(seq "$REPEATS"); do
      /usr/bin/time -f "%e %U %S %M" -o run.time "$BIN" predict -q --model model.bin \
        "$name.pos.fa" "$name.neg.fa" -t "$t" -o pred.tsv
      cat run.time >> runs.txt
    done
    wall=$(awk '{ print $1 }' runs.txt | median)
    cpu=$(awk '{ print $2 + $3 }' runs.txt | median)
    rss=$(awk '{ if ($4 > m) m = $4 } END { print int(m / 1024) }' runs.txt)
    awk -v n="$n" -v len="$len" -v w="$wall" -v c="$cpu" -v r="$rss" -v t="$t" -v name="$n x $len bp" \
      'BEGIN { printf "%s\t%d\t%.2f\t%.2f\t%d\t%.0f\t%.2f\n", name, t, w, c, r, n / w, n * len / w / 1e6 }'
  done
done
