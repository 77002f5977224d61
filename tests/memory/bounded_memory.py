#!/usr/bin/env python3
"""Memory of `stats`, `count -k 12 -K 12` and `tokenize` on a large generated FASTA stays under a fixed
bound that does not depend on the input size (docs/input.md, "Memory on large inputs").

The FASTA (records of 1 Mbp, 100-column lines, random bases with lower-case and N runs) is
generated on the fly and piped to motiftok's standard input, never stored. Each command runs under
an address-space limit (RLIMIT_AS, what `ulimit -v` sets) and its peak RSS is read from wait4().
The same commands run on a small input first (MBP / 8), and the peak on the large input must stay
within the bound and not grow with the input beyond a small slack.

Usage: bounded_memory.py MOTIFTOK_BIN SOURCE_DIR [MBP [COUNT_MBP]]  (default 1000 = 1 Gbp each;
COUNT_MBP defaults to MBP)
"""
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

MB = 1 << 20
RECORD = 1_000_000  # bases per record
# Address-space limits (ulimit -v) per command, and the peak-RSS bound each must stay under.
# All three stream, so the bounds are fixed. count runs k = 12 alone (k = 1..12 takes minutes on
# 1 Gbp; its other arrays add a fixed 67 MB for one class): the 4^12 array (201 MB for one class),
# a batch and the encoded count file (docs/counting.md, "Memory").
LIMITS = {  # name: (RLIMIT_AS MiB, peak RSS bound MiB, + MiB per Mbp of input)
    "stats": (512, 64, 0),
    "tokenize": (1024, 256, 0),
    "count -k 12 -K 12": (1536, 400, 0),
}


def record_pool(seed):
    """16 distinct 1 Mbp records, already wrapped at 100 columns."""
    rng = random.Random(seed)
    table = bytes.maketrans(bytes(range(256)), bytes(b"ACGT"[i % 4] for i in range(256)))
    pool = []
    for r in range(16):
        seq = bytearray(rng.randbytes(RECORD).translate(table))
        for _ in range(20):  # soft-masked and N runs
            at = rng.randrange(RECORD - 5000)
            n = rng.randrange(100, 5000)
            seq[at:at + n] = seq[at:at + n].lower() if rng.random() < 0.8 else b"N" * n
        pool.append(b"\n".join(seq[i:i + 100] for i in range(0, RECORD, 100)) + b"\n")
    return pool


def generate(mbp):
    """Writes the FASTA to standard output (a separate process, so that the measured command is
    not forked from a process holding the record pool)."""
    pool = record_pool(2026)
    out = sys.stdout.buffer
    try:
        for r in range(mbp):
            out.write(b">r%d\n" % r)
            out.write(pool[r % len(pool)])
        out.flush()
    except BrokenPipeError:
        pass


def run(args, mbp, limit_mib):
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (limit_mib * MB, limit_mib * MB))

    start = time.monotonic()
    gen = subprocess.Popen([sys.executable, __file__, "--generate", str(mbp)],
                           stdout=subprocess.PIPE)
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(args, stdin=gen.stdout, stdout=out if "stats" in args else
                                subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limit)
        gen.stdout.close()
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        out.seek(0)
        text = out.read().decode()
    code = os.waitstatus_to_exitcode(status)
    gen.wait()
    if "stats" in args and f"\t{mbp * RECORD}\t" not in text:  # it read every base
        sys.exit(f"FAIL: stats on {mbp} Mbp did not report {mbp * RECORD} bp:\n{text}")
    if code != 0:
        sys.exit(f"FAIL: {' '.join(args)} on {mbp} Mbp exited {code} under "
                 f"ulimit -v {limit_mib} MiB:\n{err.decode(errors='replace')[-2000:]}")
    return usage.ru_maxrss / 1024, time.monotonic() - start  # MiB, seconds


def main():
    if sys.argv[1] == "--generate":
        generate(int(sys.argv[2]))
        return
    motiftok, src = sys.argv[1], sys.argv[2]
    mbp = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    count_mbp = int(sys.argv[4]) if len(sys.argv) > 4 else mbp
    failures = []
    with tempfile.TemporaryDirectory(prefix="motiftok-mem.") as tmp:
        vocab = os.path.join(src, "test_data", "vocab_small.json")
        commands = {
            "stats": ([motiftok, "stats", "-q", "-t", "2", "-"], mbp),
            "tokenize": ([motiftok, "tokenize", "-q", "-t", "2", "--vocab", vocab, "-f", "ids",
                          "-"], mbp),
            "count -k 12 -K 12": ([motiftok, "count", "-q", "-t", "2", "-k", "12", "-K", "12", "-o",
                             os.path.join(tmp, "c.mtc"), "-"], count_mbp),
        }
        for name, (args, size) in commands.items():
            limit, bound, per_base = LIMITS[name]
            small_size = max(1, size // 8)
            small, _ = run(args, small_size, limit)
            peak, seconds = run(args, size, limit)
            allowed = bound + per_base * size
            print(f"{name}: {size} Mbp in {seconds:.1f} s, peak RSS {peak:.0f} MiB "
                  f"({small_size} Mbp: {small:.0f} MiB), ulimit -v {limit} MiB, "
                  f"bound {allowed:.0f} MiB")
            if peak > allowed:
                failures.append(f"{name}: peak RSS {peak:.0f} MiB > bound {allowed:.0f} MiB")
            if per_base == 0 and peak > small * 1.25 + 32:
                failures.append(f"{name}: peak RSS grows with the input: {small:.0f} MiB on "
                                f"{small_size} Mbp, {peak:.0f} MiB on {size} Mbp")
    if failures:
        sys.exit("FAIL: " + "; ".join(failures))


if __name__ == "__main__":
    main()
