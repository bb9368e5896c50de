"""Arcs: syuzhet's DCT by hand, rolling-mean known answers, LOWESS, guards, band, crux."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.fft

import criticlens
from criticlens.sentiment import arcs as A
from criticlens.sentiment import engines as S

SQ3 = math.sqrt(3.0)


# ============================================================ syuzhet_dct (published definition)
def test_dtt_dct2_by_hand():
    # X[k] = sum_j x[j] cos(pi/n (j + 1/2) k), n = 3:
    # X0 = 1 + 2 + 3 = 6; X1 = cos(pi/6) + 2 cos(pi/2) + 3 cos(5pi/6) = -sqrt(3);
    # X2 = cos(pi/3) + 2 cos(pi) + 3 cos(5pi/3) = 1/2 - 2 + 3/2 = 0
    np.testing.assert_allclose(A.dtt_dct2([1, 2, 3]), [6.0, -SQ3, 0.0], atol=1e-12)


def test_dtt_inverse_undoes_forward():
    v = np.array([0.3, -1.2, 0.0, 2.5, 0.7, -0.4])
    np.testing.assert_allclose(A.dtt_idct2(A.dtt_dct2(v)), v, atol=1e-12)


def test_syuzhet_dct_three_values_by_hand():
    # keep X0 = 6, X1 = -sqrt(3), pad to 4; inverse: x[k] = (2/4)(6/2 + X1 cos(pi/4 (k + 1/2)))
    # = 1.5 - (sqrt(3)/2) cos(pi (2k + 1) / 8)
    expected = [1.5 - SQ3 / 2 * math.cos(math.pi * (2 * k + 1) / 8) for k in range(4)]
    got = A.syuzhet_dct([1, 2, 3], low_pass_size=2, x_reverse_len=4)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)
    assert got[0] == pytest.approx(0.699897, abs=1e-6)


def test_syuzhet_dct_alternating_by_hand():
    # x = (1, 0, -1, 0): X0 = 0, X1 = cos(pi/8) - cos(5pi/8) = cos(pi/8) + sin(pi/8).
    # N = 2: x[k] = (2/2)(0 + X1 cos(pi/2 (k + 1/2))) = +-X1 sqrt(2)/2 = +-cos(pi/8)
    c = math.cos(math.pi / 8)
    got = A.syuzhet_dct([1, 0, -1, 0], low_pass_size=2, x_reverse_len=2)
    np.testing.assert_allclose(got, [c, -c], rtol=0, atol=1e-9)


@pytest.mark.parametrize("n", [5, 10, 40])
@pytest.mark.parametrize("lps", [1, 3, 5])
def test_unscaled_output_grows_with_length(n, lps):
    # a constant c has only X0 = n c; the inverse over 100 points gives (2/100)(n c / 2) = n c / 100
    got = A.syuzhet_dct(np.full(n, 0.5), low_pass_size=lps, x_reverse_len=100)
    np.testing.assert_allclose(got, np.full(100, 0.5 * n / 100), atol=1e-12)
    # the length-corrected arc is back on the score scale
    np.testing.assert_allclose(A.dct_arc(np.full(n, 0.5), lps, 100), 0.5, atol=1e-12)


def test_full_band_round_trip_is_identity():
    v = np.array([0.2, -0.5, 0.9, 0.0, 0.4])
    np.testing.assert_allclose(A.syuzhet_dct(v, low_pass_size=5, x_reverse_len=5), v, atol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("lps, nrev", [(5, 100), (3, 50), (7, 7)])
def test_matches_independent_scipy_formulation(seed, lps, nrev):
    # dtt's DCT-II is half scipy's unnormalised type 2; dtt's inverse is twice scipy's idct,
    # so the two factors cancel: syuzhet = idct(pad(dct(x)[:L]))
    v = np.random.default_rng(seed).normal(size=23)
    ref = scipy.fft.idct(np.r_[scipy.fft.dct(v, type=2)[:lps], np.zeros(nrev - lps)], type=2)
    np.testing.assert_allclose(A.syuzhet_dct(v, lps, nrev), ref, rtol=0, atol=1e-9)


def test_scalings():
    v = np.array([0.1, 0.5, -0.3, 0.8, -0.6, 0.2, 0.0, 0.4])
    raw = A.syuzhet_dct(v)
    z = A.syuzhet_dct(v, scale_vals=True)
    np.testing.assert_allclose(z, (raw - raw.mean()) / raw.std(ddof=1), atol=1e-12)
    r = A.syuzhet_dct(v, scale_range=True)
    np.testing.assert_allclose(r, 2 * (raw - raw.min()) / (raw.max() - raw.min()) - 1, atol=1e-12)
    assert r.min() == -1.0 and r.max() == 1.0


@pytest.mark.parametrize("kwargs, err, match", [
    (dict(values=[1, 2, 3], low_pass_size=4), ValueError, "less than or equal to the length"),
    (dict(values=[1, 2, 3, 4, 5], scale_vals=True, scale_range=True), ValueError, "both be true"),
    (dict(values=[1, float("nan"), 3], low_pass_size=2), ValueError, "NaN"),
    (dict(values=[1, 2, 3], low_pass_size=0), ValueError, "at least 1"),
    (dict(values=[1, 2, 3], low_pass_size=3, x_reverse_len=2), ValueError, "x_reverse_len"),
    (dict(values=[1, 1, 1], low_pass_size=1, scale_vals=True), ValueError, "constant"),
    (dict(values=["a", "b"], low_pass_size=1), TypeError, "numeric"),
])
def test_syuzhet_dct_errors(kwargs, err, match):
    with pytest.raises(err, match=match):
        A.syuzhet_dct(**kwargs)


def test_dct_arc_keeps_the_mean_and_ignores_length():
    v = np.array([0.4, -0.2, 0.1, 0.6, -0.5, 0.3])
    assert A.dct_arc(v).mean() == pytest.approx(v.mean(), abs=1e-12)
    # the same review told at double length: unscaled doubles, corrected stays put
    v2 = np.repeat(v, 2)
    assert A.syuzhet_dct(v2).mean() == pytest.approx(2 * A.syuzhet_dct(v).mean(), abs=1e-12)
    assert A.dct_arc(v2).mean() == pytest.approx(A.dct_arc(v).mean(), abs=1e-12)


# ============================================================ rolling mean
@pytest.mark.parametrize("n, window, k", [
    (5, 0.6, 3), (5, 0.4, 3), (5, 0.1, 1), (28, 0.1, 3), (14, 0.1, 1), (15, 0.1, 3),
    (4, 1.0, 5), (100, 0.1, 11)])
def test_window_size(n, window, k):
    assert A.window_size(n, window) == k


@pytest.mark.parametrize("values, window, expected", [
    ([1, 2, 3, 4, 5], 0.6, [1.5, 2, 3, 4, 4.5]),          # k=3: edges average 2 values
    ([1, 2, 3, 4], 1.0, [2, 2.5, 2.5, 3]),                # k=5 on 4 values: cut to what exists
    ([4, 0, 8], 0.1, [4, 0, 8]),                          # k=1: no smoothing
    ([0, 0, 10, 0, 0, 0, 0], 0.4, [0, 10 / 3, 10 / 3, 10 / 3, 0, 0, 0]),
    ([2.0], 0.1, [2.0]),
])
def test_rolling_mean_known_answers(values, window, expected):
    got = A.rolling_mean(values, window)
    np.testing.assert_allclose(got, expected, atol=1e-12)
    assert not np.isnan(got).any()


@pytest.mark.parametrize("window", [0, -0.1, 1.5])
def test_rolling_window_out_of_range(window):
    with pytest.raises(ValueError, match="share"):
        A.rolling_mean([1, 2, 3], window)


# ============================================================ LOWESS
X15 = np.array([0.02, 0.09, 0.15, 0.22, 0.31, 0.38, 0.45, 0.5, 0.58, 0.66, 0.71, 0.8, 0.86, 0.93,
                0.98])
Y15 = np.array([0.1, 0.4, -0.2, 0.5, 0.9, 0.3, -0.6, -0.1, 0.2, 1.8, 0.4, 0.0, -0.3, 0.6, 0.2])
# reference: statsmodels 0.15.0 lowess(Y15, X15, frac, it, delta=0.0) (also a clowess port)
REF = {
    (0.5, 0): [0.058130583921, 0.172054566773, 0.281686949747, 0.394206496664, 0.387327127208,
               0.223526997794, 0.029482639855, 0.014854144948, 0.42566599337, 0.701330906671,
               0.60491433888, 0.300209329814, 0.235809580853, 0.17654284244, 0.175225043548],
    (0.5, 3): [0.098542092287, 0.207262222068, 0.307258870146, 0.406474978498, 0.421910822878,
               0.278794063011, 0.122163619935, 0.013586599941, 0.11666128882, 0.227273430259,
               0.191699030894, 0.134938667357, 0.167890148441, 0.210523650707, 0.261243302087],
    (2 / 3, 3): [0.221649779646, 0.238455887903, 0.243886349459, 0.237254316604,
                 0.221183939616, 0.19744882583, 0.161320898836, 0.133456226901, 0.086752830553,
                 0.078545217752, 0.112935560823, 0.161914311708, 0.183976618136,
                 0.206122315862, 0.224782688299],
}


@pytest.mark.parametrize("frac, it", list(REF))
def test_lowess_matches_reference(frac, it):
    got = A.lowess(X15, Y15, frac=frac, iterations=it, delta=0)
    np.testing.assert_allclose(got, REF[(frac, it)], rtol=0, atol=1e-9)


def test_lowess_by_hand_symmetric_point():
    # frac=1 on x=0..4: at x=2 the radius is 2, weights tricube(1/2) = (7/8)^3 at x=1,3, 1 at x=2,
    # 0 at x=0,4; symmetric, so the fit is the weighted mean of y=(0,0,1,0,0): 1/(1 + 2(7/8)^3)
    got = A.lowess([0, 1, 2, 3, 4], [0, 0, 1, 0, 0], frac=1.0, iterations=0, delta=0)
    assert got[2] == pytest.approx(256 / 599, abs=1e-12)


@pytest.mark.parametrize("frac", [0.3, 0.5, 1.0])
def test_lowess_reproduces_a_line(frac):
    x = np.linspace(0.03, 0.97, 12)
    got = A.lowess(x, 1 - 2 * x, frac=frac)
    np.testing.assert_allclose(got, 1 - 2 * x, atol=1e-12)


def test_lowess_weighted_least_squares_definition():
    # without robustness, each fit is the WLS line through the ns nearest points with tricube
    # weights relative to the farthest of them, evaluated at that x
    rng = np.random.default_rng(7)
    x = np.sort(rng.uniform(0, 1, 11))
    y = rng.normal(size=11)
    got = A.lowess(x, y, frac=0.6, iterations=0, delta=0)
    ns = A.lowess_neighbours(11, 0.6)
    for i in range(11):
        d = np.abs(x - x[i])
        h = np.sort(d)[ns - 1]
        w = np.where(d < 0.999 * h, (1 - (d / h) ** 3) ** 3, 0.0)
        sw = np.sqrt(w)
        coef = np.linalg.lstsq(np.c_[np.ones(11), x] * sw[:, None], y * sw, rcond=None)[0]
        assert got[i] == pytest.approx(coef[0] + coef[1] * x[i], abs=1e-9)


def test_lowess_rejects_unsorted_and_mismatched():
    with pytest.raises(ValueError, match="sorted"):
        A.lowess([0.5, 0.1, 0.9], [1, 2, 3])
    with pytest.raises(ValueError, match="differ"):
        A.lowess([0.1, 0.2], [1, 2, 3])


# ============================================================ guards and the common axis
@pytest.mark.parametrize("smoother, kw, need", [
    ("rolling", {}, 1), ("lowess", {"frac": 0.5}, 6), ("lowess", {"frac": 1.0}, 3),
    ("lowess", {"frac": 0.3}, 10), ("dct", {"low_pass_size": 5}, 5)])
def test_min_sentences(smoother, kw, need):
    assert A.min_sentences(smoother, **kw) == need


def test_grid_and_resample():
    g = A.grid(100)
    assert g.size == 100 and g[0] == pytest.approx(0.005) and g[-1] == pytest.approx(0.995)
    # linear between points, flat outside
    r = A.resample([0.25, 0.75], [0.0, 1.0], n_points=4)   # grid 0.125, 0.375, 0.625, 0.875
    np.testing.assert_allclose(r, [0.0, 0.25, 0.75, 1.0])


def test_short_review_raises_with_its_name():
    with pytest.raises(A.ShortReviewError, match=r"review X: 3 sentence\(s\), the dct smoother "
                                                 r"needs at least 5"):
        A.smooth_review([0.2, 0.5, 0.8], [0.1, 0.2, 0.3], smoother="dct", on_short="raise",
                        name="review X")


def test_short_review_fallback_is_documented_not_nan():
    with pytest.warns(UserWarning, match="drawn with the rolling mean instead"):
        vals, used = A.smooth_review([0.2, 0.5, 0.8], [0.1, 0.2, 0.3], smoother="lowess",
                                     name="review X")
    assert used == "rolling"
    assert vals.size == 100 and np.isfinite(vals).all()


def test_dct_review_mapped_to_word_positions():
    # four sentences with scores 1, 0, -1, 0 at uneven positions; the corrected DCT with all
    # coefficients kept passes through the scores at the sentence midpoints
    pos = np.array([0.1, 0.2, 0.6, 0.9])
    vals, used = A.smooth_review(pos, [1, 0, -1, 0], smoother="dct", low_pass_size=4,
                                 n_points=100)
    assert used == "dct"
    g = A.grid(100)
    assert np.isfinite(vals).all()
    assert vals[np.argmin(np.abs(g - 0.6))] < -0.8   # the low sits at the third sentence


# ============================================================ corpus level
@pytest.fixture
def corpus5():
    # five sentences of three words each: sentence i spans words 3i..3i+2 of 15
    text = "Alpha beta gamma. Delta epsilon zeta. Eta theta iota. Kappa lambda mu. Nu xi omicron."
    return criticlens.corpus_from_texts({"r1": text, "r2": "Short one here."},
                                        critics={"r1": "Ann", "r2": "Bob"})


@pytest.fixture
def fixed_engines():
    # two engines with known scores: sentence index (by first word) and its negative
    order = {"alpha": 0, "delta": 1, "eta": 2, "kappa": 3, "nu": 4, "short": 2}

    class Idx:
        name = "idx"
        measures = ("v",)
        primary = "v"

        def score_many(self, texts):
            return {"v": [float(order[t.split()[0].lower()]) for t in texts]}

    class Neg(Idx):
        name = "neg"

        def score_many(self, texts):
            return {"v": [-x for x in Idx.score_many(self, texts)["v"]]}

    class Flat(Idx):
        name = "flat"

        def score_many(self, texts):
            return {"v": [0.0 for _ in texts]}

    for e in (Idx(), Neg(), Flat()):
        S.register_engine(e.name, e, replace=True)
    yield
    for n in ("idx", "neg", "flat"):
        S.unregister_engine(n)


def test_arc_points_positions(corpus5, fixed_engines):
    pts = A.arc_points(corpus5, engines=("idx",))
    r1 = pts[pts["review_id"] == "r1"]
    np.testing.assert_allclose(r1["position"], [(3 * i + 1.5) / 15 for i in range(5)])
    assert r1["score"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert list(pts.columns) == list(A.POINT_COLUMNS)
    assert r1["label"].unique().tolist() == ["Ann"]


def test_critic_arcs_band_and_fallback(corpus5, fixed_engines):
    with pytest.warns(UserWarning, match=r"1 review\(s\) have fewer than the 2 sentences the dct smoother needs: r2 \(1\)"):
        arcs = A.critic_arcs(corpus5, engines=("idx", "neg"), smoother="dct", low_pass_size=2)
    assert list(arcs.columns) == list(A.ARC_COLUMNS)
    assert len(arcs) == 2 * 2 * 100
    assert np.isfinite(arcs["value"]).all()
    used = arcs.groupby("review_id")["smoother"].unique()
    assert used["r1"].tolist() == ["dct"] and used["r2"].tolist() == ["rolling"]
    band = A.arc_band(arcs)
    assert len(band) == 200 and list(band.columns) == list(A.BAND_COLUMNS)
    # idx and neg mirror each other: centre 0, band symmetric
    np.testing.assert_allclose(band["center"], 0.0, atol=1e-12)
    np.testing.assert_allclose(band["hi"], -band["lo"], atol=1e-12)
    assert (band["n_engines"] == 2).all()


def test_critic_arcs_raise_mode(corpus5, fixed_engines):
    with pytest.raises(A.ShortReviewError, match="r2"):
        A.critic_arcs(corpus5, engines=("idx",), smoother="dct", low_pass_size=2,
                      on_short="raise")


def test_rolling_arc_on_corpus_by_hand(corpus5, fixed_engines):
    arcs = A.critic_arcs(corpus5, engines=("idx",), smoother="rolling", window=0.6)
    r1 = arcs[arcs["review_id"] == "r1"]
    # k=3 rolling mean of 0..4 = 0.5, 1, 2, 3, 3.5 at positions 0.1, 0.3, 0.5, 0.7, 0.9
    g = A.grid(100)
    expected = np.interp(g, [0.1, 0.3, 0.5, 0.7, 0.9], [0.5, 1, 2, 3, 3.5])
    np.testing.assert_allclose(r1["value"], expected, atol=1e-12)


def test_scale_options(corpus5, fixed_engines):
    one = criticlens.corpus_from_texts({"r1": corpus5.raw("r1")})
    arcs = A.critic_arcs(one, engines=("idx",), smoother="rolling", window=0.6, scale="range")
    assert arcs["value"].min() == -1 and arcs["value"].max() == 1
    z = A.critic_arcs(one, engines=("idx",), smoother="rolling", window=0.6, scale="z")
    assert z["value"].mean() == pytest.approx(0, abs=1e-12)
    assert z["value"].std(ddof=1) == pytest.approx(1)
    for scale in ("z", "range"):   # r2 has one sentence: its arc is flat, nothing to scale
        with pytest.raises(ValueError, match=r"review r2 \(Bob\).*flat arc"):
            A.critic_arcs(corpus5, engines=("idx",), scale=scale)


def test_engine_agreement(corpus5, fixed_engines):
    ag = A.engine_agreement(corpus5, engines=("idx", "neg", "flat"))
    r1 = ag[ag["review_id"] == "r1"].set_index(["engine_a", "engine_b"])
    assert r1.loc[("idx", "neg"), "pearson"] == pytest.approx(-1.0)
    assert r1.loc[("idx", "neg"), "spearman"] == pytest.approx(-1.0)
    # signs agree only where both are 0 (sentence 0)
    assert r1.loc[("idx", "neg"), "sign_agreement"] == pytest.approx(1 / 5)
    assert r1.loc[("idx", "neg"), "mean_abs_diff"] == pytest.approx(2 * (0 + 1 + 2 + 3 + 4) / 5)
    assert np.isnan(r1.loc[("idx", "flat"), "pearson"])
    assert "flat gives every sentence the same score" in r1.loc[("idx", "flat"), "note"]
    r2 = ag[ag["review_id"] == "r2"]
    assert r2["note"].str.contains("only 1 sentence").all()


@pytest.mark.parametrize("values, peaks, valleys", [
    ([0, 1, 0, 2, 2, 1, 3], [1, 3, 6], [0, 2, 5]),
    ([1, 1, 1], [], []),
    ([3, 2, 1], [0], [2]),
    ([0, 1, 1, 0], [1], [0, 3]),
])
def test_local_extrema(values, peaks, valleys):
    assert A.local_extrema(values) == (peaks, valleys)


def test_crux_finds_the_sentence_and_its_neighbours(corpus5):
    g = A.grid(100)
    band = pd.DataFrame({"review_id": "r1", "label": "Ann", "smoother": "rolling", "x": g,
                         "center": -(g - 0.5) ** 2, "lo": 0.0, "hi": 0.0, "n_engines": 1})
    cx = A.crux(corpus5, band, top=2, context=1)
    peak = cx[cx["kind"] == "peak"]
    assert len(peak) == 1
    p = peak.iloc[0]
    # x = 0.495 lies in words 6..8 of 15 (0.4..0.6): sentence 2, with sentences 1 and 3 around it
    assert p["x"] == pytest.approx(0.495)
    assert p["sent_id"] == 2 and p["text"] == "Eta theta iota."
    assert (p["context_first"], p["context_last"]) == (1, 3)
    assert p["context"] == "Delta epsilon zeta. Eta theta iota. Kappa lambda mu."
    assert p["at"] == "interior"
    # both ends are equally low, but the arc does not turn there: no valley by default
    assert cx[cx["kind"] == "valley"].empty
    ends = A.crux(corpus5, band, top=2, context=1, endpoints=True)
    valleys = ends[ends["kind"] == "valley"]
    assert valleys["sent_id"].tolist() == [0, 4]
    assert valleys["at"].tolist() == ["start", "end"]
    assert valleys.iloc[0]["context"] == "Alpha beta gamma. Delta epsilon zeta."


LEXICONS = ("textblob", "vader")


def test_crux_on_the_bundled_film(bv_corpus):
    """The lexicons' arc (the critic engine's is the default: next test)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # no short-review fallback on the seeds
        cx = A.crux(bv_corpus, smoother="dct", engines=LEXICONS)
    assert set(cx["review_id"]) == set(bv_corpus.review_ids)
    assert (cx["at"] == "interior").all() and (cx["x"] > 0.005).all() and (cx["x"] < 0.995).all()
    # Kryza's last sentence ("It's a triumph that stings to the core", +0.33) closes the arc on
    # a local low without the tone turning there: not a valley
    assert not cx["text"].str.contains("stings to the core").any()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        both = A.crux(bv_corpus, smoother="dct", endpoints=True, engines=LEXICONS)
    kryza_end = both[both["text"].str.contains("stings to the core")]
    assert len(kryza_end) == 1 and kryza_end["at"].iat[0] == "end" and kryza_end["kind"].iat[0] == "valley"
    for row in cx.itertuples():
        assert row.text in row.context
        assert row.text in bv_corpus.raw(row.review_id)


