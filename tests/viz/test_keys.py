"""Dot-size keys and legends that cover no data (issue 16, item 10).

The verdict, people and aspect figures encode a value by dot area; each needs a key of
reference sizes whose markers have exactly the areas the plot uses for those values, placed
where it covers no dot. The aspects figure's critic legend sat over a dot: now below the panels.
Built on the bundled Blue Valentine reviews.
"""
from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from criticlens.corpus.load import load_film  # noqa: E402
from criticlens.paths import resolve_film  # noqa: E402
from criticlens.viz.figsets import scenes as FS  # noqa: E402
from criticlens.viz.figsets import treatment as FT  # noqa: E402
from criticlens.viz.plots.keys import SIZE_KEY_GID, reference_counts  # noqa: E402
from criticlens.viz.plots.scenes import DOT_AREA_PER_MENTION  # noqa: E402


@pytest.fixture(scope="module")
def bv():
    return load_film(resolve_film("blue-valentine"))


def test_reference_counts_worked_examples():
    assert reference_counts(6) == [1, 4, 6]      # middle of 1..6 rounded half up: 3.5 -> 4
    assert reference_counts(11) == [1, 6, 11]
    assert reference_counts(4) == [1, 3, 4]       # 2.5 -> 3
    assert reference_counts(2) == [1, 2]          # 1.5 -> 2 = top
    assert reference_counts(1) == [1]
    assert reference_counts(float("nan")) == [1]


def _key(ax):
    keys = [a for a in [ax.get_legend(), *ax.artists] if a is not None
            and a.get_gid() == SIZE_KEY_GID]
    assert len(keys) == 1, "one size key per axes"
    return keys[0]


def _dots(fig):
    """Display coordinates of every scatter dot of the figure."""
    pts = []
    for ax in fig.axes:
        for coll in ax.collections:
            off = coll.get_offsets()
            if len(off):
                pts.append(ax.transData.transform(np.asarray(off, dtype=float)))
    return np.vstack(pts)


def _covers_no_dot(fig, legend):
    bb = legend.get_window_extent(fig.canvas.get_renderer())
    dots = _dots(fig)
    inside = ((dots[:, 0] >= bb.x0) & (dots[:, 0] <= bb.x1)
              & (dots[:, 1] >= bb.y0) & (dots[:, 1] <= bb.y1))
    assert not inside.any(), f"legend {legend.get_title().get_text()!r} covers dots {dots[inside]}"
    for ax in fig.axes:  # and it lies outside every axes (no future dot under it either)
        assert not bb.overlaps(ax.get_window_extent()), "legend inside an axes"


@pytest.mark.parametrize("size", ["article", "column"])
def test_verdict_has_size_key_for_entropy(bv, size):
    spec = FT.build_verdict(bv, size=size)
    fig = spec.fig
    fig.draw_without_rendering()
    assert len(fig.legends) == 1  # under the figure: point labels run past the axes' edge
    key = fig.legends[0]
    assert key.get_gid() == SIZE_KEY_GID
    labels = [t.get_text() for t in key.get_texts()]
    assert labels == ["0 bits (one-sided)", "0.5 bit", "1 bit (evenly mixed)"]
    # area = 30 + 200 * entropy points^2; a circle marker of size m has area m^2
    sizes = [h.get_markersize() for h in key.legend_handles]
    assert sizes == pytest.approx([math.sqrt(30), math.sqrt(130), math.sqrt(230)])
    dot_areas = sorted(fig.axes[0].collections[i].get_sizes()[0]
                       for i in range(len(fig.axes[0].collections)))
    want = sorted(30 + 200 * e for e in spec.data["mixed_entropy"].dropna())
    assert dot_areas == pytest.approx(want)
    _covers_no_dot(fig, key)
    plt.close(fig)


def test_people_has_mentions_key_and_legends_cover_nothing(bv):
    spec = FS.build_people_sentiment(bv)
    fig = spec.fig
    fig.draw_without_rendering()
    ax = fig.axes[0]
    assert len(fig.legends) == 1  # the size key, in a row under the figure
    key = fig.legends[0]
    assert key.get_gid() == SIZE_KEY_GID
    top = int(spec.data["mentions"].max())
    refs = reference_counts(top)
    assert refs[0] == 1 and refs[-1] == top
    assert [t.get_text() for t in key.get_texts()] == [
        f"{v} mention" + ("" if v == 1 else "s") for v in refs]
    assert [h.get_markersize() ** 2 for h in key.legend_handles] == pytest.approx(
        [v * DOT_AREA_PER_MENTION for v in refs])
    critics = [ax.get_legend()]
    assert len(critics[0].get_texts()) == 3
    assert [h.get_markersize() for h in critics[0].legend_handles] == [5, 5, 5]
    _covers_no_dot(fig, key)
    _covers_no_dot(fig, critics[0])
    r = fig.canvas.get_renderer()
    assert not key.get_window_extent(r).overlaps(critics[0].get_window_extent(r))
    plt.close(fig)


@pytest.mark.parametrize("size", ["article", "column"])
def test_aspects_legend_outside_and_tone_key(bv, size):
    spec = FT.build_aspects(bv, size=size)
    fig = spec.fig
    fig.draw_without_rendering()
    share_ax, tone_ax = fig.axes[:2]
    assert share_ax.get_legend() is None
    assert len(fig.legends) == 1
    assert [t.get_text() for t in fig.legends[0].get_texts()] == list(
        dict.fromkeys(spec.data["label"]))
    _covers_no_dot(fig, fig.legends[0])
    key = _key(tone_ax)
    top = int(spec.data["n_judgement"].max())
    assert key.legend_handles[-1].get_markersize() ** 2 == pytest.approx(12 + 10 * top)
    _covers_no_dot(fig, key)
    plt.close(fig)
