"""Vocabularies, overlap measures and intersections on hand-made vocabularies with known answers."""
from __future__ import annotations

import math
from itertools import combinations

import pandas as pd
import pytest

import criticlens
from criticlens.vocab.counts import (
    MAX_SETS, count_cosine, dice, intersections, jaccard, matrix_from_tidy, overlap,
    overlap_coefficient, overlap_matrix, set_sizes, shared_terms, term_counts, term_membership,
    unique_terms, vocabularies,
)

A = {"love", "marriage", "ukulele", "song"}
B = {"love", "marriage", "bridge"}
C = {"love", "song", "bridge", "hotel", "future"}


# --- the four measures -------------------------------------------------------------------------
# A∩B = {love, marriage} (2), A∪B = 5 terms, |A| = 4, |B| = 3

@pytest.mark.parametrize("fn, want", [
    (jaccard, 2 / 5),
    (dice, 2 * 2 / (4 + 3)),
    (overlap_coefficient, 2 / 3),
])
def test_set_measures_by_hand(fn, want):
    assert fn(A, B) == pytest.approx(want, abs=1e-12)
    assert fn(B, A) == pytest.approx(want, abs=1e-12)  # symmetric
    assert fn(A, A) == 1.0


@pytest.mark.parametrize("fn", [jaccard, dice, overlap_coefficient])
def test_set_measures_disjoint_and_empty(fn):
    assert fn({"x"}, {"y"}) == 0.0
    assert math.isnan(fn(set(), set()))


def test_overlap_coefficient_subset_is_one_but_jaccard_is_not():
    small, big = {"a", "b"}, {"a", "b", "c", "d", "e", "f"}
    assert overlap_coefficient(small, big) == 1.0
    assert jaccard(small, big) == pytest.approx(2 / 6)


def test_count_cosine_by_hand():
    a = {"love": 3, "song": 1}
    b = {"love": 1, "bridge": 2}
    # dot = 3*1 = 3; |a| = sqrt(10); |b| = sqrt(5)
    assert count_cosine(a, b) == pytest.approx(3 / math.sqrt(50), abs=1e-12)
    assert count_cosine(a, {"x": 4}) == 0.0
    assert math.isnan(count_cosine(a, {}))


def test_dice_is_monotone_in_jaccard():
    for x, y in combinations([A, B, C], 2):
        j = jaccard(x, y)
        assert dice(x, y) == pytest.approx(2 * j / (1 + j), abs=1e-12)


# --- tidy frame and matrix -------------------------------------------------------------------

def test_overlap_tidy_and_matrix_from_mappings():
    vocabs = {"Ann": A, "Bo": B, "Cy": C}
    tidy = overlap(vocabs)
    assert list(tidy.columns) == ["a", "b", "measure", "value", "shared", "n_a", "n_b"]
    assert list(dict.fromkeys(zip(tidy["a"], tidy["b"]))) == [("Ann", "Bo"), ("Ann", "Cy"), ("Bo", "Cy")]
    row = tidy[(tidy["a"] == "Ann") & (tidy["b"] == "Cy") & (tidy["measure"] == "jaccard")].iloc[0]
    # A∩C = {love, song}; A∪C = 7 terms
    assert row["value"] == pytest.approx(2 / 7)
    assert (row["shared"], row["n_a"], row["n_b"]) == (2, 4, 5)
    # sets count each term once, so cosine on sets = |A∩B| / sqrt(|A||B|)
    cos = tidy[(tidy["a"] == "Ann") & (tidy["b"] == "Bo") & (tidy["measure"] == "cosine")]["value"].iloc[0]
    assert cos == pytest.approx(2 / math.sqrt(12))
    m = overlap_matrix(vocabs, "overlap")
    assert list(m.index) == ["Ann", "Bo", "Cy"] and list(m.columns) == ["Ann", "Bo", "Cy"]
    assert m.loc["Bo", "Cy"] == m.loc["Cy", "Bo"] == pytest.approx(2 / 3)  # {love, bridge} / 3
    assert (m.to_numpy().diagonal() == 1).all()
    pd.testing.assert_frame_equal(matrix_from_tidy(tidy, "overlap"), m)


