"""Sentiment arcs: each review's sentence scores placed on one 0..1 axis and smoothed.

The pieces, from a sentence to a comparable curve:

1. **Position.** A sentence sits at its midpoint in words through the review body, 0..1
   (the ``position`` column of ``corpus.sentences``): ``(word_start + n_words / 2) / body_words``.
2. **Smoothers** (in :mod:`criticlens.sentiment.smooth`; each returns values at the sentence
   positions or on the grid):

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
   the rolling mean instead with a :class:`ShortReviewWarning` naming the review (one warning
   per :func:`critic_arcs` call, for every short review), and the ``smoother`` column says
   which smoother drew each curve; the figures say it in a note instead of warning. A review without body sentences is left out with a warning
   (or raises). No curve is ever silently NaN.
6. **Band** (:func:`arc_band`): the spread across engines. The centre line is the mean of the
   engines' smoothed arcs of their primary measures (TextBlob polarity, VADER compound, both
   -1..1); the band runs from the lowest to the highest engine arc at each point. A narrow band
   means the engines agree on the tone at that point of the review; with one engine the band
   has no width.
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from criticlens.sentiment.engines import DEFAULT_ENGINES, primary_scores, sentence_sentiment
from criticlens.sentiment.smooth import (DEFAULT_FRAC, DEFAULT_LOW_PASS_SIZE,  # noqa: F401  (re-exported)
                                         DEFAULT_LOWESS_DELTA_SHARE, DEFAULT_LOWESS_ITERATIONS,
                                         DEFAULT_WINDOW, DEFAULT_X_REVERSE_LEN,
                                         LOWESS_MIN_NEIGHBOURS, N_POINTS, ShortReviewError,
                                         ShortReviewWarning,
                                         Smoother, as_vector, dct_arc, dtt_dct2, dtt_idct2, grid,
                                         lowess, lowess_neighbours, min_sentences, resample,
                                         r_scale, rolling_mean, syuzhet_dct, syuzhet_rescale,
                                         window_size)

if TYPE_CHECKING:  # pragma: no cover
    from criticlens.corpus.load import Corpus

OnShort = Literal["fallback", "raise"]
Scale = Literal["none", "z", "range"]

ARC_COLUMNS = ("review_id", "label", "engine", "smoother", "x", "value")
BAND_COLUMNS = ("review_id", "label", "smoother", "x", "center", "lo", "hi", "n_engines")
POINT_COLUMNS = ("review_id", "label", "sent_id", "position", "engine", "measure", "score")


# --------------------------------------------------------------------------------------------
# guards, grid and one review's arc
# --------------------------------------------------------------------------------------------
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
    pos = as_vector(positions, "positions")
    val = as_vector(scores, "scores")
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
        warnings.warn(msg + "; drawn with the rolling mean instead", ShortReviewWarning,
                      stacklevel=3)
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
            return r_scale(v)
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
    fell_back: dict[str, int] = {}  # review id -> its sentences, for one warning for all
    for (rid, eng), g in pts.groupby(["review_id", "engine"], sort=False):
        name = f"review {rid} ({g['label'].iat[0]}), engine {eng}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # said once below, for every short review
            vals, used = smooth_review(g["position"].to_numpy(), g["score"].to_numpy(),
                                       smoother=smoother, window=window, frac=frac,
                                       low_pass_size=low_pass_size, n_points=n_points,
                                       on_short=on_short, name=name)
        if used != smoother:
            fell_back[str(rid)] = len(g)
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
    if fell_back:
        need = min_sentences(smoother, frac=frac, low_pass_size=low_pass_size)
        ids = list(fell_back)
        shown = ", ".join(f"{r} ({fell_back[r]})" for r in ids[:5]) + (
            f" and {len(ids) - 5} more" if len(ids) > 5 else "")
        warnings.warn(f"{len(ids)} review(s) have fewer than the {need} sentences the {smoother} "
                      f"smoother needs: {shown}; their arcs are drawn with the rolling mean "
                      f"instead (the 'smoother' column says which)", ShortReviewWarning,
                      stacklevel=2)
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
    v = as_vector(values)
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


#: Engines of the arc :func:`crux` reads when it builds the arc itself.
CRUX_ENGINES: tuple[str, ...] = ("critic-voice",)


def crux(corpus: Corpus, band: pd.DataFrame | None = None, *, top: int = 2, context: int = 1,
         scores: pd.DataFrame | None = None, endpoints: bool = False,
         **arc_options: object) -> pd.DataFrame:
    """The turning points of each critic's arc, with the sentences behind them.

    Takes the engine-mean arc (``center`` of :func:`arc_band`, built with ``arc_options`` when
    ``band`` is None; the engines default to :data:`CRUX_ENGINES`, the critic engine's polarity
    weighted by judgement, so that a peak is the critic's praise rather than a happy moment of
    the story), finds its local peaks and valleys (:func:`local_extrema`), keeps the
    ``top`` highest peaks and ``top`` lowest valleys per review, and attaches the sentence at
    that point of the review plus ``context`` sentences either side.

    A turning point is where the tone *turns*: by default only interior extremes count. The
    first or last point of an arc is "extreme" whenever the curve moves away from it (a review
    that ends on "a triumph that stings to the core" ends on a local low without turning
    anywhere); ``endpoints=True`` keeps those too, marked in the ``at`` column.

    Columns: ``review_id, label, kind`` (peak/valley), ``at`` (``interior``, or ``start`` /
    ``end`` for an arc's first / last point), ``rank`` (1 = most extreme), ``x``, ``value``,
    ``sent_id``, ``text`` (raw sentence), ``context_first``, ``context_last`` (sent ids),
    ``context`` (the raw sentences joined by a space).
    """
    if top < 1 or context < 0:
        raise ValueError("top must be >= 1 and context >= 0")
    if band is None:
        arc_options.setdefault("engines", CRUX_ENGINES)
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
        last = len(vs) - 1
        for kind, idx in (("peak", peaks), ("valley", valleys)):
            if not endpoints:
                idx = [i for i in idx if 0 < i < last]
            ranked = sorted(idx, key=lambda i: -vs[i] if kind == "peak" else vs[i])[:top]
            for r, i in enumerate(ranked, start=1):
                k = _sentence_at(sents, int(body_words[rid]), float(xs[i]))
                a, b = max(0, k - context), min(len(sents) - 1, k + context)
                at = "start" if i == 0 else "end" if i == last else "interior"
                rows.append({
                    "review_id": rid, "label": g["label"].iat[0], "kind": kind, "at": at,
                    "rank": r,
                    "x": float(xs[i]), "value": float(vs[i]),
                    "sent_id": int(sents["sent_id"].iat[k]), "text": str(sents["text"].iat[k]),
                    "context_first": int(sents["sent_id"].iat[a]),
                    "context_last": int(sents["sent_id"].iat[b]),
                    "context": " ".join(str(t) for t in sents["text"].iloc[a:b + 1]),
                })
    cols = ["review_id", "label", "kind", "at", "rank", "x", "value", "sent_id", "text",
            "context_first", "context_last", "context"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("review_id", "label", "kind", "at", "text", "context"):
        out[c] = out[c].astype("string")
    return out
