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
