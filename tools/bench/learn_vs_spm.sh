#!/usr/bin/env bash
# Benchmark of `motiftok learn` against SentencePiece's unigram trainer (spm_train), in the same run:
# wall time, peak RSS, and held-out log-likelihood per bp (both models' best paths, scored with
# their own log-probabilities; ours with --ig-weight 0 and --strand forward: like for like).
# Data: ../shared/data/ctcf_dragonn (5 Mbp, labeled; every 10th record held out) and a generated
# set of GEN_BP bases (unlabeled). Also: how tokens/bp and held-out likelihood move with β, and
# the top 20 tokens by IG on ctcf_dragonn and nfe2_gm12878.
#
# usage: tools/bench/learn_vs_spm.sh [path/to/motiftok]   (env: WORK GEN_BP SPM_TIMEOUT VOCAB KMAX
#        THREADS REPEATS BETAS SKIP_GEN ONLY_GEN SKIP_EXTRAS: no β sweep and top tokens)
# Peak RSS of learn is the largest of its REPEATS runs; CPU is user + system time.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
MOTIFTOK=$(motiftok_bin "${1:-$BENCH_ROOT/build/tools/motiftok}")
cd "$BENCH_ROOT"
WORK=${WORK:-/tmp/motiftok_learn_bench}
GEN_BP=${GEN_BP:-50000000}
SPM_TIMEOUT=${SPM_TIMEOUT:-1800}
VOCAB=${VOCAB:-1024}
KMAX=${KMAX:-16}
THREADS=${THREADS:-2}
REPEATS=${REPEATS:-3}
BETAS=${BETAS:-"0 0.5 1 2 4"}
H=$(realpath tools/bench/learn_heldout.py)
mkdir -p "$WORK"

# bench NAME DIR LEARN_INPUT_ARGS...: learn (β = 0, forward) REPEATS times, spm_train once.
bench() {
    local name=$1 dir=$2 walls=() cpus=() rss=0
    shift 2
    for _ in $(seq "$REPEATS"); do
        read -r w c m < <(measure "$MOTIFTOK" learn "$@" --ig-weight 0 --strand forward \
            --vocab-size "$VOCAB" --k-max "$KMAX" -t "$THREADS" -o "$dir/ours.json")
        walls+=("$w"); cpus+=("$c"); [ "$m" -gt "$rss" ] && rss=$m
    done
    local ours_wall; ours_wall=$(printf '%s\n' "${walls[@]}" | median)
    local ours_cpu; ours_cpu=$(printf '%s\n' "${cpus[@]}" | median)
    local ours_ll; ours_ll=$($PY "$H" ll-ours "$dir/ours.json" "$dir/heldout.txt")
    local spm_wall="timeout" spm_rss="-" spm_cpu="-" spm_ll="-"
    if read -r w c m < <(measure timeout "$SPM_TIMEOUT" spm_train --input="$dir/train.txt" \
            --model_prefix="$dir/spm" --model_type=unigram --vocab_size="$VOCAB" \
            --split_by_whitespace=false --max_sentencepiece_length="$KMAX" \
            --max_sentence_length=1000000 --add_dummy_prefix=false \
            --normalization_rule_name=identity --character_coverage=1.0 \
            --num_threads="$THREADS"); then
        spm_wall=$w; spm_rss=$m; spm_cpu=$c
        spm_export_vocab --model="$dir/spm.model" --output="$dir/spm.vocab"
        spm_ll=$($PY "$H" ll-spm "$dir/spm.vocab" "$dir/heldout.txt")
    fi
    local ratio="-" cpu_ratio="-" rss_ratio="-"
    [ "$spm_wall" != timeout ] && cpu_ratio=$(awk -v a="$spm_cpu" -v b="$ours_cpu" 'BEGIN{printf "%.1f", a / b}')
    [ "$spm_wall" != timeout ] && rss_ratio=$(awk -v a="$rss" -v b="$spm_rss" 'BEGIN{printf "%.2f", a / b}')
    [ "$spm_wall" != timeout ] && ratio=$(awk -v a="$spm_wall" -v b="$ours_wall" 'BEGIN{printf "%.1f", a / b}')
    [ "$spm_wall" = timeout ] && ratio=$(awk -v a="$SPM_TIMEOUT" -v b="$ours_wall" 'BEGIN{printf "> %.1f", a / b}')
    printf '| %s | %s s (median of %s) | %s s | %s MB | %s | %s s | %s s | %s MB | %s | %s× | %s× | %s× |\n' \
        "$name" "$ours_wall" "$REPEATS" "$ours_cpu" "$rss" "$ours_ll" "$spm_wall" "$spm_cpu" \
        "$spm_rss" "$spm_ll" "$ratio" "$cpu_ratio" "$rss_ratio"
}

