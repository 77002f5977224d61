#!/usr/bin/env bash
# Peak RSS and time of `motiftok learn` for two binaries (e.g. the previous commit's and this
# one's) in the same run, alternating OLD, NEW so both see the same load; the outputs must be
# byte-identical. Optionally spm_train's peak RSS on the same training text (SPM_SECONDS > 0:
# spm_train runs at most that long, and its peak so far is printed; its peak is reached while it
# builds the seed, long before it ends).
# Data: $DATA/ctcf_dragonn (DATA: ../shared/data) split as tools/bench/learn_vs_spm.sh splits it
# (every 10th record held out); learn as that script runs it: --ig-weight 0 --strand forward, V = VOCAB.
# usage: tools/bench/learn_memory_ab.sh OLD_BIN NEW_BIN   (env: DATA WORK VOCAB KMAX THREADS
#        REPEATS SPM_SECONDS)
# Prints per binary the medians of REPEATS runs: wall s, CPU s (user + system), peak RSS MB,
# and their ratios new / old.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
OLD=$(motiftok_bin "$1")
NEW=$(motiftok_bin "$2")
cd "$BENCH_ROOT"
WORK=${WORK:-/tmp/motiftok_learn_memory}
VOCAB=${VOCAB:-1024}
KMAX=${KMAX:-16}
THREADS=${THREADS:-2}
REPEATS=${REPEATS:-3}
SPM_SECONDS=${SPM_SECONDS:-0}
mkdir -p "$WORK/ctcf"
C="$WORK/ctcf"
$PY tools/bench/learn_heldout.py split "$C" pos="$DATA/ctcf_dragonn/pos.fa" neg="$DATA/ctcf_dragonn/neg.fa"

# run SIDE BIN: one learn run; appends "<wall> <cpu> <rss MB>" to $WORK/SIDE.txt
run() {
    timed "$WORK/$1.txt" "$2" learn -q -c pos="$C/train_pos.fa" -c neg="$C/train_neg.fa" \
        --ig-weight 0 --strand forward --vocab-size "$VOCAB" --k-max "$KMAX" -t "$THREADS" \
        -o "$WORK/$1.json"
}

alternate "$REPEATS" run "$OLD" "$NEW"
cmp "$WORK/old.json" "$WORK/new.json" || die "the vocabularies differ"

echo "learn, ctcf_dragonn, V = $VOCAB, k-max $KMAX, -t $THREADS: medians of $REPEATS (outputs identical)"
echo
ab_table "$WORK/old.txt" "$WORK/new.txt"
if [ "$SPM_SECONDS" -gt 0 ]; then
    rm -f "$WORK/spm.txt"
    timed "$WORK/spm.txt" timeout "$SPM_SECONDS" spm_train \
        --input="$C/train.txt" --model_prefix="$WORK/spm" --model_type=unigram \
        --vocab_size="$VOCAB" --split_by_whitespace=false --max_sentencepiece_length="$KMAX" \
        --max_sentence_length=1000000 --add_dummy_prefix=false \
        --normalization_rule_name=identity --character_coverage=1.0 \
        --num_threads="$THREADS" > /dev/null 2> "$WORK/spm.log" || true
    awk '{printf "spm_train (stopped after %.0f s, %.1f CPU-s): peak RSS so far %.0f MB\n", $1, $2, $3}' "$WORK/spm.txt"
fi
