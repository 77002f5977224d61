#!/usr/bin/env bash
# Installs HuggingFace's `tokenizers` npm package into a temporary folder and runs hf_match.js,
# which compares HF's Unigram encoding of motiftok's exported tokenizer.json with
# `motiftok tokenize`. A failed install fails the test (no skip, no mock).
# Usage: hf_match.sh MOTIFTOK_BIN SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/motiftok-hf.XXXXXX")
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error tokenizers >&2
node "$src/tests/hf/hf_match.js" "$work/npm" "$bin" "$src" "$work"
