#!/usr/bin/env bash
# Benchmark (not a test): `motiftok stats` vs `seqkit stats` on the same generated ~200 Mbp FASTA,
# plain and gzip. Prints Mbp/s for both tools (median of REPS runs) and the ratio.
# -t 2 decompresses gzip in a second thread (seqkit also reads ahead in a goroutine).
# Usage: tools/bench/stats_vs_seqkit.sh [path/to/motiftok] [Mbp=200] [reps=3]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
require_tools seqkit
BIN=$(motiftok_bin "${1:-build/tools/motiftok}")
MBP=${2:-200}
REPS=${3:-3}
DIR=${TMPDIR:-/tmp}/motiftok_bench_stats_v2
mkdir -p "$DIR"
FA=$DIR/bench_${MBP}M.fa

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

# "wall cpu": medians over REPS runs of wall-clock and CPU (user + sys) seconds. On a shared,
# loaded machine the CPU time is the steadier measure.
median_times() {
  rm -f "$DIR/times.txt"
  for _ in $(seq "$REPS"); do
    timed "$DIR/times.txt" "$@" >/dev/null 2>/dev/null
  done
  echo "$(column_median 1 "$DIR/times.txt") $(column_median 2 "$DIR/times.txt")"
}

mbps() { echo "$BP / 1000000 / $1" | bc -l; }

printf 'input\ttool\twall_s\tcpu_s\tMbp/s_wall\tMbp/s_cpu\n'
for input in "$FA" "$FA.gz"; do
  name=$(basename "$input")
  read -r mw mc < <(median_times "$BIN" stats -q -t 1 "$input")
  read -r tw tc < <(median_times "$BIN" stats -q -t 2 "$input")
  read -r sw sc < <(median_times seqkit stats -j 1 "$input")
  read -r aw ac < <(median_times seqkit stats -a -j 1 "$input")
  for row in "motiftok_stats_-t1 $mw $mc" "motiftok_stats_-t2 $tw $tc" "seqkit_stats $sw $sc" "seqkit_stats_-a $aw $ac"; do
    read -r tool w c <<<"$row"
    printf '%s\t%s\t%.2f\t%.2f\t%.1f\t%.1f\n' "$name" "$tool" "$w" "$c" "$(mbps "$w")" "$(mbps "$c")"
  done
  printf '%s\tspeed ratio motiftok -t 1/seqkit (wall, cpu)\tvs seqkit stats: %.2fx, %.2fx\tvs seqkit stats -a: %.2fx, %.2fx\n' \
    "$name" "$(echo "$sw / $mw" | bc -l)" "$(echo "$sc / $mc" | bc -l)" \
    "$(echo "$aw / $mw" | bc -l)" "$(echo "$ac / $mc" | bc -l)"
done
echo "bases: $BP; median of $REPS runs; seqkit $(seqkit version 2>/dev/null | head -1); $("$BIN" --version); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
