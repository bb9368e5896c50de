"""Distinctive terms (keyness): which terms set one critic apart from the others.

Two published statistics, each as a small pure function, plus corpus-level drivers:

- :func:`log_odds_z`: the log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi
  and Quinn (2008), "Fightin' Words: Lexical Feature Selection and Evaluation for Identifying the
  Content of Political Conflict", *Political Analysis* 16(4), eq. 16-22. For term ``w``, critic
  ``i`` with counts ``y_iw`` (total ``n_i``), comparison ``j``, and prior pseudo-counts ``α_w``
  (total ``α_0``)::

      δ_w = log[(y_iw+α_w) / (n_i+α_0−y_iw−α_w)] − log[(y_jw+α_w) / (n_j+α_0−y_jw−α_w)]
      Var(δ_w) ≈ 1/(y_iw+α_w) + 1/(y_jw+α_w)
      z_w = δ_w / √Var(δ_w)

  The prior shrinks the log-odds of rare terms towards zero, so a word used once by one critic
  and never by the others does not top the list just because a ratio with zero is infinite.

- :func:`log_likelihood`: the log-likelihood (G²) keyness of Rayson and Garside (2000),
  "Comparing corpora using frequency profiling", *Proc. Workshop on Comparing Corpora*, ACL.
  With ``a``, ``b`` the term's frequency in corpus 1 and 2 and ``c``, ``d`` the corpus sizes,
  ``E1 = c(a+b)/(c+d)``, ``E2 = d(a+b)/(c+d)``, ``LL = 2[a ln(a/E1) + b ln(b/E2)]`` (0 ln 0 = 0).
  LL says how much *evidence* there is of a difference; :func:`log_ratio` (Hardie 2014, "Log
  Ratio: an informal introduction", CASS blog) says how *big* it is: the binary log of the ratio
  of relative frequencies, 1 = twice as frequent.

What the scores can and cannot mean
-----------------------------------
Both statistics treat each running word as an independent draw. Words in a review are not
independent (a critic who names "Cindy" once names her again), and with a few short reviews
the counts are tiny: a term used four times by one critic and never by two others is "key" at
p < 0.05 by LL, but that is a statement about these few hundred words, not about the critic's
style. The significance levels below are per term; across hundreds of terms some will pass by
chance (no multiple-comparison correction is applied). Read the scores as a ranking of what to
look at in context (:func:`criticlens.vocab.kwic`), not as findings.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

# --- significance thresholds -----------------------------------------------------------------
#: Critical values of chi-square with 1 degree of freedom, as tabulated by Rayson's
#: log-likelihood calculator (UCREL): LL above these is significant at the named level.
LL_P05 = 3.84
LL_P01 = 6.63
LL_P001 = 10.83
LL_P0001 = 15.13
#: (threshold, label) from the strictest down, used to label the ``significance`` column.
LL_LEVELS: tuple[tuple[float, str], ...] = (
    (LL_P0001, "p<0.0001"),
    (LL_P001, "p<0.001"),
    (LL_P01, "p<0.01"),
    (LL_P05, "p<0.05"),
)
#: Two-sided standard-normal critical values for the same levels (|z| > 1.96 is p < 0.05, ...);
#: z² is chi-square(1), so these are √ of the LL thresholds to two decimals.
Z_LEVELS: tuple[tuple[float, str], ...] = (
    (3.89, "p<0.0001"),
    (3.29, "p<0.001"),
    (2.58, "p<0.01"),
    (1.96, "p<0.05"),
)
NOT_SIGNIFICANT = "n.s."

#: Hardie (2014): a zero frequency is replaced by this before taking Log Ratio, so that a term
#: absent from one side gets a finite (and conservative) effect size.
LOG_RATIO_ZERO = 0.5
#: Pseudo-count given to a term missing from a background prior, so every δ is defined.
PRIOR_FLOOR = 0.01
#: Rates in result frames are per this many words.
RATE_PER = 1000

Method = Literal["log_odds", "log_likelihood"]
Mode = Literal["one_vs_rest", "pairwise"]

RESULT_COLUMNS = ["critic", "other", "term", "count", "rate", "other_count", "other_rate",
                  "score", "effect_size", "significance", "method"]


def empty_result() -> pd.DataFrame:
    """A keyness result with no rows and the columns :data:`RESULT_COLUMNS` (what
    :func:`keyness` returns for a film with one critic: nothing to compare)."""
    return pd.DataFrame({c: pd.Series(dtype=("int64" if c in ("count", "other_count") else
                                             "float64" if c in ("rate", "other_rate", "score",
                                                                "effect_size") else object))
                         for c in RESULT_COLUMNS})


# --- the two published statistics ------------------------------------------------------------

def _as_counter(counts: Mapping[Any, float] | pd.Series, name: str) -> dict[Any, float]:
    if isinstance(counts, pd.Series):
        counts = counts.to_dict()
    out: dict[Any, float] = {}
    for term, v in counts.items():
        v = float(v)
        if not math.isfinite(v) or v < 0:
            raise ValueError(f"{name}: count for {term!r} must be a finite number >= 0, got {v}")
        out[term] = v
    return out


def log_odds_z(
    counts_i: Mapping[Any, float] | pd.Series,
    counts_j: Mapping[Any, float] | pd.Series,
    prior: Mapping[Any, float] | pd.Series,
    *,
    return_delta: bool = False,
) -> pd.Series | pd.DataFrame:
    """z-scores of the log-odds ratio with informative Dirichlet prior (Monroe et al. 2008).

    ``counts_i``, ``counts_j``: term -> count for the two sides (e.g. one critic and the rest).
    ``prior``: term -> pseudo-count α_w (see :func:`dirichlet_prior`); ``α_0`` is the sum of all
    its values, including terms neither side uses. ``n_i``, ``n_j`` are the sums of the counts.

    Returns a Series of z indexed by every term used by either side (sorted), positive where
    ``i`` uses the term more than ``j``. With ``return_delta=True`` returns a frame with columns
    ``delta``, ``var`` and ``z``. Raises ``ValueError`` if a used term has no positive prior
    (δ would be undefined) or a count is negative.
    """
    ci = _as_counter(counts_i, "counts_i")
    cj = _as_counter(counts_j, "counts_j")
    pr = _as_counter(prior, "prior")
    terms = sorted(set(ci) | set(cj), key=str)
    missing = [t for t in terms if pr.get(t, 0.0) <= 0]
    if missing:
        raise ValueError(f"prior has no positive pseudo-count for {len(missing)} used term(s), "
                         f"e.g. {missing[:5]!r}; build it with dirichlet_prior(..., vocabulary=...)")
    yi = np.array([ci.get(t, 0.0) for t in terms])
    yj = np.array([cj.get(t, 0.0) for t in terms])
    a = np.array([pr[t] for t in terms])
    n_i, n_j, a0 = sum(ci.values()), sum(cj.values()), sum(pr.values())
    delta = (np.log((yi + a) / (n_i + a0 - yi - a))
             - np.log((yj + a) / (n_j + a0 - yj - a)))
    var = 1.0 / (yi + a) + 1.0 / (yj + a)
    z = delta / np.sqrt(var)
    idx = pd.Index(terms, name="term")
    if return_delta:
        return pd.DataFrame({"delta": delta, "var": var, "z": z}, index=idx)
    return pd.Series(z, index=idx, name="z")


def dirichlet_prior(
    background: Mapping[Any, float] | pd.Series,
    *,
    alpha0: float | None = None,
    vocabulary: Iterable[Any] = (),
    floor: float = PRIOR_FLOOR,
) -> dict[Any, float]:
    """Informative Dirichlet prior α_w from background counts (Monroe et al. 2008, §3.5).

    ``α_w = alpha0 · f_w / Σf``: the background distribution scaled to total ``alpha0``. With
    ``alpha0=None`` the raw counts are used (``α_0 = Σf``), the common choice when the background
    is the pooled corpus under study. Terms of ``vocabulary`` absent from the background get
    ``floor`` so that their δ is defined (a user background corpus never covers every word).
    """
    bg = _as_counter(background, "background")
    total = sum(bg.values())
    if total <= 0:
        raise ValueError("background corpus is empty: no counts to build a prior from")
    if alpha0 is not None and not alpha0 > 0:
        raise ValueError(f"alpha0 must be > 0, got {alpha0}")
    scale = 1.0 if alpha0 is None else alpha0 / total
    prior = {t: v * scale for t, v in bg.items() if v > 0}
    for t in vocabulary:
        if prior.get(t, 0.0) <= 0:
            prior[t] = floor
    return prior


def _broadcast(*xs: Any) -> tuple[np.ndarray, ...]:
    arrs = np.broadcast_arrays(*[np.asarray(x, dtype=float) for x in xs])
    return tuple(np.array(a, dtype=float) for a in arrs)


def _wrap(result: np.ndarray, like: tuple[Any, ...], name: str) -> Any:
    for x in like:
        if isinstance(x, pd.Series):
            return pd.Series(result, index=x.index, name=name)
    if result.ndim == 0:
        return float(result)
    return result


def log_likelihood(a: Any, b: Any, c: Any, d: Any) -> Any:
    """Log-likelihood keyness G² (Rayson and Garside 2000), vectorised.

    ``a``, ``b``: the term's frequency in corpus 1 and corpus 2; ``c``, ``d``: the two corpus
    sizes (tokens). Scalars, arrays or Series broadcast together; a Series in gives a Series
    out (its index), arrays give arrays, scalars a float. ``0 · ln 0`` is taken as 0. LL is
    non-negative and non-directional: compare ``a/c`` with ``b/d`` (or use :func:`log_ratio`)
    for the direction. Raises ``ValueError`` for negative counts, a frequency larger than its
    corpus, or an empty corpus.
    """
    A, B, C, D = _broadcast(a, b, c, d)
    if (A < 0).any() or (B < 0).any():
        raise ValueError("frequencies a and b must be >= 0")
    if (C <= 0).any() or (D <= 0).any():
        raise ValueError("corpus sizes c and d must be > 0")
    if (A > C).any() or (B > D).any():
        raise ValueError("a frequency exceeds its corpus size (a > c or b > d)")
    N = C + D
    E1 = C * (A + B) / N
    E2 = D * (A + B) / N
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(A > 0, A * np.log(np.where(A > 0, A, 1.0) / np.where(E1 > 0, E1, 1.0)), 0.0)
        t2 = np.where(B > 0, B * np.log(np.where(B > 0, B, 1.0) / np.where(E2 > 0, E2, 1.0)), 0.0)
    ll = 2.0 * (t1 + t2)
    return _wrap(ll, (a, b, c, d), "log_likelihood")


def log_ratio(a: Any, b: Any, c: Any, d: Any, *, zero: float = LOG_RATIO_ZERO) -> Any:
    """Log Ratio effect size (Hardie 2014): ``log2((a/c) / (b/d))``, vectorised like LL.

    A zero frequency on either side is replaced by ``zero`` (0.5, as in CQPweb) so that the
    value stays finite; 0 means equal relative frequency, +1 twice as frequent in corpus 1,
    -1 half as frequent.
    """
    A, B, C, D = _broadcast(a, b, c, d)
    if (C <= 0).any() or (D <= 0).any():
        raise ValueError("corpus sizes c and d must be > 0")
    A = np.where(A == 0, zero, A)
    B = np.where(B == 0, zero, B)
    return _wrap(np.log2((A / C) / (B / D)), (a, b, c, d), "log_ratio")


def significance_label(score: Any, *, method: Method = "log_likelihood") -> np.ndarray:
    """Label scores with the strictest level they pass: ``p<0.0001`` ... ``p<0.05`` or ``n.s.``.

    For ``log_likelihood`` the score is LL (thresholds :data:`LL_LEVELS`); for ``log_odds`` the
    absolute z is compared with :data:`Z_LEVELS`.
    """
    s = np.asarray(score, dtype=float)
    levels = LL_LEVELS if method == "log_likelihood" else Z_LEVELS
    if method == "log_odds":
        s = np.abs(s)
    out = np.full(s.shape, NOT_SIGNIFICANT, dtype=object)
    for thr, lab in reversed(levels):  # loosest first, stricter ones overwrite
        out[s > thr] = lab
    return out


# --- corpus drivers ----------------------------------------------------------------------------

def _compare(
    critic: str, other: str, ci: Counter, cj: Counter, *, method: Method,
    prior: Mapping[Any, float] | None, min_count: int,
) -> pd.DataFrame:
    terms = sorted(set(ci) | set(cj), key=str)
    n_i, n_j = sum(ci.values()), sum(cj.values())
    if n_i == 0 or n_j == 0:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    yi = np.array([ci.get(t, 0) for t in terms], dtype=float)
    yj = np.array([cj.get(t, 0) for t in terms], dtype=float)
    if method == "log_odds":
        assert prior is not None
        res = log_odds_z(ci, cj, prior, return_delta=True)
        score = res["z"].to_numpy()
        effect = res["delta"].to_numpy()
    elif method == "log_likelihood":
        ll = log_likelihood(yi, yj, n_i, n_j)
        effect = log_ratio(yi, yj, n_i, n_j)
        # signed like z: LL is positive evidence, the sign says which side uses the term more
        score = np.where(yi / n_i >= yj / n_j, ll, -ll)
    else:
        raise ValueError(f"unknown method {method!r}; choose 'log_odds' or 'log_likelihood'")
    df = pd.DataFrame({
        "critic": critic, "other": other, "term": terms,
        "count": yi.astype(int), "rate": yi / n_i * RATE_PER,
        "other_count": yj.astype(int), "other_rate": yj / n_j * RATE_PER,
        "score": score, "effect_size": effect,
        "significance": significance_label(score if method == "log_odds" else np.abs(score),
                                           method=method),
        "method": method,
    })
    if min_count > 1:
        df = df[(df["count"] + df["other_count"]) >= min_count]
    return df


def keyness(
    counts: pd.DataFrame,
    *,
    method: Method = "log_odds",
    mode: Mode = "one_vs_rest",
    background: Mapping[Any, float] | pd.Series | None = None,
    alpha0: float | None = None,
    min_count: int = 1,
    order: list[str] | None = None,
) -> pd.DataFrame:
    """Distinctive terms for every critic from a term-count frame (columns critic, term, count).

    ``mode="one_vs_rest"`` compares each critic with all the others pooled (``other`` =
    ``"rest"``); ``"pairwise"`` compares every ordered pair of critics. For ``log_odds`` the
    prior is the pooled counts of all critics (``background=None``) or a background corpus the
    user gives (term -> count), scaled to ``alpha0`` if set (see :func:`dirichlet_prior`).
    ``min_count`` drops terms used fewer times than this by the two sides together.

    Returns one row per (critic, other, term) with columns :data:`RESULT_COLUMNS`: ``count``
    and ``rate`` (per :data:`RATE_PER` words) for the critic, the same for the comparison side,
    ``score`` (z for log-odds; signed LL for log-likelihood, positive = the critic uses the term
    more), ``effect_size`` (δ, natural-log odds ratio, for log-odds; Log Ratio, log2, for LL),
    and ``significance``. Sorted by critic (in ``order``) then score descending.

    With fewer than two critics there is nothing to compare: the result is empty (no rows,
    the columns :data:`RESULT_COLUMNS`), not an error (:func:`empty_result`).
    """
    need = {"critic", "term", "count"}
    if not need <= set(counts.columns):
        raise ValueError(f"counts needs columns {sorted(need)}, has {list(counts.columns)}")
    if order is None:
        order = list(dict.fromkeys(counts["critic"].tolist()))
    per: dict[str, Counter] = {c: Counter() for c in order}
    for c, t, n in zip(counts["critic"], counts["term"], counts["count"]):
        per.setdefault(c, Counter())[t] += int(n)
    order = list(per)
    if len(order) < 2:  # one critic: nobody to set them apart from
        return empty_result()
    pooled = Counter()
    for c in order:
        pooled.update(per[c])
    prior: dict[Any, float] | None = None
    if method == "log_odds":
        if background is None:
            prior = dirichlet_prior(pooled, alpha0=alpha0)
        else:
            prior = dirichlet_prior(background, alpha0=alpha0, vocabulary=pooled.keys())
    # how many critics have each term: "the rest" of a critic is then the pooled counts minus
    # its own, over the terms some other critic has (linear in the vocabulary per critic,
    # instead of adding up every other critic's counts again: 300 critics took 15 s)
    holders = Counter()
    for c in order:
        holders.update(per[c].keys())
    frames = []
    for c in order:
        if mode == "one_vs_rest":
            own = per[c]
            rest = Counter({t: pooled[t] - own.get(t, 0) for t, k in holders.items()
                            if k - (t in own) > 0})
            frames.append(_compare(c, "rest", per[c], rest, method=method, prior=prior,
                                   min_count=min_count))
        elif mode == "pairwise":
            for o in order:
                if o != c:
                    frames.append(_compare(c, o, per[c], per[o], method=method, prior=prior,
                                           min_count=min_count))
        else:
            raise ValueError(f"unknown mode {mode!r}; choose 'one_vs_rest' or 'pairwise'")
    out = pd.concat(frames, ignore_index=True)
    # frames come in (critic, other) order already: one stable sort by score (descending,
    # missing last) then term within each, on integer keys (mapping 7 million cells of critic
    # and other names back to ranks took seconds on 300 critics)
    block = np.repeat(np.arange(len(frames)), [len(f) for f in frames])
    term_code = pd.factorize(out["term"].astype(str), sort=True)[0]
    score = out["score"].to_numpy(dtype=float)
    neg = np.where(np.isnan(score), np.inf, -score)
    idx = np.lexsort((term_code, neg, block))
    return out.iloc[idx].reset_index(drop=True)[RESULT_COLUMNS]


def top_terms(result: pd.DataFrame, n: int = 10, *, direction: Literal["over", "under"] = "over",
              significant_only: bool = False) -> pd.DataFrame:
    """The ``n`` most distinctive terms per (critic, other): highest scores (``over``) or lowest
    (``under``, terms the critic avoids). ``significant_only`` keeps rows not labelled n.s."""
    df = result
    if significant_only:
        df = df[df["significance"] != NOT_SIGNIFICANT]
    if direction == "over":
        df = df[df["score"] > 0]
    else:
        df = df[df["score"] < 0]
    asc = direction == "under"
    groups = []
    # equal scores (the same counts) are ranked by the evidence behind them: more uses by the
    # critic first, then the larger effect size; only then alphabetically
    for _, g in df.groupby(["critic", "other"], sort=False):
        groups.append(g.sort_values(["score", "count", "effect_size", "term"],
                                    ascending=[asc, False, asc, True], kind="mergesort").head(n))
    if not groups:
        return df.iloc[0:0]
    return pd.concat(groups).reset_index(drop=True)


def distinctive_terms(
    corpus: Any,
    *,
    method: Method = "log_odds",
    mode: Mode = "one_vs_rest",
    ngram: int | tuple[int, ...] = 1,
    background: Mapping[Any, float] | pd.Series | None = None,
    alpha0: float | None = None,
    min_count: int = 1,
    plurals: Literal["merge", "keep"] = "merge",
    critics: Sequence[str] | None = None,
    **vocab_options: Any,
) -> pd.DataFrame:
    """Distinctive terms of every critic in a corpus: :func:`keyness` on
    :func:`criticlens.vocab.counts.term_counts` (same vocabulary options: casefold, stopwords,
    min_length, stem, numbers). ``ngram=2`` gives distinctive phrases; ``(1, 2)`` scores
    words and phrases together (each n-gram length is then one pool of counts).

    ``plurals="merge"`` (default) counts a plural under its singular when the corpus has both
    (:func:`criticlens.vocab.counts.merge_plurals`): one critic writing "scene" and the others
    "scenes" is not a difference of vocabulary. ``"keep"`` compares word forms as written.

    Critics are in review order, labelled as in ``corpus.labels()``. ``critics=[...]`` (labels
    or review ids) compares only those critics with each other (the rest, the pairs and the
    log-odds prior are theirs alone): on a film with 300 critics, ``mode="pairwise"`` for two
    of them is two comparisons instead of 89,700.

    One critic (a film with one review, or ``critics=`` naming one): an empty frame with the
    columns :data:`RESULT_COLUMNS`, since there is nobody to set that critic apart from.
    """
    from criticlens.vocab.counts import merge_plurals, term_counts

    if plurals not in ("merge", "keep"):
        raise ValueError(f"plurals must be 'merge' or 'keep', got {plurals!r}")
    counts = term_counts(corpus, ngram=ngram, **vocab_options)
    if plurals == "merge":
        counts = merge_plurals(counts)
    labels = corpus.labels()
    order = [labels[r] for r in corpus.review_ids]
    if critics is not None:
        wanted = {str(c) for c in critics}
        unknown = sorted(wanted - set(order) - {str(r) for r in corpus.review_ids})
        if unknown:
            raise ValueError(f"unknown critic(s) {unknown}: give labels or review ids of the film")
        order = [labels[r] for r in corpus.review_ids if str(r) in wanted or labels[r] in wanted]
        counts = counts[counts["critic"].isin(order)]
    return keyness(counts, method=method, mode=mode, background=background, alpha0=alpha0,
                   min_count=min_count, order=order)
