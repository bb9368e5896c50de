"""The explorer without a browser: set widget values, check hits, table, status and the plotted data."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import criticlens
from criticlens.teach.explorer import HIT_COLUMNS, NO_SCENE, Explorer, hit_positions, kwic_html
from criticlens.viz.plots.explorer import arcs_with_hits

TEXTS = {
    "a": "The dog barks at dawn. I loved the dog scene. Nothing else matters.",
    "b": "A dull film about a cat. The cat sleeps. The dog never appears.",
    "c": "Pure joy, like a cathedral. Hotdogs are silly. The fish says <3 to us.",
}
CRITICS = {"a": "Ann", "b": "Bob", "c": "Cy"}
FILM = {
    "title": "Test Film",
    "scenes": [
        {"id": "fish", "label": "The fish", "order": 2, "terms": ["fish"]},
        {"id": "dog", "label": "The dog", "order": 1, "terms": ["dog"]},
        {"id": "moon", "label": "The moon", "order": 3, "terms": ["moon"]},
    ],
}


@pytest.fixture(scope="module")
def corpus():
    return criticlens.corpus_from_texts(TEXTS, critics=CRITICS, film=FILM)


@pytest.fixture
def ex(corpus):
    return Explorer(corpus, render=False)


def test_initial_state(ex):
    assert ex.critics.value == ("a", "b", "c")
    assert [o[0] for o in ex.critics.options] == ["Ann", "Bob", "Cy"]
    # scenes in film order (order: dog 1, fish 2, moon 3), after the "no scene" entry
    assert [o[1] for o in ex.scene.options] == [NO_SCENE, "dog", "fish", "moon"]
    assert ex.hits_frame().empty and list(ex.hits_frame().columns) == HIT_COLUMNS
    assert ex.status_text() == "3 of 3 critics chosen; pick a scene or type a term to see passages"
    assert "No passages" in ex.kwic_html.value
    assert ex.n_updates == 1


def test_scene_drives_table_arcs_and_dispersion(ex):
    ex.scene.value = "dog"
    h = ex.hits_frame()
    # "dog" in Ann's sentences 0 and 1, in Bob's sentence 2; "Hotdogs" is not a dog
    assert h["label"].tolist() == ["Ann", "Ann", "Bob"]
    assert h["sent_id"].tolist() == [0, 1, 2]
    assert h["match"].tolist() == ["dog", "dog", "dog"]
    # Ann's body has 13 words; "dog" is word 1 and word 8 -> (i + 0.5) / 13
    assert h["position"].iloc[:2].tolist() == pytest.approx([1.5 / 13, 8.5 / 13])
    # Bob: A dull film about a cat The cat sleeps The dog never appears -> word 10 of 13
    assert h["position"].iloc[2] == pytest.approx(10.5 / 13)
    assert ex.status_text() == "3 passages in 2 of 3 chosen critics for scene \u201cThe dog\u201d"
    assert ex.kwic_table()["critic"].tolist() == ["Ann", "Ann", "Bob"]
    # sent_id counts from 0, as in every frame, the command line and the alt texts
    assert ex.kwic_table()["sent_id"].tolist() == [0, 1, 2]
    assert ex.kwic_html.value.count("<mark>dog</mark>") == 3
    # dispersion: one row per chosen critic, top to bottom in corpus order, one tick per hit
    ax = ex.axes["dispersion"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Ann", "Bob", "Cy"]
    segs = np.concatenate([c.get_segments() for c in ax.collections])
    assert sorted(np.round([s[0][0] for s in segs], 9)) == sorted(np.round(h["position"], 9))
    # arcs: a marker at each hit's position, on its critic's curve
    arcs = ax_markers(ex.axes["arcs"])
    assert sorted(np.round(arcs[:, 0], 9)) == sorted(np.round(h["position"], 9))


def ax_markers(ax):
    """x, y of every scatter marker on an Axes."""
    offs = [c.get_offsets() for c in ax.collections if len(c.get_offsets())]
    return np.concatenate(offs) if offs else np.empty((0, 2))


def test_term_is_whole_word_and_case_insensitive(ex):
    ex.term.value = "CAT"
    h = ex.hits_frame()
    assert h["label"].tolist() == ["Bob", "Bob"]  # not "cathedral" in Cy's review
    assert h["match"].tolist() == ["cat", "cat"]
    assert h["source"].unique().tolist() == ["term: CAT"]
    assert ex.status_text() == "2 passages in 1 of 3 chosen critics for term \u201cCAT\u201d"


def test_regex_mode(ex):
    ex.regex.value = True
    ex.term.value = r"d.g"
    assert ex.hits_frame()["match"].tolist() == ["dog", "dog", "dog"]
    assert ex.hits_frame()["source"].iloc[0] == r"regex: d.g"


def test_scene_and_term_together_are_merged_in_text_order(ex):
    ex.scene.value = "fish"
    ex.term.value = "dog"
    h = ex.hits_frame()
    assert h["label"].tolist() == ["Ann", "Ann", "Bob", "Cy"]
    assert h["source"].tolist() == ["term: dog"] * 3 + ["scene: The fish"]
    ax = ex.axes["dispersion"]
    assert ax.get_legend() is not None
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["term: dog", "scene: The fish"]


def test_deselecting_critics_filters_everything(ex):
    ex.scene.value = "dog"
    ex.critics.value = ("b", "c")
    assert ex.hits_frame()["label"].tolist() == ["Bob"]
    assert ex.status_text() == "1 passage in 1 of 2 chosen critics for scene \u201cThe dog\u201d"
    assert [t.get_text() for t in ex.axes["dispersion"].get_yticklabels()] == ["Bob", "Cy"]
    legend = ex.axes["arcs"].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["Bob", "Cy"]


def test_no_critic_chosen(ex):
    ex.scene.value = "dog"
    ex.critics.value = ()
    assert ex.hits_frame().empty
    assert ex.status_text() == "No critic chosen: select at least one in the Critics list"
    assert not ex.axes["dispersion"].axison  # nothing to draw
    assert len(ex.axes["arcs"].get_lines()) == 1  # only the zero line, no critic
    ex.critics.value = ("a",)
    assert ex.hits_frame()["label"].tolist() == ["Ann", "Ann"]


def test_bad_regex_is_reported_not_raised(ex):
    ex.regex.value = True
    ex.term.value = "dog("
    assert ex.hits_frame().empty
    assert ex.status_text().startswith("\u26a0")
    assert "dog(" in ex.status_text()
    ex.term.value = "dog"  # recovers on the next valid input
    assert len(ex.hits_frame()) == 3 and not ex.status_text().startswith("\u26a0")


def test_scene_without_mentions(ex):
    ex.scene.value = "moon"
    assert ex.hits_frame().empty
    assert ex.status_text() == "0 passages in 0 of 3 chosen critics for scene \u201cThe moon\u201d"
    assert ex.scenes_with_mentions() == [("dog", "The dog"), ("fish", "The fish")]


def test_html_is_escaped(ex):
    ex.term.value = "fish"
    assert "&lt;3" in ex.kwic_html.value and "<3" not in ex.kwic_html.value


@pytest.mark.parametrize("engine", ["vader", "textblob"])
def test_arc_points_are_the_engine_scores(corpus, engine):
    from criticlens.sentiment.engines import primary_scores, sentence_sentiment

    ex = Explorer(corpus, render=False, engine=engine)
    want = primary_scores(sentence_sentiment(corpus, engines=(engine,)))
    ax = ex.axes["arcs"]
    # the thin line per critic is the raw sentence scores in sentence order
    thin = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert len(thin) == 3
    got = np.concatenate([ln.get_ydata() for ln in thin])
    assert got.tolist() == pytest.approx(want["score"].tolist(), abs=0)
    assert ax.get_ylabel().startswith(engine)


def test_engine_switch_redraws(ex):
    before = ex.n_updates
    ex.engine.value = "textblob"
    assert ex.n_updates == before + 1
    assert ex.axes["arcs"].get_ylabel() == "textblob polarity"


def test_unknown_engine(corpus):
    with pytest.raises(ValueError, match="unknown sentiment engine 'nope'"):
        Explorer(corpus, engine="nope")


def test_render_writes_png_that_changes(corpus):
    ex = Explorer(corpus, render=True, lazy=False)
    first = ex.dispersion_image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and ex.arcs_image.value[:4] == b"\x89PNG"
    ex.scene.value = "dog"
    assert ex.dispersion_image.value != first
    assert ex.last_update_seconds > 0
    # each PNG says what it shows (its Description chunk): the browser test reads this back
    status = ex.status_text()
    assert f"Dispersion: {status}" in bytes(ex.dispersion_image.value).decode("utf-8", "replace")
    assert f"Sentiment arcs: {status}" in bytes(ex.arcs_image.value).decode("utf-8", "replace")


def test_lazy_render_encodes_only_the_open_tab(corpus):
    ex = Explorer(corpus)  # lazy: the passages tab is open, no figure is encoded
    assert len(ex.arcs_image.value) == 0 and len(ex.dispersion_image.value) == 0
    ex.tabs.selected_index = 1  # open "Arcs": encoded now, for the current state
    assert "Sentiment arcs: 3 of 3 critics" in bytes(ex.arcs_image.value).decode("utf-8", "replace")
    assert len(ex.dispersion_image.value) == 0
    ex.scene.value = "dog"  # arcs open: re-encoded at once; dispersion waits for its tab
    status = ex.status_text()
    assert f"Sentiment arcs: {status}" in bytes(ex.arcs_image.value).decode("utf-8", "replace")
    assert len(ex.dispersion_image.value) == 0
    ex.tabs.selected_index = 2
    assert f"Dispersion: {status}" in bytes(ex.dispersion_image.value).decode("utf-8", "replace")
    arcs_before = bytes(ex.arcs_image.value)
    ex.tabs.selected_index = 1  # nothing changed: nothing re-encoded
    assert bytes(ex.arcs_image.value) == arcs_before


def test_film_without_scenes():
    c = criticlens.corpus_from_texts({"x": "One dog. Two dogs."}, film={"title": "No scenes"})
    ex = Explorer(c, render=False)
    assert [o[1] for o in ex.scene.options] == [NO_SCENE]
    assert ex.scenes_with_mentions() == []
    ex.term.value = "dog"
    assert ex.hits_frame()["match"].tolist() == ["dog"]


def test_suggested_terms(corpus):
    ex = Explorer(corpus, render=False)
    # "dog" x3, "cat" x2 are the only non-stopwords used more than once
    assert ex.suggested_terms(2) == ["dog", "cat"]


def test_hit_positions_inside_a_word_and_after_the_last(corpus):
    raw = corpus.raw("a")
    s = raw.index("barks")
    pos = hit_positions(corpus, ["a", "a", "a"], [s, s + 2, len(raw)])
    assert pos.tolist() == pytest.approx([2.5 / 13, 2.5 / 13, 1.0])


def test_kwic_html_limits(ex):
    table = pd.DataFrame({"critic": ["A"], "sent_id": [0], "left": ["x "], "match": ["y"],
                          "right": [" z"], "source": ["term: y"]})
    out = kwic_html(table, total=5)
    assert "<mark>y</mark>" in out and "showing the first 1 of 5 passages" in out


# ------------------------------------------------------------------ the plotting function
def test_arcs_with_hits_marks_on_the_curve_and_keeps_inputs():
    import matplotlib.pyplot as plt

    pts = pd.DataFrame({"label": ["B", "B", "A", "A"], "position": [0.1, 0.9, 0.2, 0.8],
                        "score": [0.0, 1.0, -1.0, -1.0]})
    hits = pd.DataFrame({"label": ["B"], "position": [0.5]})
    pts0, hits0 = pts.copy(), hits.copy()
    fig, ax = plt.subplots()
    out = arcs_with_hits(pts, hits, ax=ax, order=["A", "B"], colors={"A": "#000000", "B": "#ff0000"})
    assert out is ax
    # legend follows the order given, not the data order
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["A", "B"]
    # marker at x=0.5 on B's line from (0.1, 0) to (0.9, 1): y = 0.5
    assert ax_markers(ax).tolist() == [[0.5, 0.5]]
    pd.testing.assert_frame_equal(pts, pts0)
    pd.testing.assert_frame_equal(hits, hits0)


def test_arcs_with_hits_uses_the_smoothed_curve_for_markers():
    import matplotlib.pyplot as plt

    pts = pd.DataFrame({"label": ["A", "A"], "position": [0.0, 1.0], "score": [0.0, 1.0]})
    smooth = pd.DataFrame({"label": ["A", "A"], "position": [0.0, 1.0], "value": [0.2, 0.2]})
    hits = pd.DataFrame({"label": ["A"], "position": [0.25]})
    fig, ax = plt.subplots()
    arcs_with_hits(pts, hits, ax=ax, order=["A"], colors={"A": "k"}, smooth=smooth)
    assert ax_markers(ax).tolist() == [[0.25, 0.2]]


def test_arcs_with_hits_names_missing_columns():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="points needs column 'score'"):
        arcs_with_hits(pd.DataFrame({"label": [], "position": []}), pd.DataFrame(
            {"label": [], "position": []}), ax=ax, order=[], colors={})


# ------------------------------------------------------------------ the bundled film
def test_bundled_film_scene_hits_match_the_mentions(bv_corpus):
    from criticlens.mentions.scenes import find_mentions

    ex = Explorer(bv_corpus, render=False)
    m = find_mentions(bv_corpus, sentiment=False)
    assert len(ex.scenes_with_mentions()) >= 3  # the bundled gazetteer: ukulele, motel, dog, ...
    for sid, _label in ex.scenes_with_mentions():
        ex.scene.value = sid
        h = ex.hits_frame()
        want = m[m["scene_id"] == sid]
        assert h["start"].tolist() == want["start"].tolist()
        assert (h["match"] == [bv_corpus.raw(r)[s:e] for r, s, e in
                               zip(want["review_id"], want["start"], want["end"])]).all()


def test_term_box_regex_cannot_hang_and_backtracking_is_named(ex, hang_detector):
    """Issue 17.1: the explorer's term box runs typed regexes on RE2 like kwic and scenes."""
    ex.regex.value = True
    with hang_detector(60):
        ex.term.value = ".*.*.*.*.*.*.*.*z"
        assert ex.hits_frame().empty and not ex.status_text().startswith("\u26a0")
    ex.term.value = r"(d)\1"
    assert ex.hits_frame().empty and "backreference" in ex.status_text()
    ex.term.value = "d.g"
    assert len(ex.hits_frame()) == 3


def test_passages_show_why_the_critic_engine_reads_a_sentence_as_it_does(ex):
    ex.scene.value = "dog"
    t = ex.kwic_table()
    # Bob's third sentence, "The dog never appears.": its tone and the n-grams behind it
    e = criticlens.explain("The dog never appears.", top=3)
    assert t["tone"].iloc[2] == pytest.approx(e["score"])
    assert t["why"].iloc[2] == ", ".join(f"{f} {c:+.2f}" for f, c in e["features"])
    assert len(e["features"]) == 3 and t["why"].iloc[2].count(",") == 2
    assert "why (critic engine)" in ex.kwic_html.value
    assert ex.engine.value == "critic"
