"""Arc charts: the plotted data, labels, order and markers (not pixels)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection, PolyCollection

from criticlens.sentiment.arcs import grid
from criticlens.viz.plots import arcs as P

G = grid(10)


def _band(labels=("Ann", "Bob", "Cy")):
    rows = []
    for k, lab in enumerate(labels):
        center = (k + 1) * G - 0.5
        rows.append(pd.DataFrame({"review_id": f"r{k}", "label": lab, "smoother": "rolling",
                                  "x": G, "center": center, "lo": center - 0.1,
                                  "hi": center + 0.2, "n_engines": 2}))
    return pd.concat(rows, ignore_index=True)


def _points(labels=("Ann", "Bob", "Cy")):
    rows = []
    for k, lab in enumerate(labels):
        for eng, sign in (("textblob", 1.0), ("vader", -1.0)):
            rows.append(pd.DataFrame({"review_id": f"r{k}", "label": lab, "sent_id": [0, 1, 2],
                                      "position": [0.1, 0.5, 0.9], "engine": eng,
                                      "measure": "m", "score": sign * np.array([0.2, 0.4, k])}))
    return pd.concat(rows, ignore_index=True)


COLORS = {"Ann": "#E69F00", "Bob": "#56B4E9", "Cy": "#009E73"}


def test_overlay_lines_follow_the_band_and_the_order():
    band = _band()
    before = band.copy()
    fig, ax = plt.subplots()
    out = P.arcs_overlay(band, ax=ax, colors=COLORS, labels=["Cy", "Ann", "Bob"])
    assert out is ax
    lines = ax.get_lines()
    drawn = [ln for ln in lines if ln.get_label() in COLORS]
    assert [ln.get_label() for ln in drawn] == ["Cy", "Ann", "Bob"]
    for ln in drawn:
        b = band[band["label"] == ln.get_label()]
        np.testing.assert_allclose(ln.get_xdata(), b["x"])
        np.testing.assert_allclose(ln.get_ydata(), b["center"])
        assert ln.get_color() == COLORS[ln.get_label()]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Cy", "Ann", "Bob"]
    assert ax.get_xlim() == (0.0, 1.0)
    assert ax.get_xlabel() == P.X_LABEL
    pd.testing.assert_frame_equal(band, before)   # input untouched
    assert not [c for c in ax.collections if isinstance(c, PolyCollection)]


def test_overlay_band_shading():
    fig, ax = plt.subplots()
    P.arcs_overlay(_band(), ax=ax, colors=COLORS, show_band=True)
    polys = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert sorted(p.get_gid() for p in polys) == ["band:Ann", "band:Bob", "band:Cy"]
    ann = next(p for p in polys if p.get_gid() == "band:Ann")
    ys = ann.get_paths()[0].vertices[:, 1]
    b = _band()
    b = b[b["label"] == "Ann"]
    assert ys.min() == pytest.approx(b["lo"].min()) and ys.max() == pytest.approx(b["hi"].max())


def test_overlay_rejects_unknown_labels_and_missing_columns():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="not in labels"):
        P.arcs_overlay(_band(), ax=ax, labels=["Ann"])
    with pytest.raises(ValueError, match="lacks column"):
        P.arcs_overlay(_band().drop(columns="center"), ax=ax)


def test_mention_points_sit_on_the_arc():
    band = _band()
    mentions = pd.DataFrame({"review_id": ["r0", "r1", "r1", "zz"],
                             "scene_id": ["a", "b", "a", "c"],
                             "position": [0.25, 0.45, 0.65, 0.5]})
    mp = P.mention_points(mentions, band)
    # r0: centre = x - 0.5; r1: centre = 2x - 0.5 (linear, so interpolation is exact)
    assert mp["review_id"].tolist() == ["r0", "r1", "r1"]   # review zz has no arc: dropped
    np.testing.assert_allclose(mp["y"], [0.25 - 0.5, 0.9 - 0.5, 1.3 - 0.5])
    with pytest.raises(ValueError, match="0..1"):
        P.mention_points(mentions.assign(position=1.5), band)
    with pytest.raises(ValueError, match="lacks column"):
        P.mention_points(mentions.drop(columns="scene_id"), band)


def test_overlay_draws_mentions():
    fig, ax = plt.subplots()
    mentions = pd.DataFrame({"review_id": ["r0", "r2"], "scene_id": ["ukulele", "motel"],
                             "position": [0.25, 0.75]})
    P.arcs_overlay(_band(), ax=ax, colors=COLORS, mentions=mentions, annotate_mentions=True)
    marks = [c for c in ax.collections if c.get_gid() == "mention"]
    offs = np.vstack([m.get_offsets() for m in marks])
    np.testing.assert_allclose(offs, [[0.25, -0.25], [0.75, 3 * 0.75 - 0.5]])
    assert sorted(t.get_text() for t in ax.texts) == ["motel", "ukulele"]


def test_panel_points_band_and_line():
    band, pts = _band(), _points()
    b, p = band[band["review_id"] == "r2"], pts[pts["review_id"] == "r2"]
    fig, ax = plt.subplots()
    P.arc_panel(b, p, ax=ax, color="#009E73")
    scat = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert [s.get_label() for s in scat] == ["textblob sentence score", "vader sentence score"]
    np.testing.assert_allclose(scat[0].get_offsets(), [[0.1, 0.2], [0.5, 0.4], [0.9, 2.0]])
    np.testing.assert_allclose(scat[1].get_offsets(), [[0.1, -0.2], [0.5, -0.4], [0.9, -2.0]])
    line = next(ln for ln in ax.get_lines() if ln.get_label() == "arc (engine mean)")
    np.testing.assert_allclose(line.get_ydata(), b["center"])
    assert ax.get_title() == "Cy"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "textblob sentence score", "vader sentence score", "engine range", "arc (engine mean)"]
    with pytest.raises(ValueError, match="one review"):
        P.arc_panel(band, pts, ax=ax)


def test_small_multiples_order_shared_limits_and_spares():
    band, pts = _band(), _points()
    fig, axes = plt.subplots(2, 2)
    used = P.arcs_small_multiples(band, pts, axes=axes, colors=COLORS, labels=["Bob", "Ann", "Cy"])
    assert [a.get_title() for a in used] == ["Bob", "Ann", "Cy"]
    assert not axes[1, 1].get_visible()
    lims = {a.get_ylim() for a in used}
    assert len(lims) == 1
    lo, hi = lims.pop()
    assert lo <= min(band["lo"].min(), pts["score"].min())
    assert hi >= max(band["hi"].max(), pts["score"].max())
    # x label on the lowest panel of each column, y label on the first column only
    assert [a.get_xlabel() for a in used] == ["", P.X_LABEL_SHORT, P.X_LABEL_SHORT]
    assert [bool(a.get_ylabel()) for a in used] == [True, False, True]
    assert used[0].get_legend() is not None and used[1].get_legend() is None
    for a in used:   # each panel in its critic's colour
        line = next(ln for ln in a.get_lines() if ln.get_label() == "arc (engine mean)")
        assert line.get_color() == COLORS[a.get_title()]
    with pytest.raises(ValueError, match="only 2 axes"):
        P.arcs_small_multiples(band, pts, axes=list(axes.ravel()[:2]))


def test_panel_legend_handles():
    hs = P.panel_legend_handles(["textblob", "vader", "mylex"])
    assert [h.get_label() for h in hs] == ["textblob sentence score", "vader sentence score",
                                           "mylex sentence score", "engine range",
                                           "arc (engine mean)"]
    assert [h.get_marker() for h in hs[:3]] == ["o", "^", "s"]


def test_pitfall_bars():
    data = pd.DataFrame({"label": ["Ann", "Bob"],
                         "text": ["A small but shattering film.", "It is  excruciating."],
                         "textblob": [-0.25, 0.0], "vader": [0.0, -0.65]})
    fig, ax = plt.subplots()
    P.pitfall_bars(data, ax=ax, text_width=10)
    bars = [p for p in ax.patches]
    widths = sorted(round(b.get_width(), 6) for b in bars)
    assert widths == sorted([-0.25, 0.0, 0.0, -0.65])
    # first row at the top (larger y); whitespace collapsed, text cut at 10 characters
    ticks = dict(zip([t.get_text() for t in ax.get_yticklabels()], ax.get_yticks()))
    assert set(ticks) == {"Ann: A small bu…", "Bob: It is excr…"}
    assert ticks["Ann: A small bu…"] > ticks["Bob: It is excr…"]
    with pytest.raises(ValueError, match="lacks column"):
        P.pitfall_bars(data, ax=ax, engines=["nope"])


def test_mention_labels_once_per_scene_and_stacked_when_close():
    fig, ax = plt.subplots()
    band = _band()
    b, p = band[band["review_id"] == "r0"], _points()
    p = p[p["review_id"] == "r0"]
    mentions = pd.DataFrame({"review_id": "r0", "scene_id": ["a", "b", "a", "c"],
                             "position": [0.30, 0.33, 0.60, 0.90]})
    P.arc_panel(b, p, ax=ax, mentions=mentions)
    marks = [c for c in ax.collections if c.get_gid() == "mention"]
    assert len(marks[0].get_offsets()) == 4          # every mention gets a marker
    texts = {t.get_text(): t for t in ax.texts}
    assert sorted(texts) == ["a", "b", "c"]          # each scene labelled once
    offsets = {k: t.xyann[1] for k, t in texts.items()}
    assert offsets["b"] > offsets["a"] == offsets["c"]   # b is 0.03 after a: stacked above
    hs = P.panel_legend_handles(["vader"], mentions=True)
    assert hs[-1].get_label() == "scene mention" and hs[-1].get_marker() == P.MENTION_MARKER


@pytest.mark.parametrize("text, word, want", [
    ("It's excruciating.", "excruciating", ("It's ", "excruciating", ".")),
    ("A small miracle, even if those feelings are Devastating in the end", "devastating",
     ("…even if those feelings are ", "Devastating", " in the end")),
    ("one two three four five six seven eight nine ten eleven shattering twelve", "shattering",
     ("…six seven eight nine ten eleven ", "shattering", " twelve")),
    ("no such word here", "shattering", ("", "", "no such word here")),
])
def test_excerpt_around_keeps_the_word(text, word, want):
    assert P.excerpt_around(text, word, before=35, after=30) == want