def test_crux_follows_the_critics_voice_by_default(bv_corpus):
    from criticlens.paths import BUNDLED_FILM
    from criticlens.treatment.core import load_sentence_labels

    assert A.CRUX_ENGINES == ("critic-voice",)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cx = A.crux(bv_corpus, top=1, context=0)       # the default smoother (rolling)
    hand = load_sentence_labels(BUNDLED_FILM / "labels" / "sentence_classes.csv").set_index(
        ["review_id", "sent_id"])["label"]
    peaks = cx[cx["kind"] == "peak"]
    assert set(peaks["review_id"]) == set(bv_corpus.review_ids)
    # each critic's highest turning point is a sentence of judgement (by the hand labels), e.g.
    # Kyle Smith's "the force of its compassion is equal to the strain of its sorrows"
    assert all(hand[(r, s)] == "judgement" for r, s in zip(peaks["review_id"], peaks["sent_id"]))
    assert peaks["text"].str.contains("force of its compassion").any()


def test_lowess_with_mostly_zero_residuals_warns_nothing():
    x = np.linspace(0.05, 0.95, 9)
    y = np.zeros(9)
    y[4] = 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = A.lowess(x, y, frac=0.5)
    assert np.isfinite(out).all()


# ============================================================ command line
def _run(capsys, *argv):
    from criticlens.cli.main import main

    rc = main(list(argv))
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def test_cli_sentiment_csv(capsys, bv_corpus):
    import io

    rc, out, _ = _run(capsys, "sentiment", "blue-valentine", "--format", "csv")
    assert rc == 0
    df = pd.read_csv(io.StringIO(out), dtype={"review_id": str})
    assert list(df.columns) == ["review_id", "sent_id", "engine", "measure", "score"]
    assert len(df) == 6 * len(bv_corpus.sentences)


