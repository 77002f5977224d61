#!/usr/bin/env bash
# Validation of `motiftok annotate` (not a test): learn vocabularies on ctcf_dragonn (pos vs neg)
# and nfe2_gm12878 (train peaks vs background), annotate them with JASPAR 2024 CORE vertebrates
# (non-redundant, 879 motifs), and report
#   - the top tokens by information gain with their best JASPAR motifs (3 per token),
#   - whether the top CTCF tokens hit CTCF (MA0139 / MA1929 / MA1930) and the top NF-E2 tokens an
#     E-box factor (USF/MAX/MYC/MITF/TFE/bHLH-ZIP ...), and where the MARE (NFE2/MAF/BACH) tokens rank,
#   - the p-values recomputed independently (numpy, every string of the aligned length, scores in
#     floating point, no discretization) for every reported alignment of <= 10 positions,
#   - the wall and CPU time of annotate (medians of REPEATS runs) for -t 1 and -t 2.
# No peer tool: Tomtom/FIMO (MEME suite) are not installed here.
#
# usage: tools/bench/annotate_jaspar.sh [path/to/motiftok]   (env: DATA WORK REPEATS TOP)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
MOTIFTOK=$(motiftok_bin "${1:-$BENCH_ROOT/build/tools/motiftok}")
cd "$BENCH_ROOT"
WORK=${WORK:-/tmp/motiftok_annotate_bench}
REPEATS=${REPEATS:-5}
TOP=${TOP:-12}
JASPAR=$DATA/jaspar2024/JASPAR2024_CORE_vertebrates_non-redundant.meme
mkdir -p "$WORK"

echo "## learn (default options, seed 1)"
"$MOTIFTOK" learn -c neg="$DATA/ctcf_dragonn/neg.fa" -c pos="$DATA/ctcf_dragonn/pos.fa" -t 2 -q \
    -o "$WORK/ctcf.json"
"$MOTIFTOK" learn -c neg="$DATA/nfe2_gm12878/nfe2.neg.tr.fa" \
    -c pos="$DATA/nfe2_gm12878/nfe2.tr.fa" -t 2 -q -o "$WORK/nfe2.json"

for set in ctcf nfe2; do
    "$MOTIFTOK" annotate --vocab "$WORK/$set.json" --motifs "$JASPAR" --by token --matches 3 -q \
        -o "$WORK/$set.annot.tsv"
    echo
    echo "## runtime: annotate $set ($(grep -c '^[0-9]' "$WORK/$set.annot.tsv") rows, 879 motifs)"
    for t in 1 2; do
        rm -f "$WORK/times.txt"
        for _ in $(seq "$REPEATS"); do
            timed "$WORK/times.txt" "$MOTIFTOK" annotate --vocab "$WORK/$set.json" \
                --motifs "$JASPAR" --by token -t "$t" -q -o "$WORK/$set.t$t.tsv"
        done
        echo "-t $t: wall median $(column_median 1 "$WORK/times.txt") s," \
            "CPU (user + system) median $(column_median 2 "$WORK/times.txt") s ($REPEATS runs)"
    done
    cmp -s "$WORK/$set.t1.tsv" "$WORK/$set.t2.tsv" && echo "-t 1 and -t 2 outputs identical"
done

echo
"$PY" - "$WORK" "$JASPAR" "$TOP" <<'PYEOF'
import itertools, math, sys
import numpy as np

work, jaspar, top = sys.argv[1], sys.argv[2], int(sys.argv[3])

def read_meme(path):
    motifs, cur, rows = {}, None, None
    for line in open(path):
        w = line.split()
        if not w:
            continue
        if w[0] == "MOTIF":
            cur = w[1]
            motifs[cur] = []
        elif line.startswith("letter-probability"):
            rows = int(line.split("w=")[1].split()[0])
        elif rows and cur:
            motifs[cur].append([float(x) for x in w[:4]])
            rows -= 1
    return {k: np.array(v) / np.array(v).sum(1, keepdims=True) for k, v in motifs.items()}

def read_tsv(path):
    lines = [l.rstrip("\n").split("\t") for l in open(path) if not l.startswith("#")]
    head = lines[0]
    return [dict(zip(head, l)) for l in lines[1:]]

