#!/usr/bin/env bash
# ctest workflow_snakemake_slow: runs workflow/Snakefile (snakemake -j 2) on the learn_* fixtures
# (plain FASTA, gzip FASTA and a bgzip FASTQ made here, two classes) cut into 25-record shards,
# then checks against one direct motiftok run each:
#   (a) the merged count file is byte-identical to one `motiftok count` over all inputs (the .mtc
#       file holds options, classes and counts, no file names), and so is `score`'s output;
#   (b) the joined tokenize output is byte-identical to one `motiftok tokenize` over all inputs;
#   (c) vocab.json is byte-identical to a direct `motiftok learn` with the same options, and the
#       HF folder, MEME and TSV exports exist and equal direct exports of it.
# To show (a) and (b) can fail, merging / joining all shards but one must give different bytes.
# A finished run must be up to date (a dry run schedules nothing).
# Runs with shard_records: 0 (one shard per file) and with gzip shards of 40 records must give
# the same results.
# Fails (exit 1, with the reason) if snakemake is missing.
# Usage: workflow_test.sh MOTIFTOK_BIN SOURCE_DIR
set -euo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
if ! command -v snakemake >/dev/null; then
  echo "FAIL: snakemake is not on PATH (Debian: apt-get install snakemake; scripts/install-deps.sh installs it)" >&2
  exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/motiftok-wf.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# Inputs: plain FASTA, gzip FASTA, and a bgzip FASTQ whose sequence and quality lines are
# wrapped at 50 and whose quality lines start with '@' (a naive splitter would cut there).
cp "$src/test_data/learn_pos.fa" pos.fa
gzip -c "$src/test_data/learn_neg.fa" > neg.fa.gz
awk '/^>/ { if (id) print_rec(); id = substr($0, 2); seq = ""; next } { seq = seq $0 }
     END { print_rec() }
     function print_rec(   i, q) {
       q = ""; for (i = 0; i < length(seq); i++) q = q "@"
       print "@" id
       for (i = 1; i <= length(seq); i += 50) print substr(seq, i, 50)
       print "+"
       for (i = 1; i <= length(q); i += 50) print substr(q, i, 50)
     }' "$src/test_data/learn_unlabeled.fa" | bgzip -c > extra.fq.bgz

write_config() {  # outdir shard_records [shard_gzip]
  cat > "config_$1.yaml" <<EOF
motiftok: $bin
outdir: $1
classes:
  bound: [pos.fa, extra.fq.bgz]
  unbound: [neg.fa.gz]
k_min: 1
k_max: 8
strand: both
shard_records: $2
shard_gzip: ${3:-false}
threads: 1
score_options: "--top 200"
learn_options: "--vocab-size 64 --k-max 8"
tokenize_format: tokens
meme_options: "--min-length 4 --top 10"
EOF
}
inputs=(-c bound=pos.fa -c bound=extra.fq.bgz -c unbound=neg.fa.gz)

write_config sharded 25
write_config byfile 0
write_config gzshards 40 true
for run in sharded byfile gzshards; do
  snakemake -s "$src/workflow/Snakefile" --configfile "config_$run.yaml" -j 2 --quiet \
    > "snakemake_$run.log" 2>&1 || { cat "snakemake_$run.log" >&2; fail "snakemake ($run) failed"; }
done

# A finished run is up to date: a dry run schedules nothing (no params that change per run).
snakemake -s "$src/workflow/Snakefile" --configfile config_sharded.yaml -n 2>&1 |
  grep -q "Nothing to be done" || fail "a second snakemake run would redo jobs"

# The direct runs.
"$bin" count "${inputs[@]}" -k 1 -K 8 --strand both -t 2 -q -o direct.mtc
"$bin" score --counts direct.mtc --top 200 -q -o direct_scores.tsv
"$bin" learn "${inputs[@]}" --strand both --vocab-size 64 --k-max 8 -t 2 -q -o direct_vocab.json
"$bin" tokenize --vocab direct_vocab.json pos.fa extra.fq.bgz neg.fa.gz -f tokens -t 2 -q \
  -o direct_tokens.tsv
mkdir direct_hf
"$bin" export --vocab direct_vocab.json --format hf -q -o direct_hf
"$bin" export --vocab direct_vocab.json --format meme --min-length 4 --top 10 -q -o direct.meme
"$bin" export --vocab direct_vocab.json --format tsv -q -o direct_vocab.tsv

# The sharded run really is sharded: >= 3 shards, both classes, the FASTQ cut into two.
shards=$(find sharded/counts -mindepth 3 -name '*.mtc' | wc -l)  # counts/class/file/shard
[ "$shards" -eq 10 ] || fail "expected 10 shards (4 + 2 bound, 4 unbound), found $shards"
[ -f sharded/shards/bound/1/00001.fq ] || fail "the FASTQ was not cut into two shards"
[ "$(grep -c '^+$' sharded/shards/bound/1/00001.fq)" -eq 5 ] || fail "FASTQ shard 2: not 5 records"
[ "$(find gzshards/counts -mindepth 3 -name '*.mtc' | wc -l)" -eq 5 ] &&
  [ -f gzshards/shards/unbound/0/00001.fa.gz ] || fail "gzip shards: expected 5 (2 + 1, 2)"

for run in sharded byfile gzshards; do
  out=$run
  # (a) counts and scores
  cmp direct.mtc "$out/counts.mtc" || fail "($run) merged counts differ from one count"
  cmp direct_scores.tsv "$out/scores.tsv" || fail "($run) scores differ"
  # (b) tokens
  cmp direct_tokens.tsv "$out/tokens.tsv" || fail "($run) joined tokens differ from one tokenize"
  # (c) vocabulary and exports
  cmp direct_vocab.json "$out/vocab.json" || fail "($run) vocab.json differs from one learn"
  for f in tokenizer.json tokenizer_config.json special_tokens_map.json; do
    [ -s "$out/export/hf/$f" ] || fail "($run) export/hf/$f missing or empty"
    cmp "direct_hf/$f" "$out/export/hf/$f" || fail "($run) export/hf/$f differs"
  done
  [ -s "$out/export/motifs.meme" ] && cmp direct.meme "$out/export/motifs.meme" ||
    fail "($run) motifs.meme missing or different"
  [ -s "$out/export/vocab.tsv" ] && cmp direct_vocab.tsv "$out/export/vocab.tsv" ||
    fail "($run) vocab.tsv missing or different"
  for log in merge score learn join_tokens export_hf export_meme export_tsv; do
    [ -f "$out/logs/$log.log" ] || fail "($run) logs/$log.log missing"
  done
done

# The checks above can fail: leaving out one shard must change the merged counts and the tokens.
mapfile -t parts < <(find sharded/counts -mindepth 3 -name '*.mtc' | sort)
"$bin" merge "${parts[@]:1}" -q -o dropped.mtc
if cmp -s direct.mtc dropped.mtc; then fail "counts without one shard equal all counts"; fi
mapfile -t toks < <(find sharded/tokens -mindepth 3 -name '*.tokens' | sort)
cat "${toks[@]:1}" > dropped_tokens.tsv
if cmp -s direct_tokens.tsv dropped_tokens.tsv; then fail "tokens without one shard equal all"; fi
echo "workflow test passed: $shards shards; counts, scores, tokens, vocab and exports identical"
