#!/usr/bin/env python3
"""Issue 12, the position-bins race: what a probe of P epochs would have chosen, replayed from
the training logs of the full comparison (motiftok b1552e0, whose --pos-bins auto trained both
candidates to their early stop and printed every epoch's validation loss).

Usage: pos_race_sim.py LOG... (the `train` stderr of gkm_auto_bench.sh's old side, e.g.
/tmp/motiftok_gkm_auto_bench/nfe2.s1.old.log). For each log and each P it prints the candidate
the race would keep (network alone: the lowest validation loss in the first P epochs; the first
on ties), the one the full comparison kept (its printed choice, with the --gkm auto term), and
the epochs trained: the race (the winner to its stop + the others' min(P, stop)) against 8 bins
alone (its stop). A summary per P follows: how often the choice differs, total epochs / 8-bin
epochs."""
import re
import sys
from collections import defaultdict

PROBES = [1, 2, 3, 4, 5, 30]
EPOCH = re.compile(r"pos bins (\d+), epoch (\d+): train loss [0-9.]+, valid loss ([0-9.naif]+)")
KEPT = re.compile(r"--pos-bins auto: .*: kept (\d+) position bins")

total = defaultdict(lambda: [0, 0, 0, 0])  # P -> [differs, runs, race epochs, 8-bin epochs]
print("log\tP\trace keeps\tfull kept\trace epochs\t8-bin epochs")
for path in sys.argv[1:]:
    losses = defaultdict(list)  # bins -> valid loss per epoch, in order
    kept = None
    for line in open(path):
        m = EPOCH.search(line)
        if m:
            losses[int(m.group(1))].append(float(m.group(3)))
        m = KEPT.search(line)
        if m:
            kept = int(m.group(1))
    if kept is None or not losses:
        continue
    bins = list(losses)  # in the order trained: 8 first
    for p in PROBES:
        judged = [min(losses[b][:p]) for b in bins]
        win = bins[judged.index(min(judged))]
        epochs = sum(len(losses[b]) if b == win else min(p, len(losses[b])) for b in bins)
        print(f"{path}\t{p}\t{win}\t{kept}\t{epochs}\t{len(losses[bins[0]])}")
        t = total[p]
        t[0] += win != kept
        t[1] += 1
        t[2] += epochs
        t[3] += len(losses[bins[0]])
print("\nP\tchoice differs\truns\trace epochs / 8-bin epochs")
for p in PROBES:
    d, n, e, e8 = total[p]
    print(f"{p}\t{d}\t{n}\t{e / e8:.2f}")
