#!/usr/bin/python3
"""Attention mass on tokens that match a known motif.

  attention_motif.py EXPLAIN.jsonl ANNOTATE.tsv [MAX_P] [MIN_LEN]

EXPLAIN.jsonl: `motiftok predict --explain` output; ANNOTATE.tsv: `motiftok annotate` of the model's
vocabulary against JASPAR. A token "matches" when its best motif has p_value <= MAX_P (default
1e-4, unadjusted) and it has at least MIN_LEN bases (default 6). Prints, over the sequences, the
mean attention mass (mean over heads) on matching occurrences, the share of occurrences that match
(the mass uniform attention would give), and their ratio.
"""
import json
import sys


def main(explain, annot, max_p=1e-4, min_len=6):
    max_p, min_len = float(max_p), int(min_len)
    match = set()
    with open(annot) as f:
        header = None
        for line in f:
            if line.startswith("#"):
                continue
            row = line.rstrip("\n").split("\t")
            if header is None:
                header = row
                continue
            r = dict(zip(header, row))
            if r["match_rank"] == "1" and float(r["p_value"]) <= max_p and len(r["token"]) >= min_len:
                match.add(r["token"])
    mass, share, n = 0.0, 0.0, 0
    for line in open(explain):
        rec = json.loads(line)
        toks = rec["tokens"]
        if not toks:
            continue
        heads = len(toks[0]["attention"])
        mass += sum(sum(t["attention"]) / heads for t in toks if t["token"] in match)
        share += sum(1 for t in toks if t["token"] in match) / len(toks)
        n += 1
    out = {"matching_tokens": len(match), "sequences": n, "attention_mass": mass / n,
           "occurrence_share": share / n, "ratio": (mass / share) if share else float("nan")}
    print(json.dumps(out))


if __name__ == "__main__":
    main(*sys.argv[1:])
