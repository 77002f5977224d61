#!/usr/bin/env bash
# The bundled example, end to end: learn -> train -> predict -> export on the UCI primate
# splice junctions (test_data/splice, CC BY 4.0): three classes, EI = donor (exon->intron),
# IE = acceptor (intron->exon), N = neither; 60 bp each.
# Usage: examples/run_example.sh [path/to/motiftok]   Writes into out/example/ (or $MOTIFTOK_EXAMPLE_OUT).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${1:-$ROOT/build/tools/motiftok}"
# CMake puts the binary in <build>/tools/: accept "build/motiftok" for "build/tools/motiftok".
[ -x "$BIN" ] || BIN="$(dirname "$BIN")/tools/$(basename "$BIN")"
[ -x "$BIN" ] || { echo "motiftok binary not found: ${1:-build/tools/motiftok}" >&2; exit 1; }
BIN="$(realpath "$BIN")"
DATA="$ROOT/test_data/splice"
OUT="${MOTIFTOK_EXAMPLE_OUT:-$ROOT/out/example}"
mkdir -p "$OUT/train" "$OUT/test"
show() { if command -v column >/dev/null; then column -t -s $'\t' "$@"; else cat "$@"; fi; }
# The UCI files repeat 12 record ids (stats reports them); every step accepts that here.
DUP=--allow-duplicate-ids

echo "== stats: per-class composition, IUPAC codes, duplicates and label conflicts"
"$BIN" stats $DUP -c "EI=$DATA/EI.fa.gz" -c "IE=$DATA/IE.fa.gz" -c "N=$DATA/N.fa.gz" -o "$OUT/stats.tsv"
show "$OUT/stats.tsv"

echo "== split: every 5th record of each class is held out for testing"
for c in EI IE N; do
  gzip -dc "$DATA/$c.fa.gz" | awk -v tr="$OUT/train/$c.fa" -v te="$OUT/test/$c.fa" \
    '/^>/ { n++ } { print > ((n % 5 == 0) ? te : tr) }'
done
TRAIN=(-c "EI=$OUT/train/EI.fa" -c "IE=$OUT/train/IE.fa" -c "N=$OUT/train/N.fa")
TEST=(-c "EI=$OUT/test/EI.fa" -c "IE=$OUT/test/IE.fa" -c "N=$OUT/test/N.fa")

echo "== learn: a 256-token vocabulary driven by the three labels (splice sites are strand-specific)"
"$BIN" learn $DUP "${TRAIN[@]}" --strand forward --vocab-size 256 --k-max 12 -o "$OUT/vocab.json"

echo "== export: the vocabulary as TSV (top tokens by information gain), MEME and HuggingFace"
"$BIN" export -q --vocab "$OUT/vocab.json" --format tsv -o "$OUT/vocab.tsv"
head -n 11 "$OUT/vocab.tsv" | cut -f 1-6 | show
"$BIN" export -q --vocab "$OUT/vocab.json" --format meme --min-length 5 -o "$OUT/motifs.meme"
"$BIN" export -q --vocab "$OUT/vocab.json" --format hf -o "$OUT/hf_tokenizer"

echo "== tokenize: the held-out donor sites with the learned vocabulary"
"$BIN" tokenize -q $DUP --vocab "$OUT/vocab.json" "$OUT/test/EI.fa" -o "$OUT/test_EI.tokens.tsv"
head -n 3 "$OUT/test_EI.tokens.tsv"

echo "== train: the attention classifier on the training split"
"$BIN" train $DUP --vocab "$OUT/vocab.json" "${TRAIN[@]}" --seed 1 -o "$OUT/model.bin"

echo "== predict: the held-out split, with metrics and per-token explanations"
"$BIN" predict $DUP --model "$OUT/model.bin" "${TEST[@]}" --metrics "$OUT/metrics.json" \
  --explain "$OUT/explain.jsonl" -o "$OUT/predictions.tsv"
head -n 4 "$OUT/predictions.tsv" | show

echo "== report: one HTML page (logos, ROC/PR and training curves, attention tracks); open it in a browser"
"$BIN" report $DUP --vocab "$OUT/vocab.json" --model "$OUT/model.bin" --predictions "$OUT/predictions.tsv" \
  "${TEST[@]}" --metrics "$OUT/metrics.json" --explain "$OUT/explain.jsonl" \
  --title "motiftok report: UCI splice junctions" -o "$OUT/report.html"
echo "outputs in $OUT: vocab.json vocab.tsv motifs.meme hf_tokenizer/ model.bin predictions.tsv metrics.json explain.jsonl report.html"
