"""Smoothers: one home for every curve drawn through a review's sentence scores.

- :func:`syuzhet_dct` (Jockers' syuzhet ``get_dct_transform``, exactly) and :func:`dct_arc`, its
  length-corrected form; :func:`dtt_dct2` / :func:`dtt_idct2` are R's ``dtt`` transforms.
- :func:`rolling_mean`: a centred moving average whose window is a share of the review.
- :func:`lowess`: Cleveland's (1979) robust LOWESS, a port of R's ``stats::lowess``.
- :func:`kernel_smooth`: Nadaraya-Watson regression with a Gaussian kernel (the per-layer arcs
  of :mod:`criticlens.treatment`).
- :func:`grid` and :func:`resample`: the common 0..1 axis every arc is put on.

Pure numpy, no pandas: arrays in, arrays out. :mod:`criticlens.sentiment.arcs` applies these to a
corpus; see its docstring for how a sentence becomes a point on a comparable curve.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np

Smoother = Literal["rolling", "lowess", "dct"]

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
#: Bandwidth of the per-layer kernel smoother, as a share of the review (see kernel_smooth).
LAYER_BANDWIDTH = 0.12


class ShortReviewError(ValueError):
    """A review has fewer sentences than the chosen smoother needs."""


class ShortReviewWarning(UserWarning):
    """A review too short for the chosen smoother got the rolling mean instead.

    Its own category, so that code which says so itself (a figure's note, see
    :func:`criticlens.viz.figsets.arcs.short_review_note`) can silence exactly this warning.
    """


# --------------------------------------------------------------------------------------------
# syuzhet's DCT (Jockers), dtt's transforms (Komsta)
# --------------------------------------------------------------------------------------------
def as_vector(values: Iterable[float], what: str = "values") -> np.ndarray:
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
    v = as_vector(x)
    n = v.size
    j = np.arange(n) + 0.5
    k = np.arange(n)
    return np.cos(np.pi / n * np.outer(k, j)) @ v


def dtt_idct2(X: Iterable[float]) -> np.ndarray:
    """Inverse DCT-II as R's ``dtt::dct(X, inverted = TRUE)`` (a scaled DCT-III).

    ``x[k] = (2/n) * (X[0]/2 + sum_{j>=1} X[j] cos(pi/n j (k + 1/2)))``; it undoes
    :func:`dtt_dct2` exactly. ``n`` must be at least 2 (dtt returns NA for ``n = 1``).
    """
    v = as_vector(X)
    n = v.size
    if n < 2:
        raise ValueError("the inverse DCT needs at least 2 values (dtt returns NA for 1)")
    j = np.arange(1, n)
    k = np.arange(n) + 0.5
    return (2.0 / n) * (0.5 * v[0] + np.cos(np.pi / n * np.outer(k, j)) @ v[1:])


def r_scale(v: np.ndarray) -> np.ndarray:
    """R's ``scale()`` of one vector: z-scores with the sample standard deviation."""
    sd = float(np.std(v, ddof=1)) if v.size > 1 else 0.0
    if not sd > 0:
        raise ValueError("scale_vals: the transformed values are constant (standard deviation 0);"
                         " R's scale() would return NaN. Use more coefficients or no scaling.")
    return (v - v.mean()) / sd


def syuzhet_rescale(v: Iterable[float]) -> np.ndarray:
    """syuzhet's ``rescale``: ``2 * (x - min(x)) / (max(x) - min(x)) - 1`` (range -1..1)."""
    x = as_vector(v)
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
    v = as_vector(values)
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
    if (scale_vals or scale_range) and not np.any(keepers[1:]):
        # only the constant (DC) coefficient is kept: the output is mathematically constant,
        # but the inverse transform leaves rounding noise whose z-scores would be garbage; R's
        # dtt returns an exact constant and scale() gives NaN (issue 17.16). Refuse, as documented.
        which = "scale_vals" if scale_vals else "scale_range"
        raise ValueError(f"{which}: the transformed values are constant (only the first DCT "
                         "coefficient is kept or non-zero); R would return NaN. Use more "
                         "coefficients (low_pass_size > 1) or no scaling.")
    if scale_vals:
        return r_scale(out)
    if scale_range:
        return syuzhet_rescale(out)
    return out


def dct_arc(values: Iterable[float], low_pass_size: int = DEFAULT_LOW_PASS_SIZE,
            x_reverse_len: int = DEFAULT_X_REVERSE_LEN) -> np.ndarray:
    """Length-corrected syuzhet DCT: ``syuzhet_dct(values, ...) * x_reverse_len / len(values)``.

    The result is on the scale of the input scores whatever the review length (the mean of the
    output equals the mean of ``values``), so arcs of long and short reviews can share an axis.
    """
    v = as_vector(values)
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
    v = as_vector(values)
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
            if r <= h1:
                w[j] = 1.0
            else:  # R's fcube(1 - fcube(r / h)): products, not pow (issue 17.15)
                q = r / h
                q = 1.0 - q * q * q
                w[j] = q * q * q
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
    xv = as_vector(x, "x")
    yv = as_vector(y, "y")
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
            q = r / cmad
            q = 1.0 - q * q
            # R's fsquare(1 - fsquare(r / cmad)): products, not ** (which differ in the last bit
            # and, on fits whose residuals are at rounding level, changed results by up to 1.06)
            rw = np.where(r <= 0.001 * cmad, 1.0, np.where(r <= 0.999 * cmad, q * q, 0.0))
    return ys


# --------------------------------------------------------------------------------------------
# guards and the common axis
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
    xv, yv = as_vector(x, "x"), as_vector(y, "y")
    if xv.size == 0 or xv.size != yv.size:
        raise ValueError("resample needs equal-length, non-empty x and y")
    if np.any(np.diff(xv) < 0):
        raise ValueError("resample needs x sorted ascending")
    return np.interp(grid(n_points), xv, yv)


# --------------------------------------------------------------------------------------------
# Gaussian kernel regression (per-layer arcs)
# --------------------------------------------------------------------------------------------
def kernel_smooth(x: Sequence[float], y: Sequence[float], *,
                  bandwidth: float = LAYER_BANDWIDTH) -> np.ndarray:
    """Nadaraya-Watson kernel regression of ``y`` on ``x`` evaluated at each ``x``.

    ``smooth(x_i) = sum_j w_ij y_j / sum_j w_ij`` with Gaussian weights
    ``w_ij = exp(-(x_i - x_j)**2 / (2 * bandwidth**2))``: a weighted mean of the layer's
    sentences, nearer sentences counting more. Unlike a rolling mean over k sentences it does not
    depend on how many sentences of the *other* layers sit in between.
    """
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y, dtype=float)
    if bandwidth <= 0:
        raise ValueError("bandwidth must be > 0")
    if len(xa) == 0:
        return np.array([], dtype=float)
    w = np.exp(-((xa[:, None] - xa[None, :]) ** 2) / (2 * bandwidth ** 2))
    return (w @ ya) / w.sum(axis=1)
