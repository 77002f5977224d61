#!/usr/bin/python3
"""Helpers for tools/bench/classifier_bench.sh (benchmarks only, never run by motiftok).

  split OUTDIR SEED FRAC NAME=FASTA...   seeded stratified split per class: OUTDIR/NAME.train.fa, NAME.test.fa
  lr TRAIN_SPEC TEST_SPEC [forward]      logistic regression on k-mer counts (k = 1..6, both strands
                                         summed) from scikit-learn; TRAIN_SPEC/TEST_SPEC are
                                         comma-separated NAME=FASTA lists; prints metrics as JSON
  gkmlr TRAIN_SPEC TEST_SPEC [forward]   the same logistic regression on gapped k-mer counts (l = 8,
                                         k = 5: motiftok's --gkm auto features), L2-normalized; the
                                         "gkm term alone" control
  gkm POS_PRED NEG_PRED                  AUROC of gkm-SVM's own test predictions (id, score)
  planted OUT N LEN SEED                 N random sequences of LEN bp, half with an AP-1-like motif,
                                         as OUT.pos.fa / OUT.neg.fa (for the scale run)
  folds OUTDIR CVPRED POS NEG            gkm-SVM's own cross-validation folds (CVPRED: id, score,
                                         label, fold): OUTDIR/fold<F>.{pos,neg}.{train,test}.fa
  cvauc CVPRED PRED...                   AUROC of motiftok's held-out predictions (predict TSVs with
                                         p_pos; each a fold) next to gkm-SVM's on the same folds, with
                                         DeLong's test of the pooled difference
  gkmtest POS_PRED NEG_PRED PRED         test-set AUROC of motiftok (predict TSV with p_pos) and of
                                         gkm-SVM (its id/score files) on the same sequences, with
                                         DeLong's test of the difference (paired: same sequences)
"""
import itertools
import json
import random
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, average_precision_score, f1_score, matthews_corrcoef,
                             roc_auc_score)
from sklearn.preprocessing import normalize


def read_fasta(path):
    recs, name, seq = [], None, []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith(">"):
                if name is not None:
                    recs.append((name, "".join(seq)))
                name, seq = line[1:].split()[0] if len(line) > 1 else "", []
            elif line:
                seq.append(line)
    if name is not None:
        recs.append((name, "".join(seq)))
    return recs


def write_fasta(path, recs):
    with open(path, "w") as f:
        for name, seq in recs:
            f.write(">%s\n%s\n" % (name, seq))


def cmd_split(outdir, seed, frac, specs):
    rng = random.Random(int(seed))
    for spec in specs:
        name, path = spec.split("=", 1)
        recs = read_fasta(path)
        idx = list(range(len(recs)))
        rng.shuffle(idx)
        n_test = int(round(float(frac) * len(recs)))
        test = set(idx[:n_test])
        write_fasta("%s/%s.train.fa" % (outdir, name), [r for i, r in enumerate(recs) if i not in test])
        write_fasta("%s/%s.test.fa" % (outdir, name), [r for i, r in enumerate(recs) if i in test])


COMP = str.maketrans("ACGTN", "TGCAN")


def both_strands(seq):
    seq = seq.upper()
    return seq + " " + seq.translate(COMP)[::-1]


def load(spec, strand="both"):
    seqs, labels, names = [], [], []
    for part in spec.split(","):
        name, path = part.split("=", 1)
        if name not in names:
            names.append(name)
        for _, s in read_fasta(path):
            seqs.append(both_strands(s) if strand == "both" else s.upper())
            labels.append(names.index(name))
    return seqs, np.array(labels), names


def metrics(y, proba):
    pred = proba.argmax(1)
    out = {"n": int(len(y)), "accuracy": accuracy_score(y, pred), "mcc": matthews_corrcoef(y, pred),
           "macro_f1": f1_score(y, pred, average="macro")}
    if proba.shape[1] == 2:
        out["auroc"] = roc_auc_score(y, proba[:, 1])
        out["auprc"] = average_precision_score(y, proba[:, 1])
    else:
        out["auroc"] = roc_auc_score(y, proba, multi_class="ovr", average="macro")
        out["auprc"] = float(np.mean([average_precision_score(y == k, proba[:, k]) for k in range(proba.shape[1])]))
    return out


