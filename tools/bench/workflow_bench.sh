#!/usr/bin/env bash
# The Snakemake workflow (workflow/Snakefile) against the same steps run directly, on a two-class
# data set (pos.fa, neg.fa): wall time of each, and whether every output is byte-identical.
#   workflow: each file cut into SHARDS_PER_FILE record shards, snakemake -j JOBS, count and
#             tokenize jobs 1 thread each, learn JOBS threads (--set-threads);
#   direct:   count, score, learn, tokenize (all inputs at once, -t JOBS) and the three exports.
# Usage: tools/bench/workflow_bench.sh MOTIFTOK_BIN [DATA_DIR] [SHARDS_PER_FILE] [JOBS]
#   DATA_DIR defaults to $DATA/ctcf_dragonn (lib.sh: ../shared/data beside the repository).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] || die "usage: $0 MOTIFTOK_BIN [DATA_DIR] [SHARDS_PER_FILE] [JOBS]"
require_tools snakemake
bin=$(motiftok_bin "$1")
data=$(realpath "${2:-$DATA/ctcf_dragonn}")
shards=${3:-4}
jobs=${4:-2}
work=$(mktemp -d "${TMPDIR:-/tmp}/motiftok-wfbench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
records=$(grep -c '^>' "$data/pos.fa")
per_shard=$(((records + shards - 1) / shards))
steps=""
step() {  # NAME COMMAND...: runs the command, adds "NAME seconds" to $steps
  local a b
  a=$(now)
  "${@:2}"
  b=$(now)
  steps+=$(printf '  %-9s %7.2f s\n' "$1" "$(echo "$b - $a" | bc)")$'\n'
}

cat > config.yaml <<EOF
motiftok: $bin
outdir: wf
classes:
  pos: [$data/pos.fa]
  neg: [$data/neg.fa]
k_min: 1
k_max: 12
shard_records: $per_shard
threads: $jobs
score_options: "--top 1000"
learn_options: "--vocab-size 1024"
tokenize_format: tokens
meme_options: "--min-length 6 --top 50"
EOF

t0=$(now)
snakemake -s "$BENCH_ROOT/workflow/Snakefile" --configfile config.yaml -j "$jobs" \
  --set-threads count=1 tokenize=1 --quiet > snakemake.log 2>&1 ||
  { cat snakemake.log >&2; exit 1; }
t1=$(now)
in=(-c "pos=$data/pos.fa" -c "neg=$data/neg.fa")
step count "$bin" count "${in[@]}" -k 1 -K 12 -t "$jobs" -q -o direct.mtc
step score "$bin" score --counts direct.mtc --top 1000 -q -o direct_scores.tsv
step learn "$bin" learn "${in[@]}" --strand both --vocab-size 1024 -t "$jobs" -q -o direct_vocab.json
step tokenize "$bin" tokenize --vocab direct_vocab.json "$data/pos.fa" "$data/neg.fa" -t "$jobs" -q \
  -o direct_tokens.tsv
mkdir direct_hf
"$bin" export --vocab direct_vocab.json -q -o direct_hf
"$bin" export --vocab direct_vocab.json --format meme --min-length 6 --top 50 -q -o direct.meme
"$bin" export --vocab direct_vocab.json --format tsv -q -o direct_vocab.tsv
t2=$(now)

same=yes
for pair in "direct.mtc wf/counts.mtc" "direct_scores.tsv wf/scores.tsv" \
  "direct_vocab.json wf/vocab.json" "direct_tokens.tsv wf/tokens.tsv" \
  "direct_hf/tokenizer.json wf/export/hf/tokenizer.json" "direct.meme wf/export/motifs.meme" \
  "direct_vocab.tsv wf/export/vocab.tsv"; do
  # shellcheck disable=SC2086
  cmp $pair >&2 || same=no
done
n=$(find wf/counts -mindepth 3 -name '*.mtc' | wc -l)
echo "data=$data shards=$n jobs=$jobs"
echo "workflow wall: $(echo "$t1 - $t0" | bc) s"
echo "direct wall:   $(echo "$t2 - $t1" | bc) s"
echo "direct steps (wall, -t $jobs):"
printf '%s' "$steps"
echo "workflow jobs (wall per rule, summed over its jobs, from the logs' last line):"
grep -h "real " wf/logs/*.log wf/logs/*/*/*.log wf/logs/*/*/*/*.log 2>/dev/null |
  sed -E 's/.*motiftok ([a-z]+) .*real ([0-9.]+) s.*/\1 \2/' |
  awk '{ t[$1] += $2; n[$1]++ } END { for (r in t) printf "  %-9s %3d jobs, %7.2f s summed\n", r, n[r], t[r] }'
echo "identical outputs: $same"
[ "$same" = yes ]
