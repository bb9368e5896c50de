"""Sentiment arcs: each review's sentence scores placed on one 0..1 axis and smoothed.

The pieces, from a sentence to a comparable curve:

1. **Position.** A sentence sits at its midpoint in words through the review body, 0..1
   (the ``position`` column of ``corpus.sentences``): ``(word_start + n_words / 2) / body_words``.
2. **Smoothers** (each returns values at the sentence positions or on the grid):

   - :func:`rolling_mean`: centred moving average whose window is a share of the review
     (default :data:`DEFAULT_WINDOW` = 10% of its sentences, rounded half up, made odd so the
     window is symmetric, at least one sentence). At the edges the window is cut to the
     sentences that exist, so the first and last values are means of fewer sentences, never NaN.
   - :func:`lowess`: Cleveland's (1979) robust locally weighted linear regression, a port of
     R's ``stats::lowess`` (the C routine ``clowess``): tricube distance weights over the
     ``floor(frac * n)`` nearest sentences, ``iterations`` bisquare robustness passes,
     ``delta`` skipping. Default ``frac`` = :data:`DEFAULT_FRAC` (syuzhet's ``simple_plot``
     span).
   - :func:`syuzhet_dct`: Jockers' syuzhet ``get_dct_transform`` exactly (DCT-II as in R's
     ``dtt::dct``, keep the first ``low_pass_size`` coefficients, zero-pad to ``x_reverse_len``,
     invert with ``dtt::dct(..., inverted = TRUE)``, optional z or range scaling).

3. **Length correction** (:func:`dct_arc`). syuzhet's unscaled DCT output is
   ``n / x_reverse_len`` times the smoothed scores of an ``n``-sentence review (the forward DCT
   sums ``n`` values, the inverse divides by ``x_reverse_len``), so a 40-sentence review looks
   twice as emotional as a 20-sentence one. The arcs used to compare critics multiply it by
   ``x_reverse_len / n``; the corrected curve is then the least-squares projection of the
   sentence scores on the first ``low_pass_size`` cosines, on the scale of the scores (its mean
   over the output points equals the mean sentence score). Rolling mean and LOWESS are already
   on that scale and need no correction.
4. **Common axis.** Every arc is resampled to :data:`N_POINTS` = 100 points at the centres of
   100 equal slices of the body (0.005, 0.015, ..., 0.995) by linear interpolation between the
   smoothed values at the sentence positions; before the first sentence midpoint and after the
   last the curve is held flat (no extrapolation). The DCT curve lives on the sentence-order
   axis (sentence ``i`` of ``n`` at ``(i + 0.5) / n``, syuzhet's "narrative time"); it is mapped
   to word positions through the sentence midpoints before resampling.
5. **Short reviews.** A smoother needs a minimum number of sentences (:func:`min_sentences`):
   rolling mean 1; LOWESS enough for three neighbours per local fit (else it returns the raw
   scores); DCT ``low_pass_size`` (syuzhet's own check). A shorter review raises
   :class:`ShortReviewError` (``on_short="raise"``) or, by default (``on_short="fallback"``), gets
   the rolling mean instead with a warning naming the review, and the ``smoother`` column says
   which smoother drew each curve. A review without body sentences is left out with a warning
   (or raises). No curve is ever silently NaN.
6. **Band** (:func:`arc_band`): the spread across engines. The centre line is the mean of the
   engines' smoothed arcs of their primary measures (TextBlob polarity, VADER compound, both
   -1..1); the band runs from the lowest to the highest engine arc at each point. A narrow band
   means the engines agree on the tone at that point of the review; with one engine the band
   has no width.
"""
from __future__ import annotations

import argparse
import math
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from criticlens.sentiment.engines import DEFAULT_ENGINES, primary_scores, sentence_sentiment

if TYPE_CHECKING:  # pragma: no cover
    from criticlens.corpus.load import Corpus

Smoother = Literal["rolling", "lowess", "dct"]
OnShort = Literal["fallback", "raise"]
Scale = Literal["none", "z", "range"]

#: Default rolling-mean window, as a share of the review's sentences.
DEFAULT_WINDOW = 0.10
#: Default LOWESS span (share of sentences in each local fit), as in syuzhet's simple_plot.
DEFAULT_FRAC = 0.5
#: Robustness iterations of LOWESS (R's lowess default).
DEFAULT_LOWESS_ITERATIONS = 3
#: Share of the x range below which LOWESS interpolates instead of fitting (R's default).
DEFAULT_LOWESS_DELTA_SHARE = 0.01
#: syuzhet's defaults for get_dct_transform.
DEFAULT_LOW_PASS_SIZE = 5
DEFAULT_X_REVERSE_LEN = 100
#: Points of the common axis every arc is resampled to.
N_POINTS = 100
#: Smallest number of neighbours a LOWESS local fit needs to smooth at all.
LOWESS_MIN_NEIGHBOURS = 3

