#!/usr/bin/env bash
# How `motiftok learn` scales with the input: wall time, CPU time (user + system) and peak RSS on
# generated unlabeled data (learn_heldout.py gen: 1 kbp records, skewed base composition, planted
# repeats) of each size in SIZES_MBP. Same learn options as learn_vs_spm.sh (β = 0, strand
# forward, vocab 1024, k-max 16, 2 threads); medians of REPEATS runs (peak RSS: the largest).
# usage: tools/bench/learn_scaling.sh [path/to/motiftok]   (env: WORK SIZES_MBP REPEATS THREADS)
set -euo pipefail
cd "$(dirname "$0")/../.."
MOTIFTOK=$(realpath "${1:-build/tools/motiftok}")
WORK=${WORK:-/tmp/motiftok_learn_scaling}
SIZES_MBP=${SIZES_MBP:-"10 50 100"}
REPEATS=${REPEATS:-3}
THREADS=${THREADS:-2}
mkdir -p "$WORK"
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

echo "motiftok learn scaling (--ig-weight 0 --strand forward --vocab-size 1024 --k-max 16 -t $THREADS);" \
    "median of $REPEATS; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| input | records | wall s | CPU s | peak RSS MB |"
echo "|---|---|---|---|---|"
for mbp in $SIZES_MBP; do
    data="$WORK/gen_${mbp}mbp.fa"
    [ -s "$data" ] || /usr/bin/python3 tools/bench/learn_heldout.py gen "$data" "$((mbp * 1000000))"
    walls=() cpus=() rss=0
    for _ in $(seq "$REPEATS"); do
        /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$MOTIFTOK" learn "$data" -q \
            --ig-weight 0 --strand forward --vocab-size 1024 --k-max 16 -t "$THREADS" \
            -o "$WORK/vocab_${mbp}.json"
        read -r w u s m < "$WORK/time.txt"
        walls+=("$w")
        cpus+=("$(echo "$u + $s" | bc -l)")
        [ "$m" -gt "$rss" ] && rss=$m
    done
    printf '| %s Mbp | %s | %s | %s | %.0f |\n' "$mbp" "$(grep -c '>' "$data")" \
        "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" \
        "$(echo "$rss / 1024" | bc -l)"
done
