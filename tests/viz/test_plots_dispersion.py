"""Dispersion plot: row order as given (top to bottom), positions as given, inputs untouched."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from criticlens.viz.plots.dispersion import ROW_FILL, dispersion_plot


def _hits() -> pd.DataFrame:
    return pd.DataFrame({
        "label": ["Zed", "Ann", "Ann", "Mia"],
        "term": ["ukulele", "ukulele", "marriage", "marriage"],
        "position": [0.1, 0.5, 0.9, 0.25],
    })


def _tick_rows_top_to_bottom(ax) -> list[str]:
    """Tick labels sorted by their on-screen height, highest first."""
    ax.figure.canvas.draw()
    ticks = [(t.get_window_extent().y0, t.get_text()) for t in ax.get_yticklabels()]
    return [text for _, text in sorted(ticks, key=lambda p: -p[0])]


@pytest.mark.parametrize("rows", [
    ["Zed", "Ann", "Mia"],
    ["Ann", "Mia", "Zed"],
    ["Mia", "Zed", "Ann"],
])
def test_rows_drawn_top_to_bottom_in_given_order(rows):
    fig, ax = plt.subplots()
    given = list(rows)
    out = dispersion_plot(_hits(), ax=ax, rows=rows)
    assert out is ax
    assert _tick_rows_top_to_bottom(ax) == given
    assert rows == given  # the caller's list is not reversed (the old NLTK bug)


def test_hits_land_on_their_row_and_position():
    fig, ax = plt.subplots()
    rows = ["Mia", "Ann", "Zed"]
    dispersion_plot(_hits(), ax=ax, rows=rows, lane_by_hue=False)
    # one LineCollection per term, in order of first appearance: ukulele, marriage
    cols = ax.collections
    assert [c.get_label() for c in cols] == ["ukulele", "marriage"]
    got = []
    for c in cols:
        for seg in c.get_segments():
            (x0, y0), (x1, y1) = seg
            assert x0 == x1
            assert y1 - y0 == pytest.approx(ROW_FILL)
            got.append((c.get_label(), x0, rows[int(round((y0 + y1) / 2))]))
    assert sorted(got) == sorted([
        ("ukulele", 0.1, "Zed"), ("ukulele", 0.5, "Ann"),
        ("marriage", 0.9, "Ann"), ("marriage", 0.25, "Mia"),
    ])
    assert ax.get_xlim() == (0.0, 1.0)


def test_lanes_separate_terms_within_a_row():
    fig, ax = plt.subplots()
    dispersion_plot(_hits(), ax=ax, rows=["Ann", "Mia", "Zed"])
    uk, mar = ax.collections
    # Ann is row 0; ukulele takes the upper lane (smaller y on the inverted axis)
    uk_ann = [s for s in uk.get_segments() if s[0][0] == 0.5][0]
    mar_ann = [s for s in mar.get_segments() if s[0][0] == 0.9][0]
    assert uk_ann[0][1] == pytest.approx(-ROW_FILL / 2)
    assert uk_ann[1][1] == pytest.approx(0.0)
    assert mar_ann[0][1] == pytest.approx(0.0)
    assert mar_ann[1][1] == pytest.approx(ROW_FILL / 2)


def test_empty_row_still_drawn_and_colors_used():
    fig, ax = plt.subplots()
    colors = {"ukulele": "#ff0000", "marriage": "#0000ff"}
    dispersion_plot(_hits(), ax=ax, rows=["Ann", "Mia", "Zed", "Nobody"], colors=colors)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Ann", "Mia", "Zed", "Nobody"]
    uk = ax.collections[0]
    assert np.allclose(uk.get_colors()[0], (1, 0, 0, 1))
    leg = ax.get_legend()
    assert [t.get_text() for t in leg.get_texts()] == ["ukulele", "marriage"]


def test_no_hue_single_colour_no_legend():
    fig, ax = plt.subplots()
    dispersion_plot(_hits(), ax=ax, rows=["Ann", "Mia", "Zed"], hue=None)
    assert len(ax.collections) == 1
    assert len(ax.collections[0].get_segments()) == 4
    assert ax.get_legend() is None


def test_input_frame_not_mutated():
    hits = _hits()
    before = hits.copy()
    fig, ax = plt.subplots()
    dispersion_plot(hits, ax=ax, rows=["Zed", "Ann", "Mia"])
    pd.testing.assert_frame_equal(hits, before)


@pytest.mark.parametrize("change, msg", [
    (lambda h: h.assign(position=[0.1, 1.5, 0.2, 0.3]), "0..1"),
    (lambda h: h.assign(position=[0.1, np.nan, 0.2, 0.3]), "missing"),
    (lambda h: h.drop(columns="term"), "missing column"),
    (lambda h: h.assign(label=["Zed", "Ann", "Ann", "Bob"]), "Bob"),
])
def test_bad_input_raises(change, msg):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=msg):
        dispersion_plot(change(_hits()), ax=ax, rows=["Zed", "Ann", "Mia"])


def test_duplicate_rows_raise():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="unique"):
        dispersion_plot(_hits(), ax=ax, rows=["Zed", "Ann", "Ann", "Mia"])


def test_no_hits_draws_empty_rows_with_hue():
    import matplotlib.pyplot as plt
    import pandas as pd

    from criticlens.viz.plots.dispersion import dispersion_plot

    fig, ax = plt.subplots()
    empty = pd.DataFrame({"position": [], "label": [], "term": []})
    out = dispersion_plot(empty, ax=ax, rows=["A", "B"], hue="term")
    assert out is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]
    assert not ax.collections  # no ticks drawn