ARC_COLUMNS = ("review_id", "label", "engine", "smoother", "x", "value")
BAND_COLUMNS = ("review_id", "label", "smoother", "x", "center", "lo", "hi", "n_engines")
POINT_COLUMNS = ("review_id", "label", "sent_id", "position", "engine", "measure", "score")


class ShortReviewError(ValueError):
    """A review has fewer sentences than the chosen smoother needs."""


# --------------------------------------------------------------------------------------------
# syuzhet's DCT (Jockers), dtt's transforms (Komsta)
# --------------------------------------------------------------------------------------------
def _as_vector(values: Iterable[float], what: str = "values") -> np.ndarray:
    try:
        v = np.asarray(list(values) if not isinstance(values, np.ndarray) else values,
                       dtype="float64")
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be numeric") from None
    if v.ndim != 1:
        raise ValueError(f"{what} must be one-dimensional, got shape {v.shape}")
    if not np.all(np.isfinite(v)):
        bad = np.flatnonzero(~np.isfinite(v))
        raise ValueError(f"{what} contain NaN or infinite values at index {bad.tolist()[:10]}")
    return v


def dtt_dct2(x: Iterable[float]) -> np.ndarray:
    """DCT-II as R's ``dtt::dct(x, variant = 2)``: ``X[k] = sum_j x[j] cos(pi/n (j + 1/2) k)``.

    Unnormalised (no ``2`` factor, no orthogonal scaling): ``X[0]`` is the plain sum.
    """
    v = _as_vector(x)
    n = v.size
    j = np.arange(n) + 0.5
    k = np.arange(n)
    return np.cos(np.pi / n * np.outer(k, j)) @ v


def dtt_idct2(X: Iterable[float]) -> np.ndarray:
    """Inverse DCT-II as R's ``dtt::dct(X, inverted = TRUE)`` (a scaled DCT-III).

    ``x[k] = (2/n) * (X[0]/2 + sum_{j>=1} X[j] cos(pi/n j (k + 1/2)))``; it undoes
    :func:`dtt_dct2` exactly. ``n`` must be at least 2 (dtt returns NA for ``n = 1``).
    """
    v = _as_vector(X)
    n = v.size
    if n < 2:
        raise ValueError("the inverse DCT needs at least 2 values (dtt returns NA for 1)")
    j = np.arange(1, n)
    k = np.arange(n) + 0.5
    return (2.0 / n) * (0.5 * v[0] + np.cos(np.pi / n * np.outer(k, j)) @ v[1:])


def _r_scale(v: np.ndarray) -> np.ndarray:
    sd = float(np.std(v, ddof=1)) if v.size > 1 else 0.0
    if not sd > 0:
        raise ValueError("scale_vals: the transformed values are constant (standard deviation 0);"
                         " R's scale() would return NaN. Use more coefficients or no scaling.")
    return (v - v.mean()) / sd


def syuzhet_rescale(v: Iterable[float]) -> np.ndarray:
    """syuzhet's ``rescale``: ``2 * (x - min(x)) / (max(x) - min(x)) - 1`` (range -1..1)."""
    x = _as_vector(v)
    lo, hi = float(x.min()), float(x.max())
    if not hi > lo:
        raise ValueError("scale_range: the values are constant (max == min); syuzhet's "
                         "rescale would return NaN. Use more coefficients or no scaling.")
    return 2.0 * (x - lo) / (hi - lo) - 1.0


def syuzhet_dct(values: Iterable[float], low_pass_size: int = DEFAULT_LOW_PASS_SIZE,
                x_reverse_len: int = DEFAULT_X_REVERSE_LEN, scale_vals: bool = False,
                scale_range: bool = False) -> np.ndarray:
    """syuzhet's ``get_dct_transform`` (Jockers 2015), reproduced exactly.

    ``values_dct <- dtt::dct(raw_values, variant = 2)``; keep ``values_dct[1:low_pass_size]``;
    pad with zeros to ``x_reverse_len``; ``dtt::dct(padded, inverted = TRUE)``; then
    ``scale()`` (z-scores, sample standard deviation) if ``scale_vals`` or syuzhet's
    ``rescale()`` (-1..1) if ``scale_range``.

    The unscaled output grows with the number of values (a constant input ``c`` of length ``n``
    comes back as ``c * n / x_reverse_len``); :func:`dct_arc` corrects that for comparisons.

    Errors as syuzhet's: ``low_pass_size`` larger than the input, both scalings at once. Where
    R would return NaN (constant output with a scaling, ``x_reverse_len`` of 1) or fail
    obscurely (``low_pass_size`` < 1, ``x_reverse_len`` < ``low_pass_size``), this raises
    ``ValueError`` instead.
    """
    v = _as_vector(values)
    lps = int(low_pass_size)
    nrev = int(x_reverse_len)
    if lps != low_pass_size or nrev != x_reverse_len:
        raise TypeError("low_pass_size and x_reverse_len must be integers")
    if lps < 1:
        raise ValueError("low_pass_size must be at least 1")
    if lps > v.size:
        raise ValueError("low_pass_size must be less than or equal to the length of raw_values "
                         f"input vector (low_pass_size={lps}, {v.size} values)")
    if nrev < lps:
        raise ValueError(f"x_reverse_len ({nrev}) must be at least low_pass_size ({lps})")
    if nrev < 2:
        raise ValueError("x_reverse_len must be at least 2 (dtt's inverse returns NA for 1)")
    if scale_vals and scale_range:
        raise ValueError("scale_vals and scale_range cannot both be true.")
    keepers = dtt_dct2(v)[:lps]
    padded = np.concatenate([keepers, np.zeros(nrev - lps)])
    out = dtt_idct2(padded)
    if scale_vals:
        return _r_scale(out)
    if scale_range:
        return syuzhet_rescale(out)
    return out


