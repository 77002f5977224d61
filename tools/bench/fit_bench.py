#!/usr/bin/python3
"""Helpers of tools/bench/fit_bench.sh (scikit-learn; /usr/bin/python3 + python3-sklearn).

  bot TRAIN TEST          bag-of-tokens logistic regression on `motiftok tokenize` output:
                          TRAIN/TEST are NAME=tokens.tsv,NAME=tokens.tsv (class order as given);
                          token counts per sequence, L2-normalized, C by 3-fold CV on TRAIN.
                          Prints {"auroc": ...}.
  subsample OUT SEED N IN write N records of IN (FASTA, gzip ok) drawn without replacement.
  summary RESULTS.tsv...  mean ± sd per (set, variant) of the AUROCs and seconds (several
                          results files are read as one; a later row for the same set, seed and
                          variant replaces an earlier one).
  accept FIT CONTROL RESULTS.tsv...
                          issue 11's acceptance figures per set: FIT − CONTROL (ig0), FIT − bases,
                          LR(FIT) − LR(CONTROL), each as the mean over the seeds both have, next to
                          the seed sd of each; then the means over the sets.
  table FIT CONTROL RESULTS.tsv...
                          per set: seeds of FIT, mean ± sd of FIT, CONTROL and bases (model AUROC)
                          and of the LR AUROC of FIT and CONTROL, each over its own seeds.
  kept FIT_DIR...         the kept round of each `motiftok fit` output directory (fit.tsv's last
                          row with best = 1), as SET.sSEED.VARIANT: ROUND.
"""
import gzip
import json
import random
import sys

import numpy as np


def read_fasta(path):
    opener = gzip.open if path.endswith(".gz") else open
    recs, name, seq = [], None, []
    with opener(path, "rt") as f:
        for line in f:
            line = line.strip()
            if line.startswith(">"):
                if name is not None:
                    recs.append((name, "".join(seq)))
                name, seq = line[1:].split()[0], []
            elif line:
                seq.append(line)
    if name is not None:
        recs.append((name, "".join(seq)))
    return recs


def load_tokens(spec):
    docs, labels, names = [], [], []
    for part in spec.split(","):
        name, path = part.split("=", 1)
        if name not in names:
            names.append(name)
        with open(path) as f:
            for line in f:
                _, toks = line.rstrip("\n").split("\t", 1)
                docs.append(toks)
                labels.append(names.index(name))
    return docs, np.array(labels), names


def cmd_bot(train_spec, test_spec):
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import cross_val_score
    from sklearn.preprocessing import normalize
    xtr, ytr, names = load_tokens(train_spec)
    xte, yte, names_te = load_tokens(test_spec)
    assert names == names_te
    vec = CountVectorizer(token_pattern=r"\S+", lowercase=False)
    Xtr = normalize(vec.fit_transform(xtr).astype(float))
    Xte = normalize(vec.transform(xte).astype(float))
    multi = len(names) > 2
    best = None
    for C in (0.1, 1.0, 10.0):
        clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
        s = np.mean(cross_val_score(clf, Xtr, ytr, cv=3, scoring="roc_auc_ovr" if multi else "roc_auc"))
        if best is None or s > best[0]:
            best = (s, C)
    clf = LogisticRegression(C=best[1], max_iter=3000, class_weight="balanced").fit(Xtr, ytr)
    p = clf.predict_proba(Xte)
    auc = roc_auc_score(yte, p, multi_class="ovr", average="macro") if multi else roc_auc_score(yte, p[:, 1])
    print(json.dumps({"auroc": auc, "C": best[1], "features": Xtr.shape[1]}))


def cmd_subsample(out, seed, n, path):
    recs = read_fasta(path)
    rng = random.Random(int(seed))
    idx = sorted(rng.sample(range(len(recs)), min(int(n), len(recs))))
    with open(out, "w") as f:
        for i in idx:
            f.write(">%s\n%s\n" % recs[i])


def read_results(paths):
    """{(set, variant): {seed: row}} in first-seen order of (set, variant)."""
    rows = {}
    for path in paths:
        with open(path) as f:
            header = f.readline().rstrip("\n").split("\t")
            for line in f:
                r = dict(zip(header, line.rstrip("\n").split("\t")))
                rows.setdefault((r["set"], r["variant"]), {})[r["seed"]] = r
    return rows


