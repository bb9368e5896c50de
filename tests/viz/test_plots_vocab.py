"""Vocabulary plots and figure builders: assert the plotted data, labels and artists."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from criticlens.viz.export import FigureSpec
from criticlens.vocab.keyness import distinctive_terms, top_terms
from criticlens.viz.plots.vocab import (
    UPSET_DARK, UPSET_LIGHT, distinctive_terms_chart, overlap_heatmap, upset_plot,
)
from criticlens.vocab.counts import intersections, overlap_matrix

VOCABS = {
    "Ann": {"love", "marriage", "ukulele", "song"},
    "Bo": {"love", "marriage", "bridge"},
    "Cy": {"love", "song", "bridge", "hotel", "future"},
}


def test_heatmap_annotations_and_order():
    m = overlap_matrix(VOCABS, "jaccard")
    before = m.copy()
    fig, ax = plt.subplots()
    assert overlap_heatmap(m, ax=ax) is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Ann", "Bo", "Cy"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Ann", "Bo", "Cy"]
    texts = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert texts[(0, 1)] == "0.40"   # Ann-Bo: 2 shared of 5
    assert texts[(1, 0)] == "0.40"
    assert texts[(0, 2)] == f"{2 / 7:.2f}"
    assert texts[(0, 0)] == ""       # diagonal left blank by default
    img = ax.images[0].get_array()
    assert img.mask[0, 0] and not img.mask[0, 1]
    assert ax.images[0].norm.vmax == pytest.approx(0.4)  # scale spans the pairs
    pd.testing.assert_frame_equal(m, before)


def test_heatmap_diagonal_and_nan():
    m = pd.DataFrame([[1.0, np.nan], [np.nan, 1.0]], index=["a", "b"], columns=["a", "b"])
    fig, ax = plt.subplots()
    overlap_heatmap(m, ax=ax, diagonal=True, vmax=1.0, colorbar=False)
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["1.00", "1.00", "n/a", "n/a"]
    with pytest.raises(ValueError, match="same critics"):
        overlap_heatmap(m[["b", "a"]], ax=ax)


@pytest.mark.parametrize("n", [2, 3, 8, 20])
def test_upset_bars_and_matrix_for_n_sets(n):
    vocabs = {f"c{k:02d}": {f"t{j}" for j in range(k + 1)} | {f"u{k}", f"v{k}"} for k in range(n)}
    inter = intersections(vocabs)
    sets = list(vocabs)
    colors = {s: f"#{(k * 11) % 256:02x}0000" for k, s in enumerate(sets)}
    fig, ax = plt.subplots(figsize=(7, 5))
    out = upset_plot(inter, ax=ax, sets=sets, set_sizes={s: len(v) for s, v in vocabs.items()},
                     colors=colors, max_bars=None)
    assert out is ax and not ax.axison
    bars_ax, mat_ax, size_ax = ax.child_axes
    heights = [p.get_height() for p in bars_ax.patches]
    assert heights == inter["n_terms"].tolist()
    # set rows top to bottom in the given order
    assert [t.get_text() for t in mat_ax.get_yticklabels()] == sets
    assert mat_ax.get_ylim()[0] > mat_ax.get_ylim()[1]
    # each column's dark dots are exactly the members of that intersection
    for k, coll in enumerate(mat_ax.collections):
        dark = [to_hex(c) == UPSET_DARK for c in coll.get_facecolors()]
        assert dark == inter.iloc[k][sets].tolist()
    # unique-term bars take the critic's colour
    for k, patch in enumerate(bars_ax.patches):
        row = inter.iloc[k]
        want = colors[row["members"]] if row["degree"] == 1 else UPSET_DARK
        assert to_hex(patch.get_facecolor()) == want
    assert [p.get_width() for p in size_ax.patches] == [len(v) for v in vocabs.values()]
    assert UPSET_LIGHT != UPSET_DARK


def test_upset_max_bars_and_missing_set():
    inter = intersections(VOCABS)
    fig, ax = plt.subplots()
    upset_plot(inter, ax=ax, sets=list(VOCABS), max_bars=2)
    assert len(ax.child_axes) == 2  # no set-size panel without set_sizes
    assert len(ax.child_axes[0].patches) == 2
    with pytest.raises(ValueError, match="Dee"):
        upset_plot(inter, ax=ax, sets=["Ann", "Dee"])


def test_distinctive_chart_order_and_labels():
    top = pd.DataFrame({
        "critic": ["A", "A", "A", "B"], "term": ["x", "y", "z", "q"],
        "count": [3, 5, 1, 2], "score": [1.5, 2.5, 0.5, 9.0],
        "significance": ["n.s.", "p<0.05", "n.s.", "n.s."], "method": "log_odds",
    })
    fig, ax = plt.subplots()
    distinctive_terms_chart(top, ax=ax, critic="A", color="#ff0000")
    ax.figure.canvas.draw()
    ticks = sorted(((t.get_window_extent().y0, t.get_text()) for t in ax.get_yticklabels()),
                   reverse=True)
    assert [t for _, t in ticks] == ["y", "x", "z"]  # highest score on top
    assert sorted(p.get_width() for p in ax.patches) == [0.5, 1.5, 2.5]
    assert sorted(t.get_text() for t in ax.texts) == ["1", "3", "5 *"]
    assert ax.get_xlabel() == "log-odds z"
    assert ax.get_title() == "A"


# --- figure builders on the bundled corpus ----------------------------------------------------

def test_build_overlap_heatmap(bv_corpus):
    from criticlens.viz.figsets.vocab import build_overlap_heatmap

    spec = build_overlap_heatmap(bv_corpus, measure="dice")
    assert isinstance(spec, FigureSpec) and spec.name == "vocab-overlap-dice"
    assert set(spec.data["measure"]) == {"dice"}
    hi = spec.data.loc[spec.data["value"].idxmax()]
    assert f"highest {hi['a']} and {hi['b']} ({hi['value']:.2f})" in spec.alt_text
    ax = spec.fig.axes[0]
    shown = sorted(t.get_text() for t in ax.texts if t.get_text())
    # each pair appears twice (above and below the blank diagonal)
    assert shown == sorted([f"{v:.2f}" for v in spec.data["value"]] * 2)


def test_build_upset_and_distinctive(bv_corpus):
    from criticlens.viz.figsets.vocab import build_distinctive_terms, build_upset

    labels = list(bv_corpus.labels().values())
    up = build_upset(bv_corpus)
    bars = up.fig.axes[0].child_axes[0]
    assert [p.get_height() for p in bars.patches] == up.data["n_terms"].tolist()
    assert f"Shared by all {len(labels)}" in up.alt_text
    d = build_distinctive_terms(bv_corpus, n=5)
    want = top_terms(distinctive_terms(bv_corpus), 5)
    pd.testing.assert_frame_equal(d.data, want)
    assert [ax.get_title("left") for ax in d.fig.axes if ax.get_visible()] == labels  # style: titles left
    for lab in labels:
        assert ", ".join(want.loc[want["critic"] == lab, "term"].head(3)) in d.alt_text


def test_build_dispersion_rows_are_critics(bv_corpus):
    from criticlens.viz.figsets.vocab import build_dispersion

    spec = build_dispersion(bv_corpus, terms=["ukulele", "marriage"])
    ax = spec.fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(bv_corpus.labels().values())
    assert set(spec.data["term"]) <= {"ukulele", "marriage"}
    segs = sum(len(c.get_segments()) for c in ax.collections)
    assert segs == len(spec.data)
    for r in spec.data.itertuples():
        assert 0 <= r.position <= 1
        assert bv_corpus.raw(r.review_id)[r.start:r.end].lower() == r.term


def test_export_figures(bv_corpus, tmp_path):
    from criticlens.viz.figsets.vocab import export_figures

    specs = export_figures(bv_corpus, tmp_path)
    names = [s.name for s in specs]
    assert len(names) == len(set(names)) >= 6
    for n in names:
        for ext in ("png", "svg", "pdf", "csv", "alt.txt"):
            assert (tmp_path / f"{n}.{ext}").is_file()


def test_builders_cope_with_an_empty_review_and_no_film(tmp_path):
    import criticlens
    from criticlens.viz.figsets.vocab import export_figures

    c = criticlens.corpus_from_texts({
        "a": "The ukulele scene is lovely and sad.",
        "b": "It is what it is.",                    # nothing left after stopwords
        "c": "Lovely sad film about a ukulele.",
    })
    specs = {s.name: s for s in export_figures(c, tmp_path)}
    up = specs["vocab-upset"]
    assert "Shared by all 3: 0 terms" in up.alt_text
    mat_ax = up.fig.axes[0].child_axes[1]
    assert [t.get_text() for t in mat_ax.get_yticklabels()] == list(c.labels().values())
    assert "No critic has a phrase" in specs["vocab-distinctive-log-odds-bigrams"].alt_text
    heat = specs["vocab-overlap-measures"]
    # the critic with an empty vocabulary: Jaccard 0 with everyone, overlap coefficient undefined
    ov = heat.data[(heat.data["measure"] == "overlap") & (heat.data["n_b"] == 0)]
    assert ov["value"].isna().all() and len(ov) == 1




def test_second_film_four_critics(second_film):
    import criticlens
    from criticlens.viz.figsets.vocab import build_dispersion, build_upset

    c = criticlens.load_film(second_film)
    labels = list(c.labels().values())
    assert len(labels) == 4
    up = build_upset(c)
    mat_ax = up.fig.axes[0].child_axes[1]
    assert [t.get_text() for t in mat_ax.get_yticklabels()] == labels
    assert up.data["n_terms"].sum() == len(set().union(*criticlens.vocabularies(c).values()))
    disp = build_dispersion(c)
    assert [t.get_text() for t in disp.fig.axes[0].get_yticklabels()] == labels


def test_distinctive_charts_say_what_the_texts_say(bv_corpus):
    """Issue 16 item 5: no term every critic uses; small counts said in the caption; the two
    statistics' different verdicts explained on the figure itself."""
    from criticlens.viz.figsets.vocab import build_distinctive_terms

    bi = build_distinctive_terms(bv_corpus, method="log_odds", ngram=2, min_count=2)
    # "derek cianfrance" and "ryan gosling" are in every review: they set nobody apart
    assert not {"derek cianfrance", "ryan gosling"} & set(bi.data["term"])
    lo = build_distinctive_terms(bv_corpus, method="log_odds")
    ll = build_distinctive_terms(bv_corpus, method="log_likelihood")
    for spec in (lo, ll):
        assert "scene" not in set(spec.data["term"]) or spec.data.set_index("term").loc["scene", "count"].max() > 3
        assert "too few uses to mean anything" in spec.caption
        n_small = int((spec.data["count"] <= 2).sum())
        assert f"{n_small} of the {len(spec.data)} bars rest on a count of 2 or less" in spec.caption
    notes = {s.name: [t.get_text() for t in s.fig.texts if t.get_gid() == "significance-note"][0]
             for s in (lo, ll)}
    n_lo = int((lo.data["significance"] != "n.s.").sum())
    n_ll = int((ll.data["significance"] != "n.s.").sum())
    assert n_lo == 0 and n_ll > 10  # the disagreement the note explains
    assert f"{n_lo} of {len(lo.data)} bars" in notes["vocab-distinctive-log-odds"]
    assert f"{n_ll} of {len(ll.data)} bars" in notes["vocab-distinctive-log-likelihood"]
    assert "prior" in notes["vocab-distinctive-log-odds"] and "no prior" in notes["vocab-distinctive-log-likelihood"]


def test_comparison_terms_column_shares_one_x_scale(bv_corpus):
    """Issue 16 item 10: the terms panels of the comparison share their x scale."""
    from criticlens.viz.figsets import comparison as C

    terms = [s for s in C.build_comparison(bv_corpus, size="column") if s.name == "comparison-terms-column"][0]
    lims = {tuple(round(v, 9) for v in ax.get_xlim()) for ax in terms.fig.axes if ax.get_visible()}
    assert len(lims) == 1
    best = float(terms.data["score"].max())
    assert next(iter(lims))[1] >= best  # the longest bar fits the common scale