def dct_arc(values: Iterable[float], low_pass_size: int = DEFAULT_LOW_PASS_SIZE,
            x_reverse_len: int = DEFAULT_X_REVERSE_LEN) -> np.ndarray:
    """Length-corrected syuzhet DCT: ``syuzhet_dct(values, ...) * x_reverse_len / len(values)``.

    The result is on the scale of the input scores whatever the review length (the mean of the
    output equals the mean of ``values``), so arcs of long and short reviews can share an axis.
    """
    v = _as_vector(values)
    return syuzhet_dct(v, low_pass_size, x_reverse_len) * (x_reverse_len / v.size)


# --------------------------------------------------------------------------------------------
# rolling mean and LOWESS
# --------------------------------------------------------------------------------------------
def window_size(n: int, window: float = DEFAULT_WINDOW) -> int:
    """Sentences in a rolling window: ``window * n`` rounded half up, at least 1, made odd."""
    if not 0 < window <= 1:
        raise ValueError(f"window is a share of the review in (0, 1], got {window!r}")
    k = max(1, math.floor(window * n + 0.5))
    if k % 2 == 0:
        k += 1
    return k


def rolling_mean(values: Iterable[float], window: float = DEFAULT_WINDOW) -> np.ndarray:
    """Centred moving average with the window given as a share of the sequence.

    The window holds :func:`window_size` values (odd, so it is centred); near the edges it is
    cut to the values that exist, so every output is the mean of 1..k real values, never NaN.
    """
    v = _as_vector(values)
    if v.size == 0:
        raise ShortReviewError("rolling mean of no values")
    h = window_size(v.size, window) // 2
    c = np.concatenate([[0.0], np.cumsum(v)])
    i = np.arange(v.size)
    lo = np.maximum(0, i - h)
    hi = np.minimum(v.size, i + h + 1)
    return (c[hi] - c[lo]) / (hi - lo)


def lowess_neighbours(n: int, frac: float = DEFAULT_FRAC) -> int:
    """Points in each LOWESS local fit, as R: ``max(2, min(n, floor(frac * n + 1e-7)))``."""
    if not 0 < frac <= 1:
        raise ValueError(f"frac is a share of the points in (0, 1], got {frac!r}")
    return max(2, min(n, int(frac * n + 1e-7)))


def _lowest(x: np.ndarray, y: np.ndarray, xs: float, nleft: int, nright: int,
            rw: np.ndarray | None) -> float | None:
    """One local weighted linear fit at ``xs`` (R's ``lowest``); None when all weights are 0."""
    n = x.size
    rng = x[-1] - x[0]
    h = max(xs - x[nleft], x[nright] - xs)
    h9, h1 = 0.999 * h, 0.001 * h
    w = np.zeros(n)
    a = 0.0
    j = nleft
    while j < n:
        r = abs(x[j] - xs)
        if r <= h9:
            w[j] = 1.0 if r <= h1 else (1.0 - (r / h) ** 3) ** 3
            if rw is not None:
                w[j] *= rw[j]
            a += w[j]
        elif x[j] > xs:
            break
        j += 1
    nrt = j - 1
    if a <= 0.0:
        return None
    sl = slice(nleft, nrt + 1)
    ww = w[sl] / a
    xx = x[sl]
    if h > 0.0:
        center = float(np.sum(ww * xx))
        b = xs - center
        c = float(np.sum(ww * (xx - center) ** 2))
        if math.sqrt(c) > 0.001 * rng:
            ww = ww * (b / c * (xx - center) + 1.0)
    return float(np.sum(ww * y[sl]))


