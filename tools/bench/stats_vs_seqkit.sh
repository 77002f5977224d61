#!/usr/bin/env bash
# Benchmark (not a test): `motiftok stats` vs `seqkit stats` on the same generated ~200 Mbp FASTA,
# plain and gzip. Prints Mbp/s for both tools (median of REPS runs) and the ratio.
# Usage: tools/bench/stats_vs_seqkit.sh [path/to/motiftok] [Mbp=200] [reps=3]
set -euo pipefail
BIN=${1:-build/tools/motiftok}
MBP=${2:-200}
REPS=${3:-3}
DIR=${TMPDIR:-/tmp}/motiftok_bench_stats_v2
mkdir -p "$DIR"
FA=$DIR/bench_${MBP}M.fa
command -v seqkit >/dev/null || { echo "seqkit not found (apt-get install seqkit)" >&2; exit 1; }

if [ ! -s "$FA" ]; then
  echo "generating $FA (${MBP} Mbp: records of 500-5000 bp, 60 bp lines, soft-masked (lower-case) runs, rare N runs)" >&2
  /usr/bin/python3 - "$FA" "$MBP" <<'PY'
import os, random, sys
path, mbp = sys.argv[1], int(sys.argv[2])
rng = random.Random(1)
table = bytes(b"ACGT"[i % 4] for i in range(256))
target, written, i = mbp * 1_000_000, 0, 0
with open(path, "wb") as f:
    while written < target:
        n = rng.randint(500, 5000)
        seq = bytearray(rng.randbytes(n).translate(table))
        if rng.random() < 0.3:  # a soft-masked repeat
            a = rng.randrange(n); b = min(n, a + rng.randint(50, 1000))
            seq[a:b] = seq[a:b].lower()
        if rng.random() < 0.02:  # an assembly gap
            a = rng.randrange(n); seq[a:a + 50] = b"N" * len(seq[a:a + 50])
        f.write(b">r%d len=%d\n" % (i, n))
        f.write(b"\n".join(bytes(seq[j:j + 60]) for j in range(0, n, 60)) + b"\n")
        written += n
        i += 1
PY
fi
[ -s "$FA.gz" ] || gzip -1 -c "$FA" > "$FA.gz"
BP=$(( $(grep -v '^>' "$FA" | tr -d '\n' | wc -c) ))

# median wall time (s) of REPS runs of a command
median_time() {
  local times=()
  for _ in $(seq "$REPS"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

printf 'input\ttool\tseconds\tMbp/s\n'
for input in "$FA" "$FA.gz"; do
  name=$(basename "$input")
  m=$(median_time "$BIN" stats -q -t 1 "$input")
  s=$(median_time seqkit stats -j 1 "$input")
  sa=$(median_time seqkit stats -a -j 1 "$input")
  for pair in "motiftok_stats:$m" "seqkit_stats:$s" "seqkit_stats_-a:$sa"; do
    tool=${pair%%:*}; t=${pair#*:}
    printf '%s\t%s\t%.2f\t%.1f\n' "$name" "$tool" "$t" "$(echo "$BP / 1000000 / $t" | bc -l)"
  done
  printf '%s\tratio motiftok/seqkit (speed)\t%.2fx vs seqkit stats, %.2fx vs seqkit stats -a\n' \
    "$name" "$(echo "$s / $m" | bc -l)" "$(echo "$sa / $m" | bc -l)"
done
echo "bases: $BP; median of $REPS runs; $(seqkit version 2>/dev/null | head -1); motiftok $("$BIN" --version)" >&2
