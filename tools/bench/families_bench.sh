#!/usr/bin/env bash
# Motif families on the shared real data (docs/benchmarks.md "Motif families"):
#   1. `learn` defaults on NF-E2 and ctcf_dragonn (ctcf: the seeded 80/20 training split):
#      tokens, tokens in families, families; the top families annotated against JASPAR 2024.
#   2. The family embedding: test AUROC of `train` with and without --no-family-embedding,
#      same vocabulary and options, seeds SEEDS (default 1 2 3), on NF-E2 (test set), ctcf
#      (80/20) and splice (80/20, forward), mean ± sd.
# Usage: tools/bench/families_bench.sh [BUILD_DIR] [THREADS]; SETS='nfe2 ctcf splice', SEEDS.
# Everything is written under WORK (default /tmp/motiftok_families_bench); nothing in the
# repository.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
BIN=$(motiftok_bin "${1:-$BENCH_ROOT/build/tools}")
T=${2:-2}
JASPAR=$DATA/jaspar2024/JASPAR2024_CORE_vertebrates_non-redundant.meme
W=${WORK:-/tmp/motiftok_families_bench}
mkdir -p "$W"
cd "$W"
SETS=${SETS:-nfe2 ctcf splice}
SEEDS=${SEEDS:-1 2 3}

# split SEED FRAC NAME=FASTA...: the seeded split of classifier_baseline.py (same records), without
# its scikit-learn import: NAME.train.fa and NAME.test.fa here.
split() {
  /usr/bin/python3 - "$@" <<'PY'
import random, sys
seed, frac, specs = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
rng = random.Random(seed)
for spec in specs:
    name, path = spec.split("=", 1)
    recs, cur = [], None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith(">"):
            cur = [line[1:].split()[0], []]
            recs.append(cur)
        elif cur is not None:
            cur[1].append(line.strip())
    idx = list(range(len(recs)))
    rng.shuffle(idx)
    test = set(idx[:int(round(frac * len(recs)))])
    for part, keep in (("train", lambda i: i not in test), ("test", lambda i: i in test)):
        with open("%s.%s.fa" % (name, part), "w") as out:
            for i, (rid, seq) in enumerate(recs):
                if keep(i):
                    out.write(">%s\n%s\n" % (rid, "".join(seq)))
PY
}

stats() { /usr/bin/python3 -c "import statistics as s,sys; v=[float(x) for x in sys.argv[1:]]; print('%.4f ± %.4f' % (s.mean(v), s.stdev(v) if len(v) > 1 else 0))" "$@"; }

# families NAME: token and family counts, then the top families' best JASPAR match.
families() {
  /usr/bin/python3 - "$1.vocab.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
fam = v.get("families", [])
inf = sum(1 for t in v["tokens"] if "family" in t)
big = sorted(fam, key=lambda f: -len(f["members"]))
print("%d tokens, %d of them in %d families; largest: %s" % (len(v["tokens"]), inf, len(fam),
      ", ".join("%s %d tokens" % (f["name"], len(f["members"])) for f in big[:5])))
PY
  "$BIN" annotate --vocab "$1.vocab.json" --motifs "$JASPAR" --top 10 -q -o "$1.families.tsv"
  cut -f1,3,5,6,7,11,12,17,18 "$1.families.tsv" | tail -n +2
}

# run NAME "TRAIN_CLASSES" "TEST_CLASSES" "TRAIN OPTIONS" ["LEARN OPTIONS" ["INPUT OPTIONS"]]
run() {
  local name=$1 train=$2 test=$3 topts=$4 lopts=${5:-} iopts=${6:-} cls=() tcls=()
  for c in $train; do cls+=(--class "$c"); done
  for c in $test; do tcls+=(--class "$c"); done
  echo "== $name (learn: $lopts $iopts; train: $topts $iopts)"
  "$BIN" learn "${cls[@]}" -t "$T" -q $lopts $iopts -o "$name.vocab.json"
  families "$name"
  local with=() without=()
  for s in $SEEDS; do
    for v in with without; do
      local extra=""
      [[ $v == without ]] && extra="--no-family-embedding"
      "$BIN" train --vocab "$name.vocab.json" "${cls[@]}" -t "$T" -q --seed "$s" $topts $extra $iopts \
        -o "$name.$v.$s.model.bin"
      "$BIN" predict --model "$name.$v.$s.model.bin" "${tcls[@]}" -t "$T" -q $iopts \
        -o "$name.$v.$s.pred.tsv" --metrics "$name.$v.$s.metrics.json"
    done
    with+=("$(auroc_of "$name.with.$s.metrics.json")")
    without+=("$(auroc_of "$name.without.$s.metrics.json")")
    echo "seed $s: AUROC with family embedding ${with[-1]}, without ${without[-1]}"
  done
  echo "$name AUROC with family embedding $(stats "${with[@]}"), without $(stats "${without[@]}")"
}

N=$DATA/nfe2_gm12878
if [[ " $SETS " == *" nfe2 "* ]]; then
  run nfe2 "neg=$N/nfe2.neg.tr.fa pos=$N/nfe2.tr.fa" "neg=$N/nfe2.neg.test.fa pos=$N/nfe2.test.fa" \
    "${NFE2_OPTS:---both-strands}"
fi
if [[ " $SETS " == *" ctcf "* ]]; then
  split 1 0.2 "neg=$DATA/ctcf_dragonn/neg.fa" "pos=$DATA/ctcf_dragonn/pos.fa"
  run ctcf "neg=$W/neg.train.fa pos=$W/pos.train.fa" "neg=$W/neg.test.fa pos=$W/pos.test.fa" \
    "${CTCF_OPTS:---both-strands --epochs 12}"
fi
if [[ " $SETS " == *" splice "* ]]; then
  split 1 0.2 "EI=$DATA/splice_uci/EI.fa" "IE=$DATA/splice_uci/IE.fa" "N=$DATA/splice_uci/N.fa"
  run splice "EI=$W/EI.train.fa IE=$W/IE.train.fa N=$W/N.train.fa" \
    "EI=$W/EI.test.fa IE=$W/IE.test.fa N=$W/N.test.fa" "${SPLICE_OPTS:-}" "--strand forward" \
    "--allow-duplicate-ids"
fi
