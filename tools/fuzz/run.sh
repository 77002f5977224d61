#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan, asserts on) and runs each for SECONDS on a
# corpus seeded from test_data/. Exits non-zero on any crash, sanitizer report, leak, timeout
# (-timeout=10 s per input) or out-of-memory (-rss_limit_mb=2048); the failing input is saved as
# BUILD/artifacts/<target>-crash-* (reproduce: BUILD/tools/fuzz/fuzz_<target> FILE).
# Usage: tools/fuzz/run.sh SECONDS [TARGET...]
# Env: MOTIFTOK_FUZZ_BUILD (build folder, default build-fuzz; a folder already configured with
# -DMOTIFTOK_FUZZ=ON is used with its own options, as CI does with its sanitizer build); MOTIFTOK_BIN (a built motiftok that
# makes the binary seeds; default: build it, sanitized, in the fuzz build folder).
# The corpus grows in BUILD/corpus/<target> across runs. See docs/fuzzing.md.
set -euo pipefail
seconds=${1:?usage: tools/fuzz/run.sh SECONDS [TARGET...]}
shift
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${MOTIFTOK_FUZZ_BUILD:-$src/build-fuzz}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sequences labels bed vocab model counts meme)

if ! grep -q '^MOTIFTOK_FUZZ:BOOL=ON$' "$build/CMakeCache.txt" 2>/dev/null; then
  CC=clang CXX=clang++ cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-g -O2" -DMOTIFTOK_FUZZ=ON -DMOTIFTOK_SANITIZE=address,undefined \
    -DMOTIFTOK_USE_OPENMP=OFF -DMOTIFTOK_BUILD_TESTS=OFF >/dev/null
fi
bin=${MOTIFTOK_BIN:-}
[ -n "$bin" ] || bin=$build/tools/motiftok
# shellcheck disable=SC2046
cmake --build "$build" -j2 --target $([ -n "${MOTIFTOK_BIN:-}" ] || echo motiftok) \
  $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

# Seed corpora: the fixtures, and binary files made from them by motiftok.
seeds=$(mktemp -d "$build/seeds.XXXXXX")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/motiftok-fuzzseed.XXXXXX")
trap 'rm -rf "$seeds" "$tmp"' EXIT
mkdir -p "$seeds"/{sequences,labels,bed,vocab,model,counts,meme}
data=$src/test_data
cp "$data"/io/seqs.fa "$data"/io/seqs.fa.gz "$data"/io/seqs.fa.bgz "$data"/io/genome.fa \
  "$data"/learn_unlabeled.fa "$seeds/sequences/"
head -c 2000 "$data"/io/truncated.fa.gz >"$seeds/sequences/truncated.fa.gz"
printf '@r1 x\nACGTNacgt\n+\nIIIIIIIII\n@r2\nACGU\n+\n!!!!\n' >"$seeds/sequences/reads.fq"
printf 'seq0\tpos\nseq1\tneg\nseq2\tpos\nseq3\tneg\n' >"$seeds/labels/labels.tsv"
printf 'id\tlabel\nseq0\ta\nseq1\tb\n' >"$seeds/labels/header.tsv"
cp "$data"/io/regions.bed "$seeds/bed/"
printf 'track name=x\nchr1\t0\t10\tpos\t0\t+\nchr2\t3\t9\tneg\t0\t-\n' >"$seeds/bed/strands.bed"
cp "$data"/vocab_small.json "$seeds/vocab/"
cp "$data"/export_motifs_small.meme "$seeds/meme/"
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$bin" count -q -k 1 -K 4 "$data"/learn_unlabeled.fa -o "$seeds/counts/unlabeled.mtc"
"$bin" count -q -k 2 -K 9 --dense-max-k 5 -c pos="$data"/learn_pos.fa -c neg="$data"/learn_neg.fa \
  -o "$seeds/counts/classes.mtc"
"$bin" learn -q --vocab-size 40 -c pos="$data"/learn_pos.fa -c neg="$data"/learn_neg.fa \
  -o "$tmp/vocab.json"
cp "$tmp/vocab.json" "$seeds/vocab/learned.json"
"$bin" train -q --vocab "$tmp/vocab.json" --dim 4 --heads 1 --hidden 4 --epochs 1 \
  -c pos="$data"/learn_pos.fa -c neg="$data"/learn_neg.fa -o "$seeds/model/model.bin"
"$bin" export -q --vocab "$tmp/vocab.json" --format meme --min-length 3 -o "$seeds/meme/learned.meme"

mkdir -p "$build/artifacts"
total=0
failed=()
for t in "${targets[@]}"; do
  corpus=$build/corpus/$t
  mkdir -p "$corpus"
  log=$build/artifacts/$t.log
  dict=()
  [ -f "$src/tools/fuzz/$t.dict" ] && dict=(-dict="$src/tools/fuzz/$t.dict")
  set +e
  "$build/tools/fuzz/fuzz_$t" "$corpus" "$seeds/$t" "${dict[@]}" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$t-" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  runs=${runs:-0}
  total=$((total + runs))
  if [ $rc -ne 0 ]; then
    failed+=("$t")
    echo "fuzz_$t: FAILED (exit $rc) after $runs executions; log: $log" >&2
    grep -m 5 -E 'ERROR|runtime error|SUMMARY|Test unit written' "$log" >&2 || true
  else
    echo "fuzz_$t: $runs executions in ${seconds}s, no crash, leak, timeout or OOM"
  fi
done
echo "total: $total executions"
[ ${#failed[@]} -eq 0 ] || { echo "failed: ${failed[*]}" >&2; exit 1; }