def lr_cv(Xtr, ytr, Xte, yte, n_classes, t0):
    """Logistic regression with C picked by 3-fold cross-validation on the training split only;
    test metrics, the C and the seconds since t0."""
    from sklearn.model_selection import cross_val_score
    scoring = "roc_auc_ovr" if n_classes > 2 else "roc_auc"
    best = None
    for C in (0.1, 1.0, 10.0):
        clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
        score = np.mean(cross_val_score(clf, Xtr, ytr, cv=3, scoring=scoring))
        if best is None or score > best[0]:
            best = (score, C)
    clf = LogisticRegression(C=best[1], max_iter=2000, class_weight="balanced").fit(Xtr, ytr)
    out = metrics(yte, clf.predict_proba(Xte))
    out["C"] = best[1]
    out["seconds"] = time.time() - t0
    return out


def load_split(train_spec, test_spec, strand):
    """The training and test texts and labels, with the same class names in the same order."""
    xtr, ytr, names = load(train_spec, strand)
    xte, yte, names_te = load(test_spec, strand)
    assert names == names_te, (names, names_te)
    return xtr, ytr, xte, yte, names


def cmd_lr(train_spec, test_spec, strand="both"):
    xtr, ytr, xte, yte, names = load_split(train_spec, test_spec, strand)
    t0 = time.time()
    vec = CountVectorizer(analyzer="char_wb", ngram_range=(1, 6), lowercase=False)
    Xtr = normalize(vec.fit_transform(xtr).astype(float))
    Xte = normalize(vec.transform(xte).astype(float))
    print(json.dumps(lr_cv(Xtr, ytr, Xte, yte, len(names), t0)))


def gkm_matrix(seqs, l=8, k=5):
    """Sparse counts of the gapped k-mers (l, k) of each text (strands separated by a space)."""
    from scipy.sparse import csr_matrix
    code = np.full(256, 4, dtype=np.int64)
    for i, b in enumerate(b"ACGT"):
        code[b] = i
    patterns = [p for p in itertools.combinations(range(l), k)]
    rows, cols = [], []
    for r, text in enumerate(seqs):
        for part in text.split(" "):
            x = code[np.frombuffer(part.encode(), dtype=np.uint8)]
            n = len(x) - l + 1
            if n <= 0:
                continue
            for pi, pat in enumerate(patterns):
                cols_p = np.zeros(n, dtype=np.int64)
                bad = np.zeros(n, dtype=bool)
                for j, off in enumerate(pat):
                    b = x[off:off + n]
                    bad |= b > 3
                    cols_p |= (b & 3) << (2 * j)
                cols_p = cols_p[~bad] + pi * (1 << (2 * k))
                cols.append(cols_p)
                rows.append(np.full(len(cols_p), r, dtype=np.int64))
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    m = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(seqs), len(patterns) << (2 * k)))
    m.sum_duplicates()
    return m


def cmd_gkmlr(train_spec, test_spec, strand="both"):
    xtr, ytr, xte, yte, names = load_split(train_spec, test_spec, strand)
    t0 = time.time()
    Xtr, Xte = normalize(gkm_matrix(xtr)), normalize(gkm_matrix(xte))
    print(json.dumps(lr_cv(Xtr, ytr, Xte, yte, len(names), t0)))


def cmd_gkm(pos, neg):
    scores, y = [], []
    for path, label in ((pos, 1), (neg, 0)):
        with open(path) as f:
            for line in f:
                if line.strip():
                    scores.append(float(line.split()[1]))
                    y.append(label)
    print(json.dumps({"n": len(y), "auroc": roc_auc_score(y, scores), "auprc": average_precision_score(y, scores)}))


def delong(y, a, b):
    """DeLong's test for two correlated AUROCs on the same labels y (0/1): returns (auroc_a,
    auroc_b, difference, its standard error, two-sided p). Ties count one half."""
    from scipy.stats import norm
    y = np.asarray(y, dtype=bool)
    comps = []
    for s in (np.asarray(a, dtype=float), np.asarray(b, dtype=float)):
        x, z = s[y][:, None], s[~y][None, :]
        psi = (x > z) + 0.5 * (x == z)
        comps.append((psi.mean(), psi.mean(1), psi.mean(0)))
    (a1, v10, v01), (a2, w10, w01) = comps
    cov = np.cov(np.vstack([v10, w10])) / y.sum() + np.cov(np.vstack([v01, w01])) / (~y).sum()
    se = float(np.sqrt(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]))
    d = float(a1 - a2)
    return float(a1), float(a2), d, se, float(2 * norm.sf(abs(d) / se)) if se > 0 else 1.0


def delong_json(prefix, y, a, b):
    a1, a2, d, se, p = delong(y, a, b)
    return {prefix + "difference": d, prefix + "difference_95ci": [d - 1.96 * se, d + 1.96 * se],
            prefix + "delong_p": p}


