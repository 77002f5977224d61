#!/usr/bin/env bash
# examples/api_tokenize.cpp (linked against motiftok_runtime only) prints what
# `motiftok tokenize` prints, byte for byte, on fixtures with lower case, N and gzip input.
# Usage: api_tokenize_test.sh API_TOKENIZE_BIN MOTIFTOK_BIN SOURCE_DIR
set -euo pipefail
EXAMPLE=$1 BIN=$2 TD=$3/test_data
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
for input in "$TD/io/seqs.fa.gz" "$TD/learn_pos.fa"; do
  "$EXAMPLE" "$TD/vocab_small.json" "$input" > "$W/example.tsv"
  "$BIN" tokenize -q -t 1 --vocab "$TD/vocab_small.json" "$input" -o "$W/cli.tsv"
  [ -s "$W/cli.tsv" ] || { echo "empty output for $input" >&2; exit 1; }
  cmp "$W/example.tsv" "$W/cli.tsv"
done
# A missing file is a typed library error: message on stderr, exit code 1, nothing on stdout.
set +e
"$EXAMPLE" "$TD/vocab_small.json" "$W/missing.fa" > "$W/out" 2> "$W/err"
rc=$?
set -e
[ "$rc" -eq 1 ] && [ ! -s "$W/out" ] && grep -q "missing.fa" "$W/err" || {
  echo "missing input: exit $rc, stderr: $(cat "$W/err")" >&2; exit 1; }
echo "api_tokenize matches motiftok tokenize"
