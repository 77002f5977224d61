#!/usr/bin/env bash
# Runs every verb of two motiftok binaries on the bundled example (test_data/splice) and the
# test_data fixtures, and compares what they write byte for byte: stdout, every output file and
# the exit code of each run (also of runs that must fail). For a change that must not change
# behaviour (a refactoring): build the previous commit into another directory and compare.
# stderr is compared too, with times, rates and memory figures masked; a stderr difference is
# printed but does not fail the comparison (messages may be reworded on purpose).
# Usage: tools/bench/same_outputs.sh OLD_BIN NEW_BIN     Exit 0 if the outputs are identical.
#   KEEP=1 keeps the work directory (old/ and new/ with every output) for inspection.
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN" >&2; exit 2; }
. "$(dirname "$0")/lib.sh"
OLD=$(motiftok_bin "$1") || exit 2
NEW=$(motiftok_bin "$2") || exit 2
TD="$BENCH_ROOT/test_data"
S="$TD/splice"
W=$(mktemp -d /tmp/motiftok_same_outputs.XXXXXX)
[ -n "${KEEP:-}" ] && echo "work directory: $W (kept)" || trap 'rm -rf "$W"' EXIT

# run NAME ARGS...: runs both binaries, each in its own directory (old/, new/), with the same
# arguments; files written by earlier runs are named relative to that directory.
CASES=()
run() {
  local name=$1 side bin dir
  shift
  CASES+=("$name")
  for side in old new; do
    bin=$OLD
    [ "$side" = new ] && bin=$NEW
    dir="$W/$side"
    mkdir -p "$dir"
    (cd "$dir" && "$bin" "$@" > "$dir/$name.stdout" 2> "$dir/$name.stderr"
     echo $? > "$dir/$name.rc")
  done
}

SPLICE=(-c "EI=$S/EI.fa.gz" -c "IE=$S/IE.fa.gz" -c "N=$S/N.fa.gz" --allow-duplicate-ids)
PN=(-c "pos=$TD/learn_pos.fa" -c "neg=$TD/learn_neg.fa")

# The genome is copied: its .fai index is written beside it.
mkdir -p "$W/genome" && cp "$TD/io/genome.fa" "$W/genome/"
# labels from a TSV (id<TAB>label) for the positional inputs
{ grep '^>' "$TD/learn_pos.fa" | sed 's/^>\([^ ]*\).*/\1\tpos/'
  grep '^>' "$TD/learn_neg.fa" | sed 's/^>\([^ ]*\).*/\1\tneg/'; } > "$W/labels.tsv"

# io: stats, shuffle
run stats_splice stats "${SPLICE[@]}"
run stats_splice_json stats "${SPLICE[@]}" --json -o ./stats.json
run stats_seqs stats "$TD/io/seqs.fa" "$TD/io/seqs.fa.gz" "$TD/io/seqs.fa.bgz" --allow-duplicate-ids
run stats_bed stats --bed "$TD/io/regions.bed" --genome "$W/genome/genome.fa"
run stats_truncated stats "$TD/io/truncated.fa.gz"
run stats_missing stats "$TD/no_such_file.fa"
run shuffle_seqs shuffle -n 2 --seed 7 "$TD/io/seqs.fa" -o ./shuffled.fa
run shuffle_t2 shuffle -n 2 --seed 7 -t 2 "$TD/learn_pos.fa"
# kmer: count, merge, score
run count_pn count "${PN[@]}" -K 8 -t 2 -o ./counts.mtc
run count_splice count "${SPLICE[@]}" --strand forward -k 3 -K 14 -o ./splice.mtc
run count_part1 count -c "pos=$TD/learn_pos.fa" --classes pos,neg -K 8 -o ./part1.mtc
run count_part2 count -c "neg=$TD/learn_neg.fa" --classes pos,neg -K 8 -o ./part2.mtc
run merge merge ./part1.mtc ./part2.mtc -o ./merged.mtc
run merge_bad merge ./part1.mtc "$TD/learn_pos.fa"
run score_splice score "${SPLICE[@]}" -k 4 -K 8 --top 50
run score_splice_json score "${SPLICE[@]}" -k 4 -K 8 --top 20 --json
run score_counts score --counts ./counts.mtc --top 40 --enriched-in pos
run score_labels score --labels "$W/labels.tsv" "$TD/learn_pos.fa" "$TD/learn_neg.fa" -K 6 --top 30
run score_one_class score -c "pos=$TD/learn_pos.fa"
# learn
run learn_pn learn "${PN[@]}" --vocab-size 64 --k-max 8 --seed 3 -o ./vocab_pn.json
run learn_pn_t2 learn "${PN[@]}" --vocab-size 64 --k-max 8 --seed 3 -t 2 -o ./vocab_pn_t2.json
run learn_unlabeled learn "$TD/learn_unlabeled.fa" --ig-weight 0 --vocab-size 32 --k-max 6 -o ./plain.json
run learn_splice learn "${SPLICE[@]}" --strand forward --vocab-size 256 --k-max 12 -o ./vocab.json
# tokenize, export, annotate
for f in tokens ids jsonl bed; do
  run "tokenize_$f" tokenize --vocab ./vocab.json "$S/EI.fa.gz" --allow-duplicate-ids --format "$f"
