#!/usr/bin/env bash
# Installs HuggingFace's transformers.js (npm `@huggingface/transformers`) into a temporary folder
# and runs transformers_load.mjs: AutoTokenizer loads the folder `motiftok export --format hf`
# writes, with padding and special tokens. Install scripts are skipped (they only fetch optional
# GPU runtimes from outside npm; tokenizers need none). A failed install fails the test.
# Usage: transformers_load.sh MOTIFTOK_BIN SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/motiftok-hft.XXXXXX")
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error --ignore-scripts \
  @huggingface/transformers >&2
node "$src/tests/hf/transformers_load.mjs" "$work/npm" "$bin" "$src/test_data/vocab_small.json" "$work"
