"""The per-critic figures switch to a design drawing every critic above eight critics
(verdict strip, critic x category heatmaps, people per group); ``critics=`` and ``highlight=``
override it. Values worked out by hand on tiny synthetic corpora."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from criticlens.scale.tables import load_table  # noqa: E402
from criticlens.viz import many as M  # noqa: E402
from criticlens.viz.plots.many import STRIP_LANE_STEP, shown_rows, strip_rows  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


#: Nine short reviews: five "fresh", four "rotten"; critics C1..C9.
TEXTS = ["The acting is wonderful and the plot is clever.",
         "A dull plot and flat acting.",
         "Wonderful direction, a great film.",
         "The script is lazy and the jokes are tired.",
         "Funny, warm and clever; the cast is great.",
         "Boring. The plot drags.",
         "A delight from start to finish, the music is great.",
         "Terrible writing and awful acting.",
         "The film is good fun and the acting is fine."]
GROUPS = ["fresh", "rotten", "fresh", "rotten", "fresh", "rotten", "fresh", "rotten", "fresh"]


@pytest.fixture(scope="module")
def nine():
    df = pd.DataFrame({"text": TEXTS, "critic": [f"C{i}" for i in range(1, 10)],
                       "g": GROUPS})
    return load_table(df, film=None, critic="critic", group="g", progress=False)


def test_strip_rows_lanes_by_rank_within_group():
    f = pd.DataFrame({"label": ["a", "b", "c", "d"], "group": ["x", "x", "x", "y"],
                      "s": [0.3, -0.1, 0.5, 0.2]})
    d = strip_rows(f, value="s", groups=["y", "x"])
    # group x is row 1: ranks -0.1 (lane 0), 0.3 (lane 1), 0.5 (lane 2); lane j at (j-2)*step
    assert list(d["label"]) == ["a", "b", "c", "d"]
    assert list(d["row"]) == [1, 1, 1, 0]
    assert np.allclose(d["y"], [1 - STRIP_LANE_STEP, 1 - 2 * STRIP_LANE_STEP, 1.0,
                                0 - 2 * STRIP_LANE_STEP])


def test_shown_rows_thin_and_keep_highlights_apart():
    rows = shown_rows(35, [5])
    # every 2nd of 35 (k = 2 for at most 30 labels), rows 4 and 6 give way to row 5
    assert rows == [0, 2, 5] + list(range(8, 35, 2))
    assert shown_rows(5) == [0, 1, 2, 3, 4]


def test_critic_order_by_group_then_key(nine):
    key = {str(r): float(i) for i, r in enumerate(nine.review_ids)}  # 0, 1, ..., 8
    order = M.critic_order(nine, key)
    ids = nine.review_ids
    # fresh (reviews 1, 3, 5, 7, 9) first, largest key first; then rotten (2, 4, 6, 8)
    assert order == [ids[i] for i in (8, 6, 4, 2, 0, 7, 5, 3, 1)]
    assert M.critic_order(nine, key, descending=False)[:2] == [ids[0], ids[2]]


def test_verdict_draws_every_critic_above_eight(nine):
    from criticlens.viz.figsets.treatment import build_verdict

    spec = build_verdict(nine, highlight=["C2"])
    d = spec.data
    assert sorted(d["label"]) == [f"C{i}" for i in range(1, 10)]
    assert d.groupby("group")["label"].count().to_dict() == {"fresh": 5, "rotten": 4}
    ax = spec.fig.axes[0]
    strips = [c for c in ax.collections if str(c.get_gid()).startswith("strip:")]
    assert sum(len(c.get_offsets()) for c in strips) == 9  # one dot per critic
    hl = [c for c in ax.collections if c.get_gid() == "highlight:C2"]
    assert len(hl) == 1
    assert float(hl[0].get_offsets()[0][0]) == pytest.approx(
        float(d.loc[d["label"] == "C2", "verdict_score"].iloc[0]))
    # the bar of each group at its median
    for g in ("fresh", "rotten"):
        line = next(l for l in ax.lines if l.get_gid() == f"median:{g}")
        assert line.get_xdata()[0] == pytest.approx(d[d["group"] == g]["verdict_score"].median())


def test_verdict_critics_override_gives_the_few_design(nine):
    from criticlens.viz.figsets.treatment import build_verdict

    spec = build_verdict(nine, critics=["C1", "C2", "C3"])
    assert list(spec.data["label"]) == ["C1", "C2", "C3"]
    assert "row" not in spec.data.columns  # the scatter, not the strip
    texts = [t.get_text() for t in spec.fig.axes[0].texts]
    assert any(t.startswith("C1: ") for t in texts)  # three critics: labelled by their dots


def test_aspects_heatmap_has_a_row_per_critic_by_group_then_verdict(nine):
    from criticlens.viz.figsets.treatment import build_aspects

    spec = build_aspects(nine, highlight=["C4"])
    d = spec.data
    n_asp = d["aspect"].nunique()
    assert len(d) == 9 * n_asp
    rows = d.drop_duplicates("row").sort_values("row")
    assert list(rows["group"]) == ["fresh"] * 5 + ["rotten"] * 4
    for _, g in rows.groupby("group"):  # warmest verdict first within the group
        assert list(g["verdict_score"]) == sorted(g["verdict_score"], reverse=True)
    ax = spec.fig.axes[0]
    img = next(im for im in ax.images if im.get_gid() == "critic-matrix")
    assert img.get_array().shape == (9, n_asp)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == list(rows["label"])  # nine rows: every one labelled
    assert [p.get_gid() for p in ax.patches].count("highlight-row") == 1


#: Nine reviews of Blue Valentine (its film.yaml: scenes, cast): C1 names the dog scene and
#: Gosling, C2 the motel in two sentences, C4 the dog and the motel in one sentence.
BV_TEXTS = ["The dog scene is sad. Gosling is great.", "The motel is dull. The motel drags.",
            "A fine film.", "The dog and the motel.", "Good film.", "Bad film.",
            "A fine drama.", "A poor drama.", "Good acting."]


@pytest.fixture(scope="module")
def nine_bv():
    from dataclasses import replace

    from criticlens.corpus.load import load_film
    from criticlens.paths import resolve_film

    bv = load_film(resolve_film("blue-valentine"))
    df = pd.DataFrame({"text": BV_TEXTS, "critic": [f"C{i}" for i in range(1, 10)],
                       "g": GROUPS})
    return replace(load_table(df, film=None, critic="critic", group="g", progress=False),
                   film=bv.film)


def test_scene_heatmap_rows_every_critic_by_group_then_sentences(nine_bv):
    from criticlens.viz.figsets.scenes import build_scene_heatmap

    spec = build_scene_heatmap(nine_bv, highlight=["C9"])
    ax = spec.fig.axes[0]
    img = next(im for im in ax.images if im.get_gid() == "critic-matrix")
    assert img.get_array().shape[0] == 9
    rows = spec.data.drop_duplicates("critic").sort_values("row")
    # fresh first: C1 (1 sentence), then C3, C5, C7, C9 (none, corpus order); rotten: C2 and C4
    # (2 sentences each, corpus order), then C6, C8
    assert list(rows["critic"]) == ["C1", "C3", "C5", "C7", "C9", "C2", "C4", "C6", "C8"]
    cells = spec.data.set_index(["critic", "scene_id"])["sentences"]
    assert cells[("C2", "motel")] == 2 and cells[("C4", "motel")] == 1
    assert cells[("C4", "dog")] == 1 and cells[("C1", "dog")] == 1
    assert img.get_array()[5, list(spec.data["scene_id"].drop_duplicates()).index("motel")] == 2
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == list(rows["critic"])  # nine rows: all labelled
    assert ax.get_yticklabels()[4].get_fontweight() == "bold"  # C9 highlighted
    few = build_scene_heatmap(nine_bv, critics=["C1", "C2"])  # the per-critic design
    assert list(few.data["critic"].drop_duplicates()) == ["C1", "C2"]


def test_quote_kinds_heatmap_has_every_critic(nine_bv):
    from criticlens.mentions.quotes import KINDS
    from criticlens.viz.figsets.scenes import build_quote_kinds

    spec = build_quote_kinds(nine_bv)
    assert len(spec.data) == 9 * len(KINDS)
    img = next(im for im in spec.fig.axes[0].images if im.get_gid() == "critic-matrix")
    assert img.get_array().shape == (9, len(KINDS))


def test_people_per_group_share_of_critics_naming(nine_bv):
    from criticlens.viz.figsets.scenes import build_people_sentiment

    spec = build_people_sentiment(nine_bv, highlight=["C1"])
    d = spec.data.set_index(["critic", "person"])
    # Gosling: named by C1 only, one of the five fresh critics
    assert d.loc[("fresh (5)", "Ryan Gosling"), "share_naming"] == pytest.approx(0.2)
    assert d.loc[("fresh (5)", "Ryan Gosling"), "naming"] == 1
    assert ("rotten (4)", "Ryan Gosling") not in d.index  # no rotten critic names him
    assert d.loc[("C1", "Ryan Gosling"), "share_naming"] == 1.0  # a highlighted critic alone
    assert d.loc[("C1", "Ryan Gosling"), "mentions"] == 1


def test_layer_shares_and_means_heatmaps_row_per_critic(nine):
    from criticlens.viz.figsets.treatment import build_layer_means, build_layer_shares

    shares = build_layer_shares(nine)
    d = shares.data
    assert len(d) == 9 * 3 and d["review_id"].nunique() == 9
    # each critic's three shares (synopsis, judgement, context) add up to the whole review
    assert np.allclose(d.groupby("review_id")["share"].sum(), 1.0)
    img = next(im for im in shares.fig.axes[0].images if im.get_gid() == "critic-matrix")
    assert img.get_array().shape == (9, 3)
    means = build_layer_means(nine, highlight=["C5"])
    assert sorted(means.data["cls"].unique()) == ["judgement", "synopsis"]
    assert means.data["review_id"].nunique() == 9
    few = build_layer_shares(nine, critics=["C1", "C2"])  # the stacked bars
    assert few.data["review_id"].nunique() == 2 and "row" not in few.data.columns


def test_critic_matrix_frames_few_rows_and_points_at_many():
    from criticlens.viz.plots.many import MAX_FRAMED_ROWS, critic_matrix

    n = MAX_FRAMED_ROWS + 40
    big = pd.DataFrame(np.zeros((n, 2)), index=[f"c{i}" for i in range(n)], columns=["x", "y"])
    fig, ax = plt.subplots()
    critic_matrix(big, ax=ax, row_groups=["a"] * 50 + ["b"] * (n - 50),
                  group_colors={"a": "#111111", "b": "#222222"}, highlight=["c51"])
    # 100 rows: every 4th labelled (at most 30); c48 and c52, closer than 4 rows to the
    # highlighted c51, give way to it
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert [x for x in labels if 40 <= int(x[1:]) <= 60] == ["c40", "c44", "c51", "c56", "c60"]
    assert [p for p in ax.patches if p.get_gid() == "highlight-row"] == []  # no frame
    assert len([ln for ln in ax.lines if ln.get_gid() == "highlight-row"]) == 1  # a pointer
    assert len([ln for ln in ax.lines if ln.get_gid() == "group-boundary"]) == 1


def test_scene_dispersion_lanes_per_group_and_highlight(nine_bv):
    from criticlens.viz.figsets.scenes import build_scene_dispersion

    spec = build_scene_dispersion(nine_bv, highlight=["C4"])
    d = spec.data
    # mentions: C1 dog; C2 motel twice; C4 dog and motel (one sentence): five, all drawn
    assert sorted(d["critic"]) == ["C1", "C2", "C2", "C4", "C4"]
    lanes = dict(zip(d["critic"], d["lane"]))
    assert lanes == {"C1": "fresh (5)", "C2": "rotten (4)", "C4": "C4"}
    legend = [t.get_text() for t in spec.fig.axes[0].get_legend().get_texts()]
    assert legend == ["fresh (5)", "rotten (4)", "C4"]