def lowess(x: Iterable[float], y: Iterable[float], *, frac: float = DEFAULT_FRAC,
           iterations: int = DEFAULT_LOWESS_ITERATIONS, delta: float | None = None
           ) -> np.ndarray:
    """Robust LOWESS smoothing (Cleveland 1979), a port of R's ``stats::lowess``.

    ``x`` must be sorted ascending (sentence positions are). Returns the fitted values at ``x``.
    ``delta`` defaults to 1% of the x range, as in R; ``delta=0`` fits at every point.
    """
    xv = _as_vector(x, "x")
    yv = _as_vector(y, "y")
    if xv.size != yv.size:
        raise ValueError(f"x and y differ in length ({xv.size} vs {yv.size})")
    n = xv.size
    if n == 0:
        raise ShortReviewError("LOWESS of no values")
    if np.any(np.diff(xv) < 0):
        raise ValueError("LOWESS needs x sorted ascending")
    if iterations < 0:
        raise ValueError("iterations must be >= 0")
    if n < 2:
        return yv.copy()
    if delta is None:
        delta = DEFAULT_LOWESS_DELTA_SHARE * float(xv[-1] - xv[0])
    ns = lowess_neighbours(n, frac)
    ys = np.zeros(n)
    rw: np.ndarray | None = None
    for it in range(iterations + 1):
        nleft, nright, last, i = 0, ns - 1, -1, 0
        while True:
            if nright < n - 1:
                d1 = xv[i] - xv[nleft]
                d2 = xv[nright + 1] - xv[i]
                if d1 > d2:
                    nleft += 1
                    nright += 1
                    continue
            fit = _lowest(xv, yv, float(xv[i]), nleft, nright, rw)
            ys[i] = yv[i] if fit is None else fit
            if last < i - 1:
                denom = xv[i] - xv[last]
                for j in range(last + 1, i):
                    alpha = (xv[j] - xv[last]) / denom
                    ys[j] = alpha * ys[i] + (1.0 - alpha) * ys[last]
            last = i
            cut = xv[last] + delta
            i = last + 1
            while i < n:
                if xv[i] > cut:
                    break
                if xv[i] == xv[last]:
                    ys[i] = ys[last]
                    last = i
                i += 1
            i = max(last + 1, i - 1)
            if last >= n - 1:
                break
        res = yv - ys
        if it == iterations:
            break
        sc = float(np.mean(np.abs(res)))
        ar = np.sort(np.abs(res))
        m1 = n // 2
        cmad = 3.0 * (ar[m1] + ar[n - m1 - 1]) if n % 2 == 0 else 6.0 * ar[m1]
        if cmad < 1e-7 * sc:
            break
        r = np.abs(res)
        with np.errstate(divide="ignore", invalid="ignore"):  # cmad may be 0: branch unused
            rw = np.where(r <= 0.001 * cmad, 1.0,
                          np.where(r <= 0.999 * cmad, (1.0 - (r / cmad) ** 2) ** 2, 0.0))
    return ys


# --------------------------------------------------------------------------------------------
# guards, grid and one review's arc
# --------------------------------------------------------------------------------------------
def min_sentences(smoother: Smoother, *, frac: float = DEFAULT_FRAC,
                  low_pass_size: int = DEFAULT_LOW_PASS_SIZE) -> int:
    """Fewest sentences a review needs for ``smoother`` to smooth at all.

    rolling: 1. lowess: the smallest ``n`` (at least 3) with ``floor(frac * n)`` >= 3
    neighbours, since a local fit over two points reproduces the raw score. dct:
    ``low_pass_size`` (syuzhet refuses fewer values than coefficients).
    """
    if smoother == "rolling":
        return 1
    if smoother == "lowess":
        n = LOWESS_MIN_NEIGHBOURS
        while lowess_neighbours(n, frac) < LOWESS_MIN_NEIGHBOURS:
            n += 1
        return n
    if smoother == "dct":
        return int(low_pass_size)
    raise ValueError(f"unknown smoother {smoother!r}; choose rolling, lowess or dct")


def grid(n_points: int = N_POINTS) -> np.ndarray:
    """The common axis: centres of ``n_points`` equal slices of 0..1."""
    if n_points < 2:
        raise ValueError("n_points must be at least 2")
    return (np.arange(n_points) + 0.5) / n_points


def resample(x: Iterable[float], y: Iterable[float], n_points: int = N_POINTS) -> np.ndarray:
    """Linear interpolation of ``y(x)`` onto :func:`grid`; flat beyond the first and last x."""
    xv, yv = _as_vector(x, "x"), _as_vector(y, "y")
    if xv.size == 0 or xv.size != yv.size:
        raise ValueError("resample needs equal-length, non-empty x and y")
    if np.any(np.diff(xv) < 0):
        raise ValueError("resample needs x sorted ascending")
    return np.interp(grid(n_points), xv, yv)