def test_cli_arcs_and_crux(capsys, tmp_path):
    import io

    rc, out, _ = _run(capsys, "arcs", "blue-valentine", "--format", "csv", "--smoother",
                      "rolling", "--points", "50")
    assert rc == 0
    df = pd.read_csv(io.StringIO(out))
    assert list(df.columns) == list(A.BAND_COLUMNS) and len(df) == 3 * 50
    assert set(df["smoother"]) == {"rolling"}
    target = tmp_path / "crux.csv"
    rc, _, _ = _run(capsys, "arcs", "blue-valentine", "--crux", "--top", "1", "--format", "csv",
                    "--out", str(target))
    cx = pd.read_csv(target)
    assert rc == 0 and set(cx["kind"]) == {"peak", "valley"}
    assert (cx.groupby(["review_id", "kind"]).size() == 1).all()


def test_cli_wordlist_and_errors(capsys, tmp_path):
    import io

    lex = tmp_path / "lex.csv"
    lex.write_text("word,score\nlove,1\nfilm,0.5\n", encoding="utf-8")
    try:
        rc, out, _ = _run(capsys, "sentiment", "blue-valentine", "--engines", "vader",
                          "--wordlist", f"clilex={lex}", "--format", "csv")
        assert rc == 0
        df = pd.read_csv(io.StringIO(out))
        assert set(df["engine"]) == {"vader", "clilex"}
    finally:
        S.unregister_engine("clilex")
    rc, _, err = _run(capsys, "arcs", "blue-valentine", "--wordlist", "nonsense")
    assert rc != 0 and "NAME=PATH" in err
    rc, _, err = _run(capsys, "arcs", "blue-valentine", "--engines", "nope")
    assert rc != 0 and "no sentiment engine 'nope'" in err


