#!/usr/bin/env bash
# The bundled example: UCI primate splice junctions (test_data/splice, CC BY 4.0), three classes
# (EI = donor, IE = acceptor, N = neither). Usage: examples/run_example.sh [path/to/motiftok]
# Writes into out/example/ (relative to the repository root).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${1:-$ROOT/build/tools/motiftok}"
# CMake puts the binary in <build>/tools/: accept "build/motiftok" for "build/tools/motiftok".
[ -x "$BIN" ] || BIN="$(dirname "$BIN")/tools/$(basename "$BIN")"
[ -x "$BIN" ] || { echo "motiftok binary not found: ${1:-build/tools/motiftok}" >&2; exit 1; }
BIN="$(realpath "$BIN")"
DATA="$ROOT/test_data/splice"
OUT="$ROOT/out/example"
mkdir -p "$OUT"
show() { if command -v column >/dev/null; then column -t -s $'\t' "$1"; else cat "$1"; fi; }
CLASSES=(-c "EI=$DATA/EI.fa.gz" -c "IE=$DATA/IE.fa.gz" -c "N=$DATA/N.fa.gz")

echo "== stats: per-class composition, IUPAC codes, duplicates and label conflicts"
"$BIN" stats "${CLASSES[@]}" -o "$OUT/stats.tsv"
show "$OUT/stats.tsv"

echo "== shuffle: a dinucleotide-preserving background of the donor sites"
# The UCI files repeat a few record ids (stats reports them); shuffle accepts that here.
"$BIN" shuffle --allow-duplicate-ids -n 1 --seed 1 "$DATA/EI.fa.gz" -o "$OUT/EI.shuffled.fa"
"$BIN" stats -q -c "EI=$DATA/EI.fa.gz" -c "EI_shuffled=$OUT/EI.shuffled.fa" \
  -o "$OUT/stats.shuffled.tsv"
show "$OUT/stats.shuffled.tsv"
echo "outputs in $OUT"