def _index_to_position(u: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Map sentence-order fractions (sentence i of n at (i+0.5)/n) to word positions."""
    n = positions.size
    ui = (np.arange(n) + 0.5) / n
    return np.interp(u, np.r_[0.0, ui, 1.0], np.r_[0.0, positions, 1.0])


def smooth_review(positions: Sequence[float], scores: Sequence[float], *,
                  smoother: Smoother = "rolling", window: float = DEFAULT_WINDOW,
                  frac: float = DEFAULT_FRAC, low_pass_size: int = DEFAULT_LOW_PASS_SIZE,
                  n_points: int = N_POINTS, on_short: OnShort = "fallback",
                  name: str = "review") -> tuple[np.ndarray, str]:
    """One review's arc on the common axis: ``(values on grid(n_points), smoother used)``.

    ``positions`` are sentence midpoints (0..1, ascending), ``scores`` the sentence scores.
    See the module docstring for the smoothers, the DCT length correction and the short-review
    rule; ``name`` appears in errors and warnings.
    """
    pos = _as_vector(positions, "positions")
    val = _as_vector(scores, "scores")
    if pos.size != val.size:
        raise ValueError(f"{name}: {pos.size} positions but {val.size} scores")
    if pos.size == 0:
        raise ShortReviewError(f"{name}: no body sentences, no arc")
    need = min_sentences(smoother, frac=frac, low_pass_size=low_pass_size)
    used: str = smoother
    if pos.size < need:
        msg = (f"{name}: {pos.size} sentence(s), the {smoother} smoother needs at least {need}")
        if on_short == "raise":
            raise ShortReviewError(msg)
        if on_short != "fallback":
            raise ValueError(f"on_short must be 'fallback' or 'raise', got {on_short!r}")
        warnings.warn(msg + "; drawn with the rolling mean instead", stacklevel=3)
        used = "rolling"
    if used == "rolling":
        return resample(pos, rolling_mean(val, window), n_points), used
    if used == "lowess":
        return resample(pos, lowess(pos, val, frac=frac), n_points), used
    curve = dct_arc(val, low_pass_size, n_points)
    u = (np.arange(n_points) + 0.5) / n_points
    return resample(_index_to_position(u, pos), curve, n_points), used


# --------------------------------------------------------------------------------------------
# corpus level
# --------------------------------------------------------------------------------------------
def _scores_for(corpus: Corpus, scores: pd.DataFrame | None,
                engines: Iterable[str]) -> pd.DataFrame:
    names = list(engines)
    if scores is None:
        scores = sentence_sentiment(corpus, names)
    return primary_scores(scores, names)


def arc_points(corpus: Corpus, scores: pd.DataFrame | None = None, *,
               engines: Iterable[str] = DEFAULT_ENGINES) -> pd.DataFrame:
    """Sentence scores placed on the review axis (the raw points of an arc).

    Columns ``review_id, label, sent_id, position, engine, measure, score``: each engine's
    primary measure (TextBlob polarity, VADER compound) for every body sentence, corpus order.
    ``scores`` is a :func:`~criticlens.sentiment.engines.sentence_sentiment` frame (computed if None).
    """
    prim = _scores_for(corpus, scores, engines)
    sents = corpus.sentences[["review_id", "sent_id", "position"]]
    out = prim.merge(sents, on=["review_id", "sent_id"], how="left", validate="many_to_one")
    if out["position"].isna().any():
        bad = out.loc[out["position"].isna(), ["review_id", "sent_id"]].head(3)
        raise ValueError(f"scores name sentences not in the corpus: {bad.to_dict('records')}")
    labels = corpus.labels()
    out["label"] = pd.array([labels[r] for r in out["review_id"]], dtype="string")
    order = {r: i for i, r in enumerate(corpus.review_ids)}
    eng_order = {e: i for i, e in enumerate(dict.fromkeys(prim["engine"]))}
    out = out.assign(_r=out["review_id"].map(order), _e=out["engine"].map(eng_order))
    out = out.sort_values(["_r", "_e", "sent_id"], kind="stable").drop(columns=["_r", "_e"])
    return out[list(POINT_COLUMNS)].reset_index(drop=True)


def _apply_scale(v: np.ndarray, scale: Scale, name: str) -> np.ndarray:
    if scale == "none":
        return v
    if scale == "z":
        try:
            return _r_scale(v)
        except ValueError:
            raise ValueError(f"{name}: cannot z-scale a flat arc") from None
    if scale == "range":
        try:
            return syuzhet_rescale(v)
        except ValueError:
            raise ValueError(f"{name}: cannot range-scale a flat arc") from None
    raise ValueError(f"scale must be 'none', 'z' or 'range', got {scale!r}")


def critic_arcs(corpus: Corpus, scores: pd.DataFrame | None = None, *,
                engines: Iterable[str] = DEFAULT_ENGINES, smoother: Smoother = "rolling",
                window: float = DEFAULT_WINDOW, frac: float = DEFAULT_FRAC,
                low_pass_size: int = DEFAULT_LOW_PASS_SIZE, n_points: int = N_POINTS,
                scale: Scale = "none", on_short: OnShort = "fallback") -> pd.DataFrame:
    """Every review's smoothed arc per engine on the common 0..1 axis.

    Long frame ``review_id, label, engine, smoother, x, value`` with ``n_points`` rows per
    review and engine; ``smoother`` says which smoother drew the curve (it differs from the one
    asked for only when a review was too short, see :func:`smooth_review`). ``scale`` "z" or
    "range" rescales each curve (syuzhet's ``scale_vals`` / ``scale_range``); the default keeps
    the score scale, so a warmer critic sits higher.
    """
    pts = arc_points(corpus, scores, engines=engines)
    gx = grid(n_points)
    rows = []
    for (rid, eng), g in pts.groupby(["review_id", "engine"], sort=False):
        name = f"review {rid} ({g['label'].iat[0]}), engine {eng}"
        vals, used = smooth_review(g["position"].to_numpy(), g["score"].to_numpy(),
                                   smoother=smoother, window=window, frac=frac,
                                   low_pass_size=low_pass_size, n_points=n_points,
                                   on_short=on_short, name=name)
        vals = _apply_scale(vals, scale, name)
        rows.append(pd.DataFrame({"review_id": rid, "label": g["label"].iat[0], "engine": eng,
                                  "smoother": used, "x": gx, "value": vals}))
    seen = set(pts["review_id"])
    for rid in corpus.review_ids:
        if rid not in seen:
            msg = f"review {rid} ({corpus.labels()[rid]}): no body sentences, no arc"
            if on_short == "raise":
                raise ShortReviewError(msg)
            warnings.warn(msg, stacklevel=2)
    if not rows:
        raise ShortReviewError("no review has body sentences: no arcs")
    out = pd.concat(rows, ignore_index=True)
    for c in ("review_id", "label", "engine", "smoother"):
        out[c] = out[c].astype("string")
    return out[list(ARC_COLUMNS)]


def arc_band(arcs: pd.DataFrame) -> pd.DataFrame:
    """Engine band from :func:`critic_arcs`: mean (``center``), min (``lo``), max (``hi``).

    One row per review and grid point: ``review_id, label, smoother, x, center, lo, hi,
    n_engines``. ``smoother`` joins the smoothers used when engines differ (e.g. after a
    short-review fallback).
    """
    missing = [c for c in ARC_COLUMNS if c not in arcs.columns]
    if missing:
        raise ValueError(f"arcs frame lacks columns {missing}; use critic_arcs()")
    g = arcs.groupby(["review_id", "x"], sort=False)
    out = g.agg(label=("label", "first"), center=("value", "mean"), lo=("value", "min"),
                hi=("value", "max"), n_engines=("engine", "nunique")).reset_index()
    used = arcs.groupby("review_id", sort=False)["smoother"].agg(
        lambda s: "+".join(dict.fromkeys(s)))
    out["smoother"] = out["review_id"].map(used).astype("string")
    out["n_engines"] = out["n_engines"].astype("int64")
    return out[list(BAND_COLUMNS)].reset_index(drop=True)


def engine_agreement(corpus: Corpus, scores: pd.DataFrame | None = None, *,
                     engines: Iterable[str] = DEFAULT_ENGINES) -> pd.DataFrame:
    """Per review, how far the engines agree sentence by sentence (primary measures).

    One row per review and pair of engines: ``review_id, label, engine_a, engine_b,
    n_sentences, pearson, spearman, sign_agreement, mean_abs_diff, note``. ``sign_agreement``
    is the share of sentences both call positive, both negative or both exactly neutral (0).
    A correlation is NaN only when it is undefined (fewer than 3 sentences, or one engine gives
    every sentence the same score); ``note`` then says which.
    """
    from scipy.stats import pearsonr, spearmanr

    names = list(engines)
    if len(names) < 2:
        raise ValueError("engine agreement needs at least two engines")
    pts = arc_points(corpus, scores, engines=names)
    wide = pts.pivot_table(index=["review_id", "sent_id"], columns="engine", values="score",
                           sort=False)
    labels = corpus.labels()
    rows = []
    for rid in corpus.review_ids:
        if rid not in wide.index.get_level_values(0):
            continue
        w = wide.loc[rid]
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                xa, xb = w[a].to_numpy(), w[b].to_numpy()
                n = xa.size
                note = ""
                pr = sr = float("nan")
                if n < 3:
                    note = f"only {n} sentence(s): correlation undefined"
                elif np.ptp(xa) == 0 or np.ptp(xb) == 0:
                    flat = a if np.ptp(xa) == 0 else b
                    note = f"{flat} gives every sentence the same score: correlation undefined"
                else:
                    pr = float(pearsonr(xa, xb).statistic)
                    sr = float(spearmanr(xa, xb).statistic)
                rows.append({
                    "review_id": rid, "label": labels[rid], "engine_a": a, "engine_b": b,
                    "n_sentences": n, "pearson": pr, "spearman": sr,
                    "sign_agreement": float(np.mean(np.sign(xa) == np.sign(xb))),
                    "mean_abs_diff": float(np.mean(np.abs(xa - xb))), "note": note,
                })
    out = pd.DataFrame(rows)
    for c in ("review_id", "label", "engine_a", "engine_b", "note"):
        out[c] = out[c].astype("string")
    return out


# --------------------------------------------------------------------------------------------
# peaks and valleys
# --------------------------------------------------------------------------------------------
def local_extrema(values: Sequence[float]) -> tuple[list[int], list[int]]:
    """Indices of local maxima and minima of a curve, endpoints included.

    A plateau counts once, at its first point. An endpoint is an extremum when the curve moves
    away from it (the arc opens or closes on a high or a low). A flat curve has none.
    """
    v = _as_vector(values)
    n = v.size
    peaks: list[int] = []
    valleys: list[int] = []
    if n < 2:
        return peaks, valleys
    # collapse plateaus to their first index
    keep = np.r_[True, v[1:] != v[:-1]]
    idx = np.flatnonzero(keep)
    u = v[idx]
    m = u.size
    if m < 2:
        return peaks, valleys
    for j in range(m):
        left = u[j - 1] if j > 0 else None
        right = u[j + 1] if j < m - 1 else None
        hi = (left is None or u[j] > left) and (right is None or u[j] > right)
        lo = (left is None or u[j] < left) and (right is None or u[j] < right)
        if hi:
            peaks.append(int(idx[j]))
        elif lo:
            valleys.append(int(idx[j]))
    return peaks, valleys


def _sentence_at(sents: pd.DataFrame, body_words: int, x: float) -> int:
    """Row (within ``sents``) of the sentence whose word span holds position ``x``."""
    start = sents["word_start"].to_numpy(dtype="float64") / body_words
    end = (sents["word_start"].to_numpy(dtype="float64")
           + sents["n_words"].to_numpy(dtype="float64")) / body_words
    inside = np.flatnonzero((start <= x) & (x < end))
    if inside.size:
        return int(inside[0])
    return int(np.argmin(np.abs(sents["position"].to_numpy(dtype="float64") - x)))


def crux(corpus: Corpus, band: pd.DataFrame | None = None, *, top: int = 2, context: int = 1,
         scores: pd.DataFrame | None = None, **arc_options: object) -> pd.DataFrame:
    """The turning points of each critic's arc, with the sentences behind them.

    Takes the engine-mean arc (``center`` of :func:`arc_band`, built with ``arc_options`` when
    ``band`` is None), finds its local peaks and valleys (:func:`local_extrema`), keeps the
    ``top`` highest peaks and ``top`` lowest valleys per review, and attaches the sentence at
    that point of the review plus ``context`` sentences either side.

    Columns: ``review_id, label, kind`` (peak/valley), ``rank`` (1 = most extreme), ``x``,
    ``value``, ``sent_id``, ``text`` (raw sentence), ``context_first``, ``context_last``
    (sent ids), ``context`` (the raw sentences joined by a space).
    """
    if top < 1 or context < 0:
        raise ValueError("top must be >= 1 and context >= 0")
    if band is None:
        band = arc_band(critic_arcs(corpus, scores, **arc_options))  # type: ignore[arg-type]
    sents_all = corpus.sentences
    body_words = dict(zip(corpus.reviews["review_id"], corpus.reviews["n_words"]))
    rows = []
    for rid, g in band.groupby("review_id", sort=False):
        g = g.sort_values("x")
        xs = g["x"].to_numpy()
        vs = g["center"].to_numpy()
        peaks, valleys = local_extrema(vs)
        sents = sents_all[sents_all["review_id"] == rid].sort_values("sent_id")
        sents = sents.reset_index(drop=True)
        for kind, idx in (("peak", peaks), ("valley", valleys)):
            ranked = sorted(idx, key=lambda i: -vs[i] if kind == "peak" else vs[i])[:top]
            for r, i in enumerate(ranked, start=1):
                k = _sentence_at(sents, int(body_words[rid]), float(xs[i]))
                a, b = max(0, k - context), min(len(sents) - 1, k + context)
                rows.append({
                    "review_id": rid, "label": g["label"].iat[0], "kind": kind, "rank": r,
                    "x": float(xs[i]), "value": float(vs[i]),
                    "sent_id": int(sents["sent_id"].iat[k]), "text": str(sents["text"].iat[k]),
                    "context_first": int(sents["sent_id"].iat[a]),
                    "context_last": int(sents["sent_id"].iat[b]),
                    "context": " ".join(str(t) for t in sents["text"].iloc[a:b + 1]),
                })
    cols = ["review_id", "label", "kind", "rank", "x", "value", "sent_id", "text",
            "context_first", "context_last", "context"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("review_id", "label", "kind", "text", "context"):
        out[c] = out[c].astype("string")
    return out


# --------------------------------------------------------------------------------------------
# command line: `criticlens sentiment` and `criticlens arcs`
# --------------------------------------------------------------------------------------------
def _cli_engines(args: argparse.Namespace) -> list[str]:
    from criticlens.cli.main import CLIError
    from criticlens.sentiment.engines import register_wordlist_engine

    names = [e.strip() for e in str(args.engines).split(",") if e.strip()]
    for spec in args.wordlist or []:
        name, sep, path = spec.partition("=")
        if not sep or not name or not path:
            raise CLIError(f"--wordlist expects NAME=PATH.csv, got {spec!r}")
        try:
            register_wordlist_engine(name, path, replace=True)
        except (OSError, ValueError) as exc:
            raise CLIError(str(exc)) from exc
        if name not in names:
            names.append(name)
    return names


def _add_engine_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("film_dir", help="film folder (or a slug under data/films)")
    p.add_argument("--engines", default=",".join(DEFAULT_ENGINES),
                   help="comma-separated engines (default: textblob,vader)")
    p.add_argument("--wordlist", action="append", metavar="NAME=PATH",
                   help="add a word-list engine from a word,score CSV (repeatable); it is "
                        "scored too")
    p.add_argument("--format", choices=("csv", "table"), default="table")
    p.add_argument("--out", default=None, help="write to this file instead of stdout")


def cmd_sentiment(args: argparse.Namespace) -> int:
    """``criticlens sentiment FILM_DIR``: every sentence's scores, long format."""
    from criticlens.cli.main import load_or_exit, write_frame

    corpus = load_or_exit(args.film_dir)
    engines = _cli_engines(args)
    try:
        scores = sentence_sentiment(corpus, engines)
    except KeyError as exc:
        from criticlens.cli.main import CLIError

        raise CLIError(str(exc.args[0])) from exc
    write_frame(scores, args.format, args.out)
    return 0


def cmd_arcs(args: argparse.Namespace) -> int:
    """``criticlens arcs FILM_DIR``: the engine-mean arc per critic (or its crux sentences)."""
    from criticlens.cli.main import CLIError, load_or_exit, write_frame

    corpus = load_or_exit(args.film_dir)
    engines = _cli_engines(args)
    opts = dict(engines=engines, smoother=args.smoother, window=args.window,
                frac=args.frac, low_pass_size=args.low_pass_size,
                n_points=args.points, on_short=args.on_short)
    try:
        band = arc_band(critic_arcs(corpus, **opts))
        frame = crux(corpus, band, top=args.top, context=args.context) \
            if args.crux else band
    except KeyError as exc:
        raise CLIError(str(exc.args[0])) from exc
    except ValueError as exc:
        raise CLIError(str(exc)) from exc
    write_frame(frame, args.format, args.out)
    return 0


def register_cli(sub: Any) -> None:
    """Add ``criticlens sentiment`` and ``criticlens arcs`` (called by :mod:`criticlens.cli.main`)."""
    p = sub.add_parser("sentiment", help="sentence sentiment scores (review_id, sent_id, "
                                         "engine, measure, score)")
    _add_engine_options(p)
    p.set_defaults(func=cmd_sentiment)

    p = sub.add_parser("arcs", help="sentiment arc per critic on a 0..1 axis (engine mean "
                                    "and band), or its peaks and valleys with --crux")
    _add_engine_options(p)
    p.add_argument("--smoother", choices=("rolling", "lowess", "dct"), default="dct")
    p.add_argument("--window", type=float, default=DEFAULT_WINDOW,
                   help="rolling-mean window as a share of the review (default 0.10)")
    p.add_argument("--frac", type=float, default=DEFAULT_FRAC, help="LOWESS span (default 0.5)")
    p.add_argument("--low-pass-size", type=int, default=DEFAULT_LOW_PASS_SIZE,
                   help="DCT coefficients kept (default 5)")
    p.add_argument("--points", type=int, default=N_POINTS, help="points of the common axis")
    p.add_argument("--on-short", choices=("fallback", "raise"), default="fallback",
                   help="a review too short for the smoother: rolling mean with a warning "
                        "(default) or an error")
    p.add_argument("--crux", action="store_true",
                   help="print the peaks and valleys with their sentences instead of the arcs")
    p.add_argument("--top", type=int, default=2, help="peaks and valleys per review (--crux)")
    p.add_argument("--context", type=int, default=1,
                   help="neighbouring sentences each side (--crux)")
    p.set_defaults(func=cmd_arcs)