echo "motiftok learn vs spm_train (unigram), vocab $VOCAB, k-max $KMAX, $THREADS threads; held-out log-likelihood in nats/bp"
echo
echo "| data | learn wall | learn CPU | learn peak RSS | learn held-out LL | spm_train wall | spm CPU | spm peak RSS | spm held-out LL | speed-up (wall) | speed-up (CPU) | RSS learn / spm |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"

# ctcf_dragonn: 2 classes, every 10th record held out.
C="$WORK/ctcf"; mkdir -p "$C"
$PY "$H" split "$C" pos="$DATA/ctcf_dragonn/pos.fa" neg="$DATA/ctcf_dragonn/neg.fa"
[ -z "${ONLY_GEN:-}" ] && bench ctcf "$C" -c pos="$C/train_pos.fa" -c neg="$C/train_neg.fa"

# Generated, unlabeled: GEN_BP bases in 1 kbp records; held-out = every 10th (LL on the first 1000).
if [ -z "${SKIP_GEN:-}" ]; then
    G="$WORK/gen"; mkdir -p "$G"
    [ -s "$WORK/gen.fa" ] || $PY "$H" gen "$WORK/gen.fa" "$GEN_BP"
    $PY "$H" split "$G" all="$WORK/gen.fa"
    head -n 1000 "$G/heldout.txt" > "$G/heldout1k.txt" && mv "$G/heldout1k.txt" "$G/heldout.txt"
    bench "generated $((GEN_BP / 1000000)) Mbp" "$G" "$G/train_all.fa"
fi

[ -n "${ONLY_GEN:-}" ] || [ -n "${SKIP_EXTRAS:-}" ] && exit 0
echo
echo "β sweep on ctcf_dragonn (strand both, vocab $VOCAB): tokens/bp on the training set, held-out LL"
echo
echo "| β | tokens/bp | held-out LL (nats/bp) | wall s |"
echo "|---|---|---|---|"
for b in $BETAS; do
    read -r w _ < <(measure "$MOTIFTOK" learn -c pos="$C/train_pos.fa" -c neg="$C/train_neg.fa" \
        --ig-weight "$b" --vocab-size "$VOCAB" --k-max "$KMAX" -t "$THREADS" -o "$C/beta$b.json")
    tpb=$(grep -o 'tokens/bp [0-9.]*' "$WORK/last.log" | tail -1 | cut -d' ' -f2)
    printf '| %s | %s | %s | %s |\n' "$b" "$tpb" "$($PY "$H" ll-ours "$C/beta$b.json" "$C/heldout.txt")" "$w"
done

echo
N="$DATA/nfe2_gm12878"
"$MOTIFTOK" learn -q -c nfe2="$N/nfe2.tr.fa" -c neg="$N/nfe2.neg.tr.fa" --vocab-size "$VOCAB" \
    --k-max "$KMAX" -t "$THREADS" -o "$WORK/nfe2.json"
echo "Top 20 tokens by IG (bits), default β:"
echo "- ctcf_dragonn: $($PY "$H" top "$C/beta1.json" 20 2>/dev/null || $PY "$H" top "$C/ours.json" 20)"
echo "- nfe2_gm12878: $($PY "$H" top "$WORK/nfe2.json" 20)"
