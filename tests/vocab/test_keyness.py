"""Keyness: log_odds_z (Monroe et al. 2008) and log_likelihood (Rayson & Garside 2000) against
values worked out by hand from the published formulas, to 1e-9."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from criticlens.vocab.keyness import (
    LL_P0001, LL_P001, LL_P01, LL_P05, NOT_SIGNIFICANT, RESULT_COLUMNS,
    dirichlet_prior, keyness, log_likelihood, log_odds_z, log_ratio, significance_label,
    top_terms,
)

# --- log_odds_z ------------------------------------------------------------------------------
# counts_i = {a: 2, b: 1} (n_i = 3); counts_j = {a: 1, c: 3} (n_j = 4);
# prior α = {a: 1, b: .5, c: .5, d: 1} (α_0 = 3; d is used by neither side).
CI = {"a": 2, "b": 1}
CJ = {"a": 1, "c": 3}
PRIOR = {"a": 1.0, "b": 0.5, "c": 0.5, "d": 1.0}
# By hand:
# a: δ = ln(3/(3+3-2-1)) - ln(2/(4+3-1-1)) = ln(3/3) - ln(2/5) = ln 2.5;  Var = 1/3 + 1/2 = 5/6
# b: δ = ln(1.5/4.5) - ln(0.5/6.5) = ln(13/3);                              Var = 1/1.5 + 1/0.5 = 8/3
# c: δ = ln(0.5/5.5) - ln(3.5/3.5) = -ln 11;                                Var = 1/0.5 + 1/3.5 = 16/7
EXPECTED_Z = {
    "a": math.log(2.5) / math.sqrt(5 / 6),
    "b": math.log(13 / 3) / math.sqrt(8 / 3),
    "c": -math.log(11) / math.sqrt(16 / 7),
}


def test_log_odds_z_matches_hand_values():
    z = log_odds_z(CI, CJ, PRIOR)
    assert isinstance(z, pd.Series)
    assert list(z.index) == ["a", "b", "c"]  # every term either side uses; d is prior-only
    for term, want in EXPECTED_Z.items():
        assert z[term] == pytest.approx(want, abs=1e-9)


def test_log_odds_z_delta_and_var():
    df = log_odds_z(CI, CJ, PRIOR, return_delta=True)
    assert df.loc["a", "delta"] == pytest.approx(math.log(2.5), abs=1e-9)
    assert df.loc["b", "var"] == pytest.approx(8 / 3, abs=1e-9)
    assert df.loc["c", "delta"] == pytest.approx(-math.log(11), abs=1e-9)


def test_log_odds_z_antisymmetric_and_accepts_series():
    z1 = log_odds_z(pd.Series(CI), pd.Series(CJ), pd.Series(PRIOR))
    z2 = log_odds_z(CJ, CI, PRIOR)
    pd.testing.assert_series_equal(z1, -z2)


@pytest.mark.parametrize("prior, msg", [
    ({"a": 1.0, "b": 0.5}, "no positive pseudo-count"),  # c missing
    ({"a": 1.0, "b": 0.5, "c": 0.0}, "no positive pseudo-count"),
    ({"a": 1.0, "b": -0.5, "c": 1.0}, ">= 0"),
])
def test_log_odds_z_bad_prior(prior, msg):
    with pytest.raises(ValueError, match=msg):
        log_odds_z(CI, CJ, prior)


def test_dirichlet_prior_scaling_and_floor():
    bg = {"x": 6, "y": 2}
    assert dirichlet_prior(bg) == {"x": 6.0, "y": 2.0}
    p = dirichlet_prior(bg, alpha0=4.0, vocabulary=["x", "z"], floor=0.25)
    assert p == {"x": 3.0, "y": 1.0, "z": 0.25}
    with pytest.raises(ValueError, match="empty"):
        dirichlet_prior({})


# --- log_likelihood / log_ratio ---------------------------------------------------------------
# (a, b, c, d) -> LL by hand:
# 10, 5, 100, 200: E1 = 100*15/300 = 5, E2 = 10; LL = 2(10 ln 2 + 5 ln .5) = 10 ln 2
# 0, 6, 50, 100:   E2 = 100*6/150 = 4;           LL = 2(0 + 6 ln 1.5) = 12 ln 1.5
# 3, 3, 10, 10:    E1 = E2 = 3;                   LL = 0
# 1, 0, 4, 12:     E1 = 4*1/16 = .25;             LL = 2 ln 4
LL_CASES = [
    (10, 5, 100, 200, 10 * math.log(2)),
    (0, 6, 50, 100, 12 * math.log(1.5)),
    (3, 3, 10, 10, 0.0),
    (1, 0, 4, 12, 2 * math.log(4)),
]


@pytest.mark.parametrize("a, b, c, d, want", LL_CASES)
def test_log_likelihood_scalar(a, b, c, d, want):
    got = log_likelihood(a, b, c, d)
    assert isinstance(got, float)
    assert got == pytest.approx(want, abs=1e-9)


def test_log_likelihood_vectorised_and_series():
    a, b, c, d, want = (np.array(x, dtype=float) for x in zip(*LL_CASES))
    got = log_likelihood(a, b, c, d)
    assert isinstance(got, np.ndarray)
    np.testing.assert_allclose(got, want, atol=1e-9, rtol=0)
    s = pd.Series([10, 0], index=["love", "hate"])
    out = log_likelihood(s, pd.Series([5, 6], index=s.index), 100, 200)
    assert list(out.index) == ["love", "hate"]
    assert out["love"] == pytest.approx(10 * math.log(2), abs=1e-9)
    # broadcast scalars c, d against arrays a, b: 0, 6 in 100, 200 -> E2 = 4, LL = 12 ln 1.5
    assert out["hate"] == pytest.approx(12 * math.log(1.5), abs=1e-9)


@pytest.mark.parametrize("args", [(-1, 2, 10, 10), (1, 2, 0, 10), (11, 2, 10, 10)])
def test_log_likelihood_rejects_bad_counts(args):
    with pytest.raises(ValueError):
        log_likelihood(*args)


@pytest.mark.parametrize("a, b, c, d, want", [
    (10, 5, 100, 200, 2.0),                # (0.1)/(0.025) = 4
    (3, 3, 10, 10, 0.0),
    (0, 6, 50, 100, math.log2((0.5 / 50) / (6 / 100))),   # zero -> 0.5 (Hardie 2014)
    (4, 0, 100, 100, math.log2(4 / 0.5)),
])
def test_log_ratio(a, b, c, d, want):
    assert log_ratio(a, b, c, d) == pytest.approx(want, abs=1e-9)


def test_significance_levels():
    assert (LL_P05, LL_P01, LL_P001, LL_P0001) == (3.84, 6.63, 10.83, 15.13)
    got = significance_label([0.0, 3.85, 6.64, 10.84, 15.14, 3.84])
    assert list(got) == [NOT_SIGNIFICANT, "p<0.05", "p<0.01", "p<0.001", "p<0.0001", NOT_SIGNIFICANT]
    zl = significance_label([-2.0, 1.0, 4.0], method="log_odds")
    assert list(zl) == ["p<0.05", NOT_SIGNIFICANT, "p<0.0001"]


# --- corpus driver ----------------------------------------------------------------------------

def _counts() -> pd.DataFrame:
    rows = [("Ann", "a", 2), ("Ann", "b", 1), ("Bo", "a", 1), ("Bo", "c", 3), ("Cy", "c", 1)]
    return pd.DataFrame(rows, columns=["critic", "term", "count"])


def test_keyness_one_vs_rest_log_odds_uses_pooled_prior():
    res = keyness(_counts(), method="log_odds")
    assert list(res.columns) == RESULT_COLUMNS
    assert list(dict.fromkeys(res["critic"])) == ["Ann", "Bo", "Cy"]
    ann = res[res["critic"] == "Ann"].set_index("term")
    # pooled prior: a=3, b=1, c=4 (α0 = 8); Ann a=2,b=1 (n=3) vs rest a=1,c=4 (n=5)
    want_a = (math.log((2 + 3) / (3 + 8 - 2 - 3)) - math.log((1 + 3) / (5 + 8 - 1 - 3))) \
        / math.sqrt(1 / 5 + 1 / 4)
    assert ann.loc["a", "score"] == pytest.approx(want_a, abs=1e-9)
    assert ann.loc["a", "count"] == 2 and ann.loc["a", "other_count"] == 1
    assert ann.loc["a", "rate"] == pytest.approx(2 / 3 * 1000)
    assert set(res["other"]) == {"rest"}
    assert (res.groupby("critic", sort=False)["score"].apply(lambda s: s.is_monotonic_decreasing)).all()


def test_keyness_log_likelihood_pairwise():
    res = keyness(_counts(), method="log_likelihood", mode="pairwise")
    pairs = list(dict.fromkeys(zip(res["critic"], res["other"])))
    assert pairs == [("Ann", "Bo"), ("Ann", "Cy"), ("Bo", "Ann"), ("Bo", "Cy"), ("Cy", "Ann"), ("Cy", "Bo")]
    row = res[(res["critic"] == "Bo") & (res["other"] == "Ann") & (res["term"] == "c")].iloc[0]
    # Bo c=3 of 4, Ann c=0 of 3
    assert row["score"] == pytest.approx(log_likelihood(3, 0, 4, 3), abs=1e-12)
    assert row["effect_size"] == pytest.approx(math.log2((3 / 4) / (0.5 / 3)), abs=1e-9)
    neg = res[(res["critic"] == "Ann") & (res["other"] == "Bo") & (res["term"] == "c")].iloc[0]
    assert neg["score"] == pytest.approx(-row["score"], abs=1e-12)  # signed: Ann uses c less


def test_keyness_background_prior_and_top_terms():
    res = keyness(_counts(), background={"a": 100, "b": 1}, alpha0=10)
    assert np.isfinite(res["score"]).all()  # c missing from background got the floor
    top = top_terms(res, 1)
    assert list(top["critic"]) == ["Ann", "Bo", "Cy"]
    assert (top["score"] > 0).all()
    under = top_terms(res, 1, direction="under")
    assert (under["score"] < 0).all()


def test_keyness_of_one_critic_is_empty_with_the_columns():
    """One critic: nobody to set them apart from, an empty result (not an error)."""
    for method in ("log_odds", "log_likelihood"):
        res = keyness(_counts()[lambda d: d["critic"] == "Ann"], method=method)
        assert res.empty and list(res.columns) == RESULT_COLUMNS
        assert top_terms(res, 5).empty


def test_distinctive_terms_of_a_one_critic_corpus_is_empty():
    import criticlens
    from criticlens.vocab.keyness import distinctive_terms

    c = criticlens.corpus_from_texts({"r1": "Gravel roads and gravel dust. Dust again."},
                                     critics={"r1": "Ann"})
    res = distinctive_terms(c, mode="pairwise")
    assert res.empty and list(res.columns) == RESULT_COLUMNS


def test_distinctive_terms_on_bundled_corpus(bv_corpus):
    from criticlens.vocab.keyness import distinctive_terms
    from criticlens.vocab.counts import term_counts

    labels = list(bv_corpus.labels().values())
    res = distinctive_terms(bv_corpus, method="log_likelihood", plurals="keep")
    assert list(dict.fromkeys(res["critic"])) == labels
    tc = term_counts(bv_corpus)
    # each critic's rows cover its whole vocabulary plus the rest's, counts as in term_counts
    first = labels[0]
    mine = tc[tc["critic"] == first].set_index("term")["count"]
    rows = res[res["critic"] == first].set_index("term")
    assert (rows.loc[mine.index, "count"] == mine).all()
    n_i, n_j = mine.sum(), tc[tc["critic"] != first]["count"].sum()
    t = rows.index[0]
    assert abs(rows.loc[t, "score"]) == pytest.approx(
        log_likelihood(rows.loc[t, "count"], rows.loc[t, "other_count"], n_i, n_j), abs=1e-9)


def test_log_odds_z_matches_published_fightin_words_example():
    """The worked example in the README of the ``fightin_words`` package (an implementation of
    Monroe et al. 2008): two sentences, uniform prior 0.05 over the 11-word vocabulary; its
    expected output lists z = ±0.6894227886807968 for the one-sided words and 0 for the rest."""
    from collections import Counter

    d1 = Counter("the quick brown fox jumps over the lazy pig".split())
    d2 = Counter("the lazy purple pig jumps over the lazier donkey".split())
    prior = {w: 0.05 for w in set(d1) | set(d2)}
    z = log_odds_z(d1, d2, prior)
    published = 0.6894227886807968
    for w in ("brown", "fox", "quick"):
        assert z[w] == pytest.approx(published, abs=1e-9)
    for w in ("donkey", "lazier", "purple"):
        assert z[w] == pytest.approx(-published, abs=1e-9)
    for w in ("jumps", "lazy", "over", "pig", "the"):
        assert z[w] == pytest.approx(0.0, abs=1e-9)


def test_log_likelihood_equals_g_statistic_of_scipy():
    """Rayson & Garside's LL is the G statistic 2 Σ O ln(O/E) over the two observed cells."""
    from scipy.stats import power_divergence

    rng = np.random.default_rng(4)
    c, d = 1234.0, 5678.0
    a = rng.integers(0, 60, 50).astype(float)
    b = rng.integers(1, 60, 50).astype(float)
    ours = log_likelihood(a, b, c, d)
    for ai, bi, got in zip(a, b, ours):
        e1, e2 = c * (ai + bi) / (c + d), d * (ai + bi) / (c + d)
        g = power_divergence([ai, bi], [e1, e2], lambda_="log-likelihood").statistic
        assert got == pytest.approx(g, abs=1e-9)