def cmd_summary(*paths):
    by_seed = read_results(paths)
    order = list(by_seed)
    rows = {k: list(v.values()) for k, v in by_seed.items()}

    def ms(vals):
        v = np.array([float(x) for x in vals if x not in ("", "nan")])
        if len(v) == 0:
            return "–"
        return "%.4f ± %.4f" % (v.mean(), v.std(ddof=1) if len(v) > 1 else 0.0)

    print("| set | variant | seeds | AUROC (model) | AUROC (bag-of-tokens LR) | seconds |")
    print("|---|---|---|---|---|---|")
    for key in order:
        rs = rows[key]
        secs = np.median([float(r["seconds"]) for r in rs])
        print("| %s | %s | %d | %s | %s | %.1f |" % (key[0], key[1], len(rs), ms(r["auroc"] for r in rs),
                                                    ms(r["lr_auroc"] for r in rs), secs))


def sets_in_order(rows):
    """The sets of `rows` (keyed by (set, variant)) in the order they first appear."""
    return list(dict.fromkeys(s for s, _ in rows))


def cmd_accept(fit, control, *paths):
    rows = read_results(paths)
    sets = sets_in_order(rows)

    def col(s, v, field):
        return {seed: float(r[field]) for seed, r in rows.get((s, v), {}).items()
                if r[field] not in ("", "nan")}

    def sd(vals):
        return float(np.std(vals, ddof=1)) if len(vals) > 1 else float("nan")

    print("| set | seeds | %s − %s | sd %s | sd %s | %s − bases | LR %s − LR %s |" %
          (fit, control, fit, control, fit, fit, control))
    print("|---|---|---|---|---|---|---|")
    means = {"ctl": [], "bases": [], "lr": []}
    for s in sets:
        f, c, b = col(s, fit, "auroc"), col(s, control, "auroc"), col(s, "bases", "auroc")
        lf, lc = col(s, fit, "lr_auroc"), col(s, control, "lr_auroc")
        if not f:
            continue
        def diff(a, b):
            both = sorted(set(a) & set(b))
            return (np.mean([a[k] for k in both]) - np.mean([b[k] for k in both])) if both else float("nan")
        d_c, d_b, d_l = diff(f, c), diff(f, b), diff(lf, lc)
        means["ctl"].append(d_c), means["bases"].append(d_b), means["lr"].append(d_l)
        print("| %s | %d | %+.4f | %.4f | %.4f | %+.4f | %+.4f |" %
              (s, len(set(f) & set(c)), d_c, sd(list(f.values())), sd(list(c.values())), d_b, d_l))
    print("| mean over %d sets | | %+.4f | | | %+.4f | %+.4f |" %
          (len(means["ctl"]), np.nanmean(means["ctl"]), np.nanmean(means["bases"]), np.nanmean(means["lr"])))


def cmd_table(fit, control, *paths):
    rows = read_results(paths)
    sets = sets_in_order(rows)

    def ms(s, v, field):
        vals = [float(r[field]) for r in rows.get((s, v), {}).values() if r[field] not in ("", "nan")]
        if not vals:
            return "–", 0
        sd = np.std(vals, ddof=1) if len(vals) > 1 else 0.0
        return "%.4f ± %.4f" % (np.mean(vals), sd), len(vals)

    print("| set | seeds %s / %s / bases | %s | %s | bases | LR %s | LR %s |" %
          (fit, control, fit, control, fit, control))
    print("|---|---|---|---|---|---|---|")
    for s in sets:
        (f, nf), (c, nc), (b, nb) = ms(s, fit, "auroc"), ms(s, control, "auroc"), ms(s, "bases", "auroc")
        if nf == 0:
            continue
        print("| %s | %d / %d / %d | %s | %s | %s | %s | %s |" %
              (s, nf, nc, nb, f, c, b, ms(s, fit, "lr_auroc")[0], ms(s, control, "lr_auroc")[0]))


def cmd_kept(*dirs):
    import os
    for d in dirs:
        kept = None
        with open(os.path.join(d, "fit.tsv")) as f:
            next(f)
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if cols[-1] == "1":
                    kept = cols[0]
        print("%s: %s" % (os.path.basename(d.rstrip("/")), kept))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"bot": cmd_bot, "subsample": cmd_subsample, "summary": cmd_summary,
     "accept": cmd_accept, "table": cmd_table, "kept": cmd_kept}[cmd](*args)
