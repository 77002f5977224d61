"""motiftok.learn, motiftok.train and motiftok.Classifier: the same files as the CLI with the same
options (so the keyword defaults are the CLI's), lists and files agree, threads agree, numpy
shapes, errors, and nothing printed unless asked."""

import json

import numpy as np
import pytest

import motiftok

# Small settings keep the tests fast; each is passed identically to the CLI and to Python.
LEARN = {"vocab_size": 48, "k_max": 10, "max_iter": 5}
TRAIN = {"dim": 8, "heads": 2, "hidden": 8, "epochs": 3}


def cli_flags(options):
    return [x for k, v in options.items() for x in ("--" + k.replace("_", "-"), v)]


@pytest.fixture(scope="module")
def classes(data):
    return {"pos": str(data / "learn_pos.fa"), "neg": str(data / "learn_neg.fa")}


@pytest.fixture(scope="module")
def lists(classes):
    seqs, labels = [], []
    for name, path in classes.items():
        _, s = motiftok.read_sequences(path)
        seqs += s
        labels += [name] * len(s)
    return seqs, labels


@pytest.fixture(scope="module")
def vocab(classes):
    return motiftok.learn(class_files=classes, threads=2, **LEARN)


@pytest.fixture(scope="module")
def model(vocab, classes):
    return motiftok.train(vocab, class_files=classes, threads=2, **TRAIN)


def test_learn_defaults_write_the_cli_bytes(classes, cli, tmp_path):
    """No options on either side: the same vocab.json bytes, so every default is the CLI's."""
    cli("learn", "-q", "-t", "2", "-c", "pos=" + classes["pos"], "-c", "neg=" + classes["neg"],
        "-o", tmp_path / "cli.json")
    motiftok.learn(class_files=classes, threads=2, output=tmp_path / "py.json")
    assert (tmp_path / "py.json").read_bytes() == (tmp_path / "cli.json").read_bytes()


def test_learn_options_and_lists_match_the_cli(classes, lists, vocab, cli, tmp_path):
    cli("learn", "-q", "-t", "1", "-c", "pos=" + classes["pos"], "-c", "neg=" + classes["neg"],
        *cli_flags(LEARN), "-o", tmp_path / "cli.json")
    vocab.save(str(tmp_path / "files.json"))
    seqs, labels = lists
    motiftok.learn(seqs, labels, threads=1, output=str(tmp_path / "lists.json"), **LEARN)
    want = (tmp_path / "cli.json").read_bytes()
    assert (tmp_path / "files.json").read_bytes() == want
    assert (tmp_path / "lists.json").read_bytes() == want
    assert json.loads(want)["options"]["vocab_size"] == 48
    assert vocab.options["k_max"] == 10 and vocab.classes == ["pos", "neg"]


def test_train_defaults_write_the_cli_bytes(vocab, classes, cli, tmp_path):
    """Default classifier options (epochs aside, for time) on both sides: the same model.bin
    (with --pos-bins auto, the default: both candidates trained and the same one kept)."""
    vocab.save(str(tmp_path / "v.json"))
    cli("train", "-q", "-t", "2", "--vocab", tmp_path / "v.json", "-c", "pos=" + classes["pos"],
        "-c", "neg=" + classes["neg"], "--epochs", "2", "-o", tmp_path / "cli.bin")
    motiftok.train(str(tmp_path / "v.json"), class_files=classes, epochs=2, threads=1,
                   output=tmp_path / "py.bin")
    assert (tmp_path / "py.bin").read_bytes() == (tmp_path / "cli.bin").read_bytes()
    assert motiftok.Classifier.load(str(tmp_path / "py.bin")).options["pos_auto"] is True


def test_train_pos_bins_auto_by_default_a_number_forces_it(model, vocab, lists):
    """pos_bins is 'auto' by default (as --pos-bins; the defaults test above compares the bytes
    with the CLI's); an int forces it, anything else is a TypeError."""
    assert "pos_bins='auto'" in motiftok.train.__doc__
    seqs, labels = lists
    forced = motiftok.train(vocab, seqs, labels, epochs=1, threads=1, pos_bins=8)
    assert forced.options["pos_auto"] is False and forced.options["pos_bins"] == 8
    assert model.options["pos_auto"] is True and model.options["pos_bins"] in (8, 32)
    with pytest.raises(TypeError, match="pos_bins: must be an int or 'auto'"):
        motiftok.train(vocab, seqs, labels, pos_bins="eight")
    with pytest.raises(TypeError, match="conv_width: must be an int or 'auto'"):
        motiftok.train(vocab, seqs, labels, conv_width=9.0)


