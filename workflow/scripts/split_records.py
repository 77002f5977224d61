#!/usr/bin/env python3
"""Split one FASTA/FASTQ file (plain, gzip or bgzip) into shards of consecutive records.

Usage: split_records.py INPUT OUTDIR RECORDS_PER_SHARD [--gzip]

Writes OUTDIR/00000.fa, 00001.fa, ... (.fq for FASTQ; .gz appended with --gzip) holding the
records in input order, RECORDS_PER_SHARD each (the last one fewer). Lines are copied byte for
byte, so motiftok reads the same records from the shards as from the input; all checks of the
sequences themselves stay with motiftok. An input without records gives one empty shard.
FASTQ records may span several sequence/quality lines (the quality is read until it is as long
as the sequence). The shards are written to OUTDIR.tmp and renamed to OUTDIR at the end, so a
failed run leaves no partial output.
"""

import gzip
import os
import shutil
import sys


def open_input(path):
    with open(path, "rb") as f:
        magic = f.read(2)
    # bgzip is a series of gzip members; Python's gzip reads all members.
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")


def fasta_records(lines, first):
    record = [first]
    for line in lines:
        if line.startswith(b">"):
            yield record
            record = [line]
        else:
            record.append(line)
    yield record


def fastq_records(lines, first, path):
    header = first
    number = 0
    while header is not None:
        number += 1
        if not header.startswith(b"@"):
            sys.exit(f"{path}: FASTQ record {number}: expected a line starting with '@'")
        record = [header]
        seq_len = 0
        for line in lines:
            record.append(line)
            if line.startswith(b"+"):
                break
            seq_len += len(line.rstrip(b"\r\n"))
        else:
            sys.exit(f"{path}: FASTQ record {number}: no '+' line")
        qual_len = 0
        while qual_len < seq_len:
            line = next(lines, None)
            if line is None:
                sys.exit(f"{path}: FASTQ record {number}: quality shorter than the sequence")
            record.append(line)
            qual_len += len(line.rstrip(b"\r\n"))
        yield record
        header = next(lines, None)
        while header is not None and header.strip() == b"":
            header = next(lines, None)


def main():
    args = [a for a in sys.argv[1:] if a != "--gzip"]
    compress = "--gzip" in sys.argv[1:]
    if len(args) != 3:
        sys.exit(__doc__)
    path, outdir, per_shard = args[0], args[1], int(args[2])
    if per_shard < 1:
        sys.exit("RECORDS_PER_SHARD must be at least 1")
    tmp = outdir.rstrip("/") + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    with open_input(path) as f:
        lines = iter(f)
        first = next(lines, None)
        while first is not None and first.strip() == b"":
            first = next(lines, None)
        fastq = first is not None and first.startswith(b"@")
        suffix = (".fq" if fastq else ".fa") + (".gz" if compress else "")
        if first is None:
            records = iter(())
        elif fastq:
            records = fastq_records(lines, first, path)
        else:
            records = fasta_records(lines, first)
        shard, in_shard, out = 0, 0, None

        def open_shard(n):
            name = os.path.join(tmp, f"{n:05d}{suffix}")
            return gzip.open(name, "wb", compresslevel=1) if compress else open(name, "wb")

        for record in records:
            if out is None or in_shard == per_shard:
                if out is not None:
                    out.close()
                    shard += 1
                out, in_shard = open_shard(shard), 0
            out.writelines(record)
            in_shard += 1
        if out is None:
            out = open_shard(0)
        out.close()
    shutil.rmtree(outdir, ignore_errors=True)
    os.rename(tmp, outdir)


if __name__ == "__main__":
    main()
