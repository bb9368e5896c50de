"""criticlens.teach.show: a figure shown once in a notebook, exported only where asked."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from criticlens.paths import FIGURES_DIR
from criticlens.teach.show import show
from criticlens.viz.export import FigureSpec


def _spec():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    return FigureSpec("probe-line", fig, pd.DataFrame({"x": [0, 1], "y": [0, 1]}), "A line.")


def test_show_closes_in_pyplot_and_returns_the_figure_without_writing(tmp_path):
    spec = _spec()
    assert plt.fignum_exists(spec.fig.number)
    assert show(spec) is spec.fig
    assert not plt.fignum_exists(spec.fig.number)  # the inline backend will not draw it again
    assert list(tmp_path.iterdir()) == []


def test_show_exports_into_out_dir(tmp_path):
    spec = _spec()
    show(spec, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "probe-line.alt.txt", "probe-line.csv", "probe-line.pdf", "probe-line.png", "probe-line.svg"]


@pytest.mark.parametrize("sub", ["", "blue-valentine", "any-film/deeper"])
def test_show_refuses_the_figures_folder(sub):
    spec = _spec()
    target = FIGURES_DIR / sub
    with pytest.raises(ValueError, match="criticlens figures"):
        show(spec, target)
    assert not (FIGURES_DIR / "any-film").exists()
