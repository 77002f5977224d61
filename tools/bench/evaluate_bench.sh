#!/usr/bin/env bash
# `motiftok evaluate` on NF-E2, ctcf_dragonn and splice_uci (docs/benchmarks.md "evaluate"):
# motiftok's vocabulary (learn defaults), its HF export read back as a foreign tokenizer.json,
# and the baselines unigram (--ig-weight 0, same size), kmer6 and bases, on one seeded
# stratified 80/20 split. No test leakage: `evaluate --write-train` writes the training part of
# that same split (same inputs, --seed and --test-frac), and `learn` sees only it; the unigram
# baseline is learned by evaluate on the training part itself.
#
# usage: tools/bench/evaluate_bench.sh [path/to/motiftok]   (env: DATA WORK THREADS SETS EXTRA)
# EXTRA: more evaluate options, e.g. EXTRA="--epochs 5" to shorten the classifier on ctcf.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
MOTIFTOK=$(motiftok_bin "${1:-$BENCH_ROOT/build/tools/motiftok}")
cd "$BENCH_ROOT"
WORK=${WORK:-/tmp/motiftok_evaluate_bench}
THREADS=${THREADS:-2}
EXTRA=${EXTRA:-}
SETS=${SETS:-"nfe2 splice ctcf"}
JASPAR=$DATA/jaspar2024/JASPAR2024_CORE_vertebrates_non-redundant.meme
mkdir -p "$WORK"

run_set() {  # name, class names (space-separated), then the input arguments
    local name=$1 classes=$2
    shift 2
    local dir=$WORK/$name
    mkdir -p "$dir/hf"
    nice -n 5 "$MOTIFTOK" evaluate "$@" --seed 1 --write-train "$dir/train" -q
    local learn_args=()
    for c in $classes; do learn_args+=(-c "$c=$dir/train.$c.fa"); done
    local start=$SECONDS
    nice -n 5 "$MOTIFTOK" learn "${learn_args[@]}" --allow-duplicate-ids -t "$THREADS" -q \
        -o "$dir/vocab.json"
    nice -n 5 "$MOTIFTOK" export --vocab "$dir/vocab.json" --format hf -o "$dir/hf" -q
    nice -n 5 "$MOTIFTOK" evaluate "$@" --seed 1 --vocab "$dir/vocab.json" \
        --vocab "$dir/hf/tokenizer.json" --baseline unigram,kmer6,bases --motifs "$JASPAR" \
        -t "$THREADS" $EXTRA -q -o "$dir/evaluate.tsv"
    echo "## $name ($((SECONDS - start)) s)"
    cat "$dir/evaluate.tsv"
}

for set in $SETS; do
    case $set in
        nfe2)
            N=$DATA/nfe2_gm12878
            run_set nfe2 "nfe2 background" -c nfe2="$N/nfe2.tr.fa" -c nfe2="$N/nfe2.test.fa" \
                -c background="$N/nfe2.neg.tr.fa" -c background="$N/nfe2.neg.test.fa" ;;
        ctcf)
            run_set ctcf "pos neg" -c pos="$DATA/ctcf_dragonn/pos.fa" -c neg="$DATA/ctcf_dragonn/neg.fa" ;;
        splice)
            S=$DATA/splice_uci
            run_set splice "EI IE N" -c EI="$S/EI.fa" -c IE="$S/IE.fa" -c N="$S/N.fa" \
                --allow-duplicate-ids ;;
    esac
done