motifs = read_meme(jaspar)
pc = 0.01
comp = [3, 2, 1, 0]

def brute_p(row):
    """P(uniform string scores >= the token) over the aligned window, float scores, no bins."""
    m = motifs[row["motif_id"]]
    if row["strand"] == "-":
        m = m[::-1][:, comp]
    lo = np.log2((m + pc) / (1 + 4 * pc) / 0.25)
    off, n = int(row["offset"]), int(row["aligned"])
    first = max(off, 0)
    cols = lo[first:first + n]
    tok = ["ACGT".index(c) for c in row["token"]]
    score = sum(cols[j][tok[first + j - off]] for j in range(n))
    total = np.zeros(1)
    for c in cols:  # all 4^n sums, one column at a time
        total = (total[:, None] + c[None, :]).ravel()
    return score, float(np.mean(total >= score - 1e-9))

ctcf_ids = ("MA0139", "MA1929", "MA1930")
ebox = ("USF", "MAX", "MYC", "MNT", "MLX", "MITF", "TFE", "TFEB", "TFEC", "BHLHE", "ARNT", "HEY",
        "HES", "NPAS", "CLOCK", "SREBF", "MXI", "NEUROD", "TCF", "ZEB", "SNAI", "Arnt", "Mlx",
        "Hes", "Hey", "Npas", "Bhlhe", "Usf", "Max", "Mitf", "Tfe", "Myc", "BHLHA", "Bhlha")
mare = ("NFE2", "MAF", "BACH", "Nfe2", "Maf", "Bach", "NRF", "Nrf")
for name in ("ctcf", "nfe2"):
    rows = read_tsv(f"{work}/{name}.annot.tsv")
    print(f"## {name}: top {top} tokens by info_gain, best 3 JASPAR motifs")
    print("rank token IG | motif name strand offset aligned normalized p p_adj (x3)")
    for r in range(1, top + 1):
        group = [x for x in rows if x["ig_rank"] == str(r)]
        cells = [f'{x["motif_id"]} {x["motif_name"]} {x["strand"]}{x["offset"]}/{x["aligned"]} '
                 f'{float(x["normalized"]):.2f} {float(x["p_value"]):.2g} {float(x["p_adjusted"]):.2g}'
                 for x in group]
        print(f'{r} {group[0]["token"]} {float(group[0]["info_gain"]):.4f} | ' + " ; ".join(cells))
    best = [x for x in rows if x["match_rank"] == "1"]
    if name == "ctcf":
        hits = [x for x in best[:20] if x["motif_id"].startswith(ctcf_ids)]
        print(f"CTCF (MA0139/MA1929/MA1930) as best match: {len(hits)} of the top 20 tokens "
              f"({', '.join(x['token'] for x in hits)})")
        anyc = [x for x in best if x["motif_id"].startswith(ctcf_ids)]
        print(f"CTCF as best match among all {len(best)} annotated tokens: {len(anyc)}")
    else:
        hits = [x for x in best[:10] if x["motif_name"].upper().startswith(tuple(e.upper() for e in ebox))]
        print(f"E-box factor as best match: {len(hits)} of the top 10 tokens "
              f"({', '.join(x['token'] + '=' + x['motif_name'] for x in hits)})")
        m = [x for x in best if x["motif_name"].startswith(mare)]
        print("MARE factors (NFE2/MAF/BACH) as best match: ranks " +
              ", ".join(f'{x["ig_rank"]} {x["token"]}={x["motif_name"]}' for x in m[:8]))
    # Independent p-values for the reported alignments of <= 10 positions (top 200 rows).
    worst, n = 0.0, 0
    for x in [x for x in rows if x["motif_id"] and int(x["aligned"]) <= 10][:200]:
        s, p = brute_p(x)
        ours = float(x["p_value"])
        worst = max(worst, abs(math.log10(ours) - math.log10(p)))
        n += 1
    print(f"p-value vs float brute force over all 4^aligned strings, {n} alignments: "
          f"max |log10 ratio| = {worst:.4f}")
    print()
PYEOF
