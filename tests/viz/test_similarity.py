"""Critic similarity (criticlens.viz.figsets.similarity): known answers on tiny inputs."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from criticlens.scale.tables import load_table  # noqa: E402
from criticlens.viz.figsets import similarity as S  # noqa: E402


def test_tone_and_vocabulary_similarity_by_hand():
    # the same sentence twice (a duplicate, loaded with a warning): cosine 1, same tone: 1
    df = pd.DataFrame({"text": ["Great great film.", "Great great film.", "Awful dull mess."],
                       "critic": ["A", "B", "C"]})
    c = load_table(df, film=None, critic="critic", progress=False)
    pairs = S.critic_similarity(c)
    ab = pairs[(pairs["a"] == "A") & (pairs["b"] == "B")].iloc[0]
    assert ab["vocabulary"] == pytest.approx(1.0) and ab["tone"] == 1.0
    assert np.isnan(ab["scenes"]) and ab["combined"] == pytest.approx(1.0)  # no film.yaml
    ac = pairs[(pairs["a"] == "A") & (pairs["b"] == "C")].iloc[0]
    assert ac["vocabulary"] == 0.0  # no content word in common
    # tone closeness is 1 - |difference of mean tones| / 2, so below 1 for opposite tones
    assert 0 < ac["tone"] < 1
    assert ac["combined"] == pytest.approx((ac["vocabulary"] + ac["tone"]) / 2)


def test_mds_recovers_distances_on_a_line():
    # three critics on a line: d(a,b)=0.2, d(b,c)=0.2, d(a,c)=0.4 -> MDS puts b in the middle
    m = pd.DataFrame([[1, 0.8, 0.6], [0.8, 1, 0.8], [0.6, 0.8, 1]], index=list("abc"),
                     columns=list("abc"), dtype=float)
    pos = S.mds_2d(m).set_index("label")
    assert abs(abs(pos.loc["a", "x"] - pos.loc["c", "x"]) - 0.4) < 1e-9
    assert abs(pos.loc["b", "x"] - (pos.loc["a", "x"] + pos.loc["c", "x"]) / 2) < 1e-9



def test_clustering_puts_alike_critics_side_by_side():
    # a~c and b~d (0.9), every other pair 0.1: the order keeps each pair together
    v = {("a", "c"): 0.9, ("b", "d"): 0.9}
    names = list("abcd")
    m = pd.DataFrame([[1.0 if x == y else v.get((x, y), v.get((y, x), 0.1)) for y in names]
                      for x in names], index=names, columns=names)
    order = S.cluster_order(m)
    assert abs(order.index("a") - order.index("c")) == 1
    assert abs(order.index("b") - order.index("d")) == 1