def read_pred_tsv(path, column="p_pos"):
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        col = header.index(column)
        return {parts[0]: float(parts[col]) for parts in (line.rstrip("\n").split("\t") for line in f)}


def cmd_gkmtest(pos, neg, pred):
    gkm, y = {}, {}
    for path, label in ((pos, 1), (neg, 0)):
        for line in open(path):
            if line.strip():
                gkm[line.split()[0]] = float(line.split()[1])
                y[line.split()[0]] = label
    ours = read_pred_tsv(pred)
    assert set(ours) == set(gkm), "predictions and gkm-SVM files cover different sequences"
    ids = sorted(ours)
    yy = [y[i] for i in ids]
    out = {"n": len(ids), "auroc": roc_auc_score(yy, [ours[i] for i in ids]),
           "gkm_auroc": roc_auc_score(yy, [gkm[i] for i in ids])}
    out.update(delong_json("", yy, [ours[i] for i in ids], [gkm[i] for i in ids]))
    print(json.dumps(out))


def cmd_planted(out, n, length, seed):
    rng = random.Random(int(seed))
    n, length = int(n), int(length)
    motifs = ["TGCTGAGTCAT", "ATGACTCAGCA"]
    with open(out + ".pos.fa", "w") as p, open(out + ".neg.fa", "w") as q:
        for i in range(n):
            s = "".join(rng.choice("ACGT") for _ in range(length))
            if i % 2 == 0:
                m = rng.choice(motifs)
                at = rng.randrange(length - len(m))
                s = s[:at] + m + s[at + len(m):]
                p.write(">p%d\n%s\n" % (i, s))
            else:
                q.write(">n%d\n%s\n" % (i, s))


def read_cvpred(path):
    rows = [line.split() for line in open(path) if line.strip()]
    return {r[0]: (float(r[1]), int(float(r[2]) > 0), r[3]) for r in rows}


def cmd_folds(outdir, cvpred, pos, neg):
    cv = read_cvpred(cvpred)
    folds = sorted({f for _, _, f in cv.values()})
    for name, path in (("pos", pos), ("neg", neg)):
        recs = read_fasta(path)
        missing = [r[0] for r in recs if r[0] not in cv]
        assert not missing, "ids not in %s: %s" % (cvpred, missing[:3])
        for f in folds:
            write_fasta("%s/fold%s.%s.train.fa" % (outdir, f, name), [r for r in recs if cv[r[0]][2] != f])
            write_fasta("%s/fold%s.%s.test.fa" % (outdir, f, name), [r for r in recs if cv[r[0]][2] == f])
    print(" ".join(folds))


def cmd_cvauc(cvpred, preds):
    cv = read_cvpred(cvpred)
    ours, per_fold = {}, []
    for path in preds:
        fold = read_pred_tsv(path)
        ours.update(fold)
        ids = sorted(fold)
        y = [cv[i][1] for i in ids]
        per_fold.append((roc_auc_score(y, [fold[i] for i in ids]), roc_auc_score(y, [cv[i][0] for i in ids])))
    ids = sorted(ours)
    assert len(ids) == len(cv), "predictions cover %d of %d sequences" % (len(ids), len(cv))
    y = [cv[i][1] for i in ids]
    out = {"n": len(ids), "auroc_pooled": roc_auc_score(y, [ours[i] for i in ids]),
           "gkm_auroc_pooled": roc_auc_score(y, [cv[i][0] for i in ids]),
           "auroc_fold_mean": float(np.mean([a for a, _ in per_fold])),
           "gkm_auroc_fold_mean": float(np.mean([b for _, b in per_fold])),
           "folds_won": int(sum(a > b for a, b in per_fold)), "folds": len(per_fold)}
    out.update(delong_json("pooled_", y, [ours[i] for i in ids], [cv[i][0] for i in ids]))
    print(json.dumps(out))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "split":
        cmd_split(args[0], args[1], args[2], args[3:])
    elif cmd == "lr":
        cmd_lr(*args)
    elif cmd == "gkmlr":
        cmd_gkmlr(*args)
    elif cmd == "gkm":
        cmd_gkm(*args)
    elif cmd == "gkmtest":
        cmd_gkmtest(*args)
    elif cmd == "planted":
        cmd_planted(*args)
    elif cmd == "folds":
        cmd_folds(*args)
    elif cmd == "cvauc":
        cmd_cvauc(args[0], args[1:])
    else:
        sys.exit(__doc__)