def test_unknown_measure():
    with pytest.raises(ValueError, match="unknown measure"):
        overlap({"a": A, "b": B}, measures=["euclid"])


# --- shared / unique / intersections -----------------------------------------------------------

def test_shared_unique_and_membership():
    vocabs = {"Ann": A, "Bo": B, "Cy": C}
    assert shared_terms(vocabs) == ["love"]
    assert unique_terms(vocabs) == {"Ann": ["ukulele"], "Bo": [], "Cy": ["future", "hotel"]}
    mem = term_membership(vocabs).set_index("term")
    assert mem.loc["song", "members"] == "Ann & Cy"
    assert mem.loc["song", "degree"] == 2
    assert mem.loc["song", ["Ann", "Bo", "Cy"]].tolist() == [True, False, True]
    assert term_membership(vocabs)["term"].iloc[0] == "love"  # highest degree first


def test_intersections_exclusive_and_complete():
    vocabs = {"Ann": A, "Bo": B, "Cy": C}
    inter = intersections(vocabs)
    got = dict(zip(inter["members"], inter["terms"]))
    assert got == {
        "Ann": "ukulele",
        "Cy": "future hotel",
        "Ann & Bo": "marriage",
        "Ann & Cy": "song",
        "Bo & Cy": "bridge",
        "Ann & Bo & Cy": "love",
    }
    # exclusive intersections partition the union
    assert inter["n_terms"].sum() == len(A | B | C)
    assert inter["n_terms"].iloc[0] == 2 and inter["members"].iloc[0] == "Cy"
    assert inter.loc[inter["members"] == "Bo & Cy", ["Ann", "Bo", "Cy"]].iloc[0].tolist() == [False, True, True]
    assert set_sizes(vocabs)["n_terms"].tolist() == [4, 3, 5]


@pytest.mark.parametrize("n", [2, 5, 20])
def test_intersections_scale_to_n_critics(n):
    # critic k uses the terms t0..tk: term t_j is used by critics j..n-1 (a nested family)
    vocabs = {f"c{k:02d}": {f"t{j}" for j in range(k + 1)} for k in range(n)}
    inter = intersections(vocabs)
    assert len(inter) == n  # one non-empty exclusive intersection per term
    row = inter[inter["terms"] == "t0"].iloc[0]
    assert row["degree"] == n
    assert shared_terms(vocabs) == ["t0"]
    last = f"c{n - 1:02d}"
    assert unique_terms(vocabs)[last] == [f"t{n - 1}"]


def test_many_sets_only_the_intersections_that_occur():
    """35 critics (more than an UpSet draws): one shared term and one unique term each gives
    36 intersections, not 2^35."""
    vocabs = {f"c{k:02d}": {"x", f"u{k}"} for k in range(35)}
    inter = intersections(vocabs)
    assert len(inter) == 36 and MAX_SETS < 35
    assert inter.iloc[0]["degree"] == 35 and inter.iloc[0]["terms"] == "x"
    assert sorted(inter.loc[inter["degree"] == 1, "n_terms"].unique()) == [1]
    with pytest.raises(ValueError, match="at least one critic"):
        intersections({})


# --- from a corpus -------------------------------------------------------------------------------

TEXTS = {
    "r1": "The Marriage fails. Blue Valentine hurts, and the marriage hurts too.",
    "r2": "Blue Valentine is about marriages. It hurts 2010 times. Loving it!",
}


@pytest.fixture(scope="module")
def small():
    return criticlens.corpus_from_texts(TEXTS, critics={"r1": "Ann", "r2": "Bo"})


