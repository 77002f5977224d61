#!/usr/bin/env bash
# Benchmark: motiftok count (k = 1..12, both strands, per class, one count file) against
# jellyfish and KMC counting a single k = 12 (canonical) on the same generated two-class FASTA.
# motiftok also counts k = 12 alone (-k 12 -K 12), the like-for-like comparison with KMC.
# Prints median wall and CPU (user + sys) time, throughput (Mbp/s), peak RSS and the ratios
# (CPU time is less disturbed by other load on a shared machine).
#
# usage: tools/bench/count_vs_jellyfish_kmc.sh [motiftok binary or build/tools] [Mbp, default 100] [repeats, default 3]
# JELLYFISH=0 in the environment skips jellyfish (about 30x slower than the others).
# Data and outputs go to a temporary directory under /tmp, removed at the end.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
MOTIFTOK=$(motiftok_bin "${1:-$BENCH_ROOT/build/tools}")
MBP=${2:-100}
REPEATS=${3:-3}
THREADS=2
JELLYFISH=${JELLYFISH:-1}
require_tools kmc /usr/bin/time "$PY"
[ "$JELLYFISH" = 0 ] || require_tools jellyfish
WORK=$(mktemp -d /tmp/motiftok_bench_count.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# Two classes of 1 kbp records, half the bases each; a CTCF-like 14-mer planted in a fifth of
# the positives. Seeded: the same file every run.
"$PY" - "$MBP" <<'PY'
import sys
import numpy as np
rng = np.random.default_rng(1)
L = 1000
n = int(float(sys.argv[1]) * 1e6 / L / 2)
for name in ("pos", "neg"):
    letters = np.frombuffer(b"ACGT", dtype=np.uint8)[rng.integers(0, 4, size=(n, L), dtype=np.uint8)]
    if name == "pos":
        rows = rng.choice(n, n // 5, replace=False)
        letters[rows, 100:114] = np.frombuffer(b"CCGCGAGGAGGCAG", dtype=np.uint8)
    with open(f"{name}.fa", "w") as f:
        for i in range(n):
            f.write(f">{name}{i}\n{letters[i].tobytes().decode()}\n")
PY
cat pos.fa neg.fa > all.fa
mkdir -p kmc_tmp

# run NAME CMD...: REPEATS runs, "wall s, CPU s, peak RSS MB" of each in NAME.times (see timed)
run() {
  local name=$1; shift
  : > "$name.times"
  for _ in $(seq "$REPEATS"); do
    timed "$name.times" "$@" > /dev/null 2> "$name.log"
    rm -f kmc_out.kmc_pre kmc_out.kmc_suf jf.jf
  done
}
run motiftok "$MOTIFTOK" count -c pos=pos.fa -c neg=neg.fa -k 1 -K 12 --strand both -t "$THREADS" -q -o counts.mtc
run motiftok12 "$MOTIFTOK" count -c pos=pos.fa -c neg=neg.fa -k 12 -K 12 --strand both -t "$THREADS" -q -o counts12.mtc
[ "$JELLYFISH" = 0 ] || run jellyfish jellyfish count -m 12 -C -s 100M -t "$THREADS" -o jf.jf all.fa
run kmc kmc -k12 -t"$THREADS" -fm all.fa kmc_out kmc_tmp

"$PY" - "$MBP" "$REPEATS" "$JELLYFISH" <<'PY'
import statistics, sys
mbp, reps = float(sys.argv[1]), int(sys.argv[2])
names = ["motiftok", "motiftok12"] + (["jellyfish"] if sys.argv[3] != "0" else []) + ["kmc"]
res = {}
for name in names:
    rows = [tuple(map(float, l.split())) for l in open(f"{name}.times") if l.strip()]
    wall = statistics.median(r[0] for r in rows)
    cpu = statistics.median(r[1] for r in rows)
    rss = max(r[2] for r in rows)
    res[name] = (wall, cpu, rss)
print(f"input: {mbp:g} Mbp two-class FASTA, 1 kbp records; {reps} runs each, medians; 2 threads")
print(f"{'tool':<50} {'wall s':>7} {'Mbp/s':>7} {'CPU s':>7} {'Mbp/CPU-s':>10} {'peak RSS MB':>12}")
labels = {"motiftok": "motiftok count k=1..12, both strands, per class",
          "motiftok12": "motiftok count k=12 only, both strands, per class",
          "jellyfish": "jellyfish count -m 12 -C (k=12 only)",
          "kmc": "kmc -k12 (k=12 only, canonical)"}
for name, (wall, cpu, rss) in res.items():
    print(f"{labels[name]:<50} {wall:7.2f} {mbp / wall:7.1f} {cpu:7.2f} {mbp / cpu:10.1f} {rss:12.0f}")
for mine in ("motiftok", "motiftok12"):
    m = res[mine]
    for peer in [n for n in names if not n.startswith("motiftok")]:
        print(f"throughput ratio {mine}/{peer}: wall {res[peer][0] / m[0]:.2f}, "
              f"CPU {res[peer][1] / m[1]:.2f}")
PY
