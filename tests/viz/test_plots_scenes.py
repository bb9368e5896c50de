"""Scene, quotation and people charts: assert the plotted data, labels and artists."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from criticlens.viz.figsets import scenes as fs
from criticlens.viz.plots import scenes as ps

CRITICS = ["Ann", "Bob", "Cy"]
TABLE = pd.DataFrame({
    "review_id": ["a", "a", "b", "b", "c", "c"],
    "critic": ["Ann", "Ann", "Bob", "Bob", "Cy", "Cy"],
    "scene_id": ["party", "storm", "party", "storm", "party", "storm"],
    "label": ["The party", "The storm"] * 3,
    "order": [2.0, 1.0] * 3,
    "mentions": [2, 1, 0, 3, 0, 0],
})


def test_heatmap_cells_labels_and_film_order():
    before = TABLE.copy()
    fig, ax = plt.subplots()
    out = ps.scene_heatmap(TABLE, ax=ax, critics=CRITICS)
    assert out is ax
    img = ax.get_images()[0].get_array()
    # columns in film order (storm has order 1), rows in the critics' order
    np.testing.assert_array_equal(np.asarray(img), [[1, 2], [3, 0], [0, 0]])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["The storm", "The party"]
    assert [t.get_text() for t in ax.get_yticklabels()] == CRITICS
    cells = [t.get_text() for t in ax.texts if t.get_gid() == "cell"]
    assert cells == ["1", "2", "3", "0", "0", "0"]
    # the darkest cell gets white text
    assert [t.get_color() for t in ax.texts if t.get_text() == "3"] == ["white"]
    pd.testing.assert_frame_equal(TABLE, before)


def test_heatmap_explicit_scene_order_and_no_annotation():
    fig, ax = plt.subplots()
    ps.scene_heatmap(TABLE, ax=ax, critics=["Cy", "Ann"], scenes=["party", "storm"], annotate=False)
    np.testing.assert_array_equal(np.asarray(ax.get_images()[0].get_array()), [[0, 0], [2, 1]])
    assert not ax.texts


MENTIONS = pd.DataFrame({
    "critic": ["Ann", "Ann", "Bob"], "scene_id": ["storm", "party", "storm"],
    "position": [0.1, 0.5, 0.9],
})


def test_scene_dispersion_ticks_rows_and_colours():
    before = MENTIONS.copy()
    fig, ax = plt.subplots()
    ps.scene_dispersion(MENTIONS, ax=ax, critics=CRITICS, scenes=["storm", "party"],
                        colors={"storm": "#ff0000", "party": "#0000ff"},
                        scene_labels={"storm": "The storm", "party": "The party"})
    xs, colours = [], []
    for coll in ax.collections:
        for seg in coll.get_segments():
            xs.append(round(float(seg[0][0]), 3))
        colours += [tuple(c) for c in coll.get_colors()]
    assert sorted(xs) == [0.1, 0.5, 0.9]
    assert [t.get_text() for t in ax.get_yticklabels()] == CRITICS
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["The storm", "The party"]
    assert (1.0, 0.0, 0.0, 1.0) in colours and (0.0, 0.0, 1.0, 1.0) in colours
    pd.testing.assert_frame_equal(MENTIONS, before)


def test_quote_kinds_bar_heights():
    counts = pd.DataFrame({"critic": ["Ann", "Ann", "Bob", "Bob"],
                           "kind": ["dialogue", "song", "dialogue", "song"],
                           "quotes": [2, 0, 1, 4]})
    fig, ax = plt.subplots()
    ps.quote_kinds_bars(counts, ax=ax, critics=["Ann", "Bob"], colors={"Ann": "#E69F00", "Bob": "#56B4E9"})
    heights = {}
    for cont in ax.containers:
        heights[cont.get_label()] = [p.get_height() for p in cont.patches]
    assert heights == {"Ann": [2, 0], "Bob": [1, 4]}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["dialogue", "song"]


def test_people_dots_positions_and_sizes():
    table = pd.DataFrame({"critic": ["Ann", "Ann", "Bob"], "person": ["Gosling", "Williams", "Gosling"],
                          "mentions": [2, 1, 3], "compound": [0.5, -0.25, 0.1]})
    fig, ax = plt.subplots()
    ps.people_sentiment_dots(table, ax=ax, critics=["Ann", "Bob"])
    ann = next(c for c in ax.collections if c.get_gid() == "dots-Ann")
    np.testing.assert_allclose(ann.get_offsets()[:, 0], [0.5, -0.25])
    np.testing.assert_allclose(ann.get_sizes(), [2 * ps.DOT_AREA_PER_MENTION, ps.DOT_AREA_PER_MENTION])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Gosling", "Williams"]
    with pytest.raises(ValueError, match="missing column"):
        ps.people_sentiment_dots(table.drop(columns="compound"), ax=ax, critics=["Ann"])


# ---------------------------------------------------------------------------------------------
# figure builders on the bundled corpus
# ---------------------------------------------------------------------------------------------
def test_build_scene_heatmap(bv_corpus):
    spec = fs.build_scene_heatmap(bv_corpus)
    assert spec.name == "scene-heatmap"
    assert len(spec.data) == 3 * 10 and spec.data["mentions"].sum() == 33
    assert spec.data["sentences"].sum() == 23  # what is plotted: sentences, not matched words
    ax = spec.fig.axes[0]
    img = np.asarray(ax.get_images()[0].get_array())
    assert img.shape == (3, 10)
    # AP Kryza, ukulele (6th scene in film order): 6 matched words in one two-sentence passage
    # ("... ukulele ... sings ... tap dances ..."): 2 sentences
    assert img[1, 5] == 2
    # Kyle Smith, morning wake-up (2nd scene): 3 matched words in one sentence
    assert img[0, 1] == 1
    cells = {t.get_text() for t in ax.texts if t.get_gid() == "cell"}
    assert "6" not in cells  # the old matched-word count of Kryza on the ukulele scene
    assert "Ukulele serenade and tap dance (7 sentences)" in spec.alt_text
    assert "Unsigned (002) on Ukulele serenade and tap dance (4 sentences)" in spec.alt_text
    assert "Scenes every critic mentions" in spec.alt_text
    assert spec.caption.startswith("Sentences that mention") and "sentences that mention the scene" in {
        t.get_text() for t in ax.texts}


def test_build_quote_kinds_and_people(bv_corpus):
    q = fs.build_quote_kinds(bv_corpus)
    # body quotations only: the headline pun "‘Blue’ velvet" of Smith's review is not counted
    assert q.data["quotes"].sum() == 11
    assert "Kyle Smith (7)" in q.alt_text and "film title 4" in q.alt_text
    p = fs.build_people_sentiment(bv_corpus)
    assert set(p.data["role"]) <= {"director", "writer", "cast"}
    assert list(p.data["person"].drop_duplicates())[:2] == ["Ryan Gosling", "Michelle Williams"]
    assert "Kyle Smith naming Ryan Gosling 11 times" in p.alt_text


def test_export_figures(bv_corpus, tmp_path):
    specs = fs.export_figures(bv_corpus, tmp_path)
    names = [s.name for s in specs]
    assert names == ["scene-heatmap", "scene-dispersion", "scene-arcs", "quote-kinds",
                     "people-sentiment"]
    for n in names:
        for ext in ("png", "svg", "pdf", "csv", "alt.txt"):
            assert (tmp_path / f"{n}.{ext}").stat().st_size > 0
    disp = pd.read_csv(tmp_path / "scene-dispersion.csv", dtype={"review_id": str})
    assert len(disp) == 33
    arcs = pd.read_csv(tmp_path / "scene-arcs.csv", dtype={"review_id": str})
    assert (arcs["layer"] == "scene_mention").sum() == 33


def test_empty_states_draw_a_note_and_never_fail(recwarn):
    import criticlens

    c = criticlens.corpus_from_texts({"a": "A fine film. It lands. I liked it a lot."},
                                     film={"title": "Tiny"})
    specs = [fs.build_scene_heatmap(c), fs.build_scene_dispersion(c), fs.build_quote_kinds(c),
             fs.build_people_sentiment(c)]
    assert [s.name for s in specs] == ["scene-heatmap", "scene-dispersion", "quote-kinds",
                                       "people-sentiment"]
    assert "film.yaml lists no scenes" in specs[0].alt_text
    assert "none found" in specs[1].alt_text and "none found" in specs[3].alt_text
    for s in (specs[0], specs[1], specs[3]):
        notes = [t.get_text() for t in s.fig.axes[0].texts if t.get_gid() == "empty-note"]
        assert len(notes) == 1
    # rows are scenes: a film without scenes has none, and says so
    assert specs[1].fig.axes[0].get_yticklabels() == [] or \
        all(t.get_text() == "" for t in specs[1].fig.axes[0].get_yticklabels())
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_scene_dispersion_labels_rows_directly(bv_corpus):
    """Issue 16 item 10: one row per scene, labelled on the row; ticks in the critics' colours
    (one legend of 3 critics, not 10 scene colours, no near-white closing-credits tick)."""
    from matplotlib.colors import to_hex

    from criticlens.mentions.scenes import scene_order, scene_specs
    from criticlens.viz.style import critic_colors

    spec = fs.build_scene_dispersion(bv_corpus)
    ax = spec.fig.axes[0]
    names = {s.id: s.label for s in scene_specs(bv_corpus.film)}
    mentioned = set(spec.data["scene_id"])
    want = [names[s] for s in scene_order(bv_corpus.film) if s in mentioned]
    assert [t.get_text() for t in ax.get_yticklabels()] == want
    legend = ax.get_legend() or spec.fig.legends[0]
    labels = list(bv_corpus.labels().values())
    assert [t.get_text() for t in legend.get_texts()] == labels
    allowed = {c.lower() for c in critic_colors(labels).values()}
    used = {to_hex(c).lower() for coll in ax.collections for c in coll.get_colors()}
    assert used and used <= allowed and "#dddddd" not in used


def test_scene_arcs_number_the_scenes_with_a_key(bv_corpus):
    from criticlens.mentions.scenes import scene_order, scene_specs

    spec = fs.build_scene_arcs(bv_corpus)
    names = {s.id: s.label for s in scene_specs(bv_corpus.film)}
    order = scene_order(bv_corpus.film)
    shown = {t.get_text() for ax in spec.fig.axes for t in ax.texts}
    # markers carry film-order numbers, never ids
    assert not shown & set(order)
    assert shown <= {str(i) for i in range(1, len(order) + 1)}
    key = [t.get_text() for t in spec.fig.legends[-1].get_texts()]
    used = [s for s in order if s in set(spec.data["scene_id"].dropna())]
    assert key[-len(used):] == [names[s] for s in used]
