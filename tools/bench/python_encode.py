#!/usr/bin/python3
"""motiftok.Tokenizer.encode_batch vs SentencePiece's Python module (Debian python3-sentencepiece)
on the same 200 bp sequences, in one run; checks that the ids equal `motiftok tokenize -f ids`.

Data: 200 bp windows (stride 40) of ctcf_dragonn's pos.fa and neg.fa (1000 bp each), the first
--records of them; generated random DNA with planted motifs when the data folder is missing.
Vocabularies: motiftok.learn on the windows with their labels (--vocab-size entries, k up to
--k-max), and an spm unigram model of the same number of pieces, longest piece --k-max, trained on
the same windows. Both encode the whole list from Python to a list of ids per sequence; times are
wall-clock medians of --repeats runs, each tool at 1 and at 2 threads (spm's num_threads).

Usage (from the repository root, after building):
  PYTHONPATH=build/python nice -n 5 /usr/bin/python3 tools/bench/python_encode.py \
      --motiftok build/tools/motiftok --spm-sample 10000 --repeats 3
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import time

import motiftok
import numpy as np
import sentencepiece as spm

p = argparse.ArgumentParser()
p.add_argument("--motiftok", default="build/tools/motiftok", help="the CLI, for the ids check")
p.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data/ctcf_dragonn"))
p.add_argument("--records", type=int, default=100_000)
p.add_argument("--window", type=int, default=200)
p.add_argument("--stride", type=int, default=40)
p.add_argument("--vocab-size", type=int, default=1024)
p.add_argument("--k-max", type=int, default=16)
p.add_argument("--repeats", type=int, default=5)
p.add_argument("--spm-sample", type=int, default=0,
               help="train spm on a seeded sample of this many windows (0 = all; its trainer is slow)")
p.add_argument("--work", default="/tmp/motiftok-bench-python")
a = p.parse_args()
os.makedirs(a.work, exist_ok=True)


def windows(path, label):
    _, seqs = motiftok.read_sequences(path)
    return [(s[i:i + a.window], label) for s in seqs
            for i in range(0, len(s) - a.window + 1, a.stride)]


def generated(n):
    rng = random.Random(1)
    motifs = ["CCGCGTGGCGCTA", "CACGTGACGTCA", "TGTAAATATTTACA"]
    out = []
    for i in range(n):
        s = list(rng.choices("ACGT", k=a.window))
        if i % 2 == 0:
            m = rng.choice(motifs)
            k = rng.randrange(a.window - len(m))
            s[k:k + len(m)] = m
        out.append(("".join(s), "pos" if i % 2 == 0 else "neg"))
    return out


if os.path.isdir(a.data):
    source = f"ctcf_dragonn {a.window} bp windows, stride {a.stride}"
    pairs = windows(os.path.join(a.data, "pos.fa"), "pos") + windows(os.path.join(a.data, "neg.fa"), "neg")
    random.Random(1).shuffle(pairs)
else:
    source = "generated random DNA with planted motifs"
    pairs = generated(a.records)
pairs = pairs[:a.records]
seqs = [s for s, _ in pairs]
labels = [label for _, label in pairs]
bases = sum(map(len, seqs))

vocab_path = os.path.join(a.work, f"vocab_{len(seqs)}_{a.vocab_size}.json")
if not os.path.exists(vocab_path):
    motiftok.learn(seqs, labels, vocab_size=a.vocab_size, k_max=a.k_max, threads=2, output=vocab_path)
vocab = motiftok.Vocabulary.load(vocab_path)
tok = motiftok.Tokenizer(vocab)

spm_seqs = random.Random(1).sample(seqs, a.spm_sample) if 0 < a.spm_sample < len(seqs) else seqs
spm_prefix = os.path.join(a.work, f"spm_{len(seqs)}_{len(spm_seqs)}_{len(vocab)}")
if not os.path.exists(spm_prefix + ".model"):
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(spm_seqs), model_prefix=spm_prefix, model_type="unigram",
        vocab_size=len(vocab), split_by_whitespace=False, max_sentencepiece_length=a.k_max,
        character_coverage=1.0, num_threads=2, minloglevel=2, input_sentence_size=0)
sp = spm.SentencePieceProcessor(model_file=spm_prefix + ".model")

# The ids equal the CLI's on the same sequences.
fasta = os.path.join(a.work, "windows.fa")
with open(fasta, "w") as f:
    for i, s in enumerate(seqs):
        f.write(f">w{i}\n{s}\n")
cli = subprocess.run([a.motiftok, "tokenize", "--vocab", vocab_path, "-f", "ids", "-t", "2", "-q", fasta],
                     check=True, capture_output=True, text=True).stdout.splitlines()
ours = tok.encode_batch(seqs, threads=2)
identical = len(cli) == len(ours) and all(
    line.split("\t", 1)[1] == " ".join(map(str, ids.tolist())) for line, ids in zip(cli, ours))
if not identical:
    sys.exit("ids differ from `motiftok tokenize -f ids`")


def median_seconds(run):
    times = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


print(f"# {len(seqs)} sequences x {a.window} bp ({bases / 1e6:.1f} Mbp) from {source}")
print(f"# motiftok vocabulary {len(vocab)} entries (longest {max(map(len, vocab.tokens))}); "
      f"spm unigram {sp.get_piece_size()} pieces (longest {a.k_max}, trained on {len(spm_seqs)} of the windows); "
      f"{a.repeats} runs each, median; {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}")
print(f"# ids identical to `motiftok tokenize -f ids`: {identical}")
print(f"{'threads':>7} {'motiftok s':>11} {'spm s':>8} {'motiftok Mbp/s':>15} {'spm Mbp/s':>10} "
      f"{'ratio':>6} {'tokens/seq motiftok':>20} {'spm':>6}")
for threads in (1, 2):
    t_ours, ids = median_seconds(lambda: tok.encode_batch(seqs, threads=threads))
    t_spm, spm_ids = median_seconds(lambda: sp.encode(seqs, out_type=int, num_threads=threads))
    print(f"{threads:>7} {t_ours:>11.3f} {t_spm:>8.3f} {bases / t_ours / 1e6:>15.1f} "
          f"{bases / t_spm / 1e6:>10.1f} {t_spm / t_ours:>5.1f}x "
          f"{np.mean([len(x) for x in ids]):>20.1f} {np.mean([len(x) for x in spm_ids]):>6.1f}")