def test_term_counts_defaults(small):
    tc = term_counts(small)
    assert list(tc.columns) == ["review_id", "critic", "term", "n", "count"]
    ann = dict(zip(tc[tc["critic"] == "Ann"]["term"], tc[tc["critic"] == "Ann"]["count"]))
    # case folded, stopwords ("the", "and", "too") gone
    assert ann == {"marriage": 2, "hurts": 2, "fails": 1, "blue": 1, "valentine": 1}
    bo = set(tc[tc["critic"] == "Bo"]["term"])
    assert "2010" not in bo  # numbers=False
    assert bo == {"blue", "valentine", "marriages", "hurts", "times", "loving"}


def test_term_counts_options(small):
    kept_case = term_counts(small, casefold=False, stopwords=False)
    ann = set(kept_case[kept_case["critic"] == "Ann"]["term"])
    assert {"The", "the", "Marriage", "marriage"} <= ann
    stemmed = term_counts(small, stem="porter")
    bo = set(stemmed[stemmed["critic"] == "Bo"]["term"])
    assert {"marriag", "hurt", "love"} <= bo
    long = term_counts(small, min_length=6)
    assert set(long["term"]) == {"marriage", "valentine", "marriages", "loving"}
    with_nums = term_counts(small, numbers=True)
    assert "2010" in set(with_nums["term"])


def test_bigrams_stay_inside_sentences_and_skip_stopwords(small):
    bi = term_counts(small, ngram=2)
    ann = dict(zip(bi[bi["critic"] == "Ann"]["term"], bi[bi["critic"] == "Ann"]["count"]))
    # "Marriage fails" and "Blue Valentine"; "valentine hurts" (no punctuation between);
    # not "fails blue" (sentence break), not "hurts and"/"the marriage" (stopwords),
    # not "hurts too" (stopword)
    assert ann == {"marriage fails": 1, "blue valentine": 1, "valentine hurts": 1,
                   "marriage hurts": 1}
    both = term_counts(small, ngram=(1, 2))
    assert set(both["n"]) == {1, 2}


def test_vocabularies_from_corpus(small):
    v = vocabularies(small)
    assert list(v) == ["Ann", "Bo"]
    assert shared_terms(v) == ["blue", "hurts", "valentine"]
    with pytest.raises(TypeError):
        vocabularies({"a": {"x"}}, stem="porter")


def test_bundled_corpus_overlap(bv_corpus):
    labels = list(bv_corpus.labels().values())
    m = overlap_matrix(bv_corpus, "jaccard")
    assert list(m.index) == labels
    v = vocabularies(bv_corpus)
    # every matrix entry equals the measure recomputed from the vocabularies
    for a, b in combinations(labels, 2):
        assert m.loc[a, b] == pytest.approx(jaccard(v[a], v[b]))
    inter = intersections(v)
    assert inter["n_terms"].sum() == len(set().union(*v.values()))
    assert "ukulele" in shared_terms(vocabularies(bv_corpus)) or \
        any("ukulele" in t.split() for t in inter["terms"])


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_sets = st.sets(st.sampled_from("abcdefghij"), min_size=1, max_size=10)


@settings(max_examples=200, deadline=None)
@given(_sets, _sets)
def test_measure_order_jaccard_le_dice_le_overlap(a, b):
    j, d, o = jaccard(a, b), dice(a, b), overlap_coefficient(a, b)
    assert 0 <= j <= d + 1e-12 <= o + 2e-12 <= 1 + 2e-12
    assert d == pytest.approx(2 * j / (1 + j))
    # on sets (each term counted once) cosine is |A∩B| / sqrt(|A||B|), between Dice and overlap
    cos = count_cosine(dict.fromkeys(a, 1), dict.fromkeys(b, 1))
    assert cos == pytest.approx(len(a & b) / math.sqrt(len(a) * len(b)))
    assert d - 1e-12 <= cos <= o + 1e-12
