#!/usr/bin/env bash
# Time and peak RSS of `motiftok count` for two binaries (e.g. the previous commit's and this
# one's) in the same run, alternating OLD, NEW so both see the same load; the count files must be
# byte-identical. Data: $DATA/ctcf_dragonn (DATA: ../shared/data), classes pos and neg, both
# strands; k = KMIN..KMAX (levels above --dense-max-k 12 grow in hash tables).
# usage: tools/bench/count_ab.sh OLD_BIN NEW_BIN   (env: DATA WORK KMIN KMAX THREADS REPEATS)
# Prints per binary the medians of REPEATS runs: wall s, CPU s (user + system), peak RSS MB,
# and their ratios new / old.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
OLD=$(motiftok_bin "$1")
NEW=$(motiftok_bin "$2")
WORK=${WORK:-/tmp/motiftok_count_ab}
KMIN=${KMIN:-1}
KMAX=${KMAX:-16}
THREADS=${THREADS:-2}
REPEATS=${REPEATS:-3}
mkdir -p "$WORK"

# run SIDE BIN: one count run; appends "<wall> <cpu> <rss MB>" to $WORK/SIDE.txt
run() {
    timed "$WORK/$1.txt" "$2" count -q -c pos="$DATA/ctcf_dragonn/pos.fa" \
        -c neg="$DATA/ctcf_dragonn/neg.fa" -k "$KMIN" -K "$KMAX" -t "$THREADS" -o "$WORK/$1.mtc"
}

alternate "$REPEATS" run "$OLD" "$NEW"
cmp "$WORK/old.mtc" "$WORK/new.mtc" || die "the count files differ"

echo "count, ctcf_dragonn, k $KMIN..$KMAX, -t $THREADS: medians of $REPEATS (outputs identical)"
echo
ab_table "$WORK/old.txt" "$WORK/new.txt"
