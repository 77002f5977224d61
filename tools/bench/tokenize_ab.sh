#!/usr/bin/env bash
# CPU time of `motiftok tokenize` for two or more binaries on the same input, runs interleaved
# (A B A B ...) so that a loaded machine slows every binary alike; prints the first quartile,
# median and third quartile of the task-clock (ms, whole process, `perf stat`) per binary.
# For before/after comparisons of tokenizer changes (outputs must be compared separately, e.g.
# with cmp or tools/bench/same_outputs.sh).
# Usage: tools/bench/tokenize_ab.sh VOCAB INPUT BIN1 BIN2 [BIN...]
# Environment: ROUNDS (20), THREADS (1), FORMAT (ids).
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 VOCAB INPUT BIN1 BIN2 [BIN...]" >&2; exit 2; }
command -v perf > /dev/null || { echo "$0: needs perf (linux-perf)" >&2; exit 2; }
vocab=$1 input=$2
shift 2
rounds=${ROUNDS:-20}
threads=${THREADS:-1}
format=${FORMAT:-ids}
work=$(mktemp -d /tmp/motiftok_tokenize_ab.XXXXXX)
trap 'rm -rf "$work"' EXIT
for r in $(seq "$rounds"); do
  i=0
  for bin in "$@"; do
    i=$((i + 1))
    perf stat -e task-clock -x, -o "$work/stat" \
      "$bin" tokenize --vocab "$vocab" -f "$format" -t "$threads" -q "$input" > /dev/null
    grep task-clock "$work/stat" | cut -d, -f1 >> "$work/bin$i"
  done
done
echo "# $rounds interleaved runs each, -t $threads, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
i=0
for bin in "$@"; do
  i=$((i + 1))
  sort -g "$work/bin$i" | awk -v b="$bin" '{a[NR] = $1}
    END {printf "%-50s task-clock ms: q1 %7.1f  median %7.1f  q3 %7.1f\n", b, a[int(NR / 4) + 1], a[int((NR + 1) / 2)], a[int(3 * NR / 4)]}'
done
