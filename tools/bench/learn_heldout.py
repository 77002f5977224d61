#!/usr/bin/python3
"""Helpers of learn_vs_spm.sh (benchmark only, never at runtime).

  split OUTDIR NAME=FASTA...   every 10th record of each class -> held-out; writes OUTDIR/train_<NAME>.fa,
                               OUTDIR/train.txt (one training sequence per line, for spm_train),
                               OUTDIR/heldout.txt (one held-out sequence per line)
  gen OUT.fa BP                generated DNA: AT-rich background with 200 planted repeat families
  ll-ours VOCAB.json TXT       held-out log-likelihood per bp: best path by each token's `score`
                               (what motiftok tokenize does), summing `log_prob` along it
  ll-spm SPM.vocab TXT         the same for spm_export_vocab output (piece, score = log prob)
  top VOCAB.json N             the top N multi-base tokens by information gain
"""
import json, math, random, sys


def read_fasta(path):
    name, seq = None, []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith(">"):
                if name is not None:
                    yield name, "".join(seq)
                name, seq = line[1:], []
            elif line:
                seq.append(line.upper())
    if name is not None:
        yield name, "".join(seq)


def split(outdir, specs):
    train_txt = open(f"{outdir}/train.txt", "w")
    held = open(f"{outdir}/heldout.txt", "w")
    for spec in specs:
        cls, path = spec.split("=", 1)
        with open(f"{outdir}/train_{cls}.fa", "w") as tf:
            for i, (name, seq) in enumerate(read_fasta(path)):
                if i % 10 == 9:
                    held.write(seq + "\n")
                else:
                    tf.write(f">{name}\n{seq}\n")
                    train_txt.write(seq + "\n")


def gen(out, bp):
    rng = random.Random(1)
    repeats = ["".join(rng.choice("ACGT") for _ in range(rng.randrange(8, 30))) for _ in range(200)]
    with open(out, "w") as f:
        n, rec = 0, 0
        while n < bp:
            L = 1000
            s = rng.choices("ACGT", weights=(0.3, 0.2, 0.2, 0.3), k=L)
            for _ in range(10):  # about one repeat copy per 100 bp
                r = rng.choice(repeats)
                at = rng.randrange(0, L - len(r))
                s[at:at + len(r)] = r
            rec += 1
            n += L
            f.write(f">g{rec}\n{''.join(s)}\n")


def viterbi_ll(lines, pick, logp, maxlen):
    total, bases = 0.0, 0
    for seq in lines:
        seq = seq.strip()
        n = len(seq)
        if n == 0:
            continue
        best = [-math.inf] * (n + 1)
        ll = [0.0] * (n + 1)
        best[0] = 0.0
        for i in range(1, n + 1):
            bi, li = -math.inf, 0.0
            for L in range(1, min(maxlen, i) + 1):
                t = seq[i - L:i]
                s = pick.get(t)
                if s is None or best[i - L] == -math.inf:
                    continue
                c = best[i - L] + s
                if c > bi:  # strictly greater: ties keep the longer token (HF's rule)
                    bi, li = c, ll[i - L] + logp[t]
            best[i], ll[i] = bi, li
        if best[n] == -math.inf:
            raise SystemExit("a held-out sequence cannot be segmented")
        total += ll[n]
        bases += n
    return total / bases


def ll_ours(vocab, txt):
    v = json.load(open(vocab))
    pick = {t["token"]: t["score"] for t in v["tokens"]}
    logp = {t["token"]: t["log_prob"] for t in v["tokens"]}
    maxlen = max(len(t) for t in pick)
    print(f"{viterbi_ll(open(txt), pick, logp, maxlen):.5f}")


def ll_spm(vocab, txt):
    pick = {}
    for line in open(vocab):
        piece, score = line.rstrip("\n").split("\t")
        if piece.startswith("<") and piece.endswith(">"):
            continue
        pick[piece] = float(score)
    maxlen = max(len(t) for t in pick)
    print(f"{viterbi_ll(open(txt), pick, pick, maxlen):.5f}")


def top(vocab, n):
    v = json.load(open(vocab))
    print(" ".join(f"{t['token']}({t['info_gain']:.4f})" for t in v["tokens"][5:5 + int(n)]))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "split":
        split(args[0], args[1:])
    elif cmd == "gen":
        gen(args[0], int(args[1]))
    elif cmd == "ll-ours":
        ll_ours(*args)
    elif cmd == "ll-spm":
        ll_spm(*args)
    elif cmd == "top":
        top(*args)
    else:
        raise SystemExit(__doc__)
