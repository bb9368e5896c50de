"""Layer arcs break where the layer has no sentence for a long stretch (issue 16, item 10).

A straight line drawn from the last synopsis sentence at 20% of a review to the next one at 70%
claims a mood for half a review that retells nothing. :func:`break_gaps` puts a NaN in every gap
wider than :data:`MAX_GAP`; the figure of the bundled film must show those breaks.
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from criticlens.corpus.load import load_film  # noqa: E402
from criticlens.paths import resolve_film  # noqa: E402
from criticlens.viz.figsets import treatment as FT  # noqa: E402
from criticlens.viz.plots import treatment as P  # noqa: E402


def test_break_gaps_worked_examples():
    assert P.MAX_GAP == 0.15
    x, y = P.break_gaps([0.1, 0.2, 0.6], [1.0, 2.0, 3.0])
    assert list(x) == pytest.approx([0.1, 0.2, 0.4, 0.6])
    np.testing.assert_array_equal(y, [1.0, 2.0, np.nan, 3.0])
    # exactly MAX_GAP apart: joined; two gaps: two breaks; one point: unchanged
    x, y = P.break_gaps([0.0, 0.15, 0.5, 0.9], [0, 1, 2, 3])
    np.testing.assert_array_equal(np.isnan(y), [False, False, True, False, True, False])
    assert list(x) == pytest.approx([0.0, 0.15, 0.325, 0.5, 0.7, 0.9])
    x, y = P.break_gaps([0.3], [0.5])
    assert list(x) == [0.3] and list(y) == [0.5]
    with pytest.raises(ValueError):
        P.break_gaps([0.5, 0.1], [0, 0])


def test_bundled_film_layer_arcs_break_exactly_at_long_gaps():
    bv = load_film(resolve_film("blue-valentine"))
    spec = FT.build_layer_arcs(bv, size="article")
    labels = list(bv.labels().values())
    n_breaks = 0
    for ax, lab in zip([a for a in spec.fig.axes if a.get_visible()], labels):
        for k in ("synopsis", "judgement"):
            d = spec.data[(spec.data["label"] == lab) & (spec.data["cls"] == k)]
            pos = np.sort(d["position"].to_numpy(dtype=float))
            gaps = np.diff(pos)
            (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == f"arc:{k}"]
            y = np.asarray(line.get_ydata(), dtype=float)
            x = np.asarray(line.get_xdata(), dtype=float)
            assert int(np.isnan(y).sum()) == int((gaps > 0.15).sum())
            n_breaks += int(np.isnan(y).sum())
            # no drawn segment (two neighbouring finite points) spans more than MAX_GAP
            seg = np.diff(x)[~np.isnan(y[:-1]) & ~np.isnan(y[1:])]
            assert (seg <= 0.15 + 1e-12).all()
    assert n_breaks > 0, "the bundled reviews have layers with long gaps"
    assert "no sentence for more than 15% of the review" in spec.caption
    plt.close(spec.fig)
