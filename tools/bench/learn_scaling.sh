#!/usr/bin/env bash
# How `motiftok learn` scales with the input: wall time, CPU time (user + system) and peak RSS on
# generated unlabeled data (learn_heldout.py gen: 1 kbp records, skewed base composition, planted
# repeats) of each size in SIZES_MBP. Same learn options as learn_vs_spm.sh (β = 0, strand
# forward, vocab 1024, k-max 16, 2 threads); medians of REPEATS runs (peak RSS: the largest).
# usage: tools/bench/learn_scaling.sh [path/to/motiftok]   (env: WORK SIZES_MBP REPEATS THREADS)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
MOTIFTOK=$(motiftok_bin "${1:-$BENCH_ROOT/build/tools/motiftok}")
cd "$BENCH_ROOT"
WORK=${WORK:-/tmp/motiftok_learn_scaling}
SIZES_MBP=${SIZES_MBP:-"10 50 100"}
REPEATS=${REPEATS:-3}
THREADS=${THREADS:-2}
mkdir -p "$WORK"

echo "motiftok learn scaling (--ig-weight 0 --strand forward --vocab-size 1024 --k-max 16 -t $THREADS);" \
    "median of $REPEATS; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| input | records | wall s | CPU s | peak RSS MB |"
echo "|---|---|---|---|---|"
for mbp in $SIZES_MBP; do
    data="$WORK/gen_${mbp}mbp.fa"
    [ -s "$data" ] || $PY tools/bench/learn_heldout.py gen "$data" "$((mbp * 1000000))"
    runs="$WORK/runs_${mbp}.txt"
    rm -f "$runs"
    for _ in $(seq "$REPEATS"); do
        timed "$runs" "$MOTIFTOK" learn "$data" -q --ig-weight 0 --strand forward \
            --vocab-size 1024 --k-max 16 -t "$THREADS" -o "$WORK/vocab_${mbp}.json"
    done
    printf '| %s Mbp | %s | %s | %s | %s |\n' "$mbp" "$(grep -c '>' "$data")" \
        "$(column_median 1 "$runs")" "$(column_median 2 "$runs")" \
        "$(awk '$3 > m {m = $3} END {print m}' "$runs")"
done
