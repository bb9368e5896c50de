"""Deterministic training of the ``critic`` engine's weights (scikit-learn at training time only).

Usage::

    criticlens train-engine --snippets ../shared/corpora/rotten_tomatoes_snippets.csv.bz2 \
        [--out critic_weights.tsv.gz] [--dev ../shared/corpora/polarity_v2_fold1.csv.bz2]

or, from Python (e.g. a test retraining on a small slice)::

    from criticlens.sentiment.train import train
    info = train(snippets_path, "w.tsv.gz", seed=0, max_rows=2000)

scikit-learn is imported inside the functions that need it (``pip install criticlens[train]``);
nothing at run time imports this module.

Data (Pang and Lee 2004/2005 construction):

- polarity: Rotten Tomatoes ``fresh`` (1) vs ``rotten`` (0) snippets, one sentence each;
- judgement: the same snippets (1, subjective) vs the sentences of the ``plot`` synopses
  (0, objective), split with :func:`critic_engine.split_sentences`.

Model: for each task an NB-weighted logistic regression (NB-LR; Wang and Manning 2012's NB-SVM
with logistic loss) on binary unigram + bigram features with negation marking
(:func:`critic_engine.features`), features seen in >= ``MIN_DF`` training texts. The effective
linear weight of feature f is ``w_f * r_f`` (LR weight times NB log-count ratio). A Platt
sigmoid ``(a, c)`` is fitted on 10-fold out-of-fold scores with class-balanced sample weights,
so the shipped probability is calibrated *and* prior-neutral (snippets are 58% fresh, reviews
are judged 50/50); it is folded into the weights: ``w' = a w``, ``b' = a b + c``.

Determinism: rows are de-duplicated in file order, the vocabulary is sorted, folds use a fixed
seed, lbfgs is deterministic, weights are written rounded to ``SIG_DIGITS`` significant digits
in vocabulary order, and the gzip header carries no time stamp or file name, so the same data
gives a byte-identical weights file.
"""
from __future__ import annotations

import gzip
import io
import os
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from criticlens.sentiment.critic import (WEIGHTS_FORMAT, features, load_model, score_review,
                                         split_sentences)

#: columns the snippets CSV must have
SNIPPET_COLUMNS = ("movie_name", "category", "text")
#: categories read from it: fresh/rotten snippets (polarity) and plot synopses (objective)
SNIPPET_CATEGORIES = ("fresh", "rotten", "plot")

#: minimum number of training texts a feature must occur in
MIN_DF = 2
#: NB smoothing (Wang and Manning 2012: alpha = 1)
NB_ALPHA = 1.0
#: inverse L2 strength of the logistic regressions
C_POLARITY = 0.3
C_JUDGEMENT = 0.3
#: folds for the out-of-fold Platt calibration (and the CV in eval.py)
N_FOLDS = 10
#: significant digits of the written weights
SIG_DIGITS = 6


# --------------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------------
def load_snippets(path: str | os.PathLike[str], max_rows: int | None = None) -> dict:
    """Read the snippets CSV into the two labelled sentence sets.

    Returns ``{"polarity": (texts, y, groups), "judgement": (texts, y, groups)}`` with groups =
    movie names (for grouped CV), plus ``"skipped"``: the number of rows or sentences left out
    and why (empty text, another category, duplicates). ``max_rows`` keeps the first rows of
    the file (a test slice)."""
    import pandas as pd

    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"snippets file not found: {p}")
    d = pd.read_csv(p)
    missing = [c for c in SNIPPET_COLUMNS if c not in d.columns]
    if missing:
        raise ValueError(f"{p}: no column(s) {missing} (header is {list(d.columns)}); expected "
                         f"{list(SNIPPET_COLUMNS)}")
    if max_rows is not None:
        d = d.iloc[:max_rows]
    # rows not used, counted so the caller can report them (nothing is dropped silently)
    skipped = {"empty text": int(d["text"].isna().sum()),
               "other category": int((~d["category"].isin(SNIPPET_CATEGORIES)).sum())}
    d = d.dropna(subset=["text"])
    d = d.assign(text=d["text"].astype(str), movie_name=d["movie_name"].fillna("").astype(str))
    snip = d[d["category"].isin(["fresh", "rotten"])].drop_duplicates("text", keep="first")
    pol = (snip["text"].tolist(), (snip["category"] == "fresh").astype(int).to_numpy(),
           snip["movie_name"].tolist())
    plot_s, plot_g = [], []
    for text, movie in zip(d.loc[d["category"] == "plot", "text"],
                           d.loc[d["category"] == "plot", "movie_name"]):
        for s in split_sentences(text):
            plot_s.append(s)
            plot_g.append(movie)
    # de-duplicate plot sentences in order
    seen: set[str] = set()
    keep = [i for i, s in enumerate(plot_s) if not (s in seen or seen.add(s))]
    dup_plot = len(plot_s) - len(keep)
    plot_s = [plot_s[i] for i in keep]
    plot_g = [plot_g[i] for i in keep]
    subj = (pol[0] + plot_s, np.r_[np.ones(len(pol[0]), int), np.zeros(len(plot_s), int)],
            pol[2] + plot_g)
    n_snip = int(d["category"].isin(["fresh", "rotten"]).sum())
    skipped["duplicate snippet"] = n_snip - len(snip)
    skipped["duplicate plot sentence"] = dup_plot
    return {"polarity": pol, "judgement": subj, "skipped": skipped}