def test_short_reviews_are_reported_in_one_warning_with_a_count():
    """Seven one-sentence reviews under the DCT: one warning naming the count, not fourteen."""
    import warnings

    import pandas as pd

    from criticlens.scale.tables import load_table

    texts = [f"Review number {i} is a fine and lovely film." for i in range(7)]
    corpus = load_table(pd.DataFrame({"text": texts}), film=None, progress=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        arcs = A.critic_arcs(corpus, smoother="dct")
    msgs = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert len(msgs) == 1, msgs
    assert msgs[0].startswith("7 review(s) have fewer than the 5 sentences the dct smoother needs: "
                              "1 (1), 2 (1), 3 (1), 4 (1), 5 (1) and 2 more;")
    assert set(arcs["smoother"]) == {"rolling"}


# ---- issue 17, items 15-16: exactness at the edges against the reference implementations ------
def test_lowess_robustness_weights_use_products_like_r():
    """R's clowess computes weights with products (fcube, fsquare). With ``**`` this degenerate
    fit (first-pass residuals at rounding level) ended at 0.0; R's ``stats::lowess`` gives 1.0
    (found by running R on 1,118 cases; all agree within 1.24e-12 with products)."""
    got = A.lowess([0.1, 0.13, 0.5, 0.68, 0.79, 0.81, 0.97], [1, -1, 0.5, 0, 0.5, 0, 1], frac=0.5)
    assert abs(got[-1] - 1.0) < 1e-12  # was 0.0 with ** (a difference of 1.0)


@pytest.mark.parametrize("kw", [{"scale_vals": True}, {"scale_range": True}])
def test_syuzhet_dct_refuses_constant_output_where_r_gives_nan(kw):
    """low_pass_size=1 keeps only the DC coefficient: the output is constant, R's scale() gives
    NaN; np.std of the inverse transform's rounding noise is not 0, so this used to return
    z-scores of noise although the docstring promised a ValueError."""
    with pytest.raises(ValueError, match="only the first DCT coefficient"):
        A.syuzhet_dct([0.794427601939151], low_pass_size=1, x_reverse_len=10, **kw)
    # unscaled, the constant output is fine: c * n / x_reverse_len
    assert np.allclose(A.syuzhet_dct([0.5] * 4, low_pass_size=1, x_reverse_len=8), 0.25)
