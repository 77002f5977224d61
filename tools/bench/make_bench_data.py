#!/usr/bin/python3
"""Benchmark data for tokenize_vs_hf_spm.sh (never committed; written under /tmp).

Writes: chrom.fa (one record of --chrom-bp bases), reads.fa (--records records of --read-bp bases),
reads.txt (the same sequences one per line, for spm), sample.txt (training sample for spm, one
1000 bp line each), vocab.json (a valid motiftok vocabulary of about --vocab-size tokens: all
k-mers of length 1..4 plus the most frequent longer k-mers up to --max-len, closed under reverse
complement, score = log of the k-mer's share of counted occurrences, i.e. a unigram log-prob).
Sequences are uniform random DNA with planted motifs (so long tokens exist) and N runs.
"""
import argparse, collections, json, math, os, random

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--chrom-bp", type=int, default=250_000_000)
p.add_argument("--records", type=int, default=100_000)
p.add_argument("--read-bp", type=int, default=200)
p.add_argument("--vocab-size", type=int, default=1000)
p.add_argument("--max-len", type=int, default=16)
a = p.parse_args()
rng = random.Random(1)
MOTIFS = ["TGTAAATATTTACA", "CCGCGTGGCGCTA", "GGAATTCCGGAAT", "CACGTGACGTCA", "TTTTTTAAAAAA",
          "GCGCGCATATAT", "AGGTAAGTACTTAC", "CTCTCTCTCTCTCT"]
TABLE = bytes(b"ACGT"[i % 4] for i in range(256))

def random_dna(n):
    s = bytearray(os.urandom(n).translate(TABLE))
    for _ in range(n // 200):  # a planted motif every ~200 bp
        m = rng.choice(MOTIFS).encode()
        pos = rng.randrange(0, max(1, n - len(m)))
        s[pos:pos + len(m)] = m
    for _ in range(n // 100_000):  # an N run every ~100 kbp
        pos = rng.randrange(0, n)
        s[pos:pos + 50] = b"N" * len(s[pos:pos + 50])
    return s

def rc(t):
    return t[::-1].translate(str.maketrans("ACGT", "TGCA"))

os.makedirs(a.out, exist_ok=True)
with open(os.path.join(a.out, "chrom.fa"), "wb") as f:
    f.write(b">chr1 synthetic\n")
    left = a.chrom_bp
    while left > 0:
        n = min(left, 10_000_000)
        chunk = random_dna(n)
        for i in range(0, n, 60):
            f.write(chunk[i:i + 60] + b"\n")
        left -= n
reads = [random_dna(a.read_bp).decode() for _ in range(a.records)]
with open(os.path.join(a.out, "reads.fa"), "w") as fa, open(os.path.join(a.out, "reads.txt"), "w") as txt:
    for i, r in enumerate(reads):
        fa.write(f">r{i}\n{r}\n")
        txt.write(r + "\n")
sample = [random_dna(1000).decode() for _ in range(1000)]
with open(os.path.join(a.out, "sample.txt"), "w") as f:
    f.write("\n".join(sample) + "\n")

counts = collections.Counter()
text = "".join(sample)
for k in range(1, a.max_len + 1):
    for i in range(len(text) - k + 1):
        w = text[i:i + k]
        if "N" not in w:
            counts[w] += 1
chosen = {b: counts[b] + 1 for b in "ACGT"}
chosen["N"] = 1
for k in range(2, 5):
    for w, c in counts.items():
        if len(w) == k:
            chosen[w] = c
longer = sorted((w for w in counts if len(w) > 4 and counts[w] >= 3), key=lambda w: (-counts[w] * len(w), w))
for w in longer:
    if len(chosen) >= a.vocab_size:
        break
    chosen[w] = counts[w]
    chosen[rc(w)] = counts.get(rc(w), counts[w])
total = sum(chosen.values())
rest = sorted((t for t in chosen if t not in "ACGTN"), key=lambda t: (len(t), t))
tokens = ["A", "C", "G", "T", "N"] + rest
vocab = {"format": "motiftok-vocab", "version": 1, "motiftok": "bench", "options": {"source": "make_bench_data.py"},
         "alphabet": "ACGTN", "strand": "both", "classes": [],
         "tokens": [{"id": i, "token": t, "score": math.log(chosen[t] / total), "log_prob": math.log(chosen[t] / total),
                     "count": chosen[t], "seqs_per_class": []} for i, t in enumerate(tokens)]}
with open(os.path.join(a.out, "vocab.json"), "w") as f:
    json.dump(vocab, f)
print(f"vocab: {len(tokens)} tokens, max length {max(map(len, tokens))}")
