"""The vocabulary overlap and dispersion figures above eight critics: every critic drawn
(overlap heatmap by group, pair distributions within and between groups, dispersion lanes per
group); ``critics=`` and ``highlight=`` override. Values worked out by hand on nine critics whose
reviews are lists of fruit (no stopword, no plural: each review's vocabulary is its words)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from criticlens.scale.tables import load_table  # noqa: E402
from criticlens.viz.export import prepare  # noqa: E402
from criticlens.viz.figsets import vocab as V  # noqa: E402
from criticlens.viz.layout import assert_legible  # noqa: E402

#: Group x: C1..C5; group y: C6..C9. Jaccard > 0 only for C1-C2 (2/4), C1-C3 and C2-C3 (1/4),
#: C4-C5 (2/3), C6-C7 (2/3), C6-C9 (1/3), C7-C9 (1/4), C8-C9 (1/2) and, between the groups,
#: C1-C7 and C2-C7 (apple: 1/5) and C3-C7 (1/4).
FRUIT = ["apple banana cherry", "apple banana grape", "apple melon", "kiwi lemon",
         "kiwi lemon mango", "peach plum", "peach plum apple", "olive", "olive peach"]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def fruit():
    df = pd.DataFrame({"text": FRUIT, "critic": [f"C{i}" for i in range(1, 10)],
                       "g": ["x"] * 5 + ["y"] * 4})
    return load_table(df, film=None, critic="critic", group="g", progress=False)


def _stats(spec: object, comparison: str) -> pd.Series:
    d = spec.data  # type: ignore[attr-defined]
    return d[(d["measure"] == "jaccard") & (d["comparison"] == comparison)].iloc[0]


def test_pair_stats_within_and_between_groups(fruit):
    spec = V.build_overlap_measures(fruit)
    x = _stats(spec, "within x")
    # 10 pairs: 0 (six times), 1/4, 1/4, 1/2, 2/3
    assert x["n_pairs"] == 10 and x["median"] == 0.0 and x["q25"] == 0.0
    assert x["q75"] == pytest.approx(0.25)
    assert x["q95"] == pytest.approx(0.5 + 0.55 * (2 / 3 - 0.5))  # rank 8.55 of 0..9
    assert x["mean"] == pytest.approx((0.5 + 0.5 + 2 / 3) / 10)
    assert x["share_above_0"] == pytest.approx(0.4)
    y = _stats(spec, "within y")
    # 6 pairs: 0, 0, 1/4, 1/3, 1/2, 2/3
    assert y["n_pairs"] == 6
    assert y["median"] == pytest.approx((0.25 + 1 / 3) / 2)
    assert y["mean"] == pytest.approx(1.75 / 6)
    b = _stats(spec, "between x and y")
    # 20 pairs: 1/5, 1/5, 1/4 and 17 zeros
    assert b["n_pairs"] == 20 and b["median"] == 0.0
    assert b["mean"] == pytest.approx(0.65 / 20) and b["share_above_0"] == pytest.approx(0.15)
    assert list(spec.data["comparison"].drop_duplicates()) == ["within x", "within y",
                                                                "between x and y"]
    ax = spec.fig.axes[0]
    means = next(c for c in ax.collections if c.get_gid() == "pair-mean")
    assert np.allclose(means.get_offsets()[:, 0], [x["mean"], y["mean"], b["mean"]])
    prepare(spec.fig)
    assert_legible(spec.fig, what="vocab-overlap-measures, 9 critics")


def test_overlap_heatmap_every_critic_by_group_then_cluster(fruit):
    spec = V.build_overlap_heatmap(fruit, highlight=["C3"])
    ax = spec.fig.axes[0]
    img = next(im for im in ax.images if im.get_gid() == "critic-matrix")
    arr = np.ma.filled(img.get_array().astype(float), np.nan)
    assert arr.shape == (9, 9)
    assert np.isnan(np.diag(arr)).all()  # each critic with itself: blank
    assert len(ax.texts) == 0  # no value in the cells
    order = [t.get_text() for t in ax.get_yticklabels()]  # nine rows: all labelled
    assert sorted(order[:5]) == ["C1", "C2", "C3", "C4", "C5"] and sorted(order[5:]) == [
        "C6", "C7", "C8", "C9"]
    pos = {lab: i for i, lab in enumerate(order)}
    # clustering puts the closest pairs side by side, and C3 next to C1-C2
    for a, b in [("C4", "C5"), ("C1", "C2"), ("C6", "C7"), ("C8", "C9")]:
        assert abs(pos[a] - pos[b]) == 1
    assert {pos["C3"]} & {min(pos["C1"], pos["C2"]) - 1, max(pos["C1"], pos["C2"]) + 1}
    assert arr[pos["C1"], pos["C2"]] == pytest.approx(0.5)
    assert arr[pos["C4"], pos["C5"]] == pytest.approx(2 / 3)
    assert arr[pos["C3"], pos["C7"]] == pytest.approx(0.25)
    assert ax.get_yticklabels()[pos["C3"]].get_fontweight() == "bold"
    gids = {a.get_gid() for a in ax.child_axes}
    assert {"group-strip", "group-strip-columns"} <= gids
    assert set(spec.data["group_a"]) == {"x", "y"} and len(spec.data) == 36
    prepare(spec.fig)
    assert_legible(spec.fig, what="vocab-overlap-jaccard, 9 critics")


def test_overlap_heatmap_order_by_vocabulary_size(fruit):
    spec = V.build_overlap_heatmap(fruit, order="size")
    order = [t.get_text() for t in spec.fig.axes[0].get_yticklabels()]
    # sizes 3, 3, 2, 2, 3 | 2, 3, 1, 2: largest first in each group, ties in corpus order
    assert order == ["C1", "C2", "C5", "C3", "C4", "C7", "C6", "C9", "C8"]
    with pytest.raises(ValueError, match="order must be one of"):
        V.build_overlap_heatmap(fruit, order="alphabet")


def test_overlap_critics_override_gives_the_annotated_heatmap(fruit):
    spec = V.build_overlap_heatmap(fruit, critics=["C1", "C2", "C3"])
    texts = sorted(t.get_text() for t in spec.fig.axes[0].texts if t.get_text())
    assert texts == ["0.25", "0.25", "0.25", "0.25", "0.50", "0.50"]  # both halves
    measures = V.build_overlap_measures(fruit, critics=["C1", "C2", "C3"])
    assert set(measures.data.columns) >= {"a", "b", "measure", "value"}  # the 2x2 heatmaps


def test_dispersion_lanes_per_group_and_highlight(fruit):
    spec = V.build_dispersion(fruit, terms=["apple", "peach"], highlight=["C7"])
    d = spec.data
    # apple: C1, C2, C3 (group x), C7; peach: C6, C9 (group y), C7 (highlighted: its own lane)
    lanes = dict(zip(zip(d["critic"], d["term"]), d["lane"]))
    assert lanes == {("C1", "apple"): "x (5)", ("C2", "apple"): "x (5)",
                     ("C3", "apple"): "x (5)", ("C7", "apple"): "C7",
                     ("C6", "peach"): "y (4)", ("C7", "peach"): "C7", ("C9", "peach"): "y (4)"}
    pos = dict(zip(zip(d["critic"], d["term"]), d["position"]))
    assert pos[("C7", "apple")] == pytest.approx(2.5 / 3)  # third of three words
    assert pos[("C9", "peach")] == pytest.approx(1.5 / 2)
    ax = spec.fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["apple", "peach"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["x (5)", "y (4)", "C7"]
    prepare(spec.fig)
    assert_legible(spec.fig, what="vocab-dispersion, 9 critics")
    few = V.build_dispersion(fruit, terms=["apple"], critics=["C1", "C7"])  # a row per critic
    assert [t.get_text() for t in few.fig.axes[0].get_yticklabels()] == ["C1", "C7"]


def test_dispersion_default_terms_compare_the_groups(fruit):
    # the groups pooled: no term both use but apple (x three times, y once); then each group's
    # most distinctive term
    terms = V.default_dispersion_terms_many(fruit)
    assert terms[0] == "apple"
    assert len(terms) == len(set(terms)) <= 8


def test_without_groups_all_pairs_and_no_strips():
    df = pd.DataFrame({"text": FRUIT, "critic": [f"C{i}" for i in range(1, 10)]})
    c = load_table(df, film=None, critic="critic", progress=False)
    spec = V.build_overlap_measures(c)
    j = spec.data[spec.data["measure"] == "jaccard"]
    # 36 pairs, eleven above 0: 1/2, 1/4, 1/4, 2/3 | 2/3, 1/3, 1/4, 1/2 | 1/5, 1/5, 1/4
    assert list(j["comparison"]) == ["all pairs"] and int(j["n_pairs"].iloc[0]) == 36
    assert j["share_above_0"].iloc[0] == pytest.approx(11 / 36)
    heat = V.build_overlap_heatmap(c)
    ax = heat.fig.axes[0]
    assert not {"group-strip", "group-strip-columns"} & {a.get_gid() for a in ax.child_axes}
    assert heat.alt_text.count("All pairs: median 0.00") == 1
    # default terms: by critics using them (apple 4, peach 3, then five used by two), then
    # uses, then alphabetical
    assert V.default_dispersion_terms_many(c) == ["apple", "peach", "banana", "kiwi", "lemon",
                                                  "olive", "plum", "cherry"]
    disp = V.build_dispersion(c, terms=["apple"])
    assert set(disp.data["lane"]) == {"all critics (9)"}
    for s in (spec, heat, disp):
        prepare(s.fig)
        assert_legible(s.fig, what=s.name)
