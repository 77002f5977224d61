#!/usr/bin/env bash
# Peak RSS and time of `motiftok learn` for two binaries (e.g. the previous commit's and this
# one's) in the same run, alternating OLD, NEW so both see the same load; the outputs must be
# byte-identical. Optionally spm_train's peak RSS on the same training text (SPM_SECONDS > 0:
# spm_train runs at most that long, and its peak so far is printed; its peak is reached while it
# builds the seed, long before it ends).
# Data: ../shared/data/ctcf_dragonn split as tools/bench/learn_vs_spm.sh splits it (every 10th
# record held out); learn as that script runs it: --ig-weight 0 --strand forward, V = VOCAB.
# usage: tools/bench/learn_memory_ab.sh OLD_BIN NEW_BIN   (env: WORK VOCAB KMAX THREADS REPEATS
#        SPM_SECONDS)
# Prints per binary the medians of REPEATS runs: wall s, CPU s (user + system), peak RSS MB.
set -euo pipefail
OLD=$(realpath "$1")
NEW=$(realpath "$2")
DATA=${DATA:-../shared/data}
WORK=${WORK:-/tmp/motiftok_learn_memory}
VOCAB=${VOCAB:-1024}
KMAX=${KMAX:-16}
THREADS=${THREADS:-2}
REPEATS=${REPEATS:-3}
SPM_SECONDS=${SPM_SECONDS:-0}
PY=/usr/bin/python3
mkdir -p "$WORK/ctcf"
C="$WORK/ctcf"
$PY tools/bench/learn_heldout.py split "$C" pos="$DATA/ctcf_dragonn/pos.fa" neg="$DATA/ctcf_dragonn/neg.fa"

# run SIDE BIN: one learn run; appends "<wall> <cpu> <rss MB>" to $WORK/SIDE.txt
run() {
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$2" learn -q -c pos="$C/train_pos.fa" \
        -c neg="$C/train_neg.fa" --ig-weight 0 --strand forward --vocab-size "$VOCAB" \
        --k-max "$KMAX" -t "$THREADS" -o "$WORK/$1.json"
    awk '{printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' "$WORK/time.txt" >> "$WORK/$1.txt"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

rm -f "$WORK/old.txt" "$WORK/new.txt"
for _ in $(seq "$REPEATS"); do run old "$OLD"; run new "$NEW"; done
cmp "$WORK/old.json" "$WORK/new.json" || { echo "the vocabularies differ" >&2; exit 1; }

echo "learn, ctcf_dragonn, V = $VOCAB, k-max $KMAX, -t $THREADS: medians of $REPEATS (outputs identical)"
echo
echo "| binary | wall s | CPU s | peak RSS MB |"
echo "|---|---|---|---|"
for side in old new; do
    printf '| %s | %s | %s | %s |\n' "$side" "$(cut -d' ' -f1 "$WORK/$side.txt" | median)" \
        "$(cut -d' ' -f2 "$WORK/$side.txt" | median)" "$(cut -d' ' -f3 "$WORK/$side.txt" | median)"
done
if [ "$SPM_SECONDS" -gt 0 ]; then
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/spm_time.txt" timeout "$SPM_SECONDS" spm_train \
        --input="$C/train.txt" --model_prefix="$WORK/spm" --model_type=unigram \
        --vocab_size="$VOCAB" --split_by_whitespace=false --max_sentencepiece_length="$KMAX" \
        --max_sentence_length=1000000 --add_dummy_prefix=false \
        --normalization_rule_name=identity --character_coverage=1.0 \
        --num_threads="$THREADS" > /dev/null 2> "$WORK/spm.log" || true
    tail -n 1 "$WORK/spm_time.txt" | awk '{printf "spm_train (stopped after %.0f s, %.1f CPU-s): peak RSS so far %.0f MB\n", $1, $2 + $3, $4 / 1024}'
fi