# --------------------------------------------------------------------------------------------
# features
# --------------------------------------------------------------------------------------------
def featurize(texts: Sequence[str], **kw) -> list[list[str]]:
    return [features(t, **kw) for t in texts]


def build_vocab(feats: Sequence[Sequence[str]], min_df: int = MIN_DF) -> list[str]:
    df = Counter(f for fs in feats for f in fs)
    return sorted(f for f, n in df.items() if n >= min_df)


def to_matrix(feats: Sequence[Sequence[str]], vocab: Sequence[str] | dict) -> sp.csr_matrix:
    index = vocab if isinstance(vocab, dict) else {f: i for i, f in enumerate(vocab)}
    indptr, indices = [0], []
    for fs in feats:
        indices.extend(sorted(index[f] for f in fs if f in index))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return sp.csr_matrix((data, np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
                         shape=(len(feats), len(index)))


# --------------------------------------------------------------------------------------------
# models
# --------------------------------------------------------------------------------------------
def nb_ratio(X: sp.csr_matrix, y: np.ndarray, alpha: float = NB_ALPHA) -> np.ndarray:
    """Wang and Manning (2012) log-count ratio r = log((p/|p|_1) / (q/|q|_1))."""
    p = alpha + np.asarray(X[y == 1].sum(axis=0)).ravel()
    q = alpha + np.asarray(X[y == 0].sum(axis=0)).ravel()
    return np.log(p / p.sum()) - np.log(q / q.sum())


def fit_linear(X: sp.csr_matrix, y: np.ndarray, *, C: float, nb: bool = True,
               balanced: bool = True) -> tuple[np.ndarray, float]:
    """Fit (NB-)LR; return the effective per-feature weights and the bias (logit space)."""
    from sklearn.linear_model import LogisticRegression

    r = nb_ratio(X, y) if nb else np.ones(X.shape[1])
    Xr = X @ sp.diags(r) if nb else X
    lr = LogisticRegression(C=C, solver="lbfgs", max_iter=2000, tol=1e-6,
                            class_weight="balanced" if balanced else None)
    lr.fit(Xr, y)
    return lr.coef_.ravel() * r, float(lr.intercept_[0])


def fold_ids(y: np.ndarray, n_folds: int = N_FOLDS, seed: int = 0,
             groups: Sequence[str] | None = None) -> np.ndarray:
    """Deterministic fold number per row: stratified, or grouped (by movie) when given."""
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    out = np.empty(len(y), dtype=int)
    if groups is None:
        split = StratifiedKFold(n_folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y)
    else:
        split = StratifiedGroupKFold(n_folds, shuffle=True, random_state=seed).split(
            np.zeros(len(y)), y, groups)
    for k, (_, te) in enumerate(split):
        out[te] = k
    return out


def cv_scores(feats: list[list[str]], y: np.ndarray, folds: np.ndarray, *, C: float,
              nb: bool = True, min_df: int = MIN_DF) -> np.ndarray:
    """Out-of-fold decision values (vocabulary and NB ratios refit inside each fold)."""
    oof = np.zeros(len(y))
    for k in np.unique(folds):
        tr, te = folds != k, folds == k
        vocab = build_vocab([feats[i] for i in np.flatnonzero(tr)], min_df)
        Xtr = to_matrix([feats[i] for i in np.flatnonzero(tr)], vocab)
        Xte = to_matrix([feats[i] for i in np.flatnonzero(te)], vocab)
        w, b = fit_linear(Xtr, y[tr], C=C, nb=nb)
        oof[te] = Xte @ w + b
    return oof


def fit_platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Class-balanced Platt scaling: p = sigmoid(a * s + c) (prior-neutral)."""
    from sklearn.linear_model import LogisticRegression

    sw = np.where(y == 1, 0.5 / max(y.mean(), 1e-9), 0.5 / max(1 - y.mean(), 1e-9))
    lr = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000)
    lr.fit(scores.reshape(-1, 1), y, sample_weight=sw)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def train_task(texts, y, groups, *, C: float, seed: int = 0, grouped: bool = False,
               min_df: int = MIN_DF) -> dict:
    """Fit one calibrated NB-LR task; returns vocab, weights, bias and its OOF accuracy."""
    feats = featurize(texts)
    folds = fold_ids(y, N_FOLDS if len(y) >= 200 else 3, seed, groups if grouped else None)
    oof = cv_scores(feats, y, folds, C=C, min_df=min_df)
    a, c = fit_platt(oof, y)
    vocab = build_vocab(feats, min_df)
    w, b = fit_linear(to_matrix(feats, vocab), y, C=C)
    return {"vocab": vocab, "w": a * w, "b": a * b + c, "platt": (a, c),
            "cv_acc": float(((oof > 0).astype(int) == y).mean()), "n": len(y)}


# --------------------------------------------------------------------------------------------
# weights file
# --------------------------------------------------------------------------------------------
def _fmt(x: float) -> str:
    s = f"{x:.{SIG_DIGITS}g}"
    return "0" if s in ("-0", "0") else s


def write_weights(path: str | os.PathLike[str], pol: dict, subj: dict, meta: dict) -> int:
    """Write the gzipped TSV: header lines ``#key\\tvalue``, then ``feature\\tw_pol\\tw_judg``
    over the sorted union vocabulary (a weight is 0 where the task lacks the feature).
    Returns the size in bytes."""
    wp = dict(zip(pol["vocab"], pol["w"]))
    ws = dict(zip(subj["vocab"], subj["w"]))
    buf = io.StringIO()
    buf.write(f"#format\t{WEIGHTS_FORMAT}\n")
    for k in sorted(meta):
        buf.write(f"#{k}\t{meta[k]}\n")
    buf.write(f"#bias\t{_fmt(pol['b'])}\t{_fmt(subj['b'])}\n")
    n = 0
    for f in sorted(set(wp) | set(ws)):
        a, b = _fmt(wp.get(f, 0.0)), _fmt(ws.get(f, 0.0))
        if a == "0" and b == "0":
            continue
        if "\t" in f or "\n" in f:  # cannot happen with critic_engine.features
            continue
        buf.write(f"{f}\t{a}\t{b}\n")
        n += 1
    raw = buf.getvalue().encode("utf-8")
    with open(path, "wb") as fh:
        # mtime=0 and no file name: byte-identical output for identical data
        with gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=9) as gz:
            gz.write(raw)
    return os.path.getsize(path)


def train(snippets_path: str | os.PathLike[str], out_path: str | os.PathLike[str], *,
          seed: int = 0, max_rows: int | None = None, verbose: bool = False) -> dict:
    """Train both tasks from the snippets CSV and write the weights file to ``out_path``.

    Returns a summary dict (sizes, CV accuracies of the OOF scores used for calibration)."""
    t0 = time.perf_counter()
    data = load_snippets(snippets_path, max_rows)
    pol = train_task(*data["polarity"], C=C_POLARITY, seed=seed)
    if verbose:
        print(f"polarity: n={pol['n']} vocab={len(pol['vocab'])} oof acc={pol['cv_acc']:.4f}")
    subj = train_task(*data["judgement"], C=C_JUDGEMENT, seed=seed, grouped=True)
    if verbose:
        print(f"judgement: n={subj['n']} vocab={len(subj['vocab'])} oof acc={subj['cv_acc']:.4f}")
    meta = {"seed": seed, "min_df": MIN_DF, "nb_alpha": NB_ALPHA, "c_polarity": C_POLARITY,
            "c_judgement": C_JUDGEMENT, "n_polarity": pol["n"], "n_judgement": subj["n"],
            "platt_polarity": f"{_fmt(pol['platt'][0])},{_fmt(pol['platt'][1])}",
            "platt_judgement": f"{_fmt(subj['platt'][0])},{_fmt(subj['platt'][1])}",
            "source": Path(snippets_path).name}
    size = write_weights(out_path, pol, subj, meta)
    return {"path": str(out_path), "bytes": size, "skipped": data["skipped"], "polarity_oof_acc": pol["cv_acc"],
            "judgement_oof_acc": subj["cv_acc"], "n_polarity": pol["n"],
            "n_judgement": subj["n"], "seconds": time.perf_counter() - t0}


def load_dev(path: str | os.PathLike[str]):
    """Read a Pang and Lee polarity-v2 style CSV (``review_id, verdict, text``; verdict
    ``positive``/``negative``). Raises ``ValueError`` naming the file for a missing column or an
    unknown verdict."""
    import pandas as pd

    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"dev file not found: {p}")
    dev = pd.read_csv(p)
    missing = [c for c in ("review_id", "verdict", "text") if c not in dev.columns]
    if missing:
        raise ValueError(f"{p}: no column(s) {missing} (header is {list(dev.columns)})")
    bad = sorted(set(dev["verdict"].astype(str)) - {"positive", "negative"})
    if bad:
        raise ValueError(f"{p}: verdict must be positive or negative, found {bad}")
    if dev["text"].isna().any():
        raise ValueError(f"{p}: {int(dev['text'].isna().sum())} review(s) without text")
    return dev


def dev_accuracy(weights_path: str | os.PathLike[str], dev_path: str | os.PathLike[str]) -> dict:
    """Verdict accuracy of a weights file on a dev CSV (:func:`load_dev`); ``mixed`` counts as
    wrong. Returns ``{"n", "accuracy", "mixed", "positive", "negative"}``."""
    model = load_model(weights_path)
    dev = load_dev(dev_path)
    verdicts = [score_review(model, str(t))[0] for t in dev["text"]]
    ok = [v == g for v, g in zip(verdicts, dev["verdict"])]
    return {"n": len(ok), "accuracy": float(np.mean(ok)), "mixed": verdicts.count("mixed"),
            "positive": verdicts.count("positive"), "negative": verdicts.count("negative")}