done
run tokenize_seqs tokenize --vocab "$TD/vocab_small.json" "$TD/io/seqs.fa.gz" -t 2 -o ./seqs.tokens
run tokenize_genome tokenize --vocab "$TD/vocab_small.json" "$TD/io/genome.fa" --format bed
run tokenize_bad_vocab tokenize --vocab "$TD/learn_pos.fa" "$TD/io/genome.fa"
run export_hf export -q --vocab ./vocab.json -o ./hf
run export_hf_json export -q --vocab ./vocab.json -o ./hfj/tok.json
run export_meme export -q --vocab ./vocab.json --format meme --min-length 5
run export_tsv export -q --vocab ./vocab.json --format tsv
run export_json export -q --vocab ./vocab.json --format json
run annotate annotate --vocab ./vocab.json --motifs "$TD/export_motifs_small.meme" --min-length 4
# model: train, predict
run train_splice train "${SPLICE[@]}" --vocab ./vocab.json --seed 1 --epochs 3 -o ./model.bin
run train_pn train "${PN[@]}" --vocab ./vocab_pn.json --both-strands --gkm 4 --gkm-k 2 --epochs 3 \
  -t 2 -o ./model_pn.bin
run predict_splice predict --model ./model.bin "${SPLICE[@]}" --metrics ./metrics.json \
  --explain ./explain.jsonl -o ./predictions.tsv
run predict_pn predict --model ./model_pn.bin "$TD/learn_pos.fa" "$TD/learn_neg.fa"
run predict_bad_model predict --model ./vocab.json "$TD/learn_pos.fa"
run train_longest train "${PN[@]}" --vocab ./vocab_pn.json --lattice longest --valid-frac 0 --epochs 2 -o ./model_longest.bin
run train_one_class train -c "pos=$TD/learn_pos.fa" --vocab ./vocab_pn.json
run usage_error learn --vocab-size -5 "$TD/learn_pos.fa"

mask() { sed -E "s#$OLD|$NEW#BIN#g" "$1" | sed -E 's/[0-9]+(\.[0-9]+)? ?(s|ms|MB|GB|KB|kB|MiB|GiB|Mbp\/s|bp\/s|seqs\/s|sequences\/s|CPU-s)\b/#/g; s/(peak RSS|seconds|time)[^,;)]*/\1 #/g'; }
fail=0
for c in "${CASES[@]}"; do
  for ext in rc stdout; do
    if ! cmp -s "$W/old/$c.$ext" "$W/new/$c.$ext"; then
      echo "DIFFERENT $c.$ext"; diff "$W/old/$c.$ext" "$W/new/$c.$ext" | head -5; fail=1
    fi
  done
  if ! diff -q <(mask "$W/old/$c.stderr") <(mask "$W/new/$c.stderr") > /dev/null; then
    echo "note: stderr of $c differs:"; diff <(mask "$W/old/$c.stderr") <(mask "$W/new/$c.stderr") | head -6
  fi
done
# Every file the runs wrote (model.bin embeds the motiftok version string: same version here).
while IFS= read -r f; do
  case "$f" in *.stdout | *.stderr | *.rc) continue ;; esac
  if [ ! -e "$W/new/$f" ]; then echo "MISSING in new: $f"; fail=1
  elif ! cmp -s "$W/old/$f" "$W/new/$f"; then echo "DIFFERENT $f"; fail=1; fi
done < <(cd "$W/old" && find . -type f | sort)
while IFS= read -r f; do
  [ -e "$W/old/$f" ] || { echo "EXTRA in new: $f"; fail=1; }
done < <(cd "$W/new" && find . -type f | sort)
n_files=$(cd "$W/old" && find . -type f ! -name '*.stdout' ! -name '*.stderr' ! -name '*.rc' | wc -l)
if [ $fail -eq 0 ]; then
  echo "same outputs: ${#CASES[@]} runs (stdout, exit codes) and $n_files files identical"
else
  echo "outputs differ" >&2
fi
exit $fail