def test_predict_matches_the_cli(model, lists, classes, cli, tmp_path):
    model.save(str(tmp_path / "m.bin"))
    out = cli("predict", "-q", "--model", tmp_path / "m.bin", classes["pos"], classes["neg"])
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0][2:] == ["p_" + c for c in model.classes]
    want = np.array([[float(x) for x in r[2:]] for r in rows[1:]])
    seqs, _ = lists
    probs = model.predict(seqs, threads=2)
    assert probs.dtype == np.float64 and probs.shape == (len(seqs), len(model.classes))
    np.testing.assert_allclose(probs, want, rtol=1e-5, atol=1e-6)  # the CLI prints 6 digits
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-12)
    assert np.array_equal(probs, model.predict(seqs, threads=1))
    loaded = motiftok.Classifier.load(str(tmp_path / "m.bin"))
    assert np.array_equal(loaded.predict(seqs[:5]), probs[:5])


def test_explain_arrays(model, vocab, lists):
    seq = lists[0][0]
    e = model.explain(seq)
    n = len(e["ids"])
    assert n > 0
    assert e["attention"].shape == (n, model.options["heads"])
    for key in ("starts", "lengths", "ids", "scores", "delta"):
        assert e[key].shape == (n,)
    assert e["ids"].dtype == np.int32 and e["starts"].dtype == np.int64
    tokens = vocab.tokens
    for s, length, i in zip(e["starts"], e["lengths"], e["ids"]):
        assert seq[s:s + length] == tokens[i]
    np.testing.assert_allclose(e["attention"].sum(axis=0), 1.0, rtol=1e-9)  # softmax per head
    # explain computes in double, predict in float32
    np.testing.assert_allclose(e["probs"], model.predict([seq])[0], rtol=1e-6)
    assert e["predicted"] == int(np.argmax(e["probs"]))


def test_progress_callback_and_silence(classes, capfd):
    steps = []
    motiftok.learn(class_files=classes, threads=1, progress=steps.append, **LEARN)
    assert [s["iteration"] for s in steps] == list(range(1, len(steps) + 1))
    assert all(s["vocab_size"] >= 48 for s in steps)
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    motiftok.learn(class_files=classes, threads=1, verbose=True, **LEARN)
    out, err = capfd.readouterr()
    assert out == "" and "[motiftok] learn: iteration 1, vocab_size" in err


def test_progress_exception_stops_and_propagates(classes):
    def stop(step):
        raise RuntimeError(f"stopped at iteration {step['iteration']}")

    with pytest.raises(RuntimeError, match="stopped at iteration 1"):
        motiftok.learn(class_files=classes, threads=1, progress=stop, **LEARN)


def test_errors(classes, lists, vocab, tmp_path):
    seqs, labels = lists
    with pytest.raises(motiftok.ConfigError, match="`k_min`"):
        motiftok.learn(seqs, labels, k_min=8, k_max=4)
    with pytest.raises(TypeError, match="unexpected keyword argument 'vocabsize'"):
        motiftok.learn(seqs, labels, vocabsize=10)
    with pytest.raises(TypeError, match="vocab_size"):
        motiftok.learn(seqs, labels, vocab_size="big")
    with pytest.raises(ValueError, match="labels has 3 entries for 160 sequences"):
        motiftok.learn(seqs, labels[:3])
    with pytest.raises(ValueError, match=r"sequences\[2\], position 1"):
        motiftok.learn(["ACGT", "ACGT", "#"], ["a", "b", "a"])
    with pytest.raises(ValueError, match="not both"):
        motiftok.learn(seqs, labels, class_files=classes)
    with pytest.raises(ValueError, match="no data"):
        motiftok.learn()
    with pytest.raises(OSError, match="nope.fa"):
        motiftok.learn(files=[str(tmp_path / "nope.fa")])
    with pytest.raises(motiftok.DataError, match="two"):
        motiftok.train(vocab, seqs, ["one"] * len(seqs), epochs=1)
    with pytest.raises(motiftok.ConfigError, match="lattice"):
        motiftok.train(vocab, seqs, labels, lattice="some")
    with pytest.raises(motiftok.ConfigError, match="gkm_stack"):
        motiftok.train(vocab, seqs, labels, gkm_stack="maybe")
    with pytest.raises(OSError, match="missing.bin"):
        motiftok.Classifier.load(str(tmp_path / "missing.bin"))
