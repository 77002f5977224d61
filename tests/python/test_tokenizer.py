"""motiftok.Vocabulary and motiftok.Tokenizer: the same ids as `motiftok tokenize`, round trips,
the lattice against a brute-force scan, numpy types, threads."""

import random

import numpy as np
import pytest

import motiftok
from conftest import normalized


@pytest.fixture(scope="module")
def vocab(data):
    return motiftok.Vocabulary.load(str(data / "vocab_small.json"))


@pytest.fixture(scope="module")
def tok(vocab):
    return motiftok.Tokenizer(vocab)


def random_seqs(n, seed, alphabet="ACGTacgtNRYu"):
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300))) for _ in range(n)]


def test_vocabulary_fields(vocab, data):
    import json

    j = json.loads((data / "vocab_small.json").read_text())
    assert len(vocab) == len(j["tokens"])
    assert vocab.tokens == [t["token"] for t in j["tokens"]]
    assert vocab.tokens[:5] == ["A", "C", "G", "T", "N"]
    assert vocab.info_gain.dtype == np.float64 and vocab.info_gain.shape == (len(vocab),)
    assert list(vocab.info_gain) == [t["info_gain"] for t in j["tokens"]]
    assert list(vocab.scores) == [t["score"] for t in j["tokens"]]
    assert vocab.classes == j["classes"]
    assert vocab.strand == j["strand"]
    t = vocab.tokens[7]
    assert t in vocab and vocab.id(t) == 7
    with pytest.raises(KeyError):
        vocab.id("ACGTACGTACGTACGTACGTACGTACGTACGTA")


def test_ids_equal_the_cli(tok, data, cli):
    """encode_batch over a FASTA read by read_sequences == `motiftok tokenize --format ids`."""
    fasta = data / "io" / "seqs.fa.gz"
    out = cli("tokenize", "--vocab", data / "vocab_small.json", "--format", "ids", "-t", "2",
              "-q", fasta)
    lines = [line.split("\t") for line in out.splitlines()]
    ids, seqs = motiftok.read_sequences(str(fasta))
    assert ids == [name for name, _ in lines]
    batch = tok.encode_batch(seqs, threads=2)
    assert len(batch) == len(lines) == 150
    for got, (_, text) in zip(batch, lines):
        assert got.tolist() == [int(x) for x in text.split()]


def test_round_trip(tok):
    for seq in random_seqs(200, seed=3):
        tokens = tok.encode(seq)
        assert "".join(tokens) == normalized(seq)
        ids = tok.encode_ids(seq)
        assert tok.decode(ids) == normalized(seq)
        assert [tok.id_to_token(i) for i in ids] == tokens
    assert tok.decode([]) == ""
    assert tok.decode(np.array([0, 1, 2, 3, 4], dtype=np.int64)) == "ACGTN"


def test_bytes_and_str_agree(tok):
    seq = "ACGTTGCAnnACGUrygatc" * 5
    assert tok.encode_ids(seq).tolist() == tok.encode_ids(seq.encode()).tolist()


def test_numpy_types_and_shapes(tok):
    ids = tok.encode_ids("ACGTACGTAC")
    assert isinstance(ids, np.ndarray) and ids.dtype == np.int32 and ids.ndim == 1
    empty = tok.encode_ids("")
    assert empty.dtype == np.int32 and empty.shape == (0,)
    batch = tok.encode_batch(["ACGT", "", "GGGGCCCC"])
    assert isinstance(batch, list) and len(batch) == 3
    assert all(a.dtype == np.int32 and a.ndim == 1 for a in batch)
    assert batch[1].shape == (0,)
    starts, lengths, lat_ids = tok.lattice("ACGTACGT")
    assert (starts.dtype, lengths.dtype, lat_ids.dtype) == (np.int64, np.int32, np.int32)
    assert starts.shape == lengths.shape == lat_ids.shape


def test_batch_equals_single_and_threads_agree(tok):
    seqs = random_seqs(500, seed=5)
    one = tok.encode_batch(seqs, threads=1)
    two = tok.encode_batch(seqs, threads=2)
    every = tok.encode_batch(seqs)  # threads=0: every core
    for s, a, b, c in zip(seqs, one, two, every):
        single = tok.encode_ids(s).tolist()
        assert a.tolist() == single and b.tolist() == single and c.tolist() == single


def test_lattice_is_every_occurrence(tok, vocab):
    """The lattice equals a brute-force scan of every token at every position."""
    for seq in random_seqs(20, seed=11, alphabet="ACGTN"):
        starts, lengths, ids = tok.lattice(seq)
        got = list(zip(starts.tolist(), lengths.tolist(), ids.tolist()))
        want = [(i, len(t), k) for i in range(len(seq)) for k, t in enumerate(vocab.tokens)
                if seq.startswith(t, i)]
        assert got == sorted(want)


def test_encode_rejects_what_the_reader_rejects(tok):
    with pytest.raises(ValueError, match=r"position 5: 'X' is not a nucleotide code"):
        tok.encode("ACGTXACGT")
    with pytest.raises(ValueError, match=r"sequences\[1\], position 3: '-'"):
        tok.encode_batch(["ACGT", "AC-GT", "ACGT"], threads=2)
    with pytest.raises(ValueError, match="position 2"):
        tok.encode_ids("A\nC")
    with pytest.raises(ValueError, match="position 1"):
        tok.lattice("*")


def test_type_and_argument_errors(tok):
    with pytest.raises(TypeError):
        tok.encode_batch("ACGT")  # one sequence, not a list
    with pytest.raises(TypeError, match="str or bytes"):
        tok.encode_batch(["ACGT", 5])
    with pytest.raises(ValueError, match="threads"):
        tok.encode_batch(["ACGT"], threads=-1)
    with pytest.raises(ValueError, match="id 100000 at index 1"):
        tok.decode([0, 100000])
    with pytest.raises(ValueError, match="one-dimensional"):
        tok.decode(np.zeros((2, 2), dtype=np.int32))


def test_file_errors_are_oserrors(tmp_path):
    missing = tmp_path / "missing.json"
    with pytest.raises(OSError, match="missing.json"):
        motiftok.Vocabulary.load(str(missing))
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}')
    with pytest.raises(motiftok.InputError, match="bad.json"):
        motiftok.Tokenizer.load(str(bad))
    fasta = tmp_path / "x.fa"
    fasta.write_text(">r1\nACGT\n>r2\nAC7T\n")
    with pytest.raises(OSError, match=r"x.fa: record 2 \('r2'\), position 3"):
        motiftok.read_sequences(str(fasta))
    assert issubclass(motiftok.InputError, OSError)
    assert issubclass(motiftok.ConfigError, ValueError)
    assert issubclass(motiftok.DataError, ValueError)