def test_plural_forms_are_merged_by_default(bv_corpus):
    """Unsigned (002) writes "scene" 3 times; the others write "scenes" (Smith once, Kryza
    once): compared as word forms, "scene" looked distinctive of 002 (z = 1.37, the top term)."""
    from criticlens.vocab.counts import plural_map
    from criticlens.vocab.keyness import distinctive_terms, top_terms

    kept = distinctive_terms(bv_corpus, plurals="keep")
    assert top_terms(kept, 1).set_index("critic").loc["Unsigned (002)", "term"] == "scene"
    merged = distinctive_terms(bv_corpus)
    scene = merged[merged["term"] == "scene"].set_index("critic")
    assert "scenes" not in set(merged["term"])
    assert scene.loc["Unsigned (002)", "count"] == 3 and scene.loc["Unsigned (002)", "other_count"] == 2
    assert top_terms(merged, 1).set_index("critic").loc["Unsigned (002)", "term"] != "scene"
    # only pairs of the corpus merge; short words and -ss words never do
    assert plural_map(["scene", "scenes", "us", "u", "class", "clas", "stories", "story",
                       "tap dances", "tap dance"]) == {
        "scenes": "scene", "stories": "story", "tap dances": "tap dance"}


def test_ties_are_ranked_by_evidence_then_alphabetically():
    from criticlens.vocab.keyness import top_terms

    res = pd.DataFrame({"critic": "A", "other": "rest", "term": ["b", "a", "c", "d"],
                        "count": [2, 2, 5, 2], "score": [1.0, 1.0, 1.0, 2.0],
                        "effect_size": [0.5, 0.5, 0.4, 0.1], "significance": "n.s."})
    assert top_terms(res, 4)["term"].tolist() == ["d", "c", "a", "b"]


def test_distinctive_terms_for_named_critics_only(bv_corpus):
    """critics=[...] compares only the named critics: the pairwise log-likelihood of two critics
    is the same rows as in the full pairwise table (no prior), and nobody else appears."""
    import criticlens

    labels = list(bv_corpus.labels().values())
    full = criticlens.distinctive_terms(bv_corpus, method="log_likelihood", mode="pairwise")
    two = criticlens.distinctive_terms(bv_corpus, method="log_likelihood", mode="pairwise",
                                       critics=[labels[0], bv_corpus.review_ids[1]])
    assert set(two["critic"]) == {labels[0], labels[1]} == set(two["other"])
    mine = full[(full["critic"] == labels[0]) & (full["other"] == labels[1])]
    assert two[(two["critic"] == labels[0]) & (two["other"] == labels[1])].reset_index(
        drop=True).equals(mine.reset_index(drop=True))
    with pytest.raises(ValueError, match="unknown critic"):
        criticlens.distinctive_terms(bv_corpus, critics=["nobody"])
